package uk.nhs.hub.account;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A person who can sign in. The email address is stored in lower case and is unique. */
public record Account(UUID id, String email, String displayName, String organisation, String jobTitle,
                      OffsetDateTime createdAt) {

    static Account fromRow(Row row) {
        return new Account(row.getUUID("id"), row.getString("email"), row.getString("display_name"),
            row.getString("organisation"), row.getString("job_title"), row.getOffsetDateTime("created_at"));
    }

    /** The public JSON form (never includes the password hash). */
    public JsonObject toJson() {
        return new JsonObject()
            .put("id", id.toString())
            .put("email", email)
            .put("displayName", displayName)
            .put("organisation", organisation)
            .put("jobTitle", jobTitle)
            .put("createdAt", createdAt == null ? null : createdAt.toString());
    }
}
