package uk.nhs.hub.document;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One document as stored, with its current version's file. */
record Document(UUID id, UUID networkId, UUID folderId, String title, String description, String[] tags,
                UUID uploadedBy, String uploaderName, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                int version, long downloadCount, OffsetDateTime deletedAt, String filename, String contentType,
                long size, String sha256) {

    static Document of(Row row) {
        return new Document(row.getUUID("id"), row.getUUID("network_id"), row.getUUID("folder_id"),
            row.getString("title"), row.getString("description"), row.getArrayOfStrings("tags"),
            row.getUUID("uploaded_by"), row.getString("uploader_name"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("updated_at"), row.getInteger("current_version"), row.getLong("download_count"),
            row.getOffsetDateTime("deleted_at"), row.getString("filename"), row.getString("content_type"),
            row.getLong("size"), row.getString("sha256"));
    }

    static String contentHref(UUID id, int version) {
        return "/api/documents/" + id + "/content?version=" + version;
    }

    /** The summary the library lists, the upload answers with and live events carry. */
    JsonObject summary() {
        return new JsonObject()
            .put("id", id.toString())
            .put("networkId", networkId.toString())
            .put("folderId", folderId == null ? null : folderId.toString())
            .put("title", title)
            .put("description", description)
            .put("tags", new JsonArray(java.util.List.of(tags == null ? new String[0] : tags)))
            .put("filename", filename)
            .put("contentType", contentType)
            .put("size", size)
            .put("version", version)
            .put("sha256", sha256)
            .put("href", contentHref(id, version))
            .put("uploadedBy", uploadedBy == null ? null
                : new JsonObject().put("id", uploadedBy.toString()).put("displayName", uploaderName))
            .put("createdAt", createdAt.toInstant().toString())
            .put("updatedAt", updatedAt.toInstant().toString())
            .put("downloadCount", downloadCount);
    }
}
