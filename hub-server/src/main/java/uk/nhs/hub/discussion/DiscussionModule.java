package uk.nhs.hub.discussion;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.meeting.OccurrenceDiscussions;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;

/** The discussion feature assembled. Its live events travel on the network's address, already on the bridge. */
public final class DiscussionModule {

    private final DiscussionService service;
    private final DiscussionRoutes routes;
    private final DiscussionPages pages;

    public DiscussionModule(Vertx vertx, Pool pool, HubConfig config, NetworkService networks, Authentication authentication,
                            Pages pageRenderer, Clock clock, Counter posts) {
        this.service = new DiscussionService(vertx, pool, networks,
            new PostingLimits(config.discussion().postsPerMinute(), clock), config.discussion().maxPostCharacters(),
            config.http().baseUrl(), posts);
        this.routes = new DiscussionRoutes(service, authentication);
        this.pages = new DiscussionPages(service, networks, authentication, pageRenderer);
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }

    /** Meeting occurrences' threads, for the meeting feature. */
    public OccurrenceDiscussions occurrenceDiscussions() {
        return service::occurrenceThread;
    }

    public DiscussionService service() {
        return service;
    }
}
