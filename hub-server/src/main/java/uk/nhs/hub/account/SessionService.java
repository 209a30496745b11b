package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A person's review of their own sign-ins: listing them, ending one, and ending all but the one they are using.
 * An ended session's tokens are refused at once by every node, because each request checks its session in the
 * shared database; its live connections are told and closed on every node through the bridge, while the
 * person's other sessions keep theirs.
 */
final class SessionService {

    static final String NOT_FOUND = "No sign-in was found with that id";

    private final Pool pool;
    private final EventBusBridge bridge;
    private final int listedWithinMinutes;

    /** {@code tokenMinutes}: how long a token lives; a session unused for longer has no working token left. */
    SessionService(Pool pool, EventBusBridge bridge, int tokenMinutes) {
        this.pool = pool;
        this.bridge = bridge;
        // last_seen_at moves at most once a minute, so a token issued just after the last move outlives it by that
        this.listedWithinMinutes = tokenMinutes + 1;
    }

    /** The person's live sessions: the one asking first, marked as current, then the most recently used. */
    Future<List<SignInSession>> list(SignedInUser user, UUID current) {
        return pool.preparedQuery(SessionSql.LIST).execute(Tuple.of(user.id(), listedWithinMinutes)).map(rows -> {
            List<SignInSession> sessions = new ArrayList<>();
            for (Row row : rows) {
                UUID id = row.getUUID("id");
                sessions.add(new SignInSession(id, id.equals(current), DeviceNames.describe(row.getString("user_agent")),
                    row.getString("address"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_seen_at")));
            }
            // the device in hand first, so the list reads "this one, then the others"
            sessions.sort(Comparator.comparing(session -> !session.current()));
            return sessions;
        });
    }

    /** Ends one of the person's sessions; 404 when it is not theirs, is unknown or has already ended. */
    Future<Void> end(SignedInUser user, UUID sessionId, RequestOrigin origin) {
        return pool.withTransaction(tx -> tx.preparedQuery(SessionSql.END_ONE).execute(Tuple.of(sessionId, user.id()))
                .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(HubException.notFound(NOT_FOUND))
                    : AuditLog.record(tx, new AuditLog.Entry(user.id(), "session.ended", user.email(),
                        origin.remoteAddress(), origin.requestId(),
                        new JsonObject().put("sessionId", sessionId.toString())))))
            .onSuccess(v -> closeConnections(user, List.of(sessionId)));
    }

    /** Ends every session of the person but {@code current}; answers how many were ended. */
    Future<Integer> endAllBut(SignedInUser user, UUID current, RequestOrigin origin) {
        return pool.withTransaction(tx -> tx.preparedQuery(SessionSql.END_ALL_BUT).execute(Tuple.of(user.id(), current))
                .compose(rows -> {
                    List<UUID> ended = new ArrayList<>();
                    rows.forEach(row -> ended.add(row.getUUID("id")));
                    return AuditLog.record(tx, new AuditLog.Entry(user.id(), "session.ended-others", user.email(),
                            origin.remoteAddress(), origin.requestId(),
                            new JsonObject().put("kept", current.toString()).put("ended", ended.size())))
                        .map(ended);
                }))
            .onSuccess(ended -> closeConnections(user, ended))
            .map(List::size);
    }

    /** Only the ended sessions' own sockets are told to sign out: a page of the session in use must stay. */
    private void closeConnections(SignedInUser user, List<UUID> ended) {
        String address = AccountEvents.userAddress(user.id());
        for (UUID session : ended) {
            bridge.endSession(user.id().toString(), session.toString(), address, AccountEvents.signedOut());
        }
    }
}
