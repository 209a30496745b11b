package uk.nhs.hub.moderation;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.admin.Administrators;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

import java.util.UUID;

/** The moderation API: reporting posts, reading reports, hiding and restoring posts, resolving reports. */
final class ModerationRoutes {

    private final ModerationService moderation;
    private final Authentication authentication;
    private final Administrators administrators;

    ModerationRoutes(ModerationService moderation, Authentication authentication, Administrators administrators) {
        this.moderation = moderation;
        this.authentication = authentication;
        this.administrators = administrators;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        router.post("/api/posts/:postId/reports").handler(signedIn).handler(JsonBodies.required()).handler(this::report);
        router.get("/api/networks/:id/reports").handler(signedIn).handler(this::networkReports);
        router.get("/api/admin/reports").handler(administrators.requireApi()).handler(this::allReports);
        router.post("/api/posts/:postId/hide").handler(signedIn).handler(JsonBodies.required()).handler(this::hide);
        router.delete("/api/posts/:postId/hide").handler(signedIn).handler(this::restore);
        router.post("/api/reports/:reportId/resolve").handler(signedIn).handler(JsonBodies.required())
            .handler(this::resolve);
    }

    private void report(RoutingContext ctx) {
        moderation.report(user(ctx), postId(ctx), JsonBodies.of(ctx), RequestOrigin.of(ctx))
            .onSuccess(report -> Responses.json(ctx, 201, report))
            .onFailure(ctx::fail);
    }

    private void networkReports(RoutingContext ctx) {
        moderation.networkReports(user(ctx), PathParams.uuid(ctx, "id", "Network not found"),
                ctx.request().getParam("status"), ctx.request().getParam("after"), limit(ctx))
            .onSuccess(page -> Responses.json(ctx, 200, page))
            .onFailure(ctx::fail);
    }

    private void allReports(RoutingContext ctx) {
        moderation.allReports(ctx.request().getParam("status"), ctx.request().getParam("after"), limit(ctx))
            .onSuccess(page -> Responses.json(ctx, 200, page))
            .onFailure(ctx::fail);
    }

    private void hide(RoutingContext ctx) {
        moderation.hide(user(ctx), postId(ctx), JsonBodies.of(ctx), RequestOrigin.of(ctx))
            .onSuccess(hidden -> Responses.json(ctx, 200, hidden))
            .onFailure(ctx::fail);
    }

    private void restore(RoutingContext ctx) {
        moderation.restore(user(ctx), postId(ctx), RequestOrigin.of(ctx))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void resolve(RoutingContext ctx) {
        moderation.resolve(user(ctx), PathParams.uuid(ctx, "reportId", "Report not found"), JsonBodies.of(ctx),
                RequestOrigin.of(ctx))
            .onSuccess(report -> Responses.json(ctx, 200, report))
            .onFailure(ctx::fail);
    }

    static int limit(RoutingContext ctx) {
        String text = ctx.request().getParam("limit");
        if (text == null || text.isBlank()) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1 || limit > ModerationService.MAX_PAGE) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw HubException.invalid("limit", "'limit' must be a whole number from 1 to " + ModerationService.MAX_PAGE);
        }
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID postId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "postId", "Post not found");
    }
}
