package uk.nhs.hub.retention;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.JobRuns;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deletes what each network's retention settings say has expired, nightly. Safe on several nodes: each batch is
 * one transaction that claims a network's settings row with {@code SKIP LOCKED} (another node moves on to another
 * network), takes the network's hold lock shared on it and every network above, and checks for a legal hold again
 * under that lock, so nothing is deleted under a hold, even one set a moment ago. A batch deletes at most
 * {@link #BATCH} of each kind and records its counts (never content) in the audit log as {@code retention.run}
 * in the same transaction; a network is claimed again until a batch leaves nothing more.
 */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    /** Rows of each kind per transaction: short enough that posting in the network is never held up for long. */
    static final int BATCH = 200;

    private final Vertx vertx;
    private final Pool pool;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    /** {@code clock} says what time it is, so tests can decide what has expired. */
    public RetentionJob(Vertx vertx, Pool pool, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Looks for expired records every {@code intervalMillis} (an hour in production: each run finds only what
     * expired since the last, so running more often than nightly costs little), each run recorded in {@code runs}.
     */
    public void start(long intervalMillis, JobRuns runs) {
        timer = vertx.setPeriodic(intervalMillis, id -> {
            if (running.compareAndSet(false, true)) {
                runs.record(this::runOnce).onComplete(done -> running.set(false))
                    .onFailure(err -> LOG.warn("retention failed: {}", err.getMessage()));
            }
        });
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** What one batch deleted in one network. */
    record Deleted(UUID networkId, long threads, long posts, long events, long meetings, long responses) {

        long total() {
            return threads + events + meetings + responses;
        }

        boolean full() {
            return threads >= BATCH || events >= BATCH || meetings >= BATCH || responses >= BATCH;
        }
    }

    /** Deletes everything expired now, network by network; completes with how many rows of every kind went. */
    public Future<Long> runOnce() {
        return next(new ArrayList<>(), 0L);
    }

    private Future<Long> next(List<UUID> done, long deleted) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return pool.withTransaction(tx -> tx.preparedQuery(RetentionSql.CLAIM)
                .execute(Tuple.of(done.toArray(UUID[]::new)))
                .compose(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? batch(tx, it.next(), now).map(Optional::of)
                        : Future.succeededFuture(Optional.<Deleted>empty());
                }))
            .compose(outcome -> {
                if (outcome.isEmpty()) {
                    return Future.succeededFuture(deleted);
                }
                Deleted batch = outcome.get();
                if (!batch.full()) {
                    done.add(batch.networkId());
                }
                return next(done, deleted + batch.total());
            });
    }

    private Future<Deleted> batch(SqlClient tx, Row settings, OffsetDateTime now) {
        UUID networkId = settings.getUUID("network_id");
        Integer discussions = settings.getInteger("discussions_months");
        Integer meetings = settings.getInteger("meetings_months");
        Integer responses = settings.getInteger("responses_months");
        Tuple network = Tuple.of(networkId);
        return tx.preparedQuery(RetentionSql.HOLD_LOCK_SHARED).execute(network)
            .compose(locked -> tx.preparedQuery(RetentionSql.HELD).execute(network))
            .compose(held -> {
                if (held.iterator().next().getBoolean("held")) {
                    return Future.succeededFuture(new Deleted(networkId, 0, 0, 0, 0, 0));
                }
                long[] counts = new long[5];
                Future<Void> work = Future.succeededFuture();
                if (discussions != null) {
                    OffsetDateTime before = now.minusMonths(discussions);
                    work = work.compose(v -> delete(tx, RetentionSql.DELETE_THREADS, networkId, before)).map(row -> {
                        counts[0] = row.getLong("threads");
                        counts[1] = row.getLong("posts");
                        return null;
                    });
                }
                if (meetings != null) {
                    OffsetDateTime before = now.minusMonths(meetings);
                    work = work.compose(v -> delete(tx, RetentionSql.DELETE_MEETINGS, networkId, before))
                        .map(row -> {
                            counts[3] = row.getLong("meetings");
                            return null;
                        });
                }
                if (responses != null) {
                    OffsetDateTime before = now.minusMonths(responses);
                    work = work.compose(v -> delete(tx, RetentionSql.DELETE_RESPONSES, networkId, before))
                        .map(row -> {
                            counts[4] = row.getLong("responses");
                            return null;
                        });
                }
                // live events may quote what any rule deleted, so they are emptied after the shortest period set
                Optional<Integer> shortest = java.util.stream.Stream.of(discussions, meetings, responses)
                    .filter(java.util.Objects::nonNull).min(Integer::compare);
                OffsetDateTime eventsBefore = now.minusMonths(shortest.orElseThrow());
                work = work.compose(v -> delete(tx, RetentionSql.EXPIRE_EVENTS, networkId, eventsBefore)).map(row -> {
                    counts[2] = row.getLong("events");
                    return null;
                });
                return work.compose(v -> {
                    Deleted deleted = new Deleted(networkId, counts[0], counts[1], counts[2], counts[3], counts[4]);
                    if (deleted.total() == 0) {
                        return Future.succeededFuture(deleted);
                    }
                    return AuditLog.record(tx, new AuditLog.Entry(null, "retention.run", networkId.toString(), null,
                        null, new JsonObject().put("networkId", networkId.toString())
                            .put("threads", deleted.threads()).put("posts", deleted.posts())
                            .put("events", deleted.events()).put("meetings", deleted.meetings())
                            .put("responses", deleted.responses()).put("at", now.toInstant().toString())))
                        .map(deleted);
                });
            });
    }

    private static Future<Row> delete(SqlClient tx, String sql, UUID networkId, OffsetDateTime before) {
        return tx.preparedQuery(sql).execute(Tuple.of(networkId, before, BATCH)).map(rows -> rows.iterator().next());
    }
}
