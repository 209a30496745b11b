package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.RecurrenceId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.io.StringReader;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class MeetingApiTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static UUID network;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Meeting Organiser");
        member = TestUsers.create(client, "Meeting Member");
        guest = TestUsers.create(client, "Meeting Guest");
        outsider = TestUsers.create(client, "Meeting Outsider");
        HttpResponse<Buffer> created = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Cancer leads programme").put("visibility", "private")));
        network = UUID.fromString(created.bodyAsJsonObject().getString("id"));
        for (TestUser[] pair : new TestUser[][]{{member}, {guest}}) {
            await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", pair[0].email()).put("role", pair[0] == guest ? "guest" : "member")));
        }
    }

    private static HttpResponse<Buffer> schedule(TestUser as, JsonObject body) {
        return await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", as.bearer())
            .sendJsonObject(body));
    }

    private static JsonObject programme() {
        return new JsonObject().put("title", "National leads meeting").put("start", "2027-01-12T10:00")
            .put("timeZone", "Europe/London").put("durationMinutes", 180).put("rrule", "FREQ=MONTHLY;INTERVAL=2;COUNT=6")
            .put("location", "Skipton House, London").put("onlineUrl", "https://meet.example.nhs.uk/leads");
    }

    private static JsonArray occurrences(TestUser as, String meetingId) {
        return await(client.get("/api/meetings/" + meetingId + "/occurrences?from=2027-01-01&to=2028-01-01")
            .putHeader("Authorization", as.bearer()).send()).bodyAsJsonObject().getJsonArray("occurrences");
    }

    @Test
    void aProgrammeEveryTwoMonthsKeepsItsLocalTimeInTheApi() {
        HttpResponse<Buffer> created = schedule(organiser, programme());
        assertEquals(201, created.statusCode(), created.bodyAsString());
        String id = created.bodyAsJsonObject().getString("id");
        assertEquals("FREQ=MONTHLY;COUNT=6;INTERVAL=2", created.bodyAsJsonObject().getString("rrule"));

        JsonArray occurrences = occurrences(member, id);

        assertEquals(List.of("2027-01-12T10:00Z", "2027-03-12T10:00Z", "2027-05-12T10:00+01:00", "2027-07-12T10:00+01:00",
                "2027-09-12T10:00+01:00", "2027-11-12T10:00Z"),
            occurrences.stream().map(o -> ((JsonObject) o).getString("start")).toList());
        assertEquals("2027-01-12T13:00Z", occurrences.getJsonObject(0).getString("end"));
        assertEquals("scheduled", occurrences.getJsonObject(0).getString("status"));
    }

    @Test
    void badSchedulesAreRefusedNamingTheField() {
        assertEquals("rrule", schedule(organiser, programme().put("rrule", "FREQ=FORTNIGHTLY")).bodyAsJsonObject()
            .getJsonObject("error").getString("field"));
        assertEquals("timeZone", schedule(organiser, programme().put("timeZone", "Middle/Earth")).bodyAsJsonObject()
            .getJsonObject("error").getString("field"));
        assertEquals("start", schedule(organiser, programme().put("start", "12/01/2027 10am")).bodyAsJsonObject()
            .getJsonObject("error").getString("field"));
        assertEquals("durationMinutes", schedule(organiser, programme().put("durationMinutes", 0)).bodyAsJsonObject()
            .getJsonObject("error").getString("field"));
        assertEquals("onlineUrl", schedule(organiser, programme().put("onlineUrl", "javascript:alert(1)")).bodyAsJsonObject()
            .getJsonObject("error").getString("field"));
        assertEquals("title", schedule(organiser, programme().put("title", " ")).bodyAsJsonObject()
            .getJsonObject("error").getString("field"));
    }

    @Test
    void onlyOrganisersScheduleAndOnlyFullMembersSee() {
        assertEquals(403, schedule(member, programme()).statusCode());
        assertEquals(403, schedule(guest, programme()).statusCode());
        assertEquals(404, schedule(outsider, programme()).statusCode());
        assertEquals(401, await(client.post("/api/networks/" + network + "/meetings").sendJsonObject(programme())).statusCode());

        String id = schedule(organiser, programme()).bodyAsJsonObject().getString("id");
        assertEquals(200, await(client.get("/api/meetings/" + id).putHeader("Authorization", member.bearer()).send()).statusCode());
        assertEquals(404, await(client.get("/api/meetings/" + id).putHeader("Authorization", guest.bearer()).send()).statusCode(),
            "guests see only the meetings they are invited to, and learn nothing of the others");
        assertEquals(404, await(client.get("/api/meetings/" + id).putHeader("Authorization", outsider.bearer()).send()).statusCode());
        assertEquals(403, await(client.patch("/api/meetings/" + id).putHeader("Authorization", member.bearer())
            .sendJsonObject(new JsonObject().put("title", "Renamed"))).statusCode());
        assertEquals(403, await(client.delete("/api/meetings/" + id).putHeader("Authorization", member.bearer()).send()).statusCode());
        assertEquals(404, await(client.get("/api/meetings/not-a-meeting").putHeader("Authorization", member.bearer()).send()).statusCode());
    }

    @Test
    void anOccurrenceCanBeCancelledMovedAndThemedAndEachChangeBumpsTheSequence() {
        JsonObject meeting = schedule(organiser, programme()).bodyAsJsonObject();
        String id = meeting.getString("id");

        HttpResponse<Buffer> cancelled = await(client.patch("/api/meetings/" + id + "/occurrences/2027-03-12T10:00:00Z")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("cancelled", true)));
        HttpResponse<Buffer> moved = await(client.patch("/api/meetings/" + id + "/occurrences/2027-05-12T10:00:00%2B01:00")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("start", "2027-05-14T09:30").put("theme", "Early diagnosis")));
        HttpResponse<Buffer> notAnOccurrence = await(client.patch("/api/meetings/" + id + "/occurrences/2027-04-12T10:00:00Z")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("cancelled", true)));

        assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
        assertEquals("cancelled", cancelled.bodyAsJsonObject().getString("status"));
        assertEquals(200, moved.statusCode(), moved.bodyAsString());
        assertEquals("2027-05-14T09:30+01:00", moved.bodyAsJsonObject().getString("start"));
        assertEquals(404, notAnOccurrence.statusCode());

        JsonArray occurrences = occurrences(member, id);
        JsonObject may = occurrences.getJsonObject(2);
        assertEquals("moved", may.getString("status"));
        assertEquals("2027-05-12T10:00+01:00", may.getString("originalStart"));
        assertEquals("Early diagnosis", may.getString("theme"));
        assertEquals("cancelled", occurrences.getJsonObject(1).getString("status"));
        int sequence = await(client.get("/api/meetings/" + id).putHeader("Authorization", member.bearer()).send())
            .bodyAsJsonObject().getInteger("sequence");
        assertEquals(meeting.getInteger("sequence") + 2, sequence);
    }

    @Test
    void oneOccurrenceCanBeHeldSomewhereElseAndTheCalendarSaysWhere() {
        JsonObject body = programme().put("location", "Wellington Place, Leeds");
        String id = schedule(organiser, body).bodyAsJsonObject().getString("id");
        String path = "/api/meetings/" + id + "/occurrences/2027-03-12T10:00:00Z";

        HttpResponse<Buffer> relocated = await(client.patch(path).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("location", "Royal College of Nursing, London")
                .put("onlineUrl", "https://meet.example.org/march")));
        HttpResponse<Buffer> badLink = await(client.patch(path).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("onlineUrl", "javascript:alert(1)")));
        HttpResponse<Buffer> byMember = await(client.patch(path).putHeader("Authorization", member.bearer())
            .sendJsonObject(new JsonObject().put("location", "Elsewhere")));

        assertEquals(200, relocated.statusCode(), relocated.bodyAsString());
        assertEquals("Royal College of Nursing, London", relocated.bodyAsJsonObject().getString("location"));
        assertEquals(400, badLink.statusCode());
        assertEquals("onlineUrl", badLink.bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals(403, byMember.statusCode());
        JsonArray occurrences = occurrences(member, id);
        assertEquals("Wellington Place, Leeds", occurrences.getJsonObject(0).getString("location"), "other dates keep the venue");
        assertEquals("Royal College of Nursing, London", occurrences.getJsonObject(1).getString("location"));
        assertEquals("https://meet.example.org/march", occurrences.getJsonObject(1).getString("onlineUrl"));
        String ics = await(client.get("/api/meetings/" + id + ".ics").putHeader("Authorization", member.bearer()).send()).bodyAsString()
            .replace("\r\n ", "");
        assertTrue(ics.contains("RECURRENCE-ID;TZID=Europe/London:20270312T100000"), ics);
        assertTrue(ics.contains("LOCATION:Royal College of Nursing\\, London and online: https://meet.example.org/march"), ics);

        await(client.patch(path).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("location", "").put("onlineUrl", null)));
        assertEquals("Wellington Place, Leeds", occurrences(member, id).getJsonObject(1).getString("location"),
            "clearing the date's own venue returns it to the meeting's");
    }

    @Test
    void theCalendarReparsedByIcal4jHasTheSameOccurrencesAsTheApi() throws Exception {
        String id = schedule(organiser, programme()).bodyAsJsonObject().getString("id");
        await(client.patch("/api/meetings/" + id + "/occurrences/2027-07-12T10:00:00%2B01:00")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("cancelled", true)));
        await(client.patch("/api/meetings/" + id + "/occurrences/2027-09-12T10:00:00%2B01:00")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("start", "2027-09-19T10:00")));

        HttpResponse<Buffer> ics = await(client.get("/api/meetings/" + id + ".ics").putHeader("Authorization", member.bearer()).send());
        assertEquals(200, ics.statusCode(), ics.bodyAsString());
        assertTrue(ics.getHeader("Content-Type").startsWith("text/calendar"));
        String text = ics.bodyAsString();
        assertTrue(text.contains("BEGIN:VTIMEZONE") && text.contains("TZID:Europe/London"), "has a VTIMEZONE");
        assertTrue(text.contains("DTSTART;TZID=Europe/London:20270112T100000"));
        assertTrue(text.contains("EXDATE;TZID=Europe/London:20270712T100000"));
        assertTrue(text.contains("RECURRENCE-ID;TZID=Europe/London:20270912T100000"));
        assertTrue(text.contains("SEQUENCE:2"));

        Calendar calendar = new CalendarBuilder().build(new StringReader(text));
        calendar.validate();
        List<VEvent> events = calendar.getComponents("VEVENT");
        VEvent master = events.stream().filter(e -> e.getProperty("RECURRENCE-ID").isEmpty()).findFirst().orElseThrow();
        Set<String> fromCalendar = new TreeSet<>();
        for (Period<ZonedDateTime> period : master.<ZonedDateTime>calculateRecurrenceSet(new Period<>(
                ZonedDateTime.parse("2027-01-01T00:00Z"), ZonedDateTime.parse("2028-01-01T00:00Z")))) {
            fromCalendar.add(period.getStart().toInstant().toString());
        }
        Set<String> overridden = new TreeSet<>();
        events.stream().filter(e -> e.getProperty("RECURRENCE-ID").isPresent()).forEach(e -> {
            RecurrenceId<ZonedDateTime> recurrenceId = e.<RecurrenceId<ZonedDateTime>>getProperty("RECURRENCE-ID").orElseThrow();
            overridden.add(recurrenceId.getDate().toInstant().toString());
        });

        Set<String> fromApi = new TreeSet<>();
        occurrences(member, id).forEach(o -> {
            JsonObject occurrence = (JsonObject) o;
            if (!"cancelled".equals(occurrence.getString("status"))) {
                fromApi.add(java.time.OffsetDateTime.parse(occurrence.getString("originalStart")).toInstant().toString());
            }
        });
        assertEquals(fromApi, fromCalendar, "the same original starts, the cancelled one excluded");
        assertEquals(Set.of("2027-09-12T09:00:00Z"), overridden, "the moved occurrence is overridden by RECURRENCE-ID");
    }

    @Test
    void aNetworkListsItsMeetingsWithOccurrencesInTheWindow() {
        String id = schedule(organiser, programme().put("title", "Listed meeting")).bodyAsJsonObject().getString("id");
        JsonArray meetings = await(client.get("/api/networks/" + network + "/meetings?from=2027-02-01&to=2027-06-01")
            .putHeader("Authorization", member.bearer()).send()).bodyAsJsonObject().getJsonArray("meetings");
        JsonObject listed = meetings.stream().map(JsonObject.class::cast).filter(m -> id.equals(m.getString("id")))
            .findFirst().orElseThrow();
        assertEquals(2, listed.getJsonArray("occurrences").size(), "March and May");
        assertEquals(400, await(client.get("/api/networks/" + network + "/meetings?from=2027-02-01&to=2040-01-01")
            .putHeader("Authorization", member.bearer()).send()).statusCode(), "windows are bounded");
    }

    @Test
    void editingTheScheduleChangesTheOccurrences() {
        String id = schedule(organiser, programme()).bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> edited = await(client.patch("/api/meetings/" + id).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("rrule", "FREQ=MONTHLY;INTERVAL=6;UNTIL=20271231T235959Z")));
        assertEquals(200, edited.statusCode(), edited.bodyAsString());
        assertEquals(List.of("2027-01-12T10:00Z", "2027-07-12T10:00+01:00"),
            occurrences(member, id).stream().map(o -> ((JsonObject) o).getString("start")).toList());
        assertEquals(204, await(client.delete("/api/meetings/" + id).putHeader("Authorization", organiser.bearer()).send()).statusCode());
        assertEquals(404, await(client.get("/api/meetings/" + id).putHeader("Authorization", member.bearer()).send()).statusCode());
    }
}
