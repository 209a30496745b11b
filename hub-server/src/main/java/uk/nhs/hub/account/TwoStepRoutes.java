package uk.nhs.hub.account;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

/**
 * The two-step sign-in API: {@code /api/me/two-step} to set it up, confirm it and turn it off, and
 * {@code /api/auth/login/two-step} for the code step of signing in.
 */
public final class TwoStepRoutes {

    private final TwoStepService twoStep;
    private final Authentication authentication;

    TwoStepRoutes(TwoStepService twoStep, Authentication authentication) {
        this.twoStep = twoStep;
        this.authentication = authentication;
    }

    public void mount(Router router) {
        router.post("/api/me/two-step").handler(authentication.requireUser()).handler(this::begin);
        router.post("/api/me/two-step/confirm").handler(authentication.requireUser()).handler(JsonBodies.required())
            .handler(this::confirm);
        router.delete("/api/me/two-step").handler(authentication.requireUser()).handler(JsonBodies.required())
            .handler(this::turnOff);
        router.post("/api/auth/login/two-step").handler(JsonBodies.required()).handler(this::completeSignIn);
    }

    private void begin(RoutingContext ctx) {
        twoStep.begin(SignedInUser.required(ctx))
            .onSuccess(setup -> Responses.json(ctx, 200, new JsonObject()
                .put("secret", setup.secret()).put("otpauthUri", setup.otpauthUri())))
            .onFailure(ctx::fail);
    }

    private void confirm(RoutingContext ctx) {
        twoStep.confirm(SignedInUser.required(ctx), JsonBodies.text(JsonBodies.of(ctx), "code"), RequestOrigin.of(ctx))
            .onSuccess(codes -> Responses.json(ctx, 200, new JsonObject().put("recoveryCodes", new JsonArray(codes))))
            .onFailure(ctx::fail);
    }

    private void turnOff(RoutingContext ctx) {
        twoStep.turnOff(SignedInUser.required(ctx), JsonBodies.text(JsonBodies.of(ctx), "code"), RequestOrigin.of(ctx))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void completeSignIn(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        twoStep.completeSignIn(JsonBodies.text(body, "challenge"), JsonBodies.text(body, "code"), RequestOrigin.of(ctx))
            .onSuccess(signIn -> {
                authentication.startSession(ctx, signIn.token());
                Responses.json(ctx, 200, new JsonObject().put("token", signIn.token())
                    .put("user", signIn.account().toJson()));
            })
            .onFailure(ctx::fail);
    }
}
