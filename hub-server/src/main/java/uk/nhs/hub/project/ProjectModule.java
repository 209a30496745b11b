package uk.nhs.hub.project;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.Pages;

import java.util.UUID;

/** The service change projects feature assembled. */
public final class ProjectModule {

    private final ProjectService service;
    private final ProjectRoutes routes;
    private final ProjectPages pages;

    public ProjectModule(Vertx vertx, Pool pool, HubConfig config, NetworkService networks, Authentication authentication,
                         Pages pageRenderer, EventBusBridge bridge) {
        this.service = new ProjectService(vertx, pool, networks, config.http().baseUrl(), bridge);
        this.routes = new ProjectRoutes(service, authentication);
        this.pages = new ProjectPages(service, networks, authentication, pageRenderer);
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }

    /** A project page's live address reaches whoever may see the project, checked on every register. */
    public EventBusBridge.Rule bridgeRule() {
        return new EventBusBridge.Rule(ProjectEvents.ADDRESS, (userId, address) -> service.mayWatch(UUID.fromString(userId),
            UUID.fromString(address.substring(ProjectEvents.ADDRESS_PREFIX.length()))));
    }
}
