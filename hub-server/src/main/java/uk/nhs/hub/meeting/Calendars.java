package uk.nhs.hub.meeting;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Duration;
import net.fortuna.ical4j.model.property.ExDate;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.RecurrenceId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Meetings as RFC 5545 iCalendar, built with ical4j: a VTIMEZONE for the meeting's zone, the recurring VEVENT
 * with its RRULE, EXDATE for cancelled occurrences and SEQUENCE, and one VEVENT with RECURRENCE-ID for every
 * occurrence that was moved, given a theme or held somewhere else.
 */
final class Calendars {

    /** A meeting with the changes to its occurrences. */
    record Entry(Meeting meeting, List<MeetingRepository.Change> changes) {
    }

    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final TimeZoneRegistry ZONES = TimeZoneRegistryFactory.getInstance().createRegistry();

    private Calendars() {
    }

    /** A calendar holding the given meetings, for the hub at {@code baseUrl}. */
    static String render(List<Entry> entries, String baseUrl, Instant now) {
        return write(build(entries, baseUrl, now));
    }

    /** The calendar {@link #render} writes, for callers that add to it (an iTIP method, attendees). */
    static Calendar build(List<Entry> entries, String baseUrl, Instant now) {
        return build(entries, baseUrl, now, java.util.Map.of());
    }

    /**
     * The same, for a reader who attends some dates for someone else: {@code attendingFor} names the sender by
     * {@link CalendarFeeds#replyKey}, and each such date becomes its own VEVENT whose description says so.
     */
    static Calendar build(List<Entry> entries, String baseUrl, Instant now, java.util.Map<String, String> attendingFor) {
        Calendar calendar = new Calendar();
        calendar.withProdId("-//NHS//Network hub//EN").withDefaults();
        entries.stream().map(entry -> entry.meeting().schedule().zone().getId()).distinct()
            .forEach(zone -> calendar.withComponent(ZONES.getTimeZone(zone).getVTimeZone()));
        for (Entry entry : entries) {
            Meeting meeting = entry.meeting();
            ZoneId zone = meeting.schedule().zone();
            ParameterList tz = new ParameterList(List.of(new TzId(zone.getId())));
            String uid = meeting.id() + "@network-hub";
            String stamp = UTC.format(now);
            VEvent master = event(uid, stamp, meeting, tz, meeting.schedule().start().format(LOCAL), meeting.title(), baseUrl,
                where(meeting.location(), meeting.onlineUrl()));
            if (meeting.schedule().repeats()) {
                master.withProperty(new RRule<>(meeting.schedule().rrule()));
            }
            // A change whose date the schedule no longer has must not reach calendars: it would match nothing.
            List<MeetingRepository.Change> changes = entry.changes().stream()
                .filter(change -> meeting.schedule().occursAt(change.originalStart().toInstant())).toList();
            String cancelled = changes.stream().filter(MeetingRepository.Change::cancelled)
                .map(change -> change.originalStart().atZoneSameInstant(zone).format(LOCAL))
                .collect(Collectors.joining(","));
            if (!cancelled.isEmpty()) {
                master.withProperty(new ExDate<>(tz, cancelled));
            }
            calendar.withComponent(master);
            java.util.Set<Instant> overridden = new java.util.HashSet<>();
            for (MeetingRepository.Change change : changes) {
                String sender = attendingFor.get(CalendarFeeds.replyKey(meeting.id(), change.originalStart().toInstant()));
                if (!change.overrides() && (sender == null || change.cancelled())) {
                    continue;
                }
                overridden.add(change.originalStart().toInstant());
                String start = (change.movedStart() == null ? change.originalStart() : change.movedStart())
                    .atZoneSameInstant(zone).format(LOCAL);
                String title = change.theme() == null ? meeting.title() : meeting.title() + ": " + change.theme();
                VEvent override = event(uid, stamp, meeting, tz, start, title, baseUrl, where(
                    change.location() == null ? meeting.location() : change.location(),
                    change.onlineUrl() == null ? meeting.onlineUrl() : change.onlineUrl()));
                override.withProperty(new RecurrenceId<>(tz, change.originalStart().atZoneSameInstant(zone).format(LOCAL)));
                attending(override, meeting, sender);
                calendar.withComponent(override);
            }
            String prefix = meeting.id() + "@";
            for (java.util.Map.Entry<String, String> delegation : attendingFor.entrySet()) {
                if (!delegation.getKey().startsWith(prefix)) {
                    continue;
                }
                Instant original = Instant.parse(delegation.getKey().substring(prefix.length()));
                if (overridden.contains(original) || !meeting.schedule().occursAt(original)) {
                    continue;
                }
                String start = original.atZone(zone).format(LOCAL);
                VEvent override = event(uid, stamp, meeting, tz, start, meeting.title(), baseUrl,
                    where(meeting.location(), meeting.onlineUrl()));
                override.withProperty(new RecurrenceId<>(tz, start));
                attending(override, meeting, delegation.getValue());
                calendar.withComponent(override);
            }
        }
        return calendar;
    }

    private static void attending(VEvent event, Meeting meeting, String sender) {
        if (sender == null) {
            return;
        }
        String words = "You are attending for " + sender + ".";
        event.replace(new Description(meeting.description() == null ? words : words + "\n\n" + meeting.description()));
    }

    /** The calendar as text, folded at 75 octets. */
    static String write(Calendar calendar) {
        StringWriter text = new StringWriter();
        try {
            // ical4j's folding counts characters, not octets, so it is turned off and IcsFolding folds instead.
            new CalendarOutputter(false, Integer.MAX_VALUE).output(calendar, new IcsFolding(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static String where(String location, String onlineUrl) {
        return location == null ? onlineUrl : onlineUrl == null ? location : location + " and online: " + onlineUrl;
    }

    static VEvent event(String uid, String stamp, Meeting meeting, ParameterList tz, String start, String title,
                                String baseUrl, String where) {
        VEvent event = new VEvent(false);
        event.withProperty(new Uid(uid))
            .withProperty(new DtStamp(stamp))
            .withProperty(new DtStart<>(tz, start))
            .withProperty(new Duration(meeting.duration()))
            .withProperty(new Sequence(meeting.sequence()))
            .withProperty(new Summary(title))
            .withProperty(new Url(URI.create(baseUrl + "/meetings/" + meeting.id())));
        if (meeting.description() != null) {
            event.withProperty(new Description(meeting.description()));
        }
        if (where != null) {
            event.withProperty(new Location(where));
        }
        return event;
    }
}
