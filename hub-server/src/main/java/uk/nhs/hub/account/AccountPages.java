package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.TooManyRequestsException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The home, register, sign-in and sign-out pages. They are plain HTML forms that work without JavaScript;
 * a rejected form is shown again with the NHS.UK error summary and the person's answers kept (never the
 * password).
 */
public final class AccountPages {

    private final AccountService accounts;
    private final Authentication authentication;
    private final Pages pages;
    private volatile String singleSignOnName;
    private volatile InvitedAddresses invitedAddresses = InvitedAddresses.NONE;

    public AccountPages(AccountService accounts, Authentication authentication, Pages pages) {
        this.accounts = accounts;
        this.authentication = authentication;
        this.pages = pages;
    }

    /** Offers sign-in through the organisation's account, named as people know it ("NHSmail"). */
    void singleSignOn(String displayName) {
        this.singleSignOnName = displayName;
    }

    void invitedAddresses(InvitedAddresses invited) {
        this.invitedAddresses = invited;
    }

    public void mount(Router router) {
        router.get("/").handler(this::home);
        router.get("/register").handler(this::registerForm);
        router.post("/register").handler(this::register);
        router.get("/sign-in").handler(this::signInForm);
        router.post("/sign-in").handler(this::signIn);
        router.post("/sign-out").handler(this::signOut);
    }

    private void home(RoutingContext ctx) {
        pages.render(ctx, 200, "home", Map.of()).onFailure(ctx::fail);
    }

    private void registerForm(RoutingContext ctx) {
        if (SignedInUser.of(ctx).isPresent()) {
            Pages.seeOther(ctx, "/");
            return;
        }
        String invitation = ctx.request().getParam("invitation");
        invitedAddress(invitation).compose(invited -> showRegister(ctx, 200,
                invited.map(email -> Map.of("email", email)).orElse(Map.of()),
                safeReturnTo(ctx.request().getParam("returnTo")), new FormErrors(), invitation, invited))
            .onFailure(ctx::fail);
    }

    /** Registering from an invitation's link keeps the address it was sent to; a used or expired one is ignored. */
    private Future<Optional<String>> invitedAddress(String token) {
        return token == null || token.isBlank() ? Future.succeededFuture(Optional.empty())
            : invitedAddresses.openInvitationAddress(token);
    }

    private void register(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Map<String, String> answers = answers(request, "email", "displayName", "organisation", "jobTitle");
        AccountService.Registration registration = new AccountService.Registration(answers.get("email"),
            request.getFormAttribute("password"), answers.get("displayName"), answers.get("organisation"),
            answers.get("jobTitle"));
        RequestOrigin origin = RequestOrigin.of(ctx);
        String returnTo = safeReturnTo(request.getFormAttribute("returnTo"));
        String invitation = request.getFormAttribute("invitation");
        invitedAddress(invitation).compose(invited -> {
            if (invited.isPresent() && !invited.get().equals(EmailAddresses.normalise(registration.email()))) {
                // the link was sent to one address: an account made under another could not be told apart from
                // someone who was forwarded the link
                Map<String, String> kept = new LinkedHashMap<>(answers);
                kept.put("email", invited.get());
                return showRegister(ctx, 400, kept, returnTo,
                    FormErrors.from(HubException.invalid("email", "Use " + invited.get()
                        + ", the address this invitation was sent to"), "email"), invitation, invited);
            }
            return accounts.register(registration, origin)
                .compose(account -> accounts.signIn(registration.email(), registration.password(), origin))
                .compose(signIn -> {
                    authentication.startSession(ctx, signIn.token());
                    return Pages.seeOther(ctx, returnTo);
                })
                .recover(err -> err instanceof HubException hub && hub.status() < 500
                    ? showRegister(ctx, hub.status(), answers, returnTo, FormErrors.from(hub, "email"), invitation, invited)
                    : Future.failedFuture(err));
        }).onFailure(ctx::fail);
    }

    private Future<Void> showRegister(RoutingContext ctx, int status, Map<String, String> answers, String returnTo,
                                      FormErrors errors, String invitation, Optional<String> invited) {
        Map<String, Object> model = new HashMap<>(errors.model());
        invited.ifPresent(email -> {
            model.put("invitation", invitation);
            model.put("invitedEmail", email);
        });
        model.put("form", answers);
        model.put("returnTo", returnTo);
        model.put("minPassword", AccountService.MIN_PASSWORD);
        return pages.render(ctx, status, "account/register", model);
    }

    private void signInForm(RoutingContext ctx) {
        String returnTo = safeReturnTo(ctx.request().getParam("returnTo"));
        if (SignedInUser.of(ctx).isPresent()) {
            Pages.seeOther(ctx, returnTo);
            return;
        }
        Map<String, Object> notice = new HashMap<>();
        if (ctx.request().getParam("signedOut") != null) {
            notice.put("notice", "You have signed out");
        }
        showSignIn(ctx, 200, Map.of(), returnTo, new FormErrors(), notice).onFailure(ctx::fail);
    }

    private void signIn(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Map<String, String> answers = answers(request, "email");
        String returnTo = safeReturnTo(request.getFormAttribute("returnTo"));
        accounts.signIn(answers.get("email"), request.getFormAttribute("password"), RequestOrigin.of(ctx))
            .onSuccess(signIn -> {
                if (signIn.twoStepRequired()) {
                    // the challenge travels in the next form, never in an address that could be logged or shared
                    TwoStepPages.askForCode(pages, ctx, 200, signIn.challenge(), returnTo, new FormErrors())
                        .onFailure(ctx::fail);
                    return;
                }
                authentication.startSession(ctx, signIn.token());
                Pages.seeOther(ctx, returnTo);
            })
            .onFailure(err -> {
                if (!(err instanceof HubException hub) || hub.status() >= 500) {
                    ctx.fail(err);
                    return;
                }
                if (hub instanceof TooManyRequestsException limited) {
                    ctx.response().putHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
                }
                showSignIn(ctx, hub.status(), answers, returnTo, FormErrors.from(hub, "email"), Map.of())
                    .onFailure(ctx::fail);
            });
    }

    private Future<Void> showSignIn(RoutingContext ctx, int status, Map<String, String> answers, String returnTo,
                                    FormErrors errors, Map<String, Object> extra) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.putAll(extra);
        model.put("form", answers);
        model.put("returnTo", returnTo);
        if (singleSignOnName != null) {
            model.put("singleSignOn", singleSignOnName);
        }
        return pages.render(ctx, status, "account/sign-in", model);
    }

    private void signOut(RoutingContext ctx) {
        var user = SignedInUser.of(ctx);
        authentication.clearCookie(ctx);
        if (user.isEmpty()) {
            Pages.seeOther(ctx, "/sign-in");
            return;
        }
        accounts.signOut(user.get(), Authentication.sessionOf(ctx).orElseThrow(), RequestOrigin.of(ctx))
            .onSuccess(v -> Pages.seeOther(ctx, "/sign-in?signedOut=1"))
            .onFailure(ctx::fail);
    }

    private static Map<String, String> answers(HttpServerRequest request, String... fields) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String field : fields) {
            String value = request.getFormAttribute(field);
            answers.put(field, value == null ? "" : value);
        }
        return answers;
    }

    /** Only a path on this site: never another host, so sign-in cannot be used to send people elsewhere. */
    static String safeReturnTo(String returnTo) {
        if (returnTo == null || !returnTo.startsWith("/") || returnTo.startsWith("//") || returnTo.startsWith("/\\")
            || returnTo.length() > 2000 || returnTo.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return returnTo;
    }
}
