package uk.nhs.hub.broadcast;

import io.vertx.core.json.JsonObject;
import uk.nhs.hub.platform.StaleVersion;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The centre's live dashboard address, {@code hub.client.broadcast.<broadcastId>}: server to browser.
 * Publisher: {@link BroadcastService}, after each acknowledgement, submitted response or new version commits.
 * Audience: the central team of the sending network, checked on register. Payload {@code {type, broadcastId,
 * networkId}} with type {@code broadcast.acknowledged}, {@code broadcast.responded} or {@code broadcast.version}:
 * a notice that the summary changed; the dashboard then reloads the summary, so a missed notice costs nothing
 * once the next one (or the reconnect) arrives.
 *
 * <p>Also, on the target network's address ({@code hub.client.network.<networkId>}, so its members' open pages
 * hear it): {@code broadcast.response.saved} after a network's response is saved or submitted, with
 * {@code broadcastId, networkId, status, version, savedBy, savedAt, savedWhen} (the time in words) and no answers (organisers and central
 * teams above the network hear it too, and a draft is the network's own). It is a snapshot, not numbered: a
 * page applies it only when its {@code version} is newer than the one it shows.
 */
final class BroadcastEvents {

    static final String ADDRESS_PREFIX = "hub.client.broadcast.";

    static final Pattern ADDRESS = Pattern.compile(
        "hub\\.client\\.broadcast\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    private BroadcastEvents() {
    }

    static String address(UUID broadcastId) {
        return ADDRESS_PREFIX + broadcastId;
    }

    static JsonObject responseSaved(UUID broadcastId, UUID networkId, JsonObject saved) {
        return new JsonObject().put("type", "broadcast.response.saved").put("broadcastId", broadcastId.toString())
            .put("networkId", networkId.toString()).put("status", saved.getString("status"))
            .put("version", saved.getInteger("version")).put("savedBy", saved.getString("savedBy"))
            .put("savedAt", saved.getString("savedAt"))
            .put("savedWhen", StaleVersion.clockTime(java.time.OffsetDateTime.parse(saved.getString("savedAt")).toInstant()));
    }

    static JsonObject changed(UUID broadcastId, String type, UUID networkId) {
        return new JsonObject().put("type", type).put("broadcastId", broadcastId.toString())
            .put("networkId", networkId == null ? null : networkId.toString());
    }
}
