package uk.nhs.hub.broadcast;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.Responses;

import java.util.UUID;

/** The broadcasts API: sending, versions, acknowledgements, responses, the summary and its CSV, chasing. */
final class BroadcastRoutes {

    private final BroadcastService broadcasts;
    private final BroadcastPapers papers;
    private final Authentication authentication;

    BroadcastRoutes(BroadcastService broadcasts, BroadcastPapers papers, Authentication authentication) {
        this.broadcasts = broadcasts;
        this.papers = papers;
        this.authentication = authentication;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        router.post("/api/broadcasts").handler(signedIn).handler(JsonBodies.required()).handler(ctx ->
            broadcasts.create(user(ctx), JsonBodies.of(ctx)).onSuccess(b -> Responses.json(ctx, 201, b)).onFailure(ctx::fail));
        router.get("/api/broadcasts").handler(signedIn).handler(ctx ->
            broadcasts.list(user(ctx)).onSuccess(list -> Responses.json(ctx, 200, list)).onFailure(ctx::fail));
        router.get("/api/broadcasts/:broadcastId").handler(signedIn).handler(ctx ->
            broadcasts.get(user(ctx), id(ctx)).compose(b -> papers.of(id(ctx)).map(attached -> b.put("papers", attached)))
                .onSuccess(b -> Responses.json(ctx, 200, b)).onFailure(ctx::fail));
        router.post("/api/broadcasts/:broadcastId/attachments").handler(signedIn).handler(JsonBodies.required()).handler(ctx ->
            papers.add(user(ctx), id(ctx), JsonBodies.of(ctx)).onSuccess(p -> Responses.json(ctx, 201, p)).onFailure(ctx::fail));
        router.delete("/api/broadcasts/:broadcastId/attachments/:documentId").handler(signedIn).handler(ctx ->
            papers.remove(user(ctx), id(ctx), PathParams.uuid(ctx, "documentId", "Paper not found"))
                .onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail));
        router.post("/api/broadcasts/:broadcastId/versions").handler(signedIn).handler(JsonBodies.required()).handler(ctx ->
            broadcasts.addVersion(user(ctx), id(ctx), JsonBodies.of(ctx)).onSuccess(v -> Responses.json(ctx, 201, v)).onFailure(ctx::fail));
        router.post("/api/broadcasts/:broadcastId/ack").handler(signedIn).handler(ctx ->
            broadcasts.acknowledge(user(ctx), id(ctx)).onSuccess(a -> Responses.json(ctx, 200, a)).onFailure(ctx::fail));
        router.post("/api/broadcasts/:broadcastId/responses").handler(signedIn).handler(JsonBodies.required()).handler(ctx ->
            broadcasts.respond(user(ctx), id(ctx), JsonBodies.of(ctx))
                .onSuccess(r -> Responses.json(ctx, "submitted".equals(r.getString("status")) ? 201 : 200, r))
                .onFailure(ctx::fail));
        router.get("/api/broadcasts/:broadcastId/summary.csv").handler(signedIn).handler(this::csv);
        router.get("/api/broadcasts/:broadcastId/summary").handler(signedIn).handler(ctx ->
            broadcasts.summary(user(ctx), id(ctx)).onSuccess(s -> Responses.json(ctx, 200, s)).onFailure(ctx::fail));
        router.post("/api/broadcasts/:broadcastId/chase").handler(signedIn).handler(ctx ->
            broadcasts.chase(user(ctx), id(ctx)).onSuccess(c -> Responses.json(ctx, 200, c)).onFailure(ctx::fail));
    }

    private void csv(RoutingContext ctx) {
        UUID id = id(ctx);
        broadcasts.summaryCsv(user(ctx), id)
            .onSuccess(csv -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"broadcast-" + id + ".csv\"")
                .putHeader("Cache-Control", "no-store")
                .end(csv))
            .onFailure(ctx::fail);
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID id(RoutingContext ctx) {
        return PathParams.uuid(ctx, "broadcastId", "Broadcast not found");
    }

}
