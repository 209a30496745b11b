package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** Changing a series' schedule takes what belongs to each date with it, or asks before dropping it. */
class ReschedulingTest {

    private static WebClient client;
    private static TestUser organiser;
    private static String network;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Rescheduling Organiser");
        network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Rescheduled network " + UUID.randomUUID()).put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
    }

    private static String meeting(String start, String rrule) {
        HttpResponse<Buffer> created = await(client.post("/api/networks/" + network + "/meetings")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Leads meeting").put("start", start).put("durationMinutes", 60)
                .put("timeZone", "Europe/London").put("rrule", rrule)));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static void change(String meeting, String original, JsonObject body) {
        HttpResponse<Buffer> changed = await(client.patch("/api/meetings/" + meeting + "/occurrences/" + original)
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(body));
        assertEquals(200, changed.statusCode(), changed.bodyAsString());
    }

    private static void reply(String meeting, String original) {
        HttpResponse<Buffer> replied = await(client.put("/api/meetings/" + meeting + "/occurrences/" + original + "/rsvp")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("response", "yes")));
        assertEquals(200, replied.statusCode(), replied.bodyAsString());
    }

    private static HttpResponse<Buffer> edit(String meeting, JsonObject body) {
        return await(client.patch("/api/meetings/" + meeting).putHeader("Authorization", organiser.bearer()).sendJsonObject(body));
    }

    private static JsonArray occurrences(String meeting) {
        return await(client.get("/api/meetings/" + meeting + "/occurrences?from=2027-01-01&to=2028-01-01")
            .putHeader("Authorization", organiser.bearer()).send()).bodyAsJsonObject().getJsonArray("occurrences");
    }

    private static String ics(String meeting) {
        return await(client.get("/api/meetings/" + meeting + ".ics").putHeader("Authorization", organiser.bearer()).send())
            .bodyAsString();
    }

    private static List<String> replyStarts(String meeting) {
        List<String> starts = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery(
                "SELECT original_start FROM rsvps WHERE meeting_id = $1 ORDER BY original_start")
            .execute(Tuple.of(UUID.fromString(meeting))))) {
            starts.add(row.getOffsetDateTime("original_start").toInstant().toString());
        }
        return starts;
    }

    @Test
    void movingTheSeriesAnHourLaterKeepsCancelledDatesCancelledAndThemesOnTheirDates() {
        String meeting = meeting("2027-01-12T10:00", "FREQ=MONTHLY;COUNT=6");
        change(meeting, "2027-01-12T10:00:00Z", new JsonObject().put("cancelled", true));
        change(meeting, "2027-02-12T10:00:00Z", new JsonObject().put("cancelled", true));
        change(meeting, "2027-03-12T10:00:00Z", new JsonObject().put("theme", "Workforce"));
        change(meeting, "2027-04-12T09:00:00Z", new JsonObject().put("location", "Leeds"));
        reply(meeting, "2027-03-12T10:00:00Z");

        HttpResponse<Buffer> edited = edit(meeting, new JsonObject().put("start", "2027-01-12T11:00"));

        assertEquals(200, edited.statusCode(), edited.bodyAsString());
        JsonArray dates = occurrences(meeting);
        assertEquals(6, dates.size());
        assertEquals("2027-01-12T11:00Z", dates.getJsonObject(0).getString("originalStart"));
        assertEquals("cancelled", dates.getJsonObject(0).getString("status"));
        assertEquals("cancelled", dates.getJsonObject(1).getString("status"));
        assertEquals("scheduled", dates.getJsonObject(2).getString("status"));
        assertEquals("Workforce", dates.getJsonObject(2).getString("theme"));
        assertEquals("2027-03-12T11:00Z", dates.getJsonObject(2).getString("start"));
        assertEquals("Leeds", dates.getJsonObject(3).getString("location"));
        assertEquals("2027-04-12T11:00+01:00", dates.getJsonObject(3).getString("start"));
        assertEquals(List.of("2027-03-12T11:00:00Z"), replyStarts(meeting));
        String calendar = ics(meeting).replace("\r\n ", "");
        assertTrue(calendar.contains("EXDATE;TZID=Europe/London:20270112T110000,20270212T110000"), calendar);
        assertTrue(calendar.contains("RECURRENCE-ID;TZID=Europe/London:20270312T110000"), calendar);
        assertFalse(calendar.contains("T100000"), calendar);
    }

    @Test
    void aMoveToTheNewStartOfItsDateIsNoLongerAMove() {
        String meeting = meeting("2027-01-12T10:00", "FREQ=MONTHLY;COUNT=3");
        change(meeting, "2027-02-12T10:00:00Z", new JsonObject().put("start", "2027-02-12T11:00"));

        assertEquals(200, edit(meeting, new JsonObject().put("start", "2027-01-12T11:00")).statusCode());

        assertEquals("scheduled", occurrences(meeting).getJsonObject(1).getString("status"));
        assertFalse(ics(meeting).contains("RECURRENCE-ID"));
    }

    @Test
    void aScheduleThatLeavesOutChangedDatesIsRefusedAndChangesNothingUntilConfirmed() {
        String meeting = meeting("2027-01-12T10:00", "FREQ=MONTHLY;COUNT=6");
        change(meeting, "2027-05-12T09:00:00Z", new JsonObject().put("theme", "Finance"));
        change(meeting, "2027-06-12T09:00:00Z", new JsonObject().put("cancelled", true));
        reply(meeting, "2027-05-12T09:00:00Z");
        int sequence = await(client.get("/api/meetings/" + meeting).putHeader("Authorization", organiser.bearer()).send())
            .bodyAsJsonObject().getInteger("sequence");

        HttpResponse<Buffer> refused = edit(meeting, new JsonObject().put("rrule", "FREQ=MONTHLY;COUNT=3"));

        assertEquals(409, refused.statusCode(), refused.bodyAsString());
        JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
        assertEquals("changes_would_be_dropped", error.getString("code"));
        assertEquals("confirmDroppedChanges", error.getString("field"));
        assertTrue(error.getString("message").contains("Wednesday 12 May 2027"), error.getString("message"));
        assertTrue(error.getString("message").contains("Finance"), error.getString("message"));
        assertTrue(error.getString("message").contains("1 reply"), error.getString("message"));
        assertTrue(error.getString("message").contains("Saturday 12 June 2027"), error.getString("message"));
        assertEquals(6, occurrences(meeting).size());
        assertEquals(sequence, await(client.get("/api/meetings/" + meeting).putHeader("Authorization", organiser.bearer())
            .send()).bodyAsJsonObject().getInteger("sequence"));
        assertEquals(400, edit(meeting, new JsonObject().put("rrule", "FREQ=MONTHLY;COUNT=3")
            .put("confirmDroppedChanges", "yes")).statusCode());

        HttpResponse<Buffer> confirmed = edit(meeting, new JsonObject().put("rrule", "FREQ=MONTHLY;COUNT=3")
            .put("confirmDroppedChanges", true));

        assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
        assertEquals(3, occurrences(meeting).size());
        assertEquals(List.of(), replyStarts(meeting));
        String calendar = ics(meeting);
        assertFalse(calendar.contains("EXDATE"), calendar);
        assertFalse(calendar.contains("RECURRENCE-ID"), calendar);
    }

    @Test
    void theEditPageWarnsWhichDatesWouldLoseTheirChangesAndSavesOnlyOnceConfirmed() {
        String meeting = meeting("2027-01-12T10:00", "FREQ=MONTHLY;COUNT=4");
        change(meeting, "2027-04-12T09:00:00Z", new JsonObject().put("theme", "Finance"));
        Map<String, String> form = new HashMap<>(Map.of("title", "Leads meeting", "date", "2027-01-12", "time", "10:00",
            "timeZone", "Europe/London", "durationMinutes", "60", "rrule", "FREQ=MONTHLY;COUNT=2", "action", "save"));

        HttpResponse<Buffer> warned = PageRequests.post(client, organiser, "/meetings/" + meeting + "/edit", form);

        assertEquals(409, warned.statusCode());
        assertTrue(warned.bodyAsString().contains("Some dates would lose their changes"), warned.bodyAsString());
        assertTrue(warned.bodyAsString().contains("Monday 12 April 2027"), warned.bodyAsString());
        assertTrue(warned.bodyAsString().contains("value=\"confirm\""));
        assertEquals(4, occurrences(meeting).size());

        form.put("action", "confirm");
        assertEquals(303, PageRequests.post(client, organiser, "/meetings/" + meeting + "/edit", form).statusCode());
        assertEquals(2, occurrences(meeting).size());
    }

    @Test
    void movingAWeeklySeriesAWeekLaterMovesEachDateOntoWhereTheNextOneWas() {
        String meeting = meeting("2027-01-05T10:00", "FREQ=WEEKLY;COUNT=4");
        for (String date : List.of("2027-01-05", "2027-01-12", "2027-01-19", "2027-01-26")) {
            reply(meeting, date + "T10:00:00Z");
        }
        change(meeting, "2027-01-12T10:00:00Z", new JsonObject().put("theme", "Second"));

        HttpResponse<Buffer> edited = edit(meeting, new JsonObject().put("start", "2027-01-12T10:00"));

        assertEquals(200, edited.statusCode(), edited.bodyAsString());
        assertEquals(List.of("2027-01-12T10:00:00Z", "2027-01-19T10:00:00Z", "2027-01-26T10:00:00Z", "2027-02-02T10:00:00Z"),
            replyStarts(meeting));
        assertEquals("Second", occurrences(meeting).getJsonObject(1).getString("theme"));
    }

    @Test
    void aChangeToADateTheScheduleNoLongerHasIsRefused() {
        String meeting = meeting("2027-01-12T10:00", "FREQ=MONTHLY;COUNT=3");
        assertEquals(200, edit(meeting, new JsonObject().put("start", "2027-01-12T11:00")).statusCode());

        HttpResponse<Buffer> stale = await(client.patch("/api/meetings/" + meeting + "/occurrences/2027-01-12T10:00:00Z")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("cancelled", true)));

        assertEquals(404, stale.statusCode());
        assertFalse(ics(meeting).contains("EXDATE"));
    }

    @Test
    void everyTableKeyedByADateMovesAndDropsWithTheSeries() {
        Set<String> dated = new TreeSet<>();
        for (Row row : await(TestHub.get().pool().query("""
                SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'original_start'
                INTERSECT
                SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'meeting_id'
                """).execute())) {
            dated.add(row.getString("table_name"));
        }
        assertEquals(dated, tables(MeetingSql.MOVE_DATE));
        assertEquals(dated, tables(MeetingSql.DROP_DATES));
        for (String table : dated) {
            assertTrue(MeetingSql.KEPT_PER_DATE.contains(" FROM " + table + " "), table);
        }
    }

    private static Set<String> tables(List<String> statements) {
        Set<String> tables = new TreeSet<>();
        Pattern table = Pattern.compile("^(?:UPDATE|DELETE FROM) (\\w+)");
        for (String sql : statements) {
            Matcher matcher = table.matcher(sql);
            assertTrue(matcher.find(), sql);
            tables.add(matcher.group(1));
        }
        return tables;
    }
}
