package uk.nhs.hub.notification;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.Responses;

/** The notifications API: the signed-in person's inbox and marking it read. */
final class NotificationRoutes {

    private final NotificationInbox inbox;
    private final Authentication authentication;

    NotificationRoutes(NotificationInbox inbox, Authentication authentication) {
        this.inbox = inbox;
        this.authentication = authentication;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        router.get("/api/me/notifications").handler(signedIn).handler(this::page);
        router.post("/api/me/notifications/read").handler(signedIn).handler(JsonBodies.required()).handler(this::read);
    }

    private void page(RoutingContext ctx) {
        var params = ctx.request();
        NotificationInbox.Query query = NotificationInbox.query(params.getParam("after"), params.getParam("limit"),
            params.getParam("kind"), params.getParam("network"));
        inbox.page(SignedInUser.required(ctx).id(), query)
            .onSuccess(page -> Responses.json(ctx, 200, page))
            .onFailure(ctx::fail);
    }

    private void read(RoutingContext ctx) {
        inbox.markRead(SignedInUser.required(ctx).id(), JsonBodies.of(ctx))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }
}
