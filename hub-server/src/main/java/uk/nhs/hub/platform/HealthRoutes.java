package uk.nhs.hub.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;

/**
 * Operational endpoints: {@code /health} (the process is up), {@code /ready} (the database answers) and
 * {@code /metrics} (Prometheus text).
 */
public final class HealthRoutes {

    private final Pool pool;
    private final PrometheusMeterRegistry registry;

    public HealthRoutes(Pool pool, PrometheusMeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/ready").handler(this::ready);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }

    private void health(RoutingContext ctx) {
        Responses.json(ctx, 200, new JsonObject().put("status", "up"));
    }

    private void ready(RoutingContext ctx) {
        pool.query("SELECT 1").execute()
            .onSuccess(rows -> Responses.json(ctx, 200, new JsonObject().put("status", "ready").put("database", "up")))
            .onFailure(err -> Responses.json(ctx, 503, new JsonObject().put("status", "unavailable").put("database", "down")));
    }
}
