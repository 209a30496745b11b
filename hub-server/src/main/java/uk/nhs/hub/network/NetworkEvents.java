package uk.nhs.hub.network;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The network's live event stream (see the events catalogue in docs/ARCHITECTURE.md).
 *
 * <p>{@code hub.client.network.<networkId>}: server to browser. Publisher: the service that changed the network,
 * after its transaction commits. Audience: full members of the network and organisers or central members of
 * networks above it, checked on every register. Payload: {@code {"networkId", "seq", "type", "at", ...}} where
 * {@code seq} numbers the network's events without gaps; the same events are served by
 * {@code GET /api/networks/{id}/events?after=}.
 *
 * <p>Types of this feature: {@code member.joined}, {@code member.left}, {@code member.removed},
 * {@code member.changed} (each with {@code userId, displayName, role, roleTitle}) and
 * {@code join-request.pending} ({@code pendingCount} only: who asked is for organisers to look up).
 */
public final class NetworkEvents {

    /** Prefix of every network's address. */
    public static final String ADDRESS_PREFIX = "hub.client.network.";

    /** Matches exactly the network addresses. */
    public static final Pattern ADDRESS = Pattern.compile(
        "hub\\.client\\.network\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    public static final String MEMBER_JOINED = "member.joined";
    public static final String MEMBER_LEFT = "member.left";
    public static final String MEMBER_REMOVED = "member.removed";
    public static final String MEMBER_CHANGED = "member.changed";
    public static final String JOIN_REQUEST_PENDING = "join-request.pending";

    private NetworkEvents() {
    }

    public static String address(UUID networkId) {
        return ADDRESS_PREFIX + networkId;
    }

    /**
     * Appends an event to the network's log inside the caller's transaction and returns the event as it will be
     * published: the network row's counter is advanced (and locked) first, so numbers have no gaps and commit in
     * order.
     */
    public static Future<JsonObject> append(SqlClient tx, UUID networkId, String type, JsonObject payload) {
        return nextSeq(tx, networkId).compose(seq -> record(tx, networkId, seq, type, payload));
    }

    /** Takes the network's next event number inside the caller's transaction, locking the network row until it ends. */
    private static Future<Long> nextSeq(SqlClient tx, UUID networkId) {
        return tx.preparedQuery(NetworkSql.ADVANCE_EVENT_SEQ).execute(Tuple.of(networkId))
            .map(rows -> rows.iterator().next().getLong("event_seq"));
    }

    /**
     * Stores the event numbered {@code seq} and returns it as it will be published. The caller took {@code seq}
     * in the same transaction with {@code UPDATE networks SET event_seq = event_seq + 1 ... RETURNING event_seq}
     * (as {@link #append} does, or together with its own updates in one statement).
     */
    public static Future<JsonObject> record(SqlClient tx, UUID networkId, long seq, String type, JsonObject payload) {
        return tx.preparedQuery(NetworkSql.INSERT_EVENT).execute(Tuple.of(networkId, seq, type, payload))
            .map(inserted -> payload.copy()
                .put("networkId", networkId.toString())
                .put("seq", seq)
                .put("type", type)
                .put("at", inserted.iterator().next().getOffsetDateTime("created_at").toString()));
    }

    /** Publishes committed events to the network's address. */
    public static void publish(Vertx vertx, JsonObject event) {
        vertx.eventBus().publish(ADDRESS_PREFIX + event.getString("networkId"), event);
    }

    static JsonObject member(UUID userId, String displayName, Role role, String roleTitle) {
        return new JsonObject().put("userId", userId.toString()).put("displayName", displayName)
            .put("role", role == null ? null : role.wire()).put("roleTitle", roleTitle);
    }
}
