package uk.nhs.hub.network;

import io.vertx.core.Future;
import uk.nhs.hub.account.SignedInUser;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A network's most recently active discussions, as the network page shows them. Provided by the discussion
 * feature, which depends on networks rather than the other way round.
 */
@FunctionalInterface
public interface RecentDiscussions {

    /**
     * Up to {@code limit} threads the viewer may read, latest activity first, each with {@code title}, {@code href},
     * {@code unread} (posts the viewer has not read) and {@code lastActivity} (readable); empty for someone who
     * may not read the network's discussions.
     */
    Future<List<Map<String, Object>>> recent(SignedInUser viewer, UUID networkId, int limit);

    /** Shows nothing, until the discussion feature provides the real list. */
    RecentDiscussions NONE = (viewer, networkId, limit) -> Future.succeededFuture(List.of());
}
