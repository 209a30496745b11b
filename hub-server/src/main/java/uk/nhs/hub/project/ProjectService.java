package uk.nhs.hub.project;

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
import uk.nhs.hub.document.AttachedPapers;
import uk.nhs.hub.document.LibraryChoices;
import uk.nhs.hub.network.NetworkAccess;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.Outbox;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.SafeMarkdown;
import uk.nhs.hub.platform.SecretTokens;
import uk.nhs.hub.platform.StaleVersion;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Projects: validate, load, check who may see or change it, change it in one transaction, then tell open
 * pages. Who may see a project: full members of its network, organisers and central teams above it, and its
 * team (by account or by the email address their account has). Who may change it: the network's organisers
 * and the team; the team itself, and the checklists' wording, only organisers. Anyone else is told it does not
 * exist.
 */
public final class ProjectService {

    static final Set<String> STATUSES = Set.of("proposed", "active", "paused", "closed");
    static final Set<String> STAGE_STATUSES = Set.of("not-started", "in-progress", "done", "not-applicable");
    static final Set<String> OUTCOMES = Set.of("pending", "approved", "deferred", "rejected");
    private static final Pattern PERIOD = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");
    private static final int TITLE_MAX = 200;
    private static final int TEXT_MAX = 2000;
    private static final int LONG_MAX = 20_000;
    private static final int LIST_MAX = 30;
    private static final String NOT_FOUND = "Project not found";

    private final Vertx vertx;
    private final Pool pool;
    private final NetworkService networks;
    private final String baseUrl;
    private final EventBusBridge bridge;

    ProjectService(Vertx vertx, Pool pool, NetworkService networks, String baseUrl, EventBusBridge bridge) {
        this.bridge = bridge;
        this.vertx = vertx;
        this.pool = pool;
        this.networks = networks;
        this.baseUrl = baseUrl;
    }

    /** A project as one person finds it, with what they may do to it. */
    record Seen(Row project, NetworkAccess access, boolean onTeam) {
        UUID id() {
            return project.getUUID("id");
        }

        boolean mayEdit() {
            return access.isOrganiser() || onTeam;
        }

        boolean mayOrganise() {
            return access.isOrganiser();
        }

        Seen requireEdit() {
            if (!mayEdit()) {
                throw HubException.forbidden("Only the network's organisers and the project team can change this project");
            }
            return this;
        }

        Seen requireOrganiser() {
            if (!mayOrganise()) {
                throw HubException.forbidden("Only an organiser of the network can do this");
            }
            return this;
        }
    }

    private static final String INVITATION_NOT_FOUND =
        "This link is not recognised. It may have been used already, or be for another email address: sign in with the"
        + " address it was sent to";

    private static boolean fullMember(NetworkAccess access) {
        return access.ownRole() != null && access.ownRole().isFullMember() || access.managesAncestor();
    }

    /** The project if this person may see it; 404 otherwise. */
    Future<Seen> seen(UUID userId, UUID projectId) {
        return pool.preparedQuery(ProjectSql.PROJECT).execute(Tuple.of(projectId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(HubException.notFound(NOT_FOUND));
            }
            Row project = rows.iterator().next();
            return networks.access(project.getUUID("network_id"), userId).compose(access ->
                pool.preparedQuery(ProjectSql.ON_TEAM).execute(Tuple.of(projectId, userId)).map(team -> {
                    boolean onTeam = team.iterator().next().getBoolean("on_team");
                    if (!onTeam && !fullMember(access)) {
                        throw HubException.notFound(NOT_FOUND);
                    }
                    return new Seen(project, access, onTeam);
                }));
        });
    }

    /** For the live bridge: whether this person may hear about this project now. */
    Future<Boolean> mayWatch(UUID userId, UUID projectId) {
        return seen(userId, projectId).map(true).otherwise(false);
    }

    // ---- projects -----------------------------------------------------------------------------------------

    Future<JsonObject> create(SignedInUser actor, UUID networkId, JsonObject body) {
        String title;
        String summary;
        List<String> aims;
        try {
            title = required(body, "title", TITLE_MAX, "Enter the project's title");
            summary = optional(body, "summary", LONG_MAX, "");
            aims = list(body, "aims");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return networks.access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            return pool.withTransaction(tx -> tx.preparedQuery(ProjectSql.INSERT_PROJECT)
                .execute(Tuple.of(networkId, title, summary, aims.toArray(String[]::new), actor.id()))
                .compose(rows -> {
                    UUID id = rows.iterator().next().getUUID("id");
                    List<String> keys = new ArrayList<>();
                    List<Integer> positions = new ArrayList<>();
                    List<String> texts = new ArrayList<>();
                    for (Stages.Stage stage : Stages.ALL) {
                        for (int i = 0; i < stage.checklist().size(); i++) {
                            keys.add(stage.key());
                            positions.add(i + 1);
                            texts.add(stage.checklist().get(i));
                        }
                    }
                    return tx.preparedQuery(ProjectSql.INSERT_STAGES)
                        .execute(Tuple.of(id, (Object) Stages.keys().toArray(String[]::new)))
                        .compose(v -> tx.preparedQuery(ProjectSql.INSERT_DEFAULT_ITEMS).execute(Tuple.of(id,
                            keys.toArray(String[]::new), positions.toArray(Integer[]::new), texts.toArray(String[]::new))))
                        .map(id);
                }))
                .compose(id -> get(actor, id));
        });
    }

    Future<JsonObject> list(SignedInUser actor, UUID networkId) {
        return networks.access(networkId, actor.id()).compose(access -> {
            boolean member = access.canSee() && fullMember(access);
            return pool.preparedQuery(ProjectSql.NETWORK_PROJECTS).execute(Tuple.of(networkId, member, actor.id()))
                .map(rows -> {
                    if (!member && rows.size() == 0) {
                        throw HubException.notFound("Network not found");
                    }
                    JsonArray projects = new JsonArray();
                    for (Row row : rows) {
                        String latest = row.getString("latest_period");
                        projects.add(new JsonObject().put("id", row.getUUID("id").toString())
                            .put("title", row.getString("title")).put("summary", row.getString("summary"))
                            .put("status", row.getString("status")).put("currentStage", row.getString("current_stage"))
                            .put("latestUpdatePeriod", latest)
                            .put("updatedAt", row.getOffsetDateTime("updated_at").toString()));
                    }
                    return new JsonObject().put("networkId", networkId.toString()).put("projects", projects)
                        .put("mayCreate", access.isOrganiser());
                });
        });
    }

    Future<JsonObject> get(SignedInUser actor, UUID projectId) {
        return seen(actor.id(), projectId).compose(seen -> describe(actor, seen));
    }

    Future<JsonObject> describe(SignedInUser actor, Seen seen) {
        UUID id = seen.id();
        Tuple one = Tuple.of(id);
        Future<RowSet<Row>> stages = pool.preparedQuery(ProjectSql.STAGES).execute(one);
        Future<RowSet<Row>> items = pool.preparedQuery(ProjectSql.ITEMS).execute(one);
        Future<RowSet<Row>> team = pool.preparedQuery(ProjectSql.TEAM).execute(one);
        Future<RowSet<Row>> updates = pool.preparedQuery(ProjectSql.UPDATES).execute(one);
        Future<RowSet<Row>> hearings = pool.preparedQuery(ProjectSql.HEARINGS).execute(one);
        Future<RowSet<Row>> decisions = pool.preparedQuery(ProjectSql.DECISIONS).execute(one);
        Future<RowSet<Row>> following = pool.preparedQuery(ProjectSql.FOLLOWING).execute(Tuple.of(id, actor.id()));
        return Future.all(List.of(stages, items, team, updates, hearings, decisions, following)).map(all -> {
            Row p = seen.project();
            JsonObject project = new JsonObject().put("id", id.toString())
                .put("networkId", p.getUUID("network_id").toString())
                .put("networkName", seen.access().network().name())
                .put("networkSlug", seen.access().network().slug())
                .put("title", p.getString("title")).put("summary", p.getString("summary"))
                .put("aims", new JsonArray(List.of(p.getArrayOfStrings("aims"))))
                .put("status", p.getString("status")).put("outcome", p.getString("outcome"))
                .put("currentStage", p.getString("current_stage")).put("version", p.getInteger("version"))
                .put("activity", p.getLong("activity"))
                .put("updatedAt", p.getOffsetDateTime("updated_at").toString())
                .put("updatedBy", p.getString("updated_by_name"))
                .put("following", following.result().iterator().next().getBoolean("following"))
                .put("permissions", new JsonObject().put("edit", seen.mayEdit()).put("organise", seen.mayOrganise()));
            JsonArray stageList = new JsonArray();
            for (Row row : stages.result()) {
                JsonArray checklist = new JsonArray();
                for (Row item : items.result()) {
                    if (item.getString("stage_key").equals(row.getString("key"))) {
                        checklist.add(item(item));
                    }
                }
                stageList.add(new JsonObject().put("key", row.getString("key"))
                    .put("title", Stages.byKey(row.getString("key")).title()).put("status", row.getString("status"))
                    .put("notes", row.getString("notes")).put("checklist", checklist));
            }
            project.put("stages", stageList);
            JsonArray members = new JsonArray();
            for (Row row : team.result()) {
                UUID account = row.getUUID("account_id");
                members.add(new JsonObject().put("id", row.getUUID("id").toString())
                    .put("accountId", account == null ? null : account.toString())
                    .put("displayName", row.getString("display_name"))
                    .put("email", seen.mayOrganise() ? row.getString("email") : null)
                    .put("roleTitle", row.getString("role_title")).put("registered", account != null));
            }
            project.put("team", members);
            JsonArray updateList = new JsonArray();
            for (Row row : updates.result()) {
                updateList.add(update(row));
            }
            project.put("updates", updateList);
            JsonArray hearingList = new JsonArray();
            for (Row row : hearings.result()) {
                hearingList.add(hearing(row));
            }
            project.put("hearings", hearingList);
            JsonArray decisionList = new JsonArray();
            for (Row row : decisions.result()) {
                decisionList.add(decision(row));
            }
            project.put("decisions", decisionList);
            return project;
        });
    }

    Future<JsonObject> update(SignedInUser actor, UUID projectId, JsonObject body) {
        Integer expected;
        String newTitle;
        String newSummary;
        List<String> newAims;
        String newStatus;
        String newOutcome;
        String newStage;
        try {
            expected = StaleVersion.expected(body);
            // a field left out or sent as null keeps what is stored
            newTitle = body.getValue("title") == null ? null : required(body, "title", TITLE_MAX, "Enter the project's title");
            newSummary = optional(body, "summary", LONG_MAX, null);
            newAims = body.getValue("aims") == null ? null : list(body, "aims");
            newStatus = oneOf(body, "status", STATUSES, null, "Status must be proposed, active, paused or closed");
            newOutcome = blankToNull(optional(body, "outcome", TEXT_MAX, null));
            newStage = optional(body, "currentStage", 40, null);
            if (newStage != null && Stages.byKey(newStage) == null) {
                throw HubException.invalid("currentStage", "Choose one of the eight stages");
            }
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> {
            seen.requireEdit();
            Row p = seen.project();
            String title = newTitle != null ? newTitle : p.getString("title");
            String summary = newSummary != null ? newSummary : p.getString("summary");
            List<String> aims = newAims != null ? newAims : List.of(p.getArrayOfStrings("aims"));
            String status = newStatus != null ? newStatus : p.getString("status");
            boolean closed = "closed".equals(status);
            String outcome = closed ? (newOutcome != null ? newOutcome : p.getString("outcome")) : null;
            if (closed && outcome == null) {
                throw HubException.invalid("outcome", "Say what the outcome was when you close a project");
            }
            if (!closed && newOutcome != null) {
                throw HubException.invalid("outcome", "Only a closed project has an outcome");
            }
            String stage = newStage != null ? newStage : p.getString("current_stage");
            return change(actor, seen, expected, ProjectEvents.CHANGED, tx -> tx.preparedQuery(ProjectSql.UPDATE_PROJECT)
                .execute(Tuple.of(projectId, title, summary, aims.toArray(String[]::new), status, outcome, stage))
                .mapEmpty());
        });
    }

    /**
     * Runs {@code work} in a transaction after checking the project has not changed since {@code expected}
     * (when given), raises its version and activity, then publishes {@code event}; completes with the project.
     */
    Future<JsonObject> change(SignedInUser actor, Seen seen, Integer expected, String event,
                              java.util.function.Function<SqlClient, Future<Void>> work) {
        return change(actor, seen, expected, event, work, List.of());
    }

    /**
     * {@link #change}, cutting off the live connections of {@code cutOff} (filled in by {@code work}) once the
     * change commits and before it is published, so that someone taken off the team hears nothing more.
     */
    private Future<JsonObject> change(SignedInUser actor, Seen seen, Integer expected, String event,
                                      java.util.function.Function<SqlClient, Future<Void>> work, List<UUID> cutOff) {
        UUID id = seen.id();
        return pool.withTransaction(tx -> tx.preparedQuery(ProjectSql.LOCK_PROJECT).execute(Tuple.of(id))
                .compose(rows -> {
                    int version = rows.iterator().next().getInteger("version");
                    if (expected != null && expected != version) {
                        return Future.failedFuture(new StaleVersionPending());
                    }
                    return work.apply(tx);
                })
                .compose(v -> tx.preparedQuery(ProjectSql.TOUCH_PROJECT).execute(Tuple.of(id, actor.id())).<Void>mapEmpty()))
            .recover(err -> err instanceof StaleVersionPending ? stale(actor, id) : Future.<Void>failedFuture(err))
            .onSuccess(v -> cutOff.forEach(userId -> bridge.revoke(userId.toString())))
            .compose(v -> seen(actor.id(), id))
            .compose(fresh -> describe(actor, fresh))
            .onSuccess(project -> publish(event, id, project.getLong("activity")));
    }

    /** Marks a stale save inside the transaction; the 409 itself is built after it rolls back. */
    private static final class StaleVersionPending extends RuntimeException {
        StaleVersionPending() {
            super(null, null, false, false);
        }
    }

    private Future<Void> stale(SignedInUser actor, UUID id) {
        return seen(actor.id(), id).compose(current -> describe(actor, current)).compose(current -> Future.failedFuture(
            new StaleVersion(current.getString("updatedBy"), OffsetDateTime.parse(current.getString("updatedAt")).toInstant(),
                current)));
    }

    private void publish(String type, UUID projectId, long activity) {
        vertx.eventBus().publish(ProjectEvents.address(projectId), ProjectEvents.event(type, projectId, activity));
    }

    // ---- stages and checklists ----------------------------------------------------------------------------

    Future<JsonObject> changeStage(SignedInUser actor, UUID projectId, String key, JsonObject body) {
        Integer expected;
        String status;
        String notes;
        try {
            stage(key);
            expected = StaleVersion.expected(body);
            status = oneOf(body, "status", STAGE_STATUSES, null, "Status must be not-started, in-progress, done or not-applicable");
            notes = optional(body, "notes", LONG_MAX, null);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> change(actor, seen.requireEdit(), expected,
            ProjectEvents.STAGE_CHANGED, tx -> tx.preparedQuery(ProjectSql.UPDATE_STAGE)
                .execute(Tuple.of(projectId, key, status, notes)).mapEmpty()));
    }

    Future<JsonObject> addItem(SignedInUser actor, UUID projectId, String key, JsonObject body) {
        String text;
        try {
            stage(key);
            text = required(body, "text", TEXT_MAX, "Enter the checklist item");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> change(actor, seen.requireOrganiser(), null,
            ProjectEvents.STAGE_CHANGED, tx -> tx.preparedQuery(ProjectSql.ADD_ITEM).execute(Tuple.of(projectId, key, text))
                .mapEmpty()));
    }

    Future<JsonObject> editItem(SignedInUser actor, UUID projectId, String key, UUID itemId, JsonObject body) {
        String text;
        try {
            stage(key);
            text = required(body, "text", TEXT_MAX, "Enter the checklist item");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> change(actor, seen.requireOrganiser(), null,
            ProjectEvents.STAGE_CHANGED, tx -> tx.preparedQuery(ProjectSql.EDIT_ITEM)
                .execute(Tuple.of(projectId, key, itemId, text)).compose(ProjectService::found)));
    }

    Future<JsonObject> tickItem(SignedInUser actor, UUID projectId, String key, UUID itemId, JsonObject body) {
        Boolean done;
        try {
            stage(key);
            done = JsonBodies.bool(body, "done");
            if (done == null) {
                throw HubException.invalid("done", "Say whether the item is done: true or false");
            }
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> change(actor, seen.requireEdit(), null,
            ProjectEvents.STAGE_CHANGED, tx -> tx.preparedQuery(ProjectSql.TICK_ITEM)
                .execute(Tuple.of(projectId, key, itemId, done, actor.id())).compose(ProjectService::found)));
    }

    Future<JsonObject> removeItem(SignedInUser actor, UUID projectId, String key, UUID itemId) {
        try {
            stage(key);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> change(actor, seen.requireOrganiser(), null,
            ProjectEvents.STAGE_CHANGED, tx -> tx.preparedQuery(ProjectSql.REMOVE_ITEM)
                .execute(Tuple.of(projectId, key, itemId))
                .compose(rows -> rows.rowCount() == 0 ? Future.<Void>failedFuture(HubException.notFound("Checklist item not found"))
                    : Future.<Void>succeededFuture())));
    }

    private static Future<Void> found(RowSet<Row> rows) {
        return rows.size() == 0 ? Future.failedFuture(HubException.notFound("Not found")) : Future.succeededFuture();
    }

    private static Stages.Stage stage(String key) {
        Stages.Stage stage = Stages.byKey(key);
        if (stage == null) {
            throw HubException.notFound("There is no stage called " + (key.length() > 40 ? "that" : key));
        }
        return stage;
    }

    // ---- team ---------------------------------------------------------------------------------------------

    Future<JsonObject> addTeamMember(SignedInUser actor, UUID projectId, JsonObject body, RequestOrigin origin) {
        UUID accountId;
        String email;
        String roleTitle;
        try {
            accountId = JsonBodies.id(body, "accountId");
            String given = optional(body, "email", 254, null);
            email = given == null ? null : EmailAddresses.normalise(given);
            if (email != null && !EmailAddresses.isValid(email)) {
                throw HubException.invalid("email", EmailAddresses.FORMAT_MESSAGE);
            }
            if ((accountId == null) == (email == null)) {
                throw HubException.invalid("email", "Choose a person by their account or enter their email address");
            }
            roleTitle = required(body, "roleTitle", 100, "Enter their role in the project, such as Project manager");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> {
            seen.requireOrganiser();
            Future<RowSet<Row>> account = accountId != null
                ? pool.preparedQuery(ProjectSql.ACCOUNT_BY_ID).execute(Tuple.of(accountId))
                : pool.preparedQuery(ProjectSql.ACCOUNT_BY_EMAIL).execute(Tuple.of(email));
            return account.compose(rows -> {
                if (accountId != null && rows.size() == 0) {
                    return Future.failedFuture(HubException.invalid("accountId", "There is no account with this id"));
                }
                Row person = rows.size() == 0 ? null : rows.iterator().next();
                List<Notifications.Stored> told = new ArrayList<>();
                // someone without an account yet joins through a link sent to the address, proving it is theirs
                String invite = person == null ? SecretTokens.newToken() : null;
                return change(actor, seen, null, ProjectEvents.CHANGED, tx -> tx.preparedQuery(ProjectSql.ADD_TEAM)
                    .execute(Tuple.from(java.util.Arrays.asList(projectId, person == null ? null : person.getUUID("id"),
                        person == null ? email : null, roleTitle, actor.id(), invite == null ? null : SecretTokens.hash(invite))))
                    .recover(err -> Future.<RowSet<Row>>failedFuture(err instanceof io.vertx.pgclient.PgException pg
                        && "23505".equals(pg.getSqlState())
                        ? HubException.conflict("email", "This person is already on the project team") : err))
                    .compose(v -> audit(tx, actor, origin, "project.team.added",
                        person == null ? email : person.getUUID("id").toString(), projectId, roleTitle))
                    .compose(v -> tellTeamMember(tx, actor, seen, person, email, roleTitle, invite))
                    .map(stored -> {
                        told.addAll(stored);
                        return null;
                    }))
                    .compose(project -> Notifications.announce(vertx, pool, told).map(project));
            });
        });
    }

    /** Who may see a project changes with its team, so each change is audited with the change itself. */
    private static Future<Void> audit(SqlClient tx, SignedInUser actor, RequestOrigin origin, String action, String subject,
                                      UUID projectId, String roleTitle) {
        return AuditLog.record(tx, new AuditLog.Entry(actor.id(), action, subject, origin.remoteAddress(), origin.requestId(),
            new JsonObject().put("projectId", projectId.toString()).put("roleTitle", roleTitle)));
    }

    private Future<List<Notifications.Stored>> tellTeamMember(SqlClient tx, SignedInUser actor, Seen seen, Row person,
                                                             String email, String roleTitle, String invite) {
        String title = seen.project().getString("title");
        String href = "/projects/" + seen.id();
        String subject = "You are on the team of " + title;
        String said = actor.displayName() + " has added you to the team of the project " + title + " in "
            + seen.access().network().name() + " on the Network hub, as " + roleTitle + ".";
        if (person == null) {
            return Outbox.enqueue(tx, email, subject, said + "\n\nOpen this link to join the team. You will be asked to"
                    + " sign in, or to create an account with this email address first:\n" + baseUrl + "/project-invitations/"
                    + invite + "\n")
                .map(List.of());
        }
        Outbox.Message message = new Outbox.Message(person.getString("email"), subject,
            said + "\n\nSee the project: " + baseUrl + href + "\n", null, null, null);
        return Notifications.record(tx, List.of(new Notifications.Notice(person.getUUID("id"), Notifications.Kind.PROJECT_TEAM,
            seen.project().getUUID("network_id"), subject, said, href, "project:" + seen.id(), message)));
    }

    /**
     * Uses the link emailed to someone added to a team by address: signed in with an account of that address, the
     * place becomes theirs and the address is proven. Returns the project's id. Any other account, or a used or
     * unknown link, gets the same 404.
     */
    Future<UUID> joinByInvitation(SignedInUser actor, String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Future.failedFuture(HubException.notFound(INVITATION_NOT_FOUND));
        }
        return pool.withTransaction(tx -> tx.preparedQuery(ProjectSql.INVITED_PLACE).execute(Tuple.of(SecretTokens.hash(token)))
            .compose(rows -> {
                Row place = rows.size() == 0 ? null : rows.iterator().next();
                if (place == null || !EmailAddresses.normalise(actor.email()).equals(place.getString("email"))) {
                    return Future.failedFuture(HubException.notFound(INVITATION_NOT_FOUND));
                }
                UUID projectId = place.getUUID("project_id");
                return tx.preparedQuery(ProjectSql.CLAIM_PLACE).execute(Tuple.of(place.getUUID("id"), actor.id(), projectId))
                    .compose(claimed -> claimed.rowCount() == 1 ? Future.succeededFuture()
                        : tx.preparedQuery(ProjectSql.DROP_PLACE).execute(Tuple.of(place.getUUID("id"))).mapEmpty())
                    .compose(v -> tx.preparedQuery(ProjectSql.MARK_EMAIL_PROVEN).execute(Tuple.of(actor.id(), place.getString("email"))))
                    .map(projectId);
            }));
    }

    Future<JsonObject> removeTeamMember(SignedInUser actor, UUID projectId, UUID memberId, RequestOrigin origin) {
        List<UUID> cutOff = new ArrayList<>();
        return seen(actor.id(), projectId).compose(seen -> change(actor, seen.requireOrganiser(), null, ProjectEvents.CHANGED,
            tx -> tx.preparedQuery(ProjectSql.REMOVE_TEAM).execute(Tuple.of(projectId, memberId))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.<Void>failedFuture(HubException.notFound("Team member not found"));
                    }
                    // they may still see the project as a network member; the bridge asks again when they reconnect
                    Row removed = rows.iterator().next();
                    UUID account = removed.getUUID("account_id");
                    if (account != null) {
                        cutOff.add(account);
                    }
                    return audit(tx, actor, origin, "project.team.removed",
                        account == null ? removed.getString("email") : account.toString(), projectId, removed.getString("role_title"));
                }), cutOff));
    }

    // ---- progress updates and followers -------------------------------------------------------------------

    Future<JsonObject> addUpdate(SignedInUser actor, UUID projectId, JsonObject body) {
        String period;
        String text;
        List<String> achievements;
        List<String> nextSteps;
        try {
            period = required(body, "period", 7, "Enter the month the update is for, such as 2027-03");
            if (!PERIOD.matcher(period).matches()) {
                throw HubException.invalid("period", "Enter the month as a year and month, such as 2027-03");
            }
            YearMonth month = YearMonth.parse(period);
            if (month.getYear() < 2000 || month.getYear() > 2100) {
                throw HubException.invalid("period", "Enter a month between 2000 and 2100");
            }
            text = SafeMarkdown.written(body.getValue("body"), LONG_MAX, "body", "Enter the update", "The update");
            achievements = list(body, "achievements");
            nextSteps = list(body, "nextSteps");
        } catch (HubException | DateTimeException e) {
            return Future.failedFuture(e instanceof HubException hub ? hub
                : HubException.invalid("period", "Enter the month as a year and month, such as 2027-03"));
        }
        return seen(actor.id(), projectId).compose(seen -> {
            seen.requireEdit();
            String title = seen.project().getString("title");
            String month = DateTimeWords.month(YearMonth.parse(period).atDay(1));
            List<Notifications.Stored> told = new ArrayList<>();
            return change(actor, seen, null, ProjectEvents.UPDATE_ADDED, tx -> tx.preparedQuery(ProjectSql.ADD_UPDATE)
                    .execute(Tuple.of(projectId, period, text, SafeMarkdown.toHtml(text, 4),
                        achievements.toArray(String[]::new), nextSteps.toArray(String[]::new), actor.id()))
                    .compose(v -> tx.preparedQuery(ProjectSql.FOLLOWERS).execute(Tuple.of(projectId, actor.id())))
                    .compose(followers -> {
                        List<Notifications.Notice> notices = new ArrayList<>();
                        String subject = "Progress on " + title + ": " + month;
                        String said = actor.displayName() + " has written the " + month + " progress update for " + title + ".";
                        for (Row follower : followers) {
                            notices.add(new Notifications.Notice(follower.getUUID("id"), Notifications.Kind.PROJECT_UPDATE,
                                seen.project().getUUID("network_id"), subject, said, "/projects/" + projectId,
                                "project:" + projectId, new Outbox.Message(follower.getString("email"), subject,
                                    said + "\n\n" + baseUrl + "/projects/" + projectId + "\n", null, null, null)));
                        }
                        return Notifications.record(tx, notices);
                    })
                    .map(stored -> {
                        told.addAll(stored);
                        return null;
                    }))
                .compose(project -> Notifications.announce(vertx, pool, told).map(project));
        });
    }

    Future<JsonObject> follow(SignedInUser actor, UUID projectId, boolean follow) {
        return seen(actor.id(), projectId).compose(seen -> pool.preparedQuery(follow ? ProjectSql.FOLLOW : ProjectSql.UNFOLLOW)
            .execute(Tuple.of(projectId, actor.id())).map(v -> new JsonObject().put("following", follow)));
    }

    // ---- hearings and decisions ---------------------------------------------------------------------------

    Future<JsonObject> addHearing(SignedInUser actor, UUID projectId, JsonObject body) {
        String board;
        LocalDate date;
        String outcome;
        String note;
        String paper;
        UUID documentId;
        try {
            board = required(body, "body", TITLE_MAX, "Enter the board or governing body hearing the paper");
            date = date(body, "date", true);
            outcome = oneOf(body, "outcome", OUTCOMES, "pending", "Outcome must be pending, approved, deferred or rejected");
            note = optional(body, "note", TEXT_MAX, "");
            paper = optional(body, "paperUrl", 2000, null);
            if (paper != null && !paper.isEmpty() && !paper.matches("(?i)https?://\\S+")) {
                throw HubException.invalid("paperUrl", "Enter the paper's web address, starting with https://");
            }
            documentId = JsonBodies.id(body, "documentId");
            if (documentId != null && blankToNull(paper) != null) {
                throw HubException.invalid("documentId", "Choose a paper from the library or give its web address, not both");
            }
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> {
            seen.requireEdit();
            UUID networkId = seen.project().getUUID("network_id");
            Future<Boolean> chosen = documentId == null ? Future.succeededFuture(true)
                : LibraryChoices.inLibrary(pool, networkId, documentId);
            return chosen.compose(inLibrary -> inLibrary
                ? change(actor, seen, null, ProjectEvents.HEARING_CHANGED, tx -> tx.preparedQuery(ProjectSql.ADD_HEARING)
                    .execute(Tuple.of(projectId, board, date, outcome, note, blankToNull(paper), documentId)).mapEmpty())
                : Future.failedFuture(HubException.invalid("documentId", "Choose a paper from the network's library")));
        });
    }

    /** The network library's documents a hearing's paper may be chosen from, as options for the page. */
    Future<JsonArray> libraryChoices(UUID networkId) {
        return LibraryChoices.options(pool, networkId);
    }

    /**
     * Whether the reader may see a project whose hearing has the document as its paper: the library asks, so that a
     * project guest, who does not read the network's library, may still download it.
     */
    public Future<Boolean> mayReadPaper(SignedInUser reader, UUID documentId) {
        return pool.preparedQuery(ProjectSql.PROJECTS_OF_HEARING_PAPER).execute(Tuple.of(documentId))
            .compose(rows -> AttachedPapers.anyVisible(rows, "project_id", projectId -> seen(reader.id(), projectId)));
    }

    Future<JsonObject> changeHearing(SignedInUser actor, UUID projectId, UUID hearingId, JsonObject body) {
        String outcome;
        String note;
        try {
            outcome = oneOf(body, "outcome", OUTCOMES, null, "Outcome must be pending, approved, deferred or rejected");
            note = optional(body, "note", TEXT_MAX, null);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> change(actor, seen.requireEdit(), null,
            ProjectEvents.HEARING_CHANGED, tx -> tx.preparedQuery(ProjectSql.CHANGE_HEARING)
                .execute(Tuple.of(projectId, hearingId, outcome, note)).compose(ProjectService::found)));
    }

    Future<JsonObject> addDecision(SignedInUser actor, UUID projectId, JsonObject body) {
        String decision;
        LocalDate date;
        String expected;
        String decidedBy;
        String rationale;
        try {
            decision = required(body, "decision", TEXT_MAX, "Enter the decision");
            date = date(body, "date", false);
            expected = blankToNull(optional(body, "expected", 100, null));
            if ((date == null) == (expected == null)) {
                throw HubException.invalid("date", "Enter the date the decision was made, or when it is expected (not both)");
            }
            decidedBy = optional(body, "decidedBy", TITLE_MAX, "");
            rationale = optional(body, "rationale", LONG_MAX, "");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> change(actor, seen.requireEdit(), null, ProjectEvents.CHANGED,
            tx -> tx.preparedQuery(ProjectSql.ADD_DECISION)
                .execute(Tuple.of(projectId, decision, date, expected, decidedBy, rationale)).mapEmpty()));
    }

    Future<JsonObject> makeDecision(SignedInUser actor, UUID projectId, UUID decisionId, JsonObject body) {
        LocalDate date;
        String decision;
        String decidedBy;
        String rationale;
        try {
            date = date(body, "date", true);
            decision = body.containsKey("decision") ? required(body, "decision", TEXT_MAX, "Enter the decision") : null;
            decidedBy = optional(body, "decidedBy", TITLE_MAX, null);
            rationale = optional(body, "rationale", LONG_MAX, null);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return seen(actor.id(), projectId).compose(seen -> change(actor, seen.requireEdit(), null, ProjectEvents.CHANGED,
            tx -> tx.preparedQuery(ProjectSql.MAKE_DECISION)
                .execute(Tuple.of(projectId, decisionId, date, decision, decidedBy, rationale)).compose(ProjectService::found)));
    }

    // ---- JSON and validation ------------------------------------------------------------------------------

    private static JsonObject item(Row row) {
        OffsetDateTime at = row.getOffsetDateTime("done_at");
        UUID by = row.getUUID("done_by");
        return new JsonObject().put("id", row.getUUID("id").toString()).put("text", row.getString("text"))
            .put("done", row.getBoolean("done"))
            .put("doneBy", by == null && at == null ? null
                : new JsonObject().put("id", by == null ? null : by.toString()).put("displayName", row.getString("done_by_name")))
            .put("doneAt", at == null ? null : at.toString());
    }

    private static JsonObject update(Row row) {
        UUID author = row.getUUID("author_id");
        return new JsonObject().put("id", row.getUUID("id").toString()).put("period", row.getString("period"))
            .put("body", row.getString("body")).put("bodyHtml", row.getString("body_html"))
            .put("achievements", new JsonArray(List.of(row.getArrayOfStrings("achievements"))))
            .put("nextSteps", new JsonArray(List.of(row.getArrayOfStrings("next_steps"))))
            .put("author", new JsonObject().put("id", author == null ? null : author.toString())
                .put("displayName", row.getString("author_name")))
            .put("createdAt", row.getOffsetDateTime("created_at").toString());
    }

    private static JsonObject hearing(Row row) {
        return new JsonObject().put("id", row.getUUID("id").toString()).put("body", row.getString("body"))
            .put("date", row.getLocalDate("heard_on").toString()).put("outcome", row.getString("outcome"))
            .put("note", row.getString("note")).put("paperUrl", row.getString("paper_url"))
            .put("paper", row.getUUID("document_id") == null ? null : AttachedPapers.json(row));
    }

    private static JsonObject decision(Row row) {
        LocalDate on = row.getLocalDate("decided_on");
        return new JsonObject().put("id", row.getUUID("id").toString()).put("decision", row.getString("decision"))
            .put("date", on == null ? null : on.toString()).put("expected", row.getString("expected_when"))
            .put("made", on != null).put("decidedBy", row.getString("decided_by"))
            .put("rationale", row.getString("rationale"));
    }

    static String required(JsonObject body, String field, int max, String emptyMessage) {
        String text = JsonBodies.text(body, field);
        if (text == null || text.isBlank()) {
            throw HubException.invalid(field, emptyMessage);
        }
        return limited(field, text.strip(), max);
    }

    static String optional(JsonObject body, String field, int max, String fallback) {
        String text = JsonBodies.text(body, field);
        return text == null ? fallback : limited(field, text.strip(), max);
    }

    /** An optional field that must be one of a few words; {@code fallback} when it is left out. */
    private static String oneOf(JsonObject body, String field, java.util.Collection<String> allowed, String fallback,
                                String message) {
        String value = optional(body, field, 20, fallback);
        if (value != null && !allowed.contains(value)) {
            throw HubException.invalid(field, message);
        }
        return value;
    }

    private static String limited(String field, String text, int max) {
        if (text.length() > max) {
            throw HubException.invalid(field, "'" + field + "' must be " + String.format(java.util.Locale.UK, "%,d", max)
                + " characters or fewer");
        }
        return text;
    }

    static List<String> list(JsonObject body, String field) {
        List<String> texts = JsonBodies.texts(body, field);
        if (texts == null) {
            return List.of();
        }
        if (texts.size() > LIST_MAX) {
            throw HubException.invalid(field, "'" + field + "' may hold up to " + LIST_MAX + " entries");
        }
        List<String> kept = new ArrayList<>();
        for (String text : texts) {
            if (!text.isBlank()) {
                kept.add(limited(field, text.strip(), TEXT_MAX));
            }
        }
        return kept;
    }

    static LocalDate date(JsonObject body, String field, boolean required) {
        String text = JsonBodies.text(body, field);
        if (text == null || text.isBlank()) {
            if (required) {
                throw HubException.invalid(field, "Enter the date");
            }
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text.strip());
            if (date.getYear() < 1990 || date.getYear() > 2100) {
                throw HubException.invalid(field, "Enter a date between 1990 and 2100");
            }
            return date;
        } catch (DateTimeException e) {
            throw HubException.invalid(field, "Enter a real date, such as 2027-03-15");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
