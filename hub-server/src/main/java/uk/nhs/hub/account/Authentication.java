package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Route-chain steps that establish who is calling. A request proves its user with
 * {@code Authorization: Bearer <jwt>} or the {@value #COOKIE} cookie holding the same kind of token.
 * A cookie token past half its life is replaced on the response (sliding expiry).
 */
public final class Authentication {

    /** The HttpOnly cookie that carries a browser's access token. */
    public static final String COOKIE = "hub_session";
    static final String VIA_COOKIE = "hub.viaCookie";

    private final AccessTokens tokens;
    private final boolean secureCookies;
    private final Clock clock;

    public Authentication(AccessTokens tokens, boolean secureCookies, Clock clock) {
        this.tokens = tokens;
        this.secureCookies = secureCookies;
        this.clock = clock;
    }

    /**
     * Identifies the caller, if any, for every later step. A Bearer token that does not verify is refused with
     * 401 at once; a cookie that does not verify (it expired) is removed and the request continues anonymously.
     */
    public Handler<RoutingContext> identify() {
        return ctx -> {
            String authorization = ctx.request().getHeader("Authorization");
            if (authorization != null) {
                if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    ctx.fail(HubException.unauthenticated("Use an Authorization header of the form 'Bearer <token>'"));
                    return;
                }
                tokens.verify(authorization.substring(7).trim())
                    .onSuccess(user -> {
                        signedIn(ctx, user, false);
                        ctx.next();
                    })
                    .onFailure(err -> ctx.fail(HubException.unauthenticated(
                        "The access token is not valid or has expired; sign in again")));
                return;
            }
            Cookie cookie = ctx.request().getCookie(COOKIE);
            if (cookie == null || cookie.getValue().isEmpty()) {
                ctx.next();
                return;
            }
            tokens.verify(cookie.getValue())
                .onSuccess(user -> {
                    signedIn(ctx, user, true);
                    refreshIfDue(ctx, user);
                    ctx.next();
                })
                .onFailure(err -> {
                    clearCookie(ctx);
                    ctx.next();
                });
        };
    }

    /** Refuses API requests without a signed-in user (401). */
    public Handler<RoutingContext> requireUser() {
        return ctx -> {
            if (SignedInUser.of(ctx).isEmpty()) {
                ctx.fail(HubException.unauthenticated("Sign in to continue"));
                return;
            }
            ctx.next();
        };
    }

    /** Sends a signed-out browser to the sign-in page, to come back here afterwards. */
    public Handler<RoutingContext> requireUserPage() {
        return ctx -> {
            if (SignedInUser.of(ctx).isEmpty()) {
                String back = ctx.request().uri();
                Pages.seeOther(ctx, "/sign-in?returnTo=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
                return;
            }
            ctx.next();
        };
    }

    /**
     * For the event-bus bridge: turns the identified user into the vertx-web user that SockJS sockets carry,
     * refusing the connection (401) when nobody is signed in.
     */
    public Handler<RoutingContext> bridgeUser() {
        return SimpleAuthenticationHandler.create().authenticate(ctx -> SignedInUser.of(ctx)
            .map(user -> Future.succeededFuture(User.create(new JsonObject()
                .put("sub", user.id().toString())
                .put("name", user.displayName()))))
            .orElseGet(() -> Future.failedFuture(new HttpException(401, "Sign in to receive live updates"))));
    }

    /** Starts a browser session: the token goes into the HttpOnly cookie. */
    public void startSession(RoutingContext ctx, String token) {
        ctx.response().addCookie(sessionCookie(token, tokens.lifetime().toSeconds()));
    }

    /** Ends a browser session by removing the cookie. */
    public void clearCookie(RoutingContext ctx) {
        ctx.response().addCookie(sessionCookie("", 0));
    }

    private void signedIn(RoutingContext ctx, SignedInUser user, boolean viaCookie) {
        ctx.put(SignedInUser.KEY, user);
        ctx.put(VIA_COOKIE, viaCookie);
        ctx.put(Pages.VIEWER, user.pageModel());
    }

    private void refreshIfDue(RoutingContext ctx, SignedInUser user) {
        Duration left = Duration.between(Instant.now(clock), user.expiresAt());
        if (left.compareTo(tokens.lifetime().dividedBy(2)) < 0) {
            startSession(ctx, tokens.issue(user.id(), user.email(), user.displayName()));
        }
    }

    private Cookie sessionCookie(String value, long maxAgeSeconds) {
        return Cookie.cookie(COOKIE, value)
            .setPath("/")
            .setHttpOnly(true)
            .setSecure(secureCookies)
            .setSameSite(CookieSameSite.LAX)
            .setMaxAge(maxAgeSeconds);
    }
}
