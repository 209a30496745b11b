package uk.nhs.hub.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.IntSupplier;

/**
 * The hub's health at a glance: whether the database answers, the outbox backlog and how long its oldest message
 * has waited, live connections and scheduled jobs. It asks the database on a timer rather than on every scrape,
 * so however often Prometheus (or an administrator's page, through {@link #snapshot()}) looks, the database sees
 * one cheap query per interval; the gauges on {@code /metrics} show the last answer.
 */
public final class HubHealth {

    private static final Logger LOG = LoggerFactory.getLogger(HubHealth.class);
    /** Mail the sender has given up on (as many attempts as {@link OutboxSender} makes) is not backlog. */
    private static final String OUTBOX = """
        SELECT count(*) FILTER (WHERE attempts < 10) AS pending,
               count(*) FILTER (WHERE attempts >= 10) AS given_up,
               min(created_at) FILTER (WHERE attempts < 10) AS oldest_pending
        FROM outbox WHERE sent_at IS NULL
        """;

    private final Vertx vertx;
    private final Pool pool;
    private final HubMetrics metrics;
    private final IntSupplier liveConnections;
    private final Clock clock;
    private volatile boolean databaseReady;
    private volatile long pending;
    private volatile long givenUp;
    private volatile Instant oldestPending;
    private volatile Instant checkedAt;
    private long timer = -1;

    public HubHealth(Vertx vertx, Pool pool, MeterRegistry registry, HubMetrics metrics, IntSupplier liveConnections,
                     Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.metrics = metrics;
        this.liveConnections = liveConnections;
        this.clock = clock;
        Gauge.builder("hub.database.ready", this, h -> h.databaseReady ? 1 : 0)
            .description("1 when the database answered the last check, else 0").register(registry);
        Gauge.builder("hub.outbox.pending", this, h -> h.pending)
            .description("Emails waiting to be sent (not those given up on)").register(registry);
        Gauge.builder("hub.outbox.given.up", this, h -> h.givenUp)
            .description("Emails the sender has stopped retrying").register(registry);
        Gauge.builder("hub.outbox.oldest.pending.age", this, HubHealth::oldestPendingSeconds).baseUnit("seconds")
            .description("How long the oldest email waiting to be sent has waited (0 when none)").register(registry);
        metrics.liveConnections(liveConnections);
    }

    /** Checks now and then every {@code intervalMillis}. */
    public Future<Void> start(long intervalMillis) {
        timer = vertx.setPeriodic(intervalMillis, id -> refresh());
        return refresh().mapEmpty();
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Asks the database again; completes (never fails) with the new snapshot. */
    public Future<JsonObject> refresh() {
        return pool.query(OUTBOX).execute()
            .map(rows -> {
                Row row = rows.iterator().next();
                pending = row.getLong("pending");
                givenUp = row.getLong("given_up");
                OffsetDateTime oldest = row.getOffsetDateTime("oldest_pending");
                oldestPending = oldest == null ? null : oldest.toInstant();
                databaseReady = true;
                return true;
            })
            .otherwise(err -> {
                if (databaseReady) {
                    LOG.warn("health check: the database did not answer ({})", err.getMessage());
                }
                databaseReady = false;
                return false;
            })
            .map(ignored -> {
                checkedAt = clock.instant();
                return snapshot();
            });
    }

    /**
     * The last check as JSON: {@code database {ready, checkedAt}}, {@code outbox {pending, givenUp,
     * oldestPendingAgeSeconds}}, {@code liveConnections} (this node) and {@code jobs} (as {@link HubMetrics#jobs()}).
     */
    public JsonObject snapshot() {
        return new JsonObject()
            .put("database", new JsonObject().put("ready", databaseReady)
                .put("checkedAt", checkedAt == null ? null : checkedAt.toString()))
            .put("outbox", new JsonObject().put("pending", pending).put("givenUp", givenUp)
                .put("oldestPendingAgeSeconds", (long) oldestPendingSeconds()))
            .put("liveConnections", liveConnections.getAsInt())
            .put("jobs", metrics.jobs());
    }

    private double oldestPendingSeconds() {
        Instant oldest = oldestPending;
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }
}
