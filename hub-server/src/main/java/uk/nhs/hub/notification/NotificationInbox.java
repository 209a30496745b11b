package uk.nhs.hub.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.HubException;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A person's notifications inbox: keyset pages newest first, filtered by kind and network, and marking read. Only
 * the person's own rows are ever read or changed, so someone else's id behaves exactly like an unknown one.
 */
public final class NotificationInbox {

    static final int MAX_PAGE = 100;
    static final int DEFAULT_PAGE = 20;

    private static final String PAGE = """
        SELECT n.id, n.kind, n.title, n.body, n.href, n.created_at, n.read_at, n.network_id, w.name AS network_name
        FROM notifications n LEFT JOIN networks w ON w.id = n.network_id
        WHERE n.user_id = $1 AND ($2::bigint IS NULL OR n.id < $2) AND ($3::text IS NULL OR n.kind = $3)
          AND ($4::uuid IS NULL OR n.network_id = $4)
        ORDER BY n.id DESC
        LIMIT $5
        """;
    private static final String READ_IDS = """
        UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id = ANY($2) AND read_at IS NULL
        """;
    private static final String READ_UP_TO = """
        UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id <= $2 AND read_at IS NULL
        """;
    private static final String OPEN = """
        UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE user_id = $1 AND id = $2 RETURNING href
        """;
    /** The networks a person's notifications can be filtered by: those they belong to, by name. */
    private static final String NETWORKS = """
        SELECT w.id, w.name FROM memberships m JOIN networks w ON w.id = m.network_id WHERE m.user_id = $1 ORDER BY w.name
        """;

    /** The filters and position of one page; parsed from request parameters by {@link #query}. */
    record Query(Long after, int limit, Notifications.Kind kind, UUID network) {
    }

    private final Vertx vertx;
    private final Pool pool;

    NotificationInbox(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    Pool pool() {
        return pool;
    }

    /** Reads the page parameters; 400 naming the parameter when one is not valid. */
    static Query query(String after, String limit, String kind, String network) {
        Long afterId = null;
        if (after != null && !after.isBlank()) {
            try {
                afterId = Long.parseLong(after.strip());
                if (afterId < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw HubException.invalid("after", "'after' must be the id of a notification");
            }
        }
        int size = DEFAULT_PAGE;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.strip());
                if (size < 1 || size > MAX_PAGE) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw HubException.invalid("limit", "'limit' must be a whole number from 1 to " + MAX_PAGE);
            }
        }
        Notifications.Kind chosen = null;
        if (kind != null && !kind.isBlank()) {
            chosen = Notifications.Kind.fromWire(kind.strip());
            if (chosen == null) {
                throw HubException.invalid("kind", "'kind' must be one of the kinds of notification");
            }
        }
        UUID networkId = null;
        if (network != null && !network.isBlank()) {
            try {
                networkId = UUID.fromString(network.strip());
            } catch (IllegalArgumentException e) {
                throw HubException.invalid("network", "'network' must be the id of a network");
            }
        }
        return new Query(afterId, size, chosen, networkId);
    }

    /** One page of the person's notifications, newest first, with their unread count and the next page's cursor. */
    Future<JsonObject> page(UUID userId, Query query) {
        Future<io.vertx.sqlclient.RowSet<Row>> rows = pool.preparedQuery(PAGE).execute(Tuple.of(userId, query.after(),
            query.kind() == null ? null : query.kind().wire(), query.network(), query.limit() + 1));
        Future<Long> unread = Notifications.unread(pool, userId);
        return Future.all(rows, unread).map(both -> {
            JsonArray items = new JsonArray();
            Long next = null;
            for (Row row : rows.result()) {
                if (items.size() == query.limit()) {
                    next = items.getJsonObject(query.limit() - 1).getLong("id");
                    break;
                }
                items.add(item(row));
            }
            return new JsonObject().put("items", items).put("unread", unread.result()).put("next", next);
        });
    }

    private static JsonObject item(Row row) {
        OffsetDateTime read = row.getOffsetDateTime("read_at");
        UUID network = row.getUUID("network_id");
        return new JsonObject().put("id", row.getLong("id")).put("kind", row.getString("kind"))
            .put("title", row.getString("title")).put("body", row.getString("body")).put("href", row.getString("href"))
            .put("createdAt", row.getOffsetDateTime("created_at").toString())
            .put("readAt", read == null ? null : read.toString())
            .put("network", network == null ? null
                : new JsonObject().put("id", network.toString()).put("name", row.getString("network_name")));
    }

    /**
     * Marks read the notifications named by {@code ids}, or all up to and including {@code upTo}; exactly one of
     * them. Answers the new unread count, which every open page of the person is told as well.
     */
    Future<JsonObject> markRead(UUID userId, JsonObject body) {
        boolean hasIds = body.getValue("ids") != null;
        boolean hasUpTo = body.getValue("upTo") != null;
        if (hasIds == hasUpTo) {
            return Future.failedFuture(HubException.invalid("ids", "Send either 'ids' or 'upTo'"));
        }
        Future<?> marked;
        if (hasIds) {
            Long[] ids;
            try {
                ids = ids(body.getValue("ids"));
            } catch (HubException e) {
                return Future.failedFuture(e);
            }
            marked = pool.preparedQuery(READ_IDS).execute(Tuple.of(userId, (Object) ids));
        } else {
            Object upTo = body.getValue("upTo");
            if (!(upTo instanceof Integer || upTo instanceof Long) || ((Number) upTo).longValue() < 1) {
                return Future.failedFuture(HubException.invalid("upTo", "'upTo' must be the id of a notification"));
            }
            marked = pool.preparedQuery(READ_UP_TO).execute(Tuple.of(userId, ((Number) upTo).longValue()));
        }
        return marked.compose(v -> Notifications.announceRead(vertx, pool, userId))
            .map(unread -> new JsonObject().put("unread", unread));
    }

    private static Long[] ids(Object value) {
        if (!(value instanceof JsonArray array) || array.size() > 500) {
            throw HubException.invalid("ids", "'ids' must be a list of up to 500 notification ids");
        }
        Long[] ids = new Long[array.size()];
        for (int i = 0; i < ids.length; i++) {
            Object id = array.getValue(i);
            if (!(id instanceof Integer || id instanceof Long)) {
                throw HubException.invalid("ids", "'ids' must be a list of up to 500 notification ids");
            }
            ids[i] = ((Number) id).longValue();
        }
        return ids;
    }

    /** Marks one of the person's notifications read and answers where it points; 404 when it is not theirs. */
    Future<String> open(UUID userId, long id) {
        return pool.preparedQuery(OPEN).execute(Tuple.of(userId, id)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                throw HubException.notFound("Notification not found");
            }
            String href = rows.iterator().next().getString("href");
            return Notifications.announceRead(vertx, pool, userId).map(unread -> href);
        });
    }

    /** The networks the person belongs to, for the page's filter. */
    Future<List<JsonObject>> networks(UUID userId) {
        return pool.preparedQuery(NETWORKS).execute(Tuple.of(userId)).map(rows -> {
            List<JsonObject> networks = new java.util.ArrayList<>();
            rows.forEach(row -> networks.add(new JsonObject().put("id", row.getUUID("id").toString()).put("name", row.getString("name"))));
            return networks;
        });
    }
}
