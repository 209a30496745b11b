package uk.nhs.hub.discussion;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Idempotency;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.Responses;

import java.util.UUID;

/** The discussions API: threads in networks, posts, reactions, read state, presence and search. */
final class DiscussionRoutes {

    private final DiscussionService discussions;
    private final Authentication authentication;

    DiscussionRoutes(DiscussionService discussions, Authentication authentication) {
        this.discussions = discussions;
        this.authentication = authentication;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        router.post("/api/networks/:id/threads").handler(signedIn).handler(JsonBodies.required()).handler(this::createThread);
        router.get("/api/networks/:id/threads").handler(signedIn).handler(this::threads);
        router.get("/api/threads/:threadId").handler(signedIn).handler(this::thread);
        router.patch("/api/threads/:threadId").handler(signedIn).handler(JsonBodies.required()).handler(this::updateThread);
        router.get("/api/threads/:threadId/posts").handler(signedIn).handler(this::posts);
        router.post("/api/threads/:threadId/posts").handler(signedIn).handler(JsonBodies.required()).handler(this::reply);
        router.post("/api/threads/:threadId/read").handler(signedIn).handler(JsonBodies.required()).handler(this::read);
        router.post("/api/threads/:threadId/presence").handler(signedIn).handler(JsonBodies.required()).handler(this::presence);
        router.patch("/api/posts/:postId").handler(signedIn).handler(JsonBodies.required()).handler(this::edit);
        router.delete("/api/posts/:postId").handler(signedIn).handler(this::delete);
        router.get("/api/posts/:postId/history").handler(signedIn).handler(this::history);
        router.post("/api/posts/:postId/reactions").handler(signedIn).handler(JsonBodies.required()).handler(this::react);
        router.post("/api/discussions/preview").handler(signedIn).handler(JsonBodies.required()).handler(this::preview);
        router.get("/api/search").handler(signedIn).handler(this::search);
        router.get("/api/networks/:id/mentionables").handler(signedIn).handler(this::mentionables);
        router.put("/api/threads/:threadId/watch").handler(signedIn).handler(JsonBodies.required()).handler(this::watch);
    }

    private void createThread(RoutingContext ctx) {
        discussions.createThread(user(ctx), PathParams.uuid(ctx, "id", "Network not found"), JsonBodies.of(ctx),
                Idempotency.key(ctx))
            .onSuccess(thread -> Responses.json(ctx, 201, thread))
            .onFailure(ctx::fail);
    }

    private void threads(RoutingContext ctx) {
        discussions.threads(user(ctx), PathParams.uuid(ctx, "id", "Network not found"), ctx.request().getParam("after"),
                limit(ctx, 50))
            .onSuccess(page -> Responses.json(ctx, 200, page))
            .onFailure(ctx::fail);
    }

    private void thread(RoutingContext ctx) {
        discussions.getThread(user(ctx), threadId(ctx)).onSuccess(thread -> Responses.json(ctx, 200, thread)).onFailure(ctx::fail);
    }

    private void updateThread(RoutingContext ctx) {
        discussions.updateThread(user(ctx), threadId(ctx), JsonBodies.of(ctx))
            .onSuccess(thread -> Responses.json(ctx, 200, thread))
            .onFailure(ctx::fail);
    }

    private void posts(RoutingContext ctx) {
        discussions.posts(user(ctx), threadId(ctx), ctx.request().getParam("after"), limit(ctx, 50))
            .onSuccess(page -> Responses.json(ctx, 200, page))
            .onFailure(ctx::fail);
    }

    private void reply(RoutingContext ctx) {
        discussions.reply(user(ctx), threadId(ctx), JsonBodies.of(ctx), Idempotency.key(ctx))
            .onSuccess(post -> Responses.json(ctx, 201, post))
            .onFailure(ctx::fail);
    }

    private void read(RoutingContext ctx) {
        discussions.markRead(user(ctx), threadId(ctx), JsonBodies.of(ctx))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void presence(RoutingContext ctx) {
        discussions.presence(user(ctx), threadId(ctx), JsonBodies.of(ctx))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void edit(RoutingContext ctx) {
        discussions.edit(user(ctx), postId(ctx), JsonBodies.of(ctx))
            .onSuccess(post -> Responses.json(ctx, 200, post))
            .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        discussions.delete(user(ctx), postId(ctx)).onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        discussions.history(user(ctx), postId(ctx))
            .onSuccess(revisions -> Responses.json(ctx, 200, new JsonObject().put("revisions", revisions)))
            .onFailure(ctx::fail);
    }

    private void react(RoutingContext ctx) {
        discussions.react(user(ctx), postId(ctx), JsonBodies.of(ctx), Idempotency.key(ctx))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void preview(RoutingContext ctx) {
        Responses.json(ctx, 200, discussions.preview(JsonBodies.of(ctx)));
    }

    private void search(RoutingContext ctx) {
        discussions.search(user(ctx), ctx.request().getParam("q"), ctx.request().getParam("after"), limit(ctx, 20))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void mentionables(RoutingContext ctx) {
        discussions.mentionables(user(ctx), PathParams.uuid(ctx, "id", "Network not found"), ctx.request().getParam("q"))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void watch(RoutingContext ctx) {
        discussions.watch(user(ctx), threadId(ctx), JsonBodies.of(ctx))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    static int limit(RoutingContext ctx, int fallback) {
        String text = ctx.request().getParam("limit");
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1 || limit > DiscussionService.MAX_PAGE) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw HubException.invalid("limit", "'limit' must be a whole number from 1 to " + DiscussionService.MAX_PAGE);
        }
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID threadId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "threadId", "Discussion not found");
    }

    private static UUID postId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "postId", "Post not found");
    }
}
