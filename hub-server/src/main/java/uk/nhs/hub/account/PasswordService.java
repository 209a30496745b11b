package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Outbox;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.SecretTokens;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Password reset by emailed link, and password change by a signed-in person. Either way the new password must
 * pass {@link PasswordRules}, and sign-ins made with the old one end: every one after a reset (whoever forgot
 * the password may not be the only one who knew it), every other one after a change.
 */
final class PasswordService {

    /**
     * How long every reset request takes to answer, known address or not. The work runs beside this timer, not
     * inside it, so the answer's timing cannot depend on whether an account was found.
     */
    static final long ANSWER_AFTER_MILLIS = 250;

    /** Reset emails per account per hour; more requests are answered the same but send nothing. */
    static final int EMAILS_PER_ACCOUNT_PER_HOUR = 3;

    /** The answer to every accepted reset request, known address or not. */
    static final String REQUEST_ANSWER = "If that email address has an account, we have sent it a link to reset"
        + " the password. The link works once, for 1 hour.";

    static final String CLOSED_LINK = "This link to reset your password has expired or has already been used."
        + " Ask for a new one.";

    private static final Logger LOG = LoggerFactory.getLogger(PasswordService.class);

    /** The person a reset link or a password change is for. */
    private record Person(UUID id, String email, String displayName) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final PasswordHasher hasher;
    private final EventBusBridge bridge;
    private final EmailTemplates emails;
    private final String baseUrl;
    private final ResetRequestLimit requestLimit;
    private final LoginThrottle guessLimit;

    PasswordService(Vertx vertx, Pool pool, PasswordHasher hasher, EventBusBridge bridge, EmailTemplates emails,
                    String baseUrl, ResetRequestLimit requestLimit, LoginThrottle guessLimit) {
        this.vertx = vertx;
        this.pool = pool;
        this.hasher = hasher;
        this.bridge = bridge;
        this.emails = emails;
        this.baseUrl = baseUrl;
        this.requestLimit = requestLimit;
        this.guessLimit = guessLimit;
    }

    /**
     * Emails a reset link when {@code email} belongs to an account and it has not had too many this hour. Succeeds
     * after {@link #ANSWER_AFTER_MILLIS} whatever happened, so callers answer alike for known and unknown
     * addresses; only a missing or malformed address (400) or too many requests from one client (429) fail.
     */
    Future<Void> requestReset(String email, RequestOrigin origin) {
        String normalised = EmailAddresses.normalise(email);
        try {
            if (normalised.isEmpty()) {
                throw HubException.invalid("email", "Enter your email address");
            }
            if (!EmailAddresses.isValid(normalised)) {
                throw HubException.invalid("email", EmailAddresses.FORMAT_MESSAGE);
            }
            requestLimit.count(origin.remoteAddress());
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        Promise<Void> answer = Promise.promise();
        vertx.setTimer(ANSWER_AFTER_MILLIS, t -> answer.complete());
        sendResetLink(normalised, origin)
            .onFailure(err -> LOG.error("could not queue a password reset email", err));
        return answer.future();
    }

    private Future<Void> sendResetLink(String email, RequestOrigin origin) {
        String token = SecretTokens.newToken();
        return pool.withTransaction(tx -> tx.preparedQuery(PasswordSql.FIND_PERSON_BY_EMAIL).execute(Tuple.of(email))
            .compose(rows -> first(rows).map(PasswordService::person)
                .map(person -> tx.preparedQuery(PasswordSql.RECENT_RESETS).execute(Tuple.of(person.id()))
                    .compose(recent -> recent.iterator().next().getLong("recent") >= EMAILS_PER_ACCOUNT_PER_HOUR
                        ? Future.<Void>succeededFuture()
                        : queueLink(tx, person, token, origin)))
                .orElseGet(Future::succeededFuture)));
    }

    private Future<Void> queueLink(SqlClient tx, Person person, String token, RequestOrigin origin) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", person.displayName());
        model.put("link", baseUrl + "/reset-password?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        EmailTemplates.Rendered email = emails.render("password-reset", model);
        return tx.preparedQuery(PasswordSql.INSERT_RESET).execute(Tuple.of(SecretTokens.hash(token), person.id()))
            .compose(v -> Outbox.enqueue(tx, new Outbox.Message(person.email(), email.subject(), email.text(),
                email.html(), null, null)))
            .compose(v -> AuditLog.record(tx, new AuditLog.Entry(null, "password.reset-requested", person.email(),
                origin.remoteAddress(), origin.requestId(), new JsonObject().put("userId", person.id().toString()))));
    }

    /** Whether a reset link can still be used, so that its page can say at once when it cannot. */
    Future<Boolean> isOpen(String token) {
        return token == null || token.isBlank() ? Future.succeededFuture(false) : openReset(token).map(Optional::isPresent);
    }

    /**
     * Sets a new password from a reset link and ends every sign-in of that person. 400 on {@code token} when the
     * link is unknown, used or expired; 400 on {@code password} when the password breaks the rules.
     */
    Future<Void> confirmReset(String token, String password, RequestOrigin origin) {
        if (token == null || token.isBlank()) {
            return Future.failedFuture(HubException.invalid("token", "Use the link in your email to reset your password"));
        }
        return openReset(token)
            .compose(found -> found.map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(HubException.invalid("token", CLOSED_LINK))))
            .compose(person -> checkRules(person, "password", password)
                .compose(hasher::hash)
                .compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(PasswordSql.USE_RESET)
                    .execute(Tuple.of(SecretTokens.hash(token)))
                    .compose(used -> used.rowCount() == 0
                        ? Future.<List<UUID>>failedFuture(HubException.invalid("token", CLOSED_LINK))
                        : replacePassword(tx, person, hash, null))
                    .compose(ended -> AuditLog.record(tx, new AuditLog.Entry(person.id(), "password.reset",
                        person.email(), origin.remoteAddress(), origin.requestId(),
                        new JsonObject().put("sessionsEnded", ended.size()))))))
                .onSuccess(v -> bridge.revoke(person.id().toString())));
    }

    /**
     * Changes a signed-in person's password and ends their other sign-ins, keeping {@code currentSession}. 400 on
     * {@code currentPassword} when it is wrong (counted like a failed sign-in), on {@code newPassword} when the
     * new one breaks the rules; 429 after too many wrong guesses.
     */
    Future<Void> change(SignedInUser user, UUID currentSession, String currentPassword, String newPassword,
                        RequestOrigin origin) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (currentPassword == null || currentPassword.isEmpty()) {
            missing.put("currentPassword", "Enter your current password");
        }
        if (newPassword == null || newPassword.isEmpty()) {
            missing.put("newPassword", "Enter a new password");
        }
        if (!missing.isEmpty()) {
            return Future.failedFuture(HubException.invalidFields(missing));
        }
        try {
            guessLimit.check(user.email(), origin.remoteAddress());
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return pool.preparedQuery(PasswordSql.FIND_CREDENTIALS_BY_ID).execute(Tuple.of(user.id()))
            .compose(rows -> {
                Row row = first(rows).orElseThrow(() -> HubException.unauthenticated("This account no longer exists"));
                Person person = new Person(user.id(), row.getString("email"), row.getString("display_name"));
                return hasher.matches(currentPassword, row.getString("password_hash"))
                    .compose(matches -> {
                        if (!matches) {
                            guessLimit.recordFailure(user.email(), origin.remoteAddress());
                            return Future.failedFuture(HubException.invalid("currentPassword",
                                "Your current password is not correct"));
                        }
                        return checkRules(person, "newPassword", newPassword);
                    })
                    .compose(hasher::hash)
                    .compose(hash -> pool.withTransaction(tx -> replacePassword(tx, person, hash, currentSession)
                        .compose(ended -> AuditLog.record(tx, new AuditLog.Entry(person.id(), "password.changed",
                                person.email(), origin.remoteAddress(), origin.requestId(),
                                new JsonObject().put("sessionsEnded", ended.size())))
                            .map(ended))))
                    .onSuccess(ended -> ended.forEach(session -> bridge.endSession(person.id().toString(),
                        session.toString(), AccountEvents.userAddress(person.id()), AccountEvents.signedOut())))
                    .<Void>mapEmpty();
            });
    }

    /** Stores the new hash, closes any reset links, and ends sign-ins other than {@code keep} (all when null). */
    private Future<List<UUID>> replacePassword(SqlClient tx, Person person, String hash, UUID keep) {
        return tx.preparedQuery(PasswordSql.SET_PASSWORD).execute(Tuple.of(person.id(), hash))
            .compose(v -> tx.preparedQuery(PasswordSql.CLOSE_OPEN_RESETS).execute(Tuple.of(person.id())))
            .compose(v -> keep == null
                ? tx.preparedQuery(PasswordSql.REVOKE_EVERY_SESSION).execute(Tuple.of(person.id()))
                : tx.preparedQuery(PasswordSql.REVOKE_OTHER_SESSIONS).execute(Tuple.of(person.id(), keep)))
            .map(rows -> {
                List<UUID> ended = new ArrayList<>();
                rows.forEach(row -> ended.add(row.getUUID("id")));
                return ended;
            });
    }

    private Future<String> checkRules(Person person, String field, String password) {
        return vertx.executeBlocking(() -> {
            PasswordRules.problem(password, person.email(), person.displayName()).ifPresent(problem -> {
                throw HubException.invalid(field, problem);
            });
            return password;
        }, false);
    }

    private Future<Optional<Person>> openReset(String token) {
        return pool.preparedQuery(PasswordSql.OPEN_RESET).execute(Tuple.of(SecretTokens.hash(token)))
            .map(rows -> first(rows).map(PasswordService::person));
    }

    private static Person person(Row row) {
        return new Person(row.getUUID("id"), row.getString("email"), row.getString("display_name"));
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }
}
