package uk.nhs.hub.account;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The "Your account" page ({@code /account}): who the person is and where they are signed in, with a form per
 * other sign-in to end it and one to end all but this one. Plain forms, so it works without JavaScript.
 */
final class YourAccountPages {

    private final AccountService accounts;
    private final SessionService sessions;
    private final Authentication authentication;
    private final Pages pages;

    YourAccountPages(AccountService accounts, SessionService sessions, Authentication authentication, Pages pages) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        router.get("/account").handler(authentication.requireUserPage()).handler(this::show);
        router.post("/account/sessions/sign-out-others").handler(authentication.requireUserPage())
            .handler(this::endOthers);
        router.post("/account/sessions/:sessionId/sign-out").handler(authentication.requireUserPage())
            .handler(this::end);
    }

    private void show(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        accounts.current(user).compose(account -> sessions.list(user, Authentication.sessionOf(ctx).orElseThrow())
                .compose(list -> {
                    Map<String, Object> model = new HashMap<>();
                    Map<String, Object> person = new HashMap<>();
                    person.put("displayName", account.displayName());
                    person.put("email", account.email());
                    person.put("organisation", account.organisation() == null ? "" : account.organisation());
                    person.put("jobTitle", account.jobTitle() == null ? "" : account.jobTitle());
                    model.put("account", person);
                    model.put("sessions", rows(list));
                    model.put("others", list.stream().filter(s -> !s.current()).count());
                    String notice = notice(ctx);
                    if (notice != null) {
                        model.put("notice", notice);
                    }
                    return pages.render(ctx, 200, "account/your-account", model);
                }))
            .onFailure(ctx::fail);
    }

    private static List<Map<String, Object>> rows(List<SignInSession> list) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SignInSession session : list) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", session.id().toString());
            row.put("current", session.current());
            row.put("device", session.device());
            row.put("address", session.address() == null ? "" : session.address());
            row.put("signedIn", DateTimeWords.timestamp(session.createdAt().toInstant()));
            row.put("lastActive", DateTimeWords.timestamp(session.lastSeenAt().toInstant()));
            rows.add(row);
        }
        return rows;
    }

    /** What the last form did, carried across its redirect so a reload does not repeat it. */
    private static String notice(RoutingContext ctx) {
        if (ctx.request().getParam("ended") != null) {
            return "You have signed out of that device";
        }
        String others = ctx.request().getParam("endedOthers");
        if (others != null) {
            return "0".equals(others) ? "You were not signed in anywhere else"
                : "You have signed out everywhere else";
        }
        return null;
    }

    private void end(RoutingContext ctx) {
        UUID sessionId = PathParams.uuid(ctx, "sessionId", SessionService.NOT_FOUND);
        boolean current = sessionId.equals(Authentication.sessionOf(ctx).orElseThrow());
        sessions.end(SignedInUser.required(ctx), sessionId, RequestOrigin.of(ctx))
            .onSuccess(v -> {
                if (current) {
                    authentication.clearCookie(ctx);
                    Pages.seeOther(ctx, "/sign-in?signedOut=1");
                } else {
                    Pages.seeOther(ctx, "/account?ended=1");
                }
            })
            .onFailure(ctx::fail);
    }

    private void endOthers(RoutingContext ctx) {
        sessions.endAllBut(SignedInUser.required(ctx), Authentication.sessionOf(ctx).orElseThrow(), RequestOrigin.of(ctx))
            .onSuccess(ended -> Pages.seeOther(ctx, "/account?endedOthers=" + ended))
            .onFailure(ctx::fail);
    }
}
