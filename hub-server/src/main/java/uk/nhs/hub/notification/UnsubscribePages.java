package uk.nhs.hub.notification;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.platform.Pages;

import java.util.Map;
import java.util.Optional;

/**
 * One-click unsubscribe ({@code /unsubscribe/{token}}), which works without signing in. {@code GET} only asks
 * (mail scanners follow links, so a GET must never change anything); {@code POST} turns the token's category off,
 * whether from the page's button or from a mail app acting on RFC 8058's {@code List-Unsubscribe-Post}.
 */
final class UnsubscribePages {

    private final Pool pool;
    private final Pages pages;

    UnsubscribePages(Pool pool, Pages pages) {
        this.pool = pool;
        this.pages = pages;
    }

    /**
     * Mounts the one-click POST. It must be mounted ahead of CSRF protection: RFC 8058 has the mail app POST
     * with no cookie and no form token, and the token in the address is itself the proof, good for this one
     * change only.
     */
    void mountOneClick(Router router) {
        router.post("/unsubscribe/:token").handler(this::unsubscribe);
    }

    void mount(Router router) {
        router.get("/unsubscribe/:token").handler(this::confirm);
    }

    private void confirm(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        Unsubscribes.find(pool, token)
            .compose(target -> target.isEmpty() ? closed(ctx)
                : pages.render(ctx, 200, "account/unsubscribe", Map.of("token", token,
                    "about", EmailPreferences.words(target.get().category()))))
            .onFailure(ctx::fail);
    }

    private void unsubscribe(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        pool.withTransaction(tx -> Unsubscribes.find(tx, token).compose(target -> target.isEmpty()
                ? Future.succeededFuture(Optional.<Unsubscribes.Target>empty())
                : EmailPreferences.turnOff(tx, target.get().userId(), target.get().category()).map(target)))
            .compose(target -> target.isEmpty() ? closed(ctx)
                : pages.render(ctx, 200, "account/unsubscribed",
                    Map.of("about", EmailPreferences.words(target.get().category()))))
            .onFailure(ctx::fail);
    }

    private Future<Void> closed(RoutingContext ctx) {
        return pages.render(ctx, 404, "account/unsubscribe-unknown", Map.of());
    }
}
