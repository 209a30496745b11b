package uk.nhs.hub.meeting;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A repeat chosen the way calendar apps offer it: every n days, weeks, months or years; for weeks on some weekdays;
 * for months on a day of the month or on the first to fourth or last weekday; ending never, after n times or on a
 * date. It becomes an RFC 5545 RRULE, and an RRULE of one of these shapes reads back into the same choices, so the
 * edit page can show a schedule in plain fields and keep the raw rule for what they cannot say.
 *
 * @param frequency    DAILY, WEEKLY, MONTHLY or YEARLY
 * @param interval     1 or more
 * @param weekdays     for WEEKLY: the days it falls on; empty means the first meeting's weekday
 * @param monthDay     for MONTHLY on a day of the month: 1 to 31; null means the first meeting's day
 * @param ordinal      for MONTHLY on a weekday: 1 to 4, or -1 for the last; null when on a day of the month
 * @param ordinalDay   for MONTHLY on a weekday: which weekday
 * @param count        how many times in all, or null
 * @param until        the last date it may fall on (in the meeting's zone), or null
 */
record RepeatRule(String frequency, int interval, Set<DayOfWeek> weekdays, Integer monthDay, Integer ordinal,
                  DayOfWeek ordinalDay, Integer count, LocalDate until) {

    private static final List<String> FREQUENCIES = List.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY");
    private static final DateTimeFormatter UTC_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final List<String> ORDINAL_WORDS = List.of("first", "second", "third", "fourth");

    RepeatRule {
        weekdays = weekdays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekdays));
    }

    /**
     * The RRULE value (without {@code RRULE:}). UNTIL is written in UTC as RFC 5545 requires beside a DTSTART with
     * a time zone, at the end of the chosen day in the meeting's zone, so a meeting that day is included.
     */
    String toRrule(ZoneId zone) {
        StringBuilder rule = new StringBuilder("FREQ=").append(frequency);
        if (interval > 1) {
            rule.append(";INTERVAL=").append(interval);
        }
        if ("WEEKLY".equals(frequency) && !weekdays.isEmpty()) {
            List<String> days = new ArrayList<>();
            EnumSet.copyOf(weekdays).forEach(day -> days.add(code(day)));
            rule.append(";BYDAY=").append(String.join(",", days));
        }
        if ("MONTHLY".equals(frequency) && ordinal != null) {
            rule.append(";BYDAY=").append(ordinal).append(code(ordinalDay));
        } else if ("MONTHLY".equals(frequency) && monthDay != null) {
            rule.append(";BYMONTHDAY=").append(monthDay);
        }
        if (count != null) {
            rule.append(";COUNT=").append(count);
        } else if (until != null) {
            rule.append(";UNTIL=").append(until.atTime(23, 59, 59).atZone(zone).withZoneSameInstant(ZoneOffset.UTC)
                .format(UTC_STAMP));
        }
        return rule.toString();
    }

    /**
     * The choices an RRULE was made from, when it has one of the shapes above; empty for anything else
     * (BYSETPOS, BYMONTH, several month days, a weekday with an offset on a weekly rule, and so on).
     */
    static Optional<RepeatRule> parse(String rrule, ZoneId zone) {
        if (rrule == null || rrule.isBlank()) {
            return Optional.empty();
        }
        String value = rrule.trim().toUpperCase(Locale.ROOT);
        if (value.startsWith("RRULE:")) {
            value = value.substring(6);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            int equals = part.indexOf('=');
            if (equals < 1 || parts.put(part.substring(0, equals), part.substring(equals + 1)) != null) {
                return Optional.empty();
            }
        }
        String frequency = parts.remove("FREQ");
        if (!FREQUENCIES.contains(frequency)) {
            return Optional.empty();
        }
        try {
            int interval = parts.containsKey("INTERVAL") ? Integer.parseInt(parts.remove("INTERVAL")) : 1;
            Integer count = parts.containsKey("COUNT") ? Integer.valueOf(parts.remove("COUNT")) : null;
            LocalDate until = parts.containsKey("UNTIL") ? untilDate(parts.remove("UNTIL"), zone) : null;
            if ("MO".equals(parts.get("WKST"))) {
                parts.remove("WKST");
            }
            Set<DayOfWeek> weekdays = EnumSet.noneOf(DayOfWeek.class);
            Integer monthDay = null;
            Integer ordinal = null;
            DayOfWeek ordinalDay = null;
            if ("WEEKLY".equals(frequency) && parts.containsKey("BYDAY")) {
                for (String day : parts.remove("BYDAY").split(",")) {
                    weekdays.add(day(day));
                }
            } else if ("MONTHLY".equals(frequency) && parts.containsKey("BYDAY")) {
                String day = parts.remove("BYDAY");
                ordinal = Integer.valueOf(day.substring(0, day.length() - 2));
                ordinalDay = day(day.substring(day.length() - 2));
                if (ordinal == 0 || ordinal < -1 || ordinal > 4) {
                    return Optional.empty();
                }
            } else if ("MONTHLY".equals(frequency) && parts.containsKey("BYMONTHDAY")) {
                monthDay = Integer.valueOf(parts.remove("BYMONTHDAY"));
                if (monthDay < 1 || monthDay > 31) {
                    return Optional.empty();
                }
            }
            if (!parts.isEmpty() || interval < 1 || count != null && (count < 1 || until != null)) {
                return Optional.empty();
            }
            return Optional.of(new RepeatRule(frequency, interval, weekdays, monthDay, ordinal, ordinalDay, count, until));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What a first date must be for this rule to fall on it, in words ("the second Tuesday of its month"), or empty
     * when any date will do (the rule then repeats from the first date itself).
     */
    Optional<String> firstDateShape() {
        if ("WEEKLY".equals(frequency) && !weekdays.isEmpty()) {
            List<String> names = new ArrayList<>();
            EnumSet.copyOf(weekdays).forEach(day -> names.add(name(day)));
            String last = names.remove(names.size() - 1);
            return Optional.of("a " + (names.isEmpty() ? last : String.join(", ", names) + " or " + last));
        }
        if ("MONTHLY".equals(frequency) && ordinal != null) {
            return Optional.of("the " + ordinalWord(ordinal) + " " + name(ordinalDay) + " of its month");
        }
        if ("MONTHLY".equals(frequency) && monthDay != null) {
            return Optional.of("day " + monthDay + " of its month");
        }
        return Optional.empty();
    }

    static String ordinalWord(int ordinal) {
        return ordinal == -1 ? "last" : ORDINAL_WORDS.get(ordinal - 1);
    }

    static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.UK);
    }

    /** The two-letter RFC 5545 weekday code. */
    static String code(DayOfWeek day) {
        return day.name().substring(0, 2);
    }

    static DayOfWeek day(String code) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (code(day).equals(code)) {
                return day;
            }
        }
        throw new IllegalArgumentException("not a weekday: " + code);
    }

    private static LocalDate untilDate(String until, ZoneId zone) {
        try {
            if (until.endsWith("Z")) {
                return LocalDateTime.parse(until, UTC_STAMP).atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDate();
            }
            if (until.length() == 8) {
                return LocalDate.parse(until, DateTimeFormatter.BASIC_ISO_DATE);
            }
            return LocalDateTime.parse(until, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
