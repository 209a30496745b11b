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
        UUID id = row.getUUID("document_id");
        return new JsonObject()
            .put("documentId", id.toString())
            .put("title", row.getString("title"))
            .put("filename", row.getString("filename"))
            .put("contentType", row.getString("content_type"))
            .put("size", row.getLong("size"))
            .put("href", Document.contentHref(id, row.getInteger("current_version")));
    }

    /** Where a version of a document is downloaded, for anyone who may read it where it is attached. */
    static String href(UUID documentId, int version) {
        return Document.contentHref(documentId, version);
    }

    /** The same listing from a JSON object with the same fields as {@link #json(Row)}'s row (from {@code jsonb_build_object}). */
    static JsonObject json(JsonObject columns) {
        UUID id = UUID.fromString(columns.getString("document_id"));
        return new JsonObject()
            .put("documentId", id.toString())
            .put("title", columns.getString("title"))
            .put("filename", columns.getString("filename"))
            .put("contentType", columns.getString("content_type"))
            .put("size", columns.getLong("size"))
            .put("href", Document.contentHref(id, columns.getInteger("current_version")));
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
