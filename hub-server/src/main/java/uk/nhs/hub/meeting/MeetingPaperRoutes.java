package uk.nhs.hub.meeting;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.Responses;

import java.util.UUID;

/** The API of a meeting date's papers: list, attach from the library, take off. */
final class MeetingPaperRoutes {

    private final MeetingPapers papers;
    private final Authentication authentication;

    MeetingPaperRoutes(MeetingPapers papers, Authentication authentication) {
        this.papers = papers;
        this.authentication = authentication;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        String base = "/api/meetings/:meetingId/occurrences/:start/papers";
        router.get(base).handler(signedIn).handler(ctx -> papers.list(user(ctx), meetingId(ctx), ctx.pathParam("start"))
            .onSuccess(list -> Responses.json(ctx, 200, list)).onFailure(ctx::fail));
        router.post(base).handler(signedIn).handler(JsonBodies.required()).handler(ctx ->
            papers.add(user(ctx), meetingId(ctx), ctx.pathParam("start"), JsonBodies.of(ctx))
                .onSuccess(paper -> Responses.json(ctx, 201, paper)).onFailure(ctx::fail));
        router.delete(base + "/:documentId").handler(signedIn).handler(ctx ->
            papers.remove(user(ctx), meetingId(ctx), ctx.pathParam("start"),
                    PathParams.uuid(ctx, "documentId", "Paper not found"))
                .onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail));
    }

    private static UUID meetingId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "meetingId", "Meeting not found");
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }
}
