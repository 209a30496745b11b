package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkAccess;
import uk.nhs.hub.network.NetworkEvents;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.ControlCharacters;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.RequestOrigin;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The library: who may read and change it, and every change in one transaction with its audit entry and network
 * event. Full members of a network (and the organisers and central team above it) read its library and upload to
 * it; a document's uploader or an organiser adds versions, deletes and restores; organisers manage folders.
 * Anyone else is told the network or document does not exist.
 */
public final class DocumentService {

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_TAGS = 20;
    static final int MAX_TAG = 50;
    static final int MAX_NOTE = 500;

    private final Vertx vertx;
    private final Pool pool;
    private final NetworkService networks;
    /** Told after a new document or version commits, so its text is read for search without waiting. */
    private Runnable newVersion = () -> { };
    private volatile AttachedPapers attached = AttachedPapers.NONE;

    DocumentService(Vertx vertx, Pool pool, NetworkService networks) {
        this.vertx = vertx;
        this.pool = pool;
        this.networks = networks;
    }

    void onNewVersion(Runnable listener) {
        this.newVersion = listener;
    }

    Pool pool() {
        return pool;
    }

    void readAttachedPapersWith(AttachedPapers attached) {
        this.attached = attached;
    }

    /** The fields of an upload, already read from the form. */
    record UploadFields(String title, String description, List<String> tags, UUID folderId, String changeNote) {
    }

    /** A document the reader may open, and what they may do with it. */
    record Readable(Document document, NetworkAccess access, boolean mayChange) {
    }

    /** Checks that the person may upload to the network's library before any byte is stored. */
    Future<NetworkAccess> mayUploadTo(UUID actor, UUID networkId) {
        return libraryAccess(networkId, actor);
    }

    /** Checks that the person may add a version to the document before any byte is stored. */
    Future<Readable> mayAddVersion(UUID actor, UUID documentId) {
        return readable(actor, documentId, false).map(this::requireChange);
    }

    static UploadFields documentFields(Map<String, String> form) {
        String title = text(form, "title", MAX_TITLE, true);
        return new UploadFields(title, text(form, "description", MAX_DESCRIPTION, false), tags(form.get("tags")),
            folderId(form.get("folderId")), null);
    }

    static UploadFields versionFields(Map<String, String> form) {
        return new UploadFields(null, null, List.of(), null, text(form, "changeNote", MAX_NOTE, false));
    }

    /** Adds a document from a stored upload: its first version, audit entry and event, in one transaction. */
    Future<JsonObject> create(SignedInUser actor, UUID networkId, UploadFields fields, StreamedUpload.File file,
                              RequestOrigin origin) {
        return libraryAccess(networkId, actor.id())
            .compose(access -> fields.folderId() == null ? Future.succeededFuture()
                : folderIn(networkId, fields.folderId(), "folderId"))
            .compose(v -> pool.withTransaction(tx -> file.blob().seal(tx)
                .compose(blobId -> tx.preparedQuery(DocumentSql.INSERT_DOCUMENT).execute(Tuple.of(networkId,
                        fields.folderId(), fields.title(), fields.description(), fields.tags().toArray(new String[0]),
                        actor.id()))
                    .compose(rows -> {
                        UUID id = rows.iterator().next().getUUID("id");
                        return insertVersion(tx, id, 1, blobId, file, "", actor.id()).map(id);
                    }))
                .compose(id -> audit(tx, actor, "document.uploaded", id, origin, new JsonObject()
                        .put("networkId", networkId.toString()).put("version", 1).put("sha256", file.sha256())
                        .put("filename", file.filename()).put("size", file.size()))
                    .compose(a -> load(tx, id)))
                .compose(document -> NetworkEvents.append(tx, networkId, DocumentEvents.CREATED,
                        new JsonObject().put("document", document.summary()))
                    .map(event -> Map.entry(document, event)))))
            .map(done -> {
                NetworkEvents.publish(vertx, done.getValue());
                newVersion.run();
                return done.getKey().summary();
            });
    }

    /** Adds a version from a stored upload, in one transaction with its audit entry and event. */
    Future<JsonObject> addVersion(SignedInUser actor, UUID documentId, UploadFields fields, StreamedUpload.File file,
                                  RequestOrigin origin) {
        return mayAddVersion(actor.id(), documentId).compose(readable -> pool.withTransaction(tx ->
            tx.preparedQuery(DocumentSql.NEXT_VERSION).execute(Tuple.of(documentId)).compose(rows -> {
                if (rows.size() == 0) {
                    return Future.failedFuture(HubException.notFound("Document not found"));
                }
                int version = rows.iterator().next().getInteger("current_version");
                return file.blob().seal(tx)
                    .compose(blobId -> insertVersion(tx, documentId, version, blobId, file, fields.changeNote(), actor.id()))
                    .compose(v -> audit(tx, actor, "document.version-added", documentId, origin, new JsonObject()
                        .put("version", version).put("sha256", file.sha256()).put("filename", file.filename())
                        .put("size", file.size())))
                    .compose(v -> load(tx, documentId))
                    .compose(document -> NetworkEvents.append(tx, document.networkId(), DocumentEvents.VERSION,
                            new JsonObject().put("document", document.summary()))
                        .map(event -> Map.entry(document, event)));
            })))
            .map(done -> {
                NetworkEvents.publish(vertx, done.getValue());
                PaperChanges.announce(vertx, documentId);
                newVersion.run();
                return done.getKey().summary();
            });
    }

    private static Future<Void> insertVersion(SqlClient tx, UUID documentId, int version, UUID blobId,
                                              StreamedUpload.File file, String note, UUID actor) {
        String textStatus = file.contentType().startsWith("image/") ? "none" : "pending";
        return tx.preparedQuery(DocumentSql.INSERT_VERSION).execute(Tuple.from(List.of(documentId, version, blobId,
            file.filename(), file.contentType(), file.size(), file.sha256(), note, actor, textStatus))).mapEmpty();
    }

    /** A page of the library, newest first, optionally within one folder. */
    Future<JsonObject> list(SignedInUser actor, UUID networkId, UUID folderId, String after, int limit) {
        Cursor cursor = Cursor.parse(after);
        return libraryAccess(networkId, actor.id())
            .compose(access -> folderId == null ? Future.succeededFuture() : folderIn(networkId, folderId, "folderId"))
            .compose(v -> pool.preparedQuery(DocumentSql.LIBRARY_PAGE).execute(Tuple.of(networkId, folderId,
                cursor == null ? null : cursor.createdAt(), cursor == null ? null : cursor.id(), limit + 1)))
            .map(rows -> {
                List<Document> documents = new ArrayList<>();
                rows.forEach(row -> documents.add(Document.of(row)));
                boolean more = documents.size() > limit;
                List<Document> page = more ? documents.subList(0, limit) : documents;
                JsonArray items = new JsonArray();
                page.forEach(d -> items.add(d.summary()));
                Document last = page.isEmpty() ? null : page.get(page.size() - 1);
                return new JsonObject().put("documents", items)
                    .put("next", more ? new Cursor(last.createdAt(), last.id()).encode() : null);
            });
    }

    /** The document with every version; a deleted one only to those who may restore it. */
    Future<JsonObject> get(SignedInUser actor, UUID documentId) {
        return readable(actor.id(), documentId, true).compose(readable ->
            pool.preparedQuery(DocumentSql.VERSIONS).execute(Tuple.of(documentId)).map(rows -> {
                JsonArray versions = new JsonArray();
                for (Row row : rows) {
                    UUID by = row.getUUID("uploaded_by");
                    versions.add(new JsonObject()
                        .put("version", row.getInteger("version"))
                        .put("filename", row.getString("filename"))
                        .put("contentType", row.getString("content_type"))
                        .put("size", row.getLong("size"))
                        .put("sha256", row.getString("sha256"))
                        .put("changeNote", row.getString("change_note"))
                        .put("uploadedAt", row.getOffsetDateTime("uploaded_at").toInstant().toString())
                        .put("uploadedBy", by == null ? null
                            : new JsonObject().put("id", by.toString()).put("displayName", row.getString("uploader_name")))
                        .put("href", Document.contentHref(documentId, row.getInteger("version"))));
                }
                Document d = readable.document();
                return d.summary()
                    .put("deletedAt", d.deletedAt() == null ? null : d.deletedAt().toInstant().toString())
                    .put("mayChange", readable.mayChange())
                    .put("versions", versions);
            }));
    }

    /** What a download needs: the version's file and where its chunks are. */
    record Content(UUID documentId, int version, UUID blobId, String filename, String contentType, long size,
                   String sha256, int chunkCount) {
    }

    /** The version to download (the current one when {@code version} is null); 404 when it does not exist. */
    Future<Content> content(SignedInUser actor, UUID documentId, Integer version) {
        return readableOrAttached(actor, documentId).compose(readable -> pool.preparedQuery(DocumentSql.VERSION_CONTENT)
            .execute(Tuple.of(documentId, version == null ? readable.document().version() : version))
            .map(rows -> {
                if (rows.size() == 0) {
                    throw HubException.notFound("Document version not found");
                }
                Row row = rows.iterator().next();
                return new Content(documentId, row.getInteger("version"), row.getUUID("blob_id"),
                    row.getString("filename"), row.getString("content_type"), row.getLong("size"),
                    row.getString("sha256"), row.getInteger("chunk_count"));
            }));
    }

    /** Counts one download of the document (not per person: nobody's reading is recorded). */
    Future<Void> countDownload(UUID documentId) {
        return pool.preparedQuery(DocumentSql.COUNT_DOWNLOAD).execute(Tuple.of(documentId)).mapEmpty();
    }

    /** Soft-deletes: the uploader or an organiser may restore it for 30 days. */
    Future<Void> delete(SignedInUser actor, UUID documentId, RequestOrigin origin) {
        return readable(actor.id(), documentId, false).map(this::requireChange).compose(readable ->
            pool.withTransaction(tx -> tx.preparedQuery(DocumentSql.SOFT_DELETE).execute(Tuple.of(documentId, actor.id()))
                .compose(v -> audit(tx, actor, "document.deleted", documentId, origin,
                    new JsonObject().put("networkId", readable.document().networkId().toString())))
                .compose(v -> NetworkEvents.append(tx, readable.document().networkId(), DocumentEvents.DELETED,
                    new JsonObject().put("document", readable.document().summary())))))
            .map(event -> {
                NetworkEvents.publish(vertx, event);
                PaperChanges.announce(vertx, documentId);
                return null;
            });
    }

    /** Restores a document deleted less than 30 days ago; 404 when it is not deleted or is gone. */
    Future<JsonObject> restore(SignedInUser actor, UUID documentId, RequestOrigin origin) {
        return readable(actor.id(), documentId, true).map(this::requireChange).compose(readable -> {
            if (readable.document().deletedAt() == null) {
                return Future.failedFuture(HubException.conflict(null, "This document is not deleted"));
            }
            return pool.withTransaction(tx -> tx.preparedQuery(DocumentSql.RESTORE).execute(Tuple.of(documentId))
                .compose(v -> audit(tx, actor, "document.restored", documentId, origin,
                    new JsonObject().put("networkId", readable.document().networkId().toString())))
                .compose(v -> load(tx, documentId))
                .compose(document -> NetworkEvents.append(tx, document.networkId(), DocumentEvents.RESTORED,
                    new JsonObject().put("document", document.summary())).map(event -> Map.entry(document, event))));
        }).map(done -> {
            NetworkEvents.publish(vertx, done.getValue());
            PaperChanges.announce(vertx, documentId);
            return done.getKey().summary();
        });
    }

    Future<JsonArray> folders(SignedInUser actor, UUID networkId) {
        return libraryAccess(networkId, actor.id())
            .compose(access -> pool.preparedQuery(DocumentSql.FOLDERS).execute(Tuple.of(networkId)))
            .map(rows -> {
                JsonArray folders = new JsonArray();
                rows.forEach(row -> folders.add(folderJson(row)));
                return folders;
            });
    }

    Future<JsonObject> createFolder(SignedInUser actor, UUID networkId, String name, UUID parentId) {
        return libraryAccess(networkId, actor.id())
            .map(NetworkAccess::requireOrganiser)
            .compose(access -> parentId == null ? Future.succeededFuture() : folderIn(networkId, parentId, "parentId"))
            .compose(v -> pool.preparedQuery(DocumentSql.INSERT_FOLDER).execute(Tuple.of(networkId, parentId, name, actor.id())))
            .map(rows -> folderJson(rows.iterator().next()))
            .recover(DocumentService::folderNameTaken);
    }

    Future<JsonObject> renameFolder(SignedInUser actor, UUID folderId, String name) {
        return folderForOrganiser(actor, folderId)
            .compose(folder -> pool.preparedQuery(DocumentSql.RENAME_FOLDER).execute(Tuple.of(folderId, name)))
            .map(rows -> folderJson(rows.iterator().next()))
            .recover(DocumentService::folderNameTaken);
    }

    /** Deletes an empty folder; 409 while it holds folders or documents. */
    Future<Void> deleteFolder(SignedInUser actor, UUID folderId) {
        return folderForOrganiser(actor, folderId)
            .compose(folder -> pool.withTransaction(tx -> tx.preparedQuery(DocumentSql.FOLDER_IS_EMPTY)
                .execute(Tuple.of(folderId)).compose(rows -> rows.iterator().next().getBoolean("empty")
                    ? tx.preparedQuery(DocumentSql.DELETE_FOLDER).execute(Tuple.of(folderId)).<Void>mapEmpty()
                    : Future.failedFuture(HubException.conflict(null,
                        "Move or delete the folders and documents in this folder first")))));
    }

    private Future<Row> folderForOrganiser(SignedInUser actor, UUID folderId) {
        return pool.preparedQuery(DocumentSql.FOLDER).execute(Tuple.of(folderId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(HubException.notFound("Folder not found"));
            }
            Row folder = rows.iterator().next();
            return networks.access(folder.getUUID("network_id"), actor.id()).map(access -> {
                if (!access.canViewMembers()) {
                    throw HubException.notFound("Folder not found");
                }
                access.requireOrganiser();
                return folder;
            });
        });
    }

    private Future<Void> folderIn(UUID networkId, UUID folderId, String field) {
        return pool.preparedQuery(DocumentSql.FOLDER).execute(Tuple.of(folderId)).compose(rows ->
            rows.size() == 1 && networkId.equals(rows.iterator().next().getUUID("network_id"))
                ? Future.succeededFuture()
                : Future.failedFuture(HubException.invalid(field, "Choose a folder in this network's library")));
    }

    private static <T> Future<T> folderNameTaken(Throwable err) {
        if (err instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
            return Future.failedFuture(HubException.conflict("name", "There is already a folder with this name here"));
        }
        return Future.failedFuture(err);
    }

    private static JsonObject folderJson(Row row) {
        UUID parent = row.getUUID("parent_id");
        return new JsonObject().put("id", row.getUUID("id").toString())
            .put("parentId", parent == null ? null : parent.toString())
            .put("name", row.getString("name"))
            .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
    }

    /** The library's readers: full members, and organisers and central members above; others get 404. */
    private Future<NetworkAccess> libraryAccess(UUID networkId, UUID actor) {
        return networks.access(networkId, actor).map(access -> {
            if (!access.canViewMembers()) {
                throw HubException.notFound("Network not found");
            }
            return access;
        });
    }

    /**
     * The document when the person may read it; a deleted one only when {@code deleted} is asked for and they
     * may restore it (uploader or organiser, within 30 days). Everything else is 404, as for an unknown id.
     */
    private Future<Readable> readable(UUID actor, UUID documentId, boolean deleted) {
        return pool.preparedQuery(DocumentSql.DOCUMENT).execute(Tuple.of(documentId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(HubException.notFound("Document not found"));
            }
            Document document = Document.of(rows.iterator().next());
            return networks.access(document.networkId(), actor).map(access -> {
                if (!access.canViewMembers()) {
                    throw HubException.notFound("Document not found");
                }
                boolean mayChange = actor.equals(document.uploadedBy()) || access.isOrganiser();
                if (document.deletedAt() != null && (!deleted || !mayChange
                        || document.deletedAt().isBefore(OffsetDateTime.now().minusDays(30)))) {
                    throw HubException.notFound("Document not found");
                }
                return new Readable(document, access, mayChange);
            });
        });
    }

    /**
     * As {@link #readable} for a library reader; anyone else may still download a document attached where they may
     * look (a meeting date's papers), but gets 404 like an unknown id otherwise.
     */
    private Future<Readable> readableOrAttached(SignedInUser actor, UUID documentId) {
        return readable(actor.id(), documentId, false).recover(err -> {
            if (!(err instanceof HubException hub) || hub.status() != 404) {
                return Future.failedFuture(err);
            }
            return attached.mayRead(actor, documentId).compose(may -> may
                ? pool.preparedQuery(DocumentSql.DOCUMENT).execute(Tuple.of(documentId)).map(rows -> {
                    Document document = Document.of(rows.iterator().next());
                    if (document.deletedAt() != null) {
                        throw HubException.notFound("Document not found");
                    }
                    return new Readable(document, null, false);
                })
                : Future.failedFuture(err));
        });
    }

    private Readable requireChange(Readable readable) {
        if (!readable.mayChange()) {
            if (readable.access().ownRole() == uk.nhs.hub.network.Role.ORGANISER) {
                readable.access().requireTwoStepIfNeeded();
            }
            throw HubException.forbidden("Only the person who uploaded this document or an organiser can do this");
        }
        return readable;
    }

    private static Future<Document> load(SqlClient client, UUID documentId) {
        return client.preparedQuery(DocumentSql.DOCUMENT).execute(Tuple.of(documentId))
            .map(rows -> Document.of(rows.iterator().next()));
    }

    private static Future<Void> audit(SqlClient tx, SignedInUser actor, String action, UUID documentId,
                                      RequestOrigin origin, JsonObject detail) {
        return AuditLog.record(tx, new AuditLog.Entry(actor.id(), action, documentId.toString(), origin.remoteAddress(),
            origin.requestId(), detail));
    }

    /** A form or JSON text field: trimmed, checked for control characters and length. */
    static String text(Map<String, String> form, String field, int max, boolean required) {
        String value = ControlCharacters.check(field, form.get(field));
        value = value == null ? "" : value.strip();
        if (required && value.isEmpty()) {
            throw HubException.invalid(field, "Enter a " + field);
        }
        if (value.length() > max) {
            throw HubException.invalid(field, capitalised(field) + " must be " + max + " characters or fewer");
        }
        return value;
    }

    private static String capitalised(String field) {
        return field.substring(0, 1).toUpperCase(Locale.ROOT) + field.substring(1);
    }

    /** Tags as comma-separated text: trimmed, without repeats, at most {@value #MAX_TAGS}. */
    static List<String> tags(String sent) {
        ControlCharacters.check("tags", sent);
        if (sent == null || sent.isBlank()) {
            return List.of();
        }
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        for (String tag : sent.split(",")) {
            String cleaned = tag.strip();
            if (cleaned.length() > MAX_TAG) {
                throw HubException.invalid("tags", "Each tag must be " + MAX_TAG + " characters or fewer");
            }
            if (!cleaned.isEmpty()) {
                tags.add(cleaned);
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw HubException.invalid("tags", "Add " + MAX_TAGS + " tags or fewer");
        }
        return List.copyOf(tags);
    }

    static UUID folderId(String sent) {
        ControlCharacters.check("folderId", sent);
        if (sent == null || sent.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(sent.strip());
        } catch (IllegalArgumentException e) {
            throw HubException.invalid("folderId", "Choose a folder in this network's library");
        }
    }

    /** A keyset position: the creation time and id of the last document of the previous page. */
    record Cursor(OffsetDateTime createdAt, UUID id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String sent) {
            if (sent == null || sent.isEmpty()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(sent), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw HubException.invalid("after", "'after' must be the 'next' value of the previous page");
            }
        }
    }
}
