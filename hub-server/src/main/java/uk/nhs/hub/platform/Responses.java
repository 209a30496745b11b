package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes API responses in the hub's one JSON style: UTF-8 JSON, never cached. */
public final class Responses {

    private Responses() {
    }

    public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
        return send(ctx, status, body.encode());
    }

    public static Future<Void> json(RoutingContext ctx, int status, JsonArray body) {
        return send(ctx, status, body.encode());
    }

    public static Future<Void> noContent(RoutingContext ctx) {
        return ctx.response().setStatusCode(204).end();
    }

    private static Future<Void> send(RoutingContext ctx, int status, String body) {
        return ctx.response().setStatusCode(status)
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(body);
    }
}
