package uk.nhs.hub;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.platform.ConfigLoader;
import uk.nhs.hub.platform.EmbeddedDatabase;
import uk.nhs.hub.platform.HubConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The running hub that the tests of one JVM share: one real embedded PostgreSQL, one Vert.x with metrics, one
 * hub on a free port. Test classes call {@link #resetDatabase()} first so that each starts from empty tables.
 */
public final class TestHub {

    private static TestHub instance;

    private final PrometheusMeterRegistry registry;
    private final Vertx vertx;
    private final EmbeddedDatabase database;
    private final Path dataDir;
    private final HubConfig config;
    private final Hub hub;
    private final ApiContract contract;

    private TestHub() throws Exception {
        dataDir = Files.createTempDirectory("hub-test");
        database = EmbeddedDatabase.start(dataDir.resolve("pg"), true);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        vertx = Main.createVertx(registry);
        config = config(json -> { });
        hub = await(Hub.start(vertx, config, registry));
        // tests read the outbox table and deliver explicitly, so the shared hub's own sender is stopped
        await(hub.outbox().stop());
        hub.meetings().stopReminders();
        contract = ApiContract.load(vertx, port());
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown));
    }

    /** The shared hub, started on first use. */
    public static synchronized TestHub get() {
        if (instance == null) {
            try {
                instance = new TestHub();
            } catch (Exception e) {
                throw new IllegalStateException("the test hub did not start", e);
            }
        }
        return instance;
    }

    /**
     * A configuration for another hub on the shared database and data directory, with the test defaults
     * (port 0, generous sign-in limits) changed by {@code changes}.
     */
    public HubConfig config(Consumer<JsonObject> changes) {
        JsonObject json = defaults();
        json = ConfigLoader.withEnvironment(json, Map.of(
            "HUB_PORT", "0",
            "HUB_HOST", "127.0.0.1",
            // two HTTP server instances whatever the machine, so every test crosses event loops as production does
            "HUB_HTTP_INSTANCES", "2",
            "HUB_DATABASE_URL", database.url(),
            "HUB_DATA_DIR", dataDir.toString()));
        json.getJsonObject("security").getJsonObject("login").put("maxFailuresPerAddress", 10_000);
        json.getJsonObject("discussion").put("postsPerMinute", 100_000);
        changes.accept(json);
        return HubConfig.fromJson(json);
    }

    private static JsonObject defaults() {
        try (InputStream in = TestHub.class.getClassLoader().getResourceAsStream("conf/hub.json")) {
            if (in == null) {
                throw new IllegalStateException("conf/hub.json is not on the test classpath");
            }
            return new JsonObject(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts another hub on the shared database with a changed configuration; the caller stops it. */
    public Hub startAnother(Consumer<JsonObject> changes) {
        return await(Hub.start(vertx, config(changes), registry));
    }

    /** The shared hub itself. */
    public Hub hub() {
        return hub;
    }

    public Vertx vertx() {
        return vertx;
    }

    public int port() {
        return hub.port();
    }

    /** The routes of the shared hub, as {@code "METHOD /path"}. */
    public java.util.List<String> routes() {
        return hub.routes();
    }

    public Pool pool() {
        return hub.pool();
    }

    /** The shared hub's meters, among them the database pool's count of connection uses. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public HubConfig config() {
        return config;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A web client aimed at the shared hub; every API response it receives is checked against the contract. */
    public WebClient client() {
        return contract.watch(
            WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port())));
    }

    /** The served OpenAPI contract, as a real OpenAPI parser reads it. */
    public ApiContract contract() {
        return contract;
    }

    /** The contract of the shared hub if it has started, else null (for tests that never start it). */
    static synchronized ApiContract contractIfStarted() {
        return instance == null ? null : instance.contract;
    }

    /** The Origin a page of the hub listening on {@code port} sends, as the live-update bridge requires. */
    public static String originOf(int port) {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Empties every table the migrations created, so the next test class starts clean. The hub's own jobs (the
     * outbox, reading papers' text, reminders) keep running meanwhile, and one of them may hold a lock the TRUNCATE
     * needs while waiting for one it already took: PostgreSQL then ends one of the two as a deadlock. If that is the
     * TRUNCATE, it is simply tried again.
     */
    public void resetDatabase() {
        for (int attempt = 1; ; attempt++) {
            try {
                truncateEverything();
                return;
            } catch (IllegalStateException e) {
                boolean deadlock = e.getCause() instanceof io.vertx.pgclient.PgException pg && "40P01".equals(pg.getSqlState());
                if (!deadlock || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private void truncateEverything() {
        await(pool().query("""
            DO $$
            DECLARE tables text;
            BEGIN
              SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO tables
              FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history';
              IF tables IS NOT NULL THEN
                EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE';
              END IF;
            END $$
            """).execute());
    }

    /** Waits for a future in test set-up code (never on an event loop). */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
        }
    }

    private void shutdown() {
        try {
            hub.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            database.close();
        } catch (Exception ignored) {
            // the JVM is exiting; the temporary database goes with it
        }
    }
}
