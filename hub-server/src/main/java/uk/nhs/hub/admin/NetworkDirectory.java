package uk.nhs.hub.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.HubException;

import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * Every network in the hub, for administrators, who belong to none of them: found by name, and those under a legal
 * hold, each with what the administration pages link to (its retention settings and its records export).
 */
final class NetworkDirectory {

    /** The most networks a search shows; a longer list is narrowed by searching, not paged. */
    static final int SHOWN = 50;

    private final Pool pool;

    NetworkDirectory(Pool pool) {
        this.pool = pool;
    }

    /** Networks whose name contains {@code query} (every network when blank), in name order; 400 for a long query. */
    Future<JsonObject> search(String query) {
        String q = query == null || query.isBlank() ? null : query.strip().toLowerCase(Locale.ROOT);
        if (q != null && q.length() > 200) {
            return Future.failedFuture(HubException.invalid("q", "Search for 200 characters or fewer"));
        }
        return pool.preparedQuery(AdminSql.NETWORKS).execute(Tuple.of(q, SHOWN + 1)).map(rows -> {
            JsonArray networks = new JsonArray();
            for (Row row : rows) {
                if (networks.size() < SHOWN) {
                    networks.add(network(row).put("legalHold", row.getBoolean("legal_hold")));
                }
            }
            return new JsonObject().put("networks", networks).put("more", rows.size() > SHOWN);
        });
    }

    /** Every network with a legal hold of its own, by name: who set it, when and why. */
    Future<JsonArray> held() {
        return pool.query(AdminSql.LEGAL_HOLDS).execute().map(rows -> {
            JsonArray held = new JsonArray();
            for (Row row : rows) {
                OffsetDateTime since = row.getOffsetDateTime("hold_set_at");
                held.add(network(row)
                    .put("reason", row.getString("legal_hold_reason"))
                    .put("setAt", since == null ? null : since.toString())
                    .put("setBy", row.getString("set_by_name"))
                    .put("inside", row.getLong("inside")));
            }
            return held;
        });
    }

    private static JsonObject network(Row row) {
        return new JsonObject().put("id", row.getUUID("id").toString()).put("name", row.getString("name"))
            .put("slug", row.getString("slug")).put("parentName", row.getString("parent_name"));
    }
}
