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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two-step pages: {@code /account/two-step} to set it up (QR code, the secret to type, the first code),
 * see the recovery codes once and turn it off; and {@code /sign-in/two-step}, the code step of signing in.
 * Plain forms that work without JavaScript.
 */
public final class TwoStepPages {

    private final TwoStepService twoStep;
    private final Authentication authentication;
    private final Pages pages;

    TwoStepPages(TwoStepService twoStep, Authentication authentication, Pages pages) {
        this.twoStep = twoStep;
        this.authentication = authentication;
        this.pages = pages;
    }

    public void mount(Router router) {
        router.get("/account/two-step").handler(authentication.requireUserPage()).handler(this::show);
        router.post("/account/two-step").handler(authentication.requireUserPage()).handler(this::begin);
        router.post("/account/two-step/confirm").handler(authentication.requireUserPage()).handler(this::confirm);
        router.post("/account/two-step/off").handler(authentication.requireUserPage()).handler(this::turnOff);
        router.get("/sign-in/two-step").handler(ctx -> Pages.seeOther(ctx, "/sign-in"));
        router.post("/sign-in/two-step").handler(this::completeSignIn);
    }

    /** The code step of signing in, shown in answer to a right password. */
    static Future<Void> askForCode(Pages pages, RoutingContext ctx, int status, String challenge, String returnTo,
                                   FormErrors errors) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.put("typedCode", Optional.ofNullable(ctx.request().getFormAttribute("code")).orElse(""));
        model.put("challenge", challenge);
        model.put("returnTo", returnTo);
        return pages.render(ctx, status, "account/sign-in-two-step", model);
    }

    private void show(RoutingContext ctx) {
        Map<String, Object> extra = new HashMap<>();
        if (ctx.request().getParam("off") != null) {
            extra.put("notice", "Two-step sign-in is off");
        }
        render(ctx, 200, new FormErrors(), extra).onFailure(ctx::fail);
    }

    private Future<Void> render(RoutingContext ctx, int status, FormErrors errors, Map<String, Object> extra) {
        SignedInUser user = SignedInUser.required(ctx);
        return twoStep.status(user.id()).compose(status1 -> twoStep.pending(user).compose(pending -> {
            Map<String, Object> model = new HashMap<>(errors.model());
            model.putAll(extra);
            model.put("on", status1.on());
            model.put("typedCode", errors.model().isEmpty() ? ""
                : Optional.ofNullable(ctx.request().getFormAttribute("code")).orElse(""));
            model.put("recoveryCodesLeft", status1.recoveryCodesLeft());
            pending.ifPresent(setup -> {
                model.put("pending", true);
                model.put("secretGrouped", TwoStepService.grouped(setup.secret()));
                model.put("qrSvg", TwoStepQrCode.svg(setup.otpauthUri(),
                    "QR code for your authenticator app. If you cannot scan it, type in the setup key shown below."));
            });
            return pages.render(ctx, status, "account/two-step", model);
        }));
    }

    private void begin(RoutingContext ctx) {
        twoStep.begin(SignedInUser.required(ctx))
            .compose(setup -> Pages.seeOther(ctx, "/account/two-step"))
            .recover(err -> orForm(ctx, err))
            .onFailure(ctx::fail);
    }

    private void confirm(RoutingContext ctx) {
        String code = ctx.request().getFormAttribute("code");
        twoStep.confirm(SignedInUser.required(ctx), code, RequestOrigin.of(ctx))
            .compose(codes -> showRecoveryCodes(ctx, codes))
            .recover(err -> orForm(ctx, err))
            .onFailure(ctx::fail);
    }

    private Future<Void> showRecoveryCodes(RoutingContext ctx, List<String> codes) {
        // shown this once: they are stored hashed, so the hub cannot show them again
        ctx.response().putHeader("Cache-Control", "no-store");
        return pages.render(ctx, 200, "account/two-step-recovery-codes", Map.of("recoveryCodes", codes));
    }

    private void turnOff(RoutingContext ctx) {
        twoStep.turnOff(SignedInUser.required(ctx), ctx.request().getFormAttribute("code"), RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, "/account/two-step?off=1"))
            .recover(err -> orForm(ctx, err))
            .onFailure(ctx::fail);
    }

    private Future<Void> orForm(RoutingContext ctx, Throwable err) {
        if (!(err instanceof HubException hub) || hub.status() >= 500) {
            return Future.failedFuture(err);
        }
        if (hub instanceof TooManyRequestsException limited) {
            ctx.response().putHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        return render(ctx, hub.status(), FormErrors.from(hub, "code"), Map.of());
    }

    private void completeSignIn(RoutingContext ctx) {
        String challenge = Optional.ofNullable(ctx.request().getFormAttribute("challenge")).orElse("");
        String returnTo = AccountPages.safeReturnTo(ctx.request().getFormAttribute("returnTo"));
        twoStep.completeSignIn(challenge, ctx.request().getFormAttribute("code"), RequestOrigin.of(ctx))
            .compose(signIn -> {
                authentication.startSession(ctx, signIn.token());
                return Pages.seeOther(ctx, returnTo);
            })
            .recover(err -> {
                if (!(err instanceof HubException hub) || hub.status() >= 500) {
                    return Future.failedFuture(err);
                }
                if (hub instanceof TooManyRequestsException limited) {
                    ctx.response().putHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
                }
                if (hub.field().filter("challenge"::equals).isPresent()) {
                    return Pages.seeOther(ctx, "/sign-in?returnTo="
                        + java.net.URLEncoder.encode(returnTo, java.nio.charset.StandardCharsets.UTF_8));
                }
                return askForCode(pages, ctx, hub.status(), challenge, returnTo, FormErrors.from(hub, "code"));
            })
            .onFailure(ctx::fail);
    }
}
