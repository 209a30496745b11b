package uk.nhs.hub.broadcast;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.discussion.DiscussionService;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.network.OpenBroadcasts;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.JobRuns;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;
import java.util.UUID;

/** The broadcast feature assembled. */
public final class BroadcastModule {

    private final BroadcastService service;
    private final BroadcastRoutes routes;
    private final BroadcastPages pages;
    private final BroadcastPapers papers;
    private final Vertx vertx;
    private long telling = -1;

    public BroadcastModule(Vertx vertx, Pool pool, HubConfig config, NetworkService networks, DiscussionService discussions,
                           Authentication authentication, Pages pageRenderer, Clock clock, Counter responses) {
        this.vertx = vertx;
        this.service = new BroadcastService(vertx, pool, networks, discussions, clock, config.http().baseUrl(),
            config.discussion().maxPostCharacters(), responses);
        this.papers = new BroadcastPapers(pool, service);
        this.routes = new BroadcastRoutes(service, papers, authentication);
        this.pages = new BroadcastPages(service, papers, authentication, pageRenderer);
    }

    /**
     * Finishes, every {@code intervalMillis} and once now, the tellings of broadcasts' recipients that were queued
     * and not finished (a node stopped part way): each is taken by one node at a time.
     */
    public void startTelling(long intervalMillis, JobRuns runs) {
        runs.record(() -> service.tellQueued(null));
        telling = vertx.setPeriodic(intervalMillis, id -> runs.record(() -> service.tellQueued(null)));
    }

    public void stopTelling() {
        if (telling >= 0) {
            vertx.cancelTimer(telling);
            telling = -1;
        }
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }

    /** The network page's open broadcasts. */
    public OpenBroadcasts openBroadcasts() {
        return service::openTo;
    }

    /** Whether the reader may download a document because it is attached to a broadcast they may see. */
    public Future<Boolean> mayReadPaper(SignedInUser reader, UUID documentId) {
        return papers.mayRead(reader, documentId);
    }

    public BroadcastService service() {
        return service;
    }

    /** The dashboard's live address reaches the sending central team only. */
    public EventBusBridge.Rule bridgeRule() {
        return new EventBusBridge.Rule(BroadcastEvents.ADDRESS, (userId, address) -> service.mayWatch(UUID.fromString(userId),
            UUID.fromString(address.substring(BroadcastEvents.ADDRESS_PREFIX.length()))));
    }
}
