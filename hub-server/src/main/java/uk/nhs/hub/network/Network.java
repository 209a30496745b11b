package uk.nhs.hub.network;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A network: a group of people who learn together, perhaps inside a parent network. */
public record Network(UUID id, UUID parentId, String name, String slug, String description, Visibility visibility,
                      boolean allowGuestNominations, OffsetDateTime createdAt,
                      boolean requireTwoStep) {

    static Network fromRow(Row row) {
        return new Network(row.getUUID("id"), row.getUUID("parent_id"), row.getString("name"), row.getString("slug"),
            row.getString("description"), Visibility.valueOf(row.getString("visibility").toUpperCase()),
            row.getBoolean("allow_guest_nominations"), row.getOffsetDateTime("created_at"),
            row.getBoolean("require_two_step"));
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("id", id.toString())
            .put("parentId", parentId == null ? null : parentId.toString())
            .put("name", name)
            .put("slug", slug)
            .put("description", description)
            .put("visibility", visibility.wire())
            .put("allowGuestNominations", allowGuestNominations)
            .put("requireTwoStep", requireTwoStep)
            .put("createdAt", createdAt.toString());
    }
}
