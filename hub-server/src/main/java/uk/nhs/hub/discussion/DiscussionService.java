package uk.nhs.hub.discussion;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.AccountEvents;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.document.AttachedPapers;
import uk.nhs.hub.network.NetworkAccess;
import uk.nhs.hub.network.NetworkEvents;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Idempotency;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.Outbox;
import uk.nhs.hub.platform.SafeMarkdown;
import uk.nhs.hub.platform.SupportedDates;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Threads and posts. Every change follows the same order: validate, check the caller's right against the
 * network ({@link NetworkAccess}), take the posting limit, then one transaction that makes the change, appends
 * its event to the network's gap-free log and (for creates with an Idempotency-Key) stores the response; the
 * events are published only after that transaction commits.
 *
 * <p>Who may do what: full members of the network read and post; organisers and central members of networks
 * above read only; guests and others do neither (403, or 404 when the network is private to them). Authors edit
 * their own posts; authors and the network's organisers delete them; organisers pin, lock and rename threads and
 * may still post in a locked thread.
 */
public final class DiscussionService {

    /** Replies nest to this depth (the opening post is 0); deeper replies are shown flat with "replying to". */
    static final int MAX_DEPTH = 4;
    /** The reactions a post can have, in the order they are shown. */
    static final List<String> REACTIONS = List.of("like", "thanks", "agree", "question");
    static final int MAX_PAGE = 100;
    /** The most replies one group commit holds: enough to share a flush widely, few enough to keep each wait short. */
    static final int MAX_BATCH = 64;
    /** The most papers one post carries. */
    static final int MAX_PAPERS = 10;

    private static final String NOTIFY = "notifyUserId";
    /** Marks the pseudo-event listing whom to tell their new unread count after commit; never published itself. */
    private static final String ANNOUNCE = "announceUnreadTo";
    private static final String THREAD_NOT_FOUND = "Discussion not found";
    private static final String POST_NOT_FOUND = "Post not found";

    private final Vertx vertx;
    private final Pool pool;
    private final NetworkService networks;
    private final PostingLimits limits;
    private final int maxCharacters;
    private final String baseUrl;
    private final Counter posts;
    /** Replies to one network wait together for its next commit (see {@link PostCommits}). */
    private final PostCommits commits;
    /** How many papers outside the person's libraries are checked for each search at most. */
    private static final int ATTACHED_CANDIDATES = 50;
    private volatile uk.nhs.hub.document.AttachedPapers attachedPapers = uk.nhs.hub.document.AttachedPapers.NONE;

    DiscussionService(Vertx vertx, Pool pool, NetworkService networks, PostingLimits limits, int maxCharacters,
                      String baseUrl, Counter posts) {
        this.vertx = vertx;
        this.pool = pool;
        this.networks = networks;
        this.limits = limits;
        this.maxCharacters = maxCharacters;
        this.baseUrl = baseUrl;
        this.posts = posts;
        this.commits = new PostCommits(pool, MAX_BATCH, outcome -> {
            published(countedPost(outcome));
            return outcome;
        });
    }

    /** The group commit of replies, so tests can see that posts went together. */
    PostCommits commits() {
        return commits;
    }

    /** A thread the caller may read, with their access to its network. */
    record Readable(JsonObject thread, NetworkAccess access) {

        UUID networkId() {
            return access.network().id();
        }

        boolean mayPost() {
            return access.ownRole() != null && access.ownRole().isFullMember();
        }

        boolean mayReply() {
            return mayPost() && (!thread.getBoolean("locked") || access.isOrganiser());
        }
    }

    // ---- reading ------------------------------------------------------------------------------------------

    Future<Readable> readable(SignedInUser actor, UUID threadId) {
        return pool.preparedQuery(DiscussionSql.THREAD).execute(Tuple.of(threadId, actor.id())).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                throw HubException.notFound(THREAD_NOT_FOUND);
            }
            JsonObject thread = threadJson(rows.iterator().next());
            return readableOrUnknown(actor, UUID.fromString(thread.getString("networkId")), THREAD_NOT_FOUND)
                .map(access -> {
                    Readable readable = new Readable(thread, access);
                    thread.put("permissions", new JsonObject().put("reply", readable.mayReply())
                        .put("moderate", access.isOrganiser()));
                    return readable;
                });
        });
    }

    private Future<NetworkAccess> readableNetwork(SignedInUser actor, UUID networkId) {
        return networks.access(networkId, actor.id()).map(access -> {
            access.requireVisible();
            if (!access.canViewMembers()) {
                throw HubException.forbidden("Only members of this network can read its discussions");
            }
            return access;
        });
    }

    /**
     * Access to the network of a thread or post named by its own id. Whoever may not read it is told exactly
     * what an unknown id gets, so that an id reveals neither that it exists nor where.
     */
    private Future<NetworkAccess> readableOrUnknown(SignedInUser actor, UUID networkId, String notFound) {
        return networks.access(networkId, actor.id()).map(access -> {
            if (!access.canViewMembers()) {
                throw HubException.notFound(notFound);
            }
            return access;
        });
    }

    public Future<JsonObject> getThread(SignedInUser actor, UUID threadId) {
        return readable(actor, threadId).map(Readable::thread);
    }

    /** A network's threads: pinned first, then by latest activity, with unread counts; keyset pages. */
    public Future<JsonObject> threads(SignedInUser actor, UUID networkId, String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        OffsetDateTime afterActivity = null;
        UUID afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                afterActivity = OffsetDateTime.parse(parts[0]);
                afterId = UUID.fromString(parts[1]);
                SupportedDates.require(afterActivity.toInstant(), "after");
            } catch (RuntimeException e) {
                return Future.failedFuture(HubException.invalid("after", "The page cursor is not valid"));
            }
        }
        Tuple query = Tuple.of(networkId, actor.id(), afterActivity, afterId, size + 1);
        return readableNetwork(actor, networkId).compose(access -> Future.all(
                pool.preparedQuery(DiscussionSql.THREADS_OF_NETWORK).execute(query),
                pool.preparedQuery(DiscussionSql.UNREAD_IN_NETWORK).execute(Tuple.of(networkId, actor.id()))))
            .map(all -> {
                JsonArray threads = new JsonArray();
                io.vertx.sqlclient.RowSet<Row> rows = all.resultAt(0);
                String next = null;
                int count = 0;
                for (Row row : rows) {
                    if (count++ == size) {
                        JsonObject last = threads.getJsonObject(size - 1);
                        String activity = last.getString("lastPostAt") == null ? last.getString("createdAt") : last.getString("lastPostAt");
                        next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                            (activity + "|" + last.getString("id")).getBytes(StandardCharsets.UTF_8));
                        break;
                    }
                    threads.add(threadJson(row));
                }
                io.vertx.sqlclient.RowSet<Row> unread = all.resultAt(1);
                return new JsonObject().put("threads", threads).put("next", next)
                    .put("unread", unread.iterator().next().getLong("unread"));
            });
    }

    /**
     * A page of a thread in reading order (each reply under the post it answers), after the post {@code after}
     * or from the start; {@code next} is the id to ask for the following page with.
     */
    public Future<JsonObject> posts(SignedInUser actor, UUID threadId, String after, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        if (after == null || after.isBlank()) {
            // the first page does not depend on the access check, so both go to the database together; the page
            // is returned only if the check passes
            Future<Readable> readable = readable(actor, threadId);
            Future<JsonObject> page = page(actor, threadId, "", size, false);
            return Future.all(readable, page).map(both -> page.result().put("thread", readable.result().thread()));
        }
        return readable(actor, threadId).compose(readable -> pathAfter(threadId, after)
            .compose(path -> page(actor, threadId, path, size, false))
            .map(page -> page.put("thread", readable.thread())));
    }

    /** The page that starts at the caller's first unread post (or the first page when all is read). */
    Future<JsonObject> fromFirstUnread(SignedInUser actor, Readable readable, int limit) {
        UUID threadId = UUID.fromString(readable.thread().getString("id"));
        int read = readable.thread().getInteger("postCount") - readable.thread().getInteger("unread");
        return page(DiscussionSql.POSTS_FROM_FIRST_UNREAD, Tuple.of(threadId, actor.id(), read, limit + 1), limit);
    }

    private Future<String> pathAfter(UUID threadId, String after) {
        if (after == null || after.isBlank()) {
            return Future.succeededFuture("");
        }
        return pathOf(threadId, after);
    }

    /** The reading-order path of a post named in a request; 400 unless it is a post of this thread. */
    Future<String> pathOf(UUID threadId, String after) {
        UUID postId;
        try {
            postId = UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(HubException.invalid("after", "'after' must be the id of a post in this thread"));
        }
        return pool.preparedQuery(DiscussionSql.PATH_OF).execute(Tuple.of(postId, threadId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                throw HubException.invalid("after", "'after' must be the id of a post in this thread");
            }
            return rows.iterator().next().getString("path");
        });
    }

    /** A page in reading order after {@code path}, or starting at it when {@code inclusive}. */
    Future<JsonObject> page(SignedInUser actor, UUID threadId, String path, int size, boolean inclusive) {
        return page(inclusive ? DiscussionSql.POSTS_FROM : DiscussionSql.POSTS_AFTER,
            Tuple.of(threadId, actor.id(), path, size + 1), size);
    }

    private Future<JsonObject> page(String statement, Tuple arguments, int size) {
        return pool.preparedQuery(statement).execute(arguments)
            .map(rows -> {
                JsonArray posts = new JsonArray();
                boolean more = false;
                for (Row row : rows) {
                    if (posts.size() == size) {
                        more = true;
                        break;
                    }
                    posts.add(postJson(row));
                }
                String next = more ? posts.getJsonObject(size - 1).getString("id") : null;
                return new JsonObject().put("posts", posts).put("next", next);
            });
    }

    /** Earlier texts of a post, newest first. */
    public Future<JsonArray> history(SignedInUser actor, UUID postId) {
        return postInReadableThread(actor, postId).compose(post -> {
            if (post.getBoolean("deleted")) {
                throw HubException.notFound("This post has been deleted");
            }
            if (post.getBoolean("hidden") && post.getString("body") == null) {
                throw HubException.notFound("This post has been hidden while organisers review it");
            }
            return pool.preparedQuery(DiscussionSql.REVISIONS).execute(Tuple.of(postId));
        }).map(rows -> {
            JsonArray revisions = new JsonArray();
            rows.forEach(row -> {
                String[] papers = row.getArrayOfStrings("paper_titles");
                revisions.add(new JsonObject().put("bodyHtml", row.getString("body_html"))
                    .put("writtenAt", row.getOffsetDateTime("written_at").toString())
                    .put("replacedAt", row.getOffsetDateTime("replaced_at").toString())
                    .put("paperTitles", papers == null ? new JsonArray() : new JsonArray(List.of(papers))));
            });
            return revisions;
        });
    }

    /** A post the caller may read, with their access to its network. */
    record ReadablePost(JsonObject post, NetworkAccess access) {
    }

    Future<ReadablePost> readablePost(SignedInUser actor, UUID postId) {
        return pool.preparedQuery(DiscussionSql.POST).execute(Tuple.of(postId, actor.id())).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                throw HubException.notFound(POST_NOT_FOUND);
            }
            JsonObject post = postJson(rows.iterator().next());
            return readableOrUnknown(actor, UUID.fromString(post.getString("networkId")), POST_NOT_FOUND).map(access -> new ReadablePost(post, access));
        });
    }

    Future<JsonObject> postInReadableThread(SignedInUser actor, UUID postId) {
        return readablePost(actor, postId).map(ReadablePost::post);
    }

    // ---- writing ------------------------------------------------------------------------------------------

    /** Opens a thread in a network with its first post. */
    public Future<JsonObject> createThread(SignedInUser actor, UUID networkId, JsonObject body, String idempotencyKey) {
        return createThread(actor, networkId, body, idempotencyKey, List.of());
    }

    /** As {@link #createThread(SignedInUser, UUID, JsonObject, String)}, with papers just uploaded from its form. */
    Future<JsonObject> createThread(SignedInUser actor, UUID networkId, JsonObject body, String idempotencyKey,
                                    List<UUID> uploaded) {
        String title;
        String text;
        List<UUID> papers;
        try {
            title = title(body.getValue("title"));
            text = text(body.getValue("body"));
            papers = paperIds(body);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return readableNetwork(actor, networkId).compose(access -> {
            requirePoster(access);
            limits.take(actor.id());
            UUID threadId = UUID.randomUUID();
            return pool.withTransaction(tx -> Idempotency.once(tx, actor.id(), idempotencyKey, "thread:" + networkId,
                t -> insertThread(tx, threadId, networkId, null, null, null, title, actor)
                    .compose(created -> addPost(tx, PostCommits.ONE_BY_ONE, actor, threadId, networkId, title, title, null, text, true, papers,
                        uploaded).map(added -> {
                        List<JsonObject> events = new ArrayList<>(created.events());
                        events.addAll(added.events());
                        JsonObject thread = created.body().put("postCount", 1).put("lastPostAt", added.body().getString("createdAt"))
                            .put("firstPost", added.body());
                        return new Idempotency.Outcome(201, thread, events);
                    }))));
        }).map(this::countedPost).map(this::published);
    }

    /**
     * The thread of one meeting occurrence, opened on first use by whoever reads it first. The caller has
     * checked that the occurrence exists and passes the meeting's network.
     */
    public Future<UUID> occurrenceThread(SignedInUser actor, UUID networkId, UUID meetingId, OffsetDateTime originalStart,
                                         String title) {
        return readableNetwork(actor, networkId).compose(access -> pool.withTransaction(tx ->
                insertThread(tx, UUID.randomUUID(), networkId, meetingId, originalStart, null, title, actor)
                    .recover(err -> err instanceof AlreadyOpen ? tx.preparedQuery(DiscussionSql.OCCURRENCE_THREAD)
                        .execute(Tuple.of(meetingId, originalStart)).map(rows -> new Idempotency.Outcome(200,
                            new JsonObject().put("id", rows.iterator().next().getUUID("id").toString()), List.of()))
                        : Future.failedFuture(err))))
            .map(this::published).map(thread -> UUID.fromString(thread.getString("id")));
    }

    /**
     * The thread in which one target network discusses a broadcast, opened on first use. The caller has checked
     * that the broadcast was sent to the network.
     */
    public Future<UUID> broadcastThread(SignedInUser actor, UUID networkId, UUID broadcastId, String title) {
        return readableNetwork(actor, networkId).compose(access -> pool.withTransaction(tx ->
                insertThread(tx, UUID.randomUUID(), networkId, null, null, broadcastId, title, actor)
                    .recover(err -> err instanceof AlreadyOpen ? tx.preparedQuery(DiscussionSql.BROADCAST_THREAD)
                        .execute(Tuple.of(broadcastId, networkId)).map(rows -> new Idempotency.Outcome(200,
                            new JsonObject().put("id", rows.iterator().next().getUUID("id").toString()), List.of()))
                        : Future.failedFuture(err))))
            .map(this::published).map(thread -> UUID.fromString(thread.getString("id")));
    }

    /** Signals, inside the transaction, that another person opened the occurrence's thread first. */
    private static final class AlreadyOpen extends RuntimeException {
        AlreadyOpen() {
            super(null, null, false, false);
        }
    }

    private Future<Idempotency.Outcome> insertThread(SqlClient tx, UUID threadId, UUID networkId, UUID meetingId,
                                                     OffsetDateTime originalStart, UUID broadcastId, String title,
                                                     SignedInUser actor) {
        return tx.preparedQuery(DiscussionSql.INSERT_THREAD)
            .execute(Tuple.from(new Object[]{threadId, networkId, meetingId, originalStart, broadcastId, title, actor.id()}))
            .compose(rows -> {
                if (!rows.iterator().hasNext()) {
                    return Future.failedFuture(new AlreadyOpen());
                }
                return tx.preparedQuery(DiscussionSql.THREAD).execute(Tuple.of(threadId, actor.id()));
            })
            .compose(rows -> {
                JsonObject thread = threadJson(rows.iterator().next());
                return NetworkEvents.append(tx, networkId, DiscussionEvents.THREAD_CREATED, DiscussionEvents.thread(thread))
                    .map(event -> new Idempotency.Outcome(201, thread, List.of(event)));
            });
    }

    /** Posts a reply (or, without {@code parentId}, a new top-level post) to a thread. */
    public Future<JsonObject> reply(SignedInUser actor, UUID threadId, JsonObject body, String idempotencyKey) {
        return reply(actor, threadId, body, idempotencyKey, List.of());
    }

    /**
     * As {@link #reply(SignedInUser, UUID, JsonObject, String)}; {@code uploaded} are those of the post's papers
     * uploaded from its form just now, which search leaves out while the post is withheld.
     */
    Future<JsonObject> reply(SignedInUser actor, UUID threadId, JsonObject body, String idempotencyKey, List<UUID> uploaded) {
        String text;
        UUID parentId;
        List<UUID> papers;
        try {
            text = text(body.getValue("body"));
            parentId = optionalId(body.getValue("parentId"), "parentId");
            papers = paperIds(body);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return readable(actor, threadId).compose(readable -> {
            requirePoster(readable.access());
            limits.take(actor.id());
            return commits.submit(readable.networkId(), threadId, (tx, numbers) -> Idempotency.once(tx, actor.id(), idempotencyKey,
                "post:" + threadId,
                t -> addPost(tx, numbers, actor, threadId, readable.networkId(), readable.thread().getString("title"), null, parentId,
                    text, readable.access().isOrganiser(), papers, uploaded)));
        }).map(Idempotency.Outcome::body);
    }

    /**
     * Inserts a post at the end of the thread's numbering, in reading order under its parent. {@code numbers} gives
     * the thread's next position and the network's next event number (locking both until commit: one statement for
     * the post, or one for its whole group commit); the statements
     * after it (the event, the post, its papers, the author's read marker) are then sent together.
     */
    private Future<Idempotency.Outcome> addPost(SqlClient tx, PostCommits.Numbers numbers, SignedInUser actor, UUID threadId, UUID networkId,
                                                String threadTitle, String openingTitle, UUID parentId, String text, boolean mayPostWhenLocked,
                                                List<UUID> papers, List<UUID> uploaded) {
        Future<JsonArray> attaching = papersOfLibrary(tx, networkId, papers);
        Future<Row> parent = parentId == null ? Future.succeededFuture(null)
            : tx.preparedQuery(DiscussionSql.PARENT).execute(Tuple.of(parentId)).map(rows -> {
                if (!rows.iterator().hasNext() || !threadId.equals(rows.iterator().next().getUUID("thread_id"))) {
                    throw HubException.invalid("parentId", "Reply to a post in this discussion");
                }
                return rows.iterator().next();
            });
        UUID postId = UUID.randomUUID();
        // the parent and the papers are looked up together; both are checked before the numbers are taken
        return Future.all(parent, attaching).compose(ready -> mentionsIn(tx, networkId, text).compose(found -> numbers
            .take(tx, threadId, networkId).compose(advanced -> {
                String html = SafeMarkdown.toHtml(found.markdown());
                Row p = parent.result();
                JsonArray attachments = attaching.result();
                if (advanced.locked() && !mayPostWhenLocked) {
                    throw HubException.conflict(null, "This discussion is locked: no more replies can be posted");
                }
                long seq = advanced.seq();
                int position = advanced.position();
                String segment = String.format(Locale.ROOT, "%08d", position);
                int depth;
                String path;
                JsonObject replyingTo = null;
                if (p == null) {
                    depth = 0;
                    path = segment;
                } else if (p.getInteger("depth") < MAX_DEPTH) {
                    depth = p.getInteger("depth") + 1;
                    path = p.getString("path") + "." + segment;
                } else {
                    depth = MAX_DEPTH;
                    String parentPath = p.getString("path");
                    path = parentPath.substring(0, parentPath.lastIndexOf('.')) + "." + segment;
                    replyingTo = new JsonObject().put("postId", parentId.toString()).put("authorName", p.getString("author_name"));
                }
                JsonObject post = new JsonObject().put("id", postId.toString()).put("threadId", threadId.toString())
                    .put("seq", seq).put("position", position).put("parentId", parentId == null ? null : parentId.toString())
                    .put("depth", depth).put("path", path)
                    .put("author", new JsonObject().put("id", actor.id().toString()).put("displayName", actor.displayName()))
                    .put("body", text).put("bodyHtml", html).put("editedAt", null).put("deleted", false).put("hidden", false)
                    .put("replyingTo", replyingTo).put("reactions", new JsonObject()).put("myReactions", new JsonArray())
                    .put("attachments", attachments)
                    // the post's created_at is the transaction's now(), so the event logged below can carry it
                    .put("createdAt", advanced.now().toString());
                Future<JsonObject> event = NetworkEvents.record(tx, networkId, seq, DiscussionEvents.POST_CREATED,
                    DiscussionEvents.post(threadId, post));
                Future<io.vertx.sqlclient.RowSet<Row>> inserted = tx.preparedQuery(DiscussionSql.INSERT_POST)
                    .execute(Tuple.from(new Object[]{postId, threadId, networkId, position, seq, parentId, depth, path,
                        actor.id(), text, html, openingTitle}));
                // sent at once behind the post on the same connection, so it costs no extra round trip
                Future<?> attached = papers.isEmpty() ? Future.succeededFuture()
                    : tx.preparedQuery(DiscussionSql.ATTACH_PAPERS).execute(Tuple.of(postId, papers.toArray(new UUID[0]),
                        uploaded.toArray(new UUID[0])));
                Future<?> read = tx.preparedQuery(DiscussionSql.MARK_READ).execute(Tuple.of(actor.id(), threadId, position));
                // whom the post tells never includes its author, so the author's watch can go in the same round trip
                Future<?> watching = tx.preparedQuery(DiscussionSql.WATCH_ON_POSTING).execute(Tuple.of(actor.id(), threadId));
                return Future.all(List.of(event, inserted, attached, read, watching)).compose(all -> {
                    List<JsonObject> events = new ArrayList<>(List.of(event.result()));
                    return notify(tx, actor, networkId, threadId, threadTitle, postId, parentId, text, found.keys(), events)
                        .map(v -> new Idempotency.Outcome(201, post, events));
                });
            })));
    }

    /**
     * The papers a post asks for ({@code documentIds}): none when absent; 400 naming the field when it is not a list
     * of distinct ids or holds too many.
     */
    private static List<UUID> paperIds(JsonObject body) {
        List<UUID> ids = JsonBodies.ids(body, "documentIds");
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_PAPERS) {
            throw HubException.invalid("documentIds", "A post can carry up to " + MAX_PAPERS + " papers");
        }
        if (Set.copyOf(ids).size() != ids.size()) {
            throw HubException.invalid("documentIds", "Attach each paper once");
        }
        return ids;
    }

    /**
     * The listing of the papers {@code ids}, in order, when every one is a document of the network's library (not
     * deleted); a 400 naming {@code documentIds} otherwise, so that a post never points outside its own library.
     */
    private static Future<JsonArray> papersOfLibrary(SqlClient tx, UUID networkId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture(new JsonArray());
        }
        return tx.preparedQuery(DiscussionSql.PAPERS_TO_ATTACH).execute(Tuple.of(ids.toArray(new UUID[0]), networkId))
            .map(rows -> {
                if (rows.size() != ids.size()) {
                    throw HubException.invalid("documentIds", "Choose papers from this network's library");
                }
                JsonArray papers = new JsonArray();
                rows.forEach(row -> papers.add(AttachedPapers.json(row)));
                return papers;
            });
    }

    /** The mentions in {@code text} of the network's members and role titles, and the markdown that shows them. */
    private static Future<Mentions.Found> mentionsIn(SqlClient client, UUID networkId, String text) {
        if (text.indexOf('@') < 0) {
            return Future.succeededFuture(new Mentions.Found(Set.of(), text));
        }
        return client.preparedQuery(DiscussionSql.MENTIONABLE_NAMES).execute(Tuple.of(networkId)).map(rows -> {
            List<String> names = new ArrayList<>();
            rows.forEach(row -> names.add(row.getString("name")));
            return Mentions.in(text, names);
        });
    }

    /**
     * The members and role titles of a network that a writer can mention, those whose name or a word of it starts
     * with {@code q} first in alphabetical order; for the composer's suggestions.
     */
    public Future<JsonObject> mentionables(SignedInUser actor, UUID networkId, String q) {
        String typed = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        if (typed.length() > 100) {
            return Future.failedFuture(HubException.invalid("q", "Type 100 characters or fewer"));
        }
        String like = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return readableNetwork(actor, networkId)
            .compose(access -> pool.preparedQuery(DiscussionSql.MENTIONABLES).execute(Tuple.of(networkId, like, actor.id())))
            .map(rows -> {
                JsonArray found = new JsonArray();
                rows.forEach(row -> found.add(new JsonObject().put("label", row.getString("label"))
                    .put("kind", row.getString("kind")).put("detail", row.getString("detail"))));
                return new JsonObject().put("mentionables", found);
            });
    }

    /**
     * Records, in the post's transaction, one notice for each person the post is about: mentioned (by name or role
     * title), a reply to their post, or a new post in a thread they watch, the most specific reason winning. The
     * mentioned also get a banner on their open pages; everyone notified is told their new unread count once the
     * transaction has committed (see {@link #published}).
     */
    private Future<Void> notify(SqlClient tx, SignedInUser actor, UUID networkId, UUID threadId, String title, UUID postId,
                                UUID parentId, String text, Set<String> names, List<JsonObject> events) {
        Tuple about = Tuple.of(threadId, networkId, actor.id(), parentId, names.toArray(new String[0]), "thread:" + threadId);
        return tx.preparedQuery(DiscussionSql.TO_NOTIFY).execute(about).compose(people -> {
            if (!people.iterator().hasNext()) {
                return Future.succeededFuture();
            }
            String href = "/threads/" + threadId + "?post=" + postId + "#post-" + postId;
            String excerpt = excerpt(text);
            List<Notifications.Notice> notices = new ArrayList<>();
            for (Row person : people) {
                UUID userId = person.getUUID("user_id");
                String name = person.getString("display_name");
                Notifications.Kind kind;
                String noticeTitle;
                String email;
                switch (person.getInteger("rank")) {
                    case 1 -> {
                        kind = Notifications.Kind.MENTION;
                        noticeTitle = actor.displayName() + " mentioned you in " + title;
                        email = "Hello " + name + ",\n\n" + actor.displayName() + " mentioned you in the discussion \""
                            + title + "\".\n\nRead it and reply: " + baseUrl + href + "\n";
                        events.add(new JsonObject().put("type", "discussion.mention").put(NOTIFY, userId.toString())
                            .put("title", title).put("by", actor.displayName()).put("href", href));
                    }
                    case 2 -> {
                        kind = Notifications.Kind.REPLY;
                        noticeTitle = actor.displayName() + " replied to your post in " + title;
                        email = "Hello " + name + ",\n\n" + actor.displayName() + " replied to your post in the discussion \""
                            + title + "\".\n\nRead it and reply: " + baseUrl + href + "\n";
                    }
                    default -> {
                        kind = Notifications.Kind.WATCHED_POST;
                        noticeTitle = actor.displayName() + " posted in " + title;
                        email = "Hello " + name + ",\n\n" + actor.displayName() + " posted in the discussion \"" + title
                            + "\", which you are watching.\n\nRead it and reply: " + baseUrl + href + "\n";
                    }
                }
                // a watcher is told of the first post they have not read, not of every one after it
                notices.add(new Notifications.Notice(userId, kind, networkId, noticeTitle, excerpt, href, "post:" + postId,
                    new Outbox.Message(person.getString("email"), noticeTitle, email, null, null, null),
                    kind == Notifications.Kind.WATCHED_POST ? "thread:" + threadId : null));
            }
            return Notifications.record(tx, notices).map(stored -> {
                JsonArray told = new JsonArray();
                stored.forEach(s -> told.add(s.userId().toString()));
                events.add(new JsonObject().put(ANNOUNCE, told));
                return null;
            });
        });
    }

    /** How closely a person may choose to follow a thread. */
    static final List<String> WATCH_LEVELS = List.of("watching", "normal", "muted");

    /** Sets how closely the caller follows a thread they may read; others are told it does not exist. */
    public Future<JsonObject> watch(SignedInUser actor, UUID threadId, JsonObject body) {
        Object level = body.getValue("level");
        if (!(level instanceof String chosen) || !WATCH_LEVELS.contains(chosen)) {
            return Future.failedFuture(HubException.invalid("level", "Level must be watching, normal or muted"));
        }
        return readable(actor, threadId)
            .compose(readable -> pool.preparedQuery(DiscussionSql.SET_WATCH).execute(Tuple.of(actor.id(), threadId, chosen)))
            .map(v -> new JsonObject().put("level", chosen));
    }

    /**
     * How closely a reader follows a thread (watching, normal or muted), and the library papers its reply form offers
     * as {@code value}/{@code text} options (none unless {@code mayReply}).
     */
    record ReaderState(String watchLevel, List<Map<String, Object>> paperChoices) {
    }

    /** What a new thread's form offers to attach from a network's library the caller may post in. */
    Future<List<Map<String, Object>>> paperChoices(SignedInUser actor, UUID networkId) {
        return pool.preparedQuery(DiscussionSql.READER_STATE).execute(Tuple.of(actor.id(), null, networkId, true))
            .map(rows -> {
                List<Map<String, Object>> choices = new ArrayList<>();
                if (rows.iterator().next().getValue("paper_choices") instanceof JsonArray listed) {
                    listed.forEach(choice -> choices.add(((JsonObject) choice).getMap()));
                }
                return choices;
            });
    }

    /** The reader's state of a thread whose reading the caller has checked (see {@link ReaderState}). */
    Future<ReaderState> readerState(SignedInUser actor, Readable readable) {
        UUID threadId = UUID.fromString(readable.thread().getString("id"));
        return pool.preparedQuery(DiscussionSql.READER_STATE)
            .execute(Tuple.of(actor.id(), threadId, readable.networkId(), readable.mayReply()))
            .map(rows -> {
                Row row = rows.iterator().next();
                List<Map<String, Object>> choices = new ArrayList<>();
                if (row.getValue("paper_choices") instanceof JsonArray listed) {
                    listed.forEach(choice -> choices.add(((JsonObject) choice).getMap()));
                }
                return new ReaderState(row.getString("level") == null ? "normal" : row.getString("level"), choices);
            });
    }

    /**
     * Marks read the caller's notices about posts of a thread they have just opened, and tells their other open
     * pages the new unread count when that changed it (null when nothing changed).
     */
    Future<Long> readNoticesOf(SignedInUser actor, UUID threadId) {
        return pool.preparedQuery(DiscussionSql.READ_NOTICES_OF_THREAD).execute(Tuple.of(actor.id(), threadId))
            .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(null) : Notifications.announceRead(vertx, pool, actor.id()));
    }

    /** The start of a post as plain text, for the notice's body. */
    /** What a notice about a post shows of it: its first 200 characters as plain text. */
    public static String excerpt(String text) {
        String plain = SearchSnippets.plainText(text).strip().replaceAll("\\s+", " ");
        return plain.length() <= 200 ? plain : plain.substring(0, 199).strip() + "…";
    }

    /** Changes a post's text, keeping the earlier text in its history. */
    public Future<JsonObject> edit(SignedInUser actor, UUID postId, JsonObject body) {
        String text;
        List<UUID> papers;
        try {
            text = text(body.getValue("body"));
            // without documentIds an edit keeps the post's papers
            papers = body.containsKey("documentIds") && body.getValue("documentIds") != null ? paperIds(body) : null;
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return postInReadableThread(actor, postId).compose(existing -> {
            if (!actor.id().toString().equals(existing.getJsonObject("author").getString("id"))) {
                throw HubException.forbidden("Only the author can edit a post");
            }
            limits.take(actor.id());
            UUID networkId = UUID.fromString(existing.getString("networkId"));
            return pool.withTransaction(tx -> mentionsIn(tx, networkId, text).compose(found -> tx.preparedQuery(DiscussionSql.LOCK_POST)
                .execute(Tuple.of(postId)).compose(rows -> {
                String html = SafeMarkdown.toHtml(found.markdown());
                Row post = rows.iterator().next();
                if (post.getOffsetDateTime("deleted_at") != null) {
                    throw HubException.conflict(null, "This post has been deleted");
                }
                // an edit is published to every reader, so a hidden post stays as it is until organisers decide
                if (post.getOffsetDateTime("hidden_at") != null) {
                    throw HubException.conflict(null, "This post is hidden while organisers review it, so it cannot be edited");
                }
                if (post.getBoolean("locked")) {
                    throw HubException.conflict(null, "This discussion is locked: posts can no longer be edited");
                }
                OffsetDateTime written = post.getOffsetDateTime("edited_at") == null ? post.getOffsetDateTime("created_at")
                    : post.getOffsetDateTime("edited_at");
                UUID threadId = post.getUUID("thread_id");
                String title = post.getInteger("position") == 1 ? post.getString("title") : null;
                return tx.preparedQuery(DiscussionSql.SAVE_REVISION)
                    .execute(Tuple.of(postId, post.getString("body"), post.getString("body_html"), written, actor.id()))
                    .compose(v -> tx.preparedQuery(DiscussionSql.EDIT_POST).execute(Tuple.of(postId, text, html, title)))
                    .compose(v -> papers == null ? Future.succeededFuture() : replacePapers(tx, networkId, postId, papers))
                    .compose(v -> tx.preparedQuery(DiscussionSql.POST).execute(Tuple.of(postId, actor.id())))
                    .compose(updated -> {
                        JsonObject json = postJson(updated.iterator().next());
                        return NetworkEvents.append(tx, post.getUUID("network_id"), DiscussionEvents.POST_EDITED,
                                DiscussionEvents.post(threadId, json))
                            .map(event -> new Idempotency.Outcome(200, json, List.of(event)));
                    });
            })));
        }).map(this::published);
    }

    /** Gives a post a new list of papers; those uploaded with it and kept stay marked so. */
    private static Future<Void> replacePapers(SqlClient tx, UUID networkId, UUID postId, List<UUID> papers) {
        return papersOfLibrary(tx, networkId, papers)
            .compose(checked -> tx.preparedQuery(DiscussionSql.DETACH_PAPERS).execute(Tuple.of(postId)))
            .compose(detached -> {
                List<UUID> uploaded = new ArrayList<>();
                detached.forEach(row -> {
                    if (row.getBoolean("uploaded_with_post")) {
                        uploaded.add(row.getUUID("document_id"));
                    }
                });
                return papers.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(DiscussionSql.ATTACH_PAPERS)
                    .execute(Tuple.of(postId, papers.toArray(new UUID[0]), uploaded.toArray(new UUID[0])));
            })
            .mapEmpty();
    }

    /** Soft-deletes a post: its place in the thread stays, its text is no longer shown or found. */
    public Future<Void> delete(SignedInUser actor, UUID postId) {
        return readablePost(actor, postId).compose(found -> {
            JsonObject existing = found.post();
            NetworkAccess access = found.access();
            boolean author = actor.id().toString().equals(existing.getJsonObject("author").getString("id"));
            if (!author && !access.isOrganiser()) {
                throw HubException.forbidden("Only the author or an organiser of this network can delete a post");
            }
            if (existing.getBoolean("deleted")) {
                return Future.succeededFuture();
            }
            UUID threadId = UUID.fromString(existing.getString("threadId"));
            return pool.withTransaction(tx -> tx.preparedQuery(DiscussionSql.DELETE_POST).execute(Tuple.of(postId, actor.id()))
                .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(new Idempotency.Outcome(204, null, List.of()))
                    : tx.preparedQuery(DiscussionSql.SCRUB_LOGGED_PAPERS).execute(Tuple.of(access.network().id(), postId.toString()))
                        .compose(scrubbed -> NetworkEvents.append(tx, access.network().id(), DiscussionEvents.POST_DELETED,
                        DiscussionEvents.deleted(threadId, postId)).map(event -> new Idempotency.Outcome(204, null, List.of(event))))))
                .map(this::published).mapEmpty();
        });
    }

    /** Adds ({@code active} true, the default) or takes back one of the fixed reactions. */
    public Future<JsonObject> react(SignedInUser actor, UUID postId, JsonObject body, String idempotencyKey) {
        Object reaction = body.getValue("reaction");
        if (!(reaction instanceof String name) || !REACTIONS.contains(name)) {
            return Future.failedFuture(HubException.invalid("reaction", "Reaction must be one of " + String.join(", ", REACTIONS)));
        }
        Object active = body.getValue("active", true);
        if (!(active instanceof Boolean on)) {
            return Future.failedFuture(HubException.invalid("active", "'active' must be true or false"));
        }
        return readablePost(actor, postId).compose(found -> {
            JsonObject post = found.post();
            NetworkAccess access = found.access();
            requirePoster(access);
            if (post.getBoolean("deleted")) {
                throw HubException.conflict(null, "This post has been deleted");
            }
            limits.take(actor.id());
            UUID threadId = UUID.fromString(post.getString("threadId"));
            return pool.withTransaction(tx -> Idempotency.once(tx, actor.id(), idempotencyKey, "reaction:" + postId,
                t -> tx.preparedQuery(DiscussionSql.LOCK_POST).execute(Tuple.of(postId))
                    .compose(v -> tx.preparedQuery(on ? DiscussionSql.ADD_REACTION : DiscussionSql.REMOVE_REACTION)
                        .execute(Tuple.of(postId, actor.id(), name)))
                    .compose(changed -> tx.preparedQuery(DiscussionSql.REACTION_COUNTS).execute(Tuple.of(postId)).compose(rows -> {
                        JsonObject counts = new JsonObject();
                        rows.forEach(row -> counts.put(row.getString("reaction"), row.getLong("n")));
                        JsonObject result = new JsonObject().put("postId", postId.toString()).put("reactions", counts);
                        if (changed.rowCount() == 0) {
                            return Future.succeededFuture(new Idempotency.Outcome(200, result, List.of()));
                        }
                        return NetworkEvents.append(tx, access.network().id(), DiscussionEvents.REACTION_CHANGED,
                                DiscussionEvents.reactions(threadId, postId, counts))
                            .map(event -> new Idempotency.Outcome(200, result, List.of(event)));
                    }))));
        }).map(this::published);
    }

    /** Organisers rename, pin or unpin, lock or unlock a thread. */
    public Future<JsonObject> updateThread(SignedInUser actor, UUID threadId, JsonObject body) {
        return readable(actor, threadId).compose(readable -> {
            if (!readable.access().isOrganiser()) {
                throw HubException.forbidden("Only an organiser of this network can pin, lock or rename a discussion");
            }
            JsonObject thread = readable.thread();
            String title = body.containsKey("title") ? title(body.getValue("title")) : thread.getString("title");
            boolean pinned = flag(body, "pinned", thread.getBoolean("pinned"));
            boolean locked = flag(body, "locked", thread.getBoolean("locked"));
            return pool.withTransaction(tx -> tx.preparedQuery(DiscussionSql.UPDATE_THREAD)
                .execute(Tuple.of(threadId, title, pinned, locked))
                .compose(v -> tx.preparedQuery(DiscussionSql.THREAD).execute(Tuple.of(threadId, actor.id())))
                .compose(rows -> {
                    JsonObject updated = threadJson(rows.iterator().next());
                    return NetworkEvents.append(tx, readable.networkId(), DiscussionEvents.THREAD_UPDATED,
                            DiscussionEvents.thread(updated))
                        .map(event -> new Idempotency.Outcome(200, updated, List.of(event)));
                }));
        }).map(this::published);
    }

    /** Records that the caller has read the thread up to and including {@code upToPostId}. */
    public Future<JsonObject> markRead(SignedInUser actor, UUID threadId, JsonObject body) {
        UUID upTo;
        try {
            upTo = optionalId(body.getValue("upToPostId"), "upToPostId");
            if (upTo == null) {
                throw HubException.invalid("upToPostId", "Name the last post read (upToPostId)");
            }
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return readable(actor, threadId).compose(readable -> pool.preparedQuery(DiscussionSql.POSITION_OF)
            .execute(Tuple.of(upTo, threadId))
            .compose(rows -> {
                if (!rows.iterator().hasNext()) {
                    throw HubException.invalid("upToPostId", "That post is not in this discussion");
                }
                return pool.preparedQuery(DiscussionSql.MARK_READ)
                    .execute(Tuple.of(actor.id(), threadId, rows.iterator().next().getInteger("position")));
            })
            .map(marked -> new JsonObject().put("unread", Math.max(0,
                readable.thread().getInteger("postCount") - marked.iterator().next().getInteger("read_position")))));
    }

    /**
     * Marks the thread read up to {@code position} for someone whose right to read it the caller has just checked
     * (the thread page, after showing the posts up to there).
     */
    Future<Void> markReadUpTo(SignedInUser actor, UUID threadId, int position) {
        return pool.preparedQuery(DiscussionSql.MARK_READ).execute(Tuple.of(actor.id(), threadId, position)).mapEmpty();
    }

    /** Tells the other readers of a thread that the caller is viewing it ({@code here}) or has gone ({@code left}). */
    public Future<Void> presence(SignedInUser actor, UUID threadId, JsonObject body) {
        Object state = body.getValue("state");
        if (!"here".equals(state) && !"left".equals(state)) {
            return Future.failedFuture(HubException.invalid("state", "State must be here or left"));
        }
        return readable(actor, threadId).map(readable -> {
            vertx.eventBus().publish(NetworkEvents.address(readable.networkId()), DiscussionEvents.presence(
                readable.networkId(), threadId, actor.id(), actor.displayName(), (String) state));
            return null;
        });
    }

    /** Renders markdown as a post would be shown, for the composer's preview. */
    public JsonObject preview(JsonObject body) {
        return new JsonObject().put("html", SafeMarkdown.toHtml(text(body.getValue("body"))));
    }

    // ---- search -------------------------------------------------------------------------------------------

    /**
     * Posts matching {@code q} that the caller may read, best first, with the matching words marked; keyset pages
     * ({@code next} is the cursor of the following page).
     */
    public Future<JsonObject> search(SignedInUser actor, String q, String cursor, int limit) {
        if (q == null || q.isBlank()) {
            return Future.failedFuture(HubException.invalid("q", "Enter what to search for"));
        }
        if (q.length() > 200) {
            return Future.failedFuture(HubException.invalid("q", "Search for 200 characters or fewer"));
        }
        Float afterRank = null;
        UUID afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                afterRank = Float.parseFloat(parts[0]);
                afterId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                return Future.failedFuture(HubException.invalid("after", "The page cursor is not valid"));
            }
        }
        int size = Math.max(1, Math.min(limit, 50));
        // papers come with the first page of posts; later pages are of posts only
        Future<JsonArray> papers = afterId != null ? Future.succeededFuture(new JsonArray()) : papers(actor, q.strip(), size);
        Future<JsonObject> posts = pool.preparedQuery(DiscussionSql.SEARCH).execute(Tuple.of(actor.id(), q.strip(), size + 1, afterRank, afterId))
            .compose(rows -> {
                List<String> plain = new ArrayList<>();
                for (Row row : rows) {
                    plain.add(SearchSnippets.plainText(row.getString("body")));
                }
                return headlines(q.strip(), plain).map(marked -> results(rows, marked, size, q));
            });
        return Future.all(posts, papers).map(both -> posts.result().put("papers", papers.result()));
    }

    /** Each text with the matched words marked, in the same order. */
    private Future<List<String>> headlines(String q, List<String> plain) {
        return pool.preparedQuery(DiscussionSql.HEADLINES).execute(Tuple.tuple().addString(q).addArrayOfString(plain.toArray(new String[0])))
            .map(headlines -> {
                List<String> marked = new ArrayList<>();
                int i = 0;
                for (Row headline : headlines) {
                    marked.add(SearchSnippets.marked(headline.getString("headline"), plain.get(i++)));
                }
                return marked;
            });
    }

    /** Where in a paper the words were found, as people say it: "slide 3" of a presentation, else "page 3". */
    static String place(Integer page, String contentType) {
        if (page == null) {
            return null;
        }
        boolean slides = contentType != null && (contentType.contains("presentation") || contentType.contains("powerpoint"));
        return (slides ? "slide " : "page ") + page;
    }

    /**
     * Papers whose text matches, best first, each at its best page or slide: those in the libraries the person
     * reads, and those attached where they may look (a meeting they are invited to, a broadcast to their network),
     * which link to the file itself since the library's pages are not theirs to open.
     */
    private Future<JsonArray> papers(SignedInUser actor, String q, int size) {
        Future<List<Row>> library = pool.preparedQuery(DiscussionSql.SEARCH_PAPERS).execute(Tuple.of(actor.id(), q, size))
            .map(rows -> {
                List<Row> kept = new ArrayList<>();
                rows.forEach(kept::add);
                return kept;
            });
        Future<List<Row>> attached = pool.preparedQuery(DiscussionSql.SEARCH_ATTACHED_PAPERS)
            .execute(Tuple.of(actor.id(), q, ATTACHED_CANDIDATES)).compose(rows -> readable(actor, rows.iterator(), size));
        return Future.all(library, attached).compose(both -> {
            List<Row> found = new ArrayList<>(library.result());
            found.addAll(attached.result());
            found.sort(java.util.Comparator.comparing((Row row) -> row.getFloat("rank")).reversed()
                .thenComparing(row -> row.getUUID("id")));
            List<Row> rows = found.subList(0, Math.min(size, found.size()));
            List<String> plain = new ArrayList<>();
            rows.forEach(row -> plain.add(row.getString("body")));
            return headlines(q, plain).map(marked -> {
                JsonArray papers = new JsonArray();
                int i = 0;
                for (Row row : rows) {
                    boolean inLibrary = row.getColumnIndex("current_version") < 0;
                    papers.add(new JsonObject().put("documentId", row.getUUID("id").toString())
                        .put("title", row.getString("title")).put("networkName", row.getString("network_name"))
                        .put("networkSlug", row.getString("network_slug")).put("page", row.getInteger("page"))
                        .put("place", place(row.getInteger("page"), row.getString("content_type")))
                        .put("rank", row.getFloat("rank")).put("headlineHtml", highlight(marked.get(i++)))
                        .put("href", inLibrary ? "/documents/" + row.getUUID("id")
                            : uk.nhs.hub.document.AttachedPapers.href(row.getUUID("id"), row.getInteger("current_version"))));
                }
                return papers;
            });
        });
    }

    /** The candidates, in rank order, that the person may read where they are attached; at most {@code wanted}. */
    private Future<List<Row>> readable(SignedInUser actor, java.util.Iterator<Row> candidates, int wanted) {
        List<Row> kept = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        while (candidates.hasNext()) {
            Row row = candidates.next();
            chain = chain.compose(v -> kept.size() >= wanted ? Future.<Void>succeededFuture()
                : attachedPapers.mayRead(actor, row.getUUID("id")).map(may -> {
                    if (may) {
                        kept.add(row);
                    }
                    return null;
                }));
        }
        return chain.map(kept);
    }

    /** Lets search find papers attached where the person may look, asking the features that attach them. */
    public void findAttachedPapersWith(uk.nhs.hub.document.AttachedPapers attached) {
        this.attachedPapers = attached;
    }

    /** One page of search results, {@code headlines} in the same order as the rows. */
    private static JsonObject results(io.vertx.sqlclient.RowSet<Row> rows, List<String> headlines, int size, String q) {
        int index = 0;
        JsonArray results = new JsonArray();
        String next = null;
        for (Row row : rows) {
            if (results.size() == size) {
                JsonObject last = results.getJsonObject(size - 1);
                next = Base64.getUrlEncoder().withoutPadding().encodeToString((last.getFloat("rank") + "|"
                    + last.getString("postId")).getBytes(StandardCharsets.UTF_8));
                break;
            }
            results.add(new JsonObject().put("postId", row.getUUID("id").toString())
                .put("threadId", row.getUUID("thread_id").toString()).put("threadTitle", row.getString("title"))
                .put("networkName", row.getString("network_name")).put("networkSlug", row.getString("network_slug"))
                .put("authorName", row.getString("author_name")).put("createdAt", row.getOffsetDateTime("created_at").toString())
                .put("rank", row.getFloat("rank")).put("headlineHtml", highlight(headlines.get(index++)))
                .put("href", "/threads/" + row.getUUID("thread_id") + "?post=" + row.getUUID("id") + "#post-" + row.getUUID("id")));
        }
        return new JsonObject().put("query", q.strip()).put("results", results).put("next", next);
    }

    /** The headline escaped as text, with only the matched words wrapped in {@code <mark>}. */
    static String highlight(String headline) {
        String escaped = headline.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        StringBuilder out = new StringBuilder();
        boolean open = false;
        for (char c : escaped.toCharArray()) {
            if (c == '⟦' && !open) {
                out.append("<mark>");
                open = true;
            } else if (c == '⟧' && open) {
                out.append("</mark>");
                open = false;
            } else if (c != '⟦' && c != '⟧') {
                out.append(c);
            }
        }
        if (open) {
            out.append("</mark>");
        }
        return out.toString();
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    /** A replayed request (same idempotency key) publishes nothing and is not a new post. */
    private Idempotency.Outcome countedPost(Idempotency.Outcome outcome) {
        if (!outcome.events().isEmpty()) {
            posts.increment();
        }
        return outcome;
    }

    private JsonObject published(Idempotency.Outcome outcome) {
        for (JsonObject event : outcome.events()) {
            if (event.containsKey(ANNOUNCE)) {
                List<Notifications.Stored> told = new ArrayList<>();
                event.getJsonArray(ANNOUNCE).forEach(id -> told.add(new Notifications.Stored(0, UUID.fromString((String) id), null, null)));
                Notifications.announce(vertx, pool, told);
            } else if (event.containsKey(NOTIFY)) {
                JsonObject notice = event.copy();
                UUID userId = UUID.fromString((String) notice.remove(NOTIFY));
                vertx.eventBus().publish(AccountEvents.userAddress(userId), notice.put("userId", userId.toString()));
            } else {
                NetworkEvents.publish(vertx, event);
            }
        }
        return outcome.body();
    }

    private static void requirePoster(NetworkAccess access) {
        if (access.ownRole() == null || !access.ownRole().isFullMember()) {
            throw HubException.forbidden("Only members of this network can post in its discussions");
        }
    }

    private String text(Object value) {
        return SafeMarkdown.written(value, maxCharacters, "body", "Enter your message", "Your message");
    }

    private static String title(Object value) {
        if (!(value instanceof String title) || title.isBlank()) {
            throw HubException.invalid("title", "Enter a title for the discussion");
        }
        if (title.strip().length() > 200) {
            throw HubException.invalid("title", "The title must be 200 characters or fewer");
        }
        return title.strip();
    }

    private static boolean flag(JsonObject body, String field, boolean current) {
        Object value = body.getValue(field);
        if (value == null) {
            return current;
        }
        if (!(value instanceof Boolean flag)) {
            throw HubException.invalid(field, "'" + field + "' must be true or false");
        }
        return flag;
    }

    private static UUID optionalId(Object value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            throw HubException.invalid(field, "'" + field + "' is not a valid id");
        }
    }

    static JsonObject threadJson(Row row) {
        OffsetDateTime last = row.getOffsetDateTime("last_post_at");
        OffsetDateTime original = row.getOffsetDateTime("original_start");
        UUID meeting = row.getUUID("meeting_id");
        UUID creator = row.getUUID("created_by");
        return new JsonObject().put("id", row.getUUID("id").toString()).put("networkId", row.getUUID("network_id").toString())
            .put("title", row.getString("title")).put("pinned", row.getBoolean("pinned")).put("locked", row.getBoolean("locked"))
            .put("postCount", row.getInteger("post_count")).put("lastPostAt", last == null ? null : last.toString())
            .put("createdAt", row.getOffsetDateTime("created_at").toString())
            .put("createdBy", new JsonObject().put("id", creator == null ? null : creator.toString())
                .put("displayName", row.getString("created_by_name")))
            .put("meetingId", meeting == null ? null : meeting.toString())
            .put("originalStart", original == null ? null : original.toString())
            .put("unread", row.getInteger("unread"));
    }

    /**
     * A post as {@code $2} of the query that read it sees it: a post hidden while organisers review it keeps its
     * text only for its author.
     */
    static JsonObject postJson(Row row) {
        boolean deleted = row.getOffsetDateTime("deleted_at") != null;
        boolean hidden = row.getOffsetDateTime("hidden_at") != null;
        boolean withheld = deleted || (hidden && !row.getBoolean("own"));
        UUID parent = row.getUUID("parent_id");
        UUID author = row.getUUID("author_id");
        Integer parentDepth = row.getInteger("parent_depth");
        int depth = row.getInteger("depth");
        OffsetDateTime edited = row.getOffsetDateTime("edited_at");
        JsonObject reactions = row.getJsonObject("reactions");
        String[] mine = row.getArrayOfStrings("mine");
        JsonArray attachments = new JsonArray();
        Object papers = row.getValue("attachments");
        if (!withheld && papers instanceof JsonArray listed) {
            listed.forEach(paper -> attachments.add(AttachedPapers.json((JsonObject) paper)));
        }
        return new JsonObject().put("id", row.getUUID("id").toString()).put("threadId", row.getUUID("thread_id").toString())
            .put("networkId", row.getUUID("network_id").toString())
            .put("seq", row.getLong("seq")).put("position", row.getInteger("position"))
            .put("parentId", parent == null ? null : parent.toString()).put("depth", depth).put("path", row.getString("path"))
            .put("author", new JsonObject().put("id", author == null ? null : author.toString())
                .put("displayName", row.getString("author_name")))
            .put("body", withheld ? null : row.getString("body")).put("bodyHtml", withheld ? null : row.getString("body_html"))
            .put("createdAt", row.getOffsetDateTime("created_at").toString())
            .put("editedAt", edited == null ? null : edited.toString()).put("deleted", deleted).put("hidden", hidden && !deleted)
            .put("replyingTo", parent != null && parentDepth != null && parentDepth >= depth
                ? new JsonObject().put("postId", parent.toString()).put("authorName", row.getString("parent_author_name")) : null)
            .put("reactions", reactions == null ? new JsonObject() : reactions)
            .put("myReactions", mine == null ? new JsonArray() : new JsonArray(List.of(mine)))
            .put("attachments", attachments);
    }
}
