package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.AuditLog;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Purges documents deleted more than 30 days ago: the documents, their versions, and the stored content that no
 * other version uses. Content is shared between versions with the same SHA-256, so a blob goes only when nothing
 * refers to it any more; the database refuses the rest anyway (versions restrict their blob's deletion).
 */
final class PaperPurge {

    /** How long a deleted document stays restorable. */
    static final Duration RESTORABLE = Duration.ofDays(30);

    /** One node purges at a time; another that finds the lock taken has nothing to do this round. */
    private static final String ONE_PURGER = "SELECT pg_try_advisory_xact_lock(hashtextextended('paper-purge', 15)) AS mine";
    private static final String DUE = """
        SELECT count(*) AS documents, coalesce(sum(versions), 0) AS versions
          FROM (SELECT d.id, (SELECT count(*) FROM document_versions v WHERE v.document_id = d.id) AS versions
                  FROM documents d WHERE d.deleted_at < $1) due
        """;
    /** In SHA order, so that two transactions taking several content locks take them in the same order. */
    private static final String BLOBS_OF_DUE = """
        SELECT DISTINCT b.id, b.sha256
          FROM documents d
          JOIN document_versions v ON v.document_id = d.id
          JOIN document_blobs b ON b.id = v.blob_id
         WHERE d.deleted_at < $1
         ORDER BY b.sha256
        """;
    private static final String DELETE_DUE = "DELETE FROM documents WHERE deleted_at < $1";
    private static final String DELETE_UNUSED_BLOB = """
        DELETE FROM document_blobs b WHERE b.id = $1
           AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.blob_id = b.id)
        """;

    /** What one run purged. */
    record Purged(long documents, long versions, long blobs) {
    }

    private final Pool pool;

    PaperPurge(Pool pool) {
        this.pool = pool;
    }

    /** Purges what was deleted before {@code now} less 30 days, and records the counts in the audit log. */
    Future<Purged> run(Instant now) {
        OffsetDateTime cutoff = now.minus(RESTORABLE).atOffset(ZoneOffset.UTC);
        return pool.withTransaction(tx -> tx.query(ONE_PURGER).execute().compose(rows -> {
            if (!rows.iterator().next().getBoolean("mine")) {
                return Future.succeededFuture(new Purged(0, 0, 0));
            }
            return Future.all(tx.preparedQuery(DUE).execute(Tuple.of(cutoff)),
                    tx.preparedQuery(BLOBS_OF_DUE).execute(Tuple.of(cutoff)))
                .compose(all -> {
                    Row due = all.<io.vertx.sqlclient.RowSet<Row>>resultAt(0).iterator().next();
                    long documents = due.getLong("documents");
                    if (documents == 0) {
                        return Future.succeededFuture(new Purged(0, 0, 0));
                    }
                    List<Row> blobs = new ArrayList<>();
                    all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1).forEach(blobs::add);
                    return tx.preparedQuery(DELETE_DUE).execute(Tuple.of(cutoff))
                        .compose(v -> deleteUnused(tx, blobs))
                        .map(deleted -> new Purged(documents, due.getLong("versions"), deleted))
                        .compose(purged -> AuditLog.record(tx, new AuditLog.Entry(null, "document.purged", null, null, null,
                                new JsonObject().put("documents", purged.documents()).put("versions", purged.versions())
                                    .put("blobs", purged.blobs())))
                            .map(purged));
                });
        }));
    }

    /**
     * Deletes each blob no version uses any more, under the same per-content lock an upload takes before it
     * reuses stored content, so an upload of the same bytes either sees the blob gone or keeps it in use.
     */
    private static Future<Long> deleteUnused(SqlClient tx, List<Row> blobs) {
        Future<Long> deleted = Future.succeededFuture(0L);
        for (Row blob : blobs) {
            deleted = deleted.compose(count -> tx.preparedQuery(DocumentSql.LOCK_SHA).execute(Tuple.of(blob.getString("sha256")))
                .compose(locked -> tx.preparedQuery(DELETE_UNUSED_BLOB).execute(Tuple.of(blob.getUUID("id"))))
                .map(rows -> count + rows.rowCount()));
        }
        return deleted;
    }
}
