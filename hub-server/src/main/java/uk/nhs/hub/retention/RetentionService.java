package uk.nhs.hub.retention;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.RequestOrigin;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads and changes a network's retention settings. Its organisers and the hub's administrators may read and set
 * the periods; only administrators may set or lift a legal hold, which organisers see. Everyone else is answered
 * as elsewhere for the network: 404 when they may not know it exists, 403 when they may.
 */
public final class RetentionService {

    /** A hundred years: anything longer is a slip, and keeping forever is said with null. */
    static final int MAX_MONTHS = 1200;
    static final int MAX_REASON = 500;

    private final Pool pool;
    private final NetworkService networks;
    private final Function<UUID, Future<Boolean>> isAdministrator;
    private final Clock clock;

    RetentionService(Pool pool, NetworkService networks, Function<UUID, Future<Boolean>> isAdministrator, Clock clock) {
        this.pool = pool;
        this.networks = networks;
        this.isAdministrator = isAdministrator;
        this.clock = clock;
    }

    /** What the person may do with the network's retention: 404/403 as for the network, or whether they are admin. */
    Future<Boolean> authorise(SignedInUser actor, UUID networkId) {
        return isAdministrator.apply(actor.id()).compose(admin -> networks.access(networkId, actor.id()).map(access -> {
            if (!admin) {
                access.requireOrganiser();
            }
            return admin;
        }));
    }

    /** The network's settings, with whether the person may change the hold. */
    public Future<JsonObject> get(SignedInUser actor, UUID networkId) {
        return authorise(actor, networkId).compose(admin -> settings(networkId, admin));
    }

    private Future<JsonObject> settings(UUID networkId, boolean admin) {
        return pool.preparedQuery(RetentionSql.SETTINGS).execute(Tuple.of(networkId)).map(rows -> {
            Row row = rows.iterator().next();
            UUID heldBy = row.getUUID("held_by");
            OffsetDateTime since = row.getOffsetDateTime("hold_set_at");
            return new JsonObject()
                .put("networkId", networkId.toString())
                .put("discussionsMonths", row.getInteger("discussions_months"))
                .put("meetingsMonths", row.getInteger("meetings_months"))
                .put("responsesMonths", row.getInteger("responses_months"))
                .put("legalHold", row.getBoolean("legal_hold"))
                .put("legalHoldReason", row.getString("legal_hold_reason"))
                .put("legalHoldSince", since == null ? null : since.toInstant().toString())
                .put("heldBy", heldBy == null ? null : heldBy.toString())
                .put("mayChangeHold", admin);
        });
    }

    /**
     * Replaces the network's settings. A body without {@code legalHold} leaves the hold as it is; one that would
     * change the hold or its reason needs an administrator (403 for organisers).
     */
    public Future<JsonObject> put(SignedInUser actor, UUID networkId, JsonObject body, RequestOrigin origin) {
        Settings wanted;
        try {
            wanted = Settings.from(body);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return authorise(actor, networkId).compose(admin -> pool.withTransaction(tx ->
            tx.preparedQuery(RetentionSql.HOLD_LOCK_EXCLUSIVE).execute(Tuple.of(networkId))
                .compose(locked -> tx.preparedQuery(RetentionSql.SETTINGS).execute(Tuple.of(networkId)))
                .compose(rows -> {
                    Row current = rows.iterator().next();
                    boolean heldNow = current.getBoolean("legal_hold");
                    String reasonNow = current.getString("legal_hold_reason");
                    boolean hold = wanted.legalHold() == null ? heldNow : wanted.legalHold();
                    String reason = !hold ? null : wanted.legalHold() == null ? reasonNow : wanted.legalHoldReason();
                    boolean holdChanges = hold != heldNow || (hold && !reason.equals(reasonNow));
                    if (holdChanges && !admin) {
                        return Future.failedFuture(HubException.forbidden(
                            "Only an administrator of the hub can set or lift a legal hold"));
                    }
                    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
                    Tuple values = Tuple.tuple().addUUID(networkId).addInteger(wanted.discussionsMonths())
                        .addInteger(wanted.meetingsMonths()).addInteger(wanted.responsesMonths()).addBoolean(hold)
                        .addString(reason).addUUID(actor.id()).addOffsetDateTime(now);
                    AuditLog.Entry changed = new AuditLog.Entry(actor.id(), "retention.changed",
                        networkId.toString(), origin.remoteAddress(), origin.requestId(), new JsonObject()
                            .put("networkId", networkId.toString())
                            .put("discussionsMonths", wanted.discussionsMonths())
                            .put("meetingsMonths", wanted.meetingsMonths())
                            .put("responsesMonths", wanted.responsesMonths()));
                    AuditLog.Entry held = new AuditLog.Entry(actor.id(),
                        hold ? "retention.hold-set" : "retention.hold-lifted", networkId.toString(),
                        origin.remoteAddress(), origin.requestId(), new JsonObject()
                            .put("networkId", networkId.toString()).put("reason", reason));
                    return tx.preparedQuery(RetentionSql.SAVE).execute(values)
                        .compose(v -> AuditLog.record(tx, changed))
                        .compose(v -> holdChanges ? AuditLog.record(tx, held) : Future.succeededFuture());
                }))
            .compose(v -> settings(networkId, admin)));
    }

    /** A checked request body; months are null to keep forever. */
    record Settings(Integer discussionsMonths, Integer meetingsMonths, Integer responsesMonths, Boolean legalHold,
                    String legalHoldReason) {

        static Settings from(JsonObject body) {
            Integer discussions = JsonBodies.smallInteger(body, "discussionsMonths", 1, MAX_MONTHS);
            Integer meetings = JsonBodies.smallInteger(body, "meetingsMonths", 1, MAX_MONTHS);
            Integer responses = JsonBodies.smallInteger(body, "responsesMonths", 1, MAX_MONTHS);
            Boolean hold = JsonBodies.bool(body, "legalHold");
            String reason = JsonBodies.text(body, "legalHoldReason");
            reason = reason == null ? null : reason.strip();
            if (reason != null && reason.length() > MAX_REASON) {
                throw HubException.invalid("legalHoldReason", "The reason for the legal hold must be "
                    + MAX_REASON + " characters or fewer");
            }
            if (Boolean.TRUE.equals(hold) && (reason == null || reason.isEmpty())) {
                throw HubException.invalid("legalHoldReason", "Enter the reason for the legal hold");
            }
            return new Settings(discussions, meetings, responses, hold, reason);
        }
    }
}
