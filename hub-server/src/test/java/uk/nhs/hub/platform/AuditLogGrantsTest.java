package uk.nhs.hub.platform;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The grants the README gives for an external database ({@code conf/database-grants.sql}), applied to a role in
 * the test database: that role can add to and read the audit log, and forget an erased person's address through
 * its function, but can neither change nor remove entries; the other tables stay writable.
 */
class AuditLogGrantsTest {

    private static final String ROLE = "hub_app_grants_test";

    private static List<String> statements() throws Exception {
        String file = Files.readString(Path.of(System.getProperty("hub.web.dir"), "..", "conf", "database-grants.sql")
            .normalize());
        StringBuilder sql = new StringBuilder();
        for (String line : file.split("\n")) {
            if (!line.startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            if (!statement.isBlank()) {
                // psql's variables, as the README's command line sets them
                statements.add(statement.replace(":\"app\"", ROLE).replace(":\"owner\"", "CURRENT_USER")
                    .replace(":\"DBNAME\"", "\"" + database() + "\""));
            }
        }
        return statements;
    }

    private static String database() {
        return await(TestHub.get().pool().query("SELECT current_database()").execute()).iterator().next().getString(0);
    }

    /** Runs {@code work} as the application's role in a transaction that is rolled back; answers the SQLSTATE, or null. */
    private static String asApplication(Function<SqlConnection, io.vertx.core.Future<?>> work) {
        SqlConnection connection = await(TestHub.get().pool().getConnection());
        try {
            await(connection.query("BEGIN").execute());
            await(connection.query("SET LOCAL ROLE " + ROLE).execute());
            try {
                await(work.apply(connection));
                return null;
            } catch (IllegalStateException e) {
                return e.getCause() instanceof PgException pg ? pg.getSqlState() : e.toString();
            }
        } finally {
            await(connection.query("ROLLBACK").execute());
            await(connection.close());
        }
    }

    @Test
    void theApplicationsRoleAppendsToTheAuditLogButCannotChangeOrRemoveEntries() throws Exception {
        await(TestHub.get().pool().query("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE
            + "') THEN CREATE ROLE " + ROLE + " NOLOGIN; END IF; END $$").execute());
        for (String statement : statements()) {
            await(TestHub.get().pool().query(statement).execute());
        }
        await(TestHub.get().pool().query("INSERT INTO audit_log (action, subject) VALUES ('test.grants', 'gone@test.nhs.uk')")
            .execute());

        assertEquals(null, asApplication(c -> c.query("INSERT INTO audit_log (action) VALUES ('test.appended')").execute()));
        assertEquals(null, asApplication(c -> c.query("SELECT count(*) FROM audit_log").execute()));
        assertEquals("42501", asApplication(c -> c.query("UPDATE audit_log SET action = 'rewritten'").execute()));
        assertEquals("42501", asApplication(c -> c.query("DELETE FROM audit_log").execute()));
        assertEquals("42501", asApplication(c -> c.query("TRUNCATE audit_log").execute()));
        assertEquals(null, asApplication(c -> c.preparedQuery("SELECT audit_log_forget_subject($1)")
            .execute(Tuple.of("gone@test.nhs.uk"))));
        assertEquals(null, asApplication(c -> c.query("UPDATE users SET display_name = display_name").execute()),
            "other tables stay writable");
        assertTrue(await(TestHub.get().pool().query("SELECT 1 FROM audit_log WHERE action = 'test.grants'").execute())
            .size() == 1, "nothing the role tried was kept");
    }
}
