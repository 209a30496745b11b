package uk.nhs.hub.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL 15 server run from the zonky binaries, for a hub started without {@code HUB_DATABASE_URL}.
 * Its data directory is kept between runs; the server's own log goes to a {@code .log} file beside it. Starting and stopping block: call them off the event loop.
 * A kept directory is durable: a commit is answered only once its WAL is flushed to disk.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL with its data under {@code directory}, creating it on first use.
     *
     * @param clean whether to wipe the directory first (tests) or keep the data (the hub)
     */
    public static EmbeddedDatabase start(Path directory, boolean clean) throws IOException {
        Files.createDirectories(directory);
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(
            directory.toAbsolutePath().resolveSibling(directory.getFileName() + ".log").toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(clean)
            // the hub stops the server itself, after requests in flight have finished
            .setRegisterShutdownHook(false)
            .setOutputRedirector(log)
            .setErrorRedirector(log)
            .setServerConfig("max_connections", "100")
            // zonky's builder defaults to synchronous_commit=off, which answers a commit before its WAL is on disk:
            // a post whose 201 was sent could vanish in a crash. The hub promises that every accepted change is
            // durable, so a commit waits for its flush, whatever the data directory.
            .setServerConfig("synchronous_commit", "on")
            // a throwaway test database need not survive the machine, so it skips the flushes
            .setServerConfig("fsync", clean ? "off" : "on")
            .start();
        return new EmbeddedDatabase(postgres);
    }

    /** A {@code postgresql://} URL for the server's default database and superuser. */
    public String url() {
        return "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
