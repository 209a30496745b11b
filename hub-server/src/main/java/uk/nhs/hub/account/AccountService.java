package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Registration, sign-in and sign-out. Each operation validates its input, checks limits, does its work, writes
 * the audit log and publishes what browsers need to know.
 */
public final class AccountService {

    /** What a person registers with. Optional fields may be null. */
    public record Registration(String email, String password, String displayName, String organisation,
                               String jobTitle) {
    }

    /**
     * A successful sign-in: the account and its new access token; or, when the person has two-step sign-in on,
     * no token yet but the challenge to send back with their code.
     */
    public record SignIn(Account account, String token, String challenge) {
        public SignIn(Account account, String token) {
            this(account, token, null);
        }

        public boolean twoStepRequired() {
            return challenge != null;
        }
    }

    /** Asked after a right password whether a second step is needed, and for its challenge when it is. */
    interface SecondStep {
        SecondStep NONE = account -> Future.succeededFuture(Optional.empty());

        Future<Optional<String>> challengeFor(Account account);
    }

    /**
     * Run in the transaction that starts a session, once the person has fully proved who they are; other features
     * use it to apply what configuration says about them (such as {@code HUB_ADMIN_EMAILS}).
     */
    public interface SignInStep {
        SignInStep NONE = (tx, account) -> Future.succeededFuture();

        Future<Void> signedIn(io.vertx.sqlclient.SqlClient tx, Account account);
    }

    static final int MIN_PASSWORD = PasswordRules.MIN_LENGTH;
    static final String WRONG_CREDENTIALS = "Email address or password is not correct";

    private final Vertx vertx;
    private final Pool pool;
    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final EventBusBridge bridge;
    private volatile SecondStep secondStep = SecondStep.NONE;
    private volatile SignInStep signInStep = SignInStep.NONE;

    AccountService(Vertx vertx, Pool pool, AccountRepository accounts, PasswordHasher hasher, AccessTokens tokens,
                   Sessions sessions, LoginThrottle throttle, EventBusBridge bridge) {
        this.vertx = vertx;
        this.pool = pool;
        this.accounts = accounts;
        this.hasher = hasher;
        this.tokens = tokens;
        this.sessions = sessions;
        this.throttle = throttle;
        this.bridge = bridge;
    }

    /** Creates an account; 400 naming the first invalid field, 409 when the email address is taken. */
    public Future<Account> register(Registration registration, RequestOrigin origin) {
        // the password rule's guessability estimate takes milliseconds: off the event loop
        return vertx.executeBlocking(() -> validate(registration), false).compose(clean -> hasher.hash(clean.password())
            .compose(hash -> pool.withTransaction(tx -> accounts
                .insert(tx, clean.email(), hash, clean.displayName(), clean.organisation(), clean.jobTitle())
                .compose(account -> AuditLog.record(tx, new AuditLog.Entry(account.id(), "account.registered",
                        account.email(), origin.remoteAddress(), origin.requestId(), null))
                    .map(account)))))
            .recover(err -> Future.failedFuture(isDuplicateEmail(err)
                ? HubException.conflict("email", "An account with this email address already exists")
                : err));
    }

    /**
     * Checks the password, starts a session and issues a token for it; 401 for a wrong email or password alike,
     * 429 when throttled.
     */
    public Future<SignIn> signIn(String email, String password, RequestOrigin origin) {
        String normalised = EmailAddresses.normalise(email);
        Map<String, String> missing = new LinkedHashMap<>();
        if (normalised.isEmpty()) {
            missing.put("email", "Enter your email address");
        }
        if (password == null || password.isEmpty()) {
            missing.put("password", "Enter your password");
        }
        if (!missing.isEmpty()) {
            return Future.failedFuture(HubException.invalidFields(missing));
        }
        try {
            throttle.check(normalised, origin.remoteAddress());
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return accounts.findCredentials(normalised)
            .compose(found -> hasher.matches(password, found.map(AccountRepository.Credentials::passwordHash)
                    .orElse(null))
                .compose(matches -> matches
                    ? passwordAccepted(found.get().account(), origin)
                    : failed(normalised, found.map(c -> c.account().id()).orElse(null), origin)));
    }

    /**
     * Ends the session, so that its token is refused from now on by every node, and records the sign-out. Live
     * connections opened under the session are told and closed; the person's other sign-ins are left alone, as
     * signing out on one device must not send another device's pages to the sign-in page.
     */
    public Future<Void> signOut(SignedInUser user, UUID sessionId, RequestOrigin origin) {
        return pool.withTransaction(tx -> sessions.revoke(tx, sessionId, user.id())
                .compose(v -> AuditLog.record(tx, new AuditLog.Entry(user.id(), "sign-out", user.email(),
                    origin.remoteAddress(), origin.requestId(), new JsonObject().put("sessionId", sessionId.toString())))))
            .onSuccess(v -> bridge.endSession(user.id().toString(), sessionId.toString(),
                AccountEvents.userAddress(user.id()), AccountEvents.signedOut()));
    }

    /** The current account of a signed-in user; 401 when it no longer exists. */
    public Future<Account> current(SignedInUser user) {
        return accounts.findById(user.id())
            .map(found -> found.orElseThrow(() -> HubException.unauthenticated("This account no longer exists")));
    }

    /** Finds an account by id. */
    public Future<Optional<Account>> find(UUID id) {
        return accounts.findById(id);
    }

    void signInStep(SignInStep step) {
        this.signInStep = step;
    }

    void secondStep(SecondStep secondStep) {
        this.secondStep = secondStep;
    }

    private Future<SignIn> passwordAccepted(Account account, RequestOrigin origin) {
        return secondStep.challengeFor(account).compose(challenge -> {
            if (challenge.isPresent()) {
                throttle.recordSuccess(account.email());
                return Future.succeededFuture(new SignIn(account, null, challenge.get()));
            }
            return succeeded(account, origin);
        });
    }

    /** Starts the session once the second step has been passed. */
    Future<SignIn> completeSignIn(Account account, RequestOrigin origin) {
        return succeeded(account, origin);
    }

    private Future<SignIn> succeeded(Account account, RequestOrigin origin) {
        throttle.recordSuccess(account.email());
        return pool.withTransaction(tx -> sessions.start(tx, account.id(), origin.userAgent(), origin.remoteAddress())
                .compose(sessionId -> AuditLog.record(tx, new AuditLog.Entry(account.id(), "sign-in", account.email(),
                        origin.remoteAddress(), origin.requestId(), new JsonObject().put("sessionId", sessionId.toString())))
                    .compose(v -> signInStep.signedIn(tx, account))
                    .map(sessionId)))
            .map(sessionId -> new SignIn(account, tokens.issue(account, sessionId)));
    }

    private Future<SignIn> failed(String email, UUID accountId, RequestOrigin origin) {
        throttle.recordFailure(email, origin.remoteAddress());
        return AuditLog.record(pool, new AuditLog.Entry(null, "sign-in.failed", email, origin.remoteAddress(),
                origin.requestId(), new JsonObject().put("knownAccount", accountId != null)))
            .compose(v -> Future.failedFuture(HubException.unauthenticated(WRONG_CREDENTIALS)));
    }

    /** Checks every field in the order the register page shows them, reporting all that are wrong. */
    static Registration validate(Registration r) {
        Map<String, String> errors = new LinkedHashMap<>();
        String displayName = trimToNull(r.displayName());
        if (displayName == null) {
            errors.put("displayName", "Enter your name");
        } else if (displayName.length() > 100) {
            errors.put("displayName", "Name must be 100 characters or fewer");
        }
        String email = EmailAddresses.normalise(r.email());
        if (email.isEmpty()) {
            errors.put("email", "Enter your email address");
        } else if (!EmailAddresses.isValid(email)) {
            errors.put("email", EmailAddresses.FORMAT_MESSAGE);
        }
        String organisation = trimToNull(r.organisation());
        if (organisation != null && organisation.length() > 200) {
            errors.put("organisation", "Organisation must be 200 characters or fewer");
        }
        String jobTitle = trimToNull(r.jobTitle());
        if (jobTitle != null && jobTitle.length() > 200) {
            errors.put("jobTitle", "Job title must be 200 characters or fewer");
        }
        String password = r.password() == null ? "" : r.password();
        PasswordRules.problem(password, email, displayName).ifPresent(problem -> errors.put("password", problem));
        if (!errors.isEmpty()) {
            throw HubException.invalidFields(errors);
        }
        return new Registration(email, password, displayName, organisation, jobTitle);
    }

    private static String trimToNull(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static boolean isDuplicateEmail(Throwable err) {
        return err instanceof PgException pg && "23505".equals(pg.getSqlState())
            && AccountSql.EMAIL_UNIQUE_CONSTRAINT.equals(pg.getConstraint());
    }
}
