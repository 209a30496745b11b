package uk.nhs.hub.broadcast;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.AccountEvents;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.discussion.DiscussionService;
import uk.nhs.hub.network.NetworkAccess;
import uk.nhs.hub.network.NetworkEvents;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.network.Role;
import uk.nhs.hub.feedback.FeedbackForm;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.Outbox;
import uk.nhs.hub.platform.SafeMarkdown;
import uk.nhs.hub.platform.StaleVersion;
import uk.nhs.hub.platform.SupportedDates;
import uk.nhs.hub.platform.WebAddresses;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Broadcasts from a central team. The central members of the sending network send, issue new versions, watch
 * the dashboard and chase; the full members of the target networks read, acknowledge, discuss and respond.
 * Anyone else is told the broadcast does not exist (404).
 */
public final class BroadcastService {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BroadcastService.class);

    private final Vertx vertx;
    private final Pool pool;
    private final NetworkService networks;
    private final DiscussionService discussions;
    private final Clock clock;
    private final String baseUrl;
    private final int maxCharacters;
    private final Counter responses;

    BroadcastService(Vertx vertx, Pool pool, NetworkService networks, DiscussionService discussions, Clock clock,
                     String baseUrl, int maxCharacters, Counter responses) {
        this.vertx = vertx;
        this.pool = pool;
        this.networks = networks;
        this.discussions = discussions;
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.maxCharacters = maxCharacters;
        this.responses = responses;
    }

    /** A broadcast as stored, with what the caller is to it. */
    record Seen(JsonObject broadcast, boolean sender, List<Row> myNetworks) {

        boolean recipient() {
            return !myNetworks.isEmpty();
        }

        UUID id() {
            return UUID.fromString(broadcast.getString("id"));
        }

        int version() {
            return broadcast.getInteger("currentVersion");
        }

        FeedbackForm form() {
            return FeedbackForm.fromJson(broadcast.getJsonArray("questions"));
        }

        String mode() {
            return broadcast.getString("feedbackMode");
        }

        boolean anonymous() {
            return broadcast.getBoolean("anonymous");
        }

        Instant deadline() {
            String deadline = broadcast.getString("deadline");
            return deadline == null ? null : OffsetDateTime.parse(deadline).toInstant();
        }
    }

    // ---- access -------------------------------------------------------------------------------------------

    Future<Seen> seen(SignedInUser actor, UUID broadcastId) {
        return pool.preparedQuery(BroadcastSql.BROADCAST).execute(Tuple.of(broadcastId)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                throw HubException.notFound("Broadcast not found");
            }
            JsonObject broadcast = broadcastJson(rows.iterator().next());
            UUID sending = UUID.fromString(broadcast.getJsonObject("network").getString("id"));
            return Future.all(networks.access(sending, actor.id()),
                    pool.preparedQuery(BroadcastSql.MY_TARGETS).execute(Tuple.of(broadcastId, actor.id())))
                .map(all -> {
                    NetworkAccess access = all.resultAt(0);
                    RowSet<Row> mine = all.resultAt(1);
                    List<Row> myNetworks = new ArrayList<>();
                    mine.forEach(myNetworks::add);
                    if (access.ownRole() == Role.CENTRAL && myNetworks.isEmpty()) {
                        access.requireTwoStepIfNeeded();
                    }
                    boolean sender = access.ownRole() == Role.CENTRAL && !access.twoStepMissing();
                    if (!sender && myNetworks.isEmpty()) {
                        throw HubException.notFound("Broadcast not found");
                    }
                    return new Seen(broadcast, sender, myNetworks);
                });
        });
    }

    Future<Seen> asSender(SignedInUser actor, UUID broadcastId) {
        return seen(actor, broadcastId).map(seen -> {
            if (!seen.sender()) {
                throw HubException.forbidden("Only the central team that sent this broadcast can do this");
            }
            return seen;
        });
    }

    /** Whether the person may watch the broadcast's dashboard live (the sending central team). */
    public Future<Boolean> mayWatch(UUID userId, UUID broadcastId) {
        return asSender(new SignedInUser(userId, null, null, null), broadcastId).map(true).otherwise(false);
    }

    // ---- sending ------------------------------------------------------------------------------------------

    /** What a new broadcast's body says, once every field has been checked. */
    private record Outline(UUID networkId, String title, String text, JsonArray attachments, Instant deadline, List<UUID> chosen,
                           boolean descendants, String mode, boolean anonymous, String submitterTitle, FeedbackForm form) {
    }

    /**
     * Checks every field of a new broadcast and reports all that are wrong at once (the compose page lists them
     * together; the API's error names the first).
     */
    private Outline outline(JsonObject body) {
        Map<String, String> errors = new LinkedHashMap<>();
        UUID networkId = checked(errors, () -> id(body.getValue("networkId"), "networkId", "Choose the network the broadcast is sent from"));
        String title = checked(errors, () -> title(body.getValue("title")));
        String text = checked(errors, () -> text(body.getValue("body")));
        JsonArray attachments = checked(errors, () -> attachments(body.getValue("attachments")));
        Instant deadline = checked(errors, () -> deadline(body.getValue("deadline")));
        List<UUID> chosen = new ArrayList<>();
        Boolean descendants = checked(errors, () -> {
            if (!(body.getValue("targets") instanceof JsonObject targets)
                    || !(targets.getValue("networkIds") instanceof JsonArray ids) || ids.isEmpty()) {
                throw HubException.invalid("targets.networkIds", "Choose at least one network to send the broadcast to");
            }
            for (Object id : ids) {
                chosen.add(id(id, "targets.networkIds", "Each target must be a network id"));
            }
            if (!(targets.getValue("includeDescendants", false) instanceof Boolean flag)) {
                throw HubException.invalid("targets.includeDescendants", "'includeDescendants' must be true or false");
            }
            return flag;
        });
        // Set inside the feedback check, which runs as one step so its first mistake is the one reported.
        String[] mode = {null};
        String[] submitter = {null};
        boolean[] anonymous = {false};
        FeedbackForm form = FeedbackForm.NONE;
        if (body.getValue("feedback") != null) {
            form = checked(errors, () -> {
                if (!(body.getValue("feedback") instanceof JsonObject feedback)) {
                    throw HubException.invalid("feedback", "'feedback' must be an object");
                }
                mode[0] = feedback.getValue("mode") instanceof String m ? m : "";
                if (!mode[0].equals("network") && !mode[0].equals("individual")) {
                    throw HubException.invalid("feedback.mode", "Feedback mode must be network (one agreed response per network) or individual");
                }
                if (!(feedback.getValue("anonymous", false) instanceof Boolean hidden)) {
                    throw HubException.invalid("feedback.anonymous", "'anonymous' must be true or false");
                }
                anonymous[0] = hidden;
                if (feedback.getValue("submitterRoleTitle") instanceof String t && !t.isBlank()) {
                    submitter[0] = t.strip();
                }
                return FeedbackForm.parse(feedback.getValue("questions"));
            });
        }
        if (!errors.isEmpty()) {
            throw HubException.invalidFields(errors);
        }
        return new Outline(networkId, title, text, attachments, deadline, chosen, descendants, mode[0], anonymous[0], submitter[0], form);
    }

    /** Runs one field's check, noting its error (and going on to the next field) instead of stopping at the first. */
    private static <T> T checked(Map<String, String> errors, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (HubException e) {
            errors.putIfAbsent(e.field().orElse(""), e.getMessage());
            return null;
        }
    }

    /** The networks a broadcast goes to, resolved when it is checked or sent: those chosen and, if asked, all inside them. */
    private record Recipients(Map<UUID, Row> byId, Set<UUID> targets) {
    }

    private Future<Recipients> recipients(SignedInUser actor, Outline outline) {
        return networks.access(outline.networkId(), actor.id()).compose(access -> {
            access.requireVisible().requireTwoStepIfNeeded();
            if (access.ownRole() != Role.CENTRAL) {
                throw HubException.forbidden("Only the central team of this network can send broadcasts from it");
            }
            return pool.preparedQuery(BroadcastSql.SUBTREE).execute(Tuple.of(outline.networkId()));
        }).map(tree -> {
            Map<UUID, Row> byId = new LinkedHashMap<>();
            tree.forEach(row -> byId.put(row.getUUID("id"), row));
            Set<UUID> targets = new LinkedHashSet<>();
            for (UUID id : outline.chosen()) {
                if (!byId.containsKey(id)) {
                    throw HubException.invalid("targets.networkIds", "You can send only to this network and the networks inside it");
                }
                targets.add(id);
            }
            if (outline.descendants()) {
                for (Row row : byId.values()) {
                    for (UUID up = row.getUUID("id"); up != null; up = byId.containsKey(up) ? byId.get(up).getUUID("parent_id") : null) {
                        if (outline.chosen().contains(up)) {
                            targets.add(row.getUUID("id"));
                            break;
                        }
                    }
                }
            }
            return new Recipients(byId, targets);
        });
    }

    /**
     * What sending would do, without sending: the networks it goes to (in tree order) and how many distinct
     * people will be emailed, for the check page. Fails exactly as sending would.
     */
    public Future<JsonObject> preview(SignedInUser actor, JsonObject body) {
        Outline outline;
        try {
            outline = outline(body);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return recipients(actor, outline).compose(resolved -> pool.preparedQuery(BroadcastSql.PEOPLE_IN)
            .execute(Tuple.of((Object) resolved.targets().toArray(UUID[]::new))).map(rows -> {
                JsonArray tree = new JsonArray();
                resolved.byId().forEach((id, row) -> tree.add(new JsonObject().put("id", id.toString()).put("name", row.getString("name"))
                    .put("parentId", row.getUUID("parent_id") == null ? null : row.getUUID("parent_id").toString())
                    .put("depth", row.getInteger("depth"))));
                JsonArray networks = new JsonArray();
                treeOrder(tree).forEach(o -> {
                    if (resolved.targets().contains(UUID.fromString(((JsonObject) o).getString("id")))) {
                        networks.add(o);
                    }
                });
                return new JsonObject().put("networks", networks).put("people", rows.iterator().next().getLong("people"));
            }));
    }

    /** Sends a broadcast from a network's central team to that network, its subtree or chosen networks inside it. */
    public Future<JsonObject> create(SignedInUser actor, JsonObject body) {
        Outline outline;
        try {
            outline = outline(body);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        UUID networkId = outline.networkId();
        String title = outline.title();
        String text = outline.text();
        JsonArray attachments = outline.attachments();
        Instant deadline = outline.deadline();
        String feedbackMode = outline.mode();
        boolean isAnonymous = outline.anonymous();
        String roleTitle = outline.submitterTitle();
        FeedbackForm questions = outline.form();
        return recipients(actor, outline).compose(resolved -> {
            Map<UUID, Row> byId = resolved.byId();
            Set<UUID> targets = resolved.targets();
            UUID broadcastId = UUID.randomUUID();
            String html = SafeMarkdown.toHtml(text, SafeMarkdown.BROADCAST_HEADINGS);
            List<Tuple> targetRows = targets.stream().map(t -> Tuple.of(broadcastId, t, byId.get(t).getInteger("depth"))).toList();
            List<JsonObject> notices = new ArrayList<>();
            return pool.withTransaction(tx -> tx.preparedQuery(BroadcastSql.INSERT_BROADCAST).execute(Tuple.from(new Object[]{
                    broadcastId, networkId, actor.id(), deadline == null ? null : OffsetDateTime.ofInstant(deadline, LONDON),
                    feedbackMode, isAnonymous, roleTitle, questions.toJson()}))
                .compose(v -> tx.preparedQuery(BroadcastSql.INSERT_VERSION).execute(Tuple.from(new Object[]{
                    broadcastId, 1, title, text, html, attachments, null, null, new UUID[0], actor.id()})))
                .compose(v -> tx.preparedQuery(BroadcastSql.INSERT_TARGET).executeBatch(targetRows))
                .compose(v -> tellRecipients(tx, broadcastId, Notifications.Kind.BROADCAST, "New guidance: " + title, actor.displayName() + " has sent you guidance: \""
                    + title + "\"." + (deadline == null ? "" : "\nPlease acknowledge it" + (feedbackMode == null ? "" : " and respond")
                    + " by " + DateTimeWords.timestamp(deadline) + "."), notices)))
                .map(queued -> {
                    notifyUsers(notices);
                    tellTheRest(queued);
                    return new JsonObject().put("id", broadcastId.toString()).put("title", title).put("targets", targets.size())
                        .put("version", 1);
                });
        });
    }

    /** The networks a central team member may send to from {@code networkId}: it and every network inside it. */
    public Future<JsonArray> targetsFrom(SignedInUser actor, UUID networkId) {
        return networks.access(networkId, actor.id()).compose(access -> {
            access.requireVisible().requireTwoStepIfNeeded();
            if (access.ownRole() != Role.CENTRAL) {
                throw HubException.forbidden("Only the central team of this network can send broadcasts from it");
            }
            return pool.preparedQuery(BroadcastSql.SUBTREE).execute(Tuple.of(networkId));
        }).map(rows -> {
            JsonArray tree = new JsonArray();
            rows.forEach(row -> tree.add(new JsonObject().put("id", row.getUUID("id").toString()).put("name", row.getString("name"))
                .put("parentId", row.getUUID("parent_id") == null ? null : row.getUUID("parent_id").toString())
                .put("depth", row.getInteger("depth"))));
            return treeOrder(tree);
        });
    }

    /** Networks in tree order: each followed by the networks inside it. */
    private static JsonArray treeOrder(JsonArray flat) {
        Map<String, List<JsonObject>> children = new LinkedHashMap<>();
        JsonObject root = null;
        for (Object o : flat) {
            JsonObject network = (JsonObject) o;
            if (network.getInteger("depth") == 0) {
                root = network;
            } else {
                children.computeIfAbsent(network.getString("parentId"), k -> new ArrayList<>()).add(network);
            }
        }
        JsonArray ordered = new JsonArray();
        java.util.Deque<JsonObject> stack = new java.util.ArrayDeque<>();
        if (root != null) {
            stack.push(root);
        }
        while (!stack.isEmpty()) {
            JsonObject next = stack.pop();
            ordered.add(next);
            List<JsonObject> below = children.getOrDefault(next.getString("id"), List.of());
            for (int i = below.size() - 1; i >= 0; i--) {
                stack.push(below.get(i));
            }
        }
        return ordered;
    }

    /** Issues a new version of the guidance, with what changed and, if it answers feedback, what was said. */
    public Future<JsonObject> addVersion(SignedInUser actor, UUID broadcastId, JsonObject body) {
        return asSender(actor, broadcastId).compose(seen -> {
            JsonObject latest = seen.broadcast();
            String title = body.containsKey("title") ? title(body.getValue("title")) : latest.getString("title");
            String text = text(body.getValue("body"));
            if (!(body.getValue("changeSummary") instanceof String summary) || summary.isBlank() || summary.length() > 2000) {
                throw HubException.invalid("changeSummary", "Say what has changed in this version (up to 2,000 characters)");
            }
            String saidText = JsonBodies.text(body, "youSaid");
            String youSaid = saidText != null && !saidText.isBlank() ? saidText.strip() : null;
            if (youSaid != null && youSaid.length() > 5000) {
                throw HubException.invalid("youSaid", "'You said' must be 5,000 characters or fewer");
            }
            JsonArray attachments = body.containsKey("attachments") ? attachments(body.getValue("attachments"))
                : latest.getJsonArray("attachments");
            List<UUID> cited = new ArrayList<>();
            if (body.getValue("citedNetworkIds") != null && !(body.getValue("citedNetworkIds") instanceof JsonArray)) {
                throw HubException.invalid("citedNetworkIds", "'citedNetworkIds' must be a list of network ids");
            }
            if (body.getValue("citedNetworkIds") instanceof JsonArray ids) {
                for (Object id : ids) {
                    cited.add(id(id, "citedNetworkIds", "Each cited network must be a network id"));
                }
            }
            return pool.preparedQuery(BroadcastSql.TARGETS).execute(Tuple.of(broadcastId)).compose(targets -> {
                Set<UUID> targetIds = new LinkedHashSet<>();
                targets.forEach(row -> targetIds.add(row.getUUID("network_id")));
                if (!targetIds.containsAll(cited)) {
                    throw HubException.invalid("citedNetworkIds", "Cite only networks the broadcast was sent to");
                }
                List<JsonObject> notices = new ArrayList<>();
                return pool.withTransaction(tx -> tx.preparedQuery(BroadcastSql.LOCK_BROADCAST).execute(Tuple.of(broadcastId))
                    .compose(v -> tx.preparedQuery(BroadcastSql.NEXT_VERSION).execute(Tuple.of(broadcastId)))
                    .compose(rows -> {
                        int version = rows.iterator().next().getInteger("current_version");
                        return tx.preparedQuery(BroadcastSql.INSERT_VERSION).execute(Tuple.from(new Object[]{broadcastId, version,
                                title, text, SafeMarkdown.toHtml(text, SafeMarkdown.BROADCAST_HEADINGS), attachments, summary.strip(), youSaid,
                                cited.toArray(new UUID[0]), actor.id()}))
                            .compose(v -> tellRecipients(tx, broadcastId, Notifications.Kind.BROADCAST_VERSION, "Updated guidance: " + title, actor.displayName()
                                + " has issued version " + version + " of \"" + title + "\".\nWhat has changed: " + summary.strip(),
                                notices))
                            .map(queued -> new Issued(version, queued));
                    }))
                    .map(issued -> {
                        int version = issued.version();
                        notifyUsers(notices);
                        tellTheRest(issued.queued());
                        publish(broadcastId, "broadcast.version", null);
                        return new JsonObject().put("id", broadcastId.toString()).put("version", version);
                    });
            });
        });
    }

    /** A new version's number, and its queued telling when more people are left to tell after the commit. */
    private record Issued(int version, Long queued) {
    }

    /** How many people the transaction that sends a broadcast tells itself, and each later chunk tells. */
    static final int TELL_AT_ONCE = 100;

    /**
     * Queues telling everyone the broadcast reaches (a notification each; their email preferences decide whether
     * the email goes now, in a digest or not at all) and tells the first {@link #TELL_AT_ONCE} of them in the
     * transaction that sent it or its new version. Completes with the queued telling's id when more people are left
     * to tell after the commit ({@link #tellTheRest}), or null when everyone has been told.
     */
    private Future<Long> tellRecipients(SqlClient tx, UUID broadcastId, Notifications.Kind kind, String subject, String message,
                                        List<JsonObject> notices) {
        return tx.preparedQuery(BroadcastSql.QUEUE_TELLING).execute(Tuple.of(broadcastId, kind.wire(), subject, message))
            .compose(rows -> {
                long telling = rows.iterator().next().getLong("id");
                return tellNext(tx, telling, broadcastId, kind, subject, message, null, notices)
                    .map(more -> more ? telling : null);
            });
    }

    /** After the commit, the rest of a queued telling; a failure is left to the minute's check ({@link #tellQueued}). */
    private void tellTheRest(Long telling) {
        if (telling != null) {
            tellQueued(telling).onFailure(err -> LOG.warn("telling broadcast recipients stopped; the minute's check goes on", err));
        }
    }

    /**
     * Tells what is left of queued tellings, a chunk a transaction, each chunk's people told live as it commits:
     * the telling {@code only} asks for, or with null every one queued. A telling another transaction is working on
     * is left to it. Completes when there is none left to take.
     */
    public Future<Void> tellQueued(Long only) {
        List<JsonObject> notices = new ArrayList<>();
        return pool.withTransaction(tx -> tx.preparedQuery(BroadcastSql.NEXT_TELLING).execute(Tuple.of(only)).compose(rows -> {
                if (!rows.iterator().hasNext()) {
                    return Future.succeededFuture(false);
                }
                Row telling = rows.iterator().next();
                return tellNext(tx, telling.getLong("id"), telling.getUUID("broadcast_id"),
                    Notifications.Kind.fromWire(telling.getString("kind")), telling.getString("subject"), telling.getString("message"),
                    telling.getUUID("told_through"), notices).map(more -> true);
            }))
            .compose(took -> {
                notifyUsers(notices);
                return took ? tellQueued(only) : Future.<Void>succeededFuture();
            });
    }

    /**
     * Tells the next {@link #TELL_AT_ONCE} people after {@code after} (in id order) and moves the telling's cursor on;
     * true when more may be left, false when it is finished (and gone).
     */
    private Future<Boolean> tellNext(SqlClient tx, long telling, UUID broadcastId, Notifications.Kind kind, String subject,
                                     String message, UUID after, List<JsonObject> notices) {
        String href = "/broadcasts/" + broadcastId;
        return tx.preparedQuery(BroadcastSql.RECIPIENTS_AFTER).execute(Tuple.of(telling, after, TELL_AT_ONCE)).compose(rows -> {
            List<Notifications.Notice> toRecord = new ArrayList<>();
            UUID last = null;
            for (Row person : rows) {
                last = person.getUUID("id");
                notices.add(new JsonObject().put("type", "broadcast.notice").put("userId", person.getUUID("id").toString())
                    .put("title", subject).put("href", href));
                toRecord.add(new Notifications.Notice(person.getUUID("id"), kind, null, subject, message, href,
                    "broadcast:" + broadcastId, new Outbox.Message(person.getString("email"), subject, "Hello "
                        + person.getString("display_name") + ",\n\n" + message
                        + "\n\nRead it, acknowledge it and discuss it with your network: " + baseUrl + href + "\n", null, null, null)));
            }
            boolean more = rows.size() == TELL_AT_ONCE;
            UUID through = last;
            return Notifications.record(tx, toRecord)
                .compose(v -> more ? tx.preparedQuery(BroadcastSql.TOLD_THROUGH).execute(Tuple.of(telling, through))
                    : tx.preparedQuery(BroadcastSql.TELLING_DONE).execute(Tuple.of(telling)))
                .map(more);
        });
    }

    private void notifyUser(JsonObject notice) {
        vertx.eventBus().publish(AccountEvents.userAddress(UUID.fromString(notice.getString("userId"))), notice);
    }

    /** After a commit: the live notices, and each person's new unread count. */
    private void notifyUsers(List<JsonObject> notices) {
        notices.forEach(this::notifyUser);
        Notifications.announceTo(vertx, pool, notices.stream().map(n -> UUID.fromString(n.getString("userId"))).toList());
    }

    private void publish(UUID broadcastId, String type, UUID networkId) {
        vertx.eventBus().publish(BroadcastEvents.address(broadcastId), BroadcastEvents.changed(broadcastId, type, networkId));
    }

    // ---- reading ------------------------------------------------------------------------------------------

    /** Broadcasts the caller received (through any network) and sent (as a central team member). */
    public Future<JsonObject> list(SignedInUser actor) {
        return Future.all(pool.preparedQuery(BroadcastSql.RECEIVED).execute(Tuple.of(actor.id())),
                pool.preparedQuery(BroadcastSql.SENT).execute(Tuple.of(actor.id())),
                pool.preparedQuery(BroadcastSql.CENTRAL_NETWORKS).execute(Tuple.of(actor.id())))
            .map(all -> {
                JsonArray received = new JsonArray();
                all.<RowSet<Row>>resultAt(0).forEach(row -> received.add(listed(row).put("acknowledged", row.getBoolean("acknowledged"))));
                JsonArray sent = new JsonArray();
                all.<RowSet<Row>>resultAt(1).forEach(row -> sent.add(listed(row).put("targets", row.getLong("targets"))));
                JsonArray from = new JsonArray();
                all.<RowSet<Row>>resultAt(2).forEach(row -> from.add(new JsonObject().put("id", row.getUUID("id").toString())
                    .put("name", row.getString("name")).put("slug", row.getString("slug"))));
                return new JsonObject().put("received", received).put("sent", sent).put("canSendFrom", from);
            });
    }

    /** Open broadcasts to a network that the caller may read, for the network page; see {@link uk.nhs.hub.network.OpenBroadcasts}. */
    public Future<List<Map<String, Object>>> openTo(SignedInUser actor, UUID networkId, int limit) {
        return pool.preparedQuery(BroadcastSql.OPEN_TO_NETWORK).execute(Tuple.of(networkId, actor.id(), limit)).map(rows -> {
            List<Map<String, Object>> open = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> entry = new HashMap<>();
                entry.put("title", row.getString("title"));
                entry.put("href", "/broadcasts/" + row.getUUID("id"));
                entry.put("from", row.getString("network_name"));
                OffsetDateTime deadline = row.getOffsetDateTime("deadline");
                if (deadline != null) {
                    entry.put("deadline", DateTimeWords.timestamp(deadline.toInstant()));
                }
                open.add(entry);
            }
            return open;
        });
    }

    private static JsonObject listed(Row row) {
        OffsetDateTime deadline = row.getOffsetDateTime("deadline");
        return new JsonObject().put("id", row.getUUID("id").toString()).put("title", row.getString("title"))
            .put("from", row.getString("network_name")).put("createdAt", row.getOffsetDateTime("created_at").toString())
            .put("deadline", deadline == null ? null : deadline.toString()).put("version", row.getInteger("current_version"));
    }

    /** The broadcast with every version, and for a recipient their acknowledgement and their networks' responses. */
    public Future<JsonObject> get(SignedInUser actor, UUID broadcastId) {
        return seen(actor, broadcastId).compose(seen -> Future.all(
                pool.preparedQuery(BroadcastSql.VERSIONS).execute(Tuple.of(broadcastId)),
                pool.preparedQuery(BroadcastSql.TARGETS).execute(Tuple.of(broadcastId)),
                pool.preparedQuery(BroadcastSql.MY_ACK).execute(Tuple.of(broadcastId, actor.id())),
                myResponses(actor, seen))
            .map(all -> {
                Map<UUID, String> names = new HashMap<>();
                all.<RowSet<Row>>resultAt(1).forEach(row -> names.put(row.getUUID("network_id"), row.getString("name")));
                JsonArray versions = new JsonArray();
                for (Row row : all.<RowSet<Row>>resultAt(0)) {
                    JsonArray cited = new JsonArray();
                    for (UUID id : row.getArrayOfUUIDs("cited_networks")) {
                        cited.add(names.getOrDefault(id, "a network"));
                    }
                    versions.add(new JsonObject().put("version", row.getInteger("version")).put("title", row.getString("title"))
                        .put("body", row.getString("body")).put("bodyHtml", row.getString("body_html"))
                        .put("attachments", row.getValue("attachments")).put("changeSummary", row.getString("change_summary"))
                        .put("youSaid", row.getString("you_said")).put("citedNetworks", cited)
                        .put("createdAt", row.getOffsetDateTime("created_at").toString())
                        .put("createdBy", row.getString("created_by_name")));
                }
                JsonArray acknowledged = new JsonArray();
                all.<RowSet<Row>>resultAt(2).forEach(row -> acknowledged.add(row.getInteger("version")));
                return seen.broadcast().copy().put("versions", versions).put("targets", names.size())
                    .put("sender", seen.sender()).put("recipient", seen.recipient())
                    .put("acknowledgedVersions", acknowledged)
                    .put("acknowledged", acknowledged.contains(seen.version()))
                    .put("myNetworks", all.<JsonArray>resultAt(3));
            }));
    }

    /** For each of the caller's target networks: whether they may submit, and the response so far. */
    private Future<JsonArray> myResponses(SignedInUser actor, Seen seen) {
        List<Future<JsonObject>> each = new ArrayList<>();
        for (Row network : seen.myNetworks()) {
            UUID networkId = network.getUUID("network_id");
            JsonObject entry = new JsonObject().put("networkId", networkId.toString()).put("name", network.getString("name"))
                .put("slug", network.getString("slug")).put("canSubmit", maySubmit(seen, network));
            if ("network".equals(seen.mode())) {
                each.add(pool.preparedQuery(BroadcastSql.NETWORK_RESPONSE).execute(Tuple.of(seen.id(), seen.version(), networkId))
                    .compose(rows -> {
                        if (!rows.iterator().hasNext()) {
                            return Future.succeededFuture(entry.put("response", null));
                        }
                        Row response = rows.iterator().next();
                        return pool.preparedQuery(BroadcastSql.REVISIONS).execute(Tuple.of(response.getUUID("id"))).map(revisions -> {
                            JsonArray history = new JsonArray();
                            revisions.forEach(r -> history.add(new JsonObject().put("revision", r.getInteger("revision"))
                                .put("answers", r.getValue("answers")).put("submittedAt", r.getOffsetDateTime("submitted_at").toString())
                                .put("submittedBy", seen.anonymous() ? null : r.getString("submitted_by_name"))));
                            return entry.put("response", responseJson(response).put("revisions", history));
                        });
                    }));
            } else {
                each.add(Future.succeededFuture(entry));
            }
        }
        Future<JsonObject> individual = "individual".equals(seen.mode())
            ? pool.preparedQuery(BroadcastSql.HAS_RESPONDED).execute(Tuple.of(seen.id(), seen.version(), actor.id()))
                .compose(claimed -> pool.preparedQuery(BroadcastSql.MY_INDIVIDUAL_RESPONSE)
                    .execute(Tuple.of(seen.id(), seen.version(), actor.id())).map(rows -> new JsonObject()
                        .put("responded", claimed.iterator().hasNext())
                        .put("answers", rows.iterator().hasNext() ? rows.iterator().next().getValue("answers") : null)))
            : Future.succeededFuture(null);
        return Future.all(Future.all(each), individual).map(all -> {
            JsonArray result = new JsonArray();
            JsonObject mine = all.resultAt(1);
            for (Future<JsonObject> entry : each) {
                result.add(mine == null ? entry.result() : entry.result().put("myResponse", mine));
            }
            return result;
        });
    }

    private static boolean maySubmit(Seen seen, Row network) {
        if (!"network".equals(seen.mode())) {
            return true;
        }
        String title = seen.broadcast().getString("submitterRoleTitle");
        return "organiser".equals(network.getString("role")) || (title != null && network.getString("role_title") != null
            && title.equalsIgnoreCase(network.getString("role_title")));
    }

    private static JsonObject responseJson(Row row) {
        OffsetDateTime submitted = row.getOffsetDateTime("submitted_at");
        return new JsonObject().put("status", row.getString("status")).put("answers", row.getValue("answers"))
            .put("revision", row.getInteger("revision")).put("submittedAt", submitted == null ? null : submitted.toString())
            .put("updatedAt", row.getOffsetDateTime("updated_at").toString())
            .put("version", row.getInteger("lock_version")).put("savedBy", row.getString("updated_by_name"));
    }

    // ---- acknowledging and responding ---------------------------------------------------------------------

    /** Acknowledges the current version, for each target network the caller belongs to. */
    public Future<JsonObject> acknowledge(SignedInUser actor, UUID broadcastId) {
        return seen(actor, broadcastId).compose(seen -> {
            if (!seen.recipient()) {
                throw HubException.forbidden("Only members of the networks it was sent to acknowledge a broadcast");
            }
            return pool.preparedQuery(BroadcastSql.ACK).execute(Tuple.of(broadcastId, seen.version(), actor.id())).map(rows -> {
                rows.forEach(row -> publish(broadcastId, "broadcast.acknowledged", row.getUUID("network_id")));
                return new JsonObject().put("acknowledged", true).put("version", seen.version());
            });
        });
    }

    /**
     * Saves (as a draft, network mode only) or submits a response, checked against the form. In network mode the
     * network's one response row is locked, so concurrent submits become successive revisions of one response.
     */
    public Future<JsonObject> respond(SignedInUser actor, UUID broadcastId, JsonObject body) {
        return saveOrSubmit(actor, broadcastId, body).onSuccess(response -> {
            if ("submitted".equals(response.getString("status"))) {
                responses.increment();
            }
        });
    }

    private Future<JsonObject> saveOrSubmit(SignedInUser actor, UUID broadcastId, JsonObject body) {
        return seen(actor, broadcastId).compose(seen -> {
            if (seen.mode() == null) {
                throw HubException.conflict(null, "This broadcast does not ask for feedback");
            }
            if (!seen.recipient()) {
                throw HubException.forbidden("Only members of the networks it was sent to respond to a broadcast");
            }
            if (seen.deadline() != null && clock.instant().isAfter(seen.deadline())) {
                throw HubException.conflict(null, "The deadline for responses has passed");
            }
            Object submitValue = body.getValue("submit", true);
            if (!(submitValue instanceof Boolean submit)) {
                throw HubException.invalid("submit", "'submit' must be true or false");
            }
            Row network = chooseNetwork(seen, body.getValue("networkId"));
            UUID networkId = network.getUUID("network_id");
            JsonObject answers = seen.form().check(body.getValue("answers"), submit);
            Integer expected = StaleVersion.expected(body);
            if ("individual".equals(seen.mode())) {
                if (!submit) {
                    throw HubException.invalid("submit", "Individual responses are submitted in one go");
                }
                return pool.withTransaction(tx -> tx.preparedQuery(BroadcastSql.CLAIM_RESPONDER)
                    .execute(Tuple.of(broadcastId, seen.version(), actor.id()))
                    .compose(claimed -> {
                        if (!claimed.iterator().hasNext()) {
                            throw HubException.conflict(null, "You have already responded to this version");
                        }
                        return tx.preparedQuery(BroadcastSql.INSERT_INDIVIDUAL_RESPONSE).execute(Tuple.of(broadcastId,
                            seen.version(), networkId, seen.anonymous() ? null : actor.id(), answers));
                    }))
                    .map(v -> {
                        publish(broadcastId, "broadcast.responded", networkId);
                        return new JsonObject().put("networkId", networkId.toString()).put("status", "submitted")
                            .put("revision", 1).put("answers", answers);
                    });
            }
            if (submit && !maySubmit(seen, network)) {
                String title = seen.broadcast().getString("submitterRoleTitle");
                throw HubException.forbidden("Only an organiser" + (title == null ? "" : " or the " + title) + " of "
                    + network.getString("name") + " submits its response; save it as a draft for them");
            }
            return pool.withTransaction(tx -> tx.preparedQuery(BroadcastSql.OPEN_NETWORK_RESPONSE)
                .execute(Tuple.of(broadcastId, seen.version(), networkId))
                .compose(v -> tx.preparedQuery(BroadcastSql.LOCK_NETWORK_RESPONSE).execute(Tuple.of(broadcastId, seen.version(), networkId)))
                .compose(rows -> {
                    Row current = rows.iterator().next();
                    UUID responseId = current.getUUID("id");
                    int seenVersion = current.getInteger("lock_version");
                    if (expected != null && expected != seenVersion) {
                        throw staleResponse(current, networkId);
                    }
                    if (!submit && "submitted".equals(current.getString("status"))) {
                        throw HubException.conflict(null, "This network's response has been submitted; whoever submits it can submit a change");
                    }
                    int revision = current.getInteger("revision") + (submit ? 1 : 0);
                    UUID responder = seen.anonymous() ? null : actor.id();
                    Future<Row> saved = tx.preparedQuery(BroadcastSql.SAVE_NETWORK_RESPONSE)
                        .execute(Tuple.of(responseId, answers, submit ? "submitted" : "draft", revision, responder, seenVersion))
                        .map(updated -> {
                            if (!updated.iterator().hasNext()) {
                                throw staleResponse(current, networkId);
                            }
                            return updated.iterator().next();
                        });
                    if (submit) {
                        saved = saved.compose(row -> tx.preparedQuery(BroadcastSql.SAVE_REVISION)
                            .execute(Tuple.of(responseId, revision, answers, responder)).map(row));
                    }
                    return saved.map(row -> new JsonObject().put("networkId", networkId.toString())
                        .put("status", submit ? "submitted" : "draft").put("revision", revision).put("answers", answers)
                        .put("version", row.getInteger("lock_version"))
                        .put("savedBy", seen.anonymous() ? null : actor.displayName())
                        .put("savedAt", row.getOffsetDateTime("updated_at").toString()));
                }))
                .onSuccess(result -> {
                    if (submit) {
                        publish(broadcastId, "broadcast.responded", networkId);
                    }
                    NetworkEvents.publish(vertx, BroadcastEvents.responseSaved(broadcastId, networkId, result));
                });
        });
    }

    /** The refusal of a save made against an older version of the network's response, with what is stored now. */
    private static StaleVersion staleResponse(Row current, UUID networkId) {
        return new StaleVersion(current.getString("updated_by_name"), current.getOffsetDateTime("updated_at").toInstant(),
            responseJson(current).put("networkId", networkId.toString()));
    }

    private static Row chooseNetwork(Seen seen, Object value) {
        if (value == null) {
            if (seen.myNetworks().size() == 1) {
                return seen.myNetworks().get(0);
            }
            throw HubException.invalid("networkId", "Choose which of your networks you are responding for");
        }
        UUID networkId = id(value, "networkId", "Choose which of your networks you are responding for");
        return seen.myNetworks().stream().filter(row -> row.getUUID("network_id").equals(networkId)).findFirst()
            .orElseThrow(() -> HubException.invalid("networkId", "You can respond only for networks the broadcast was sent to"));
    }

    // ---- the centre's view --------------------------------------------------------------------------------

    /** Rates, aggregates, free text, flags and the overdue list for the current version (sending team only). */
    public Future<JsonObject> summary(SignedInUser actor, UUID broadcastId) {
        return asSender(actor, broadcastId).compose(this::summaryOf).map(Computed::summary);
    }

    /** The summary as CSV, with the same suppression. */
    public Future<String> summaryCsv(SignedInUser actor, UUID broadcastId) {
        return asSender(actor, broadcastId).compose(this::summaryOf)
            .map(computed -> BroadcastSummary.csv(computed.summary(), computed.form(), computed.byNetwork()));
    }

    record Computed(JsonObject summary, FeedbackForm form, Map<UUID, List<BroadcastSummary.Response>> byNetwork) {
    }

    private Future<Computed> summaryOf(Seen seen) {
        return Future.all(pool.preparedQuery(BroadcastSql.TARGETS).execute(Tuple.of(seen.id())),
                pool.preparedQuery(BroadcastSql.ACK_COUNTS).execute(Tuple.of(seen.id(), seen.version())),
                pool.preparedQuery(BroadcastSql.SUBMITTED).execute(Tuple.of(seen.id(), seen.version())))
            .map(all -> {
                List<BroadcastSummary.Target> targets = new ArrayList<>();
                all.<RowSet<Row>>resultAt(0).forEach(row -> targets.add(new BroadcastSummary.Target(row.getUUID("network_id"),
                    row.getString("name"), row.getString("slug"), row.getInteger("depth"))));
                Map<UUID, Integer> acks = new HashMap<>();
                Map<UUID, Instant> firstAcks = new HashMap<>();
                all.<RowSet<Row>>resultAt(1).forEach(row -> {
                    acks.put(row.getUUID("network_id"), row.getLong("acks").intValue());
                    firstAcks.put(row.getUUID("network_id"), row.getOffsetDateTime("first_acked_at").toInstant());
                });
                List<BroadcastSummary.Response> responses = new ArrayList<>();
                Map<UUID, List<BroadcastSummary.Response>> byNetwork = new HashMap<>();
                all.<RowSet<Row>>resultAt(2).forEach(row -> {
                    OffsetDateTime submitted = row.getOffsetDateTime("submitted_at");
                    BroadcastSummary.Response response = new BroadcastSummary.Response(row.getUUID("network_id"),
                        (JsonObject) row.getValue("answers"), submitted == null ? null : submitted.toInstant());
                    responses.add(response);
                    byNetwork.computeIfAbsent(response.networkId(), id -> new ArrayList<>()).add(response);
                });
                Instant now = clock.instant();
                JsonObject summary = BroadcastSummary.compute(targets, acks, responses, seen.form(), seen.anonymous(), seen.mode(),
                    seen.deadline(), now)
                    .put("timeline", BroadcastSummary.timeline(targets, firstAcks, responses, seen.mode() != null,
                        OffsetDateTime.parse(seen.broadcast().getString("createdAt")).toInstant(), now)).put("broadcastId", seen.id().toString()).put("version", seen.version())
                    .put("title", seen.broadcast().getString("title"));
                return new Computed(summary, seen.form(), byNetwork);
            });
    }

    /** Reminds the organisers of every overdue network, by email and on their open pages. */
    public Future<JsonObject> chase(SignedInUser actor, UUID broadcastId) {
        return asSender(actor, broadcastId).compose(this::summaryOf).compose(computed -> {
            JsonArray overdue = computed.summary().getJsonArray("overdue");
            if (overdue.isEmpty()) {
                return Future.succeededFuture(new JsonObject().put("chased", new JsonArray()));
            }
            UUID[] ids = overdue.stream().map(o -> UUID.fromString(((JsonObject) o).getString("networkId"))).toArray(UUID[]::new);
            String title = computed.summary().getString("title");
            String href = "/broadcasts/" + broadcastId;
            List<JsonObject> notices = new ArrayList<>();
            return pool.withTransaction(tx -> tx.preparedQuery(BroadcastSql.ORGANISERS_OF).execute(Tuple.of(ids)).compose(rows -> {
                    List<Notifications.Notice> toRecord = new ArrayList<>();
                    for (Row organiser : rows) {
                        String reminder = "Reminder: " + organiser.getString("network_name") + " has not yet responded to \"" + title + "\"";
                        notices.add(new JsonObject().put("type", "broadcast.notice").put("userId", organiser.getUUID("id").toString())
                            .put("title", reminder).put("href", href));
                        String waiting = actor.displayName() + " from the central team is waiting for "
                            + organiser.getString("network_name") + " to acknowledge" + (computed.summary().getString("mode") == null
                            ? "" : " and respond to") + " \"" + title + "\", which was due by "
                            + DateTimeWords.timestamp(computed.summary().getString("deadline")) + ".";
                        toRecord.add(new Notifications.Notice(organiser.getUUID("id"), Notifications.Kind.RESPONSE_CHASE, null,
                            reminder, waiting, href, "broadcast:" + broadcastId, new Outbox.Message(organiser.getString("email"),
                                "Reminder: " + title, "Hello " + organiser.getString("display_name") + ",\n\n" + waiting
                                + "\n\n" + baseUrl + href + "\n", null, null, null)));
                    }
                    return Notifications.record(tx, toRecord);
                }))
                .map(v -> {
                    notifyUsers(notices);
                    JsonArray chased = new JsonArray();
                    overdue.forEach(o -> chased.add(((JsonObject) o).getString("name")));
                    return new JsonObject().put("chased", chased);
                });
        });
    }

    /** The discussion of the broadcast in one of the caller's target networks, opened on first use. */
    public Future<UUID> discussion(SignedInUser actor, UUID broadcastId, UUID networkId) {
        return seen(actor, broadcastId).compose(seen -> {
            if (seen.myNetworks().stream().noneMatch(row -> row.getUUID("network_id").equals(networkId)) && !seen.sender()) {
                throw HubException.notFound("This broadcast was not sent to that network");
            }
            return pool.preparedQuery(BroadcastSql.TARGETS).execute(Tuple.of(broadcastId)).compose(targets -> {
                boolean target = false;
                for (Row row : targets) {
                    target |= row.getUUID("network_id").equals(networkId);
                }
                if (!target) {
                    throw HubException.notFound("This broadcast was not sent to that network");
                }
                return discussions.broadcastThread(actor, networkId, broadcastId, "Broadcast: " + seen.broadcast().getString("title"));
            });
        });
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    private static JsonObject broadcastJson(Row row) {
        OffsetDateTime deadline = row.getOffsetDateTime("deadline");
        UUID creator = row.getUUID("created_by");
        return new JsonObject().put("id", row.getUUID("id").toString()).put("title", row.getString("title"))
            .put("attachments", row.getValue("attachments"))
            .put("network", new JsonObject().put("id", row.getUUID("network_id").toString()).put("name", row.getString("network_name"))
                .put("slug", row.getString("network_slug")))
            .put("createdBy", new JsonObject().put("id", creator == null ? null : creator.toString())
                .put("displayName", row.getString("created_by_name")))
            .put("createdAt", row.getOffsetDateTime("created_at").toString())
            .put("deadline", deadline == null ? null : deadline.toString())
            .put("feedbackMode", row.getString("feedback_mode")).put("anonymous", row.getBoolean("anonymous"))
            .put("submitterRoleTitle", row.getString("submitter_role_title"))
            .put("questions", row.getValue("questions")).put("currentVersion", row.getInteger("current_version"));
    }

    private static UUID id(Object value, String field, String message) {
        try {
            return UUID.fromString(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw HubException.invalid(field, message);
        }
    }

    private static String title(Object value) {
        if (!(value instanceof String title) || title.isBlank()) {
            throw HubException.invalid("title", "Enter a title for the broadcast");
        }
        if (title.strip().length() > 200) {
            throw HubException.invalid("title", "The title must be 200 characters or fewer");
        }
        return title.strip();
    }

    private String text(Object value) {
        return SafeMarkdown.written(value, maxCharacters, "body", "Enter the guidance", "The guidance");
    }

    private static JsonArray attachments(Object value) {
        JsonArray checked = new JsonArray();
        if (value == null) {
            return checked;
        }
        if (!(value instanceof JsonArray array) || array.size() > 20) {
            throw HubException.invalid("attachments", "Attachments are a list of up to 20 links, each {title, url}");
        }
        for (Object o : array) {
            if (!(o instanceof JsonObject link) || !(link.getValue("title") instanceof String title) || title.isBlank()
                    || !(link.getValue("url") instanceof String url) || !WebAddresses.isWebAddress(url)) {
                throw HubException.invalid("attachments", "Each attachment needs a title and a web address starting https://");
            }
            checked.add(new JsonObject().put("title", title.strip()).put("url", url.strip()));
        }
        return checked;
    }

    /** A deadline as a date-time with offset, or a date (the end of that day in London); it must be in the future. */
    private Instant deadline(Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        Instant deadline;
        try {
            String text = String.valueOf(value).strip();
            deadline = text.length() == 10 ? LocalDate.parse(text).atTime(23, 59).atZone(LONDON).toInstant()
                : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw HubException.invalid("deadline", "Enter the deadline as a date like 2027-01-31");
        }
        if (!deadline.isAfter(clock.instant())) {
            throw HubException.invalid("deadline", "The deadline must be in the future");
        }
        return SupportedDates.require(deadline, "deadline");
    }
}
