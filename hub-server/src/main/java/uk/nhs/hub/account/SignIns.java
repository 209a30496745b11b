package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A person's own sign-ins: listing them, and ending one or all but the one in use ("sign out everywhere else").
 * An ended sign-in's token is refused at once on every node (tokens are checked against the sessions table) and
 * its open pages are told and disconnected through the bridge, on every node.
 */
final class SignIns {

    static final String NOT_FOUND = "There is no such sign-in";

    private final Pool pool;
    private final EventBusBridge bridge;
    private final int tokenMinutes;

    SignIns(Pool pool, EventBusBridge bridge, int tokenMinutes) {
        this.pool = pool;
        this.bridge = bridge;
        this.tokenMinutes = tokenMinutes;
    }

    /** The person's sign-ins in use, most recently used first, with the current one marked. */
    Future<JsonArray> list(SignedInUser user, UUID current) {
        return pool.preparedQuery(SignInsSql.LIVE).execute(Tuple.of(user.id(), tokenMinutes)).map(rows -> {
            JsonArray sessions = new JsonArray();
            for (Row row : rows) {
                UUID id = row.getUUID("id");
                sessions.add(new JsonObject().put("id", id.toString()).put("current", id.equals(current))
                    .put("device", DeviceNames.describe(row.getString("user_agent")))
                    .put("address", row.getString("address"))
                    .put("createdAt", row.getOffsetDateTime("created_at").toString())
                    .put("lastSeenAt", row.getOffsetDateTime("last_seen_at").toString()));
            }
            return sessions;
        });
    }

    /** Ends one of the person's sign-ins; 404 when it is not theirs or has already ended. */
    Future<Void> end(SignedInUser user, UUID sessionId, RequestOrigin origin) {
        return ending(user, origin, "session.ended", tx -> tx.preparedQuery(SignInsSql.END_ONE).execute(Tuple.of(sessionId, user.id())))
            .compose(ended -> ended.isEmpty() ? Future.failedFuture(HubException.notFound(NOT_FOUND)) : Future.succeededFuture());
    }

    /** Ends every sign-in of the person but {@code current}; how many were ended. */
    Future<Integer> endOthers(SignedInUser user, UUID current, RequestOrigin origin) {
        return ending(user, origin, "session.ended-others", tx -> tx.preparedQuery(SignInsSql.END_OTHERS)
            .execute(Tuple.of(user.id(), current))).map(List::size);
    }

    private Future<List<UUID>> ending(SignedInUser user, RequestOrigin origin, String action,
                                      java.util.function.Function<SqlClient, Future<RowSet<Row>>> end) {
        return pool.withTransaction(tx -> end.apply(tx).compose(rows -> {
            List<UUID> ended = new ArrayList<>();
            rows.forEach(row -> ended.add(row.getUUID("id")));
            if (ended.isEmpty()) {
                return Future.succeededFuture(ended);
            }
            return AuditLog.record(tx, new AuditLog.Entry(user.id(), action, user.email(), origin.remoteAddress(),
                    origin.requestId(), new JsonObject().put("sessions", new JsonArray(ended.stream().map(UUID::toString).toList()))))
                .map(ended);
        })).onSuccess(ended -> ended.forEach(session -> bridge.endSession(user.id().toString(), session.toString(),
            AccountEvents.userAddress(user.id()), AccountEvents.signedOut())));
    }
}
