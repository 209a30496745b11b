package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.StaleVersion;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** What else a change writes, in its own transaction: given the meeting before (null when new) and after. */
    interface Written {
        Future<Void> apply(SqlClient tx, Meeting before, Meeting after);
    }

    /** What a change to one date writes besides, in its transaction; what it returns is handed back after commit. */
    interface DateWritten<T> {
        Future<T> apply(SqlClient tx, Meeting before, Meeting after);
    }

    Future<Meeting> insert(UUID networkId, Fields f, UUID createdBy, Written written) {
        return pool.withTransaction(tx -> tx.preparedQuery(MeetingSql.INSERT).execute(Tuple.from(new Object[]{networkId,
                f.title(), f.description(), f.start(), f.timeZone(), f.durationMinutes(), f.rrule(), f.location(),
                f.onlineUrl(), f.capacity(), createdBy, f.requiredRoleTitles().toArray(new String[0]), f.reminderHours(),
                f.guestAllowance()}))
            .map(rows -> Meeting.fromRow(rows.iterator().next()))
            .compose(meeting -> written.apply(tx, null, meeting).map(meeting)));
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

    /**
     * Changes a meeting in one transaction. When its schedule changes, everything kept for each date follows the
     * date (see {@link Rescheduling}); dates the new schedule leaves out fail the change with
     * {@link DroppedChanges} unless {@code dropConfirmed}, and are removed when it is.
     */
    Future<Meeting> update(UUID id, Fields f, boolean dropConfirmed, Saver saver, Written written) {
        return pool.withTransaction(tx -> tx.preparedQuery(MeetingSql.FIND_FOR_UPDATE).execute(Tuple.of(id)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.failedFuture(HubException.notFound("Meeting not found"));
            }
            Meeting current = Meeting.fromRow(rows.iterator().next());
            if (saver.expected() != null && saver.expected() != current.version()) {
                return stale(tx, current);
            }
            Recurrence after = Recurrence.of(f.start(), f.timeZone(), f.rrule());
            Recurrence before = current.schedule();
            if (before.start().equals(after.start()) && before.zone().equals(after.zone())
                && java.util.Objects.equals(before.rrule(), after.rrule())) {
                return write(tx, id, f, saver).compose(meeting -> written.apply(tx, current, meeting).map(meeting));
            }
            return keptPerDate(tx, id).compose(kept -> {
                Rescheduling.Plan plan = Rescheduling.plan(before, after, kept.keySet());
                Future<Void> asked = Future.succeededFuture();
                if (!plan.dropped().isEmpty() && !dropConfirmed) {
                    asked = changes(tx, id).compose(changes -> {
                        DroppedChanges refusal = DroppedChanges.of(current, plan.dropped(), kept, changes);
                        return refusal.losesAnything() ? Future.failedFuture(refusal) : Future.succeededFuture();
                    });
                }
                return asked.compose(v -> write(tx, id, f, saver)).compose(meeting -> apply(tx, id, plan).map(meeting))
                    .compose(meeting -> written.apply(tx, current, meeting).map(meeting));
            });
        }));
    }

    /** Who saves a meeting, and the version they saw (null: save over whatever is stored). */
    record Saver(UUID userId, Integer expected) {
    }

    private static Future<Meeting> write(SqlClient tx, UUID id, Fields f, Saver saver) {
        return tx.preparedQuery(MeetingSql.UPDATE).execute(Tuple.from(new Object[]{id, f.title(), f.description(),
                f.start(), f.timeZone(), f.durationMinutes(), f.rrule(), f.location(), f.onlineUrl(), f.capacity(),
                f.requiredRoleTitles().toArray(new String[0]), f.reminderHours(), f.guestAllowance(), saver.userId(),
                saver.expected()}))
            .compose(rows -> rows.iterator().hasNext() ? Future.succeededFuture(Meeting.fromRow(rows.iterator().next()))
                : tx.preparedQuery(MeetingSql.FIND).execute(Tuple.of(id)).compose(now -> stale(tx, Meeting.fromRow(now.iterator().next()))));
    }

    /** The name of whoever last saved a meeting, or null when nobody has changed it since it was scheduled. */
    Future<String> savedBy(Meeting meeting) {
        return meeting.updatedBy() == null ? Future.succeededFuture(null)
            : pool.preparedQuery(MeetingSql.DISPLAY_NAME).execute(Tuple.of(meeting.updatedBy()))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("display_name") : null);
    }

    /** Refuses a save made against an older version, naming who saved the one stored. */
    private static Future<Meeting> stale(SqlClient tx, Meeting current) {
        Future<String> name = current.updatedBy() == null ? Future.succeededFuture(null)
            : tx.preparedQuery(MeetingSql.DISPLAY_NAME).execute(Tuple.of(current.updatedBy()))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("display_name") : null);
        return name.compose(savedBy -> Future.failedFuture(new StaleVersion(savedBy, current.updatedAt().toInstant(),
            current.toJson().put("savedBy", savedBy))));
    }

    /** Per original start, how many rows of each kind are kept for it. */
    private static Future<Map<Instant, Map<String, Long>>> keptPerDate(SqlClient tx, UUID id) {
        return tx.preparedQuery(MeetingSql.KEPT_PER_DATE).execute(Tuple.of(id)).map(rows -> {
            Map<Instant, Map<String, Long>> kept = new HashMap<>();
            for (Row row : rows) {
                kept.computeIfAbsent(row.getOffsetDateTime("original_start").toInstant(), k -> new HashMap<>())
                    .put(row.getString("kind"), row.getLong("n"));
            }
            return kept;
        });
    }

    private static Future<Void> apply(SqlClient tx, UUID id, Rescheduling.Plan plan) {
        Future<Void> done = Future.succeededFuture();
        List<Instant> gone = new ArrayList<>(plan.dropped());
        gone.addAll(plan.cleared());
        if (!gone.isEmpty()) {
            OffsetDateTime[] starts = gone.stream().map(start -> start.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
            for (String sql : MeetingSql.DROP_DATES) {
                done = done.compose(v -> tx.preparedQuery(sql)
                    .execute(Tuple.tuple().addUUID(id).addArrayOfOffsetDateTime(starts)).mapEmpty());
            }
        }
        if (!plan.moves().isEmpty()) {
            List<Tuple> moves = plan.moves().stream().map(move -> Tuple.of(id, move.from().atOffset(ZoneOffset.UTC),
                move.to().atOffset(ZoneOffset.UTC))).toList();
            for (String sql : MeetingSql.MOVE_DATE) {
                // In order: each move's target has been vacated by an earlier one (unique keys are checked per row).
                done = done.compose(v -> tx.preparedQuery(sql).executeBatch(moves).mapEmpty());
            }
        }
        return done.compose(v -> tx.preparedQuery(MeetingSql.FORGET_MOVES_TO_ORIGINAL).execute(Tuple.of(id)).mapEmpty());
    }

    /** Deletes a meeting; {@code written} runs first in the same transaction, while the meeting's rows still exist. */
    Future<Void> delete(UUID id, Written written) {
        return pool.withTransaction(tx -> tx.preparedQuery(MeetingSql.FIND_FOR_UPDATE).execute(Tuple.of(id)).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.failedFuture(HubException.notFound("Meeting not found"));
            }
            return written.apply(tx, Meeting.fromRow(rows.iterator().next()), null);
        }).compose(v -> tx.preparedQuery(MeetingSql.DELETE).execute(Tuple.of(id)).mapEmpty()));
    }

    Future<List<Change>> changes(UUID meetingId) {
        return changes(pool, meetingId);
    }

    private static Future<List<Change>> changes(SqlClient client, UUID meetingId) {
        return client.preparedQuery(MeetingSql.CHANGES).execute(Tuple.of(meetingId)).map(rows -> {
            List<Change> changes = new ArrayList<>();
            for (Row row : rows) {
                changes.add(Change.fromRow(row));
            }
            return changes;
        });
    }

    /**
     * Records a change to one occurrence and bumps the meeting's SEQUENCE, in one transaction, in which
     * {@code written} then runs with the meeting as it was and as it now is (with the new SEQUENCE).
     */
    <T> Future<T> saveChange(UUID meetingId, Change change, DateWritten<T> written) {
        return pool.withTransaction(tx -> tx.preparedQuery(MeetingSql.FIND_FOR_UPDATE).execute(Tuple.of(meetingId))
            .compose(rows -> {
                // The schedule may have changed since the caller looked: a change to a date that no longer
                // exists would match nothing (and reappear in calendars as a stray EXDATE or RECURRENCE-ID).
                if (!rows.iterator().hasNext()) {
                    return Future.failedFuture(HubException.notFound("Meeting not found"));
                }
                Meeting before = Meeting.fromRow(rows.iterator().next());
                MeetingService.requireOccurrence(before, change.originalStart());
                return tx.preparedQuery(MeetingSql.UPSERT_CHANGE)
            .execute(Tuple.from(new Object[]{meetingId, change.originalStart(), change.cancelled(), change.movedStart(),
                change.theme(), change.location(), change.onlineUrl()}))
                    .compose(v -> bump(tx, meetingId))
                    .compose(v -> tx.preparedQuery(MeetingSql.FIND).execute(Tuple.of(meetingId)))
                    .compose(after -> written.apply(tx, before, Meeting.fromRow(after.iterator().next())));
            }));
    }

    private static Future<Void> bump(SqlClient tx, UUID meetingId) {
        return tx.preparedQuery(MeetingSql.BUMP_SEQUENCE).execute(Tuple.of(meetingId)).mapEmpty();
    }

    /**
     * A person's reply to one occurrence. A delegate is an account ({@code delegateId}) or, until someone
     * registers with it, an address ({@code delegateEmail}); never both.
     */
    record Reply(String response, boolean waitlisted, UUID delegateId, String delegateEmail) {
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
            return Optional.of(new Reply(row.getString("response"), row.getBoolean("waitlisted"), row.getUUID("delegate_user_id"),
                row.getString("delegate_email")));
        });
    }

    Future<Void> saveReply(SqlClient tx, UUID meetingId, OffsetDateTime originalStart, UUID userId, Reply reply) {
        return tx.preparedQuery(MeetingSql.UPSERT_RSVP).execute(Tuple.of(meetingId, originalStart, userId,
            reply.response(), reply.delegateId(), reply.waitlisted(), reply.delegateEmail())).mapEmpty();
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
                .put("delegateName", row.getString("delegate_name"))
                .put("delegateEmail", row.getString("delegate_email"))));
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
