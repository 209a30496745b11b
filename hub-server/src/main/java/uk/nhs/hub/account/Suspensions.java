package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Suspending an account and lifting the suspension. Suspending ends every session of the person in the same
 * transaction, so their tokens are refused at once by every node, and then closes their live connections; signing
 * in is refused with the reason (see {@link Sessions#start}) until an administrator reactivates the account.
 * Whether the caller may do this is the administration feature's to decide.
 */
public final class Suspensions {

    /** The longest reason kept; it is shown to the person when they try to sign in. */
    public static final int MAX_REASON = 500;

    private static final String SUSPEND = """
        UPDATE users SET suspended_at = now(), suspension_reason = $2, suspended_by = $3
        WHERE id = $1 AND suspended_at IS NULL RETURNING email
        """;
    private static final String END_SESSIONS = """
        UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id
        """;
    private static final String REACTIVATE = """
        UPDATE users SET suspended_at = NULL, suspension_reason = NULL, suspended_by = NULL
        WHERE id = $1 AND suspended_at IS NOT NULL RETURNING email
        """;
    private static final String EXISTS = "SELECT 1 FROM users WHERE id = $1";

    private final Pool pool;
    private final EventBusBridge bridge;

    Suspensions(Pool pool, EventBusBridge bridge) {
        this.pool = pool;
        this.bridge = bridge;
    }

    /** What a suspended person is told when they try to sign in. */
    static String explanation(String reason) {
        return "Your account has been suspended by the hub's administrators. The reason they gave: " + reason;
    }

    /** The reason, trimmed, or 400 naming {@code reason}. */
    public static String reason(String reason) {
        String trimmed = reason == null ? "" : reason.strip();
        if (trimmed.isEmpty()) {
            throw HubException.invalid("reason", "Enter why the account is suspended");
        }
        if (trimmed.length() > MAX_REASON) {
            throw HubException.invalid("reason", "The reason must be " + MAX_REASON + " characters or fewer");
        }
        return trimmed;
    }

    /**
     * Suspends the account, ends its sessions and closes its live connections; 404 when there is no such account,
     * 409 when it is already suspended or is the actor's own.
     */
    public Future<Void> suspend(UUID actorId, UUID userId, String reason, RequestOrigin origin) {
        String checked;
        try {
            checked = reason(reason);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        if (actorId.equals(userId)) {
            return Future.failedFuture(HubException.conflict(null, "You cannot suspend your own account"));
        }
        List<UUID> ended = new ArrayList<>();
        return pool.withTransaction(tx -> tx.preparedQuery(SUSPEND).execute(Tuple.of(userId, checked, actorId))
                .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows.iterator().next().getString("email"))
                    : missingOr(userId, "This account is already suspended"))
                .compose(email -> tx.preparedQuery(END_SESSIONS).execute(Tuple.of(userId))
                    .compose(sessions -> {
                        sessions.forEach(row -> ended.add(row.getUUID("id")));
                        return AuditLog.record(tx, new AuditLog.Entry(actorId, "account.suspended", userId.toString(),
                            origin.remoteAddress(), origin.requestId(), new JsonObject()
                                .put("reason", checked).put("sessionsEnded", ended.size())));
                    })))
            .onSuccess(v -> {
                String address = AccountEvents.userAddress(userId);
                for (UUID session : ended) {
                    bridge.endSession(userId.toString(), session.toString(), address, AccountEvents.signedOut());
                }
                // sockets of sessions that ended earlier but are still open go too
                bridge.revoke(userId.toString());
            });
    }

    /** Lifts the suspension; 404 when there is no such account, 409 when it is not suspended. */
    public Future<Void> reactivate(UUID actorId, UUID userId, RequestOrigin origin) {
        return pool.withTransaction(tx -> tx.preparedQuery(REACTIVATE).execute(Tuple.of(userId))
            .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows.iterator().next().getString("email"))
                : missingOr(userId, "This account is not suspended"))
            .compose(email -> AuditLog.record(tx, new AuditLog.Entry(actorId, "account.reactivated", userId.toString(),
                origin.remoteAddress(), origin.requestId(), null))));
    }

    private Future<String> missingOr(UUID userId, String conflict) {
        return pool.preparedQuery(EXISTS).execute(Tuple.of(userId)).compose(rows -> Future.failedFuture(rows.size() == 0
            ? HubException.notFound("There is no account with this id") : HubException.conflict(null, conflict)));
    }
}
