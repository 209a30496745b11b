package uk.nhs.hub.account;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.recovery.RecoveryCodeGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.SecretTokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Two-step sign-in with an authenticator app (RFC 6238: SHA-1, 6 digits, 30-second steps, as the apps expect).
 * Setting up is pending until a first code confirms the app has the secret; that also hands out ten single-use
 * recovery codes. Each time step's code is accepted once per person, one step either side of now is allowed for
 * clock drift, and wrong codes are throttled like wrong passwords.
 */
public final class TwoStepService implements AccountService.SecondStep {

    /** What a person's two-step sign-in looks like now, for the account page. */
    public record Status(boolean on, boolean pending, long recoveryCodesLeft) {
    }

    /** A started set-up: the secret to type in, and the address an app's QR scanner reads. */
    public record Setup(String secret, String otpauthUri) {
    }

    static final String ISSUER = "Network hub";
    static final int PERIOD_SECONDS = 30;
    static final int RECOVERY_CODES = 10;
    static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    static final String WRONG_CODE = "The code is not correct. Enter the 6-digit code your authenticator app shows now, "
        + "or one of your recovery codes";

    private final Pool pool;
    private final AccountService accounts;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final CodeGenerator codes = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6);
    private final DefaultSecretGenerator secrets = new DefaultSecretGenerator(32);
    private final RecoveryCodeGenerator recoveryCodes = new RecoveryCodeGenerator();

    TwoStepService(Pool pool, AccountService accounts, LoginThrottle throttle, Clock clock) {
        this.pool = pool;
        this.accounts = accounts;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Whether the person has two-step sign-in on, or a set-up waiting for its first code. */
    public Future<Status> status(UUID userId) {
        return find(pool, userId).compose(row -> {
            if (row.isEmpty()) {
                return Future.succeededFuture(new Status(false, false, 0));
            }
            boolean on = row.get().getOffsetDateTime("confirmed_at") != null;
            return pool.preparedQuery(TwoStepSql.RECOVERY_CODES_LEFT).execute(Tuple.of(userId))
                .map(rows -> new Status(on, !on, on ? rows.iterator().next().getLong("left") : 0));
        });
    }

    /** Starts setting up with a new secret; 409 when two-step sign-in is already on. */
    public Future<Setup> begin(SignedInUser user) {
        String secret = secrets.generate();
        return pool.preparedQuery(TwoStepSql.BEGIN).execute(Tuple.of(user.id(), secret))
            .compose(rows -> rows.size() == 0
                ? Future.failedFuture(HubException.conflict(null, "Two-step sign-in is already on"))
                : Future.succeededFuture(new Setup(secret, otpauthUri(user.email(), secret))));
    }

    /** The pending set-up's secret again, so a page reloaded between steps shows the same one. */
    public Future<Optional<Setup>> pending(SignedInUser user) {
        return find(pool, user.id()).map(row -> row
            .filter(r -> r.getOffsetDateTime("confirmed_at") == null)
            .map(r -> new Setup(r.getString("secret"), otpauthUri(user.email(), r.getString("secret")))));
    }

    /** Confirms the set-up with a current code and returns ten new recovery codes, shown this once. */
    public Future<List<String>> confirm(SignedInUser user, String code, RequestOrigin origin) {
        String digits = digits(code);
        if (digits == null) {
            return Future.failedFuture(HubException.invalid("code", "Enter the 6-digit code from your authenticator app"));
        }
        return guarded(user.id(), origin, () -> pool.withTransaction(tx -> find(tx, user.id()).compose(row -> {
            if (row.isEmpty() || row.get().getOffsetDateTime("confirmed_at") != null) {
                return Future.failedFuture(HubException.conflict(null, row.isEmpty()
                    ? "Start setting up two-step sign-in first" : "Two-step sign-in is already on"));
            }
            return useStep(tx, user.id(), row.get().getString("secret"), digits, false).compose(ok -> {
                if (!ok) {
                    return Future.succeededFuture(Optional.<List<String>>empty());
                }
                List<String> plain = Arrays.asList(recoveryCodes.generateCodes(RECOVERY_CODES));
                return storeRecoveryCodes(tx, user.id(), plain)
                    .compose(v -> AuditLog.record(tx, new AuditLog.Entry(user.id(), "two-step.on", user.email(),
                        origin.remoteAddress(), origin.requestId(), null)))
                    .map(v -> Optional.of(plain));
            });
        })));
    }

    /** Turns two-step sign-in off, given a current code or a recovery code; 409 when it is not on. */
    public Future<Void> turnOff(SignedInUser user, String code, RequestOrigin origin) {
        if (code == null || code.isBlank()) {
            return Future.failedFuture(HubException.invalid("code", "Enter a code from your authenticator app"));
        }
        return guarded(user.id(), origin, () -> pool.withTransaction(tx -> find(tx, user.id()).compose(row -> {
            if (row.isEmpty() || row.get().getOffsetDateTime("confirmed_at") == null) {
                return Future.failedFuture(HubException.conflict(null, "Two-step sign-in is not on"));
            }
            return checkCode(tx, user.id(), row.get().getString("secret"), code).compose(ok -> !ok
                ? Future.succeededFuture(Optional.<Boolean>empty())
                : tx.preparedQuery(TwoStepSql.TURN_OFF).execute(Tuple.of(user.id()))
                    .compose(r -> tx.preparedQuery(TwoStepSql.DELETE_RECOVERY_CODES).execute(Tuple.of(user.id())))
                    .compose(r -> AuditLog.record(tx, new AuditLog.Entry(user.id(), "two-step.off", user.email(),
                        origin.remoteAddress(), origin.requestId(), null)))
                    .map(v -> Optional.of(true)));
        }))).mapEmpty();
    }

    /**
     * Checks that the person can give a current code (or an unused recovery code, which is then used up), as
     * proof before something that cannot be undone; throttled like sign-in codes. 400 on {@code code} when it is
     * wrong or two-step sign-in is not on.
     */
    public Future<Void> prove(SignedInUser user, String code, RequestOrigin origin) {
        if (code == null || code.isBlank()) {
            return Future.failedFuture(HubException.invalid("code", "Enter a code from your authenticator app"));
        }
        return guarded(user.id(), origin, () -> pool.withTransaction(tx -> find(tx, user.id()).compose(row -> {
            if (row.isEmpty() || row.get().getOffsetDateTime("confirmed_at") == null) {
                return Future.failedFuture(HubException.invalid("code",
                    "Two-step sign-in is not on for your account: enter your password instead"));
            }
            return checkCode(tx, user.id(), row.get().getString("secret"), code)
                .map(ok -> ok ? Optional.of(true) : Optional.<Boolean>empty());
        }))).mapEmpty();
    }

    /** After a right password: a challenge for the code step when two-step sign-in is on, else nothing. */
    @Override
    public Future<Optional<String>> challengeFor(Account account) {
        return find(pool, account.id()).compose(row -> {
            if (row.isEmpty() || row.get().getOffsetDateTime("confirmed_at") == null) {
                return Future.succeededFuture(Optional.empty());
            }
            String challenge = SecretTokens.newToken();
            OffsetDateTime now = now();
            return pool.preparedQuery(TwoStepSql.DELETE_OLD_CHALLENGES).execute(Tuple.of(now))
                .compose(r -> pool.preparedQuery(TwoStepSql.INSERT_CHALLENGE).execute(Tuple.of(
                    SecretTokens.hash(challenge), account.id(), now.plus(CHALLENGE_LIFETIME))))
                .map(r -> Optional.of(challenge));
        });
    }

    /**
     * The code step of signing in: a current code or an unused recovery code for the account the challenge was
     * given to. A challenge is used up by the sign-in it completes; a wrong code leaves it for another try until
     * it expires or the throttle stops it.
     */
    public Future<AccountService.SignIn> completeSignIn(String challenge, String code, RequestOrigin origin) {
        if (challenge == null || challenge.isBlank()) {
            return Future.failedFuture(HubException.invalid("challenge", "Sign in again: the challenge is missing"));
        }
        if (code == null || code.isBlank()) {
            return Future.failedFuture(HubException.invalid("code", "Enter the code from your authenticator app"));
        }
        String hash = SecretTokens.hash(challenge);
        return pool.preparedQuery(TwoStepSql.FIND_CHALLENGE).execute(Tuple.of(hash, now())).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(staleChallenge());
            }
            UUID userId = rows.iterator().next().getUUID("user_id");
            return guarded(userId, origin, () -> pool.withTransaction(tx -> tx.preparedQuery(TwoStepSql.USE_CHALLENGE)
                        .execute(Tuple.of(hash, now()))
                        .compose(used -> used.size() == 0 ? Future.failedFuture(staleChallenge())
                            : find(tx, userId).compose(row -> row.isEmpty()
                                    || row.get().getOffsetDateTime("confirmed_at") == null
                                // turned off since the password was checked: nothing is left to check a code against
                                ? Future.failedFuture(staleChallenge())
                                : checkCode(tx, userId, row.get().getString("secret"), code)))
                        // failing rolls the transaction back, so after a wrong code the challenge stays usable
                        .compose(ok -> ok ? Future.succeededFuture(Optional.of(userId))
                            : Future.<Optional<UUID>>failedFuture(new WrongCode())))
                    .recover(err -> err instanceof WrongCode
                        ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(err)))
                .compose(id -> accounts.find(id))
                .compose(account -> accounts.completeSignIn(account.orElseThrow(
                    () -> HubException.invalid("challenge", "Sign in again")), origin));
        });
    }

    private static HubException staleChallenge() {
        return HubException.invalid("challenge", "Your sign-in has expired or was already used. Sign in again");
    }

    /** Whether a person has two-step sign-in on; networks that require it ask this. */
    public Future<Boolean> isOn(UUID userId) {
        return find(pool, userId).map(row -> row.isPresent() && row.get().getOffsetDateTime("confirmed_at") != null);
    }

    /** The current code for a secret at a time step, as an authenticator app would show it. */
    String codeAt(String secret, long step) {
        try {
            return codes.generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("The code could not be generated", e);
        }
    }

    long currentStep() {
        return Math.floorDiv(clock.instant().getEpochSecond(), PERIOD_SECONDS);
    }

    /**
     * Runs a code check under the throttle: over the limit is a 429 before anything is checked, an empty result
     * is a wrong code, counted against the person and the address, then a 400 naming {@code code}.
     */
    private <T> Future<T> guarded(UUID userId, RequestOrigin origin, java.util.function.Supplier<Future<Optional<T>>> check) {
        String key = "two-step:" + userId;
        try {
            throttle.check(key, origin.remoteAddress());
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return check.get().compose(result -> {
            if (result.isPresent()) {
                throttle.recordSuccess(key);
                return Future.succeededFuture(result.get());
            }
            throttle.recordFailure(key, origin.remoteAddress());
            return AuditLog.record(pool, new AuditLog.Entry(userId, "two-step.failed", null, origin.remoteAddress(),
                    origin.requestId(), null))
                .compose(v -> Future.failedFuture(HubException.invalid("code", WRONG_CODE)));
        });
    }

    private Future<Boolean> checkCode(SqlClient tx, UUID userId, String secret, String code) {
        String digits = digits(code);
        if (digits != null) {
            return useStep(tx, userId, secret, digits, true);
        }
        return tx.preparedQuery(TwoStepSql.USE_RECOVERY_CODE).execute(Tuple.of(userId, recoveryHash(code)))
            .map(rows -> rows.size() > 0);
    }

    /** Finds the step (now, or one either side) whose code this is, then claims it if it is newer than the last. */
    private Future<Boolean> useStep(SqlClient tx, UUID userId, String secret, String digits, boolean confirmed) {
        long now = currentStep();
        Long matched = null;
        for (long step = now - 1; step <= now + 1; step++) {
            if (MessageDigest.isEqual(codeAt(secret, step).getBytes(StandardCharsets.US_ASCII),
                digits.getBytes(StandardCharsets.US_ASCII))) {
                matched = step;
            }
        }
        if (matched == null) {
            return Future.succeededFuture(false);
        }
        return tx.preparedQuery(TwoStepSql.USE_STEP).execute(Tuple.of(userId, matched, confirmed))
            .map(rows -> rows.size() > 0);
    }

    private Future<Void> storeRecoveryCodes(SqlClient tx, UUID userId, List<String> plain) {
        List<Tuple> batch = new ArrayList<>();
        plain.forEach(code -> batch.add(Tuple.of(userId, recoveryHash(code))));
        return tx.preparedQuery(TwoStepSql.DELETE_RECOVERY_CODES).execute(Tuple.of(userId))
            .compose(r -> tx.preparedQuery(TwoStepSql.INSERT_RECOVERY_CODE).executeBatch(batch))
            .mapEmpty();
    }

    private static Future<Optional<Row>> find(SqlClient client, UUID userId) {
        return client.preparedQuery(TwoStepSql.FIND).execute(Tuple.of(userId))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Six digits, allowing the spaces apps show in the middle; null when it is not that shape. */
    private static String digits(String code) {
        if (code == null) {
            return null;
        }
        String compact = code.replaceAll("[\\s-]", "");
        return compact.matches("[0-9]{6}") ? compact : null;
    }

    /** Recovery codes are compared without case, spaces or hyphens, as people copy them in different ways. */
    static String recoveryHash(String code) {
        return SecretTokens.hash(code.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", ""));
    }

    static String otpauthUri(String email, String secret) {
        return new QrData.Builder().label(email).secret(secret).issuer(ISSUER).algorithm(HashingAlgorithm.SHA1)
            .digits(6).period(PERIOD_SECONDS).build().getUri();
    }

    /** The secret in groups of four, for typing into an app by hand. */
    static String grouped(String secret) {
        return String.join(" ", secret.split("(?<=\\G.{4})"));
    }

    /** Marks a wrong code inside a transaction so that it rolls back and is then counted by the throttle. */
    private static final class WrongCode extends RuntimeException {
        WrongCode() {
            super(null, null, false, false);
        }
    }
}
