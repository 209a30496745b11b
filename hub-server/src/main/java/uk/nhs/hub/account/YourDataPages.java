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
    private final TwoStepService twoStep;
    private final Authentication authentication;
    private final Pages pages;
    private final Clock clock;

    YourDataPages(DataExport export, AccountErasure erasure, TwoStepService twoStep, Authentication authentication,
                  Pages pages, Clock clock) {
        this.export = export;
        this.twoStep = twoStep;
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
        render(ctx, 200, new FormErrors()).onFailure(ctx::fail);
    }

    /** The confirmation page; people with two-step sign-in on may give a code instead of their password. */
    private io.vertx.core.Future<Void> render(RoutingContext ctx, int status, FormErrors errors) {
        return twoStep.isOn(SignedInUser.required(ctx).id()).compose(on -> {
            Map<String, Object> model = new java.util.HashMap<>(errors.model());
            model.put("twoStepOn", on);
            return pages.render(ctx, status, "account/delete", model);
        });
    }

    private void delete(RoutingContext ctx) {
        String password = ctx.request().getFormAttribute("password");
        String code = ctx.request().getFormAttribute("code");
        erasure.erase(SignedInUser.required(ctx), ErasureProof.of(password, code), RequestOrigin.of(ctx))
            .onSuccess(v -> {
                authentication.clearCookie(ctx);
                Pages.seeOther(ctx, "/account/deleted");
            })
            .onFailure(err -> {
                if (err instanceof HubException hub && hub.status() < 500 && hub.status() != 401) {
                    // being the last organiser is nothing the password field could fix
                    FormErrors errors = hub.status() == 409 ? new FormErrors().add(null, hub.getMessage())
                        : FormErrors.from(hub, code != null && !code.isBlank() && (password == null || password.isEmpty())
                            ? "code" : "password");
                    render(ctx, hub.status(), errors).onFailure(ctx::fail);
                } else {
                    ctx.fail(err);
                }
            });
    }

    private void deleted(RoutingContext ctx) {
        pages.render(ctx, 200, "account/deleted", Map.of()).onFailure(ctx::fail);
    }
}
