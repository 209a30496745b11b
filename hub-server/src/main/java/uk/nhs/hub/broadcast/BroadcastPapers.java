package uk.nhs.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.document.AttachedPapers;
import uk.nhs.hub.document.LibraryChoices;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;

import java.util.UUID;

/**
 * The papers of a broadcast: documents from the sending network's library, attached by its central team. Whoever
 * may see the broadcast may read them, which the library asks through {@link #mayRead}; a deleted document drops
 * out of the list until it is restored.
 */
final class BroadcastPapers {

    private static final String INSERT = "INSERT INTO broadcast_papers (broadcast_id, document_id, added_by) VALUES ($1, $2, $3)";
    private static final String DELETE = "DELETE FROM broadcast_papers WHERE broadcast_id = $1 AND document_id = $2";
    private static final String OF_BROADCAST = """
        SELECT p.document_id, d.title, d.current_version, v.filename, v.content_type, v.size
          FROM broadcast_papers p
          JOIN documents d ON d.id = p.document_id AND d.deleted_at IS NULL
          JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
         WHERE p.broadcast_id = $1
         ORDER BY p.added_at, d.title
        """;
    private static final String BROADCASTS_OF_DOCUMENT = "SELECT broadcast_id FROM broadcast_papers WHERE document_id = $1";

    private final Pool pool;
    private final BroadcastService broadcasts;

    BroadcastPapers(Pool pool, BroadcastService broadcasts) {
        this.pool = pool;
        this.broadcasts = broadcasts;
    }

    /** Attaches a document of the sending network's library; 409 when it is already attached. */
    Future<JsonObject> add(SignedInUser actor, UUID broadcastId, JsonObject body) {
        UUID documentId = JsonBodies.id(body, "documentId");
        if (documentId == null) {
            throw HubException.invalid("documentId", "Choose a document from the sending network's library");
        }
        return broadcasts.asSender(actor, broadcastId)
            .compose(seen -> LibraryChoices.inLibrary(pool,
                UUID.fromString(seen.broadcast().getJsonObject("network").getString("id")), documentId))
            .compose(inLibrary -> !inLibrary
                ? Future.failedFuture(HubException.invalid("documentId", "Choose a document from the sending network's library"))
                : pool.preparedQuery(INSERT).execute(Tuple.of(broadcastId, documentId, actor.id())))
            .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? Future.failedFuture(HubException.conflict("documentId", "This document is already attached to this broadcast"))
                : Future.failedFuture(err))
            .compose(v -> of(broadcastId))
            .map(papers -> papers.stream().map(JsonObject.class::cast)
                .filter(p -> documentId.toString().equals(p.getString("documentId"))).findFirst().orElseThrow());
    }

    /** Takes a paper off the broadcast (the document stays in the library); 404 when it was not attached. */
    Future<Void> remove(SignedInUser actor, UUID broadcastId, UUID documentId) {
        return broadcasts.asSender(actor, broadcastId)
            .compose(seen -> pool.preparedQuery(DELETE).execute(Tuple.of(broadcastId, documentId)))
            .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(HubException.notFound("Paper not found"))
                : Future.<Void>succeededFuture());
    }

    /** The broadcast's papers, for a caller already found to see it. */
    Future<JsonArray> of(UUID broadcastId) {
        return pool.preparedQuery(OF_BROADCAST).execute(Tuple.of(broadcastId)).map(rows -> {
            JsonArray papers = new JsonArray();
            for (Row row : rows) {
                papers.add(AttachedPapers.json(row));
            }
            return papers;
        });
    }

    /** The sending network's documents as {@code value}/{@code text} options for the page's select. */
    Future<JsonArray> library(UUID networkId) {
        return LibraryChoices.options(pool, networkId);
    }

    /** Whether the reader may see any broadcast the document is attached to. */
    Future<Boolean> mayRead(SignedInUser reader, UUID documentId) {
        return pool.preparedQuery(BROADCASTS_OF_DOCUMENT).execute(Tuple.of(documentId))
            .compose(rows -> AttachedPapers.anyVisible(rows, "broadcast_id", broadcastId -> broadcasts.seen(reader, broadcastId)));
    }
}
