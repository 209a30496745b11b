package uk.nhs.hub.network;

import io.vertx.core.Future;
import uk.nhs.hub.account.SignedInUser;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The broadcasts sent to a network that are still open (no deadline, or a deadline still to come), as the
 * network page shows them. Provided by the broadcast feature, which depends on networks.
 */
@FunctionalInterface
public interface OpenBroadcasts {

    /**
     * Up to {@code limit} open broadcasts to the network that the viewer may read, newest first, each with
     * {@code title}, {@code href}, {@code from} (the sending network) and {@code deadline} (readable, or absent).
     */
    Future<List<Map<String, Object>>> open(SignedInUser viewer, UUID networkId, int limit);

    /** Shows nothing, until the broadcast feature provides the real list. */
    OpenBroadcasts NONE = (viewer, networkId, limit) -> Future.succeededFuture(List.of());
}
