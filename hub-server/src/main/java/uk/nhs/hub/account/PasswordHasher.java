package uk.nhs.hub.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Hashes and checks passwords with argon2id (19 MiB, 2 passes, 1 lane: OWASP's minimum recommendation),
 * stored in the PHC string format so that the parameters can be raised later without breaking old hashes.
 * Hashing is deliberately slow, so it runs on worker threads, never on an event loop.
 */
public final class PasswordHasher {

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

    private final Vertx vertx;

    public PasswordHasher(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Checked when the email is unknown, so that a miss takes as long as a wrong password. */
    private static final class Decoy {
        static final String HASH = hashNow("decoy password that matches no account");
    }

    /** The PHC-format argon2id hash of {@code password} with a fresh random salt. */
    public Future<String> hash(String password) {
        return vertx.executeBlocking(() -> hashNow(password), false);
    }

    /**
     * Whether {@code password} matches {@code storedHash}; a null hash, or the unusable one of an account made by
     * single sign-on (which has no password until its owner sets one), is checked against a decoy and fails.
     */
    public Future<Boolean> matches(String password, String storedHash) {
        return vertx.executeBlocking(() -> {
            if (storedHash == null || !storedHash.startsWith("$argon2")) {
                Password.check(password, Decoy.HASH).with(ARGON2);
                return false;
            }
            return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
        }, false);
    }

    private static String hashNow(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }
}
