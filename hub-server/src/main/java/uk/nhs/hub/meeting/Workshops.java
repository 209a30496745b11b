package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Workshops: parallel sessions inside an occurrence, grouped by time slot ("Morning", "Afternoon"), each with a
 * capacity. Organisers set them up; members choose one per slot. Choices for a meeting are serialised by
 * locking its row, so a full workshop never takes one person too many.
 */
final class Workshops {

    private static final String INSERT = """
        INSERT INTO workshops (meeting_id, original_start, slot, title, capacity) VALUES ($1, $2, $3, $4, $5)
        RETURNING id
        """;
    private static final String LIST = """
        SELECT w.id, w.slot, w.title, w.capacity,
               (SELECT count(*) FROM workshop_choices c WHERE c.workshop_id = w.id) AS taken,
               EXISTS (SELECT 1 FROM workshop_choices c WHERE c.workshop_id = w.id AND c.user_id = $3) AS mine
        FROM workshops w WHERE w.meeting_id = $1 AND w.original_start = $2
        ORDER BY w.slot, lower(w.title)
        """;
    private static final String FIND = "SELECT slot, capacity FROM workshops WHERE id = $1 AND meeting_id = $2 AND original_start = $3";
    private static final String TAKEN = "SELECT count(*) AS taken FROM workshop_choices WHERE workshop_id = $1 AND user_id <> $2";
    private static final String CHOOSE = """
        INSERT INTO workshop_choices (meeting_id, original_start, slot, user_id, workshop_id) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (meeting_id, original_start, slot, user_id) DO UPDATE
        SET workshop_id = EXCLUDED.workshop_id, chosen_at = now()
        """;
    /**
     * The reply that gives a person a place on a date: their own, unless they send a delegate, or the reply of
     * someone who sends them.
     */
    private static final String PLACE_REPLY = """
        SELECT response, waitlisted FROM rsvps
        WHERE meeting_id = $1 AND original_start = $2
          AND ((user_id = $3 AND delegate_user_id IS NULL) OR (delegate_user_id = $3 AND response = 'yes'))
        ORDER BY delegate_user_id IS NULL, waitlisted
        LIMIT 1
        """;
    private static final String WITHDRAW = """
        DELETE FROM workshop_choices WHERE workshop_id = $1 AND user_id = $2
        """;

    private final Pool pool;
    private final MeetingService meetings;

    Workshops(Pool pool, MeetingService meetings) {
        this.pool = pool;
        this.meetings = meetings;
    }

    private record Target(Meeting meeting, OffsetDateTime original) {
    }

    private Future<Target> occurrence(SignedInUser actor, UUID meetingId, String start, boolean organiser) {
        OffsetDateTime original;
        try {
            original = MeetingService.originalStart(start);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return meetings.visible(actor, meetingId).map(visible -> {
            if (organiser && !visible.access().isOrganiser()) {
                throw HubException.forbidden("Only an organiser of this network sets up workshops");
            }
            if (!organiser && !visible.mayTakePart(original.toInstant())) {
                throw HubException.forbidden("You are invited to another date of this meeting, not this one");
            }
            MeetingService.requireOccurrence(visible.meeting(), original);
            return new Target(visible.meeting(), original);
        });
    }

    Future<JsonObject> create(SignedInUser actor, UUID meetingId, String start, JsonObject body) {
        String slot = text(body, "slot", 60);
        String title = text(body, "title", 200);
        Object rawCapacity = body.getValue("capacity");
        if (rawCapacity != null && (!(rawCapacity instanceof Integer capacity) || capacity < 1)) {
            return Future.failedFuture(HubException.invalid("capacity", "Capacity must be a whole number of at least 1"));
        }
        return occurrence(actor, meetingId, start, true).compose(target -> pool.preparedQuery(INSERT)
                .execute(Tuple.of(meetingId, target.original(), slot, title, rawCapacity)))
            .map(rows -> new JsonObject().put("id", rows.iterator().next().getUUID("id").toString()).put("slot", slot)
                .put("title", title).put("capacity", rawCapacity).put("taken", 0));
    }

    Future<JsonArray> list(SignedInUser actor, UUID meetingId, String start) {
        return occurrence(actor, meetingId, start, false).compose(target -> rows(actor, meetingId, target.original()));
    }

    /** The same, for a meeting the caller has already been found to see (the occurrence page). */
    Future<JsonArray> list(SignedInUser actor, MeetingService.Visible visible, OffsetDateTime original) {
        if (!visible.mayTakePart(original.toInstant())) {
            return Future.failedFuture(HubException.forbidden("You are invited to another date of this meeting, not this one"));
        }
        return rows(actor, visible.meeting().id(), original);
    }

    private Future<JsonArray> rows(SignedInUser actor, UUID meetingId, OffsetDateTime original) {
        return pool.preparedQuery(LIST).execute(Tuple.of(meetingId, original, actor.id()))
            .map(rows -> {
                JsonArray list = new JsonArray();
                for (Row row : rows) {
                    list.add(new JsonObject().put("id", row.getUUID("id").toString()).put("slot", row.getString("slot"))
                        .put("title", row.getString("title")).put("capacity", row.getInteger("capacity"))
                        .put("taken", row.getLong("taken")).put("mine", row.getBoolean("mine")));
                }
                return list;
            });
    }

    /** Chooses a workshop, replacing the person's earlier choice in the same slot; 409 when it is full. */
    Future<JsonArray> choose(SignedInUser actor, UUID meetingId, String start, UUID workshopId) {
        return occurrence(actor, meetingId, start, false).compose(target -> pool.withTransaction(tx -> tx
                .preparedQuery(MeetingSql.LOCK_MEETING).execute(Tuple.of(meetingId))
                .compose(v -> tx.preparedQuery(FIND).execute(Tuple.of(workshopId, meetingId, target.original())))
                .compose(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Future.failedFuture(HubException.notFound("There is no such workshop in this meeting"));
                    }
                    Row workshop = rows.iterator().next();
                    return tx.preparedQuery(PLACE_REPLY).execute(Tuple.of(meetingId, target.original(), actor.id()))
                        .compose(reply -> requireGoing(reply.iterator().hasNext() ? reply.iterator().next() : null))
                        .compose(v -> tx.preparedQuery(TAKEN).execute(Tuple.of(workshopId, actor.id())))
                        .compose(taken -> {
                            Integer capacity = workshop.getInteger("capacity");
                            if (capacity != null && taken.iterator().next().getLong("taken") >= capacity) {
                                return Future.failedFuture(HubException.conflict(null, "This workshop is full; choose another"));
                            }
                            return tx.preparedQuery(CHOOSE).execute(Tuple.of(meetingId, target.original(),
                                workshop.getString("slot"), actor.id(), workshopId)).mapEmpty();
                        });
                })))
            .compose(v -> list(actor, meetingId, start));
    }

    /**
     * A place in a workshop is part of a place at the meeting: without a seat it would hold one the person may
     * never use, so a "maybe", a "no" or the waiting list does not count. The field names the reply to change.
     */
    private static Future<Void> requireGoing(Row reply) {
        if (reply == null || !"yes".equals(reply.getString("response"))) {
            return Future.failedFuture(HubException.conflict("response", "Reply that you are going before choosing a workshop"));
        }
        if (reply.getBoolean("waitlisted")) {
            return Future.failedFuture(HubException.conflict("response",
                "You are on the waiting list; you can choose a workshop once you have a place"));
        }
        return Future.succeededFuture();
    }

    Future<JsonArray> withdraw(SignedInUser actor, UUID meetingId, String start, UUID workshopId) {
        return occurrence(actor, meetingId, start, false)
            .compose(target -> pool.preparedQuery(FIND).execute(Tuple.of(workshopId, meetingId, target.original())))
            .compose(rows -> rows.iterator().hasNext()
                ? pool.preparedQuery(WITHDRAW).execute(Tuple.of(workshopId, actor.id()))
                : Future.failedFuture(HubException.notFound("There is no such workshop in this meeting")))
            .compose(v -> list(actor, meetingId, start));
    }

    private static String text(JsonObject body, String field, int max) {
        Object value = body.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw HubException.invalid(field, "Enter the workshop's " + field);
        }
        if (text.strip().length() > max) {
            throw HubException.invalid(field, "'" + field + "' must be " + max + " characters or fewer");
        }
        return text.strip();
    }
}
