package uk.nhs.hub.broadcast;

import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The centre's live dashboard address, {@code hub.client.broadcast.<broadcastId>}: server to browser.
 * Publisher: {@link BroadcastService}, after each acknowledgement, submitted response or new version commits.
 * Audience: the central team of the sending network, checked on register. Payload {@code {type, broadcastId,
 * networkId}} with type {@code broadcast.acknowledged}, {@code broadcast.responded} or {@code broadcast.version}:
 * a notice that the summary changed; the dashboard then reloads the summary, so a missed notice costs nothing
 * once the next one (or the reconnect) arrives.
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

    static JsonObject changed(UUID broadcastId, String type, UUID networkId) {
        return new JsonObject().put("type", type).put("broadcastId", broadcastId.toString())
            .put("networkId", networkId == null ? null : networkId.toString());
    }
}
