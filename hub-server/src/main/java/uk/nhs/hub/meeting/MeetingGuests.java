package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Outbox;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Guests of a meeting, the "significant local others" chief executives bring: where the meeting allows it, each
 * participant nominates up to {@code guestAllowance} guests for an occurrence, and an organiser approves or
 * declines. An approved guest is invited to that occurrence by email address (so they take part once they
 * register with it, if they have no account yet) and is told by email.
 */
final class MeetingGuests {

    private final Pool pool;
    private final MeetingService meetings;
    private final String baseUrl;

    MeetingGuests(Pool pool, MeetingService meetings, String baseUrl) {
        this.pool = pool;
        this.meetings = meetings;
        this.baseUrl = baseUrl;
    }

    Future<JsonObject> nominate(SignedInUser actor, UUID meetingId, String start, JsonObject body) {
        OffsetDateTime original;
        String name;
        String email;
        String reason;
        try {
            original = MeetingService.originalStart(start);
            name = required(body, "name", 100);
            email = EmailAddresses.normalise(required(body, "email", 254));
            if (!EmailAddresses.isValid(email)) {
                throw HubException.invalid("email", EmailAddresses.FORMAT_MESSAGE);
            }
            reason = required(body, "reason", 1000);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return meetings.visible(actor, meetingId).compose(visible -> {
            Meeting meeting = visible.meeting();
            if (meeting.guestAllowance() == null) {
                throw HubException.forbidden("This meeting does not take guests");
            }
            if (!visible.mayTakePart(original.toInstant())
                || !meeting.schedule().occursAt(original.toInstant())) {
                throw HubException.notFound("You are not taking part in a meeting at " + start);
            }
            return pool.withTransaction(tx -> tx.preparedQuery(MeetingSql.LOCK_MEETING).execute(Tuple.of(meetingId))
                .compose(v -> tx.preparedQuery(MeetingSql.NOMINATIONS_USED).execute(Tuple.of(meetingId, original, actor.id())))
                .compose(rows -> {
                    long used = rows.iterator().next().getLong("used");
                    if (used >= meeting.guestAllowance()) {
                        return Future.failedFuture(HubException.conflict(null, "You may bring up to "
                            + meeting.guestAllowance() + (meeting.guestAllowance() == 1 ? " guest" : " guests")
                            + " to this meeting"));
                    }
                    return tx.preparedQuery(MeetingSql.INSERT_GUEST_NOMINATION)
                        .execute(Tuple.of(meetingId, original, actor.id(), name, email, reason));
                }))
                .map(rows -> new JsonObject().put("id", rows.iterator().next().getUUID("id").toString())
                    .put("status", "pending"));
        });
    }

    /** Organisers see every nomination for the occurrence; others see their own. */
    Future<JsonArray> list(SignedInUser actor, UUID meetingId, String start) {
        OffsetDateTime original = MeetingService.originalStart(start);
        return meetings.visible(actor, meetingId).compose(visible -> list(actor, visible, original));
    }

    /** The same, for a meeting the caller has already been found to see (the occurrence page). */
    Future<JsonArray> list(SignedInUser actor, MeetingService.Visible visible, OffsetDateTime original) {
        return pool.preparedQuery(MeetingSql.GUEST_NOMINATIONS)
            .execute(Tuple.of(visible.meeting().id(), original, visible.access().isOrganiser() ? null : actor.id()))
            .map(rows -> {
                JsonArray list = new JsonArray();
                for (Row row : rows) {
                    list.add(new JsonObject().put("id", row.getUUID("id").toString()).put("name", row.getString("name"))
                        .put("email", row.getString("email")).put("reason", row.getString("reason"))
                        .put("status", row.getString("status")).put("nominatedBy", row.getString("nominated_by_name")));
                }
                return list;
            });
    }

    Future<JsonObject> decide(SignedInUser actor, UUID meetingId, String start, UUID nominationId, boolean approve) {
        OffsetDateTime original = MeetingService.originalStart(start);
        return meetings.organised(actor, meetingId, "Only an organiser of this network approves guests")
            .compose(visible -> pool.withTransaction(tx -> tx.preparedQuery(MeetingSql.DECIDE_GUEST)
                .execute(Tuple.of(nominationId, meetingId, original, approve ? "approved" : "declined", actor.id()))
                .compose(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Future.failedFuture(HubException.notFound("There is no pending nomination with this id"));
                    }
                    Row guest = rows.iterator().next();
                    if (!approve) {
                        return Future.succeededFuture(new JsonObject().put("status", "declined"));
                    }
                    Meeting meeting = visible.meeting();
                    java.time.ZonedDateTime begins = original.atZoneSameInstant(meeting.schedule().zone());
                    String when = DateTimeWords.range(begins, begins.plus(meeting.duration()), DateTimeWords.READER);
                    return tx.preparedQuery(MeetingSql.INVITE_GUEST_EMAIL).execute(Tuple.of(meetingId, guest.getString("email"), original))
                        .compose(v -> Outbox.enqueue(tx, guest.getString("email"), "You are invited to " + meeting.title(),
                            "Hello " + guest.getString("name") + ",\n\nYou are invited as a guest to " + meeting.title()
                                + " on " + when + ".\n\nSee the details and reply: " + baseUrl + "/meetings/" + meeting.id()
                                + "\nIf you do not have an account yet, create one with this email address: " + baseUrl
                                + "/register?returnTo=/meetings/" + meeting.id() + "\n"))
                        .map(v -> new JsonObject().put("status", "approved"));
                })));
    }

    private static String required(JsonObject body, String field, int max) {
        Object value = body.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw HubException.invalid(field, "Enter the guest's " + field);
        }
        if (text.strip().length() > max) {
            throw HubException.invalid(field, "'" + field + "' must be " + max + " characters or fewer");
        }
        return text.strip();
    }
}
