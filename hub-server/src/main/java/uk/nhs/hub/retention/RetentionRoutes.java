package uk.nhs.hub.retention;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

/** {@code GET} and {@code PUT /api/networks/{id}/retention}. */
final class RetentionRoutes {

    private final RetentionService retention;
    private final Authentication authentication;

    RetentionRoutes(RetentionService retention, Authentication authentication) {
        this.retention = retention;
        this.authentication = authentication;
    }

    void mount(Router router) {
        router.get("/api/networks/:id/retention").handler(authentication.requireUser()).handler(ctx -> answer(ctx,
            retention.get(SignedInUser.required(ctx), PathParams.uuid(ctx, "id", "Network not found"))));
        router.put("/api/networks/:id/retention").handler(authentication.requireUser()).handler(JsonBodies.required())
            .handler(ctx -> answer(ctx, retention.put(SignedInUser.required(ctx),
                PathParams.uuid(ctx, "id", "Network not found"), JsonBodies.of(ctx), RequestOrigin.of(ctx))));
    }

    private static void answer(RoutingContext ctx, Future<JsonObject> result) {
        result.onSuccess(body -> Responses.json(ctx, 200, body)).onFailure(ctx::fail);
    }
}
