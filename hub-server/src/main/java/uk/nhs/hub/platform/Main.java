package uk.nhs.hub.platform;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts the hub: {@code java -jar hub-server.jar [--demo]}. Loads the configuration, starts the database and the
 * HTTP server, and on SIGTERM shuts down gracefully. Any start-up failure ends the process with exit code 1
 * and a one-line reason.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            if (!arg.equals("--demo")) {
                System.err.println("hub: unknown option " + arg + " (the only option is --demo)");
                System.exit(2);
            }
        }
        long startedAt = System.nanoTime();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = createVertx(registry);
        CompletableFuture<Hub> running = ConfigLoader.load(vertx, System.getenv())
            .compose(config -> Hub.start(vertx, config, registry, List.of(args).contains("--demo"))
                .onSuccess(hub -> LOG.info("Network hub started in {} ms at {} (listening on port {})",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), config.http().baseUrl(),
                    hub.port())))
            .toCompletionStage().toCompletableFuture();
        Hub hub;
        try {
            hub = running.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println("hub: could not start: " + oneLine(cause));
            LOG.debug("start-up failure", cause);
            vertx.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, hub), "hub-shutdown"));
    }

    /** A Vert.x instance with Prometheus metrics and the blocked-thread checker on. */
    public static Vertx createVertx(PrometheusMeterRegistry registry) {
        VertxOptions options = new VertxOptions()
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true))
            .setBlockedThreadCheckInterval(1000)
            .setMaxEventLoopExecuteTime(2)
            .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS);
        return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    private static void shutdown(Vertx vertx, Hub hub) {
        LOG.info("Shutting down: finishing requests in flight");
        try {
            hub.stop().toCompletionStage().toCompletableFuture().get(40, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            LOG.info("Stopped");
        } catch (Exception e) {
            LOG.warn("Shutdown did not complete cleanly: {}", oneLine(e));
        }
    }

    static String oneLine(Throwable error) {
        Throwable root = error;
        StringBuilder reason = new StringBuilder(String.valueOf(error.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null && !reason.toString().contains(root.getMessage())) {
                reason.append(": ").append(root.getMessage());
            }
        }
        return reason.toString().replaceAll("\\s+", " ").trim();
    }
}
