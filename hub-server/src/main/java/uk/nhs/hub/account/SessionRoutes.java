package uk.nhs.hub.account;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

import java.util.UUID;

/**
 * The sessions API: {@code GET /api/me/sessions}, {@code DELETE /api/me/sessions/{sessionId}} and
 * {@code DELETE /api/me/sessions} (every sign-in but the caller's own).
 */
final class SessionRoutes {

    private final SessionService sessions;
    private final Authentication authentication;

    SessionRoutes(SessionService sessions, Authentication authentication) {
        this.sessions = sessions;
        this.authentication = authentication;
    }

    void mount(Router router) {
        router.get("/api/me/sessions").handler(authentication.requireUser()).handler(this::list);
        router.delete("/api/me/sessions").handler(authentication.requireUser()).handler(this::endOthers);
        router.delete("/api/me/sessions/:sessionId").handler(authentication.requireUser()).handler(this::end);
    }

    private void list(RoutingContext ctx) {
        sessions.list(SignedInUser.required(ctx), Authentication.sessionOf(ctx).orElseThrow())
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("sessions",
                new JsonArray(list.stream().map(SignInSession::toJson).toList()))))
            .onFailure(ctx::fail);
    }

    private void end(RoutingContext ctx) {
        UUID sessionId = PathParams.uuid(ctx, "sessionId", SessionService.NOT_FOUND);
        boolean current = sessionId.equals(Authentication.sessionOf(ctx).orElseThrow());
        sessions.end(SignedInUser.required(ctx), sessionId, RequestOrigin.of(ctx))
            .onSuccess(v -> {
                if (current) {
                    authentication.clearCookie(ctx);
                }
                Responses.noContent(ctx);
            })
            .onFailure(ctx::fail);
    }

    private void endOthers(RoutingContext ctx) {
        sessions.endAllBut(SignedInUser.required(ctx), Authentication.sessionOf(ctx).orElseThrow(), RequestOrigin.of(ctx))
            .onSuccess(ended -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }
}
