package uk.nhs.hub.account;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestOrigin;

import java.time.Clock;
import java.util.Map;

/**
 * The "Your data" pages: download everything the hub holds about you, and delete your account after
 * confirming with your password. Plain links and forms, so they work without JavaScript.
 */
final class YourDataPages {

    private final DataExport export;
    private final AccountErasure erasure;
    private final Authentication authentication;
    private final Pages pages;
    private final Clock clock;

    YourDataPages(DataExport export, AccountErasure erasure, Authentication authentication, Pages pages, Clock clock) {
        this.export = export;
        this.erasure = erasure;
        this.authentication = authentication;
        this.pages = pages;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/account/your-data").handler(authentication.requireUserPage()).handler(this::yourData);
        router.get("/account/your-data/hub-data.zip").handler(authentication.requireUserPage())
            .handler(ctx -> YourDataRoutes.download(ctx, export, clock));
        router.get("/account/delete").handler(authentication.requireUserPage()).handler(this::deleteForm);
        router.post("/account/delete").handler(authentication.requireUserPage()).handler(this::delete);
        router.get("/account/deleted").handler(this::deleted);
    }

    private void yourData(RoutingContext ctx) {
        pages.render(ctx, 200, "account/your-data", Map.of()).onFailure(ctx::fail);
    }

    private void deleteForm(RoutingContext ctx) {
        pages.render(ctx, 200, "account/delete", new FormErrors().model()).onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String password = ctx.request().getFormAttribute("password");
        erasure.erase(SignedInUser.required(ctx), new ErasureProof.Password(password), RequestOrigin.of(ctx))
            .onSuccess(v -> {
                authentication.clearCookie(ctx);
                Pages.seeOther(ctx, "/account/deleted");
            })
            .onFailure(err -> {
                if (err instanceof HubException hub && hub.status() < 500 && hub.status() != 401) {
                    // being the last organiser is nothing the password field could fix
                    FormErrors errors = hub.status() == 409 ? new FormErrors().add(null, hub.getMessage())
                        : FormErrors.from(hub, "password");
                    pages.render(ctx, hub.status(), "account/delete", errors.model()).onFailure(ctx::fail);
                } else {
                    ctx.fail(err);
                }
            });
    }

    private void deleted(RoutingContext ctx) {
        pages.render(ctx, 200, "account/deleted", Map.of()).onFailure(ctx::fail);
    }
}
