package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.document.AttachedPapers;
import uk.nhs.hub.document.LibraryChoices;
import uk.nhs.hub.document.PaperChanges;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The papers of a meeting date: documents from the meeting's network library, attached by an organiser as the
 * agenda pack, a pre-read, slides or minutes. Whoever may see the meeting may read them (the library asks
 * {@link #mayRead}); a deleted document drops out of the list until it is restored.
 */
final class MeetingPapers {

    static final Set<String> KINDS = Set.of("agenda", "pre-read", "slides", "minutes");

    private static final String INSERT = """
        INSERT INTO meeting_papers (meeting_id, original_start, document_id, kind, added_by) VALUES ($1, $2, $3, $4, $5)
        """;
    private static final String DELETE = """
        DELETE FROM meeting_papers WHERE meeting_id = $1 AND original_start = $2 AND document_id = $3
        """;
    /** In the order people read a pack: agenda, pre-reads, slides, minutes; then as attached. */
    private static final String OF_OCCURRENCE = """
        SELECT p.document_id, p.kind, d.title, d.current_version, v.filename, v.content_type, v.size
          FROM meeting_papers p
          JOIN documents d ON d.id = p.document_id AND d.deleted_at IS NULL
          JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
         WHERE p.meeting_id = $1 AND p.original_start = $2
         ORDER BY array_position(ARRAY['agenda', 'pre-read', 'slides', 'minutes'], p.kind), p.added_at, d.title
        """;
    /** What an organiser may attach: the network's library, most recently changed first, capped for a select list. */
    private static final String LIBRARY = """
        SELECT d.id, d.title, n.slug
          FROM networks n
          LEFT JOIN documents d ON d.network_id = n.id AND d.deleted_at IS NULL
         WHERE n.id = $1
         ORDER BY d.updated_at DESC NULLS LAST, d.title
         LIMIT 200
        """;
    private static final String MEETINGS_OF_DOCUMENT = "SELECT DISTINCT meeting_id FROM meeting_papers WHERE document_id = $1";
    private static final String DATES_OF_DOCUMENT = "SELECT meeting_id, original_start FROM meeting_papers WHERE document_id = $1";

    private final Vertx vertx;
    private final Pool pool;
    private final MeetingService meetings;

    MeetingPapers(Vertx vertx, Pool pool, MeetingService meetings) {
        this.vertx = vertx;
        this.pool = pool;
        this.meetings = meetings;
        // a new version, or a paper deleted or restored in the library, changes what its dates' pages list
        PaperChanges.onChange(vertx, documentId -> pool.preparedQuery(DATES_OF_DOCUMENT).execute(Tuple.of(documentId))
            .onSuccess(rows -> rows.forEach(row -> announce(row.getUUID("meeting_id"), row.getOffsetDateTime("original_start")))));
    }

    /** Attaches a document of the meeting's library to one date; 409 when it is already there. */
    Future<JsonObject> add(SignedInUser actor, UUID meetingId, String start, JsonObject body) {
        OffsetDateTime original = MeetingService.originalStart(start);
        UUID documentId = JsonBodies.id(body, "documentId");
        if (documentId == null) {
            throw HubException.invalid("documentId", "Choose a document from this network's library");
        }
        String kind = JsonBodies.text(body, "kind");
        if (kind == null || !KINDS.contains(kind)) {
            throw HubException.invalid("kind", "Kind must be agenda, pre-read, slides or minutes");
        }
        return meetings.organised(actor, meetingId, "Only an organiser of this network adds papers to its meetings")
            .compose(visible -> {
                MeetingService.requireOccurrence(visible.meeting(), original);
                return LibraryChoices.inLibrary(pool, visible.meeting().networkId(), documentId);
            })
            .compose(inLibrary -> {
                if (!inLibrary) {
                    return Future.failedFuture(HubException.invalid("documentId",
                        "Choose a document from this network's library"));
                }
                return pool.preparedQuery(INSERT).execute(Tuple.of(meetingId, original, documentId, kind, actor.id()));
            })
            .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? Future.failedFuture(HubException.conflict("documentId", "This document is already a paper for this date"))
                : Future.failedFuture(err))
            .compose(v -> of(meetingId, original))
            .onSuccess(papers -> announce(meetingId, original))
            .map(papers -> papers.stream().filter(p -> documentId.toString().equals(p.getString("documentId")))
                .findFirst().orElseThrow());
    }

    /** Takes a paper off a date (the document stays in the library); 404 when it was not there. */
    Future<Void> remove(SignedInUser actor, UUID meetingId, String start, UUID documentId) {
        OffsetDateTime original = MeetingService.originalStart(start);
        return meetings.organised(actor, meetingId, "Only an organiser of this network removes papers from its meetings")
            .compose(visible -> pool.preparedQuery(DELETE).execute(Tuple.of(meetingId, original, documentId)))
            .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(HubException.notFound("Paper not found"))
                : Future.<Void>succeededFuture())
            .onSuccess(v -> announce(meetingId, original));
    }

    /** After the change commits: open pages of the date fetch its papers again (the list is small). */
    private void announce(UUID meetingId, OffsetDateTime original) {
        vertx.eventBus().publish(MeetingEvents.address(meetingId),
            MeetingEvents.papersChanged(meetingId, original.toInstant().toString()));
    }

    /** The date's papers, for a caller already found to see the meeting. */
    Future<List<JsonObject>> of(UUID meetingId, OffsetDateTime original) {
        return pool.preparedQuery(OF_OCCURRENCE).execute(Tuple.of(meetingId, original)).map(rows -> {
            List<JsonObject> papers = new ArrayList<>();
            for (Row row : rows) {
                papers.add(AttachedPapers.json(row).put("kind", row.getString("kind")));
            }
            return papers;
        });
    }

    /** The papers as the API lists them. */
    Future<JsonObject> list(SignedInUser actor, UUID meetingId, String start) {
        OffsetDateTime original = MeetingService.originalStart(start);
        return meetings.visible(actor, meetingId).compose(visible -> {
            MeetingService.requireOccurrence(visible.meeting(), original);
            return of(meetingId, original);
        }).map(papers -> new JsonObject().put("papers", new JsonArray(new ArrayList<>(papers))));
    }

    /**
     * The documents an organiser may choose from for a date, as {@code value}/{@code text} options, and the slug
     * of the library they come from (for the page's link to upload a new one).
     */
    Future<JsonObject> library(UUID networkId) {
        return pool.preparedQuery(LIBRARY).execute(Tuple.of(networkId)).map(rows -> {
            JsonArray options = new JsonArray();
            String slug = null;
            for (Row row : rows) {
                slug = row.getString("slug");
                if (row.getUUID("id") != null) {
                    options.add(new JsonObject().put("value", row.getUUID("id").toString()).put("text", row.getString("title")));
                }
            }
            return new JsonObject().put("options", options).put("slug", slug);
        });
    }

    /** Whether the reader may see any meeting the document is a paper of. */
    Future<Boolean> mayRead(SignedInUser reader, UUID documentId) {
        return pool.preparedQuery(MEETINGS_OF_DOCUMENT).execute(Tuple.of(documentId))
            .compose(rows -> AttachedPapers.anyVisible(rows, "meeting_id", meetingId -> meetings.visible(reader, meetingId)));
    }
}
