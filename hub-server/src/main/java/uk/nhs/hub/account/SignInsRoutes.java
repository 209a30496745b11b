package uk.nhs.hub.account;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

/** The API of a person's own sign-ins: {@code /api/me/sessions}. */
final class SignInsRoutes {

    private final SignIns signIns;
    private final Authentication authentication;

    SignInsRoutes(SignIns signIns, Authentication authentication) {
        this.signIns = signIns;
        this.authentication = authentication;
    }

    void mount(Router router) {
        router.get("/api/me/sessions").handler(authentication.requireUser()).handler(this::list);
        router.delete("/api/me/sessions").handler(authentication.requireUser()).handler(this::endOthers);
        router.delete("/api/me/sessions/:sessionId").handler(authentication.requireUser()).handler(this::end);
    }

    private void list(RoutingContext ctx) {
        signIns.list(SignedInUser.required(ctx), Authentication.sessionOf(ctx).orElseThrow())
            .onSuccess(sessions -> Responses.json(ctx, 200, new JsonObject().put("sessions", sessions)))
            .onFailure(ctx::fail);
    }

    private void end(RoutingContext ctx) {
        signIns.end(SignedInUser.required(ctx), PathParams.uuid(ctx, "sessionId", SignIns.NOT_FOUND), RequestOrigin.of(ctx))
            .onSuccess(v -> {
                // ending the sign-in in use is signing out
                if (Authentication.sessionOf(ctx).map(id -> id.toString().equalsIgnoreCase(ctx.pathParam("sessionId"))).orElse(false)) {
                    authentication.clearCookie(ctx);
                }
                Responses.noContent(ctx);
            })
            .onFailure(ctx::fail);
    }

    private void endOthers(RoutingContext ctx) {
        signIns.endOthers(SignedInUser.required(ctx), Authentication.sessionOf(ctx).orElseThrow(), RequestOrigin.of(ctx))
            .onSuccess(count -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }
}
