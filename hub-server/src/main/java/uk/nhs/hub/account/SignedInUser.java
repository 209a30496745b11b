package uk.nhs.hub.account;

import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who made the request, as proven by a valid access token. Other features read it with {@link #of} after
 * {@link Authentication#identify()} has run.
 *
 * @param expiresAt when the token presented expires
 */
public record SignedInUser(UUID id, String email, String displayName, Instant expiresAt) {

    static final String KEY = "hub.signedInUser";

    /** The signed-in user of this request, if any. */
    public static Optional<SignedInUser> of(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(KEY));
    }

    /** The signed-in user of a request that passed {@link Authentication#requireUser()}. */
    public static SignedInUser required(RoutingContext ctx) {
        return of(ctx).orElseThrow(() -> new IllegalStateException("route lacks Authentication.requireUser()"));
    }

    Map<String, Object> pageModel() {
        return Map.of("id", id.toString(), "displayName", displayName, "email", email);
    }
}
