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
    record Change(OffsetDateTime originalStart, boolean cancelled, OffsetDateTime movedStart, String theme) {
    }

    /** What a meeting is written with. */
    record Fields(String title, String description, LocalDateTime start, String timeZone, int durationMinutes,
                  String rrule, String location, String onlineUrl, Integer capacity) {
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
                f.start(), f.timeZone(), f.durationMinutes(), f.rrule(), f.location(), f.onlineUrl(), f.capacity(), createdBy}))
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
                f.start(), f.timeZone(), f.durationMinutes(), f.rrule(), f.location(), f.onlineUrl(), f.capacity()}))
            .map(rows -> Meeting.fromRow(rows.iterator().next()));
    }

    Future<Void> delete(UUID id) {
        return pool.preparedQuery(MeetingSql.DELETE).execute(Tuple.of(id)).mapEmpty();
    }

    Future<List<Change>> changes(UUID meetingId) {
        return pool.preparedQuery(MeetingSql.CHANGES).execute(Tuple.of(meetingId)).map(rows -> {
            List<Change> changes = new ArrayList<>();
            for (Row row : rows) {
                changes.add(new Change(row.getOffsetDateTime("original_start"), row.getBoolean("cancelled"),
                    row.getOffsetDateTime("moved_start"), row.getString("theme")));
            }
            return changes;
        });
    }

    /** Records a change to one occurrence and bumps the meeting's SEQUENCE, in one transaction. */
    Future<Void> saveChange(UUID meetingId, Change change) {
        return pool.withTransaction(tx -> tx.preparedQuery(MeetingSql.UPSERT_CHANGE)
            .execute(Tuple.of(meetingId, change.originalStart(), change.cancelled(), change.movedStart(), change.theme()))
            .compose(v -> bump(tx, meetingId)));
    }

    private static Future<Void> bump(SqlClient tx, UUID meetingId) {
        return tx.preparedQuery(MeetingSql.BUMP_SEQUENCE).execute(Tuple.of(meetingId)).mapEmpty();
    }
}
