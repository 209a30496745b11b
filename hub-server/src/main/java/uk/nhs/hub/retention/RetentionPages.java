package uk.nhs.hub.retention;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.Network;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestOrigin;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The retention page of a network ({@code /networks/:slug/retention}): for each kind of record, keep forever or
 * delete a number of years and months after it ends; below, the legal hold, which administrators set and lift
 * with a reason. Both forms save through {@link RetentionService}, so the same people may change the same things.
 */
final class RetentionPages {

    /** The kinds of record, in page order, with the field of the API body each one sets. */
    private static final List<String> KINDS = List.of("discussions", "meetings", "responses");

    private final RetentionService retention;
    private final NetworkService networks;
    private final Authentication authentication;
    private final Pages pages;

    RetentionPages(RetentionService retention, NetworkService networks, Authentication authentication, Pages pages) {
        this.retention = retention;
        this.networks = networks;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        router.get("/networks/:slug/retention").handler(authentication.requireUserPage()).handler(this::show);
        router.post("/networks/:slug/retention").handler(authentication.requireUserPage()).handler(this::savePeriods);
        router.post("/networks/:slug/retention/hold").handler(authentication.requireUserPage()).handler(this::saveHold);
    }

    private void show(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        network(ctx, user).compose(network -> retention.get(user, network.id())
                .compose(settings -> render(ctx, 200, network, settings, formOf(settings), new FormErrors())))
            .onFailure(ctx::fail);
    }

    private void savePeriods(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        Map<String, String> form = new HashMap<>();
        for (String kind : KINDS) {
            for (String part : List.of("", "Years", "Months")) {
                String value = ctx.request().getFormAttribute(kind + part);
                form.put(kind + part, value == null ? "" : value.strip());
            }
        }
        FormErrors errors = new FormErrors();
        JsonObject body = new JsonObject();
        for (String kind : KINDS) {
            body.put(kind + "Months", months(kind, form, errors));
        }
        network(ctx, user).compose(network -> {
            if (!errors.isEmpty()) {
                return retention.get(user, network.id())
                    .compose(settings -> render(ctx, 400, network, settings, form, errors));
            }
            return retention.put(user, network.id(), body, RequestOrigin.of(ctx))
                .compose(saved -> Pages.seeOther(ctx, "/networks/" + network.slug() + "/retention?saved=periods"));
        }).onFailure(ctx::fail);
    }

    private void saveHold(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        boolean hold = "on".equals(ctx.request().getFormAttribute("legalHold"));
        String reason = ctx.request().getFormAttribute("legalHoldReason");
        network(ctx, user).compose(network -> retention.get(user, network.id()).compose(settings -> {
            JsonObject body = new JsonObject().put("discussionsMonths", settings.getInteger("discussionsMonths"))
                .put("meetingsMonths", settings.getInteger("meetingsMonths"))
                .put("responsesMonths", settings.getInteger("responsesMonths"))
                .put("legalHold", hold).put("legalHoldReason", hold ? reason : null);
            return retention.put(user, network.id(), body, RequestOrigin.of(ctx))
                .compose(saved -> Pages.seeOther(ctx, "/networks/" + network.slug() + "/retention?saved=hold"))
                .recover(err -> {
                    if (err instanceof HubException failure && failure.status() == 400) {
                        Map<String, String> form = formOf(settings);
                        form.put("legalHoldReason", reason == null ? "" : reason);
                        return render(ctx, 400, network, settings, form, FormErrors.from(failure, "legalHoldReason"));
                    }
                    return Future.failedFuture(err);
                });
        })).onFailure(ctx::fail);
    }

    private Future<Network> network(RoutingContext ctx, SignedInUser user) {
        return networks.accessBySlug(ctx.pathParam("slug"), user.id()).map(access -> access.network());
    }

    /**
     * The months a kind's answers come to, or null to keep forever; an error for the kind when the answer is not
     * one a person meant.
     */
    private static Integer months(String kind, Map<String, String> form, FormErrors errors) {
        String choice = form.get(kind);
        if (choice.isEmpty() || "keep".equals(choice)) {
            return null;
        }
        String years = form.get(kind + "Years");
        String months = form.get(kind + "Months");
        if (years.isEmpty() && months.isEmpty()) {
            errors.add(kind + "Years", "Enter how many years or months to keep " + words(kind) + " for");
            return null;
        }
        if (!years.isEmpty() && !years.matches("[0-9]{1,3}")) {
            errors.add(kind + "Years", "Years must be a whole number, like 6");
            return null;
        }
        if (!months.isEmpty() && !months.matches("[0-9]{1,4}")) {
            errors.add(kind + "Months", "Months must be a whole number, like 6");
            return null;
        }
        int total = (years.isEmpty() ? 0 : Integer.parseInt(years) * 12) + (months.isEmpty() ? 0 : Integer.parseInt(months));
        if (total < 1 || total > RetentionService.MAX_MONTHS) {
            errors.add(kind + "Years", "Keep " + words(kind) + " for between 1 month and 100 years");
            return null;
        }
        return total;
    }

    private static String words(String kind) {
        return switch (kind) {
            case "discussions" -> "discussions";
            case "meetings" -> "meeting records";
            default -> "broadcast responses";
        };
    }

    private static Map<String, String> formOf(JsonObject settings) {
        Map<String, String> form = new HashMap<>();
        for (String kind : KINDS) {
            Integer months = settings.getInteger(kind + "Months");
            form.put(kind, months == null ? "keep" : "after");
            form.put(kind + "Years", months == null ? "" : String.valueOf(months / 12));
            form.put(kind + "Months", months == null ? "" : String.valueOf(months % 12));
        }
        form.put("legalHoldReason", settings.getString("legalHoldReason") == null ? ""
            : settings.getString("legalHoldReason"));
        return form;
    }

    private Future<Void> render(RoutingContext ctx, int status, Network network, JsonObject settings,
                                Map<String, String> form, FormErrors errors) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.put("network", network.toJson().getMap());
        model.put("settings", settings.getMap());
        model.put("form", form);
        model.put("saved", ctx.request().getParam("saved", ""));
        String since = settings.getString("legalHoldSince");
        model.put("holdSince", since == null ? "" : DateTimeWords.date(Instant.parse(since).atZone(DateTimeWords.READER).toLocalDate()));
        Future<String> heldBy = settings.getString("heldBy") == null || settings.getBoolean("legalHold")
            ? Future.succeededFuture("")
            : networks.access(java.util.UUID.fromString(settings.getString("heldBy")), SignedInUser.required(ctx).id())
                .map(access -> access.canSee() ? access.network().name() : "a network above this one");
        return heldBy.compose(name -> {
            model.put("heldByName", name);
            return pages.render(ctx, status, "retention/retention", model);
        });
    }
}
