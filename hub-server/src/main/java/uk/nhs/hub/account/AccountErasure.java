package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Erases a person's account at their request (UK GDPR article 17). The users row is deleted rather than kept
 * as a tombstone: every reference to it either goes with it (memberships, replies, sessions, calendar feed,
 * reactions) or is set to null (posts, threads, decisions others made), so posts stay where they are under
 * "a former member" with nothing left that leads back to the person, not even an id shared by their posts,
 * and the address is free to register again. Pending and past invitations to the address, mail waiting for it
 * and the address in audit entries go in the same transaction; the erasure itself is audited without them.
 */
final class AccountErasure {

    private final Pool pool;
    private final PasswordHasher hasher;
    private final EventBusBridge bridge;

    AccountErasure(Pool pool, PasswordHasher hasher, EventBusBridge bridge) {
        this.pool = pool;
        this.hasher = hasher;
        this.bridge = bridge;
    }

    /**
     * Erases the account once {@code proof} holds: 400 on {@code password} when it does not, 409 naming every
     * network the person is the only organiser of, 401 when the account is already gone.
     */
    Future<Void> erase(SignedInUser user, ErasureProof proof, RequestOrigin origin) {
        return pool.preparedQuery(YourDataSql.CREDENTIALS).execute(Tuple.of(user.id()))
            .compose(rows -> {
                if (rows.size() == 0) {
                    return Future.failedFuture(HubException.unauthenticated("This account no longer exists"));
                }
                Row row = rows.iterator().next();
                return verify(proof, row.getString("password_hash")).map(row.getString("email"));
            })
            .compose(email -> pool.withTransaction(tx -> tx.preparedQuery(YourDataSql.LOCK_ORGANISED_NETWORKS)
                .execute(Tuple.of(user.id()))
                .compose(locked -> tx.preparedQuery(YourDataSql.NETWORKS_ONLY_THEY_ORGANISE).execute(Tuple.of(user.id())))
                .compose(alone -> {
                    List<String> networks = new ArrayList<>();
                    alone.forEach(r -> networks.add(r.getString("name")));
                    return networks.isEmpty() ? liveSessions(tx, user.id())
                        .compose(sessions -> remove(tx, user.id(), email, origin).map(sessions))
                        : Future.<List<UUID>>failedFuture(HubException.conflict(null, "You are the only organiser of "
                            + names(networks) + ". Make someone else an organiser before you delete your account"));
                })))
            .onSuccess(sessions -> sessions.forEach(session -> bridge.endSession(user.id().toString(),
                session.toString(), AccountEvents.userAddress(user.id()), AccountEvents.accountErased())))
            .mapEmpty();
    }

    /** Each live sign-in, so that its open pages are told and closed once the erasure has committed. */
    private static Future<List<UUID>> liveSessions(SqlConnection tx, UUID userId) {
        return tx.preparedQuery(YourDataSql.LIVE_SESSIONS).execute(Tuple.of(userId)).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getUUID("id")));
            return ids;
        });
    }

    /** Each kind of {@link ErasureProof} is checked here; two-step sign-in adds a branch for its code. */
    private Future<Void> verify(ErasureProof proof, String passwordHash) {
        if (proof instanceof ErasureProof.Password p) {
            String password = p.password();
            if (password == null || password.isEmpty()) {
                return Future.failedFuture(HubException.invalid("password", "Enter your password"));
            }
            if (password.length() > PasswordRules.MAX_LENGTH) {
                return Future.failedFuture(HubException.invalid("password", "Password is not correct"));
            }
            return hasher.matches(password, passwordHash).compose(matches -> matches ? Future.succeededFuture()
                : Future.failedFuture(HubException.invalid("password", "Password is not correct")));
        }
        return Future.failedFuture(new IllegalArgumentException("unknown proof " + proof));
    }

    private static Future<Void> remove(SqlConnection tx, UUID userId, String email, RequestOrigin origin) {
        Tuple byEmail = Tuple.of(email);
        return tx.preparedQuery(YourDataSql.COUNT_POSTS).execute(Tuple.of(userId))
            .compose(count -> {
                long posts = count.iterator().next().getLong("posts");
                return tx.preparedQuery(YourDataSql.DELETE_INVITATIONS).execute(byEmail)
                    .compose(v -> tx.preparedQuery(YourDataSql.DELETE_GUEST_INVITEES).execute(byEmail))
                    .compose(v -> tx.preparedQuery(YourDataSql.DELETE_MAIL).execute(byEmail))
                    .compose(v -> tx.preparedQuery(YourDataSql.FORGET_AUDIT_SUBJECT).execute(byEmail))
                    .compose(v -> tx.preparedQuery(YourDataSql.DELETE_USER).execute(Tuple.of(userId)))
                    // no actor, subject or address: any of them would lead back to the person just erased
                    .compose(v -> AuditLog.record(tx, new AuditLog.Entry(null, "account.erased", null, null,
                        origin.requestId(), new JsonObject().put("postsKept", posts))));
            });
    }

    /** "A", "A and B", "A, B and C". */
    private static String names(List<String> networks) {
        if (networks.size() == 1) {
            return networks.get(0);
        }
        return String.join(", ", networks.subList(0, networks.size() - 1)) + " and " + networks.get(networks.size() - 1);
    }
}
