package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

import java.util.UUID;

/** The projects API: projects, stages, checklists, the team, updates, following, hearings and decisions. */
final class ProjectRoutes {

    private final ProjectService projects;
    private final Authentication authentication;

    ProjectRoutes(ProjectService projects, Authentication authentication) {
        this.projects = projects;
        this.authentication = authentication;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        var json = JsonBodies.required();
        router.post("/api/networks/:id/projects").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 201,
            projects.create(user(ctx), PathParams.uuid(ctx, "id", "Network not found"), JsonBodies.of(ctx))));
        router.get("/api/networks/:id/projects").handler(signedIn).handler(ctx -> answer(ctx, 200,
            projects.list(user(ctx), PathParams.uuid(ctx, "id", "Network not found"))));
        router.get("/api/projects/:projectId").handler(signedIn).handler(ctx -> answer(ctx, 200,
            projects.get(user(ctx), id(ctx))));
        router.patch("/api/projects/:projectId").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 200,
            projects.update(user(ctx), id(ctx), JsonBodies.of(ctx))));
        router.patch("/api/projects/:projectId/stages/:stageKey").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 200,
            projects.changeStage(user(ctx), id(ctx), ctx.pathParam("stageKey"), JsonBodies.of(ctx))));
        router.post("/api/projects/:projectId/stages/:stageKey/checklist").handler(signedIn).handler(json)
            .handler(ctx -> answer(ctx, 201, projects.addItem(user(ctx), id(ctx), ctx.pathParam("stageKey"), JsonBodies.of(ctx))));
        router.patch("/api/projects/:projectId/stages/:stageKey/checklist/:checklistItemId").handler(signedIn).handler(json)
            .handler(ctx -> answer(ctx, 200, projects.editItem(user(ctx), id(ctx), ctx.pathParam("stageKey"), item(ctx),
                JsonBodies.of(ctx))));
        router.put("/api/projects/:projectId/stages/:stageKey/checklist/:checklistItemId").handler(signedIn).handler(json)
            .handler(ctx -> answer(ctx, 200, projects.tickItem(user(ctx), id(ctx), ctx.pathParam("stageKey"), item(ctx),
                JsonBodies.of(ctx))));
        router.delete("/api/projects/:projectId/stages/:stageKey/checklist/:checklistItemId").handler(signedIn)
            .handler(ctx -> answer(ctx, 200, projects.removeItem(user(ctx), id(ctx), ctx.pathParam("stageKey"), item(ctx))));
        router.post("/api/projects/:projectId/team").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 201,
            projects.addTeamMember(user(ctx), id(ctx), JsonBodies.of(ctx), RequestOrigin.of(ctx))));
        router.delete("/api/projects/:projectId/team/:teamMemberId").handler(signedIn).handler(ctx -> answer(ctx, 200,
            projects.removeTeamMember(user(ctx), id(ctx), PathParams.uuid(ctx, "teamMemberId", "Team member not found"),
                RequestOrigin.of(ctx))));
        router.post("/api/projects/:projectId/updates").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 201,
            projects.addUpdate(user(ctx), id(ctx), JsonBodies.of(ctx))));
        router.put("/api/projects/:projectId/follow").handler(signedIn).handler(ctx -> answer(ctx, 200,
            projects.follow(user(ctx), id(ctx), true)));
        router.delete("/api/projects/:projectId/follow").handler(signedIn).handler(ctx -> answer(ctx, 200,
            projects.follow(user(ctx), id(ctx), false)));
        router.post("/api/projects/:projectId/hearings").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 201,
            projects.addHearing(user(ctx), id(ctx), JsonBodies.of(ctx))));
        router.patch("/api/projects/:projectId/hearings/:hearingId").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 200,
            projects.changeHearing(user(ctx), id(ctx), PathParams.uuid(ctx, "hearingId", "Hearing not found"), JsonBodies.of(ctx))));
        router.post("/api/projects/:projectId/decisions").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 201,
            projects.addDecision(user(ctx), id(ctx), JsonBodies.of(ctx))));
        router.patch("/api/projects/:projectId/decisions/:decisionId").handler(signedIn).handler(json).handler(ctx -> answer(ctx, 200,
            projects.makeDecision(user(ctx), id(ctx), PathParams.uuid(ctx, "decisionId", "Decision not found"), JsonBodies.of(ctx))));
    }

    private static void answer(RoutingContext ctx, int status, Future<JsonObject> result) {
        result.onSuccess(body -> Responses.json(ctx, status, body)).onFailure(ctx::fail);
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID id(RoutingContext ctx) {
        return PathParams.uuid(ctx, "projectId", "Project not found");
    }

    private static UUID item(RoutingContext ctx) {
        return PathParams.uuid(ctx, "checklistItemId", "Checklist item not found");
    }
}
