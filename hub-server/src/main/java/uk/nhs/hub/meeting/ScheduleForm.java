package uk.nhs.hub.meeting;

import io.vertx.core.MultiMap;
import uk.nhs.hub.platform.DateInput;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.HubException;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schedule part of the meeting form: the first date as the NHS.UK date input (day, month, year), a start time
 * typed as people write it ("10:00", "2pm"), a time zone from a list, and the repeat as plain choices with the raw
 * RRULE under "Advanced". Reading it collects every mistake, each against its own field, so the error summary can
 * list them all at once; the API keeps taking the RRULE this builds.
 */
final class ScheduleForm {

    /** The form fields this part owns, in page order; {@code byWeekday} holds the ticked days joined by commas. */
    static final List<String> FIELDS = List.of("date-day", "date-month", "date-year", "date", "time", "timeZone",
        "repeats", "interval", "frequency", "byWeekday", "monthlyOn", "monthDay", "ordinal", "ordinalDay", "ends",
        "count", "until-day", "until-month", "until-year", "rrule");

    private static final Pattern TIME = Pattern.compile("(\\d{1,2})(?:[:.](\\d{2}))?\\s*([ap]\\.?m\\.?)?");
    private static final List<String> ZONE_REGIONS = List.of("Africa/", "America/", "Antarctica/", "Asia/",
        "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/");
    private static final String LONDON = "Europe/London";

    /** What the schedule fields say, once read without mistakes. */
    record Schedule(LocalDateTime start, String timeZone, String rrule, Optional<RepeatRule> plain) {
    }

    private ScheduleForm() {
    }

    /** The schedule fields of a submitted form, trimmed, with ticked weekdays joined by commas. */
    static void read(MultiMap attributes, Map<String, String> form) {
        for (String field : FIELDS) {
            String value = "byWeekday".equals(field) ? String.join(",", attributes.getAll(field)) : attributes.get(field);
            form.put(field, value == null ? "" : value.trim());
        }
    }

    /** The fields for a new meeting: London, no repeat, and monthly choices ready should the organiser want them. */
    static void defaults(Map<String, String> form) {
        form.put("timeZone", LONDON);
        form.put("repeats", "no");
        form.put("interval", "1");
        form.put("frequency", "WEEKLY");
        form.put("monthlyOn", "day");
        form.put("ends", "never");
    }

    /** The fields showing an existing schedule: plain choices when they can say it, otherwise the raw rule. */
    static void fill(Map<String, String> form, Recurrence schedule) {
        defaults(form);
        LocalDate date = schedule.start().toLocalDate();
        form.put("date-day", String.valueOf(date.getDayOfMonth()));
        form.put("date-month", String.valueOf(date.getMonthValue()));
        form.put("date-year", String.valueOf(date.getYear()));
        LocalTime time = schedule.start().toLocalTime();
        form.put("time", time.format(DateTimeFormatter.ofPattern(time.getSecond() == 0 ? "HH:mm" : "HH:mm:ss")));
        form.put("timeZone", schedule.zone().getId());
        if (!schedule.repeats()) {
            return;
        }
        form.put("repeats", "yes");
        Optional<RepeatRule> plain = RepeatRule.parse(schedule.rrule(), schedule.zone());
        if (plain.isEmpty()) {
            form.put("rrule", schedule.rrule());
            return;
        }
        RepeatRule rule = plain.get();
        form.put("interval", String.valueOf(rule.interval()));
        form.put("frequency", rule.frequency());
        List<String> days = new ArrayList<>();
        if (!rule.weekdays().isEmpty()) {
            EnumSet.copyOf(rule.weekdays()).forEach(day -> days.add(RepeatRule.code(day)));
        }
        form.put("byWeekday", String.join(",", days));
        if (rule.ordinal() != null) {
            form.put("monthlyOn", "weekday");
            form.put("ordinal", String.valueOf(rule.ordinal()));
            form.put("ordinalDay", RepeatRule.code(rule.ordinalDay()));
        } else if (rule.monthDay() != null) {
            form.put("monthDay", String.valueOf(rule.monthDay()));
        }
        if (rule.count() != null) {
            form.put("ends", "after");
            form.put("count", String.valueOf(rule.count()));
        } else if (rule.until() != null) {
            form.put("ends", "on");
            form.put("until-day", String.valueOf(rule.until().getDayOfMonth()));
            form.put("until-month", String.valueOf(rule.until().getMonthValue()));
            form.put("until-year", String.valueOf(rule.until().getYear()));
        }
    }

    /**
     * Reads the schedule, adding each mistake to {@code errors} against its field (in page order); the result is
     * empty when there was any. A raw rule under "Advanced" is used instead of the plain choices.
     */
    static Optional<Schedule> parse(Map<String, String> form, Map<String, String> errors) {
        LocalDate date = date(form, "date", "the first meeting", errors);
        LocalTime time = time(form.get("time"), errors);
        String timeZone = form.get("timeZone").isEmpty() ? LONDON : form.get("timeZone");
        ZoneId zone = null;
        try {
            zone = Recurrence.zone(timeZone);
        } catch (HubException e) {
            errors.put("timeZone", "Choose a time zone from the list");
        }
        String rrule = null;
        Optional<RepeatRule> plain = Optional.empty();
        if (!form.get("rrule").isEmpty()) {
            rrule = form.get("rrule");
            try {
                Recurrence.of(LocalDateTime.of(2027, 1, 1, 10, 0), LONDON, rrule);
                plain = RepeatRule.parse(rrule, zone == null ? ZoneId.of(LONDON) : zone);
            } catch (HubException e) {
                errors.put("rrule", e.getMessage());
            }
        } else if ("yes".equals(form.get("repeats"))) {
            plain = plain(form, errors);
            if (plain.isPresent() && date != null && plain.get().until() != null && plain.get().until().isBefore(date)) {
                errors.put("until", "The last meeting's date must be on or after the first meeting's");
            } else if (plain.isPresent() && zone != null) {
                rrule = plain.get().toRrule(zone);
            }
        }
        if (!errors.isEmpty() || date == null || time == null || zone == null) {
            return Optional.empty();
        }
        return Optional.of(new Schedule(date.atTime(time), zone.getId(), rrule, plain));
    }

    /**
     * Whether the first date is one the repeat falls on: a first meeting off the rule would otherwise be added as
     * an extra date, since RFC 5545 always counts the first start.
     */
    static Optional<String> firstDateMismatch(Recurrence schedule, Optional<RepeatRule> plain) {
        if (!schedule.repeats() || schedule.firstFallsOnRule()) {
            return Optional.empty();
        }
        String shape = plain.flatMap(RepeatRule::firstDateShape).orElse("one of the dates the repeat rule gives");
        return Optional.of("Your first meeting, " + DateTimeWords.day(schedule.start().toLocalDate()) + ", is not " + shape
            + "; choose a first date that is, or change how it repeats");
    }

    /** Time zones to choose from: the meeting's own and London first, then the named regions' zones A to Z. */
    static List<Map<String, String>> zones(String current) {
        Set<String> names = new TreeSet<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            if (ZONE_REGIONS.stream().anyMatch(id::startsWith)) {
                names.add(id);
            }
        }
        names.add("UTC");
        List<Map<String, String>> options = new ArrayList<>();
        options.add(Map.of("value", LONDON, "text", "Europe/London (UK time)"));
        if (current != null && !current.isEmpty() && !LONDON.equals(current) && !names.contains(current)) {
            options.add(Map.of("value", current, "text", current));
        }
        names.remove(LONDON);
        names.forEach(name -> options.add(Map.of("value", name, "text", name.replace('_', ' '))));
        return options;
    }

    /**
     * A start time as people type it: "10:00", "9.30", "14:00", "2pm", "2:30pm", "midday" or "noon"; null (with
     * an error) otherwise. Blank means 10am, the usual start of a network meeting.
     */
    static LocalTime time(String text, Map<String, String> errors) {
        String value = text == null ? "" : text.toLowerCase(Locale.ROOT).replace(" ", "");
        if (value.isEmpty()) {
            return LocalTime.of(10, 0);
        }
        if (value.equals("midday") || value.equals("noon") || value.equals("12noon")) {
            return LocalTime.NOON;
        }
        if (value.equals("midnight")) {
            return LocalTime.MIDNIGHT;
        }
        Matcher matcher = TIME.matcher(value);
        if (matcher.matches()) {
            int hour = Integer.parseInt(matcher.group(1));
            int minute = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
            String half = matcher.group(3);
            boolean valid = minute < 60 && (half == null ? hour < 24 : hour >= 1 && hour <= 12);
            if (valid && (half != null || matcher.group(2) != null)) {
                if (half != null) {
                    hour = hour % 12 + (half.startsWith("p") ? 12 : 0);
                }
                return LocalTime.of(hour, minute);
            }
        }
        errors.put("time", "Enter a start time like 10am, 2pm or 9:30am");
        return null;
    }

    /**
     * A date from the NHS.UK date input's three fields ({@code name-day}, {@code name-month}, {@code name-year}),
     * or, when they are all absent, from one ISO field of the same name as forms before the date input sent it.
     */
    static LocalDate date(Map<String, String> form, String name, String what, Map<String, String> errors) {
        return DateInput.read(key -> form.getOrDefault(key, ""), name, "The date of " + what, "The year of " + what,
            "Enter the date of " + what, errors);
    }

    private static Optional<RepeatRule> plain(Map<String, String> form, Map<String, String> errors) {
        int before = errors.size();
        Integer interval = whole(form.get("interval"), 1, 99, "interval", "Enter how often it repeats, as a number from 1 to 99", errors);
        String frequency = form.get("frequency");
        if (!List.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY").contains(frequency)) {
            errors.put("frequency", "Choose days, weeks, months or years");
        }
        Set<DayOfWeek> weekdays = EnumSet.noneOf(DayOfWeek.class);
        Integer monthDay = null;
        Integer ordinal = null;
        DayOfWeek ordinalDay = null;
        if ("WEEKLY".equals(frequency) && !form.get("byWeekday").isEmpty()) {
            for (String code : form.get("byWeekday").split(",")) {
                try {
                    weekdays.add(RepeatRule.day(code.trim()));
                } catch (IllegalArgumentException e) {
                    errors.put("byWeekday", "Choose the days of the week from the list");
                }
            }
        }
        if ("MONTHLY".equals(frequency) && "weekday".equals(form.get("monthlyOn"))) {
            ordinal = List.of("1", "2", "3", "4", "-1").contains(form.get("ordinal")) ? Integer.valueOf(form.get("ordinal")) : null;
            if (ordinal == null) {
                errors.put("ordinal", "Choose first, second, third, fourth or last");
            }
            try {
                ordinalDay = RepeatRule.day(form.get("ordinalDay"));
            } catch (IllegalArgumentException e) {
                errors.put("ordinalDay", "Choose the day of the week");
            }
        } else if ("MONTHLY".equals(frequency) && !form.get("monthDay").isEmpty()) {
            monthDay = whole(form.get("monthDay"), 1, 31, "monthDay", "Enter the day of the month as a number from 1 to 31", errors);
        }
        Integer count = null;
        LocalDate until = null;
        switch (form.get("ends")) {
            case "after" -> count = whole(form.get("count"), 1, Recurrence.MAX_OCCURRENCES, "count",
                "Enter how many times it happens, as a number from 1 to " + Recurrence.MAX_OCCURRENCES, errors);
            case "on" -> until = date(form, "until", "the last meeting", errors);
            case "", "never" -> {
            }
            default -> errors.put("ends", "Choose when the repeats end");
        }
        if (errors.size() > before || interval == null) {
            return Optional.empty();
        }
        return Optional.of(new RepeatRule(frequency, interval, weekdays, monthDay, ordinal, ordinalDay, count, until));
    }

    private static Integer whole(String text, int min, int max, String field, String message, Map<String, String> errors) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        errors.put(field, message);
        return null;
    }
}
