package uk.nhs.hub.home;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.Responses;

import java.time.Clock;

/**
 * The signed-in home: {@code GET /api/me/home} and the page at {@code /}. Mounted before the account pages, which
 * keep the signed-out home.
 */
public final class HomeModule {

    private final HomeService home;
    private final Authentication authentication;
    private final Pages pages;

    public HomeModule(Pool pool, Pages pages, Authentication authentication, Clock clock) {
        this.home = new HomeService(pool, clock);
        this.authentication = authentication;
        this.pages = pages;
    }

    public void mount(Router router) {
        router.get("/api/me/home").handler(authentication.requireUser()).handler(this::api);
        router.get("/").handler(this::page);
    }

    private void api(RoutingContext ctx) {
        home.of(SignedInUser.required(ctx).id()).compose(body -> {
            body.remove("networks");
            ctx.response().putHeader("Cache-Control", "no-store");
            return Responses.json(ctx, 200, body);
        }).onFailure(ctx::fail);
    }

    private void page(RoutingContext ctx) {
        var viewer = SignedInUser.of(ctx);
        if (viewer.isEmpty()) {
            ctx.next();
            return;
        }
        home.of(viewer.get().id())
            .compose(body -> pages.render(ctx, 200, "home/index", Pages.plain(body)))
            .onFailure(ctx::fail);
    }
}
