package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Issues and verifies the hub's access tokens: HS256 JWTs naming the user and their sign-in session (the
 * {@code sid} claim), valid for the configured number of minutes. A token proves only who signed in; whether
 * its session is still live is for {@link Sessions} to say. The signing key is read from a file, generated there
 * on first start when absent.
 */
public final class AccessTokens {

    static final String ISSUER = "network-hub";

    private final JWTAuth jwt;
    private final Duration lifetime;
    private final byte[] key;

    private AccessTokens(JWTAuth jwt, Duration lifetime, byte[] key) {
        this.jwt = jwt;
        this.lifetime = lifetime;
        this.key = key;
    }

    /** Loads (or creates) the signing key off the event loop and builds the token service. */
    public static Future<AccessTokens> create(Vertx vertx, Path keyFile, Duration lifetime) {
        return vertx.executeBlocking(() -> loadOrCreateKey(keyFile))
            .map(key -> {
                String secret = Base64.getEncoder().encodeToString(key);
                JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                    .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
                    .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setLeeway(5)));
                return new AccessTokens(jwt, lifetime, key);
            });
    }

    static byte[] loadOrCreateKey(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length < 32) {
                throw new IOException("the signing key in " + file + " is shorter than 32 bytes");
            }
            return key;
        }
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "jwt", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the directory's own permissions apply
        }
        Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file);
        return key;
    }

    /** How long a token lasts. */
    public Duration lifetime() {
        return lifetime;
    }

    /** The raw signing key, from which other per-installation secrets (such as the CSRF key) are derived. */
    byte[] key() {
        return key.clone();
    }

    /** A token that verified: who it names and the session it belongs to. */
    record Verified(SignedInUser user, UUID sessionId) {
    }

    /** A new token for the account in one of its sessions. */
    String issue(Account account, UUID sessionId) {
        return issue(account.id(), account.email(), account.displayName(), sessionId);
    }

    String issue(UUID id, String email, String displayName, UUID sessionId) {
        JsonObject claims = new JsonObject()
            .put("sub", id.toString())
            .put("sid", sessionId.toString())
            .put("email", email)
            .put("name", displayName);
        return jwt.generateToken(claims, new JWTOptions()
            .setAlgorithm("HS256")
            .setIssuer(ISSUER)
            .setExpiresInSeconds((int) lifetime.toSeconds()));
    }

    /**
     * The user and session a token names; fails when it is malformed, tampered with, expired, from another issuer
     * or names no session (issued before sessions could be ended, so it cannot be revoked and is not trusted).
     */
    Future<Verified> verify(String token) {
        return jwt.authenticate(new TokenCredentials(token)).map(user -> {
            JsonObject claims = user.attributes().getJsonObject("accessToken");
            if (claims == null) {
                throw new IllegalArgumentException("token carries no claims");
            }
            Long exp = claims.getLong("exp");
            String sub = claims.getString("sub");
            String sid = claims.getString("sid");
            if (exp == null || sub == null || sid == null) {
                throw new IllegalArgumentException("token lacks exp, sub or sid");
            }
            return new Verified(new SignedInUser(UUID.fromString(sub), claims.getString("email"),
                claims.getString("name"), Instant.ofEpochSecond(exp)), UUID.fromString(sid));
        });
    }
}
