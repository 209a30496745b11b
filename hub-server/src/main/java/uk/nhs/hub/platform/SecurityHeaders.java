package uk.nhs.hub.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Sets the browser security headers on every response, including a Content-Security-Policy that allows
 * scripts only from the hub itself or carrying this response's nonce (available to templates as
 * {@code cspNonce}).
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

    static final String NONCE_KEY = "hub.cspNonce";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void handle(RoutingContext ctx) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        ctx.put(NONCE_KEY, nonce);
        ctx.response().headers()
            .set("X-Content-Type-Options", "nosniff")
            .set("X-Frame-Options", "DENY")
            .set("Referrer-Policy", "same-origin")
            .set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'nonce-" + nonce + "'; "
                + "style-src 'self'; img-src 'self' data:; font-src 'self' https://assets.nhs.uk; "
                + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
                + "object-src 'none'");
        ctx.next();
    }
}
