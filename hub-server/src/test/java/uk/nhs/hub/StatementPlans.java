package uk.nhs.hub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static uk.nhs.hub.TestHub.await;

/**
 * How PostgreSQL would run a statement when it may use no sequential scan it can avoid: a statement that still
 * reads a whole table then cannot use an index at all, however large the table grows.
 */
public final class StatementPlans {

    private StatementPlans() {
    }

    /** The plan of {@code sql} with {@code parameters}, as EXPLAIN prints it, with sequential scans discouraged. */
    public static String planAvoidingSequentialScans(String sql, Object... parameters) {
        return await(TestHub.get().pool().withTransaction(tx -> tx.query("SET LOCAL enable_seqscan = off").execute()
            .compose(v -> tx.preparedQuery("EXPLAIN " + sql).execute(Tuple.from(parameters)))
            .map(rows -> StreamSupport.stream(rows.spliterator(), false).map((Row row) -> row.getString(0))
                .collect(Collectors.joining("\n")))));
    }

    /**
     * How many rows of table {@code relation} running {@code sql} with {@code parameters} read, counted from its
     * executed plan (EXPLAIN ANALYZE, sequential scans discouraged): those its scans gave and those their filters
     * threw away. Only for statements that read: it runs them.
     */
    public static long rowsRead(String relation, String sql, Object... parameters) {
        JsonArray plan = await(TestHub.get().pool().withTransaction(tx -> tx.query("SET LOCAL enable_seqscan = off").execute()
            .compose(v -> tx.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql).execute(Tuple.from(parameters)))
            .map(rows -> {
                Object json = rows.iterator().next().getValue(0);
                return json instanceof JsonArray array ? array : new JsonArray(String.valueOf(json));
            })));
        return rowsRead(relation, plan.getJsonObject(0).getJsonObject("Plan"));
    }

    private static long rowsRead(String relation, JsonObject node) {
        long read = relation.equals(node.getString("Relation Name"))
            ? (node.getLong("Actual Rows", 0L) + node.getLong("Rows Removed by Filter", 0L)
                + node.getLong("Rows Removed by Index Recheck", 0L)) * node.getLong("Actual Loops", 1L) : 0;
        JsonArray children = node.getJsonArray("Plans", new JsonArray());
        for (int i = 0; i < children.size(); i++) {
            read += rowsRead(relation, children.getJsonObject(i));
        }
        return read;
    }
}
