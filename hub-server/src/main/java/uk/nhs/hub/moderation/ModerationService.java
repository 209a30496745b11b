package uk.nhs.hub.moderation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.admin.Administrators;
import uk.nhs.hub.discussion.DiscussionService;
import uk.nhs.hub.document.AttachedPapers;
import uk.nhs.hub.network.NetworkAccess;
import uk.nhs.hub.network.NetworkEvents;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.ControlCharacters;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.Outbox;
import uk.nhs.hub.platform.RequestOrigin;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reports, hiding and resolving. Who may do what: anyone who may read a post's thread reports it (not its author,
 * and one open report each); the organisers of its network, the organisers and central team of networks above
 * it, and platform administrators see the reports, hide and restore the post and resolve the reports. A post or
 * report someone may not see is answered as if it did not exist (404); a moderator's action refused to a reader
 * of the post is 403. Every change is audited with the network's id, in the same transaction.
 */
public final class ModerationService {

    /** The longest reason, note or hiding reason kept. */
    static final int MAX_TEXT = 1000;
    static final Set<String> CATEGORIES = Set.of("abusive", "personal-information", "spam", "off-topic", "other");
    static final Set<String> OUTCOMES = Set.of("hidden", "no-action", "removed");
    static final int MAX_PAGE = 100;
    /** What a reporter is told when their report ends with the post hidden, and what it says once it is shown again. */
    private static final String DECIDED_HIDDEN = "The organisers looked at the post you reported and have hidden it.";
    private static final String DECIDED_HIDDEN_THEN_SHOWN =
        "The organisers looked at the post you reported and hid it, and have since shown it again.";

    /** What readers see in place of a hidden post, and what waiting notices about it say instead of its words. */
    public static final String HIDDEN_WORDS = "This post has been hidden while organisers review it";

    private static final String POST_NOT_FOUND = "Post not found";
    private static final String REPORT_NOT_FOUND = "Report not found";

    private final Vertx vertx;
    private final Pool pool;
    private final NetworkService networks;
    private final Administrators administrators;

    ModerationService(Vertx vertx, Pool pool, NetworkService networks, Administrators administrators) {
        this.vertx = vertx;
        this.pool = pool;
        this.networks = networks;
        this.administrators = administrators;
    }

    /** What the caller may do with one post's network. */
    record Standing(Row post, NetworkAccess access, boolean administrator) {

        boolean mayRead() {
            return access.canViewMembers();
        }

        boolean mayModerate() {
            return administrator || access.isOrganiser() || access.managesAncestor();
        }

        UUID postId() {
            return post.getUUID("id");
        }

        UUID threadId() {
            return post.getUUID("thread_id");
        }

        UUID networkId() {
            return post.getUUID("network_id");
        }
    }

    private Future<Standing> standing(SignedInUser actor, UUID postId) {
        return pool.preparedQuery(ModerationSql.POST).execute(Tuple.of(postId)).compose(rows -> {
            if (rows.size() == 0) {
                throw HubException.notFound(POST_NOT_FOUND);
            }
            Row post = rows.iterator().next();
            return Future.all(networks.access(post.getUUID("network_id"), actor.id()),
                    administrators.isAdministrator(actor.id()))
                .map(both -> new Standing(post, both.resultAt(0), both.resultAt(1)));
        });
    }

    /** The caller's standing with a post they may moderate: 404 when they may not read it, 403 when only read. */
    private Future<Standing> moderated(SignedInUser actor, UUID postId) {
        return standing(actor, postId).map(standing -> {
            if (!standing.mayModerate()) {
                if (!standing.mayRead()) {
                    throw HubException.notFound(POST_NOT_FOUND);
                }
                throw HubException.forbidden("Only an organiser of this network can hide or restore its posts");
            }
            return standing;
        });
    }

    /** Whether the caller moderates the network (for the reports page and list). */
    Future<Boolean> moderates(SignedInUser actor, NetworkAccess access) {
        if (access.isOrganiser() || access.managesAncestor()) {
            return Future.succeededFuture(true);
        }
        return administrators.isAdministrator(actor.id());
    }

    // ---- reporting ----------------------------------------------------------------------------------------

    /** Reports a post; 409 when the caller wrote it or already has an open report on it. */
    public Future<JsonObject> report(SignedInUser actor, UUID postId, JsonObject body, RequestOrigin origin) {
        String reason;
        String category;
        try {
            reason = text(body, "reason", "Enter why you are reporting this post");
            category = JsonBodies.text(body, "category");
            if (category != null && !CATEGORIES.contains(category)) {
                throw HubException.invalid("category", "Choose what kind of problem this is");
            }
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        List<UUID> told = new ArrayList<>();
        return standing(actor, postId).compose(standing -> {
            if (!standing.mayRead() || standing.post().getOffsetDateTime("deleted_at") != null) {
                throw HubException.notFound(POST_NOT_FOUND);
            }
            if (actor.id().equals(standing.post().getUUID("author_id"))) {
                throw HubException.conflict(null, "You cannot report your own post. You can edit or delete it instead");
            }
            Row post = standing.post();
            return pool.withTransaction(tx -> tx.preparedQuery(ModerationSql.INSERT_REPORT)
                .execute(Tuple.of(postId, standing.networkId(), actor.id(), reason, category))
                .compose(inserted -> {
                    if (inserted.size() == 0) {
                        throw HubException.conflict(null,
                            "You have already reported this post. The organisers will tell you what they decide");
                    }
                    Row row = inserted.iterator().next();
                    UUID reportId = row.getUUID("id");
                    String href = "/networks/" + post.getString("network_slug") + "/reports";
                    return tx.preparedQuery(ModerationSql.ORGANISERS).execute(Tuple.of(standing.networkId(), actor.id()))
                        .compose(organisers -> {
                            List<Notifications.Notice> notices = new ArrayList<>();
                            for (Row organiser : organisers) {
                                told.add(organiser.getUUID("id"));
                                notices.add(new Notifications.Notice(organiser.getUUID("id"),
                                    Notifications.Kind.POST_REPORTED, standing.networkId(),
                                    "A post in " + post.getString("network_name") + " was reported",
                                    "A post in \u201c" + post.getString("title") + "\u201d was reported. Look at the "
                                        + "reports and decide whether to hide it.",
                                    href, "post-report:" + reportId,
                                    new Outbox.Message(organiser.getString("email"), null, null, null, null, null)));
                            }
                            return Notifications.record(tx, notices);
                        })
                        .compose(v -> AuditLog.record(tx, new AuditLog.Entry(actor.id(), "post.reported",
                            postId.toString(), origin.remoteAddress(), origin.requestId(), new JsonObject()
                                .put("networkId", standing.networkId().toString()).put("reportId", reportId.toString())
                                .put("category", category))))
                        .map(v -> new JsonObject().put("id", reportId.toString()).put("postId", postId.toString())
                            .put("status", row.getString("status")).put("reason", reason).put("category", category)
                            .put("createdAt", row.getOffsetDateTime("created_at").toString()));
                }));
        }).onSuccess(v -> Notifications.announceTo(vertx, pool, told));
    }

    /** What the report page shows of a post the caller may report; 404 and 409 as {@link #report} answers. */
    Future<JsonObject> reportable(SignedInUser actor, UUID postId) {
        return standing(actor, postId).map(standing -> {
            Row post = standing.post();
            if (!standing.mayRead() || post.getOffsetDateTime("deleted_at") != null) {
                throw HubException.notFound(POST_NOT_FOUND);
            }
            if (actor.id().equals(post.getUUID("author_id"))) {
                throw HubException.conflict(null, "You cannot report your own post. You can edit or delete it instead");
            }
            return new JsonObject().put("postId", postId.toString()).put("threadId", standing.threadId().toString())
                .put("threadTitle", post.getString("title")).put("networkName", post.getString("network_name"));
        });
    }

    // ---- reading reports ----------------------------------------------------------------------------------

    /** A network's reports for those who moderate it; everyone else is told the network's reports do not exist. */
    public Future<JsonObject> networkReports(SignedInUser actor, UUID networkId, String status, String after, int limit) {
        Keyset keyset;
        try {
            keyset = keyset(status, after);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        return networks.access(networkId, actor.id())
            .compose(access -> moderates(actor, access).map(yes -> {
                if (!yes) {
                    throw HubException.notFound("Network not found");
                }
                return access;
            }))
            .compose(access -> pool.preparedQuery(ModerationSql.NETWORK_REPORTS)
                .execute(Tuple.of(networkId, keyset.status(), keyset.createdAt(), keyset.id(), size + 1)))
            .map(rows -> page(rows, size));
    }

    /** Every network's reports, for administrators (the route lets only them in). */
    public Future<JsonObject> allReports(String status, String after, int limit) {
        Keyset keyset;
        try {
            keyset = keyset(status, after);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        return pool.preparedQuery(ModerationSql.ALL_REPORTS)
            .execute(Tuple.of(keyset.status(), keyset.createdAt(), keyset.id(), size + 1))
            .map(rows -> page(rows, size));
    }

    private record Keyset(String status, OffsetDateTime createdAt, UUID id) {
    }

    private static Keyset keyset(String status, String after) {
        String wanted = status == null || status.isBlank() ? "open" : status;
        if (!wanted.equals("open") && !wanted.equals("resolved")) {
            throw HubException.invalid("status", "'status' must be open or resolved");
        }
        if (after == null || after.isBlank()) {
            return new Keyset(wanted, null, null);
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8).split("\\|");
            return new Keyset(wanted, OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw HubException.invalid("after", "The page cursor is not valid");
        }
    }

    private static JsonObject page(RowSet<Row> rows, int size) {
        JsonArray reports = new JsonArray();
        String next = null;
        for (Row row : rows) {
            if (reports.size() == size) {
                JsonObject last = reports.getJsonObject(size - 1);
                next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.getString("createdAt") + "|" + last.getString("id")).getBytes(StandardCharsets.UTF_8));
                break;
            }
            reports.add(reportJson(row));
        }
        return new JsonObject().put("reports", reports).put("next", next);
    }

    static JsonObject reportJson(Row row) {
        UUID reporter = row.getUUID("reporter_id");
        UUID author = row.getUUID("author_id");
        UUID resolver = row.getUUID("resolved_by");
        OffsetDateTime resolved = row.getOffsetDateTime("resolved_at");
        boolean deleted = row.getOffsetDateTime("deleted_at") != null;
        String body = row.getString("body");
        String excerpt = deleted ? null : body.length() > 300 ? body.substring(0, 300) + "\u2026" : body;
        return new JsonObject().put("id", row.getUUID("id").toString()).put("status", row.getString("status"))
            .put("reason", row.getString("reason")).put("category", row.getString("category"))
            .put("createdAt", row.getOffsetDateTime("created_at").toString())
            .put("reporter", new JsonObject().put("id", reporter == null ? null : reporter.toString())
                .put("displayName", row.getString("reporter_name")))
            .put("network", new JsonObject().put("id", row.getUUID("network_id").toString())
                .put("name", row.getString("network_name")).put("slug", row.getString("network_slug")))
            .put("post", new JsonObject().put("id", row.getUUID("post_id").toString())
                .put("threadId", row.getUUID("thread_id").toString()).put("threadTitle", row.getString("thread_title"))
                .put("author", new JsonObject().put("id", author == null ? null : author.toString())
                    .put("displayName", row.getString("author_name")))
                .put("excerpt", excerpt).put("hidden", row.getOffsetDateTime("hidden_at") != null).put("deleted", deleted)
                .put("href", "/threads/" + row.getUUID("thread_id") + "?post=" + row.getUUID("post_id")
                    + "#post-" + row.getUUID("post_id")))
            .put("resolvedAt", resolved == null ? null : resolved.toString())
            .put("resolvedBy", resolver == null ? null : new JsonObject().put("id", resolver.toString())
                .put("displayName", row.getString("resolved_by_name")))
            .put("outcome", row.getString("outcome")).put("note", row.getString("note"));
    }

    // ---- hiding, restoring, resolving ---------------------------------------------------------------------

    /** Hides a post pending review; 409 when it is already hidden or deleted. */
    public Future<JsonObject> hide(SignedInUser actor, UUID postId, JsonObject body, RequestOrigin origin) {
        String reason;
        try {
            reason = text(body, "reason", "Enter why the post is hidden");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return moderated(actor, postId)
            .compose(standing -> pool.withTransaction(tx -> lock(tx, postId).compose(post -> {
                if (post.getOffsetDateTime("deleted_at") != null) {
                    throw HubException.conflict(null, "This post has been deleted");
                }
                if (post.getOffsetDateTime("hidden_at") != null) {
                    throw HubException.conflict(null, "This post is already hidden");
                }
                return hideIn(tx, actor, standing, reason, origin);
            })))
            .map(this::published);
    }

    /** Hides the locked post in the caller's transaction; returns the event to publish after commit. */
    private Future<Published> hideIn(SqlClient tx, SignedInUser actor, Standing standing, String reason,
                                     RequestOrigin origin) {
        String subject = "post:" + standing.postId();
        return tx.preparedQuery(ModerationSql.HIDE).execute(Tuple.of(standing.postId(), actor.id(), reason))
            .compose(hidden -> tx.preparedQuery(ModerationSql.SCRUB_LOGGED_EVENTS)
                .execute(Tuple.of(standing.networkId(), standing.postId().toString()))
                .compose(v -> tx.preparedQuery(ModerationSql.SCRUB_NOTICES).execute(Tuple.of(subject, HIDDEN_WORDS)))
                // emails about the post still queued would carry its words after it was hidden
                .compose(v -> Outbox.withdraw(tx, subject))
                .compose(withdrawn -> AuditLog.record(tx, new AuditLog.Entry(actor.id(), "post.hidden",
                    standing.postId().toString(), origin.remoteAddress(), origin.requestId(),
                    new JsonObject().put("networkId", standing.networkId().toString()).put("reason", reason)
                        .put("emailsWithdrawn", withdrawn))))
                .compose(v -> NetworkEvents.append(tx, standing.networkId(), ModerationEvents.POST_HIDDEN,
                    ModerationEvents.hidden(standing.threadId(), standing.postId())))
                .map(event -> new Published(new JsonObject().put("postId", standing.postId().toString())
                    .put("hidden", true).put("hiddenAt", hidden.iterator().next().getOffsetDateTime("hidden_at").toString())
                    .put("reason", reason), List.of(event))));
    }

    /** Shows a hidden post again; 409 when it is not hidden. */
    public Future<Void> restore(SignedInUser actor, UUID postId, RequestOrigin origin) {
        return moderated(actor, postId)
            .compose(standing -> pool.withTransaction(tx -> lock(tx, postId).compose(post -> {
                if (post.getOffsetDateTime("hidden_at") == null || post.getOffsetDateTime("deleted_at") != null) {
                    throw HubException.conflict(null, "This post is not hidden");
                }
                return tx.preparedQuery(ModerationSql.RESTORE).execute(Tuple.of(postId))
                    .compose(v -> tx.preparedQuery(ModerationSql.UNSCRUB_NOTICES).execute(Tuple.of("post:" + postId,
                        DiscussionService.excerpt(post.getString("body")), HIDDEN_WORDS)))
                    .compose(v -> tx.preparedQuery(ModerationSql.UNSCRUB_NOTICES).execute(Tuple.of(
                        "post-report-decided:" + postId, DECIDED_HIDDEN_THEN_SHOWN, DECIDED_HIDDEN)))
                    .compose(v -> AuditLog.record(tx, new AuditLog.Entry(actor.id(), "post.restored", postId.toString(),
                        origin.remoteAddress(), origin.requestId(),
                        new JsonObject().put("networkId", standing.networkId().toString()))))
                    .compose(v -> NetworkEvents.append(tx, standing.networkId(), ModerationEvents.POST_RESTORED,
                        ModerationEvents.restored(standing.threadId(), postId, post.getString("body_html"),
                            papersOf(post))))
                    .map(event -> new Published(null, List.of(event)));
            })))
            .map(this::published).mapEmpty();
    }

    /**
     * Resolves every open report of the reported post with one outcome: {@code no-action} (the default) leaves the
     * post as it is, {@code hidden} hides it if it is not already, {@code removed} deletes it. Each reporter is
     * told. 404 to anyone who does not moderate the report's network; 409 when it is already resolved.
     */
    public Future<JsonObject> resolve(SignedInUser actor, UUID reportId, JsonObject body, RequestOrigin origin) {
        String outcome;
        String note;
        try {
            outcome = JsonBodies.text(body, "outcome");
            if (outcome == null) {
                outcome = "no-action";
            } else if (!OUTCOMES.contains(outcome)) {
                throw HubException.invalid("outcome", "'outcome' must be hidden, no-action or removed");
            }
            note = optionalText(body, "note");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        String decided = outcome;
        List<UUID> told = new ArrayList<>();
        return pool.preparedQuery(ModerationSql.REPORT).execute(Tuple.of(reportId)).compose(rows -> {
            if (rows.size() == 0) {
                throw HubException.notFound(REPORT_NOT_FOUND);
            }
            Row report = rows.iterator().next();
            UUID postId = report.getUUID("post_id");
            return standing(actor, postId).compose(standing -> {
                if (!standing.mayModerate()) {
                    throw HubException.notFound(REPORT_NOT_FOUND);
                }
                if (!"open".equals(report.getString("status"))) {
                    throw HubException.conflict(null, "This report has already been resolved");
                }
                return pool.withTransaction(tx -> lock(tx, postId).compose(post -> {
                    Future<Published> acted;
                    boolean live = post.getOffsetDateTime("deleted_at") == null;
                    if ("hidden".equals(decided) && live && post.getOffsetDateTime("hidden_at") == null) {
                        acted = hideIn(tx, actor, standing, note == null ? "Reported" : note, origin);
                    } else if ("removed".equals(decided) && live) {
                        acted = tx.preparedQuery(ModerationSql.REMOVE).execute(Tuple.of(postId, actor.id()))
                            // a removed post's papers, like its words, are not sent to a page catching up
                            .compose(v -> tx.preparedQuery(ModerationSql.SCRUB_LOGGED_EVENTS)
                                .execute(Tuple.of(standing.networkId(), postId.toString())))
                            .compose(v -> NetworkEvents.append(tx, standing.networkId(), "post.deleted",
                                new JsonObject().put("threadId", standing.threadId().toString())
                                    .put("postId", postId.toString())))
                            .map(event -> new Published(null, List.of(event)));
                    } else {
                        acted = Future.succeededFuture(new Published(null, List.of()));
                    }
                    return acted.compose(published -> tx.preparedQuery(ModerationSql.RESOLVE_OPEN)
                        .execute(Tuple.of(postId, actor.id(), decided, note))
                        .compose(resolved -> tellReporters(tx, resolved, standing, decided, told))
                        .compose(v -> AuditLog.record(tx, new AuditLog.Entry(actor.id(), "post-report.resolved",
                            reportId.toString(), origin.remoteAddress(), origin.requestId(), new JsonObject()
                                .put("networkId", standing.networkId().toString()).put("postId", postId.toString())
                                .put("outcome", decided))))
                        .compose(v -> tx.preparedQuery(ModerationSql.REPORT).execute(Tuple.of(reportId)))
                        .map(after -> new Published(reportJson(after.iterator().next()), published.events())));
                }));
            });
        }).map(this::published).onSuccess(v -> Notifications.announceTo(vertx, pool, told));
    }

    private Future<Void> tellReporters(SqlClient tx, RowSet<Row> resolved, Standing standing, String outcome,
                                       List<UUID> told) {
        List<Future<Row>> people = new ArrayList<>();
        List<UUID> reporters = new ArrayList<>();
        for (Row row : resolved) {
            UUID reporter = row.getUUID("reporter_id");
            if (reporter != null) {
                reporters.add(reporter);
                people.add(tx.preparedQuery(ModerationSql.PERSON).execute(Tuple.of(reporter))
                    .map(found -> found.iterator().next()));
            }
        }
        String said = switch (outcome) {
            case "hidden" -> DECIDED_HIDDEN;
            case "removed" -> "The organisers looked at the post you reported and have removed it.";
            default -> "The organisers looked at the post you reported and decided it can stay.";
        };
        String title = "Your report about a post in \u201c" + standing.post().getString("title") + "\u201d";
        String href = "/threads/" + standing.threadId();
        return Future.all(people).compose(all -> {
            List<Notifications.Notice> notices = new ArrayList<>();
            for (int i = 0; i < reporters.size(); i++) {
                told.add(reporters.get(i));
                notices.add(new Notifications.Notice(reporters.get(i), Notifications.Kind.REPORT_DECIDED,
                    standing.networkId(), title, said, href, "post-report-decided:" + standing.postId(),
                    new Outbox.Message(all.<Row>resultAt(i).getString("email"), null, null, null, null, null)));
            }
            return Notifications.record(tx, notices).mapEmpty();
        });
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    /** A response with the network events to publish once its transaction has committed. */
    private record Published(JsonObject body, List<JsonObject> events) {
    }

    private JsonObject published(Published published) {
        published.events().forEach(event -> NetworkEvents.publish(vertx, event));
        return published.body();
    }

    /** A post's papers as the post JSON lists them, from a row of {@link ModerationSql#POST}. */
    private static JsonArray papersOf(Row post) {
        JsonArray papers = new JsonArray();
        if (post.getValue("attachments") instanceof JsonArray listed) {
            listed.forEach(paper -> papers.add(AttachedPapers.json((JsonObject) paper)));
        }
        return papers;
    }

    private static Future<Row> lock(SqlClient tx, UUID postId) {
        return tx.preparedQuery(ModerationSql.LOCK_POST).execute(Tuple.of(postId)).map(rows -> {
            if (rows.size() == 0) {
                throw HubException.notFound(POST_NOT_FOUND);
            }
            return rows.iterator().next();
        });
    }

    /** A required text of up to {@link #MAX_TEXT} characters, without control characters. */
    static String text(JsonObject body, String field, String missing) {
        String value = optionalText(body, field);
        if (value == null) {
            throw HubException.invalid(field, missing);
        }
        return value;
    }

    static String optionalText(JsonObject body, String field) {
        String value = JsonBodies.text(body, field);
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = ControlCharacters.check(field, value.strip());
        if (stripped.length() > MAX_TEXT) {
            throw HubException.invalid(field, "Must be " + MAX_TEXT + " characters or fewer");
        }
        return stripped;
    }
}
