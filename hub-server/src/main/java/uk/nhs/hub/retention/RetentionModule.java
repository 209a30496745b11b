package uk.nhs.hub.retention;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.JobRuns;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;

/**
 * Retention assembled: the settings API and page of each network, and the job that deletes what has expired.
 * {@code isAdministrator} says who administers the hub (they alone set or lift a legal hold).
 */
public final class RetentionModule {

    /** How often the job looks for expired records. */
    private static final long INTERVAL_MILLIS = 60 * 60 * 1000L;

    private final RetentionService service;
    private final RetentionRoutes routes;
    private final RetentionPages pages;
    private final RetentionJob job;

    public RetentionModule(Vertx vertx, Pool pool, NetworkService networks, Authentication authentication,
                           Pages pageRenderer, Function<UUID, Future<Boolean>> isAdministrator, Clock clock) {
        this.service = new RetentionService(pool, networks, isAdministrator, clock);
        this.routes = new RetentionRoutes(service, authentication);
        this.pages = new RetentionPages(service, networks, authentication, pageRenderer);
        this.job = new RetentionJob(vertx, pool, clock);
    }

    public RetentionService service() {
        return service;
    }

    /** The deleting job (tests run it with their own clock through a job of their own). */
    public RetentionJob job() {
        return job;
    }

    public void startJob(JobRuns runs) {
        job.start(INTERVAL_MILLIS, runs);
    }

    public void stopJob() {
        job.stop();
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }
}
