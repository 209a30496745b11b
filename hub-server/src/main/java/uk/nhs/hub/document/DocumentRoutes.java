package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.CsrfProtection;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.ControlCharacters;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

import java.util.UUID;

/** The library API: streamed uploads and downloads, listing, versions, delete and restore, folders. */
final class DocumentRoutes {

    static final int PAGE = 50;
    static final int MAX_PAGE = 100;

    private final DocumentService documents;
    private final Authentication authentication;
    private final CsrfProtection csrf;
    private final long maxUploadBytes;

    DocumentRoutes(DocumentService documents, Authentication authentication, CsrfProtection csrf, long maxUploadBytes) {
        this.documents = documents;
        this.authentication = authentication;
        this.csrf = csrf;
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * The two upload routes, mounted ahead of the hub's body handler so that the file streams into the database
     * instead of being buffered; they bring their own sign-in, CSRF and control-character steps.
     */
    void mountUploads(Router router) {
        router.post("/api/networks/:id/documents")
            .handler(ControlCharacters.refused()).handler(authentication.identify())
            .handler(csrf.allowingStreamedForm()).handler(authentication.requireUser())
            .handler(this::upload);
        router.post("/api/documents/:documentId/versions")
            .handler(ControlCharacters.refused()).handler(authentication.identify())
            .handler(csrf.allowingStreamedForm()).handler(authentication.requireUser())
            .handler(this::uploadVersion);
    }

    void mount(Router router) {
        Handler<RoutingContext> signedIn = authentication.requireUser();
        router.get("/api/networks/:id/documents").handler(signedIn).handler(ctx ->
            documents.list(user(ctx), networkId(ctx), DocumentService.folderId(ctx.request().getParam("folderId")),
                    ctx.request().getParam("after"), limit(ctx))
                .onSuccess(page -> Responses.json(ctx, 200, page)).onFailure(ctx::fail));
        router.get("/api/documents/:documentId").handler(signedIn).handler(ctx ->
            documents.get(user(ctx), documentId(ctx)).onSuccess(d -> Responses.json(ctx, 200, d)).onFailure(ctx::fail));
        router.get("/api/documents/:documentId/content").handler(signedIn).handler(this::download);
        router.delete("/api/documents/:documentId").handler(signedIn).handler(ctx ->
            documents.delete(user(ctx), documentId(ctx), RequestOrigin.of(ctx))
                .onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail));
        router.post("/api/documents/:documentId/restore").handler(signedIn).handler(ctx ->
            documents.restore(user(ctx), documentId(ctx), RequestOrigin.of(ctx))
                .onSuccess(d -> Responses.json(ctx, 200, d)).onFailure(ctx::fail));
        router.get("/api/networks/:id/folders").handler(signedIn).handler(ctx ->
            documents.folders(user(ctx), networkId(ctx)).onSuccess(f -> Responses.json(ctx, 200, f)).onFailure(ctx::fail));
        router.post("/api/networks/:id/folders").handler(signedIn).handler(JsonBodies.required()).handler(ctx -> {
            JsonObject body = JsonBodies.of(ctx);
            documents.createFolder(user(ctx), networkId(ctx), folderName(body), JsonBodies.id(body, "parentId"))
                .onSuccess(f -> Responses.json(ctx, 201, f)).onFailure(ctx::fail);
        });
        router.patch("/api/folders/:folderId").handler(signedIn).handler(JsonBodies.required()).handler(ctx ->
            documents.renameFolder(user(ctx), folderId(ctx), folderName(JsonBodies.of(ctx)))
                .onSuccess(f -> Responses.json(ctx, 200, f)).onFailure(ctx::fail));
        router.delete("/api/folders/:folderId").handler(signedIn).handler(ctx ->
            documents.deleteFolder(user(ctx), folderId(ctx)).onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail));
    }

    private void upload(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        UUID networkId = networkId(ctx);
        Future<?> allowed = documents.mayUploadTo(user.id(), networkId);
        StreamedUpload.receive(ctx, documents.pool(), maxUploadBytes, allowed, csrf)
            .compose(received -> stored(received, () -> documents.create(user, networkId,
                DocumentService.documentFields(received.fields()), requireFile(received), RequestOrigin.of(ctx))))
            .onSuccess(d -> {
                ctx.response().putHeader("Location", "/api/documents/" + d.getString("id"));
                Responses.json(ctx, 201, d);
            })
            .onFailure(ctx::fail);
    }

    private void uploadVersion(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        UUID documentId = documentId(ctx);
        Future<?> allowed = documents.mayAddVersion(user.id(), documentId);
        StreamedUpload.receive(ctx, documents.pool(), maxUploadBytes, allowed, csrf)
            .compose(received -> stored(received, () -> documents.addVersion(user, documentId,
                DocumentService.versionFields(received.fields()), requireFile(received), RequestOrigin.of(ctx))))
            .onSuccess(d -> Responses.json(ctx, 201, d))
            .onFailure(ctx::fail);
    }

    /** Records a received file; if recording fails (a bad field, a race), the file's bytes are removed again. */
    static Future<JsonObject> stored(StreamedUpload.Received received,
                                             java.util.function.Supplier<Future<JsonObject>> record) {
        Future<JsonObject> recorded;
        try {
            recorded = record.get();
        } catch (RuntimeException e) {
            recorded = Future.failedFuture(e);
        }
        return recorded.recover(err -> received.file() == null ? Future.failedFuture(err)
            : received.file().blob().discard().transform(ignored -> Future.failedFuture(err)));
    }

    static StreamedUpload.File requireFile(StreamedUpload.Received received) {
        if (received.file() == null) {
            throw HubException.invalid("file", "Select a file to upload");
        }
        return received.file();
    }

    private void download(RoutingContext ctx) {
        Integer version = version(ctx);
        documents.content(user(ctx), documentId(ctx), version).onSuccess(content -> {
            HttpServerResponse response = ctx.response();
            String etag = "\"" + content.sha256() + "\"";
            response.putHeader("ETag", etag)
                .putHeader("Cache-Control", "private, no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                // whatever the file holds, a browser that opens it runs nothing from it
                .putHeader("Content-Security-Policy", "sandbox");
            if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
                response.setStatusCode(304).end();
                return;
            }
            response.putHeader("Content-Type", content.contentType())
                .putHeader("Content-Length", Long.toString(content.size()))
                .putHeader("Content-Disposition", FileKinds.disposition(content.contentType(), content.filename()));
            documents.countDownload(content.documentId())
                .onSuccess(v -> sendChunk(ctx, content, 0))
                .onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    /** Sends the chunks one at a time, each fetched only when the client has taken the one before. */
    private void sendChunk(RoutingContext ctx, DocumentService.Content content, int seq) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            return;
        }
        if (seq == content.chunkCount()) {
            response.end();
            return;
        }
        documents.pool().preparedQuery(DocumentSql.CHUNK).execute(Tuple.of(content.blobId(), seq)).onSuccess(rows -> {
            if (response.closed()) {
                return;
            }
            response.write(rows.iterator().next().getBuffer("bytes"));
            if (response.writeQueueFull()) {
                response.drainHandler(v -> sendChunk(ctx, content, seq + 1));
            } else {
                sendChunk(ctx, content, seq + 1);
            }
        }).onFailure(ctx::fail);
    }

    static String folderName(JsonObject body) {
        String name = JsonBodies.text(body, "name");
        name = name == null ? "" : name.strip();
        if (name.isEmpty()) {
            throw HubException.invalid("name", "Enter a name for the folder");
        }
        if (name.length() > 100) {
            throw HubException.invalid("name", "The folder name must be 100 characters or fewer");
        }
        return name;
    }

    private static Integer version(RoutingContext ctx) {
        String text = ctx.request().getParam("version");
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int version = Integer.parseInt(text);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw HubException.invalid("version", "'version' must be a whole number from 1");
        }
    }

    private static int limit(RoutingContext ctx) {
        String text = ctx.request().getParam("limit");
        if (text == null || text.isBlank()) {
            return PAGE;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1 || limit > MAX_PAGE) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw HubException.invalid("limit", "'limit' must be a whole number from 1 to " + MAX_PAGE);
        }
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID networkId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "id", "Network not found");
    }

    private static UUID documentId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "documentId", "Document not found");
    }

    private static UUID folderId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "folderId", "Folder not found");
    }
}
