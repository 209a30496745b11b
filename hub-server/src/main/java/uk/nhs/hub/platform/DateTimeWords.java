package uk.nhs.hub.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place where dates and times become words people read, on pages and in emails, in the NHS.UK content
 * style: "Tuesday 12 January 2027, 2pm to 4pm", "10:30am", "midday", "18 December 2026". Months and days are
 * never abbreviated and never written as numbers; a time zone is named only when the time is shown in a zone
 * other than the reader's (GMT or BST for the UK, otherwise the zone's usual abbreviation or its ID).
 *
 * <p>The hub does not yet know each reader's own zone, so {@link #READER} (the UK) stands for it.
 */
public final class DateTimeWords {

    /** The zone readers are taken to be in, and the one timestamps such as "posted at" are shown in. */
    public static final ZoneId READER = ZoneId.of("Europe/London");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter DAY_AND_MONTH = DateTimeFormatter.ofPattern("d MMMM", Locale.UK);
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("z", Locale.UK);
    private static final DateTimeFormatter ZONE_US = DateTimeFormatter.ofPattern("z", Locale.US);
    // Java spells zones it has no abbreviation for as an offset ("GMT-05:00"), which readers do not recognise
    private static final Pattern OFFSET_NAME = Pattern.compile("(GMT|UTC)[+-].*");

    private DateTimeWords() {
    }

    /** "18 December 2026". */
    public static String date(LocalDate date) {
        return date.format(DATE);
    }

    /** "Tuesday 12 January 2027". */
    public static String day(LocalDate date) {
        return date.format(DAY);
    }

    /** "January 2027". */
    public static String month(LocalDate date) {
        return date.format(MONTH);
    }

    /** "12 January": for a chart's axis, where the year is said once in its title or table. */
    public static String dayAndMonth(LocalDate date) {
        return date.format(DAY_AND_MONTH);
    }

    /** "2pm", "10:30am", "midday", "midnight", "12:15am". */
    public static String time(LocalTime time) {
        if (time.getMinute() == 0 && time.getHour() == 12) {
            return "midday";
        }
        if (time.getMinute() == 0 && time.getHour() == 0) {
            return "midnight";
        }
        int hour = time.getHour() % 12 == 0 ? 12 : time.getHour() % 12;
        String minutes = time.getMinute() == 0 ? "" : (time.getMinute() < 10 ? ":0" : ":") + time.getMinute();
        return hour + minutes + (time.getHour() < 12 ? "am" : "pm");
    }

    /**
     * The times of something that starts and ends on one day, "2pm to 4pm", or, when it ends on a later day,
     * "10pm to Wednesday 13 January 2027, 2am"; the zone is added when it is not the reader's, once when both
     * ends share an abbreviation and at each end when a clock change falls between them.
     */
    public static String times(ZonedDateTime start, ZonedDateTime end, ZoneId reader) {
        ZonedDateTime finish = end.withZoneSameInstant(start.getZone());
        boolean named = !sameRules(start.getZone(), reader);
        String startZone = named ? " " + zoneName(start) : "";
        String endZone = named ? " " + zoneName(finish) : "";
        String from = time(start.toLocalTime());
        String to = finish.toLocalDate().equals(start.toLocalDate())
            ? time(finish.toLocalTime())
            : day(finish.toLocalDate()) + ", " + time(finish.toLocalTime());
        if (startZone.equals(endZone)) {
            return from + " to " + to + endZone;
        }
        return from + startZone + " to " + to + endZone;
    }

    /** "Tuesday 12 January 2027, 2pm to 4pm" (with the zone and the end's day as {@link #times} adds them). */
    public static String range(ZonedDateTime start, ZonedDateTime end, ZoneId reader) {
        return day(start.toLocalDate()) + ", " + times(start, end, reader);
    }

    /** "Tuesday 12 January 2027, 2pm", naming the zone when it is not the reader's. */
    public static String moment(ZonedDateTime at, ZoneId reader) {
        return day(at.toLocalDate()) + ", " + time(at.toLocalTime())
            + (sameRules(at.getZone(), reader) ? "" : " " + zoneName(at));
    }

    /** When something was written or sent, in the reader's zone: "18 December 2026 at 2:15pm". */
    public static String timestamp(Instant at) {
        ZonedDateTime local = at.atZone(READER);
        return date(local.toLocalDate()) + " at " + time(local.toLocalTime());
    }

    /**
     * When something was saved, as a person checking another's change reads it: "10:42am" today in the reader's
     * zone, "10:42am on 3 December 2026" on another day.
     */
    public static String savedAt(Instant at, Instant now) {
        ZonedDateTime local = at.atZone(READER);
        String clock = time(local.toLocalTime());
        return local.toLocalDate().equals(now.atZone(READER).toLocalDate()) ? clock
            : clock + " on " + date(local.toLocalDate());
    }

    /** {@link #timestamp(Instant)} of an ISO-8601 date-time with an offset, as the API writes them. */
    public static String timestamp(String isoOffsetDateTime) {
        return timestamp(OffsetDateTime.parse(isoOffsetDateTime).toInstant());
    }

    /** The zone's name at that moment: "GMT" or "BST" for the UK, "CET", "EST", else the zone's ID. */
    public static String zoneName(ZonedDateTime at) {
        String name = at.format(ZONE);
        if (OFFSET_NAME.matcher(name).matches()) {
            name = at.format(ZONE_US);
        }
        return OFFSET_NAME.matcher(name).matches() ? at.getZone().getId() : name;
    }

    private static boolean sameRules(ZoneId zone, ZoneId reader) {
        return zone.normalized().equals(reader.normalized()) || zone.getRules().equals(reader.getRules());
    }
}
