package uk.nhs.hub.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;

/**
 * The home's main statement is longer than the database client caches by default; unless it is kept prepared on
 * each connection, PostgreSQL plans it again on every request, which took longer than running it (issue 17).
 */
class HomeStatementPlanTest {

    @Test
    void theHomeStatementStaysPreparedOnItsConnectionBetweenRequests() {
        long prepared = await(TestHub.get().pool().withConnection(connection -> {
            Tuple someone = Tuple.of(UUID.randomUUID());
            return connection.preparedQuery(HomeSql.NEEDS_AND_ACTIVITY).execute(someone)
                .compose(first -> connection.preparedQuery(HomeSql.NEEDS_AND_ACTIVITY).execute(someone))
                .compose(second -> connection.preparedQuery("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1")
                    .execute(Tuple.of(HomeSql.NEEDS_AND_ACTIVITY)))
                .map(rows -> rows.iterator().next().getLong("n"));
        }));
        assertEquals(1, prepared, "prepared statements on the connection holding the home's statement");
    }
}
