package uk.nhs.hub.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.Network;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.network.TopLevelCreation;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.HubConfig.NetworkCreation;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Outbox;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.List;
import java.util.UUID;

/**
 * Who may create top-level networks ({@code HUB_NETWORK_CREATION}) and, when people must ask, their requests:
 * a person asks with a name and purpose, an administrator approves (the network is created with the person as its
 * organiser) or declines with a reason, and the person is told through their notifications.
 */
final class NetworkRequests {

    static final int MAX_NAME = 120;
    static final int MAX_PURPOSE = 2000;
    static final int MAX_REASON = 500;
    /** Requests one person may have waiting at once, so nobody can flood the administrators' queue. */
    static final int MAX_PENDING = 3;

    private final Vertx vertx;
    private final Pool pool;
    private final NetworkService networks;
    private final Administrators administrators;
    private final NetworkCreation creation;
    private final String baseUrl;

    NetworkRequests(Vertx vertx, Pool pool, NetworkService networks, Administrators administrators,
                    NetworkCreation creation, String baseUrl) {
        this.vertx = vertx;
        this.pool = pool;
        this.networks = networks;
        this.administrators = administrators;
        this.creation = creation;
        this.baseUrl = baseUrl;
    }

    NetworkCreation creation() {
        return creation;
    }

    /** The rule the network feature applies to top-level networks. */
    TopLevelCreation rule() {
        return switch (creation) {
            case ANYONE -> TopLevelCreation.ANYONE;
            case REQUEST, ADMINS -> userId -> administrators.isAdministrator(userId).compose(yes -> yes
                ? Future.succeededFuture()
                : Future.failedFuture(HubException.forbidden(creation == NetworkCreation.REQUEST
                    ? "Ask the hub's administrators for a new network: they will create it with you as its organiser"
                    : "Only the hub's administrators create networks at the top of the hub")));
        };
    }

    /** A person asks for a network; 404 unless this hub takes requests, 400 naming a missing or long field. */
    Future<JsonObject> ask(SignedInUser asker, String name, String purpose, RequestOrigin origin) {
        if (creation != NetworkCreation.REQUEST) {
            return Future.failedFuture(HubException.notFound("This hub does not take requests for new networks"));
        }
        String cleanName;
        String cleanPurpose;
        try {
            cleanName = required(name, "name", "Enter a name for the network", MAX_NAME);
            cleanPurpose = required(purpose, "purpose", "Enter what the network is for", MAX_PURPOSE);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return pool.withTransaction(tx -> tx.preparedQuery(AdminSql.LOCK_ASKER).execute(Tuple.of(asker.id()))
            .compose(locked -> tx.preparedQuery(AdminSql.PENDING_OF).execute(Tuple.of(asker.id())))
            .compose(pending -> pending.size() >= MAX_PENDING
                ? Future.failedFuture(HubException.conflict(null, "You already have " + MAX_PENDING
                    + " requests waiting: the administrators will decide those first"))
                : tx.preparedQuery(AdminSql.INSERT_REQUEST).execute(Tuple.of(asker.id(), cleanName, cleanPurpose)))
            .map(rows -> toJson(rows.iterator().next()))
            .compose(request -> AuditLog.record(tx, new AuditLog.Entry(asker.id(), "network-request.created",
                    request.getString("id"), origin.remoteAddress(), origin.requestId(),
                    new JsonObject().put("name", cleanName)))
                .map(request)));
    }

    /** The person's own requests, newest first. */
    Future<JsonArray> mine(UUID userId) {
        return pool.preparedQuery(AdminSql.REQUESTS_OF).execute(Tuple.of(userId)).map(rows -> {
            JsonArray list = new JsonArray();
            rows.forEach(row -> list.add(toJson(row)));
            return list;
        });
    }

    /** Requests with the status, pending ones oldest first, for administrators. */
    Future<JsonArray> list(String status) {
        if (!List.of("pending", "approved", "declined").contains(status)) {
            return Future.failedFuture(HubException.invalid("status", "Status must be pending, approved or declined"));
        }
        return pool.preparedQuery(AdminSql.REQUESTS).execute(Tuple.of(status)).map(rows -> {
            JsonArray list = new JsonArray();
            rows.forEach(row -> list.add(toJson(row).put("requester", new JsonObject()
                .put("id", row.getUUID("requester_id").toString())
                .put("email", row.getString("requester_email"))
                .put("displayName", row.getString("requester_name"))
                .put("organisation", row.getString("requester_organisation")))));
            return list;
        });
    }

    /**
     * Creates the network with the person who asked as its organiser, records the decision and tells them; 404
     * when no pending request has the id, 409 when the web address is taken (choose another with {@code slug}).
     */
    Future<JsonObject> approve(SignedInUser actor, UUID requestId, String slug, RequestOrigin origin) {
        UUID[] told = new UUID[1];
        return pool.withTransaction(tx -> pending(tx, requestId).compose(request -> {
            UUID requester = request.getUUID("requester_id");
            told[0] = requester;
            return networks.createRequested(tx, requester, request.getString("name"), slug, null, actor.id(), origin)
                .compose(network -> tx.preparedQuery(AdminSql.DECIDE_REQUEST)
                    .execute(Tuple.of(requestId, "approved", actor.id(), null, network.id()))
                    .compose(v -> tell(tx, requester, network.id(), "Your network " + network.name() + " is ready",
                        "The hub's administrators approved your request: " + network.name()
                            + " is ready, with you as its organiser. It is private until you change who can join.",
                        "/networks/" + network.slug()))
                    .compose(v -> AuditLog.record(tx, new AuditLog.Entry(actor.id(), "network-request.approved",
                        requestId.toString(), origin.remoteAddress(), origin.requestId(), new JsonObject()
                            .put("networkId", network.id().toString()).put("requester", requester.toString()))))
                    .map(v -> new JsonObject().put("status", "approved").put("network", networkJson(network))));
        })).onSuccess(v -> Notifications.announceTo(vertx, pool, List.of(told[0])));
    }

    /** Declines with a reason the person is told; 404 when no pending request has the id. */
    Future<JsonObject> decline(SignedInUser actor, UUID requestId, String reason, RequestOrigin origin) {
        String cleanReason;
        try {
            cleanReason = required(reason, "reason", "Enter why the request is declined", MAX_REASON);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        UUID[] told = new UUID[1];
        return pool.withTransaction(tx -> pending(tx, requestId).compose(request -> {
            UUID requester = request.getUUID("requester_id");
            told[0] = requester;
            String name = request.getString("name");
            return tx.preparedQuery(AdminSql.DECIDE_REQUEST)
                .execute(Tuple.of(requestId, "declined", actor.id(), cleanReason, null))
                .compose(v -> tell(tx, requester, null, "Your request for " + name + " was declined",
                    "The hub's administrators declined your request for a network called " + name
                        + ". The reason they gave: " + cleanReason, "/network-requests"))
                .compose(v -> AuditLog.record(tx, new AuditLog.Entry(actor.id(), "network-request.declined",
                    requestId.toString(), origin.remoteAddress(), origin.requestId(), new JsonObject()
                        .put("requester", requester.toString()).put("reason", cleanReason))))
                .map(v -> new JsonObject().put("status", "declined"));
        })).onSuccess(v -> Notifications.announceTo(vertx, pool, List.of(told[0])));
    }

    private static Future<Row> pending(SqlClient tx, UUID requestId) {
        return tx.preparedQuery(AdminSql.PENDING_REQUEST).execute(Tuple.of(requestId)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(HubException.notFound("There is no pending request with this id"))
            : Future.succeededFuture(rows.iterator().next()));
    }

    /** The decision is one the person asked for, so it is emailed whatever their preferences. */
    private Future<Void> tell(SqlClient tx, UUID userId, UUID networkId, String subject, String said, String href) {
        return tx.preparedQuery(AdminSql.PERSON).execute(Tuple.of(userId)).compose(rows -> {
            Row person = rows.iterator().next();
            String text = "Hello " + person.getString("display_name") + ",\n\n" + said + "\n\n" + baseUrl + href + "\n";
            return Notifications.record(tx, List.of(new Notifications.Notice(userId,
                Notifications.Kind.NETWORK_REQUEST_DECIDED, networkId, subject, said, href, "network-request:" + userId,
                new Outbox.Message(person.getString("email"), subject, text, null, null, null)))).mapEmpty();
        });
    }

    private static JsonObject networkJson(Network network) {
        return new JsonObject().put("id", network.id().toString()).put("name", network.name())
            .put("slug", network.slug());
    }

    private static JsonObject toJson(Row row) {
        JsonObject json = new JsonObject()
            .put("id", row.getUUID("id").toString())
            .put("name", row.getString("name"))
            .put("purpose", row.getString("purpose"))
            .put("status", row.getString("status"))
            .put("createdAt", row.getOffsetDateTime("created_at").toString());
        if (row.getString("decline_reason") != null) {
            json.put("declineReason", row.getString("decline_reason"));
        }
        if (row.getUUID("network_id") != null) {
            json.put("networkId", row.getUUID("network_id").toString());
        }
        if (row.getColumnIndex("slug") >= 0 && row.getString("slug") != null) {
            json.put("networkSlug", row.getString("slug"));
        }
        return json;
    }

    static String required(String value, String field, String missing, int max) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw HubException.invalid(field, missing);
        }
        if (trimmed.length() > max) {
            throw HubException.invalid(field, "Must be " + max + " characters or fewer");
        }
        return trimmed;
    }
}
