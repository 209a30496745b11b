package uk.nhs.hub.notification;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.Responses;

/** {@code GET} and {@code PUT /api/me/email-preferences}: how the signed-in person wants notices emailed. */
final class EmailPreferenceRoutes {

    private final Pool pool;
    private final Authentication authentication;

    EmailPreferenceRoutes(Pool pool, Authentication authentication) {
        this.pool = pool;
        this.authentication = authentication;
    }

    void mount(Router router) {
        router.get("/api/me/email-preferences").handler(authentication.requireUser()).handler(this::show);
        router.put("/api/me/email-preferences").handler(authentication.requireUser()).handler(JsonBodies.required())
            .handler(this::save);
    }

    private void show(RoutingContext ctx) {
        EmailPreferences.load(pool, SignedInUser.required(ctx).id())
            .compose(choices -> Responses.json(ctx, 200, choices.toJson()))
            .onFailure(ctx::fail);
    }

    private void save(RoutingContext ctx) {
        EmailPreferences.Choices choices = EmailPreferences.parse(JsonBodies.of(ctx).getMap(), false);
        EmailPreferences.save(pool, SignedInUser.required(ctx).id(), choices)
            .compose(v -> Responses.json(ctx, 200, choices.toJson()))
            .onFailure(ctx::fail);
    }
}
