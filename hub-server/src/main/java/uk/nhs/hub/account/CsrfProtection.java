package uk.nhs.hub.account;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Signed double-submit CSRF protection. Every browser gets a {@value #COOKIE} cookie holding a random value and
 * its HMAC; pages put the same token in forms ({@value #FORM_FIELD}) and scripts send it as {@value #HEADER}.
 * An unsafe request must echo the cookie when it is authenticated by the session cookie, and always when it is
 * a form post. Requests authenticated by a Bearer token, which browsers never add on their own, need no token.
 */
public final class CsrfProtection implements Handler<RoutingContext> {

    public static final String COOKIE = "hub_csrf";
    public static final String HEADER = "X-CSRF-Token";
    public static final String FORM_FIELD = "csrf";

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final boolean secureCookies;

    public CsrfProtection(AccessTokens tokens, boolean secureCookies) {
        this.key = hmac(tokens.key(), "csrf-key".getBytes(StandardCharsets.UTF_8));
        this.secureCookies = secureCookies;
    }

    /** Set on a streamed upload that sent no token header: its form must carry the token ahead of the file. */
    public static final String FORM_TOKEN_PENDING = "hub.csrfFormPending";

    @Override
    public void handle(RoutingContext ctx) {
        check(ctx, false);
    }

    /**
     * The same protection for multipart uploads streamed without the body handler, whose form fields are not read
     * when this runs: without the header, {@link #FORM_TOKEN_PENDING} is set and the upload must check the form's
     * token with {@link #formEchoes} before it stores anything.
     */
    public Handler<RoutingContext> allowingStreamedForm() {
        return ctx -> check(ctx, true);
    }

    /** Whether a token read from a streamed form matches this browser's cookie. */
    public boolean formEchoes(RoutingContext ctx, String sent) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        return cookie != null && sent != null && isGenuine(sent) && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.US_ASCII), cookie.getValue().getBytes(StandardCharsets.US_ASCII));
    }

    private void check(RoutingContext ctx, boolean streamedForm) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        String token = cookie != null && isGenuine(cookie.getValue()) ? cookie.getValue() : null;
        if (token == null) {
            token = newToken();
            ctx.response().addCookie(Cookie.cookie(COOKIE, token)
                .setPath("/")
                .setHttpOnly(false)
                .setSecure(secureCookies)
                .setSameSite(CookieSameSite.LAX));
        }
        ctx.put(Pages.CSRF_TOKEN, token);
        if (!SAFE.contains(ctx.request().method()) && mustEcho(ctx)) {
            String sent = ctx.request().getHeader(HEADER);
            if (sent == null && streamedForm) {
                ctx.put(FORM_TOKEN_PENDING, true);
                ctx.next();
                return;
            }
            if (sent == null) {
                sent = ctx.request().getFormAttribute(FORM_FIELD);
            }
            boolean matches = cookie != null && sent != null && isGenuine(sent) && MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.US_ASCII), cookie.getValue().getBytes(StandardCharsets.US_ASCII));
            if (!matches) {
                ctx.fail(new HubException(403, "csrf",
                    "This form has expired or did not come from this site. Go back, reload the page and try again.",
                    null));
                return;
            }
        }
        ctx.next();
    }

    private static boolean mustEcho(RoutingContext ctx) {
        if (Boolean.TRUE.equals(ctx.get(Authentication.VIA_COOKIE))) {
            return true;
        }
        if (ctx.request().getHeader("Authorization") != null) {
            return false;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null) {
            return ctx.request().getCookie(Authentication.COOKIE) != null;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/form-data")
            || lower.startsWith("text/plain") || ctx.request().getCookie(Authentication.COOKIE) != null;
    }

    private String newToken() {
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        String random = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        return random + "." + sign(random);
    }

    private boolean isGenuine(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || token.length() > 200) {
            return false;
        }
        String expected = sign(token.substring(0, dot));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
            token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String random) {
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString(hmac(key, random.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
