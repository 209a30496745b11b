package uk.nhs.hub.account;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One of a person's live sign-ins as they review it.
 *
 * @param current whether it is the session of the request that asked
 * @param device  a short description of the browser and system, from its User-Agent
 * @param address the client address it signed in from, if known
 */
record SignInSession(UUID id, boolean current, String device, String address, OffsetDateTime createdAt,
                     OffsetDateTime lastSeenAt) {

    JsonObject toJson() {
        return new JsonObject()
            .put("id", id.toString())
            .put("current", current)
            .put("device", device)
            .put("address", address)
            .put("createdAt", createdAt.toString())
            .put("lastSeenAt", lastSeenAt.toString());
    }
}
