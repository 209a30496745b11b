package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.platform.JobRuns;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the text of uploaded papers for search, one version at a time, off the event loop. A version waiting for
 * it ({@code text_status = 'pending'}) is taken with {@code FOR UPDATE SKIP LOCKED}, so several nodes share the work
 * and none reads the same version twice; its chunks are copied to a temporary file (never the heap), read by
 * {@link PaperText}, and its pages stored in the same transaction that records how reading ended. It runs soon
 * after every upload on this node and every half minute for versions uploaded through other nodes.
 */
final class PaperTextJob {

    private static final Logger LOG = LoggerFactory.getLogger(PaperTextJob.class);
    /** Versions read in one run before the job lets other work have the worker thread. */
    private static final int PER_RUN = 20;

    private static final String NEXT = """
        SELECT v.document_id, v.version, v.content_type, b.id AS blob_id, b.chunk_count
        FROM document_versions v JOIN document_blobs b ON b.id = v.blob_id
        WHERE v.text_status = 'pending'
        ORDER BY v.uploaded_at
        LIMIT 1
        FOR UPDATE OF v SKIP LOCKED
        """;
    private static final String INSERT_PAGES = """
        INSERT INTO document_text_pages (document_id, version, ordinal, page, body)
        SELECT $1, $2, o, p, b FROM unnest($3::int[], $4::int[], $5::text[]) AS t(o, p, b)
        """;
    private static final String FINISH = "UPDATE document_versions SET text_status = $3 WHERE document_id = $1 AND version = $2";

    private final Vertx vertx;
    private final Pool pool;
    private final PaperText reader;
    private final AtomicBoolean running = new AtomicBoolean();
    private JobRuns runs = JobRuns.UNWATCHED;
    private long timer = -1;

    PaperTextJob(Vertx vertx, Pool pool, PaperText reader) {
        this.vertx = vertx;
        this.pool = pool;
        this.reader = reader;
    }

    void start(long intervalMillis, JobRuns runs) {
        this.runs = runs;
        nudge();
        timer = vertx.setPeriodic(intervalMillis, id -> nudge());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Reads whatever is waiting, unless a run is already going on this node (it will find the new version). */
    void nudge() {
        if (running.compareAndSet(false, true)) {
            runs.record(() -> drain(PER_RUN)).onComplete(done -> running.set(false));
        }
    }

    private Future<Void> drain(int left) {
        if (left == 0) {
            return Future.succeededFuture();
        }
        return readOne().compose(found -> found ? drain(left - 1) : Future.succeededFuture());
    }

    /** Reads one waiting version; false when none is waiting. */
    Future<Boolean> readOne() {
        return pool.getConnection().compose(conn -> conn.begin().compose(tx -> conn.preparedQuery(NEXT).execute()
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return tx.commit().map(false);
                    }
                    Row row = rows.iterator().next();
                    UUID documentId = row.getUUID("document_id");
                    int version = row.getInteger("version");
                    return read(conn, row).compose(result -> store(conn, documentId, version, result))
                        .compose(v -> tx.commit()).map(true);
                })
                .onFailure(err -> tx.rollback()))
            .eventually(conn::close))
            .onFailure(err -> LOG.warn("could not read a paper's text: {}", err.toString()));
    }

    private Future<PaperText.Result> read(SqlConnection conn, Row row) {
        Path file;
        try {
            file = Files.createTempFile("hub-paper-", ".bin");
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        UUID blobId = row.getUUID("blob_id");
        int chunks = row.getInteger("chunk_count");
        return copy(conn, blobId, 0, chunks, file)
            .compose(v -> vertx.<PaperText.Result>executeBlocking(() -> reader.read(file, row.getString("content_type")), false))
            .eventually(() -> vertx.executeBlocking(() -> Files.deleteIfExists(file), false));
    }

    /** Appends the blob's chunks to the file one at a time, so the heap holds one chunk, not the paper. */
    private Future<Void> copy(SqlConnection conn, UUID blobId, int seq, int chunks, Path file) {
        if (seq == chunks) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(DocumentSql.CHUNK).execute(Tuple.of(blobId, seq))
            .compose(rows -> vertx.<Void>executeBlocking(() -> {
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                    out.write(rows.iterator().next().getBuffer("bytes").getBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            }, true))
            .compose(v -> copy(conn, blobId, seq + 1, chunks, file));
    }

    private Future<Void> store(SqlConnection conn, UUID documentId, int version, PaperText.Result result) {
        int n = result.pages().size();
        Integer[] ordinals = new Integer[n];
        Integer[] pages = new Integer[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            ordinals[i] = i;
            pages[i] = result.pages().get(i).page();
            // PostgreSQL text cannot hold NUL, which some files carry
            bodies[i] = result.pages().get(i).text().replace('\0', ' ');
        }
        String status = switch (result.outcome()) {
            case DONE -> "done";
            case TOO_LARGE -> "too_large";
            case FAILED -> "failed";
        };
        if (result.reason() != null) {
            // the file's text is not searchable (or not all of it); nobody is told, so say why here
            LOG.info("Paper {} version {}: {} ({})", documentId, version, status, result.reason());
        }
        Future<?> inserted = n == 0 ? Future.succeededFuture()
            : conn.preparedQuery(INSERT_PAGES).execute(Tuple.of(documentId, version, ordinals, pages, bodies));
        return inserted.compose(v -> conn.preparedQuery(FINISH).execute(Tuple.of(documentId, version, status))).mapEmpty();
    }
}
