package uk.nhs.hub.discussion;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.document.PaperForms;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.PathParams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Discussion pages: a network's threads with unread counts, the new-thread form, the thread page (which the
 * browser then keeps up to date live), editing with visible history, and search. Every form works without
 * JavaScript; a refused post comes back with the NHS.UK error summary and the text still in the box.
 */
final class DiscussionPages {

    static final int PAGE_SIZE = 50;
    private static final Map<String, String> REACTION_LABELS = Map.of("like", "Like", "thanks", "Thanks",
        "agree", "Agree", "question", "Question");
    /** The reaction buttons of a post written while the page is open: nobody has reacted yet. */
    private static final List<Map<String, Object>> NEW_POST_REACTIONS = reactionChoices(null, null);
    private static final Map<String, String> NOTICES = Map.of("posted", "Your post has been added",
        "edited", "Your post has been changed", "deleted", "The post has been deleted",
        "settings", "The discussion has been updated",
        "watching", "You are now watching this discussion", "normal", "You are no longer watching this discussion",
        "muted", "This discussion is muted for you");

    private final DiscussionService discussions;
    private final NetworkService networks;
    private final Authentication authentication;
    private final Pages pages;
    private final long maxUploadMb;

    DiscussionPages(DiscussionService discussions, NetworkService networks, Authentication authentication, Pages pages,
                    long maxUploadBytes) {
        this.maxUploadMb = maxUploadBytes / (1024 * 1024);
        this.discussions = discussions;
        this.networks = networks;
        this.authentication = authentication;
        this.pages = pages;
    }

    /** The reply form as the page sends it, multipart so that it can carry a file (see {@link #replyWithPaper}). */
    void mountUploads(Router router, PaperForms forms) {
        forms.mount(router, "/threads/:threadId/posts", ctx -> replyWithPaper(ctx, forms));
        forms.mount(router, "/networks/:slug/discussions", ctx -> createWithPaper(ctx, forms));
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/networks/:slug/discussions").handler(signedIn).handler(this::list);
        router.get("/networks/:slug/discussions/new").handler(signedIn)
            .handler(ctx -> showNew(ctx, 200, Map.of(), new FormErrors(), null).onFailure(ctx::fail));
        router.post("/networks/:slug/discussions").handler(signedIn).handler(this::create);
        router.get("/threads/:threadId").handler(signedIn)
            .handler(ctx -> showThread(ctx, 200, Map.of(), new FormErrors(), null).onFailure(ctx::fail));
        router.post("/threads/:threadId/posts").handler(signedIn).handler(this::reply);
        router.post("/threads/:threadId/settings").handler(signedIn).handler(this::settings);
        router.post("/threads/:threadId/watch").handler(signedIn).handler(this::watch);
        router.get("/posts/:postId/edit").handler(signedIn).handler(ctx -> showEdit(ctx, 200, null, new FormErrors()).onFailure(ctx::fail));
        router.post("/posts/:postId/edit").handler(signedIn).handler(this::edit);
        router.post("/posts/:postId/delete").handler(signedIn).handler(this::delete);
        router.post("/posts/:postId/react").handler(signedIn).handler(this::react);
        router.get("/posts/:postId/history").handler(signedIn).handler(this::history);
        router.get("/search").handler(signedIn).handler(this::search);
    }

    // ---- thread list and new thread -----------------------------------------------------------------------

    private void list(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        networks.getBySlug(user, ctx.pathParam("slug")).compose(network ->
            discussions.threads(user, UUID.fromString(network.getString("id")), ctx.request().getParam("after"), PAGE_SIZE)
                .compose(page -> {
                    List<Object> threads = new ArrayList<>();
                    page.getJsonArray("threads").forEach(o -> {
                        JsonObject thread = ((JsonObject) o).copy();
                        String last = thread.getString("lastPostAt");
                        thread.put("activity", when(last == null ? thread.getString("createdAt") : last));
                        threads.add(thread.getMap());
                    });
                    Map<String, Object> model = new HashMap<>();
                    model.put("network", network.getMap());
                    model.put("threads", threads);
                    model.put("unread", page.getLong("unread"));
                    if (page.getString("next") != null) {
                        model.put("next", page.getString("next"));
                    }
                    model.put("canPost", canPost(network));
                    return pages.render(ctx, 200, "discussion/list", model);
                })).onFailure(ctx::fail);
    }

    private static boolean canPost(JsonObject network) {
        String role = network.getString("myRole");
        return role != null && !"guest".equals(role);
    }

    private Future<Void> showNew(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors, String preview) {
        return networks.getBySlug(SignedInUser.required(ctx), ctx.pathParam("slug")).compose(network -> {
            if (!canPost(network)) {
                return Future.failedFuture(HubException.forbidden("Only members of this network can start discussions"));
            }
            return discussions.paperChoices(SignedInUser.required(ctx), UUID.fromString(network.getString("id"))).compose(choices -> {
                Map<String, Object> model = new HashMap<>(errors.model());
                model.put("network", network.getMap());
                model.put("form", form);
                model.put("paperChoices", choices);
                model.put("maxUploadMb", maxUploadMb);
                if (preview != null) {
                    model.put("preview", preview);
                }
                return pages.render(ctx, status, "discussion/new", model);
            });
        });
    }

    private void create(RoutingContext ctx) {
        Map<String, String> form = Map.of("title", field(ctx, "title"), "body", field(ctx, "body"));
        if ("preview".equals(field(ctx, "action"))) {
            preview(form.get("body")).compose(html -> showNew(ctx, 200, form, new FormErrors(), html))
                .onFailure(err -> refused(err, errors -> showNew(ctx, status(err), form, errors, null), ctx));
            return;
        }
        SignedInUser user = SignedInUser.required(ctx);
        networks.getBySlug(user, ctx.pathParam("slug"))
            .compose(network -> discussions.createThread(user, UUID.fromString(network.getString("id")),
                new JsonObject().put("title", form.get("title")).put("body", form.get("body")), null))
            .onSuccess(thread -> Pages.seeOther(ctx, "/threads/" + thread.getString("id") + "?done=posted"))
            .onFailure(err -> refused(err, errors -> showNew(ctx, status(err), form, errors, null), ctx));
    }

    // ---- the thread page ----------------------------------------------------------------------------------

    private Future<Void> showThread(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors,
                                    String preview) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID threadId = PathParams.uuid(ctx, "threadId", "Discussion not found");
        String after = ctx.request().getParam("after");
        String from = ctx.request().getParam("post");
        return discussions.readable(user, threadId).compose(readable -> {
                // what follows the access check does not depend on one another, so it goes to the database at once
                Future<Long> latestSeq = networks.latestSeq(readable.networkId());
                Future<DiscussionService.ReaderState> readerState = discussions.readerState(user, readable);
                Future<JsonObject> page;
                if (after != null && !after.isBlank()) {
                    page = discussions.pathOf(threadId, after).compose(path -> discussions.page(user, threadId, path, PAGE_SIZE, false));
                } else if (ctx.request().getParam("start") != null) {
                    page = discussions.page(user, threadId, "", PAGE_SIZE, false);
                } else if (from != null && !from.isBlank()) {
                    page = discussions.pathOf(threadId, from).compose(path -> discussions.page(user, threadId, path, PAGE_SIZE, true));
                } else {
                    page = discussions.fromFirstUnread(user, readable, PAGE_SIZE);
                }
                return page.compose(loaded -> {
                    JsonArray posts = loaded.getJsonArray("posts");
                    int readBefore = readable.thread().getInteger("postCount") - readable.thread().getInteger("unread");
                    // a reader going back over what they have read changes nothing, so costs no durable write
                    Future<Void> read = posts.isEmpty() || lastPosition(posts) <= readBefore ? Future.succeededFuture()
                        : discussions.markReadUpTo(user, threadId, lastPosition(posts));
                    // the header badge has just counted their unread notices: with none there is nothing to mark
                    Future<Void> notices = Long.valueOf(0).equals(ctx.get(Pages.UNREAD_NOTIFICATIONS)) ? Future.succeededFuture()
                        : discussions.readNoticesOf(user, threadId).map(unread -> {
                            if (unread != null) {
                                ctx.put(Pages.UNREAD_NOTIFICATIONS, unread);
                            }
                            return null;
                        });
                    return Future.all(read, notices, latestSeq).compose(done -> readerState).compose(state -> {
                        String watchLevel = state.watchLevel();
                        List<Map<String, Object>> paperChoices = state.paperChoices();
                        Map<String, Object> model = new HashMap<>(errors.model());
                        model.put("thread", readable.thread().getMap());
                        model.put("network", Map.of("name", readable.access().network().name(),
                            "slug", readable.access().network().slug()));
                        model.put("posts", postModels(posts, user, readable));
                        model.put("startsLater", (after != null && !after.isBlank()) || (from != null && !from.isBlank())
                            || (!posts.isEmpty() && posts.getJsonObject(0).getInteger("position") != 1));
                        if (loaded.getString("next") != null) {
                            model.put("next", loaded.getString("next"));
                        }
                        model.put("watchLevel", watchLevel);
                        model.put("newPostReactions", NEW_POST_REACTIONS);
                        model.put("mayPost", readable.mayPost());
                        model.put("paperChoices", paperChoices);
                        model.put("maxUploadMb", maxUploadMb);
                        Map<String, String> composer = new HashMap<>(form);
                        String replyTo = ctx.request().getParam("replyTo");
                        if (!composer.containsKey("parentId") && replyTo != null) {
                            composer.put("parentId", replyTo);
                        }
                        model.put("form", composer);
                        if (composer.get("parentId") != null && !composer.get("parentId").isBlank()) {
                            posts.stream().map(JsonObject.class::cast)
                                .filter(p -> p.getString("id").equals(composer.get("parentId"))).findFirst()
                                .ifPresent(p -> model.put("replyingTo", p.getJsonObject("author").getString("displayName")));
                        }
                        if (preview != null) {
                            model.put("preview", preview);
                        }
                        String done = ctx.request().getParam("done");
                        if (done != null && NOTICES.containsKey(done)) {
                            model.put("notice", NOTICES.get(done));
                        }
                        model.put("latestSeq", latestSeq.result());
                        return pages.render(ctx, status, "discussion/thread", model);
                    });
                });
            });
    }

    /** The highest position among the posts shown: everything up to it counts as read. */
    private static int lastPosition(JsonArray posts) {
        int last = 0;
        for (Object o : posts) {
            last = Math.max(last, ((JsonObject) o).getInteger("position"));
        }
        return last;
    }

    private static List<Object> postModels(JsonArray posts, SignedInUser user, DiscussionService.Readable readable) {
        List<Object> models = new ArrayList<>();
        for (Object o : posts) {
            // a copy of the post's own fields only: what it holds (its author, reactions, papers) is read, not changed
            JsonObject post = new JsonObject(new java.util.LinkedHashMap<>(((JsonObject) o).getMap()));
            post.put("when", when(post.getString("createdAt")));
            boolean mine = user.id().toString().equals(post.getJsonObject("author").getString("id"));
            post.put("mayEdit", mine && !post.getBoolean("deleted") && !readable.thread().getBoolean("locked"));
            post.put("mayDelete", (mine || readable.access().isOrganiser()) && !post.getBoolean("deleted"));
            post.put("mayReact", readable.mayPost() && !post.getBoolean("deleted"));
            post.put("mayReply", readable.mayReply() && !post.getBoolean("deleted"));
            post.put("reactionChoices", reactionChoices(post.getJsonObject("reactions"), post.getJsonArray("myReactions")));
            models.add(post.getMap());
        }
        return models;
    }

    /**
     * Each reaction as the page shows it on a post: its label, how many gave it and whether the reader did, so that
     * the page's template reads each once rather than looking them up.
     */
    private static List<Map<String, Object>> reactionChoices(JsonObject counts, JsonArray mine) {
        List<Map<String, Object>> choices = new ArrayList<>(DiscussionService.REACTIONS.size());
        for (String reaction : DiscussionService.REACTIONS) {
            Object count = counts == null ? null : counts.getValue(reaction);
            choices.add(Map.of("key", reaction, "label", REACTION_LABELS.get(reaction),
                "count", count == null ? 0 : count, "mine", mine != null && mine.contains(reaction)));
        }
        return choices;
    }

    /**
     * The reply form with its papers: the file, streamed into the network's library (tagged "discussion") once the
     * person's right to reply is known, a document chosen from the library, and papers uploaded by an earlier
     * try of the same form (a preview, or a refused post), which the form carries back so that nothing is uploaded
     * twice. A refused upload shows the error summary; the text typed is kept whenever the form arrived whole.
     */
    private void replyWithPaper(RoutingContext ctx, PaperForms forms) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID threadId = PathParams.uuid(ctx, "threadId", "Discussion not found");
        Future<DiscussionService.Readable> replier = discussions.readable(user, threadId).map(readable -> {
            if (!readable.mayPost()) {
                throw HubException.forbidden("Only members of this network can post in its discussions");
            }
            return readable;
        });
        Map<String, String> form = new HashMap<>();
        List<String> names = List.of("body", "parentId", "libraryPaper", "uploadedPapers", "action");
        forms.receive(ctx, replier)
            .compose(received -> keptPapers(ctx, received, names, form, replier.result().networkId()))
            .compose(papers -> {
                if ("preview".equals(form.get("action"))) {
                    return preview(form.get("body")).compose(html -> showThread(ctx, 200, form, new FormErrors(), html));
                }
                JsonObject body = new JsonObject().put("body", form.get("body")).put("documentIds", chosen(papers, form));
                if (!form.get("parentId").isEmpty()) {
                    body.put("parentId", form.get("parentId"));
                }
                return discussions.reply(user, threadId, body, null, papers)
                    .compose(post -> Pages.seeOther(ctx, "/threads/" + threadId + "?post=" + post.getString("id")
                        + "&done=posted#post-" + post.getString("id")));
            })
            .onFailure(err -> {
                keepTyped(ctx, names, form);
                refused(err, errors -> showThread(ctx, status(err), form, errors, null), ctx);
            });
    }

    /** The new-thread form with its papers, as {@link #replyWithPaper} does for a reply. */
    private void createWithPaper(RoutingContext ctx, PaperForms forms) {
        SignedInUser user = SignedInUser.required(ctx);
        Future<UUID> network = networks.getBySlug(user, ctx.pathParam("slug")).map(found -> {
            if (!canPost(found)) {
                throw HubException.forbidden("Only members of this network can start discussions");
            }
            return UUID.fromString(found.getString("id"));
        });
        Map<String, String> form = new HashMap<>();
        List<String> names = List.of("title", "body", "libraryPaper", "uploadedPapers", "action");
        forms.receive(ctx, network)
            .compose(received -> keptPapers(ctx, received, names, form, network.result()))
            .compose(papers -> {
                if ("preview".equals(form.get("action"))) {
                    return preview(form.get("body")).compose(html -> showNew(ctx, 200, form, new FormErrors(), html));
                }
                JsonObject body = new JsonObject().put("title", form.get("title")).put("body", form.get("body"))
                    .put("documentIds", chosen(papers, form));
                return discussions.createThread(user, network.result(), body, null, papers)
                    .compose(thread -> Pages.seeOther(ctx, "/threads/" + thread.getString("id") + "?done=posted"));
            })
            .onFailure(err -> {
                keepTyped(ctx, names, form);
                refused(err, errors -> showNew(ctx, status(err), form, errors, null), ctx);
            });
    }

    /**
     * Reads a received form's fields {@code names} into {@code form} and gives the papers uploaded with it: those
     * of earlier tries, then its file, kept in the library now (tagged "discussion"). A refused post or a preview
     * shows the form again with the upload listed, so that the next try attaches it without storing it twice.
     */
    private static Future<List<UUID>> keptPapers(RoutingContext ctx, PaperForms.Received received, List<String> names,
                                                 Map<String, String> form, UUID networkId) {
        for (String name : names) {
            form.put(name, received.fields().getOrDefault(name, "").trim());
        }
        Future<List<UUID>> uploaded = paperIds(form.get("uploadedPapers"), "uploadedPapers");
        if (received.file() == null) {
            return uploaded;
        }
        return uploaded.compose(earlier -> received.file().keep(SignedInUser.required(ctx), networkId, "discussion")
            .map(id -> {
                List<UUID> all = new ArrayList<>(earlier);
                all.add(id);
                form.put("uploadedPapers", String.join(",", all.stream().map(UUID::toString).toList()));
                return all;
            }));
    }

    /** The papers a form asks for: those uploaded with it, then the one chosen from the library. */
    private static JsonArray chosen(List<UUID> uploaded, Map<String, String> form) {
        JsonArray ids = new JsonArray();
        uploaded.forEach(id -> ids.add(id.toString()));
        if (!form.get("libraryPaper").isEmpty() && !ids.contains(form.get("libraryPaper"))) {
            ids.add(form.get("libraryPaper"));
        }
        return ids;
    }

    /** A form refused before it arrived whole (its size, its type) keeps whatever text fields did arrive. */
    private static void keepTyped(RoutingContext ctx, List<String> names, Map<String, String> form) {
        if (form.isEmpty()) {
            for (String name : names) {
                form.put(name, field(ctx, name));
            }
        }
    }

    /** The papers a form carries back from an earlier try, as ids; a 400 naming the field when one is not an id. */
    private static Future<List<UUID>> paperIds(String listed, String field) {
        List<UUID> ids = new ArrayList<>();
        try {
            for (String id : listed.split(",")) {
                if (!id.isBlank()) {
                    ids.add(UUID.fromString(id.strip()));
                }
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(HubException.invalid(field, "Upload the file again"));
        }
        return Future.succeededFuture(ids);
    }

    private void reply(RoutingContext ctx) {
        UUID threadId = PathParams.uuid(ctx, "threadId", "Discussion not found");
        Map<String, String> form = new HashMap<>();
        form.put("body", field(ctx, "body"));
        form.put("parentId", field(ctx, "parentId"));
        if ("preview".equals(field(ctx, "action"))) {
            preview(form.get("body")).compose(html -> showThread(ctx, 200, form, new FormErrors(), html))
                .onFailure(err -> refused(err, errors -> showThread(ctx, status(err), form, errors, null), ctx));
            return;
        }
        JsonObject body = new JsonObject().put("body", form.get("body"));
        if (!form.get("parentId").isEmpty()) {
            body.put("parentId", form.get("parentId"));
        }
        discussions.reply(SignedInUser.required(ctx), threadId, body, null)
            .onSuccess(post -> Pages.seeOther(ctx, "/threads/" + threadId + "?post=" + post.getString("id")
                + "&done=posted#post-" + post.getString("id")))
            .onFailure(err -> refused(err, errors -> showThread(ctx, status(err), form, errors, null), ctx));
    }

    private void settings(RoutingContext ctx) {
        UUID threadId = PathParams.uuid(ctx, "threadId", "Discussion not found");
        JsonObject body = new JsonObject();
        String pinned = field(ctx, "pinned");
        String locked = field(ctx, "locked");
        if (!pinned.isEmpty()) {
            body.put("pinned", "true".equals(pinned));
        }
        if (!locked.isEmpty()) {
            body.put("locked", "true".equals(locked));
        }
        discussions.updateThread(SignedInUser.required(ctx), threadId, body)
            .onSuccess(thread -> Pages.seeOther(ctx, "/threads/" + threadId + "?done=settings"))
            .onFailure(ctx::fail);
    }

    private void watch(RoutingContext ctx) {
        UUID threadId = PathParams.uuid(ctx, "threadId", "Discussion not found");
        String level = field(ctx, "level");
        discussions.watch(SignedInUser.required(ctx), threadId, new JsonObject().put("level", level))
            .onSuccess(v -> Pages.seeOther(ctx, "/threads/" + threadId + "?done=" + level))
            .onFailure(ctx::fail);
    }

    // ---- editing, deleting, reacting, history -------------------------------------------------------------

    private Future<Void> showEdit(RoutingContext ctx, int status, String text, FormErrors errors) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID postId = PathParams.uuid(ctx, "postId", "Post not found");
        return discussions.postInReadableThread(user, postId).compose(post -> {
            if (!user.id().toString().equals(post.getJsonObject("author").getString("id")) || post.getBoolean("deleted")) {
                return Future.failedFuture(HubException.forbidden("Only the author can edit a post"));
            }
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("post", post.getMap());
            model.put("form", Map.of("body", text == null ? post.getString("body") : text));
            return pages.render(ctx, status, "discussion/edit", model);
        });
    }

    private void edit(RoutingContext ctx) {
        UUID postId = PathParams.uuid(ctx, "postId", "Post not found");
        String text = field(ctx, "body");
        discussions.edit(SignedInUser.required(ctx), postId, new JsonObject().put("body", text))
            .onSuccess(post -> Pages.seeOther(ctx, "/threads/" + post.getString("threadId") + "?post=" + postId
                + "&done=edited#post-" + postId))
            .onFailure(err -> refused(err, errors -> showEdit(ctx, status(err), text, errors), ctx));
    }

    private void delete(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID postId = PathParams.uuid(ctx, "postId", "Post not found");
        discussions.postInReadableThread(user, postId)
            .compose(post -> discussions.delete(user, postId).map(v -> post.getString("threadId")))
            .onSuccess(threadId -> Pages.seeOther(ctx, "/threads/" + threadId + "?post=" + postId + "&done=deleted#post-" + postId))
            .onFailure(ctx::fail);
    }

    private void react(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID postId = PathParams.uuid(ctx, "postId", "Post not found");
        // the page's buttons say which reaction to add or remove; a form from an older page names it and whether
        String add = field(ctx, "add");
        String remove = field(ctx, "remove");
        JsonObject body = !add.isEmpty() ? new JsonObject().put("reaction", add).put("active", true)
            : !remove.isEmpty() ? new JsonObject().put("reaction", remove).put("active", false)
            : new JsonObject().put("reaction", field(ctx, "reaction")).put("active", !"false".equals(field(ctx, "active")));
        discussions.react(user, postId, body, null)
            .compose(result -> discussions.postInReadableThread(user, postId))
            .onSuccess(post -> Pages.seeOther(ctx, "/threads/" + post.getString("threadId") + "?post=" + postId + "#post-" + postId))
            .onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID postId = PathParams.uuid(ctx, "postId", "Post not found");
        discussions.postInReadableThread(user, postId).compose(post -> discussions.history(user, postId).compose(revisions -> {
            List<Object> earlier = new ArrayList<>();
            revisions.forEach(o -> {
                JsonObject revision = ((JsonObject) o).copy();
                revision.put("written", when(revision.getString("writtenAt")));
                revision.put("replaced", when(revision.getString("replacedAt")));
                earlier.add(revision.getMap());
            });
            JsonObject current = post.copy().put("when", when(post.getString("editedAt") == null ? post.getString("createdAt")
                : post.getString("editedAt")));
            return pages.render(ctx, 200, "discussion/history", Map.of("post", current.getMap(), "revisions", earlier));
        })).onFailure(ctx::fail);
    }

    // ---- search -------------------------------------------------------------------------------------------

    private void search(RoutingContext ctx) {
        String q = ctx.request().getParam("q");
        Map<String, Object> model = new HashMap<>();
        model.put("q", q == null ? "" : q);
        if (q == null) {
            pages.render(ctx, 200, "discussion/search", model).onFailure(ctx::fail);
            return;
        }
        discussions.search(SignedInUser.required(ctx), q, ctx.request().getParam("after"), 20)
            .compose(result -> {
                List<Object> results = new ArrayList<>();
                result.getJsonArray("results").forEach(o -> {
                    JsonObject hit = ((JsonObject) o).copy();
                    hit.put("when", when(hit.getString("createdAt")));
                    results.add(hit.getMap());
                });
                model.put("results", results);
                List<Object> papers = new ArrayList<>();
                result.getJsonArray("papers").forEach(o -> papers.add(((JsonObject) o).getMap()));
                model.put("papers", papers);
                if (result.getString("next") != null) {
                    model.put("next", result.getString("next"));
                }
                return pages.render(ctx, 200, "discussion/search", model);
            })
            .onFailure(err -> refused(err, errors -> {
                model.putAll(errors.model());
                return pages.render(ctx, 400, "discussion/search", model);
            }, ctx));
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    private Future<String> preview(String text) {
        try {
            return Future.succeededFuture(discussions.preview(new JsonObject().put("body", text)).getString("html"));
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
    }

    /** Shows the form again with the error when a person can put it right; anything else is an error page. */
    private static void refused(Throwable err, java.util.function.Function<FormErrors, Future<Void>> show, RoutingContext ctx) {
        if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409 || hub.status() == 413
                || hub.status() == 415 || hub.status() == 429)) {
            if (hub instanceof uk.nhs.hub.platform.TooManyRequestsException limited) {
                ctx.response().putHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()));
            }
            show.apply(FormErrors.from(hub, null)).onFailure(ctx::fail);
        } else {
            ctx.fail(err);
        }
    }

    private static int status(Throwable err) {
        return err instanceof HubException hub ? hub.status() : 500;
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value.trim();
    }

    static String when(String iso) {
        return DateTimeWords.timestamp(iso);
    }
}
