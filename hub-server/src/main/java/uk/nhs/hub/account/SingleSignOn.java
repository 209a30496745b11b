package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.SecretTokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sign-in with an OpenID Connect provider, such as NHSmail (Microsoft Entra ID): the authorization code flow with
 * PKCE (S256), a state bound to the browser by a cookie and kept server-side for single use, and a nonce the ID
 * token must repeat. The provider's discovery document, keys and token endpoint come from its issuer address;
 * vertx-auth-oauth2 exchanges the code and checks the ID token's signature, and this class checks its issuer,
 * audience, expiry and nonce again before trusting any claim.
 *
 * <p>The first sign-in links the provider's person (issuer and subject) to the hub account with the same email
 * address, or creates one, but only when the provider vouches for the address ({@code email_verified}, or Entra
 * ID's {@code xms_edov}): an unverified address never takes over or creates an account.
 */
final class SingleSignOn {

    private static final Logger LOG = LoggerFactory.getLogger(SingleSignOn.class);
    private static final String COOKIE = "hub_oidc";
    private static final String CALLBACK = "/auth/oidc/callback";
    private static final int LOGIN_MINUTES = 10;

    private static final String INSERT_LOGIN = """
        INSERT INTO oidc_logins (state_hash, nonce, verifier, return_to) VALUES ($1, $2, $3, $4)
        """;
    /** Takes the login started with this state, once: a second callback with it finds nothing. */
    private static final String TAKE_LOGIN = """
        DELETE FROM oidc_logins WHERE state_hash = $1 RETURNING nonce, verifier, return_to,
               created_at > now() - make_interval(mins => $2) AS fresh
        """;
    private static final String FORGET_OLD_LOGINS = "DELETE FROM oidc_logins WHERE created_at < now() - interval '1 day'";
    private static final String IDENTITY = "SELECT user_id FROM oidc_identities WHERE issuer = $1 AND subject = $2";
    private static final String LINK = "INSERT INTO oidc_identities (issuer, subject, user_id) VALUES ($1, $2, $3)";
    /** An account by address; addresses are stored in lower case, so the unique index on them serves it. */
    static final String USER_BY_EMAIL = "SELECT id FROM users WHERE email = lower($1)";
    private static final String CREATE_USER = """
        INSERT INTO users (email, password_hash, display_name, organisation) VALUES ($1, $2, $3, $4) RETURNING id
        """;
    private static final String SET_ORGANISATION = "UPDATE users SET organisation = $2, updated_at = now() WHERE id = $1";

    private final Vertx vertx;
    private final Pool pool;
    private final HubConfig.Oidc config;
    private final String baseUrl;
    private final boolean secureCookie;
    private final AccountService accounts;
    private final Authentication authentication;
    private final Pages pages;
    private Future<OAuth2Auth> provider;

    SingleSignOn(Vertx vertx, Pool pool, HubConfig config, AccountService accounts, Authentication authentication, Pages pages) {
        this.vertx = vertx;
        this.pool = pool;
        this.config = config.oidc();
        this.baseUrl = config.http().baseUrl();
        this.secureCookie = config.http().cookieSecure();
        this.accounts = accounts;
        this.authentication = authentication;
        this.pages = pages;
    }

    boolean enabled() {
        return config.enabled();
    }

    /** What the sign-in button calls the provider. */
    String displayName() {
        return config.displayName();
    }

    void mount(Router router) {
        if (!enabled()) {
            return;
        }
        router.get("/auth/oidc/start").handler(this::start);
        router.get(CALLBACK).handler(this::callback);
    }

    /**
     * The provider, from its discovery document; fetched on first use, not at start-up, so the hub starts while
     * the provider is unreachable, and fetched again after a failure.
     */
    private synchronized Future<OAuth2Auth> provider() {
        if (provider == null || provider.failed()) {
            provider = OpenIDConnectAuth.discover(vertx, new OAuth2Options()
                .setSite(config.issuer().orElseThrow()).setClientId(config.clientId()).setClientSecret(config.clientSecret()));
        }
        return provider;
    }

    private void start(RoutingContext ctx) {
        String state = SecretTokens.newToken();
        String nonce = SecretTokens.newToken();
        String verifier = SecretTokens.newToken() + SecretTokens.newToken();
        String returnTo = AccountPages.safeReturnTo(ctx.request().getParam("returnTo"));
        provider().compose(oauth -> pool.preparedQuery(FORGET_OLD_LOGINS).execute()
                .compose(v -> pool.preparedQuery(INSERT_LOGIN).execute(Tuple.of(SecretTokens.hash(state), nonce, verifier, returnTo)))
                .map(v -> oauth.authorizeURL(new OAuth2AuthorizationURL().setRedirectUri(baseUrl + CALLBACK)
                    .setScopes(List.of("openid", "profile", "email")).setState(state)
                    .setCodeChallenge(challenge(verifier)).setCodeChallengeMethod("S256")
                    .putAdditionalParameter("nonce", nonce))))
            .onSuccess(url -> {
                ctx.response().addCookie(Cookie.cookie(COOKIE, state).setPath("/auth/oidc").setHttpOnly(true)
                    .setSecure(secureCookie).setSameSite(CookieSameSite.LAX).setMaxAge(LOGIN_MINUTES * 60L));
                ctx.response().setStatusCode(302).putHeader("Location", url).putHeader("Cache-Control", "no-store").end();
            })
            .onFailure(err -> {
                LOG.warn("single sign-on could not start", err);
                refuse(ctx, 503, "unavailable", displayName() + " sign-in is not available at the moment",
                    "The hub could not reach " + displayName() + ". Try again in a few minutes, or sign in with your email address and password.");
            });
    }

    private void callback(RoutingContext ctx) {
        RequestOrigin origin = RequestOrigin.of(ctx);
        String state = ctx.request().getParam("state");
        String code = ctx.request().getParam("code");
        Cookie cookie = ctx.request().getCookie(COOKIE);
        ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/auth/oidc").setMaxAge(0));
        if (ctx.request().getParam("error") != null) {
            audit(origin, "sign-in.oidc-refused", new JsonObject().put("error", ctx.request().getParam("error")));
            refuse(ctx, 400, "provider-refused", "You were not signed in",
                displayName() + " did not sign you in" + ("access_denied".equals(ctx.request().getParam("error"))
                    ? ": you chose not to, or your account may not use the hub." : ".") + " You can try again.");
            return;
        }
        if (state == null || code == null || cookie == null || !MessageDigest.isEqual(
                cookie.getValue().getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
            // a callback this browser did not start: someone may be trying to sign it in to their own account
            audit(origin, "sign-in.oidc-refused", new JsonObject().put("reason", "state"));
            refuse(ctx, 400, "state", "Sign-in did not complete", "This sign-in link was not started in this browser, "
                + "or has been used already. Start again from the sign-in page.");
            return;
        }
        pool.preparedQuery(TAKE_LOGIN).execute(Tuple.of(SecretTokens.hash(state), LOGIN_MINUTES)).onComplete(taken -> {
            if (taken.failed()) {
                ctx.fail(taken.cause());
                return;
            }
            Row login = taken.result().size() == 0 ? null : taken.result().iterator().next();
            if (login == null || !login.getBoolean("fresh")) {
                audit(origin, "sign-in.oidc-refused", new JsonObject().put("reason", login == null ? "replayed" : "expired"));
                refuse(ctx, 400, "state", "Sign-in did not complete", "This sign-in has been used already or took too long. "
                    + "Start again from the sign-in page.");
                return;
            }
            provider().compose(oauth -> oauth.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE)
                    .setCode(code).setRedirectUri(baseUrl + CALLBACK).setCodeVerifier(login.getString("verifier"))))
                .compose(user -> claims(user, login.getString("nonce")))
                .compose(claims -> account(claims, origin))
                .compose(account -> accounts.completeSignIn(account, origin))
                .onSuccess(signIn -> {
                    authentication.startSession(ctx, signIn.token());
                    Pages.seeOther(ctx, login.getString("return_to"));
                })
                .onFailure(err -> {
                    if (err instanceof Refusal refusal) {
                        audit(origin, "sign-in.oidc-refused", new JsonObject().put("reason", refusal.reason()));
                        refuse(ctx, 400, refusal.reason(), refusal.title(), refusal.getMessage());
                    } else {
                        LOG.warn("single sign-on failed", err);
                        audit(origin, "sign-in.oidc-refused", new JsonObject().put("reason", "exchange"));
                        refuse(ctx, 400, "exchange", "Sign-in did not complete", displayName()
                            + " did not confirm who you are. Start again from the sign-in page.");
                    }
                });
        });
    }

    /** A sign-in refused for a reason the person is told about. */
    private static final class Refusal extends RuntimeException {
        private final String reason;
        private final String title;

        Refusal(String reason, String title, String message) {
            super(message, null, false, false);
            this.reason = reason;
            this.title = title;
        }

        String reason() {
            return reason;
        }

        String title() {
            return title;
        }
    }

    /** The ID token's claims, once its issuer, audience, expiry and nonce are the ones this sign-in expects. */
    private Future<JsonObject> claims(User user, String nonce) {
        JsonObject idToken = user.attributes().getJsonObject("idToken");
        if (idToken == null) {
            return Future.failedFuture(new Refusal("id-token", "Sign-in did not complete",
                displayName() + " did not send an ID token. Start again from the sign-in page."));
        }
        Object audience = idToken.getValue("aud");
        boolean forUs = audience instanceof String one ? one.equals(config.clientId())
            : audience instanceof JsonArray many && many.contains(config.clientId());
        long now = System.currentTimeMillis() / 1000;
        if (!config.issuer().orElseThrow().equals(idToken.getString("iss")) || !forUs
            || idToken.getLong("exp", 0L) < now - 60) {
            return Future.failedFuture(new Refusal("id-token", "Sign-in did not complete",
                "The answer from " + displayName() + " was not meant for this hub. Start again from the sign-in page."));
        }
        if (!nonce.equals(idToken.getString("nonce"))) {
            return Future.failedFuture(new Refusal("nonce", "Sign-in did not complete",
                "The answer from " + displayName() + " did not belong to this sign-in. Start again from the sign-in page."));
        }
        return Future.succeededFuture(idToken);
    }

    /** The hub account of the provider's person: linked before, or linked or created now from a vouched-for email. */
    private Future<Account> account(JsonObject claims, RequestOrigin origin) {
        String issuer = claims.getString("iss");
        String subject = claims.getString("sub");
        Optional<String> organisation = config.organisationClaim().map(claims::getValue).map(Object::toString)
            .map(String::strip).filter(text -> !text.isEmpty() && text.length() <= 200);
        return pool.withTransaction(tx -> tx.preparedQuery(IDENTITY).execute(Tuple.of(issuer, subject)).compose(found -> {
            if (found.size() > 0) {
                UUID userId = found.iterator().next().getUUID("user_id");
                return organised(tx, userId, organisation).map(userId);
            }
            String email = claims.getString("email", claims.getString("preferred_username"));
            boolean vouched = Boolean.TRUE.equals(claims.getValue("email_verified")) || "true".equals(String.valueOf(claims.getValue("email_verified")))
                || Boolean.TRUE.equals(claims.getValue("xms_edov")) || "1".equals(String.valueOf(claims.getValue("xms_edov")));
            if (email == null || !email.contains("@") || !vouched) {
                return Future.failedFuture(new Refusal("unverified-email", "Your email address could not be confirmed",
                    displayName() + " did not confirm that the email address on your account is yours, so the hub cannot "
                        + "sign you in with it. Sign in with your email address and password, or ask your "
                        + displayName() + " administrator to confirm your address."));
            }
            String address = email.strip().toLowerCase(Locale.ROOT);
            return tx.preparedQuery(USER_BY_EMAIL).execute(Tuple.of(address)).compose(users -> {
                if (users.size() > 0) {
                    UUID userId = users.iterator().next().getUUID("id");
                    return link(tx, issuer, subject, userId, "account.oidc-linked", address, origin)
                        .compose(v -> organised(tx, userId, organisation)).map(userId);
                }
                String name = Optional.ofNullable(claims.getString("name")).map(String::strip).filter(n -> !n.isEmpty())
                    .orElse(address.substring(0, address.indexOf('@')));
                // no password can match a hash of a secret nobody is given: the account signs in through the provider
                // until its owner sets a password with "Forgotten your password?"
                return tx.preparedQuery(CREATE_USER).execute(Tuple.of(address, "unusable:" + SecretTokens.hash(SecretTokens.newToken()),
                        name.length() > 100 ? name.substring(0, 100) : name, organisation.orElse(null)))
                    .map(created -> created.iterator().next().getUUID("id"))
                    .compose(userId -> link(tx, issuer, subject, userId, "account.oidc-created", address, origin).map(userId));
            });
        })).compose(userId -> accounts.find(userId)).map(found -> found.orElseThrow());
    }

    private static Future<Void> organised(SqlClient tx, UUID userId, Optional<String> organisation) {
        return organisation.isEmpty() ? Future.succeededFuture()
            : tx.preparedQuery(SET_ORGANISATION).execute(Tuple.of(userId, organisation.get())).mapEmpty();
    }

    private static Future<Void> link(SqlClient tx, String issuer, String subject, UUID userId, String action, String email,
                                     RequestOrigin origin) {
        return tx.preparedQuery(LINK).execute(Tuple.of(issuer, subject, userId))
            .compose(v -> AuditLog.record(tx, new AuditLog.Entry(userId, action, email, origin.remoteAddress(),
                origin.requestId(), new JsonObject().put("issuer", issuer))));
    }

    private void audit(RequestOrigin origin, String action, JsonObject detail) {
        AuditLog.record(pool, new AuditLog.Entry(null, action, null, origin.remoteAddress(), origin.requestId(), detail))
            .onFailure(err -> LOG.warn("could not record a refused single sign-on", err));
    }

    private void refuse(RoutingContext ctx, int status, String reason, String title, String message) {
        pages.render(ctx, status, "account/sign-in-refused", Map.of("title", title, "message", message,
            "provider", displayName())).onFailure(ctx::fail);
    }

    /** The PKCE S256 challenge of a verifier (RFC 7636). */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
