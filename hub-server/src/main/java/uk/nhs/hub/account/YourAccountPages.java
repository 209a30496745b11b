package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Your account": who the hub thinks you are, the settings you can change (password, two-step sign-in, email,
 * your data) and where you are signed in, with a button to sign out of each other device or all of them.
 */
final class YourAccountPages {

    private static final Map<String, String> NOTICES = Map.of(
        "ended", "You have been signed out on that device",
        "ended-others", "You have been signed out everywhere else");

    private final AccountService accounts;
    private final SignIns signIns;
    private final TwoStepService twoStep;
    private final Authentication authentication;
    private final Pages pages;

    YourAccountPages(AccountService accounts, SignIns signIns, TwoStepService twoStep, Authentication authentication,
                     Pages pages) {
        this.accounts = accounts;
        this.signIns = signIns;
        this.twoStep = twoStep;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        router.get("/account").handler(authentication.requireUserPage()).handler(this::show);
        router.post("/account/sessions/:sessionId/end").handler(authentication.requireUserPage()).handler(this::end);
        router.post("/account/sessions/end-others").handler(authentication.requireUserPage()).handler(this::endOthers);
    }

    private void show(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID current = Authentication.sessionOf(ctx).orElseThrow();
        Future.all(accounts.current(user), signIns.list(user, current), twoStep.isOn(user.id())).compose(all -> {
            Account account = all.resultAt(0);
            Instant now = Instant.now();
            List<Object> sessions = all.<io.vertx.core.json.JsonArray>resultAt(1).stream().map(JsonObject.class::cast)
                .map(session -> (Object) session.copy()
                    .put("signedIn", DateTimeWords.savedAt(OffsetDateTime.parse(session.getString("createdAt")).toInstant(), now))
                    .put("lastActive", DateTimeWords.savedAt(OffsetDateTime.parse(session.getString("lastSeenAt")).toInstant(), now))
                    .getMap())
                .toList();
            Map<String, Object> model = new HashMap<>();
            model.put("account", account.toJson().getMap());
            model.put("sessions", sessions);
            model.put("others", sessions.size() > 1);
            model.put("twoStepOn", all.<Boolean>resultAt(2));
            String done = ctx.request().getParam("done");
            if (done != null && NOTICES.containsKey(done)) {
                model.put("notice", NOTICES.get(done));
            }
            return pages.render(ctx, 200, "account/your-account", model);
        }).onFailure(ctx::fail);
    }

    private void end(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID session = PathParams.uuid(ctx, "sessionId", SignIns.NOT_FOUND);
        boolean thisOne = Authentication.sessionOf(ctx).map(session::equals).orElse(false);
        signIns.end(user, session, RequestOrigin.of(ctx)).onSuccess(v -> {
            if (thisOne) {
                authentication.clearCookie(ctx);
                Pages.seeOther(ctx, "/sign-in?signedOut=1");
            } else {
                Pages.seeOther(ctx, "/account?done=ended#sign-ins");
            }
        }).onFailure(ctx::fail);
    }

    private void endOthers(RoutingContext ctx) {
        signIns.endOthers(SignedInUser.required(ctx), Authentication.sessionOf(ctx).orElseThrow(), RequestOrigin.of(ctx))
            .onSuccess(count -> Pages.seeOther(ctx, "/account?done=ended-others#sign-ins"))
            .onFailure(ctx::fail);
    }
}
