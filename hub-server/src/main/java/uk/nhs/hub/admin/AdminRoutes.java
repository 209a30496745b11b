package uk.nhs.hub.admin;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.account.Suspensions;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The administration API under {@code /api/admin}, answered 404 to everyone but administrators, and asking for a network. */
final class AdminRoutes {

    private final Administrators administrators;
    private final AccountDirectory accounts;
    private final Suspensions suspensions;
    private final NetworkRequests requests;
    private final AuditReader audit;
    private final Authentication authentication;

    AdminRoutes(Administrators administrators, AccountDirectory accounts, Suspensions suspensions,
                NetworkRequests requests, AuditReader audit, Authentication authentication) {
        this.administrators = administrators;
        this.accounts = accounts;
        this.suspensions = suspensions;
        this.requests = requests;
        this.audit = audit;
        this.authentication = authentication;
    }

    void mount(Router router) {
        Handler<RoutingContext> admin = administrators.requireApi();
        router.route("/api/admin/*").handler(admin);
        router.get("/api/admin/accounts").handler(this::accounts);
        router.post("/api/admin/accounts/:userId/suspension").handler(JsonBodies.required()).handler(this::suspend);
        router.delete("/api/admin/accounts/:userId/suspension").handler(this::reactivate);
        router.get("/api/admin/administrators").handler(this::administrators);
        router.put("/api/admin/administrators/:userId").handler(this::grant);
        router.delete("/api/admin/administrators/:userId").handler(this::remove);
        router.get("/api/admin/network-requests").handler(this::networkRequests);
        router.post("/api/admin/network-requests/:requestId/approve").handler(JsonBodies.required())
            .handler(this::approve);
        router.post("/api/admin/network-requests/:requestId/decline").handler(JsonBodies.required())
            .handler(this::decline);
        router.get("/api/admin/audit").handler(this::audit);
        router.get("/api/admin/audit.csv").handler(this::auditCsv);
        router.post("/api/network-requests").handler(authentication.requireUser()).handler(JsonBodies.required())
            .handler(this::ask);
    }

    private void accounts(RoutingContext ctx) {
        accounts.search(ctx.queryParams().get("q"), ctx.queryParams().get("after"))
            .compose(page -> noStore(ctx, 200, page)).onFailure(ctx::fail);
    }

    private void suspend(RoutingContext ctx) {
        UUID id = userId(ctx);
        suspensions.suspend(user(ctx).id(), id, JsonBodies.text(JsonBodies.of(ctx), "reason"), RequestOrigin.of(ctx))
            .compose(v -> accounts.get(id)).compose(account -> noStore(ctx, 200, account)).onFailure(ctx::fail);
    }

    private void reactivate(RoutingContext ctx) {
        UUID id = userId(ctx);
        suspensions.reactivate(user(ctx).id(), id, RequestOrigin.of(ctx))
            .compose(v -> accounts.get(id)).compose(account -> noStore(ctx, 200, account)).onFailure(ctx::fail);
    }

    private void administrators(RoutingContext ctx) {
        administrators.list().compose(list -> noStore(ctx, 200, new JsonObject().put("administrators", list)))
            .onFailure(ctx::fail);
    }

    private void grant(RoutingContext ctx) {
        UUID id = userId(ctx);
        administrators.grant(user(ctx), id, RequestOrigin.of(ctx))
            .compose(v -> accounts.get(id)).compose(account -> noStore(ctx, 200, account)).onFailure(ctx::fail);
    }

    private void remove(RoutingContext ctx) {
        administrators.remove(user(ctx), userId(ctx), RequestOrigin.of(ctx))
            .compose(v -> Responses.noContent(ctx)).onFailure(ctx::fail);
    }

    private void networkRequests(RoutingContext ctx) {
        String status = ctx.queryParams().get("status");
        requests.list(status == null ? "pending" : status)
            .compose(list -> noStore(ctx, 200, new JsonObject().put("requests", list)
                .put("networkCreation", requests.creation().name().toLowerCase(java.util.Locale.ROOT))))
            .onFailure(ctx::fail);
    }

    private void approve(RoutingContext ctx) {
        requests.approve(user(ctx), requestId(ctx), JsonBodies.text(JsonBodies.of(ctx), "slug"), RequestOrigin.of(ctx))
            .compose(body -> noStore(ctx, 200, body)).onFailure(ctx::fail);
    }

    private void decline(RoutingContext ctx) {
        requests.decline(user(ctx), requestId(ctx), JsonBodies.text(JsonBodies.of(ctx), "reason"), RequestOrigin.of(ctx))
            .compose(body -> noStore(ctx, 200, body)).onFailure(ctx::fail);
    }

    private void ask(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        requests.ask(user(ctx), JsonBodies.text(body, "name"), JsonBodies.text(body, "purpose"), RequestOrigin.of(ctx))
            .compose(request -> Responses.json(ctx, 201, request)).onFailure(ctx::fail);
    }

    /** JSON, or CSV when the client asks for it with {@code Accept: text/csv}. */
    private void audit(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        if (accept != null && accept.contains("text/csv") && !accept.contains("application/json")) {
            auditCsv(ctx);
            return;
        }
        audit.page(AuditReader.Filter.of(query(ctx))).compose(page -> noStore(ctx, 200, page)).onFailure(ctx::fail);
    }

    /** Streams the CSV: headers go once the filters are known good, then each batch as the client takes it. */
    private void auditCsv(RoutingContext ctx) {
        AuditReader.Filter filter = AuditReader.Filter.of(query(ctx));
        HttpServerResponse response = ctx.response();
        audit.validate(filter).compose(v -> {
            response.setChunked(true)
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"audit-log.csv\"")
                .putHeader("Cache-Control", "no-store");
            response.write(AuditReader.CSV_HEADER);
            return audit.exportCsv(filter, response::write, () -> drained(response));
        }).compose(v -> response.end()).onFailure(err -> {
            if (response.headWritten()) {
                // the status has gone; cutting the body short tells the client the file is incomplete
                ctx.request().connection().close();
            } else {
                ctx.fail(err);
            }
        });
    }

    private static Future<Void> drained(HttpServerResponse response) {
        if (!response.writeQueueFull()) {
            return Future.succeededFuture();
        }
        io.vertx.core.Promise<Void> promise = io.vertx.core.Promise.promise();
        response.drainHandler(v -> promise.tryComplete());
        response.closeHandler(v -> promise.tryFail("the client went away"));
        return promise.future();
    }

    private static Map<String, String> query(RoutingContext ctx) {
        Map<String, String> query = new HashMap<>();
        ctx.queryParams().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
        return query;
    }

    private static Future<Void> noStore(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().putHeader("Cache-Control", "no-store");
        return Responses.json(ctx, status, body);
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID userId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "userId", "There is no account with this id");
    }

    private static UUID requestId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "requestId", "There is no pending request with this id");
    }
}
