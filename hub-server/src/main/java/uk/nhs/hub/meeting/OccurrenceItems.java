package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.WebAddresses;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * The agenda, pre-reads, minutes and action items of one occurrence. Action items that are still open are
 * carried into the agenda of every later occurrence of the meeting until someone marks them done.
 */
final class OccurrenceItems {

    private static final Set<String> KINDS = Set.of("agenda", "pre-read", "minutes", "action");

    private static final String COLUMNS = """
        i.id, i.original_start, i.kind, i.text, i.url, i.owner_user_id, u.display_name AS owner_name, i.done""";
    private static final String OF_OCCURRENCE = "SELECT " + COLUMNS + """
         FROM occurrence_items i LEFT JOIN users u ON u.id = i.owner_user_id
        WHERE i.meeting_id = $1 AND i.original_start = $2 ORDER BY i.created_at
        """;
    private static final String CARRIED = "SELECT " + COLUMNS + """
         FROM occurrence_items i LEFT JOIN users u ON u.id = i.owner_user_id
        WHERE i.meeting_id = $1 AND i.original_start < $2 AND i.kind = 'action' AND NOT i.done
        ORDER BY i.original_start, i.created_at
        """;
    private static final String INSERT = """
        INSERT INTO occurrence_items (meeting_id, original_start, kind, text, url, owner_user_id)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
        """;
    private static final String SET_DONE = "UPDATE occurrence_items SET done = $3 WHERE id = $1 AND meeting_id = $2 AND kind = 'action'";
    private static final String DELETE = "DELETE FROM occurrence_items WHERE id = $1 AND meeting_id = $2";

    private final Pool pool;
    private final MeetingService meetings;

    OccurrenceItems(Pool pool, MeetingService meetings) {
        this.pool = pool;
        this.meetings = meetings;
    }

    /** The occurrence's items by kind, with the open actions carried from earlier occurrences. */
    Future<JsonObject> of(SignedInUser actor, UUID meetingId, String start) {
        OffsetDateTime original = MeetingService.originalStart(start);
        return meetings.visible(actor, meetingId).compose(visible -> {
            MeetingService.requireOccurrence(visible.meeting(), original);
            return of(meetingId, original);
        });
    }

    /** The same, for an occurrence whose meeting the caller has already been found to see (the occurrence page). */
    Future<JsonObject> of(UUID meetingId, OffsetDateTime original) {
        return Future.all(pool.preparedQuery(OF_OCCURRENCE).execute(Tuple.of(meetingId, original)),
                pool.preparedQuery(CARRIED).execute(Tuple.of(meetingId, original)))
            .map(all -> {
            JsonObject items = new JsonObject().put("agenda", new JsonArray()).put("preReads", new JsonArray())
                .put("minutes", new JsonArray()).put("actions", new JsonArray()).put("carriedActions", new JsonArray());
            io.vertx.sqlclient.RowSet<Row> own = all.resultAt(0);
            for (Row row : own) {
                String key = switch (row.getString("kind")) {
                    case "agenda" -> "agenda";
                    case "pre-read" -> "preReads";
                    case "minutes" -> "minutes";
                    default -> "actions";
                };
                items.getJsonArray(key).add(json(row));
            }
            io.vertx.sqlclient.RowSet<Row> carried = all.resultAt(1);
            carried.forEach(row -> items.getJsonArray("carriedActions").add(json(row)));
            return items;
        });
    }

    Future<JsonObject> add(SignedInUser actor, UUID meetingId, String start, JsonObject body) {
        OffsetDateTime original = MeetingService.originalStart(start);
        Object kind = body.getValue("kind");
        if (!(kind instanceof String k) || !KINDS.contains(k)) {
            return Future.failedFuture(HubException.invalid("kind", "Kind must be agenda, pre-read, minutes or action"));
        }
        Object text = body.getValue("text");
        if (!(text instanceof String t) || t.isBlank() || t.length() > 10_000) {
            return Future.failedFuture(HubException.invalid("text", "Enter the text (up to 10,000 characters)"));
        }
        String url = body.getString("url");
        if (url != null && !WebAddresses.isWebAddress(url)) {
            return Future.failedFuture(HubException.invalid("url", "A link must be a web address starting https://"));
        }
        if ("pre-read".equals(kind) && url == null) {
            return Future.failedFuture(HubException.invalid("url", "A pre-read needs a link"));
        }
        UUID owner;
        try {
            owner = body.getValue("ownerUserId") == null ? null : UUID.fromString(body.getString("ownerUserId"));
        } catch (RuntimeException e) {
            return Future.failedFuture(HubException.invalid("ownerUserId", "The owner is not a valid person id"));
        }
        return meetings.organised(actor, meetingId, "Only an organiser of this network edits its agendas and minutes")
            .compose(visible -> {
                MeetingService.requireOccurrence(visible.meeting(), original);
                return pool.preparedQuery(INSERT).execute(Tuple.of(meetingId, original, kind, ((String) text).strip(), url, owner));
            })
            .compose(rows -> of(actor, meetingId, start));
    }

    Future<Void> setDone(SignedInUser actor, UUID meetingId, UUID itemId, boolean done) {
        return meetings.organised(actor, meetingId, "Only an organiser of this network updates actions")
            .compose(visible -> pool.preparedQuery(SET_DONE).execute(Tuple.of(itemId, meetingId, done)))
            .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
                : Future.failedFuture(HubException.notFound("There is no such action item")));
    }

    Future<Void> delete(SignedInUser actor, UUID meetingId, UUID itemId) {
        return meetings.organised(actor, meetingId, "Only an organiser of this network edits its agendas and minutes")
            .compose(visible -> pool.preparedQuery(DELETE).execute(Tuple.of(itemId, meetingId)))
            .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
                : Future.failedFuture(HubException.notFound("There is no such item")));
    }

    private static JsonObject json(Row row) {
        UUID owner = row.getUUID("owner_user_id");
        return new JsonObject().put("id", row.getUUID("id").toString()).put("kind", row.getString("kind"))
            .put("text", row.getString("text")).put("url", row.getString("url"))
            .put("ownerUserId", owner == null ? null : owner.toString()).put("ownerName", row.getString("owner_name"))
            .put("done", row.getBoolean("done"))
            .put("occurrence", row.getOffsetDateTime("original_start").toString());
    }
}
