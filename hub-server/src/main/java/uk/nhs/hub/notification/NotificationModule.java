package uk.nhs.hub.notification;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.platform.Pages;

/**
 * The notifications inbox assembled: its API, its page and every page's header badge. Live counts travel on the
 * person's own user address, already on the bridge.
 */
public final class NotificationModule {

    private final NotificationRoutes routes;
    private final NotificationPages pages;

    public NotificationModule(Vertx vertx, Pool pool, Authentication authentication, Pages pageRenderer) {
        NotificationInbox inbox = new NotificationInbox(vertx, pool);
        this.routes = new NotificationRoutes(inbox, authentication);
        this.pages = new NotificationPages(inbox, authentication, pageRenderer);
    }

    /** The unread count for the header badge; mount after sign-in is identified and before any page. */
    public void mountBadge(Router router) {
        pages.mountBadge(router);
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }
}
