package uk.nhs.hub;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.platform.ConfigLoader;
import uk.nhs.hub.platform.HubConfig;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the hub: {@code java -jar hub-server.jar [--demo] [--cluster]}. Loads the configuration, starts the database and the
 * HTTP server, and on SIGTERM shuts down gracefully. Any start-up failure ends the process with exit code 1
 * and a one-line reason.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            if (!arg.equals("--demo") && !arg.equals("--cluster")) {
                System.err.println("hub: unknown option " + arg + " (the options are --demo and --cluster)");
                System.exit(2);
            }
        }
        String logFormat = System.getenv("HUB_LOG_FORMAT");
        if (logFormat != null && !List.of("text", "json").contains(logFormat)) {
            // logback would find no appender of that name and drop every line, so refuse rather than run silent
            System.err.println("hub: could not start: HUB_LOG_FORMAT must be text or json, not '" + logFormat + "'");
            System.exit(1);
        }
        boolean clustered = List.of(args).contains("--cluster");
        long startedAt = System.nanoTime();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx[] vertx = {clustered ? Vertx.vertx() : createVertx(registry)};
        Hub hub;
        try {
            HubConfig config = ConfigLoader.load(vertx[0], System.getenv()).toCompletionStage().toCompletableFuture().join();
            if (clustered) {
                // clustering needs the configuration first: the Vert.x that read it makes way for a clustered one
                Vertx reader = vertx[0];
                vertx[0] = null;
                reader.close().toCompletionStage().toCompletableFuture().join();
                if (config.database().url().isEmpty()) {
                    throw new IllegalArgumentException("--cluster needs HUB_DATABASE_URL: every node must share one PostgreSQL");
                }
                vertx[0] = createClusteredVertx(registry, config.cluster()).toCompletionStage().toCompletableFuture().join();
            }
            hub = Hub.start(vertx[0], config, registry, List.of(args).contains("--demo"))
                .toCompletionStage().toCompletableFuture().join();
            LOG.info("Network hub started in {} ms at {} (listening on port {}{})",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), config.http().baseUrl(), hub.port(),
                clustered ? ", clustered" : "");
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("hub: could not start: " + oneLine(cause));
            LOG.debug("start-up failure", cause);
            if (vertx[0] != null) {
                vertx[0].close();
            }
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx[0], hub), "hub-shutdown"));
    }

    /**
     * A clustered Vert.x: Hazelcast with TCP/IP join to the configured members (multicast off), and the event bus
     * between nodes on the cluster host, so a message published on one node reaches bridge clients on every node.
     */
    public static Future<Vertx> createClusteredVertx(PrometheusMeterRegistry registry, HubConfig.Cluster cluster) {
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("hazelcast.logging.type", "slf4j");
        com.hazelcast.config.Config hazelcast = io.vertx.spi.cluster.hazelcast.ConfigUtil.loadConfig();
        hazelcast.setClusterName("network-hub");
        // the members are listed, so there is nothing to wait for before joining them
        hazelcast.setProperty("hazelcast.wait.seconds.before.join", "1");
        hazelcast.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(false);
        hazelcast.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.host());
        var join = hazelcast.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members().isEmpty()
            ? List.of(cluster.host() + ":" + cluster.port()) : cluster.members());
        VertxOptions options = options();
        options.getEventBusOptions().setHost(cluster.host()).setPort(cluster.eventBusPort());
        return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
            .withClusterManager(new io.vertx.spi.cluster.hazelcast.HazelcastClusterManager(hazelcast)).buildClustered();
    }

    /** A Vert.x instance with Prometheus metrics and the blocked-thread checker on. */
    public static Vertx createVertx(PrometheusMeterRegistry registry) {
        return Vertx.builder().with(options()).withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    private static VertxOptions options() {
        return new VertxOptions()
            // HTTP metrics carry the matched route's template (/api/threads/:threadId/posts), never the raw path,
            // so the number of series stays bounded however many threads there are
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                .addLabels(Label.HTTP_ROUTE))
            .setBlockedThreadCheckInterval(1000)
            .setMaxEventLoopExecuteTime(2)
            .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS);
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
