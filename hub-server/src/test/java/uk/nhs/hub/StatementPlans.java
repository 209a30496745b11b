package uk.nhs.hub;

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
}
