package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.Outbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Tells everyone invited to a meeting that it was scheduled, changed or deleted, or that one of its dates was
 * moved, changed, cancelled or reinstated: an email (plain text and HTML) with an iTIP invitation ({@link Itip})
 * for each person, queued in the outbox by the transaction that made the change, so a change that rolls back
 * tells nobody.
 */
final class MeetingNotices {

    private static final int DATES_LISTED = 3;

    private final Vertx vertx;
    private final EmailTemplates templates;
    private final Itip.Organiser organiser;
    private final String baseUrl;
    private final Clock clock;

    MeetingNotices(Vertx vertx, EmailTemplates templates, Itip.Organiser organiser, String baseUrl, Clock clock) {
        this.vertx = vertx;
        this.templates = templates;
        this.organiser = organiser;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** A person invited to every date ({@code only} null) or to one. */
    private record Invited(Itip.Recipient recipient, Instant only) {
    }

    /** The meeting has just been scheduled. */
    Future<Void> scheduled(SqlClient tx, Meeting meeting) {
        return series(tx, meeting, "scheduled");
    }

    /**
     * The meeting was changed. Only what a calendar shows counts: a new capacity or reminder setting tells
     * nobody, though it raises the SEQUENCE as every change does.
     */
    Future<Void> changed(SqlClient tx, Meeting before, Meeting after) {
        boolean shown = !before.title().equals(after.title())
            || !Objects.equals(before.description(), after.description())
            || !before.schedule().start().equals(after.schedule().start())
            || !before.schedule().zone().equals(after.schedule().zone())
            || !Objects.equals(before.schedule().rrule(), after.schedule().rrule())
            || before.durationMinutes() != after.durationMinutes()
            || !Objects.equals(before.location(), after.location())
            || !Objects.equals(before.onlineUrl(), after.onlineUrl());
        return shown ? series(tx, after, "changed") : Future.succeededFuture();
    }

    /**
     * One date changed from {@code before} to {@code after} ({@code meeting} carries the raised SEQUENCE):
     * a CANCEL when it was cancelled (with {@code reason}), otherwise a REQUEST for the date as it now is.
     * Completes with the accounts given a notification, whose open pages are told once the change commits.
     */
    Future<List<UUID>> dateChanged(SqlClient tx, Meeting meeting, MeetingRepository.Change before, MeetingRepository.Change after,
                             Occurrence occurrence, String reason) {
        String kind;
        if (after.cancelled() && !before.cancelled()) {
            kind = "date-cancelled";
        } else if (before.cancelled() && !after.cancelled()) {
            kind = "date-reinstated";
        } else if (!after.cancelled() && !after.equals(before)) {
            kind = "date-changed";
        } else {
            return Future.succeededFuture(List.of());
        }
        Instant original = occurrence.originalStart().toInstant();
        Instant now = clock.instant();
        return invited(tx, meeting.id()).compose(invited -> written(() -> {
            List<Outbox.Message> messages = new ArrayList<>();
            for (Invited person : invited) {
                if (person.only() != null && !person.only().equals(original)) {
                    continue;
                }
                String calendar = "date-cancelled".equals(kind)
                    ? Itip.cancelDate(meeting, occurrence, reason, organiser, person.recipient(), baseUrl, now)
                    : Itip.requestDate(meeting, occurrence, organiser, person.recipient(), baseUrl, now);
                messages.add(message(person.recipient(), kind, meeting, occurrence, List.of(occurrence),
                    "date-cancelled".equals(kind) ? reason : null, calendar,
                    "date-cancelled".equals(kind) ? "CANCEL" : "REQUEST"));
            }
            return messages;
        })).compose(messages -> Outbox.enqueueAll(tx, messages).compose(v -> dateNotices(tx, meeting, occurrence, kind, messages)));
    }

    /**
     * A notification for each invited person with an account that one date was cancelled or changed. It carries
     * no email of its own: the calendar email above always goes, so the date's change reaches their calendar
     * whatever they chose for meeting emails.
     */
    private Future<List<UUID>> dateNotices(SqlClient tx, Meeting meeting, Occurrence occurrence, String kind,
                                           List<Outbox.Message> sent) {
        if (!"date-cancelled".equals(kind) && !"date-changed".equals(kind)) {
            return Future.succeededFuture(List.of());
        }
        String when = DateTimeWords.range(occurrence.start(), occurrence.end(), DateTimeWords.READER);
        String title = ("date-cancelled".equals(kind) ? "Cancelled: " : "Changed: ") + meeting.title() + ", " + when;
        String body = "date-cancelled".equals(kind) ? "This date of " + meeting.title() + " has been cancelled."
            : "This date of " + meeting.title() + " has changed: it is now " + when
                + (occurrence.location() == null ? "" : ", at " + occurrence.location()) + ".";
        String href = "/meetings/" + meeting.id() + "/occurrence?start="
            + java.net.URLEncoder.encode(occurrence.originalStart().toOffsetDateTime().toString(), java.nio.charset.StandardCharsets.UTF_8);
        String[] emails = sent.stream().map(Outbox.Message::to).distinct().toArray(String[]::new);
        return tx.preparedQuery(MeetingSql.ACCOUNTS_OF).execute(Tuple.of((Object) emails)).compose(rows -> {
            List<Notifications.Notice> notices = new ArrayList<>();
            rows.forEach(row -> notices.add(new Notifications.Notice(row.getUUID("id"),
                "date-cancelled".equals(kind) ? Notifications.Kind.DATE_CANCELLED : Notifications.Kind.DATE_MOVED,
                meeting.networkId(), title, body, href, "meeting:" + meeting.id(), null)));
            return Notifications.record(tx, notices).map(stored -> notices.stream().map(Notifications.Notice::userId).toList());
        });
    }

    /**
     * Someone sends {@code delegate} to one date in their place ({@code withdrawn} false), or no longer needs them
     * (true): the delegate gets the date alone, as a REQUEST that puts it in their calendar or a CANCEL that takes
     * it out, naming the person they stand in for.
     */
    Future<Void> delegated(SqlClient tx, Meeting meeting, Occurrence occurrence, Itip.Recipient delegate, String sender,
                           boolean withdrawn, boolean newcomer) {
        Instant now = clock.instant();
        return written(() -> {
            String calendar = withdrawn
                ? Itip.cancelDate(meeting, occurrence, null, organiser, delegate, baseUrl, now)
                : Itip.requestDate(meeting, occurrence, organiser, delegate, baseUrl, now);
            Outbox.Message message = message(delegate, withdrawn ? "delegate-withdrawn" : "delegate", meeting, occurrence,
                List.of(occurrence), null, calendar, withdrawn ? "CANCEL" : "REQUEST", sender, newcomer);
            return List.of(message);
        }).compose(messages -> Outbox.enqueueAll(tx, messages));
    }

    /** The meeting is about to be deleted (called in the deleting transaction, before the rows go). */
    Future<Void> deleted(SqlClient tx, Meeting meeting) {
        // A cancellation must carry a higher SEQUENCE than every invitation sent before it.
        Meeting cancelled = new Meeting(meeting.id(), meeting.networkId(), meeting.title(), meeting.description(),
            meeting.schedule(), meeting.durationMinutes(), meeting.location(), meeting.onlineUrl(), meeting.capacity(),
            meeting.sequence() + 1, meeting.updatedAt(), meeting.requiredRoleTitles(), meeting.reminderHours(),
            meeting.guestAllowance(), meeting.version(), meeting.updatedBy());
        Instant now = clock.instant();
        return changes(tx, meeting.id()).compose(changes -> invited(tx, meeting.id()).compose(invited -> written(() -> {
            List<Outbox.Message> messages = new ArrayList<>();
            for (Invited person : invited) {
                Occurrence only = person.only() == null ? null : occurrenceAt(cancelled, changes, person.only());
                if (person.only() != null && (only == null || only.cancelled())) {
                    continue;
                }
                String calendar = only == null ? Itip.cancelSeries(cancelled, organiser, person.recipient(), baseUrl, now)
                    : Itip.cancelDate(cancelled, only, null, organiser, person.recipient(), baseUrl, now);
                List<Occurrence> dates = only == null ? upcoming(cancelled, changes, now) : List.of(only);
                messages.add(message(person.recipient(), "deleted", cancelled, dates.isEmpty() ? null : dates.get(0), dates,
                    null, calendar, "CANCEL"));
            }
            return messages;
        })).compose(messages -> Outbox.enqueueAll(tx, messages)));
    }

    private Future<Void> series(SqlClient tx, Meeting meeting, String kind) {
        Instant now = clock.instant();
        return changes(tx, meeting.id()).compose(changes -> invited(tx, meeting.id()).compose(invited -> written(() -> {
            List<Occurrence> upcoming = upcoming(meeting, changes, now);
            List<Outbox.Message> messages = new ArrayList<>();
            for (Invited person : invited) {
                if (person.only() == null) {
                    String calendar = Itip.requestSeries(new Calendars.Entry(meeting, changes), organiser, person.recipient(),
                        baseUrl, now);
                    messages.add(message(person.recipient(), kind, meeting, upcoming.isEmpty() ? null : upcoming.get(0),
                        upcoming, null, calendar, "REQUEST"));
                    continue;
                }
                // Someone invited to one date is sent that date alone, so the rest of the series stays out of their calendar.
                Occurrence only = occurrenceAt(meeting, changes, person.only());
                if (only == null || only.cancelled()) {
                    continue;
                }
                messages.add(message(person.recipient(), kind, meeting, only, List.of(only), null,
                    Itip.requestDate(meeting, only, organiser, person.recipient(), baseUrl, now), "REQUEST"));
            }
            return messages;
        })).compose(messages -> Outbox.enqueueAll(tx, messages)));
    }

    /**
     * Builds the emails on a worker: a calendar and two bodies per person take about 1.5 ms, too long to hold an
     * event loop for a meeting of a hundred people.
     */
    private Future<List<Outbox.Message>> written(Callable<List<Outbox.Message>> build) {
        return vertx.executeBlocking(build, false);
    }

    private Outbox.Message message(Itip.Recipient recipient, String kind, Meeting meeting, Occurrence first,
                                   List<Occurrence> dates, String reason, String calendar, String method) {
        return message(recipient, kind, meeting, first, dates, reason, calendar, method, null, false);
    }

    private Outbox.Message message(Itip.Recipient recipient, String kind, Meeting meeting, Occurrence first,
                                   List<Occurrence> dates, String reason, String calendar, String method, String sender,
                                   boolean newcomer) {
        Map<String, Object> model = new HashMap<>();
        if (sender != null) {
            model.put("sender", sender);
        }
        if (newcomer) {
            // an address with no account yet: registering with it is what lets them see the date
            model.put("register", baseUrl + "/register?returnTo=" + URLEncoder.encode("/meetings/" + meeting.id(),
                StandardCharsets.UTF_8));
        }
        model.put("kind", kind);
        model.put("title", meeting.title());
        if (recipient.name() != null) {
            model.put("name", recipient.name());
        }
        ZoneId zone = meeting.schedule().zone();
        model.put("when", first == null ? "no dates to come" : when(first, zone));
        model.put("dates", dates.stream().map(date -> when(date, zone)).toList());
        String where = first == null ? meeting.location() : first.location();
        String onlineUrl = first == null ? meeting.onlineUrl() : first.onlineUrl();
        if (where != null) {
            model.put("where", where);
        }
        if (onlineUrl != null) {
            model.put("onlineUrl", onlineUrl);
        }
        if (reason != null) {
            model.put("reason", reason);
        }
        model.put("link", first == null ? baseUrl + "/meetings/" + meeting.id()
            : baseUrl + "/meetings/" + meeting.id() + "/occurrence?start="
                + URLEncoder.encode(first.originalStart().toOffsetDateTime().toString(), StandardCharsets.UTF_8));
        model.put("calendar", true);
        EmailTemplates.Rendered email = templates.render("meeting-notice", model);
        return new Outbox.Message(recipient.email(), email.subject(), email.text(), email.html(), calendar, method);
    }

    /** Everyone invited, each once: an invitation to every date makes one to a single date redundant. */
    private static Future<List<Invited>> invited(SqlClient tx, UUID meetingId) {
        return tx.preparedQuery(MeetingSql.RECIPIENTS).execute(Tuple.of(meetingId)).map(rows -> {
            Map<String, List<Invited>> byEmail = new LinkedHashMap<>();
            for (Row row : rows) {
                OffsetDateTime only = row.getOffsetDateTime("only_start");
                Invited invited = new Invited(new Itip.Recipient(row.getString("email"), row.getString("display_name")),
                    only == null ? null : only.toInstant());
                List<Invited> ofPerson = byEmail.computeIfAbsent(row.getString("email"), e -> new ArrayList<>());
                if (ofPerson.isEmpty() || ofPerson.get(0).only() != null) {
                    ofPerson.add(invited);
                }
            }
            List<Invited> all = new ArrayList<>();
            byEmail.values().forEach(all::addAll);
            return all;
        });
    }

    private static Future<List<MeetingRepository.Change>> changes(SqlClient tx, UUID meetingId) {
        return tx.preparedQuery(MeetingSql.CHANGES).execute(Tuple.of(meetingId)).map(rows -> {
            List<MeetingRepository.Change> changes = new ArrayList<>();
            rows.forEach(row -> changes.add(MeetingRepository.Change.fromRow(row)));
            return changes;
        });
    }

    private static List<Occurrence> upcoming(Meeting meeting, List<MeetingRepository.Change> changes, Instant now) {
        return MeetingService.expand(meeting, changes, now, now.plus(MeetingService.MAX_WINDOW)).stream()
            .filter(occurrence -> !occurrence.cancelled()).limit(DATES_LISTED).toList();
    }

    private static Occurrence occurrenceAt(Meeting meeting, List<MeetingRepository.Change> changes, Instant original) {
        if (!meeting.schedule().occursAt(original)) {
            return null;
        }
        List<MeetingRepository.Change> own = changes.stream()
            .filter(change -> change.originalStart().toInstant().equals(original)).toList();
        ZonedDateTime start = original.atZone(meeting.schedule().zone());
        MeetingRepository.Change change = own.isEmpty() ? MeetingRepository.Change.none(start.toOffsetDateTime()) : own.get(0);
        ZonedDateTime moved = change.movedStart() == null ? start : change.movedStart().atZoneSameInstant(start.getZone());
        return new Occurrence(start, moved, moved.plus(meeting.duration()), change.cancelled(), change.movedStart() != null,
            change.theme(), change.location() != null ? change.location() : meeting.location(),
            change.onlineUrl() != null ? change.onlineUrl() : meeting.onlineUrl());
    }

    /** A date and time in words through the one formatter: "Tuesday 12 January 2027, 2pm to 4pm". */
    static String when(Occurrence occurrence, ZoneId zone) {
        return DateTimeWords.range(occurrence.start().withZoneSameInstant(zone), occurrence.end().withZoneSameInstant(zone),
            DateTimeWords.READER);
    }
}
