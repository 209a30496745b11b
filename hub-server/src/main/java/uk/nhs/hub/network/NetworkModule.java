package uk.nhs.hub.network;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;
import java.util.UUID;

/** The network feature assembled: its service, routes, pages and bridge rule. */
public final class NetworkModule {

    private final NetworkService service;
    private final NetworkRoutes routes;
    private final NetworkPages pages;
    private final NetworkTwoStepPages twoStepPages;

    public NetworkModule(Vertx vertx, Pool pool, HubConfig config, Authentication authentication, Pages pageRenderer,
                         EventBusBridge bridge, Clock clock) {
        this.service = new NetworkService(vertx, new NetworkRepository(pool), bridge, config.http().baseUrl(), clock);
        this.routes = new NetworkRoutes(service, authentication);
        this.pages = new NetworkPages(service, authentication, pageRenderer);
        this.twoStepPages = new NetworkTwoStepPages(service, authentication, pageRenderer);
    }

    public NetworkService service() {
        return service;
    }

    /** Lets networks that require two-step sign-in ask whether a person has it on. */
    public void checkTwoStepWith(TwoStepStatus status) {
        service.twoStepStatus(status);
    }

    /** Lets the network page list the network's next meetings. */
    public void showUpcomingMeetings(UpcomingMeetings upcoming) {
        pages.upcomingMeetings(upcoming);
    }

    /** Lets the network page list the network's latest discussions, with the viewer's unread counts. */
    public void showRecentDiscussions(RecentDiscussions recent) {
        pages.recentDiscussions(recent);
    }

    /** Lets the network page list the broadcasts to the network that are still open. */
    public void showOpenBroadcasts(OpenBroadcasts open) {
        pages.openBroadcasts(open);
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
        twoStepPages.mount(router);
    }

    /** A network's events reach its full members and the organisers and centre above it. */
    public EventBusBridge.Rule bridgeRule() {
        return new EventBusBridge.Rule(NetworkEvents.ADDRESS, (userId, address) -> service.mayReceiveEvents(
            UUID.fromString(address.substring(NetworkEvents.ADDRESS_PREFIX.length())), UUID.fromString(userId)));
    }
}
