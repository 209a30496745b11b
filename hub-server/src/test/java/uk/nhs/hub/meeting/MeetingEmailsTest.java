package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.platform.EmailTemplates;

import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Scheduling, changing, moving, cancelling, reinstating and deleting a meeting email everyone invited with an
 * RFC 5546 invitation their calendar acts on: read back from the outbox rows the change wrote, and parsed.
 */
class MeetingEmailsTest {

    private static final String JANUARY = "2027-01-12T10:00:00Z";
    private static final String JULY = "2027-07-12T10:00:00+01:00";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser hostMember;
    private static TestUser regionalMember;
    private static TestUser placeMember;
    private static TestUser julySpeaker;
    private static TestUser stranger;
    private static String host;
    private static String region;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Mail Organiser");
        hostMember = TestUsers.create(client, "Host Member");
        regionalMember = TestUsers.create(client, "Regional Member");
        placeMember = TestUsers.create(client, "Place Member");
        julySpeaker = TestUsers.create(client, "July Speaker");
        stranger = TestUsers.create(client, "Uninvited Stranger");
        host = network("Chief executives", null);
        region = network("Race equality region", null);
        String place = network("Kirklees", region);
        add(host, hostMember);
        add(region, regionalMember);
        add(place, placeMember);
    }

    private static String network(String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        return await(client.post("/api/networks").putHeader("Authorization", organiser.bearer()).sendJsonObject(body))
            .bodyAsJsonObject().getString("id");
    }

    private static void add(String network, TestUser person) {
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", person.email()).put("role", "member")));
    }

    /** A meeting every second month, with a region (and the places inside it), a named speaker for July and a guest for January. */
    private static String meeting(String title) {
        String id = await(client.post("/api/networks/" + host + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", title).put("start", "2027-01-12T10:00").put("timeZone", "Europe/London")
                .put("durationMinutes", 120).put("rrule", "FREQ=MONTHLY;INTERVAL=2;COUNT=6").put("location", "Leeds")))
            .bodyAsJsonObject().getString("id");
        invite(id, new JsonObject().put("networkId", region).put("includeDescendants", true));
        invite(id, new JsonObject().put("email", julySpeaker.email()).put("originalStart", JULY));
        // what approving a guest nomination writes: an invitation by address to one date
        await(TestHub.get().pool().preparedQuery("INSERT INTO meeting_invitees (meeting_id, email, original_start) VALUES ($1, $2, $3)")
            .execute(Tuple.of(UUID.fromString(id), "guest.of.honour@example.org", java.time.OffsetDateTime.parse(JANUARY))));
        return id;
    }

    private static void invite(String meeting, JsonObject body) {
        assertEquals(201, await(client.post("/api/meetings/" + meeting + "/invitees").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(body)).statusCode());
    }

    private static HttpResponse<Buffer> patch(String meeting, String path, JsonObject body) {
        return await(client.patch("/api/meetings/" + meeting + path).putHeader("Authorization", organiser.bearer()).sendJsonObject(body));
    }

    private static String occurrencePath(String start) {
        return "/occurrences/" + URLEncoder.encode(start, StandardCharsets.UTF_8);
    }

    private static long lastMail() {
        return await(TestHub.get().pool().query("SELECT coalesce(max(id), 0) FROM outbox").execute()).iterator().next().getLong(0);
    }

    /** One email read back from the outbox. */
    private record Mail(String to, String subject, String text, String html, String method, String raw, Calendar calendar) {

        VEvent event() {
            List<VEvent> events = calendar.getComponents(Component.VEVENT);
            assertEquals(1, events.size(), "one event in " + raw);
            return events.get(0);
        }

        String value(Component component, String property) {
            return component.getProperty(property).map(Property::getValue).orElse(null);
        }
    }

    /** The emails written since {@code after}, by recipient. */
    private static Map<String, Mail> mailSince(long after) {
        Map<String, Mail> mails = new LinkedHashMap<>();
        for (Row row : await(TestHub.get().pool().preparedQuery(
                "SELECT to_address, subject, body, html_body, calendar, calendar_method FROM outbox WHERE id > $1 ORDER BY id")
            .execute(Tuple.of(after)))) {
            String raw = row.getString("calendar");
            Calendar calendar = null;
            if (raw != null) {
                for (String line : raw.split("\r\n")) {
                    assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, "folded at 75 octets: " + line);
                }
                try {
                    calendar = new CalendarBuilder().build(new StringReader(raw));
                } catch (Exception e) {
                    throw new AssertionError("the invitation parses: " + raw, e);
                }
            }
            Mail mail = new Mail(row.getString("to_address"), row.getString("subject"), row.getString("body"),
                row.getString("html_body"), row.getString("calendar_method"), raw, calendar);
            assertFalse(mails.containsKey(mail.to()), "one email to " + mail.to());
            mails.put(mail.to(), mail);
        }
        return mails;
    }

    private static int sequence(String meeting) {
        return await(client.get("/api/meetings/" + meeting).putHeader("Authorization", organiser.bearer()).send())
            .bodyAsJsonObject().getInteger("sequence");
    }

    /** Every email is an iTIP message from the hub to its one recipient, about this meeting, at its current SEQUENCE. */
    private static void assertAddressed(Map<String, Mail> mails, String meeting, String method, int sequence) {
        mails.values().forEach(mail -> {
            assertEquals(method, mail.method(), mail.to());
            assertEquals(method, mail.calendar().getProperty(Property.METHOD).orElseThrow().getValue());
            List<VEvent> events = mail.calendar().getComponents(Component.VEVENT);
            assertFalse(events.isEmpty());
            for (VEvent event : events) {
                assertEquals(meeting + "@network-hub", mail.value(event, Property.UID));
                assertEquals(String.valueOf(sequence), mail.value(event, Property.SEQUENCE));
                assertEquals("mailto:hub@localhost", mail.value(event, Property.ORGANIZER).toLowerCase());
                List<Property> attendees = event.getProperties(Property.ATTENDEE);
                assertEquals(1, attendees.size(), "the recipient alone is the attendee");
                assertEquals("mailto:" + mail.to(), attendees.get(0).getValue());
            }
        });
    }

    @Test
    void schedulingAMeetingSendsItsNetworkARequestForTheWholeSeries() {
        long before = lastMail();
        String meeting = await(client.post("/api/networks/" + host + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Scheduled series").put("start", "2027-01-12T14:00")
                .put("durationMinutes", 120).put("rrule", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6")))
            .bodyAsJsonObject().getString("id");
        Map<String, Mail> mails = mailSince(before);
        assertEquals(Set.of(organiser.email(), hostMember.email()), mails.keySet());
        assertAddressed(mails, meeting, "REQUEST", 0);
        Mail mail = mails.get(hostMember.email());
        assertEquals(Set.of("FREQ=MONTHLY", "INTERVAL=2", "BYDAY=2TU", "COUNT=6"), Set.of(mail.value(mail.event(), Property.RRULE).split(";")));
        assertNull(mail.value(mail.event(), Property.RECURRENCE_ID));
        assertEquals("Invitation: Scheduled series, Tuesday 12 January 2027, 2pm to 4pm", mail.subject());
        assertTrue(mail.text().startsWith("Hello Host Member,"), mail.text());
        assertTrue(mail.text().contains("- Tuesday 9 March 2027, 2pm to 4pm"), mail.text());
        assertTrue(mail.html().contains("<strong>Scheduled series</strong>"), mail.html());
    }

    @Test
    void changingAMeetingSendsEveryInviteeTheirOwnRequestWithARaisedSequence() {
        String meeting = meeting("Changed series");
        long before = lastMail();
        assertEquals(200, patch(meeting, "", new JsonObject().put("title", "Changed series <and renamed>")).statusCode());
        Map<String, Mail> mails = mailSince(before);
        assertEquals(Set.of(organiser.email(), hostMember.email(), regionalMember.email(), placeMember.email(),
            julySpeaker.email(), "guest.of.honour@example.org"), mails.keySet(), "stranger " + stranger.email() + " is not told");
        int sequence = sequence(meeting);
        assertEquals(1, sequence);
        assertAddressed(mails, meeting, "REQUEST", sequence);
        Mail member = mails.get(placeMember.email());
        assertEquals(Set.of("FREQ=MONTHLY", "INTERVAL=2", "COUNT=6"), Set.of(member.value(member.event(), Property.RRULE).split(";")));
        assertTrue(member.html().contains("Changed series &lt;and renamed&gt;"), "HTML is escaped: " + member.html());
        Mail speaker = mails.get(julySpeaker.email());
        assertNull(speaker.value(speaker.event(), Property.RRULE), "someone invited to one date is sent that date alone");
        assertEquals("20270712T100000", speaker.value(speaker.event(), Property.RECURRENCE_ID));
        Mail guest = mails.get("guest.of.honour@example.org");
        assertEquals("20270112T100000", guest.value(guest.event(), Property.RECURRENCE_ID));
        assertTrue(guest.text().startsWith("Hello,"), "a guest without an account is greeted without a name");

        long quiet = lastMail();
        assertEquals(200, patch(meeting, "", new JsonObject().put("capacity", 40)).statusCode());
        assertTrue(mailSince(quiet).isEmpty(), "a change no calendar shows tells nobody");
    }

    @Test
    void cancellingADateSendsACancelForThatDateWithTheReason() {
        String meeting = meeting("Cancelled date");
        long before = lastMail();
        assertEquals(200, patch(meeting, occurrencePath(JANUARY), new JsonObject().put("cancelled", true)
            .put("reason", "The venue is flooded")).statusCode());
        Map<String, Mail> mails = mailSince(before);
        assertFalse(mails.containsKey(julySpeaker.email()), "only those invited to the date are told");
        assertTrue(mails.containsKey("guest.of.honour@example.org"));
        assertAddressed(mails, meeting, "CANCEL", sequence(meeting));
        Mail mail = mails.get(regionalMember.email());
        VEvent event = mail.event();
        assertEquals("20270112T100000", mail.value(event, Property.RECURRENCE_ID));
        assertEquals("Europe/London", event.getProperty(Property.RECURRENCE_ID).orElseThrow().getParameter("TZID").orElseThrow().getValue());
        assertEquals("CANCELLED", mail.value(event, Property.STATUS));
        assertEquals("The venue is flooded", mail.value(event, Property.COMMENT));
        assertEquals("Cancelled: Cancelled date, Tuesday 12 January 2027, 10am to midday", mail.subject());
        assertTrue(mail.text().contains("Reason: The venue is flooded"), mail.text());

        long again = lastMail();
        assertEquals(200, patch(meeting, occurrencePath(JANUARY), new JsonObject().put("cancelled", true)).statusCode());
        assertTrue(mailSince(again).isEmpty(), "cancelling a cancelled date tells nobody again");

        long reinstated = lastMail();
        assertEquals(200, patch(meeting, occurrencePath(JANUARY), new JsonObject().put("cancelled", false)).statusCode());
        Map<String, Mail> back = mailSince(reinstated);
        assertAddressed(back, meeting, "REQUEST", sequence(meeting));
        Mail on = back.get(regionalMember.email());
        assertEquals("20270112T100000", on.value(on.event(), Property.RECURRENCE_ID));
        assertTrue(on.subject().startsWith("Back on: Cancelled date"), on.subject());
    }

    @Test
    void movingADateSendsARequestForThatDateAtItsNewTime() {
        String meeting = meeting("Moved date");
        long before = lastMail();
        assertEquals(200, patch(meeting, occurrencePath(JULY), new JsonObject().put("start", "2027-07-14T13:30")).statusCode());
        Map<String, Mail> mails = mailSince(before);
        assertTrue(mails.containsKey(julySpeaker.email()));
        assertFalse(mails.containsKey("guest.of.honour@example.org"), "the January guest is not told of July");
        assertAddressed(mails, meeting, "REQUEST", sequence(meeting));
        Mail mail = mails.get(julySpeaker.email());
        assertEquals("20270712T100000", mail.value(mail.event(), Property.RECURRENCE_ID));
        assertEquals("20270714T133000", mail.value(mail.event(), Property.DTSTART));
        assertTrue(mail.text().contains("When: Wednesday 14 July 2027, 1:30pm to 3:30pm"), mail.text());
    }

    @Test
    void deletingAMeetingSendsACancelForTheWholeSeriesAboveTheLastSequence() {
        String meeting = meeting("Deleted series");
        int last = sequence(meeting);
        long before = lastMail();
        assertEquals(204, await(client.delete("/api/meetings/" + meeting).putHeader("Authorization", organiser.bearer()).send())
            .statusCode());
        Map<String, Mail> mails = mailSince(before);
        assertEquals(6, mails.size());
        assertAddressed(mails, meeting, "CANCEL", last + 1);
        Mail member = mails.get(hostMember.email());
        assertNull(member.value(member.event(), Property.RECURRENCE_ID), "the whole series is cancelled");
        assertEquals("CANCELLED", member.value(member.event(), Property.STATUS));
        Mail speaker = mails.get(julySpeaker.email());
        assertEquals("20270712T100000", speaker.value(speaker.event(), Property.RECURRENCE_ID));
    }

    @Test
    void aChangeThatRollsBackWritesNoMail() {
        String meeting = meeting("Rolled back");
        UUID id = UUID.fromString(meeting);
        MeetingRepository repository = new MeetingRepository(TestHub.get().pool());
        MeetingNotices notices = new MeetingNotices(TestHub.get().vertx(), new EmailTemplates(), Itip.Organiser.of("Network hub <hub@localhost>"),
            "http://localhost", Clock.systemUTC());
        Meeting current = await(repository.find(id)).orElseThrow();
        MeetingRepository.Fields renamed = MeetingService.fields(new JsonObject().put("title", "Renamed then rolled back"), current);
        long before = lastMail();
        List<Integer> queued = new ArrayList<>();
        Future<Meeting> failed = repository.update(id, renamed, false, new MeetingRepository.Saver(null, null), (tx, was, now) -> notices.changed(tx, was, now)
            .compose(v -> tx.query("SELECT count(*) FROM outbox WHERE id > " + before).execute())
            .compose(rows -> {
                queued.add(rows.iterator().next().getInteger(0));
                return Future.failedFuture(new IllegalStateException("a later step of the change fails"));
            }));
        boolean rolledBack = await(failed.transform(ar -> Future.succeededFuture(ar.failed())));
        assertTrue(rolledBack, "the change failed");
        assertEquals(List.of(6), queued, "the notices were written inside the transaction");
        assertTrue(mailSince(before).isEmpty(), "and went with it");
        assertEquals("Rolled back", await(repository.find(id)).orElseThrow().title());
    }

    @Test
    void longTitlesAreFoldedAt75OctetsWithoutSplittingACharacter() {
        String title = "Réunion des infirmières référentes en cancérologie pédiatrique — ".repeat(3).strip();
        long before = lastMail();
        String meeting = await(client.post("/api/networks/" + host + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", title).put("start", "2027-01-12T10:00").put("durationMinutes", 60)))
            .bodyAsJsonObject().getString("id");
        Mail mail = mailSince(before).get(hostMember.email());
        assertTrue(mail.raw().contains("\r\n "), "long lines are folded");
        assertEquals(title, mail.value(mail.event(), Property.SUMMARY));
        assertEquals(meeting + "@network-hub", mail.value(mail.event(), Property.UID));
    }

    @Test
    void cancellingFromTheDatePageAsksForConfirmationAndSendsTheReason() {
        String meeting = meeting("Confirmed cancellation");
        String start = URLEncoder.encode(JANUARY, StandardCharsets.UTF_8);
        String occurrence = "/meetings/" + meeting + "/occurrence?start=" + start;
        String page = PageRequests.get(client, organiser, occurrence).bodyAsString();
        assertTrue(page.contains("href=\"/meetings/" + meeting + "/occurrence/cancel?start=" + start + "\""),
            "the date page links to the confirmation: " + page);

        HttpResponse<Buffer> confirm = PageRequests.get(client, organiser, "/meetings/" + meeting + "/occurrence/cancel?start=" + start);
        assertEquals(200, confirm.statusCode());
        String html = confirm.bodyAsString();
        assertTrue(html.contains("Are you sure you want to cancel Confirmed cancellation on"), html);
        assertTrue(html.contains("name=\"reason\""));
        assertEquals(403, PageRequests.get(client, hostMember, "/meetings/" + meeting + "/occurrence/cancel?start=" + start).statusCode());

        HttpResponse<Buffer> tooLong = PageRequests.post(client, organiser, "/meetings/" + meeting + "/occurrence/cancel?start=" + start,
            Map.of("reason", "x".repeat(1001)));
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.bodyAsString().contains("nhsuk-error-summary"));
        assertTrue(tooLong.bodyAsString().contains("href=\"#reason\""));

        long before = lastMail();
        HttpResponse<Buffer> done = PageRequests.post(client, organiser, "/meetings/" + meeting + "/occurrence/cancel?start=" + start,
            Map.of("reason", "The speaker is ill"));
        assertEquals(303, done.statusCode());
        assertTrue(done.getHeader("Location").endsWith("done=cancelled"));
        Mail mail = mailSince(before).get(placeMember.email());
        assertEquals("CANCEL", mail.method());
        assertEquals("The speaker is ill", mail.value(mail.event(), Property.COMMENT));
        assertTrue(mail.text().contains("Reason: The speaker is ill"));
        String after = PageRequests.get(client, organiser, occurrence).bodyAsString();
        assertTrue(after.contains("Reinstate this date"));
    }
}
