package uk.nhs.hub.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The hub's own meters, beside the HTTP, event-bus, pool and JVM ones Vert.x records. Every name here is listed
 * in docs/OPERATIONS.md and used by the example dashboard and alert rules in {@code conf/}; rates come from
 * Prometheus ({@code rate(hub_posts_total[5m])}), so the hub only counts.
 */
public final class HubMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter posts;
    private final Counter broadcastResponses;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public HubMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.posts = Counter.builder("hub.posts").description("Posts made, thread openings included").register(registry);
        this.broadcastResponses = Counter.builder("hub.broadcast.responses")
            .description("Broadcast responses submitted (drafts are not counted)").register(registry);
    }

    /** Counts posts on this node. */
    public Counter posts() {
        return posts;
    }

    /** Counts submitted broadcast responses on this node. */
    public Counter broadcastResponses() {
        return broadcastResponses;
    }

    /** Reports the live-update sockets open on this node. */
    public void liveConnections(IntSupplier open) {
        Gauge.builder("hub.live.connections", open::getAsInt)
            .description("Live-update (event-bus bridge) sockets open on this node").register(registry);
    }

    /** The run recorder of the scheduled job called {@code name}; asking twice gives the same one. */
    public JobRuns job(String name) {
        return jobs.computeIfAbsent(name, Job::new);
    }

    /** Each job's runs, failures, and when it last ran and last failed (ISO instants, or null), by job name. */
    public JsonObject jobs() {
        JsonObject all = new JsonObject();
        jobs.values().stream().sorted((a, b) -> a.name.compareTo(b.name)).forEach(job -> all.put(job.name, new JsonObject()
            .put("runs", (long) job.runs.count())
            .put("failures", (long) job.failures.count())
            .put("lastRunAt", job.lastRunAt)
            .put("lastFailureAt", job.lastFailureAt)
            .put("lastFailure", job.lastFailure)));
        return all;
    }

    private final class Job implements JobRuns {
        private final String name;
        private final Counter runs;
        private final Counter failures;
        private volatile String lastRunAt;
        private volatile String lastFailureAt;
        private volatile String lastFailure;

        Job(String name) {
            this.name = name;
            this.runs = Counter.builder("hub.job.runs").tag("job", name).description("Scheduled job runs finished")
                .register(registry);
            this.failures = Counter.builder("hub.job.failures").tag("job", name).description("Scheduled job runs that failed")
                .register(registry);
        }

        @Override
        public <T> Future<T> record(Supplier<Future<T>> run) {
            Future<T> started;
            try {
                started = run.get();
            } catch (RuntimeException e) {
                started = Future.failedFuture(e);
            }
            return started.onComplete(done -> {
                runs.increment();
                lastRunAt = clock.instant().toString();
                if (done.failed()) {
                    failures.increment();
                    lastFailureAt = lastRunAt;
                    lastFailure = String.valueOf(done.cause().getMessage());
                }
            });
        }
    }
}
