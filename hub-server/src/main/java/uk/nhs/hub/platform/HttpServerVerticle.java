package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Serves the hub over HTTP: the API, pages, assets and the event-bus bridge, all on one port. The hub deploys
 * several instances, one per event loop, sharing that port: each takes its turn accepting connections. Stopping it
 * stops accepting connections and lets requests in flight finish (up to {@link #SHUTDOWN_SECONDS} seconds).
 */
public final class HttpServerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
    /** How long requests in flight may take to finish once shutdown begins. */
    static final long SHUTDOWN_SECONDS = 20;

    private final HttpServerOptions options;
    private final Function<io.vertx.core.Vertx, Router> routerFactory;
    private final LongAdder requests = new LongAdder();
    private HttpServer server;
    private List<String> routes = List.of();

    public HttpServerVerticle(HttpServerOptions options, Function<io.vertx.core.Vertx, Router> routerFactory) {
        this.options = options;
        this.routerFactory = routerFactory;
    }

    @Override
    public Future<?> start() {
        Router router = routerFactory.apply(vertx);
        routes = describe(router);
        return vertx.createHttpServer(options)
            .requestHandler(request -> {
                requests.increment();
                router.handle(request);
            })
            .invalidRequestHandler(ErrorResponder::refuseUndecodable)
            .listen()
            .onSuccess(listening -> {
                server = listening;
                LOG.debug("HTTP server listening on port {}", listening.actualPort());
            });
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    }

    /** The routes served, as {@code "METHOD /path"}. */
    public List<String> routes() {
        return routes;
    }

    private static List<String> describe(Router router) {
        List<String> described = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null || route.methods() == null) {
                continue;
            }
            for (HttpMethod method : route.methods()) {
                described.add(method.name() + " " + route.getPath());
            }
        }
        return List.copyOf(described);
    }

    /** How many requests this instance has been given (tests check that every instance takes its share). */
    public long requests() {
        return requests.sum();
    }

    /** The port actually bound (useful when the configured port is 0). */
    public int port() {
        return server.actualPort();
    }
}
