package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes meetings and the changes made to single occurrences. */
final class MeetingRepository {

    /** A change to one occurrence, keyed by its original start. */
    record Change(OffsetDateTime originalStart, boolean cancelled, OffsetDateTime movedStart, String theme,
                  String location, String onlineUrl) {

        /** No change yet to the occurrence that starts at {@code originalStart}. */
        static Change none(OffsetDateTime originalStart) {
            return new Change(originalStart, false, null, null, null, null);
        }

        static Change fromRow(Row row) {
            return new Change(row.getOffsetDateTime("original_start"), row.getBoolean("cancelled"),
                row.getOffsetDateTime("moved_start"), row.getString("theme"), row.getString("location"),
                row.getString("online_url"));
        }

        /** Whether calendars need an override (RECURRENCE-ID) event for this occurrence. */
        boolean overrides() {
            return !cancelled && (movedStart != null || theme != null || location != null || onlineUrl != null);
        }
    }

    /** What a meeting is written with. */
    record Fields(String title, String description, LocalDateTime start, String timeZone, int durationMinutes,
                  String rrule, String location, String onlineUrl, Integer capacity, List<String> requiredRoleTitles,
                  Integer reminderHours, Integer guestAllowance) {
    }

    private final Pool pool;

    MeetingRepository(Pool pool) {
        this.pool = pool;
    }

    Pool pool() {
        return pool;
    }

    Future<Meeting> insert(UUID networkId, Fields f, UUID createdBy) {
        return pool.preparedQuery(MeetingSql.INSERT).execute(Tuple.from(new Object[]{networkId, f.title(), f.description(),
                f.start(), f.timeZone(), f.durationMinutes(), f.rrule(), f.location(), f.onlineUrl(), f.capacity(), createdBy,
                f.requiredRoleTitles().toArray(new String[0]), f.reminderHours(), f.guestAllowance()}))
            .map(rows -> Meeting.fromRow(rows.iterator().next()));
    }

    Future<Optional<Meeting>> find(UUID id) {
        return pool.preparedQuery(MeetingSql.FIND).execute(Tuple.of(id)).map(rows -> {
            var iterator = rows.iterator();
            return iterator.hasNext() ? Optional.of(Meeting.fromRow(iterator.next())) : Optional.empty();
        });
    }

    Future<List<Meeting>> ofNetwork(UUID networkId) {
        return pool.preparedQuery(MeetingSql.OF_NETWORK).execute(Tuple.of(networkId)).map(rows -> {
            List<Meeting> meetings = new ArrayList<>();
            rows.forEach(row -> meetings.add(Meeting.fromRow(row)));
            return meetings;
        });
    }

    Future<Meeting> update(UUID id, Fields f) {
        return pool.preparedQuery(MeetingSql.UPDATE).execute(Tuple.from(new Object[]{id, f.title(), f.description(),
                f.start(), f.timeZone(), f.durationMinutes(), f.rrule(), f.location(), f.onlineUrl(), f.capacity(),
                f.requiredRoleTitles().toArray(new String[0]), f.reminderHours(), f.guestAllowance()}))
            .map(rows -> Meeting.fromRow(rows.iterator().next()));
    }

    Future<Void> delete(UUID id) {
        return pool.preparedQuery(MeetingSql.DELETE).execute(Tuple.of(id)).mapEmpty();
    }

    Future<List<Change>> changes(UUID meetingId) {
        return pool.preparedQuery(MeetingSql.CHANGES).execute(Tuple.of(meetingId)).map(rows -> {
            List<Change> changes = new ArrayList<>();
            for (Row row : rows) {
                changes.add(Change.fromRow(row));
            }
            return changes;
        });
    }

    /** Records a change to one occurrence and bumps the meeting's SEQUENCE, in one transaction. */
    Future<Void> saveChange(UUID meetingId, Change change) {
        return pool.withTransaction(tx -> tx.preparedQuery(MeetingSql.UPSERT_CHANGE)
            .execute(Tuple.from(new Object[]{meetingId, change.originalStart(), change.cancelled(), change.movedStart(),
                change.theme(), change.location(), change.onlineUrl()}))
            .compose(v -> bump(tx, meetingId)));
    }

    private static Future<Void> bump(SqlClient tx, UUID meetingId) {
        return tx.preparedQuery(MeetingSql.BUMP_SEQUENCE).execute(Tuple.of(meetingId)).mapEmpty();
    }

    /** A person's reply to one occurrence. */
    record Reply(String response, boolean waitlisted, UUID delegateId) {
    }

    Future<Void> lock(SqlClient tx, UUID meetingId) {
        return tx.preparedQuery(MeetingSql.LOCK_MEETING).execute(Tuple.of(meetingId)).mapEmpty();
    }

    Future<Optional<Reply>> reply(SqlClient tx, UUID meetingId, OffsetDateTime originalStart, UUID userId) {
        return tx.preparedQuery(MeetingSql.FIND_RSVP).execute(Tuple.of(meetingId, originalStart, userId)).map(rows -> {
            var iterator = rows.iterator();
            if (!iterator.hasNext()) {
                return Optional.empty();
            }
            Row row = iterator.next();
            return Optional.of(new Reply(row.getString("response"), row.getBoolean("waitlisted"), row.getUUID("delegate_user_id")));
        });
    }

    Future<Void> saveReply(SqlClient tx, UUID meetingId, OffsetDateTime originalStart, UUID userId, Reply reply) {
        return tx.preparedQuery(MeetingSql.UPSERT_RSVP).execute(Tuple.of(meetingId, originalStart, userId,
            reply.response(), reply.delegateId(), reply.waitlisted())).mapEmpty();
    }

    Future<Long> confirmed(SqlClient tx, UUID meetingId, OffsetDateTime originalStart) {
        return tx.preparedQuery(MeetingSql.CONFIRMED_COUNT).execute(Tuple.of(meetingId, originalStart))
            .map(rows -> rows.iterator().next().getLong("confirmed"));
    }

    /** Promotes the longest-waiting reply; the promoted person's id, if anyone was waiting. */
    Future<Optional<UUID>> promoteNext(SqlClient tx, UUID meetingId, OffsetDateTime originalStart) {
        return tx.preparedQuery(MeetingSql.PROMOTE_NEXT).execute(Tuple.of(meetingId, originalStart)).map(rows -> {
            var iterator = rows.iterator();
            return iterator.hasNext() ? Optional.of(iterator.next().getUUID("user_id")) : Optional.empty();
        });
    }

    /** Reply counts per original start (as an instant string). */
    Future<java.util.Map<java.time.Instant, io.vertx.core.json.JsonObject>> counts(SqlClient client, UUID meetingId) {
        return client.preparedQuery(MeetingSql.COUNTS).execute(Tuple.of(meetingId)).map(rows -> {
            java.util.Map<java.time.Instant, io.vertx.core.json.JsonObject> counts = new java.util.HashMap<>();
            rows.forEach(row -> counts.put(row.getOffsetDateTime("original_start").toInstant(), new io.vertx.core.json.JsonObject()
                .put("yes", row.getLong("yes")).put("no", row.getLong("no")).put("maybe", row.getLong("maybe"))
                .put("waiting", row.getLong("waiting"))));
            return counts;
        });
    }

    /** The person's own replies to the meeting's occurrences, keyed by original start. */
    Future<java.util.Map<java.time.Instant, io.vertx.core.json.JsonObject>> repliesOf(UUID meetingId, UUID userId) {
        return pool.preparedQuery(MeetingSql.MY_RSVPS).execute(Tuple.of(meetingId, userId)).map(rows -> {
            java.util.Map<java.time.Instant, io.vertx.core.json.JsonObject> replies = new java.util.HashMap<>();
            rows.forEach(row -> replies.put(row.getOffsetDateTime("original_start").toInstant(), new io.vertx.core.json.JsonObject()
                .put("response", row.getString("response"))
                .put("status", RsvpService.status(row.getString("response"), row.getBoolean("waitlisted")))
                .put("delegateUserId", row.getUUID("delegate_user_id") == null ? null : row.getUUID("delegate_user_id").toString())
                .put("delegateName", row.getString("delegate_name"))));
            return replies;
        });
    }

    /** The occurrences (null for all) to which the person is invited other than through the meeting's network. */
    Future<List<java.time.Instant>> invitationsOf(UUID meetingId, UUID userId) {
        return pool.preparedQuery(MeetingSql.INVITATIONS_OF).execute(Tuple.of(meetingId, userId)).map(rows -> {
            List<java.time.Instant> invitations = new ArrayList<>();
            rows.forEach(row -> {
                OffsetDateTime start = row.getOffsetDateTime("original_start");
                invitations.add(start == null ? null : start.toInstant());
            });
            return invitations;
        });
    }
}
