package uk.nhs.hub.discussion;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.document.PaperForms;
import uk.nhs.hub.meeting.OccurrenceDiscussions;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.network.RecentDiscussions;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        this.pages = new DiscussionPages(service, networks, authentication, pageRenderer, config.documents().maxUploadBytes());
    }

    /**
     * The reply form that carries a file for the network's library: mount before the body handler, which would
     * buffer the file.
     */
    public void mountUploads(Router router, PaperForms forms) {
        pages.mountUploads(router, forms);
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }

    /** Meeting occurrences' threads, for the meeting feature. */
    public OccurrenceDiscussions occurrenceDiscussions() {
        return service::occurrenceThread;
    }

    /**
     * A network's latest threads with the viewer's unread counts, for the network page; someone who may not read
     * the network's discussions gets none, as the page shows them nothing either.
     */
    public RecentDiscussions recentDiscussions() {
        return (viewer, networkId, limit) -> service.threads(viewer, networkId, null, limit).map(page -> {
            List<Map<String, Object>> recent = new ArrayList<>();
            page.getJsonArray("threads").forEach(item -> {
                JsonObject thread = (JsonObject) item;
                String last = thread.getString("lastPostAt") == null ? thread.getString("createdAt") : thread.getString("lastPostAt");
                Map<String, Object> entry = new HashMap<>();
                entry.put("title", thread.getString("title"));
                entry.put("href", "/threads/" + thread.getString("id"));
                entry.put("unread", thread.getInteger("unread"));
                entry.put("posts", thread.getInteger("postCount"));
                entry.put("lastActivity", DateTimeWords.timestamp(OffsetDateTime.parse(last).toInstant()));
                recent.add(entry);
            });
            return recent;
        }).recover(err -> err instanceof HubException hub && (hub.status() == 403 || hub.status() == 404)
            ? Future.succeededFuture(List.of()) : Future.failedFuture(err));
    }

    public DiscussionService service() {
        return service;
    }
}
