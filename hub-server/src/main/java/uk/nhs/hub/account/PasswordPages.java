package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.TooManyRequestsException;

import java.util.HashMap;
import java.util.Map;

/**
 * The forgotten-password pages ({@code /forgot-password}, {@code /reset-password?token=...}) and the change
 * password page ({@code /account/password}). Plain forms that work without JavaScript; a rejected form comes
 * back with the NHS.UK error summary, keeping the email address typed but never a password.
 */
public final class PasswordPages {

    private final PasswordService passwords;
    private final Authentication authentication;
    private final Pages pages;

    PasswordPages(PasswordService passwords, Authentication authentication, Pages pages) {
        this.passwords = passwords;
        this.authentication = authentication;
        this.pages = pages;
    }

    public void mount(Router router) {
        router.get("/forgot-password").handler(this::forgotForm);
        router.post("/forgot-password").handler(this::forgot);
        router.get("/reset-password").handler(this::resetForm);
        router.post("/reset-password").handler(this::reset);
        router.get("/account/password").handler(authentication.requireUserPage()).handler(this::changeForm);
        router.post("/account/password").handler(authentication.requireUserPage()).handler(this::change);
    }

    private void forgotForm(RoutingContext ctx) {
        showForgot(ctx, 200, "", new FormErrors()).onFailure(ctx::fail);
    }

    private void forgot(RoutingContext ctx) {
        String email = valueOf(ctx, "email");
        passwords.requestReset(email, RequestOrigin.of(ctx))
            // the same page whether or not the address has an account, so the form tells nobody which do
            .compose(v -> pages.render(ctx, 200, "account/forgot-password-sent", Map.of()))
            .recover(err -> refused(ctx, err, failure -> showForgot(ctx, failure.status(), email,
                FormErrors.from(failure, "email"))))
            .onFailure(ctx::fail);
    }

    private Future<Void> showForgot(RoutingContext ctx, int status, String email, FormErrors errors) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.put("email", email);
        return pages.render(ctx, status, "account/forgot-password", model);
    }

    private void resetForm(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        passwords.isOpen(token)
            .compose(open -> open ? showReset(ctx, 200, token, new FormErrors())
                : pages.render(ctx, 404, "account/reset-link-closed", Map.of()))
            .onFailure(ctx::fail);
    }

    private void reset(RoutingContext ctx) {
        String token = valueOf(ctx, "token");
        passwords.confirmReset(token, ctx.request().getFormAttribute("password"), RequestOrigin.of(ctx))
            .compose(v -> {
                // the reset ended every sign-in, this browser's too
                authentication.clearCookie(ctx);
                return pages.render(ctx, 200, "account/password-reset-done", Map.of());
            })
            .recover(err -> refused(ctx, err, failure -> failure.field().filter("token"::equals).isPresent()
                ? pages.render(ctx, 404, "account/reset-link-closed", Map.of())
                : showReset(ctx, failure.status(), token, FormErrors.from(failure, "password"))))
            .onFailure(ctx::fail);
    }

    private Future<Void> showReset(RoutingContext ctx, int status, String token, FormErrors errors) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.put("token", token);
        model.put("minPassword", PasswordRules.MIN_LENGTH);
        return pages.render(ctx, status, "account/reset-password", model);
    }

    private void changeForm(RoutingContext ctx) {
        showChange(ctx, 200, new FormErrors()).onFailure(ctx::fail);
    }

    private void change(RoutingContext ctx) {
        passwords.change(SignedInUser.required(ctx), Authentication.sessionOf(ctx).orElseThrow(),
                ctx.request().getFormAttribute("currentPassword"), ctx.request().getFormAttribute("newPassword"),
                RequestOrigin.of(ctx))
            .compose(v -> pages.render(ctx, 200, "account/password-changed", Map.of()))
            .recover(err -> refused(ctx, err, failure -> showChange(ctx, failure.status(),
                FormErrors.from(failure, "currentPassword"))))
            .onFailure(ctx::fail);
    }

    private Future<Void> showChange(RoutingContext ctx, int status, FormErrors errors) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.put("minPassword", PasswordRules.MIN_LENGTH);
        return pages.render(ctx, status, "account/change-password", model);
    }

    /** Shows a failure a person can correct on the form; anything else goes to the error page. */
    private static Future<Void> refused(RoutingContext ctx, Throwable err,
                                        java.util.function.Function<HubException, Future<Void>> show) {
        if (!(err instanceof HubException failure) || failure.status() >= 500) {
            return Future.failedFuture(err);
        }
        if (failure instanceof TooManyRequestsException limited) {
            ctx.response().putHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        return show.apply(failure);
    }

    private static String valueOf(RoutingContext ctx, String field) {
        String value = ctx.request().getFormAttribute(field);
        return value == null ? "" : value;
    }
}
