package uk.nhs.hub.moderation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.admin.Administrators;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The moderation pages: reporting a post, a network's reports for its organisers ({@code /networks/{slug}/reports})
 * and every report for administrators ({@code /admin/reports}), each with forms to hide, restore and resolve that
 * work without JavaScript.
 */
final class ModerationPages {

    private static final Map<String, String> NOTICES = Map.of(
        "hidden", "The post is hidden while you review it",
        "restored", "The post is shown again",
        "resolved", "The reports are resolved and the people who made them have been told");

    private final ModerationService moderation;
    private final NetworkService networks;
    private final Administrators administrators;
    private final Authentication authentication;
    private final Pages pages;

    ModerationPages(ModerationService moderation, NetworkService networks, Administrators administrators,
                    Authentication authentication, Pages pages) {
        this.moderation = moderation;
        this.networks = networks;
        this.administrators = administrators;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/posts/:postId/report").handler(signedIn).handler(this::reportForm);
        router.post("/posts/:postId/report").handler(signedIn).handler(this::report);
        router.get("/networks/:slug/reports").handler(signedIn).handler(this::networkReports);
        router.get("/admin/reports").handler(administrators.requirePage()).handler(this::allReports);
        router.post("/moderation/posts/:postId/hide").handler(signedIn).handler(this::hide);
        router.post("/moderation/posts/:postId/restore").handler(signedIn).handler(this::restore);
        router.post("/moderation/reports/:reportId/resolve").handler(signedIn).handler(this::resolve);
    }

    // ---- reporting ----------------------------------------------------------------------------------------

    private void reportForm(RoutingContext ctx) {
        boolean done = "reported".equals(ctx.request().getParam("done"));
        UUID postId = postId(ctx);
        (done ? showReported(ctx, postId) : showReportForm(ctx, 200, postId, Map.of("reason", "", "category", ""),
            new FormErrors())).onFailure(ctx::fail);
    }

    private Future<Void> showReported(RoutingContext ctx, UUID postId) {
        return pages.render(ctx, 200, "moderation/reported", Map.of("postId", postId.toString()));
    }

    private Future<Void> showReportForm(RoutingContext ctx, int status, UUID postId, Map<String, String> form,
                                        FormErrors errors) {
        return moderation.reportable(SignedInUser.required(ctx), postId).compose(post -> {
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("post", Pages.plain(post));
            model.put("form", form);
            model.put("categories", categories());
            return pages.render(ctx, status, "moderation/report", model);
        });
    }

    private void report(RoutingContext ctx) {
        UUID postId = postId(ctx);
        Map<String, String> form = Map.of("reason", form(ctx, "reason"), "category", form(ctx, "category"));
        JsonObject body = new JsonObject().put("reason", form.get("reason"))
            .put("category", form.get("category").isEmpty() ? null : form.get("category"));
        moderation.report(SignedInUser.required(ctx), postId, body, RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, "/posts/" + postId + "/report?done=reported"))
            .recover(err -> correctable(err, "reason", errors -> showReportForm(ctx, 400, postId, form, errors)))
            .onFailure(ctx::fail);
    }

    private static List<Map<String, String>> categories() {
        List<Map<String, String>> options = new ArrayList<>();
        options.add(Map.of("value", "", "text", "Choose one (optional)"));
        options.add(Map.of("value", "abusive", "text", "Abusive or offensive"));
        options.add(Map.of("value", "personal-information", "text", "Shares someone's personal or patient information"));
        options.add(Map.of("value", "spam", "text", "Advertising or spam"));
        options.add(Map.of("value", "off-topic", "text", "Not about this network's work"));
        options.add(Map.of("value", "other", "text", "Something else"));
        return options;
    }

    // ---- reports lists ------------------------------------------------------------------------------------

    private void networkReports(RoutingContext ctx) {
        showNetworkReports(ctx, 200, ctx.pathParam("slug"), new FormErrors(), Map.of()).onFailure(ctx::fail);
    }

    private Future<Void> showNetworkReports(RoutingContext ctx, int status, String slug, FormErrors errors,
                                            Map<String, String> typed) {
        SignedInUser viewer = SignedInUser.required(ctx);
        String state = state(ctx);
        return networks.accessBySlug(slug, viewer.id()).compose(access -> moderation
            .networkReports(viewer, access.network().id(), state, ctx.request().getParam("after"), 50)
            .compose(page -> {
                Map<String, Object> model = listModel(ctx, page, state, errors, typed,
                    "/networks/" + slug + "/reports");
                model.put("network", Map.of("name", access.network().name(), "slug", slug));
                return pages.render(ctx, status, "moderation/reports", model);
            }));
    }

    private void allReports(RoutingContext ctx) {
        showAllReports(ctx, 200, new FormErrors(), Map.of()).onFailure(ctx::fail);
    }

    private Future<Void> showAllReports(RoutingContext ctx, int status, FormErrors errors, Map<String, String> typed) {
        String state = state(ctx);
        return moderation.allReports(state, ctx.request().getParam("after"), 50).compose(page ->
            pages.render(ctx, status, "moderation/reports", listModel(ctx, page, state, errors, typed, "/admin/reports")));
    }

    private static String state(RoutingContext ctx) {
        return "resolved".equals(ctx.request().getParam("status")) ? "resolved" : "open";
    }

    private static Map<String, Object> listModel(RoutingContext ctx, JsonObject page, String state, FormErrors errors,
                                                 Map<String, String> typed, String here) {
        Map<String, Object> model = new HashMap<>(errors.model());
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Object item : page.getJsonArray("reports", new JsonArray())) {
            Map<String, Object> report = Pages.plain((JsonObject) item);
            report.put("when", DateTimeWords.timestamp(((JsonObject) item).getString("createdAt")));
            String category = ((JsonObject) item).getString("category");
            categories().stream().filter(option -> option.get("value").equals(category)).findFirst()
                .ifPresent(option -> report.put("categoryWords", option.get("text").toLowerCase(java.util.Locale.ROOT)));
            if (((JsonObject) item).getString("resolvedAt") != null) {
                report.put("resolvedWhen", DateTimeWords.timestamp(((JsonObject) item).getString("resolvedAt")));
            }
            reports.add(report);
        }
        model.put("reports", reports);
        model.put("state", state);
        model.put("here", here);
        model.put("typed", typed);
        if (page.getString("next") != null) {
            model.put("next", here + "?status=" + state + "&after=" + page.getString("next"));
        }
        String done = ctx.request().getParam("done");
        if (done != null && NOTICES.containsKey(done)) {
            model.put("notice", NOTICES.get(done));
        }
        return model;
    }

    // ---- hiding, restoring, resolving ---------------------------------------------------------------------

    private void hide(RoutingContext ctx) {
        UUID postId = postId(ctx);
        String back = back(ctx);
        String reason = form(ctx, "reason");
        String field = form(ctx, "field").matches("hide-[0-9a-f-]{36}") ? form(ctx, "field") : "reason";
        moderation.hide(SignedInUser.required(ctx), postId, new JsonObject().put("reason", reason), RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, back + "?done=hidden"))
            .recover(err -> correctable(err, "reason", errors -> showBack(ctx, back,
                prefixed(errors, field), Map.of(field, reason))))
            .onFailure(ctx::fail);
    }

    private void restore(RoutingContext ctx) {
        String back = back(ctx);
        moderation.restore(SignedInUser.required(ctx), postId(ctx), RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, back + "?done=restored"))
            .recover(err -> correctable(err, "restore", errors -> showBack(ctx, back, errors, Map.of())))
            .onFailure(ctx::fail);
    }

    private void resolve(RoutingContext ctx) {
        UUID reportId = PathParams.uuid(ctx, "reportId", "Report not found");
        String back = back(ctx);
        String note = form(ctx, "note");
        JsonObject body = new JsonObject().put("outcome", form(ctx, "outcome").isEmpty() ? null : form(ctx, "outcome"))
            .put("note", note);
        moderation.resolve(SignedInUser.required(ctx), reportId, body, RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, back + "?done=resolved"))
            .recover(err -> correctable(err, "note", errors -> showBack(ctx, back,
                prefixed(errors, "note-" + reportId), Map.of("note-" + reportId, note))))
            .onFailure(ctx::fail);
    }

    /** The list a form came from, named by a hidden field; only the two reports lists are places to go back to. */
    private static String back(RoutingContext ctx) {
        String back = form(ctx, "back");
        if (back.equals("/admin/reports") || back.matches("/networks/[a-z0-9-]{1,80}/reports")) {
            return back;
        }
        throw HubException.invalid("back", "The form came from an unknown page");
    }

    private Future<Void> showBack(RoutingContext ctx, String back, FormErrors errors, Map<String, String> typed) {
        if (back.equals("/admin/reports")) {
            return administrators.isAdministrator(SignedInUser.required(ctx).id()).compose(yes -> yes
                ? showAllReports(ctx, 400, errors, typed)
                : Future.failedFuture(HubException.notFound("There is nothing here")));
        }
        return showNetworkReports(ctx, 400, back.split("/")[2], errors, typed);
    }

    /** Field ids on a list are per post or report, so the error summary's links reach the right box. */
    private static FormErrors prefixed(FormErrors errors, String id) {
        FormErrors result = new FormErrors();
        @SuppressWarnings("unchecked")
        Map<String, String> fields = (Map<String, String>) errors.model().get("fieldErrors");
        fields.values().forEach(message -> result.add(id, message));
        return result;
    }

    private static Future<Void> correctable(Throwable err, String fallbackField,
                                            Function<FormErrors, Future<Void>> rerender) {
        if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409)) {
            return rerender.apply(FormErrors.from(hub, fallbackField));
        }
        return Future.failedFuture(err);
    }

    private static String form(RoutingContext ctx, String field) {
        String value = ctx.request().getFormAttribute(field);
        return value == null ? "" : value;
    }

    private static UUID postId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "postId", "Post not found");
    }
}
