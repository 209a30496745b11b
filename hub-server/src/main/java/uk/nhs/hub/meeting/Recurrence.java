package uk.nhs.hub.meeting;

import net.fortuna.ical4j.model.Recur;
import uk.nhs.hub.platform.DateTimeWords;
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

    /**
     * The schedule in words, for people choosing or reading it: "every 2 months on the 2nd Tuesday, 6 times".
     * Rules outside the common shapes are described by their frequency, interval and end, which stays true.
     */
    public String describe() {
        if (rule == null) {
            return "once";
        }
        StringBuilder words = new StringBuilder("every ");
        int interval = Math.max(1, rule.getInterval());
        String unit = switch (rule.getFrequency()) {
            case DAILY -> "day";
            case WEEKLY -> "week";
            case MONTHLY -> "month";
            default -> "year";
        };
        words.append(interval == 1 ? unit : interval + " " + unit + "s");
        if (!rule.getDayList().isEmpty()) {
            List<String> days = new ArrayList<>();
            for (net.fortuna.ical4j.model.WeekDay day : rule.getDayList()) {
                String name = net.fortuna.ical4j.model.WeekDay.getDayOfWeek(day)
                    .getDisplayName(java.time.format.TextStyle.FULL, Locale.UK);
                days.add(day.getOffset() == 0 ? name : ordinal(day.getOffset()) + " " + name);
            }
            words.append(" on the ").append(String.join(" and the ", days));
        } else if (!rule.getMonthDayList().isEmpty()) {
            List<String> dates = new ArrayList<>();
            rule.getMonthDayList().forEach(day -> dates.add(ordinal(day)));
            words.append(" on the ").append(String.join(" and the ", dates));
        }
        if (!rule.getMonthList().isEmpty()) {
            List<String> months = new ArrayList<>();
            rule.getMonthList().forEach(month -> months.add(java.time.Month.of(month.getMonthOfYear())
                .getDisplayName(java.time.format.TextStyle.FULL, Locale.UK)));
            words.append(" in ").append(String.join(" and ", months));
        }
        if (rule.getCount() > 0) {
            words.append(", ").append(rule.getCount()).append(rule.getCount() == 1 ? " time" : " times");
        } else if (rule.getUntil() != null) {
            Object until = rule.getUntil();
            java.time.LocalDate last = until instanceof java.time.LocalDate date ? date
                : until instanceof java.time.OffsetDateTime offset ? offset.atZoneSameInstant(zone).toLocalDate()
                : until instanceof ZonedDateTime zoned ? zoned.withZoneSameInstant(zone).toLocalDate()
                : java.time.LocalDate.from((java.time.temporal.TemporalAccessor) until);
            words.append(", until ").append(DateTimeWords.date(last));
        }
        return words.toString();
    }

    private static String ordinal(int n) {
        if (n == -1) {
            return "last";
        }
        if (n < 0) {
            return ordinal(-n) + " to last";
        }
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th"
            : switch (n % 10) {
                case 1 -> "st";
                case 2 -> "nd";
                case 3 -> "rd";
                default -> "th";
            };
        return n + suffix;
    }

    public boolean repeats() {
        return rule != null;
    }

    /** The first occurrence's start. */
    public ZonedDateTime first() {
        return start.atZone(zone);
    }

    /**
     * Whether the rule itself falls on the first start. RFC 5545 counts the first start as an occurrence even when
     * it does not, which adds a date the organiser did not ask for; a one-off meeting always matches.
     */
    public boolean firstFallsOnRule() {
        if (rule == null) {
            return true;
        }
        ZonedDateTime seed = first();
        return rule.getDates(seed, seed, seed.plusSeconds(1)).stream()
            .anyMatch(date -> date.toInstant().equals(seed.toInstant()));
    }

    /** Whether an occurrence originally starts at exactly this instant. */
    public boolean occursAt(Instant originalStart) {
        return !between(originalStart, originalStart.plusSeconds(1)).isEmpty();
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
