package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.Responses;

import java.util.UUID;

/** The consultations API: running a project's consultations, answering them and reading the results. */
final class ConsultationRoutes {

    private final ConsultationService consultations;
    private final Authentication authentication;

    ConsultationRoutes(ConsultationService consultations, Authentication authentication) {
        this.consultations = consultations;
        this.authentication = authentication;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        var json = JsonBodies.required();
        router.post("/api/projects/:projectId/consultations").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 201,
            consultations.create(user(ctx), PathParams.uuid(ctx, "projectId", "Project not found"), JsonBodies.of(ctx))));
        router.get("/api/projects/:projectId/consultations").handler(signedIn).handler(ctx -> answer(ctx, 200,
            consultations.list(user(ctx), PathParams.uuid(ctx, "projectId", "Project not found"))));
        router.get("/api/consultations/:consultationId").handler(signedIn).handler(ctx -> answer(ctx, 200,
            consultations.get(user(ctx), id(ctx))));
        router.patch("/api/consultations/:consultationId").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 200,
            consultations.update(user(ctx), id(ctx), JsonBodies.of(ctx))));
        router.post("/api/consultations/:consultationId/responses").handler(signedIn).handler(json).handler(ctx -> {
            UUID id = id(ctx);
            consultations.respond(user(ctx), id, JsonBodies.of(ctx))
                .onSuccess(body -> Responses.json(ctx, body.getBoolean("replaced") ? 200 : 201, body)).onFailure(ctx::fail);
        });
        router.get("/api/consultations/:consultationId/summary").handler(signedIn).handler(ctx -> answer(ctx, 200,
            consultations.summary(user(ctx), id(ctx))));
        router.get("/api/consultations/:consultationId/summary.csv").handler(signedIn).handler(ctx -> {
            UUID id = id(ctx);
            consultations.csv(user(ctx), id)
                .onSuccess(csv -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"consultation-" + id + ".csv\"").end(csv))
                .onFailure(ctx::fail);
        });
    }

    private static void answer(RoutingContext ctx, int status, Future<JsonObject> result) {
        result.onSuccess(body -> Responses.json(ctx, status, body)).onFailure(ctx::fail);
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID id(RoutingContext ctx) {
        return PathParams.uuid(ctx, "consultationId", "Consultation not found");
    }
}
