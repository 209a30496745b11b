package uk.nhs.hub.meeting;

import io.vertx.core.json.JsonObject;
import uk.nhs.hub.platform.StaleVersion;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code hub.client.meeting.<meetingId>}: server to browser. Publisher: {@link RsvpService} after each committed
 * reply. Audience: whoever may see the meeting (full members of its network and the organisers and central
 * teams above), checked on every register. Payloads: {@code {"type": "rsvp.changed", "meetingId",
 * "originalStart", "counts": {"yes", "no", "maybe", "waiting", "capacity"}}} and {@code {"type":
 * "waitlist.promoted", "meetingId", "originalStart", "userId"}}; and from {@link MeetingService} after an
 * occurrence is cancelled, reinstated, moved or themed: {@code {"type": "occurrence.changed", "meetingId",
 * "occurrence": {...as in the occurrences API}}}; and from {@link MeetingService} after the meeting's details are
 * saved: {@code {"type": "meeting.saved", "meetingId", "version", "savedBy", "savedAt", "savedWhen"}}, a snapshot
 * an open page applies only when its {@code version} is newer than the one it shows; and from {@link MeetingPapers}
 * after a paper is added to or taken off a date: {@code {"type": "papers.changed", "meetingId", "originalStart"}},
 * after which an open page of that date fetches the date's papers again.
 */
public final class MeetingEvents {

    public static final String ADDRESS_PREFIX = "hub.client.meeting.";

    public static final Pattern ADDRESS = Pattern.compile(
        "hub\\.client\\.meeting\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    private MeetingEvents() {
    }

    public static String address(UUID meetingId) {
        return ADDRESS_PREFIX + meetingId;
    }

    static JsonObject rsvpChanged(UUID meetingId, String originalStart, JsonObject counts) {
        return new JsonObject().put("type", "rsvp.changed").put("meetingId", meetingId.toString())
            .put("originalStart", originalStart).put("counts", counts);
    }

    static JsonObject occurrenceChanged(UUID meetingId, JsonObject occurrence) {
        return new JsonObject().put("type", "occurrence.changed").put("meetingId", meetingId.toString())
            .put("occurrence", occurrence);
    }

    static JsonObject saved(Meeting meeting, String savedBy) {
        return new JsonObject().put("type", "meeting.saved").put("meetingId", meeting.id().toString())
            .put("version", meeting.version()).put("savedBy", savedBy).put("savedAt", meeting.updatedAt().toString())
            .put("savedWhen", StaleVersion.clockTime(meeting.updatedAt().toInstant()));
    }

    static JsonObject papersChanged(UUID meetingId, String originalStart) {
        return new JsonObject().put("type", "papers.changed").put("meetingId", meetingId.toString())
            .put("originalStart", originalStart);
    }

    static JsonObject promoted(UUID meetingId, String originalStart, UUID userId) {
        return new JsonObject().put("type", "waitlist.promoted").put("meetingId", meetingId.toString())
            .put("originalStart", originalStart).put("userId", userId.toString());
    }
}
