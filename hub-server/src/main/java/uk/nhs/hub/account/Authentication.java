package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.SimpleAuthenticationHandler;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Route-chain steps that establish who is calling. A request proves its user with
 * {@code Authorization: Bearer <jwt>} or the {@value #COOKIE} cookie holding the same kind of token, and the
 * session the token names must still be live (signing out ends it). A cookie token past half its life is
 * replaced on the response by one for the same session (sliding expiry).
 */
public final class Authentication {

    /** The HttpOnly cookie that carries a browser's access token. */
    public static final String COOKIE = "hub_session";
    static final String VIA_COOKIE = "hub.viaCookie";
    static final String SESSION = "hub.sessionId";

    private final AccessTokens tokens;
    private final Sessions sessions;
    private final boolean secureCookies;
    private final Clock clock;

    Authentication(AccessTokens tokens, Sessions sessions, boolean secureCookies, Clock clock) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.secureCookies = secureCookies;
        this.clock = clock;
    }

    /**
     * Identifies the caller, if any, for every later step. A Bearer token that does not verify, or whose session
     * has ended, is refused with 401 at once; such a cookie is removed and the request continues anonymously.
     */
    public Handler<RoutingContext> identify() {
        return ctx -> {
            String authorization = ctx.request().getHeader("Authorization");
            if (authorization != null) {
                if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    ctx.fail(HubException.unauthenticated("Use an Authorization header of the form 'Bearer <token>'"));
                    return;
                }
                check(ctx, authorization.substring(7).trim(), false);
                return;
            }
            Cookie cookie = ctx.request().getCookie(COOKIE);
            if (cookie == null || cookie.getValue().isEmpty()) {
                ctx.next();
                return;
            }
            check(ctx, cookie.getValue(), true);
        };
    }

    private void check(RoutingContext ctx, String token, boolean viaCookie) {
        HttpServerRequest request = ctx.request();
        // the session is looked up in the database; until then the request must stay unread, or a WebSocket
        // upgrade to the bridge further on finds it already ended
        request.pause();
        live(token).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
            } else if (found.result().isPresent()) {
                AccessTokens.Verified verified = found.result().get();
                signedIn(ctx, verified, viaCookie);
                if (viaCookie) {
                    refreshIfDue(ctx, verified);
                }
                ctx.next();
            } else if (viaCookie) {
                clearCookie(ctx);
                ctx.next();
            } else {
                ctx.fail(HubException.unauthenticated("The access token is not valid or has expired; sign in again"));
            }
            request.resume();
        });
    }

    /**
     * The token's user and session when it verifies and its session is live; empty when it does not. Fails only
     * when the database cannot say, which must not sign anybody out.
     */
    private Future<Optional<AccessTokens.Verified>> live(String token) {
        return tokens.verify(token).transform(verified -> verified.failed()
            ? Future.succeededFuture(Optional.empty())
            : sessions.isLive(verified.result().sessionId(), verified.result().user().id())
                .map(live -> live ? Optional.of(verified.result()) : Optional.empty()));
    }

    /** The session of this request's signed-in user, if any. */
    static Optional<UUID> sessionOf(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(SESSION));
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
                .put("name", user.displayName())
                .put(EventBusBridge.SESSION_ATTRIBUTE, sessionOf(ctx).map(UUID::toString).orElse(null)))))
            .orElseGet(() -> Future.failedFuture(new HttpException(401, "Sign in to receive live updates"))));
    }

    /** Gives a browser its token: it goes into the HttpOnly cookie. */
    public void startSession(RoutingContext ctx, String token) {
        ctx.response().addCookie(sessionCookie(token, tokens.lifetime().toSeconds()));
    }

    /** Ends a browser session by removing the cookie. */
    public void clearCookie(RoutingContext ctx) {
        ctx.response().addCookie(sessionCookie("", 0));
    }

    private void signedIn(RoutingContext ctx, AccessTokens.Verified verified, boolean viaCookie) {
        SignedInUser user = verified.user();
        ctx.put(SignedInUser.KEY, user);
        ctx.put(SESSION, verified.sessionId());
        ctx.put(VIA_COOKIE, viaCookie);
        ctx.put(Pages.VIEWER, user.pageModel());
    }

    private void refreshIfDue(RoutingContext ctx, AccessTokens.Verified verified) {
        SignedInUser user = verified.user();
        Duration left = Duration.between(Instant.now(clock), user.expiresAt());
        if (left.compareTo(tokens.lifetime().dividedBy(2)) < 0) {
            startSession(ctx, tokens.issue(user.id(), user.email(), user.displayName(), verified.sessionId()));
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
