package uk.nhs.hub.account;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

/**
 * The password API: {@code POST /api/auth/password-reset}, {@code POST /api/auth/password-reset/confirm} and
 * {@code PUT /api/me/password}.
 */
public final class PasswordRoutes {

    private final PasswordService passwords;
    private final Authentication authentication;

    PasswordRoutes(PasswordService passwords, Authentication authentication) {
        this.passwords = passwords;
        this.authentication = authentication;
    }

    public void mount(Router router) {
        router.post("/api/auth/password-reset").handler(JsonBodies.required()).handler(this::requestReset);
        router.post("/api/auth/password-reset/confirm").handler(JsonBodies.required()).handler(this::confirmReset);
        router.put("/api/me/password").handler(authentication.requireUser()).handler(JsonBodies.required())
            .handler(this::change);
    }

    private void requestReset(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        passwords.requestReset(JsonBodies.text(body, "email"), RequestOrigin.of(ctx))
            .onSuccess(v -> Responses.json(ctx, 202, new JsonObject().put("message", PasswordService.REQUEST_ANSWER)))
            .onFailure(ctx::fail);
    }

    private void confirmReset(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        passwords.confirmReset(JsonBodies.text(body, "token"), JsonBodies.text(body, "password"), RequestOrigin.of(ctx))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void change(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        passwords.change(SignedInUser.required(ctx), Authentication.sessionOf(ctx).orElseThrow(),
                JsonBodies.text(body, "currentPassword"), JsonBodies.text(body, "newPassword"), RequestOrigin.of(ctx))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }
}
