package uk.nhs.hub.meeting;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.CuType;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Comment;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.RecurrenceId;
import net.fortuna.ical4j.model.property.Status;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduling messages (RFC 5546 iTIP) for one recipient: the hub is the ORGANIZER, the recipient the one
 * ATTENDEE, and every VEVENT carries the series' UID and the meeting's SEQUENCE, so a calendar app replaces
 * what it holds with the newer version by itself. The events are those of {@link Calendars}.
 */
final class Itip {

    /** Who the invitation is for; {@code name} may be null (a guest invited by address only). */
    record Recipient(String email, String name) {
    }

    /** The hub as organiser: its sending address and the name it sends under. */
    record Organiser(String email, String name) {

        /** The organiser in a sender such as {@code Network hub <hub@example.nhs.uk>}. */
        static Organiser of(String from) {
            int open = from.lastIndexOf('<');
            int close = from.lastIndexOf('>');
            if (open >= 0 && close > open) {
                String name = from.substring(0, open).strip().replace("\"", "");
                return new Organiser(from.substring(open + 1, close).strip(), name.isEmpty() ? null : name);
            }
            return new Organiser(from.strip(), null);
        }
    }

    private Itip() {
    }

    /** METHOD:REQUEST for the whole series: the master event with its RRULE and EXDATEs, and each changed date. */
    static String requestSeries(Calendars.Entry entry, Organiser organiser, Recipient recipient, String baseUrl,
                                Instant now) {
        Calendar calendar = Calendars.build(List.of(entry), baseUrl, now);
        return Calendars.write(addressed(calendar, Method.VALUE_REQUEST, organiser, recipient));
    }

    /** METHOD:REQUEST for one date only (RECURRENCE-ID): it was moved, changed or reinstated, or is all the recipient is invited to. */
    static String requestDate(Meeting meeting, Occurrence occurrence, Organiser organiser, Recipient recipient,
                              String baseUrl, Instant now) {
        VEvent event = dateEvent(meeting, occurrence, baseUrl, now);
        return Calendars.write(addressed(calendarOf(meeting, event), Method.VALUE_REQUEST, organiser, recipient));
    }

    /** METHOD:CANCEL for one date (RECURRENCE-ID), with the reason as COMMENT when one was given. */
    static String cancelDate(Meeting meeting, Occurrence occurrence, String reason, Organiser organiser,
                             Recipient recipient, String baseUrl, Instant now) {
        VEvent event = dateEvent(meeting, occurrence, baseUrl, now);
        event.withProperty(new Status(Status.VALUE_CANCELLED));
        if (reason != null) {
            event.withProperty(new Comment(reason));
        }
        return Calendars.write(addressed(calendarOf(meeting, event), Method.VALUE_CANCEL, organiser, recipient));
    }

    /**
     * METHOD:CANCEL for the whole series (no RECURRENCE-ID): the meeting is deleted. {@code meeting} carries the
     * SEQUENCE the cancellation is sent with, above every version sent before.
     */
    static String cancelSeries(Meeting meeting, Organiser organiser, Recipient recipient, String baseUrl, Instant now) {
        Calendar calendar = Calendars.build(List.of(new Calendars.Entry(meeting, List.of())), baseUrl, now);
        calendar.getComponents(Component.VEVENT).forEach(event -> event.withProperty(new Status(Status.VALUE_CANCELLED)));
        return Calendars.write(addressed(calendar, Method.VALUE_CANCEL, organiser, recipient));
    }

    private static VEvent dateEvent(Meeting meeting, Occurrence occurrence, String baseUrl, Instant now) {
        ZoneId zone = meeting.schedule().zone();
        ParameterList tz = new ParameterList(List.of(new TzId(zone.getId())));
        String title = occurrence.theme() == null ? meeting.title() : meeting.title() + ": " + occurrence.theme();
        VEvent event = Calendars.event(meeting.id() + "@network-hub", Calendars.UTC.format(now), meeting, tz,
            occurrence.start().withZoneSameInstant(zone).format(Calendars.LOCAL), title, baseUrl,
            Calendars.where(occurrence.location(), occurrence.onlineUrl()));
        event.withProperty(new RecurrenceId<>(tz, occurrence.originalStart().withZoneSameInstant(zone).format(Calendars.LOCAL)));
        return event;
    }

    private static Calendar calendarOf(Meeting meeting, VEvent event) {
        Calendar calendar = new Calendar();
        calendar.withProdId("-//NHS//Network hub//EN").withDefaults()
            .withComponent(Calendars.ZONES.getTimeZone(meeting.schedule().zone().getId()).getVTimeZone())
            .withComponent(event);
        return calendar;
    }

    /** Adds the METHOD, and to every event the ORGANIZER and the recipient as ATTENDEE, as iTIP requires. */
    private static Calendar addressed(Calendar calendar, String method, Organiser organiser, Recipient recipient) {
        calendar.withProperty(new Method(method));
        List<Parameter> organiserParameters = new ArrayList<>();
        if (organiser.name() != null) {
            organiserParameters.add(new Cn(organiser.name()));
        }
        List<Parameter> attendeeParameters = new ArrayList<>();
        if (recipient.name() != null) {
            attendeeParameters.add(new Cn(recipient.name()));
        }
        attendeeParameters.add(CuType.INDIVIDUAL);
        attendeeParameters.add(Role.REQ_PARTICIPANT);
        attendeeParameters.add(PartStat.NEEDS_ACTION);
        // Replies are made in the hub, where capacity and waiting lists are kept: calendars must not email them.
        attendeeParameters.add(new Rsvp(false));
        for (VEvent event : calendar.<VEvent>getComponents(Component.VEVENT)) {
            event.withProperty(new Organizer(new ParameterList(organiserParameters), URI.create("mailto:" + organiser.email())))
                .withProperty(new Attendee(new ParameterList(attendeeParameters), URI.create("mailto:" + recipient.email())));
        }
        return calendar;
    }
}
