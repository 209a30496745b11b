package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.CsrfProtection;
import uk.nhs.hub.platform.HubException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Receives one {@code multipart/form-data} upload as a stream, without vertx-web's body handler (which would
 * hold the whole body in memory or on local disk): the file goes straight into PostgreSQL through a
 * {@link BlobWriter}, its type is detected from its first bytes before anything is stored, and the request is
 * refused with 413 the moment it crosses the size limit, its connection closed rather than read to the end.
 * Any failure, including the client going away, removes what was written.
 *
 * <p>Whether the person may upload is checked while the first part is held back, so nothing is stored for a
 * request that would be refused. A browser form's CSRF token can only be read once the whole request has arrived
 * (Vert.x hands over multipart text fields then), so it is checked last, and a request that fails it has its
 * file removed again.
 */
final class StreamedUpload {

    /** Room for the multipart framing and the text fields beside the file. */
    private static final long FORM_OVERHEAD = 1024 * 1024;
    /** How long a refused upload's connection stays open, unread, so that the client can read the answer. */
    private static final long LINGER_MILLIS = 1000;
    /** How long a refused form's answer waits for the rest of it before going without what was typed. */
    private static final long REST_WAIT_MILLIS = 30_000;

    /** The text fields and the stored (but not yet sealed) file, if one was sent. */
    record Received(Map<String, String> fields, File file) {
    }

    /** A file written as a pending blob; it is sealed in the transaction that records it, or discarded. */
    record File(BlobWriter blob, String filename, String contentType, long size, String sha256) {
    }

    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final long maxBytes;
    private final Future<?> allowed;
    private final CsrfProtection csrf;
    private final BlobWriter writer;
    private final Promise<Received> done = Promise.promise();
    private HttpServerFileUpload upload;
    private String filename;
    private String contentType;
    private long received;
    private boolean fileEnded;
    private boolean requestEnded;
    private boolean finished;
    /** The client went away (its connection closed, or the request broke): nothing more will arrive. */
    private boolean gone;
    /** Set while the answer to a refused form waits for the rest of the form. */
    private Throwable refusal;
    private boolean closing;
    private File file;

    private StreamedUpload(RoutingContext ctx, Pool pool, long maxBytes, Future<?> allowed, CsrfProtection csrf) {
        this.ctx = ctx;
        this.request = ctx.request();
        this.maxBytes = maxBytes;
        this.allowed = allowed;
        this.csrf = csrf;
        this.writer = new BlobWriter(pool);
    }

    /**
     * Starts reading the request; must run before the request resumes (in the route chain, synchronously).
     *
     * @param allowed fails (404, 403) when the person may not upload here; nothing is stored until it succeeds
     */
    static Future<Received> receive(RoutingContext ctx, Pool pool, long maxBytes, Future<?> allowed,
                                    CsrfProtection csrf) {
        return new StreamedUpload(ctx, pool, maxBytes, allowed, csrf).start();
    }

    private Future<Received> start() {
        String type = request.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            refuse(HubException.invalid("file", "Send the file as multipart/form-data"));
            return done.future();
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parses(length) && Long.parseLong(length.trim()) > maxBytes + FORM_OVERHEAD) {
            refuse(tooLarge());
            return done.future();
        }
        request.setExpectMultipart(true);
        request.uploadHandler(this::file);
        request.exceptionHandler(this::broken);
        request.endHandler(v -> {
            requestEnded = true;
            allowed.onComplete(checked -> {
                if (checked.failed()) {
                    fail(checked.cause());
                } else {
                    complete();
                }
            });
        });
        return done.future();
    }

    private void file(HttpServerFileUpload part) {
        if (finished) {
            part.exceptionHandler(err -> { });
            part.handler(this::bytes);
            return;
        }
        if (part.filename() == null || part.filename().isEmpty()) {
            // a browser sends a form's file input that has no file chosen as an empty part with no name: no file
            part.exceptionHandler(err -> { });
            part.handler(bytes -> { });
            return;
        }
        if (upload != null) {
            fail(HubException.invalid("file", "Send one file at a time"));
            return;
        }
        upload = part;
        part.pause();
        allowed.onComplete(checked -> {
            if (finished) {
                // refused meanwhile: what is left of the part is read and dropped
                part.resume();
                return;
            }
            if (checked.failed()) {
                fail(checked.cause());
                return;
            }
            if (!"file".equals(part.name())) {
                fail(HubException.invalid("file", "Send the file in the field named 'file'"));
                return;
            }
            filename = FileKinds.safeName(part.filename());
            part.exceptionHandler(this::broken);
            part.handler(this::bytes);
            part.endHandler(v -> fileEnd());
            part.resume();
        });
    }

    private void bytes(Buffer bytes) {
        received += bytes.length();
        if (finished) {
            // the rest of a refused upload, read only so that the connection can carry the next request; beyond
            // what any form may carry, the answer goes now and the connection is closed a moment after it
            if (received > maxBytes && !closing) {
                closing = true;
                request.pause();
                if (ctx.response().ended()) {
                    request.connection().close();
                } else {
                    ctx.addEndHandler(v -> ctx.vertx().setTimer(LINGER_MILLIS, t -> request.connection().close()));
                    if (refusal != null) {
                        done.tryFail(refusal);
                    }
                }
            }
            return;
        }
        if (received > maxBytes) {
            fail(tooLarge());
            return;
        }
        try {
            if (contentType == null && writer.wouldFlush(bytes.length())) {
                contentType = detect(bytes);
            }
        } catch (HubException refused) {
            fail(refused);
            return;
        }
        Future<Void> written = writer.write(bytes);
        if (!written.isComplete()) {
            upload.pause();
        }
        written.onComplete(ok -> {
            if (ok.failed()) {
                fail(ok.cause());
            } else if (!finished) {
                upload.resume();
            }
        });
    }

    private void fileEnd() {
        if (finished) {
            return;
        }
        if (received == 0) {
            fail(HubException.invalid("file", "The selected file is empty"));
            return;
        }
        try {
            if (contentType == null) {
                contentType = detect(null);
            }
        } catch (HubException refused) {
            fail(refused);
            return;
        }
        writer.finish().onComplete(sealed -> {
            if (sealed.failed()) {
                fail(sealed.cause());
                return;
            }
            file = new File(writer, filename, contentType, writer.size(), sealed.result());
            fileEnded = true;
            complete();
        });
    }

    private String detect(Buffer more) {
        Buffer held = writer.unwritten();
        int fromMore = more == null ? 0 : Math.min(more.length(), Math.max(0, FileKinds.DETECT_BYTES - held.length()));
        int fromHeld = Math.min(held.length(), FileKinds.DETECT_BYTES);
        byte[] head = new byte[fromHeld + fromMore];
        held.getBytes(0, fromHeld, head, 0);
        if (fromMore > 0) {
            more.getBytes(0, fromMore, head, fromHeld);
        }
        return FileKinds.detect(head, head.length, filename);
    }

    private void complete() {
        if (finished || !requestEnded || (upload != null && !fileEnded)) {
            return;
        }
        // Vert.x hands over a multipart request's text fields only once the whole request has arrived, so a
        // browser form's token can be checked only now; a request that fails it loses the bytes it sent
        if (Boolean.TRUE.equals(ctx.get(CsrfProtection.FORM_TOKEN_PENDING))
                && !csrf.formEchoes(ctx, request.getFormAttribute(CsrfProtection.FORM_FIELD))) {
            fail(new HubException(403, "csrf",
                "This form has expired or did not come from this site. Go back, reload the page and try again.",
                null));
            return;
        }
        finished = true;
        Map<String, String> fields = new LinkedHashMap<>();
        request.formAttributes().forEach(entry -> fields.putIfAbsent(entry.getKey(), entry.getValue()));
        done.complete(new Received(fields, file));
    }

    /** The request or its file part broke, typically its connection closing: the client is gone. */
    private void broken(Throwable err) {
        gone = true;
        fail(err);
    }

    private void fail(Throwable err) {
        if (finished) {
            return;
        }
        finished = true;
        if (upload != null) {
            upload.pause();
        }
        writer.discard().onComplete(removed -> refuse(err));
    }

    /**
     * Fails the request. When the body has not all arrived and it is too large, the connection is closed once the
     * answer is sent so the rest is never read (a client that keeps sending sees the answer, then the connection
     * end); refused for any other reason, the rest is read and dropped first, and the answer sent at its end (or
     * when the client goes away, stops sending for {@value #REST_WAIT_MILLIS} ms, or sends more than the limit).
     */
    private void refuse(Throwable err) {
        finished = true;
        if (!requestEnded) {
            if (err instanceof HubException refused && refused.status() == 413) {
                // nothing more is read. Not "Connection: close", on which the server closes at once: closing while
                // the client is still sending makes its TCP stack reset the connection and drop the answer unread,
                // so the connection is closed a moment after the answer instead
                request.pause();
                ctx.addEndHandler(v -> ctx.vertx().setTimer(LINGER_MILLIS, t -> request.connection().close()));
            } else if (!gone) {
                // the answer waits for the rest: Vert.x decodes a multipart request's text fields only at its end,
                // and a page shows the refused form again with what was typed in them. A client that stops
                // sending is answered without them after a while; one that goes away, at once
                refusal = err;
                long waiting = ctx.vertx().setTimer(REST_WAIT_MILLIS, t -> done.tryFail(err));
                done.future().onComplete(answered -> ctx.vertx().cancelTimer(waiting));
                request.endHandler(v -> {
                    requestEnded = true;
                    done.tryFail(err);
                });
                request.exceptionHandler(broke -> {
                    gone = true;
                    done.tryFail(err);
                });
                discardRest();
                return;
            }
        }
        done.tryFail(err);
    }

    /**
     * Reads and drops the rest of a request refused for another reason than its size (at most the upload limit),
     * so that a browser's keep-alive connection stays usable and the form's text fields are decoded.
     */
    private void discardRest() {
        if (upload != null) {
            upload.handler(this::bytes);
            upload.exceptionHandler(err -> { });
            upload.endHandler(v -> { });
            upload.resume();
        } else if (!request.isExpectMultipart()) {
            request.handler(bytes -> bytes(bytes));
        }
        request.resume();
    }

    private HubException tooLarge() {
        return new HubException(413, "too_large", "The file must be smaller than " + (maxBytes / (1024 * 1024))
            + "MB", "file");
    }

    private static boolean parses(String number) {
        try {
            Long.parseLong(number.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
