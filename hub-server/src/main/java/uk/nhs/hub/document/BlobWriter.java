package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Writes one file into PostgreSQL as it arrives: a pending blob row, then one chunk row per {@value #CHUNK_BYTES}
 * bytes, each committed on its own so that a slow upload holds no connection between chunks, and the SHA-256
 * computed on the way. The caller waits for each {@link #write} before reading more (backpressure), so at most one
 * chunk per upload is ever in memory. {@link #seal} deduplicates inside the caller's transaction; {@link #discard}
 * removes everything an unfinished upload wrote.
 */
final class BlobWriter {

    static final int CHUNK_BYTES = 256 * 1024;

    private final Pool pool;
    private final MessageDigest digest;
    private Buffer pending = Buffer.buffer(CHUNK_BYTES);
    private UUID blobId;
    private int chunks;
    private long size;
    private String sha256;
    private Future<Void> inFlight = Future.succeededFuture();

    BlobWriter(Pool pool) {
        this.pool = pool;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Bytes held but not yet written, for detecting the file's type before anything is stored. */
    Buffer unwritten() {
        return pending;
    }

    long size() {
        return size;
    }

    /** Appends bytes; the future completes when the caller may send more. */
    Future<Void> write(Buffer bytes) {
        digest.update(bytes.getBytes());
        size += bytes.length();
        Future<Void> written = Future.succeededFuture();
        // chunks are exactly CHUNK_BYTES, so the buffer never outgrows its first allocation: a larger one would
        // be a humongous object, allocated by G1 straight into the old generation
        for (int offset = 0; offset < bytes.length(); ) {
            int take = Math.min(CHUNK_BYTES - pending.length(), bytes.length() - offset);
            pending.appendBuffer(bytes, offset, take);
            offset += take;
            if (pending.length() == CHUNK_BYTES) {
                written = flush();
            }
        }
        return written;
    }

    /** Whether the next {@link #write} of this many bytes would flush, so the type must be known first. */
    boolean wouldFlush(int more) {
        return pending.length() + more >= CHUNK_BYTES;
    }

    /** Writes what is left and computes the file's SHA-256. */
    Future<String> finish() {
        Future<Void> last = pending.length() > 0 ? flush() : inFlight;
        return last.map(v -> {
            sha256 = HexFormat.of().formatHex(digest.digest());
            return sha256;
        });
    }

    /** Writes the pending chunk after any still in flight, so chunks and the one blob row are written in order. */
    private Future<Void> flush() {
        Buffer chunk = pending;
        pending = Buffer.buffer(CHUNK_BYTES);
        int seq = chunks++;
        inFlight = inFlight.compose(v -> blobId != null ? Future.succeededFuture(blobId)
                : pool.query(DocumentSql.NEW_BLOB).execute().map(rows -> {
                    blobId = rows.iterator().next().getUUID("id");
                    return blobId;
                }))
            .compose(id -> pool.preparedQuery(DocumentSql.INSERT_CHUNK).execute(Tuple.of(id, seq, chunk)))
            .mapEmpty();
        return inFlight;
    }

    /**
     * Makes the written blob permanent inside the caller's transaction and returns the blob that holds these
     * bytes: an existing one with the same SHA-256 (this upload's copy is then deleted) or this one.
     */
    Future<UUID> seal(SqlClient tx) {
        return tx.preparedQuery(DocumentSql.LOCK_SHA).execute(Tuple.of(sha256))
            .compose(locked -> tx.preparedQuery(DocumentSql.BLOB_BY_SHA).execute(Tuple.of(sha256)))
            .compose(found -> {
                if (found.size() > 0) {
                    UUID existing = found.iterator().next().getUUID("id");
                    return tx.preparedQuery(DocumentSql.DELETE_BLOB).execute(Tuple.of(blobId)).map(existing);
                }
                return tx.preparedQuery(DocumentSql.SEAL_BLOB).execute(Tuple.of(blobId, sha256, size, chunks))
                    .map(blobId);
            });
    }

    /**
     * Removes whatever this upload wrote, unless it was sealed (then nothing is pending to remove); waits for a
     * write still in flight, whose blob row would otherwise be left behind.
     */
    Future<Void> discard() {
        pending = Buffer.buffer(0);
        return inFlight.transform(ignored -> blobId == null ? Future.succeededFuture()
            : pool.preparedQuery(DocumentSql.DELETE_BLOB).execute(Tuple.of(blobId)).mapEmpty());
    }

    String sha256() {
        return sha256;
    }

    int chunkCount() {
        return chunks;
    }
}
