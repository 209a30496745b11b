package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.CsrfProtection;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.ControlCharacters;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Another feature's page form that may carry one file for a network's library (a reply with a paper): streamed in
 * exactly as a library upload is ({@link StreamedUpload}: typed from its bytes, never whole in memory, 413 at the
 * limit, removed again when refused), then either kept as a document of the library or discarded by the feature
 * that owns the form, once it knows whether its own change went through.
 */
public final class PaperForms {

    private final DocumentService documents;
    private final Authentication authentication;
    private final CsrfProtection csrf;
    private final long maxUploadBytes;

    PaperForms(DocumentService documents, Authentication authentication, CsrfProtection csrf, long maxUploadBytes) {
        this.documents = documents;
        this.authentication = authentication;
        this.csrf = csrf;
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * Mounts {@code handler} for form posts to {@code path} with the steps a streamed form needs instead of the
     * hub's body handler (control characters, sign-in, CSRF read from the stream); mount before the body handler.
     */
    public void mount(Router router, String path, Handler<RoutingContext> handler) {
        // only multipart forms: the same path's other forms go through the body handler as usual
        router.post(path).consumes("multipart/form-data")
            .handler(ControlCharacters.refused()).handler(authentication.identify())
            .handler(csrf.allowingStreamedForm()).handler(authentication.requireUserPage())
            .handler(handler);
    }

    /** A received form: its text fields, and its file when one was chosen. */
    public record Received(Map<String, String> fields, Pending file) {
    }

    /** A file stored but not yet a document: {@link #keep} or {@link #discard} it. */
    public static final class Pending {

        private final DocumentService documents;
        private final StreamedUpload.File file;
        private final RequestOrigin origin;

        private Pending(DocumentService documents, StreamedUpload.File file, RequestOrigin origin) {
            this.documents = documents;
            this.file = file;
            this.origin = origin;
        }

        public String filename() {
            return file.filename();
        }

        /**
         * Makes the file a document of the network's library, titled by its file name and tagged {@code tag} so
         * that the library lists where it came from; uploaded and audited as any library upload.
         */
        public Future<UUID> keep(SignedInUser actor, UUID networkId, String tag) {
            String title = file.filename().length() > DocumentService.MAX_TITLE
                ? file.filename().substring(0, DocumentService.MAX_TITLE) : file.filename();
            DocumentService.UploadFields fields = new DocumentService.UploadFields(title, "", List.of(tag), null, "");
            return documents.create(actor, networkId, fields, file, origin)
                .recover(err -> file.blob().discard().transform(ignored -> Future.failedFuture(err)))
                .map(summary -> UUID.fromString(summary.getString("id")));
        }

        /** Removes the stored bytes: the form was refused, or only previewed. */
        public Future<Void> discard() {
            return file.blob().discard();
        }
    }

    /**
     * Starts reading the form; call it synchronously in the route chain.
     *
     * @param allowed fails (404, 403) when the person may not post the form; nothing is stored until it succeeds
     */
    public Future<Received> receive(RoutingContext ctx, Future<?> allowed) {
        RequestOrigin origin = RequestOrigin.of(ctx);
        return StreamedUpload.receive(ctx, documents.pool(), maxUploadBytes, allowed, csrf)
            .map(received -> new Received(received.fields(),
                received.file() == null ? null : new Pending(documents, received.file(), origin)));
    }
}
