package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.StaleVersion;
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
        i.id, i.original_start, i.kind, i.text, i.url, i.owner_user_id, u.display_name AS owner_name, i.done,
        i.lock_version, i.updated_at, s.display_name AS updated_by_name""";
    private static final String OF_OCCURRENCE = "SELECT " + COLUMNS + """
         FROM occurrence_items i LEFT JOIN users u ON u.id = i.owner_user_id LEFT JOIN users s ON s.id = i.updated_by
        WHERE i.meeting_id = $1 AND i.original_start = $2 ORDER BY i.created_at
        """;
    private static final String CARRIED = "SELECT " + COLUMNS + """
         FROM occurrence_items i LEFT JOIN users u ON u.id = i.owner_user_id LEFT JOIN users s ON s.id = i.updated_by
        WHERE i.meeting_id = $1 AND i.original_start < $2 AND i.kind = 'action' AND NOT i.done
        ORDER BY i.original_start, i.created_at
        """;
    private static final String INSERT = """
        INSERT INTO occurrence_items (meeting_id, original_start, kind, text, url, owner_user_id, updated_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
        """;
    /** Writes only over the version the saver saw ($6, when given); "done" is for action items only. */
    private static final String UPDATE = """
        UPDATE occurrence_items SET done = COALESCE($3, done), text = COALESCE($4, text), updated_by = $5,
               updated_at = now(), lock_version = lock_version + 1
        WHERE id = $1 AND meeting_id = $2 AND ($3::boolean IS NULL OR kind = 'action')
          AND ($6::integer IS NULL OR lock_version = $6)
        RETURNING lock_version
        """;
    private static final String ONE = "SELECT " + COLUMNS + """
         FROM occurrence_items i LEFT JOIN users u ON u.id = i.owner_user_id LEFT JOIN users s ON s.id = i.updated_by
        WHERE i.id = $1 AND i.meeting_id = $2
        """;
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
                return pool.preparedQuery(INSERT).execute(Tuple.of(meetingId, original, kind, ((String) text).strip(), url, owner,
                    actor.id()));
            })
            .compose(rows -> of(actor, meetingId, start));
    }

    /** Marks an action done or open again; the same either way whoever clicked first, so no version is asked for. */
    Future<Void> setDone(SignedInUser actor, UUID meetingId, UUID itemId, boolean done) {
        return update(actor, meetingId, itemId, new JsonObject().put("done", done)).mapEmpty();
    }

    /**
     * Changes an item's text, or marks an action done or open again, over the version the organiser saw when the
     * body names one: if another organiser saved the item since, nothing is written ({@link StaleVersion}).
     * Succeeds with the item's new version.
     */
    Future<Integer> update(SignedInUser actor, UUID meetingId, UUID itemId, JsonObject body) {
        Boolean done;
        String text;
        Integer expected;
        try {
            Object doneValue = body.getValue("done");
            Object textValue = body.getValue("text");
            if ((doneValue == null && textValue == null) || (doneValue != null && !(doneValue instanceof Boolean))) {
                throw HubException.invalid("done", "'done' must be true or false");
            }
            done = (Boolean) doneValue;
            if (textValue != null && (!(textValue instanceof String t) || t.isBlank() || t.length() > 10_000)) {
                throw HubException.invalid("text", "Enter the text (up to 10,000 characters)");
            }
            text = textValue == null ? null : ((String) textValue).strip();
            expected = StaleVersion.expected(body);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return meetings.organised(actor, meetingId, "Only an organiser of this network edits its agendas and minutes")
            .compose(visible -> pool.preparedQuery(UPDATE).execute(Tuple.of(itemId, meetingId, done, text, actor.id(), expected)))
            .compose(rows -> rows.iterator().hasNext() ? Future.succeededFuture(rows.iterator().next().getInteger("lock_version"))
                : pool.preparedQuery(ONE).execute(Tuple.of(itemId, meetingId)).compose(found -> {
                    if (!found.iterator().hasNext() || (done != null && !"action".equals(found.iterator().next().getString("kind")))) {
                        return Future.failedFuture(HubException.notFound(done != null ? "There is no such action item" : "There is no such item"));
                    }
                    Row current = found.iterator().next();
                    return Future.failedFuture(new StaleVersion(current.getString("updated_by_name"),
                        current.getOffsetDateTime("updated_at").toInstant(), json(current)));
                }));
    }

    /** One item of the meeting, for an organiser's edit form; anyone else is answered as for the meeting. */
    Future<JsonObject> one(SignedInUser actor, UUID meetingId, UUID itemId) {
        return meetings.organised(actor, meetingId, "Only an organiser of this network edits its agendas and minutes")
            .compose(visible -> pool.preparedQuery(ONE).execute(Tuple.of(itemId, meetingId)))
            .compose(rows -> rows.iterator().hasNext() ? Future.succeededFuture(json(rows.iterator().next()))
                : Future.failedFuture(HubException.notFound("There is no such item")));
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
            .put("version", row.getInteger("lock_version")).put("savedBy", row.getString("updated_by_name"))
            .put("updatedAt", row.getOffsetDateTime("updated_at").toString())
            .put("occurrence", row.getOffsetDateTime("original_start").toString());
    }
}
