package uk.nhs.hub.meeting;

import net.fortuna.ical4j.model.Recur;
import uk.nhs.hub.platform.HubException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A meeting's schedule: a first start in local time, an IANA time zone and an optional RFC 5545 RRULE,
 * expanded by ical4j. Occurrences keep their local wall-clock time across daylight-saving changes
 * (10:00 in London is 10:00 in GMT and in BST), as RFC 5545 requires for a DTSTART with a TZID.
 */
public final class Recurrence {

    /** The most occurrences one expansion returns, so that an open-ended rule cannot run away. */
    static final int MAX_OCCURRENCES = 1000;

    private final LocalDateTime start;
    private final ZoneId zone;
    private final Recur<ZonedDateTime> rule;

    private Recurrence(LocalDateTime start, ZoneId zone, Recur<ZonedDateTime> rule) {
        this.start = start;
        this.zone = zone;
        this.rule = rule;
    }

    /**
     * A validated schedule; 400 naming {@code rrule} or {@code timeZone} when they are not valid.
     *
     * @param rrule an RRULE value without the {@code RRULE:} prefix, or null for a one-off meeting
     */
    public static Recurrence of(LocalDateTime start, String timeZone, String rrule) {
        ZoneId zone = zone(timeZone);
        return new Recurrence(start, zone, rrule == null || rrule.isBlank() ? null : rule(rrule.trim()));
    }

    static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneId.of("Europe/London");
        }
        try {
            ZoneId zone = ZoneId.of(timeZone.trim());
            if (!zone.getId().contains("/") && !zone.getId().equals("UTC")) {
                throw HubException.invalid("timeZone", "Use an IANA time zone such as Europe/London");
            }
            return zone;
        } catch (java.time.DateTimeException e) {
            throw HubException.invalid("timeZone", "'" + timeZone + "' is not an IANA time zone such as Europe/London");
        }
    }

    private static Recur<ZonedDateTime> rule(String rrule) {
        String value = rrule.regionMatches(true, 0, "RRULE:", 0, 6) ? rrule.substring(6) : rrule;
        Recur<ZonedDateTime> recur;
        try {
            recur = new Recur<>(value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw HubException.invalid("rrule", "The repeat rule is not a valid RFC 5545 RRULE: " + e.getMessage());
        }
        if (recur.getFrequency() == null) {
            throw HubException.invalid("rrule", "The repeat rule needs FREQ");
        }
        switch (recur.getFrequency()) {
            case SECONDLY, MINUTELY, HOURLY ->
                throw HubException.invalid("rrule", "Meetings repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)");
            default -> {
            }
        }
        return recur;
    }

    public LocalDateTime start() {
        return start;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The RRULE as stored and sent in calendars, or null. */
    public String rrule() {
        return rule == null ? null : rule.toString();
    }

    public boolean repeats() {
        return rule != null;
    }

    /** The first occurrence's start. */
    public ZonedDateTime first() {
        return start.atZone(zone);
    }

    /**
     * The original starts of the occurrences that begin in {@code [from, to)}, in order: the first start itself
     * (RFC 5545 counts DTSTART as the first instance) and then what the rule generates.
     */
    public List<ZonedDateTime> between(Instant from, Instant to) {
        ZonedDateTime seed = first();
        List<ZonedDateTime> starts = new ArrayList<>();
        if (rule == null) {
            if (!seed.toInstant().isBefore(from) && seed.toInstant().isBefore(to)) {
                starts.add(seed);
            }
            return starts;
        }
        ZonedDateTime windowStart = from.isAfter(seed.toInstant()) ? from.atZone(zone) : seed;
        ZonedDateTime windowEnd = to.atZone(zone);
        if (!windowEnd.isAfter(windowStart)) {
            return starts;
        }
        List<ZonedDateTime> generated = rule.getDates(seed, windowStart, windowEnd);
        if (!seed.toInstant().isBefore(from) && seed.toInstant().isBefore(to)
            && (generated.isEmpty() || !generated.get(0).toInstant().equals(seed.toInstant()))) {
            starts.add(seed);
        }
        for (ZonedDateTime date : generated) {
            ZonedDateTime local = date.withZoneSameInstant(zone);
            if (!local.toInstant().isBefore(from) && local.toInstant().isBefore(to)) {
                starts.add(local);
            }
            if (starts.size() == MAX_OCCURRENCES) {
                break;
            }
        }
        return starts;
    }
}
