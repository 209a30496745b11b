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

/** The impact measures API and the progress report of a network's current projects. */
final class MeasureRoutes {

    private final ProjectMeasures measures;
    private final ProjectProgress progress;
    private final Authentication authentication;

    MeasureRoutes(ProjectMeasures measures, ProjectProgress progress, Authentication authentication) {
        this.measures = measures;
        this.progress = progress;
        this.authentication = authentication;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        var json = JsonBodies.required();
        router.get("/api/projects/:projectId/measures").handler(signedIn).handler(ctx -> answer(ctx, 200,
            measures.list(user(ctx), PathParams.uuid(ctx, "projectId", "Project not found"))));
        router.post("/api/projects/:projectId/measures").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 201,
            measures.create(user(ctx), PathParams.uuid(ctx, "projectId", "Project not found"), JsonBodies.of(ctx))));
        router.patch("/api/measures/:measureId").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 200,
            measures.update(user(ctx), measure(ctx), JsonBodies.of(ctx))));
        router.delete("/api/measures/:measureId").handler(signedIn).handler(ctx -> measures.delete(user(ctx), measure(ctx))
            .onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail));
        router.post("/api/measures/:measureId/readings").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 201,
            measures.addReading(user(ctx), measure(ctx), JsonBodies.of(ctx))));
        router.delete("/api/readings/:readingId").handler(signedIn).handler(ctx -> answer(ctx, 200,
            measures.removeReading(user(ctx), PathParams.uuid(ctx, "readingId", "Reading not found"))));
        router.get("/api/networks/:id/projects/progress").handler(signedIn).handler(ctx -> answer(ctx, 200,
            progress.report(user(ctx), PathParams.uuid(ctx, "id", "Network not found"), ctx.request().getParam("month"))));
    }

    private static void answer(RoutingContext ctx, int status, Future<JsonObject> result) {
        result.onSuccess(body -> Responses.json(ctx, status, body)).onFailure(ctx::fail);
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static java.util.UUID measure(RoutingContext ctx) {
        return PathParams.uuid(ctx, "measureId", "Measure not found");
    }
}
