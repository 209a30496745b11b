package uk.nhs.hub.moderation;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.admin.Administrators;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.Pages;

/** Moderation assembled: its API and pages. Its live events travel on the network's address, already on the bridge. */
public final class ModerationModule {

    private final ModerationRoutes routes;
    private final ModerationPages pages;

    public ModerationModule(Vertx vertx, Pool pool, NetworkService networks, Administrators administrators,
                            Authentication authentication, Pages pageRenderer) {
        ModerationService service = new ModerationService(vertx, pool, networks, administrators);
        this.routes = new ModerationRoutes(service, authentication, administrators);
        this.pages = new ModerationPages(service, networks, administrators, authentication, pageRenderer);
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }
}
