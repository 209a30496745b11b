package uk.nhs.hub.document;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import io.vertx.core.Future;
import uk.nhs.hub.account.SignedInUser;

import java.util.List;
import java.util.UUID;

/**
 * Whether someone who does not read a network's library may still download one of its documents because it is
 * attached where they may look (a meeting date's papers, a broadcast's). Provided by the features that attach documents, which
 * the library does not depend on.
 */
@FunctionalInterface
public interface AttachedPapers {

    /** True when the document is attached to something the reader may see. */
    Future<Boolean> mayRead(SignedInUser reader, UUID documentId);

    /**
     * An attached paper as the features that attach documents list it, from a row with {@code document_id},
     * {@code title}, {@code filename}, {@code content_type}, {@code size} and {@code current_version}.
     */
    static JsonObject json(Row row) {
        return listing(row.getUUID("document_id"), row.getString("title"), row.getString("filename"),
            row.getString("content_type"), row.getLong("size"), row.getInteger("current_version"));
    }

    /** Where a version of a document is downloaded, for anyone who may read it where it is attached. */
    static String href(UUID documentId, int version) {
        return Document.contentHref(documentId, version);
    }

    /** The same listing from a JSON object with the same fields as {@link #json(Row)}'s row (from {@code jsonb_build_object}). */
    static JsonObject json(JsonObject columns) {
        return listing(UUID.fromString(columns.getString("document_id")), columns.getString("title"),
            columns.getString("filename"), columns.getString("content_type"), columns.getLong("size"),
            columns.getInteger("current_version"));
    }

    private static JsonObject listing(UUID id, String title, String filename, String contentType, Long size, int version) {
        return new JsonObject().put("documentId", id.toString()).put("title", title).put("filename", filename)
            .put("contentType", contentType).put("size", size).put("href", Document.contentHref(id, version));
    }

    /**
     * Whether the reader may see any of the things {@code rows} name in {@code column} (the meetings, broadcasts or
     * projects a document is attached to), asking {@code seen} of each in turn until one lets them in; a failure of
     * {@code seen} (the 404 of something they may not see) counts as no.
     */
    static Future<Boolean> anyVisible(Iterable<Row> rows, String column, java.util.function.Function<UUID, Future<?>> seen) {
        Future<Boolean> found = Future.succeededFuture(false);
        for (Row row : rows) {
            UUID id = row.getUUID(column);
            found = found.compose(already -> already ? Future.succeededFuture(true) : seen.apply(id).map(true).otherwise(false));
        }
        return found;
    }

    /** Asks each in turn, stopping at the first that lets the reader in. */
    static AttachedPapers anyOf(List<AttachedPapers> readers) {
        return (reader, documentId) -> {
            Future<Boolean> found = Future.succeededFuture(false);
            for (AttachedPapers each : readers) {
                found = found.compose(already -> already ? Future.succeededFuture(true) : each.mayRead(reader, documentId));
            }
            return found;
        };
    }

    /** Until a feature that attaches documents is wired in, only library readers read documents. */
    AttachedPapers NONE = (reader, documentId) -> Future.succeededFuture(false);
}
