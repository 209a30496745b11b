package uk.nhs.hub.platform;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations packaged from {@code sql/} (classpath {@code db/migration}).
 * Uses JDBC and blocks: run it on a worker thread.
 */
public final class DatabaseMigrations {

    private DatabaseMigrations() {
    }

    /** Migrates the database behind {@code options} to the latest version and returns how many ran. */
    public static int migrate(PgConnectOptions options) {
        String jdbcUrl = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/"
            + options.getDatabase();
        MigrateResult result = Flyway.configure()
            .dataSource(jdbcUrl, options.getUser(), options.getPassword())
            .locations("classpath:db/migration")
            .failOnMissingLocations(true)
            .load()
            .migrate();
        return result.migrationsExecuted;
    }
}
