package uk.nhs.hub.network;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.HashMap;
import java.util.Map;

/**
 * The organisers' page for a network's two-step requirement ({@code /networks/:slug/two-step}): a checkbox
 * saved through the same service as {@code PATCH /api/networks/{id}}, so the same people may change it.
 */
final class NetworkTwoStepPages {

    private final NetworkService networks;
    private final Authentication authentication;
    private final Pages pages;

    NetworkTwoStepPages(NetworkService networks, Authentication authentication, Pages pages) {
        this.networks = networks;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        router.get("/networks/:slug/two-step").handler(authentication.requireUserPage()).handler(this::show);
        router.post("/networks/:slug/two-step").handler(authentication.requireUserPage()).handler(this::save);
    }

    private void show(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        networks.accessBySlug(ctx.pathParam("slug"), user.id())
            .compose(access -> render(ctx, 200, access.requireOrganiser().network(), access.network().requireTwoStep(),
                new FormErrors()))
            .onFailure(ctx::fail);
    }

    private void save(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        boolean wanted = "yes".equals(ctx.request().getFormAttribute("requireTwoStep"));
        networks.accessBySlug(ctx.pathParam("slug"), user.id())
            .compose(access -> networks.update(user, access.requireOrganiser().network().id(),
                    new NetworkService.NetworkFields(null, null, null, null, null, null, wanted), RequestOrigin.of(ctx))
                .compose(saved -> Pages.seeOther(ctx, "/networks/" + saved.slug() + "?done=two-step"))
                .recover(err -> err instanceof HubException hub && hub.status() == 400
                    ? render(ctx, 400, access.network(), wanted, FormErrors.from(hub, "requireTwoStep"))
                    : Future.failedFuture(err)))
            .onFailure(ctx::fail);
    }

    private Future<Void> render(RoutingContext ctx, int status, Network network, boolean checked, FormErrors errors) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.put("network", network.toJson().getMap());
        model.put("checked", checked);
        return pages.render(ctx, status, "network/two-step", model);
    }
}
