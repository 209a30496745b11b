package uk.nhs.hub.network;

import io.vertx.core.Future;
import uk.nhs.hub.account.SignedInUser;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The next meetings of a network, as the network page shows them. Provided by the meeting feature, which
 * depends on networks rather than the other way round.
 */
@FunctionalInterface
public interface UpcomingMeetings {

    /** Up to {@code limit} next occurrences, each with {@code title}, {@code start} (readable) and {@code href}. */
    Future<List<Map<String, Object>>> next(SignedInUser viewer, UUID networkId, int limit);

    /** Shows nothing, until the meeting feature provides the real list. */
    UpcomingMeetings NONE = (viewer, networkId, limit) -> Future.succeededFuture(List.of());
}
