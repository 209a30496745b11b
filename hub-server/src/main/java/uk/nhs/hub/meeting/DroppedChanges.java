package uk.nhs.hub.meeting;

import uk.nhs.hub.platform.HubException;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 409: a schedule change would leave out dates that have something of their own (a cancellation, a theme,
 * replies, minutes...), which would be lost. The organiser confirms with {@code confirmDroppedChanges}; until
 * then nothing is changed. The message lists every such date and what it would lose, so API clients can show it;
 * the edit page shows {@link #dates()} as a list.
 */
final class DroppedChanges extends HubException {

    /** A date the new schedule no longer has, in words, and what would be lost with it. */
    record Date(String when, List<String> losses) {
    }

    static final String FIELD = "confirmDroppedChanges";

    private final transient List<Date> dates;

    private DroppedChanges(List<Date> dates, String message) {
        super(409, "changes_would_be_dropped", message, FIELD);
        this.dates = dates;
    }

    /** Whether anything an organiser would miss is lost (reminders already sent are not worth asking about). */
    boolean losesAnything() {
        return !dates.isEmpty();
    }

    List<Date> dates() {
        return dates;
    }

    /**
     * @param kept  per original start, how many rows each kind of record holds (as {@code MeetingSql.KEPT_PER_DATE})
     * @param changes the meeting's occurrence changes
     */
    static DroppedChanges of(Meeting meeting, List<Instant> dropped, Map<Instant, Map<String, Long>> kept,
                             List<MeetingRepository.Change> changes) {
        List<Date> dates = new ArrayList<>();
        StringBuilder message = new StringBuilder("The new schedule leaves out dates with changes of their own, which would be lost:");
        for (Instant original : dropped) {
            ZonedDateTime start = original.atZone(meeting.schedule().zone());
            Map<String, Object> words = MeetingPages.when(start, start.plus(meeting.duration()));
            String when = words.get("day") + ", " + words.get("time");
            List<String> losses = losses(kept.getOrDefault(original, Map.of()), changes.stream()
                .filter(change -> change.originalStart().toInstant().equals(original)).findFirst().orElse(null));
            if (losses.isEmpty()) {
                continue;
            }
            dates.add(new Date(when, losses));
            message.append(' ').append(when).append(" (").append(String.join(", ", losses)).append(");");
        }
        message.setLength(message.length() - 1);
        message.append(". To go ahead, send confirmDroppedChanges: true.");
        return new DroppedChanges(List.copyOf(dates), message.toString());
    }

    private static List<String> losses(Map<String, Long> kept, MeetingRepository.Change change) {
        List<String> losses = new ArrayList<>();
        if (change != null) {
            if (change.cancelled()) {
                losses.add("its cancellation");
            }
            if (change.movedStart() != null) {
                losses.add("its move to another time");
            }
            if (change.theme() != null) {
                losses.add("its theme \u201c" + change.theme() + "\u201d");
            }
            if (change.location() != null) {
                losses.add("its own venue");
            }
            if (change.onlineUrl() != null) {
                losses.add("its own online link");
            }
        }
        count(losses, kept, "reply", "reply", "replies");
        count(losses, kept, "attendance", "attendance mark", "attendance marks");
        count(losses, kept, "workshop", "workshop", "workshops");
        count(losses, kept, "item", "agenda item, pre-read, minute or action", "agenda items, pre-reads, minutes or actions");
        count(losses, kept, "paper", "paper attached (it stays in the library)", "papers attached (they stay in the library)");
        count(losses, kept, "guest", "guest nomination", "guest nominations");
        count(losses, kept, "invitee", "invitation to this date only", "invitations to this date only");
        if (kept.containsKey("discussion")) {
            losses.add("its place for the discussion, which stays in the network's discussions");
        }
        return losses;
    }

    private static void count(List<String> losses, Map<String, Long> kept, String kind, String one, String many) {
        long n = kept.getOrDefault(kind, 0L);
        if (n > 0) {
            losses.add(n == 1 ? "1 " + one : n + " " + many);
        }
    }
}
