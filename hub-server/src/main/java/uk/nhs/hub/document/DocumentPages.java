package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.CsrfProtection;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.ControlCharacters;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestOrigin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The library pages: a network's library (folders, documents, the upload form) and a document's page (details,
 * version history, a new version, delete and restore). Uploads are plain multipart forms streamed like the API's,
 * so they work without JavaScript; a refused upload (too large, a refused type, a missing title) shows the form
 * again with the NHS.UK error summary. Who may see what is exactly the API's: others get the not-found page.
 */
final class DocumentPages {

    private static final Map<String, String> NOTICES = Map.of(
        "uploaded", "Document uploaded",
        "version", "New version uploaded",
        "deleted", "Document deleted. You can restore it from its page for 30 days.",
        "restored", "Document restored",
        "folder", "Folder created");

    private final DocumentService documents;
    private final NetworkService networks;
    private final Authentication authentication;
    private final CsrfProtection csrf;
    private final Pages pages;
    private final long maxUploadBytes;

    DocumentPages(DocumentService documents, NetworkService networks, Authentication authentication,
                  CsrfProtection csrf, Pages pages, long maxUploadBytes) {
        this.documents = documents;
        this.networks = networks;
        this.authentication = authentication;
        this.csrf = csrf;
        this.pages = pages;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** The two upload forms, streamed: mounted ahead of the body handler like the API's upload routes. */
    void mountUploads(Router router) {
        router.post("/networks/:slug/library")
            .handler(ControlCharacters.refused()).handler(authentication.identify())
            .handler(csrf.allowingStreamedForm()).handler(authentication.requireUserPage())
            .handler(this::upload);
        router.post("/documents/:documentId/versions")
            .handler(ControlCharacters.refused()).handler(authentication.identify())
            .handler(csrf.allowingStreamedForm()).handler(authentication.requireUserPage())
            .handler(this::uploadVersion);
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/networks/:slug/library").handler(signedIn).handler(ctx ->
            showLibrary(ctx, 200, Map.of(), new FormErrors()).onFailure(ctx::fail));
        router.post("/networks/:slug/library/folders").handler(signedIn).handler(this::createFolder);
        router.get("/documents/:documentId").handler(signedIn).handler(ctx ->
            showDocument(ctx, 200, Map.of(), new FormErrors()).onFailure(ctx::fail));
        router.post("/documents/:documentId/delete").handler(signedIn).handler(this::delete);
        router.post("/documents/:documentId/restore").handler(signedIn).handler(ctx ->
            documents.restore(user(ctx), documentId(ctx), RequestOrigin.of(ctx))
                .compose(d -> Pages.seeOther(ctx, "/documents/" + d.getString("id") + "?done=restored"))
                .onFailure(ctx::fail));
    }

    // ---- the library ---------------------------------------------------------------------------------------

    private Future<Void> showLibrary(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        SignedInUser user = user(ctx);
        return networks.accessBySlug(ctx.pathParam("slug"), user.id()).compose(access -> {
            if (!access.canViewMembers()) {
                return Future.failedFuture(HubException.notFound("Network not found"));
            }
            UUID networkId = access.network().id();
            UUID folderId = folderParam(ctx);
            return Future.all(networks.get(user, networkId), networks.latestSeq(networkId)).compose(got -> {
                JsonObject network = got.resultAt(0);
                long latestSeq = got.<Long>resultAt(1);
                return documents.folders(user, networkId)
                .compose(folders -> documents.list(user, networkId, folderId, ctx.request().getParam("after"),
                        DocumentRoutes.PAGE)
                    .compose(page -> {
                        Map<String, Object> model = new HashMap<>(errors.model());
                        model.put("network", network.getMap());
                        model.put("latestSeq", latestSeq);
                        model.put("folders", folderModels(folders, folderId));
                        model.put("folder", folderName(folders, folderId));
                        model.put("folderId", folderId == null ? "" : folderId.toString());
                        model.put("documents", documentModels(page.getJsonArray("documents")));
                        model.put("next", page.getString("next"));
                        model.put("isOrganiser", access.isOrganiser());
                        model.put("maxUploadMb", maxUploadBytes / (1024 * 1024));
                        model.put("form", form);
                        model.put("notice", notice(ctx));
                        return pages.render(ctx, status, "document/library", model);
                    }));
            });
        });
    }

    private void upload(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        String slug = ctx.pathParam("slug");
        Future<UUID> network = networks.accessBySlug(slug, user.id()).map(access -> {
            if (!access.canViewMembers()) {
                throw HubException.notFound("Network not found");
            }
            return access.network().id();
        });
        Map<String, String> kept = new HashMap<>();
        StreamedUpload.receive(ctx, documents.pool(), maxUploadBytes, network, csrf)
            .compose(received -> {
                keep(received.fields(), kept, "title", "description", "tags", "folderId");
                return DocumentRoutes.stored(received, () -> documents.create(user, network.result(),
                    DocumentService.documentFields(received.fields()), DocumentRoutes.requireFile(received),
                    RequestOrigin.of(ctx)));
            })
            .compose(d -> Pages.seeOther(ctx, "/documents/" + d.getString("id") + "?done=uploaded"))
            .recover(err -> refusedUpload(err, errors -> showLibrary(ctx, statusOf(err),
                keptOr(ctx, kept, "title", "description", "tags", "folderId"), errors)))
            .onFailure(ctx::fail);
    }

    private void createFolder(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        String name = ctx.request().getFormAttribute("name");
        networks.accessBySlug(ctx.pathParam("slug"), user.id())
            .compose(access -> documents.createFolder(user, access.network().id(), DocumentRoutes.folderName(
                new JsonObject().put("name", name)), null).map(folder -> access.network().slug()))
            .compose(slug -> Pages.seeOther(ctx, "/networks/" + slug + "/library?done=folder"))
            .recover(err -> correctable(err, errors ->
                showLibrary(ctx, statusOf(err), Map.of("folderName", name == null ? "" : name), errors)))
            .onFailure(ctx::fail);
    }

    // ---- a document ----------------------------------------------------------------------------------------

    private Future<Void> showDocument(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        SignedInUser user = user(ctx);
        UUID id = documentId(ctx);
        return documents.get(user, id).compose(document -> networks.get(user, UUID.fromString(document.getString("networkId")))
            .compose(network -> {
                Map<String, Object> model = new HashMap<>(errors.model());
                model.put("network", network.getMap());
                model.put("document", documentModel(document));
                List<Map<String, Object>> versions = new ArrayList<>();
                document.getJsonArray("versions").forEach(v -> {
                    JsonObject version = (JsonObject) v;
                    Map<String, Object> row = new HashMap<>(version.getMap());
                    row.put("sizeText", size(version.getLong("size")));
                    row.put("uploadedAtText", DateTimeWords.timestamp(version.getString("uploadedAt")));
                    row.put("uploaderName", version.getJsonObject("uploadedBy") == null ? "A former member"
                        : version.getJsonObject("uploadedBy").getString("displayName"));
                    versions.add(row);
                });
                model.put("versions", versions);
                model.put("maxUploadMb", maxUploadBytes / (1024 * 1024));
                model.put("form", form);
                model.put("notice", notice(ctx));
                return pages.render(ctx, status, "document/show", model);
            }));
    }

    private void uploadVersion(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        UUID id = documentId(ctx);
        Map<String, String> kept = new HashMap<>();
        StreamedUpload.receive(ctx, documents.pool(), maxUploadBytes, documents.mayAddVersion(user.id(), id), csrf)
            .compose(received -> {
                keep(received.fields(), kept, "changeNote");
                return DocumentRoutes.stored(received, () -> documents.addVersion(user, id,
                    DocumentService.versionFields(received.fields()), DocumentRoutes.requireFile(received),
                    RequestOrigin.of(ctx)));
            })
            .compose(d -> Pages.seeOther(ctx, "/documents/" + id + "?done=version"))
            .recover(err -> refusedUpload(err, errors -> showDocument(ctx, statusOf(err),
                keptOr(ctx, kept, "changeNote"), errors)))
            .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        UUID id = documentId(ctx);
        documents.get(user, id).compose(document -> documents.delete(user, id, RequestOrigin.of(ctx))
                .compose(v -> networks.get(user, UUID.fromString(document.getString("networkId")))))
            .compose(network -> Pages.seeOther(ctx, "/networks/" + network.getString("slug") + "/library?done=deleted"))
            .onFailure(ctx::fail);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A refused upload the person can put right (bad field, too large, refused type) shows the form again. */
    private static Future<Void> refusedUpload(Throwable err, java.util.function.Function<FormErrors, Future<Void>> rerender) {
        if (err instanceof HubException hub && (hub.status() == 413 || hub.status() == 415)) {
            return rerender.apply(new FormErrors().add("file", hub.getMessage()));
        }
        return correctable(err, rerender);
    }

    private static Future<Void> correctable(Throwable err, java.util.function.Function<FormErrors, Future<Void>> rerender) {
        if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409)) {
            return rerender.apply(FormErrors.from(hub, "file"));
        }
        return Future.failedFuture(err);
    }

    private static int statusOf(Throwable err) {
        return err instanceof HubException hub ? hub.status() : 500;
    }

    private static void keep(Map<String, String> fields, Map<String, String> kept, String... names) {
        for (String name : names) {
            String value = fields.get(name);
            kept.put(name, value == null ? "" : value);
        }
    }

    /**
     * The typed values to show again: those of a received form, or, when the file was refused while it streamed,
     * the fields that came before it (the form puts them first).
     */
    private static Map<String, String> keptOr(RoutingContext ctx, Map<String, String> kept, String... names) {
        if (!kept.isEmpty()) {
            return kept;
        }
        Map<String, String> typed = new HashMap<>();
        for (String name : names) {
            String value = ctx.request().getFormAttribute(name);
            typed.put(name, value == null ? "" : value);
        }
        return typed;
    }

    private static List<Map<String, Object>> folderModels(JsonArray folders, UUID current) {
        List<Map<String, Object>> list = new ArrayList<>();
        folders.forEach(f -> {
            JsonObject folder = (JsonObject) f;
            Map<String, Object> row = new HashMap<>(folder.getMap());
            row.put("current", current != null && current.toString().equals(folder.getString("id")));
            list.add(row);
        });
        return list;
    }

    private static String folderName(JsonArray folders, UUID id) {
        if (id == null) {
            return null;
        }
        for (Object f : folders) {
            JsonObject folder = (JsonObject) f;
            if (id.toString().equals(folder.getString("id"))) {
                return folder.getString("name");
            }
        }
        return null;
    }

    private static List<Map<String, Object>> documentModels(JsonArray documents) {
        List<Map<String, Object>> list = new ArrayList<>();
        documents.forEach(d -> list.add(documentModel((JsonObject) d)));
        return list;
    }

    private static Map<String, Object> documentModel(JsonObject document) {
        Map<String, Object> model = new HashMap<>(document.getMap());
        model.put("sizeText", size(document.getLong("size")));
        model.put("uploadedAtText", DateTimeWords.timestamp(document.getString("createdAt")));
        model.put("updatedAtText", DateTimeWords.timestamp(document.getString("updatedAt")));
        model.put("uploaderName", document.getJsonObject("uploadedBy") == null ? "A former member"
            : document.getJsonObject("uploadedBy").getString("displayName"));
        model.put("kind", kind(document.getString("contentType")));
        String deletedAt = document.getString("deletedAt");
        if (deletedAt != null) {
            model.put("deletedAtText", DateTimeWords.timestamp(deletedAt));
        }
        return model;
    }

    /** What kind of file it is, in words a reader knows. */
    static String kind(String contentType) {
        return switch (contentType) {
            case "application/pdf" -> "PDF";
            case "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "application/rtf" -> "Word document";
            case "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ->
                "Excel spreadsheet";
            case "application/vnd.ms-powerpoint",
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation" -> "PowerPoint presentation";
            case "application/vnd.oasis.opendocument.text" -> "OpenDocument text";
            case "application/vnd.oasis.opendocument.spreadsheet" -> "OpenDocument spreadsheet";
            case "application/vnd.oasis.opendocument.presentation" -> "OpenDocument presentation";
            case "text/csv" -> "CSV file";
            case "text/plain" -> "Text file";
            default -> contentType.startsWith("image/") ? "Image" : "File";
        };
    }

    /** A file size as people read it: "812 bytes", "48 KB", "2.4 MB". */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        if (bytes < 1024 * 1024) {
            return Math.round(bytes / 1024.0) + " KB";
        }
        double mb = bytes / (1024.0 * 1024.0);
        return (mb < 10 ? String.format(Locale.UK, "%.1f", mb) : Long.toString(Math.round(mb))) + " MB";
    }

    private static UUID folderParam(RoutingContext ctx) {
        String sent = ctx.request().getParam("folder");
        if (sent == null || sent.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(sent);
        } catch (IllegalArgumentException e) {
            throw HubException.notFound("Folder not found");
        }
    }

    private static String notice(RoutingContext ctx) {
        String done = ctx.request().getParam("done");
        return done == null ? null : NOTICES.get(done);
    }

    private static UUID documentId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("documentId"));
        } catch (IllegalArgumentException e) {
            throw HubException.notFound("Document not found");
        }
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }
}
