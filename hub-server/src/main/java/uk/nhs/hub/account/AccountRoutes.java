package uk.nhs.hub.account;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

/** The account API: {@code /api/auth/register}, {@code /api/auth/login}, {@code /api/auth/logout}, {@code /api/me}. */
public final class AccountRoutes {

    private final AccountService accounts;
    private final Authentication authentication;

    public AccountRoutes(AccountService accounts, Authentication authentication) {
        this.accounts = accounts;
        this.authentication = authentication;
    }

    public void mount(Router router) {
        router.post("/api/auth/register").handler(JsonBodies.required()).handler(this::register);
        router.post("/api/auth/login").handler(JsonBodies.required()).handler(this::login);
        router.post("/api/auth/logout").handler(authentication.requireUser()).handler(this::logout);
        router.get("/api/me").handler(authentication.requireUser()).handler(this::me);
    }

    private void register(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        AccountService.Registration registration = new AccountService.Registration(
            JsonBodies.text(body, "email"), JsonBodies.text(body, "password"), JsonBodies.text(body, "displayName"),
            JsonBodies.text(body, "organisation"), JsonBodies.text(body, "jobTitle"));
        accounts.register(registration, RequestOrigin.of(ctx))
            .onSuccess(account -> Responses.json(ctx, 201, new JsonObject()
                .put("id", account.id().toString())
                .put("email", account.email())
                .put("displayName", account.displayName())))
            .onFailure(ctx::fail);
    }

    private void login(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        accounts.signIn(JsonBodies.text(body, "email"), JsonBodies.text(body, "password"), RequestOrigin.of(ctx))
            .onSuccess(signIn -> {
                if (signIn.twoStepRequired()) {
                    Responses.json(ctx, 200, new JsonObject().put("twoStepRequired", true)
                        .put("challenge", signIn.challenge()));
                    return;
                }
                authentication.startSession(ctx, signIn.token());
                Responses.json(ctx, 200, new JsonObject().put("token", signIn.token()).put("user", signIn.account().toJson()));
            })
            .onFailure(ctx::fail);
    }

    private void logout(RoutingContext ctx) {
        accounts.signOut(SignedInUser.required(ctx), Authentication.sessionOf(ctx).orElseThrow(), RequestOrigin.of(ctx))
            .onSuccess(v -> {
                authentication.clearCookie(ctx);
                Responses.noContent(ctx);
            })
            .onFailure(ctx::fail);
    }

    private void me(RoutingContext ctx) {
        accounts.current(SignedInUser.required(ctx))
            .onSuccess(account -> Responses.json(ctx, 200, account.toJson()))
            .onFailure(ctx::fail);
    }

}
