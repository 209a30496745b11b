package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import uk.nhs.hub.account.SignedInUser;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The discussion thread of one meeting occurrence, opened on first use. Provided by the discussion feature,
 * which does not depend on meetings.
 */
@FunctionalInterface
public interface OccurrenceDiscussions {

    /** The thread's id; it belongs to the meeting's network and is read by those who read the network's discussions. */
    Future<UUID> open(SignedInUser reader, UUID networkId, UUID meetingId, OffsetDateTime originalStart, String title);

    /** Until the discussion feature is wired in, there are no occurrence threads. */
    OccurrenceDiscussions NONE = (reader, networkId, meetingId, originalStart, title) -> Future.failedFuture(
        uk.nhs.hub.platform.HubException.notFound("Discussions are not available"));
}
