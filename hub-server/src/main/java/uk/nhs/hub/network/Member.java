package uk.nhs.hub.network;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One entry of a network's member directory. */
public record Member(UUID userId, String displayName, String email, String organisation, String jobTitle, Role role,
                     String roleTitle, OffsetDateTime joinedAt) {

    static Member fromRow(Row row) {
        return new Member(row.getUUID("user_id"), row.getString("display_name"), row.getString("email"),
            row.getString("organisation"), row.getString("job_title"), Role.fromDatabase(row.getString("role")),
            row.getString("role_title"), row.getOffsetDateTime("joined_at"));
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("userId", userId.toString())
            .put("displayName", displayName)
            .put("email", email)
            .put("organisation", organisation)
            .put("jobTitle", jobTitle)
            .put("role", role.wire())
            .put("roleTitle", roleTitle)
            .put("joinedAt", joinedAt.toString());
    }
}
