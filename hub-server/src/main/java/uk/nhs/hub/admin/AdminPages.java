package uk.nhs.hub.admin;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.account.Suspensions;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubConfig.NetworkCreation;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The administrators' pages under {@code /admin} (accounts, administrators, network requests, the audit log) and
 * the page where people ask for a new network. Every form works without JavaScript and posts back here.
 */
final class AdminPages {

    private static final Map<String, String> NOTICES = Map.of(
        "suspended", "The account is suspended and its sessions have ended",
        "reactivated", "The account can be used again",
        "granted", "They are now an administrator",
        "removed", "They are no longer an administrator",
        "approved", "The network has been created and the person who asked has been told",
        "declined", "The request has been declined and the person who asked has been told",
        "asked", "Your request has been sent to the hub's administrators");

    private final Administrators administrators;
    private final AccountDirectory accounts;
    private final Suspensions suspensions;
    private final NetworkRequests requests;
    private final AuditReader audit;
    private final NetworkDirectory networks;
    private final Authentication authentication;
    private final Pages pages;

    AdminPages(Administrators administrators, AccountDirectory accounts, Suspensions suspensions,
               NetworkRequests requests, AuditReader audit, NetworkDirectory networks, Authentication authentication,
               Pages pages) {
        this.administrators = administrators;
        this.accounts = accounts;
        this.suspensions = suspensions;
        this.requests = requests;
        this.audit = audit;
        this.networks = networks;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        Handler<RoutingContext> admin = administrators.requirePage();
        router.route("/admin").handler(admin);
        router.route("/admin/*").handler(admin);
        router.get("/admin").handler(this::overview);
        router.get("/admin/accounts").handler(this::accountList);
        router.get("/admin/accounts/:userId").handler(this::account);
        router.post("/admin/accounts/:userId/suspend").handler(this::suspend);
        router.post("/admin/accounts/:userId/reactivate").handler(this::reactivate);
        router.post("/admin/accounts/:userId/administrator").handler(this::administrator);
        router.get("/admin/network-requests").handler(this::requestQueue);
        router.post("/admin/network-requests/:requestId").handler(this::decide);
        router.get("/admin/audit").handler(this::auditLog);
        router.get("/admin/networks").handler(this::networkList);
        router.get("/admin/legal-holds").handler(this::legalHolds);
        Handler<RoutingContext> signedIn = authentication.requireUserPage();
        router.get("/network-requests").handler(signedIn).handler(this::askForm);
        router.post("/network-requests").handler(signedIn).handler(this::ask);
        // a top-level network's form is no use to someone who may not create one: send them where they can ask
        router.get("/networks/new").handler(signedIn).handler(this::newNetwork);
    }

    private void overview(RoutingContext ctx) {
        requests.list("pending").compose(pending -> administrators.list().compose(admins -> pages.render(ctx, 200,
            "admin/index", Map.of("pendingRequests", pending.size(), "administrators", Pages.plain(admins),
                "networkCreation", requests.creation().name().toLowerCase(java.util.Locale.ROOT)))))
            .onFailure(ctx::fail);
    }

    private void accountList(RoutingContext ctx) {
        String q = ctx.request().getParam("q");
        String after = ctx.request().getParam("after");
        accounts.search(q, after).compose(page -> {
            Map<String, Object> model = new HashMap<>();
            model.put("q", q == null ? "" : q);
            model.put("accounts", Pages.plain(page.getJsonArray("accounts")));
            if (page.containsKey("next")) {
                model.put("next", "/admin/accounts?" + (q == null || q.isBlank() ? "" : "q=" + encode(q) + "&")
                    + "after=" + encode(page.getString("next")));
            }
            return pages.render(ctx, 200, "admin/accounts", model);
        }).recover(err -> err instanceof HubException hub && hub.status() == 400
            ? pages.render(ctx, 400, "admin/accounts", Map.of("q", q == null ? "" : q, "accounts", List.of(),
                "errors", FormErrors.from(hub, "q").model().get("errors"),
                "fieldErrors", FormErrors.from(hub, "q").model().get("fieldErrors")))
            : Future.failedFuture(err)).onFailure(ctx::fail);
    }

    private void networkList(RoutingContext ctx) {
        String q = ctx.request().getParam("q");
        String typed = q == null ? "" : q;
        networks.search(q).compose(page -> pages.render(ctx, 200, "admin/networks", Map.of("q", typed,
                "networks", Pages.plain(page.getJsonArray("networks")), "more", page.getBoolean("more"))))
            .recover(err -> correctable(err, "q", errors -> {
                Map<String, Object> model = new HashMap<>(errors.model());
                model.put("q", typed);
                model.put("networks", List.of());
                model.put("more", false);
                return pages.render(ctx, 400, "admin/networks", model);
            }))
            .onFailure(ctx::fail);
    }

    private void legalHolds(RoutingContext ctx) {
        networks.held().compose(held -> {
            List<Map<String, Object>> shown = new java.util.ArrayList<>();
            for (Object item : held) {
                JsonObject network = (JsonObject) item;
                Map<String, Object> row = Pages.plain(network);
                if (network.getString("setAt") != null) {
                    row.put("since", DateTimeWords.timestamp(network.getString("setAt")));
                }
                shown.add(row);
            }
            return pages.render(ctx, 200, "admin/legal-holds", Map.of("networks", shown));
        }).onFailure(ctx::fail);
    }

    private void account(RoutingContext ctx) {
        showAccount(ctx, 200, PathParams.uuid(ctx, "userId", "There is no account with this id"), "", new FormErrors())
            .onFailure(ctx::fail);
    }

    private Future<Void> showAccount(RoutingContext ctx, int status, UUID id, String reason, FormErrors errors) {
        return accounts.get(id).compose(account -> {
            Map<String, Object> model = new HashMap<>(errors.model());
            Map<String, Object> shown = Pages.plain(account);
            if (account.containsKey("suspension")) {
                shown.put("suspendedWhen", DateTimeWords.timestamp(account.getJsonObject("suspension").getString("since")));
            }
            shown.put("joined", DateTimeWords.timestamp(account.getString("createdAt")));
            model.put("account", shown);
            model.put("reason", reason);
            model.put("self", SignedInUser.required(ctx).id().equals(id));
            putNotice(ctx, model);
            return pages.render(ctx, status, "admin/account", model);
        });
    }

    private void suspend(RoutingContext ctx) {
        UUID id = PathParams.uuid(ctx, "userId", "There is no account with this id");
        String reason = form(ctx, "reason");
        suspensions.suspend(SignedInUser.required(ctx).id(), id, reason, RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, "/admin/accounts/" + id + "?done=suspended"))
            .recover(err -> correctable(err, "reason", errors -> showAccount(ctx, 400, id, reason, errors)))
            .onFailure(ctx::fail);
    }

    private void reactivate(RoutingContext ctx) {
        UUID id = PathParams.uuid(ctx, "userId", "There is no account with this id");
        suspensions.reactivate(SignedInUser.required(ctx).id(), id, RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, "/admin/accounts/" + id + "?done=reactivated"))
            .recover(err -> correctable(err, "reactivate", errors -> showAccount(ctx, 409, id, "", errors)))
            .onFailure(ctx::fail);
    }

    private void administrator(RoutingContext ctx) {
        UUID id = PathParams.uuid(ctx, "userId", "There is no account with this id");
        boolean grant = "grant".equals(form(ctx, "change"));
        SignedInUser actor = SignedInUser.required(ctx);
        (grant ? administrators.grant(actor, id, RequestOrigin.of(ctx)) : administrators.remove(actor, id, RequestOrigin.of(ctx)))
            .compose(v -> Pages.seeOther(ctx, "/admin/accounts/" + id + "?done=" + (grant ? "granted" : "removed")))
            .recover(err -> correctable(err, "administrator", errors -> showAccount(ctx, 409, id, "", errors)))
            .onFailure(ctx::fail);
    }

    private void requestQueue(RoutingContext ctx) {
        showQueue(ctx, 200, null, Map.of(), new FormErrors()).onFailure(ctx::fail);
    }

    /** The queue, with the typed values of a failed decision kept against the request they were for. */
    private Future<Void> showQueue(RoutingContext ctx, int status, String failedId, Map<String, String> typed,
                                   FormErrors errors) {
        return requests.list("pending").compose(pending -> requests.list("declined").compose(declined -> {
            Map<String, Object> model = new HashMap<>(errors.model());
            List<Map<String, Object>> shown = new java.util.ArrayList<>();
            for (Object item : pending) {
                Map<String, Object> request = Pages.plain((JsonObject) item);
                request.put("asked", DateTimeWords.timestamp(((JsonObject) item).getString("createdAt")));
                if (((JsonObject) item).getString("id").equals(failedId)) {
                    request.put("typed", typed);
                    request.put("failed", true);
                }
                shown.add(request);
            }
            model.put("requests", shown);
            model.put("declinedCount", declined.size());
            model.put("networkCreation", requests.creation().name().toLowerCase(java.util.Locale.ROOT));
            putNotice(ctx, model);
            return pages.render(ctx, status, "admin/network-requests", model);
        }));
    }

    private void decide(RoutingContext ctx) {
        UUID id = PathParams.uuid(ctx, "requestId", "There is no pending request with this id");
        SignedInUser actor = SignedInUser.required(ctx);
        boolean approve = "approve".equals(form(ctx, "decision"));
        Map<String, String> typed = Map.of("slug", form(ctx, "slug"), "reason", form(ctx, "reason"));
        (approve ? requests.approve(actor, id, typed.get("slug"), RequestOrigin.of(ctx))
            : requests.decline(actor, id, typed.get("reason"), RequestOrigin.of(ctx)))
            .compose(v -> Pages.seeOther(ctx, "/admin/network-requests?done=" + (approve ? "approved" : "declined")))
            .recover(err -> correctable(err, approve ? "slug" : "reason", errors -> showQueue(ctx, 400, id.toString(),
                typed, prefixed(errors, id))))
            .onFailure(ctx::fail);
    }

    /** The fields of the audit page's filter form, dates as NHS.UK day, month and year boxes. */
    private static final List<String> AUDIT_FIELDS = List.of("actor", "network", "action", "from-day", "from-month",
        "from-year", "to-day", "to-month", "to-year");

    private void auditLog(RoutingContext ctx) {
        Map<String, String> filters = new HashMap<>();
        for (String name : AUDIT_FIELDS) {
            String value = ctx.request().getParam(name);
            filters.put(name, value == null ? "" : value.strip());
        }
        Map<String, String> query = new HashMap<>(filters);
        query.put("from", date(filters, "from"));
        query.put("to", date(filters, "to"));
        query.put("after", ctx.request().getParam("after"));
        audit.page(AuditReader.Filter.of(query)).compose(page -> {
            Map<String, Object> model = new HashMap<>();
            model.put("filters", filters);
            List<Map<String, Object>> entries = new java.util.ArrayList<>();
            for (Object item : page.getJsonArray("entries")) {
                JsonObject entry = (JsonObject) item;
                Map<String, Object> shown = Pages.plain(entry);
                shown.put("when", DateTimeWords.timestamp(entry.getString("occurredAt")));
                shown.put("detailText", entry.getJsonObject("detail").encode());
                entries.add(shown);
            }
            model.put("entries", entries);
            model.put("csv", "/api/admin/audit.csv" + queryOf(query, List.of("actor", "network", "action", "from", "to"), null));
            if (page.containsKey("next")) {
                model.put("next", "/admin/audit" + queryOf(filters, AUDIT_FIELDS, page.getString("next")));
            }
            return pages.render(ctx, 200, "admin/audit", model);
        }).recover(err -> correctable(err, "actor", errors -> {
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("filters", filters);
            model.put("entries", List.of());
            return pages.render(ctx, 400, "admin/audit", model);
        })).onFailure(ctx::fail);
    }

    private void askForm(RoutingContext ctx) {
        showAsk(ctx, 200, Map.of("name", "", "purpose", ""), new FormErrors()).onFailure(ctx::fail);
    }

    private Future<Void> showAsk(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        return requests.mine(SignedInUser.required(ctx).id()).compose(mine -> {
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("form", form);
            List<Map<String, Object>> shown = new java.util.ArrayList<>();
            for (Object item : mine) {
                Map<String, Object> request = Pages.plain((JsonObject) item);
                request.put("asked", DateTimeWords.timestamp(((JsonObject) item).getString("createdAt")));
                shown.add(request);
            }
            model.put("requests", shown);
            model.put("networkCreation", requests.creation().name().toLowerCase(java.util.Locale.ROOT));
            putNotice(ctx, model);
            return pages.render(ctx, status, "admin/ask", model);
        });
    }

    private void ask(RoutingContext ctx) {
        Map<String, String> form = Map.of("name", form(ctx, "name"), "purpose", form(ctx, "purpose"));
        requests.ask(SignedInUser.required(ctx), form.get("name"), form.get("purpose"), RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, "/network-requests?done=asked"))
            .recover(err -> correctable(err, "name", errors -> showAsk(ctx, 400, form, errors)))
            .onFailure(ctx::fail);
    }

    private void newNetwork(RoutingContext ctx) {
        if (ctx.request().getParam("parent") != null) {
            ctx.next();
            return;
        }
        requests.rule().check(SignedInUser.required(ctx).id()).onComplete(allowed -> {
            if (allowed.succeeded()) {
                ctx.next();
            } else {
                Pages.seeOther(ctx, "/network-requests");
            }
        });
    }

    /** Shows the form again for a failure the person can correct; anything else goes to the error page. */
    private static Future<Void> correctable(Throwable err, String fallbackField,
                                            Function<FormErrors, Future<Void>> rerender) {
        if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409)) {
            return rerender.apply(FormErrors.from(hub, fallbackField));
        }
        return Future.failedFuture(err);
    }

    /** Field ids on the queue page are per request, so the summary's links reach the right box. */
    private static FormErrors prefixed(FormErrors errors, UUID id) {
        FormErrors result = new FormErrors();
        Map<String, Object> model = errors.model();
        @SuppressWarnings("unchecked")
        Map<String, String> fields = (Map<String, String>) model.get("fieldErrors");
        fields.forEach((field, message) -> result.add(field + "-" + id, message));
        return result;
    }

    private static void putNotice(RoutingContext ctx, Map<String, Object> model) {
        String done = ctx.request().getParam("done");
        if (done != null && NOTICES.containsKey(done)) {
            model.put("notice", NOTICES.get(done));
        }
    }

    /** A date typed as day, month and year, as the API's yyyy-mm-dd; what cannot be one is passed on to be refused. */
    private static String date(Map<String, String> fields, String name) {
        String day = fields.get(name + "-day");
        String month = fields.get(name + "-month");
        String year = fields.get(name + "-year");
        if (day.isEmpty() && month.isEmpty() && year.isEmpty()) {
            return "";
        }
        try {
            return String.format("%04d-%02d-%02d", Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (NumberFormatException e) {
            return "not a date";
        }
    }

    private static String queryOf(Map<String, String> filters, List<String> names, String after) {
        StringBuilder query = new StringBuilder();
        for (String name : names) {
            String value = filters.get(name);
            if (value != null && !value.isBlank()) {
                query.append(query.length() == 0 ? "?" : "&").append(name).append('=').append(encode(value));
            }
        }
        if (after != null) {
            query.append(query.length() == 0 ? "?" : "&").append("after=").append(encode(after));
        }
        return query.toString();
    }

    private static String form(RoutingContext ctx, String field) {
        String value = ctx.request().getFormAttribute(field);
        return value == null ? "" : value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
