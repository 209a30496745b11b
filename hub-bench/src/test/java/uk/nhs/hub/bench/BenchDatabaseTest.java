package uk.nhs.hub.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmark measures durable posts: its PostgreSQL flushes every commit to disk before answering it. */
class BenchDatabaseTest {

    @Test
    void theBenchmarkDatabaseCommitsSynchronouslyToDisk(@TempDir Path folder) throws Exception {
        try (EmbeddedPostgres database = HubBench.startDatabase(folder.resolve("pg"));
             Connection connection = database.getPostgresDatabase().getConnection()) {
            assertEquals("on", show(connection, "synchronous_commit"));
            assertEquals("on", show(connection, "fsync"));
        }
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (ResultSet rows = connection.createStatement().executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
