package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Calendars read by ical.js, an iCalendar implementation independent of the ical4j that writes them, hold exactly
 * the occurrences the API lists over 18 months (across both clock changes): cancelled dates excluded, moved,
 * themed and relocated dates as overrides, and every line folded to at most 75 octets.
 */
class CalendarInteropTest {

    private static final String FROM = "2027-01-01T00:00:00Z";
    private static final String TO = "2028-07-01T00:00:00Z";
    private static final String LONG_TEXT = "Agenda: équipes régionales — soins palliatifs, santé mentale, 😀 "
        + "données partagées, prévention; ".repeat(12) + "fin.";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static final List<String> MEETINGS = new ArrayList<>();

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Interop Organiser");
        member = TestUsers.create(client, "Interop Member");
        String network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Interop network " + UUID.randomUUID()).put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", member.email()).put("role", "member")));

        String monthly = meeting(network, new JsonObject().put("title", "Leads meeting, second Tuesday")
            .put("start", "2027-01-12T10:00").put("rrule", "FREQ=MONTHLY;BYDAY=2TU").put("location", "Room 1, Wellington Place")
            .put("description", LONG_TEXT));
        change(monthly, "2027-02-09T10:00:00Z", new JsonObject().put("cancelled", true));
        change(monthly, "2027-03-09T10:00:00Z", new JsonObject().put("start", "2027-03-31T14:30"));
        change(monthly, "2027-04-13T09:00:00Z", new JsonObject().put("theme", "Workforce — équipes"));
        change(monthly, "2027-10-12T09:00:00Z", new JsonObject().put("location", "Quarry House, Leeds"));
        change(monthly, "2027-11-09T10:00:00Z", new JsonObject().put("onlineUrl", "https://meet.example.nhs.uk/leads"));
        change(monthly, "2028-03-14T10:00:00Z", new JsonObject().put("cancelled", true));
        MEETINGS.add(monthly);

        MEETINGS.add(meeting(network, new JsonObject().put("title", "Weekly huddle").put("start", "2027-03-22T08:30")
            .put("rrule", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20271108T000000Z").put("onlineUrl", "https://meet.example.nhs.uk/huddle")));
        // On the day the clocks go back (01:30 itself happens twice; ical.js reads it as the second, against RFC 5545).
        MEETINGS.add(meeting(network, new JsonObject().put("title", "Annual conference").put("start", "2027-10-31T09:30")));
    }

    private static String meeting(String network, JsonObject body) {
        HttpResponse<Buffer> created = await(client.post("/api/networks/" + network + "/meetings")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(body.put("durationMinutes", 90).put("timeZone", "Europe/London")));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static void change(String meeting, String original, JsonObject body) {
        HttpResponse<Buffer> changed = await(client.patch("/api/meetings/" + meeting + "/occurrences/" + original)
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(body));
        assertEquals(200, changed.statusCode(), changed.bodyAsString());
    }

    @Test
    void eachMeetingsCalendarHoldsExactlyTheOccurrencesTheApiLists() throws Exception {
        for (String meeting : MEETINGS) {
            byte[] ics = await(client.get("/api/meetings/" + meeting + ".ics").putHeader("Authorization", member.bearer())
                .send()).body().getBytes();

            assertFoldedAt75Octets(ics, meeting.equals(MEETINGS.get(0)));
            assertEquals(expected(List.of(meeting)), read(ics));
        }
    }

    @Test
    void thePersonalFeedHoldsExactlyTheOccurrencesTheApiLists() throws Exception {
        String url = await(client.post("/api/me/calendar-feed").putHeader("Authorization", member.bearer()).send())
            .bodyAsJsonObject().getString("url");
        byte[] ics = await(client.get(URI.create(url).getPath()).send()).body().getBytes();

        assertFoldedAt75Octets(ics, true);
        assertEquals(expected(MEETINGS), read(ics));
    }

    private static void assertFoldedAt75Octets(byte[] ics, boolean holdsTheLongDescription) {
        String text = new String(ics, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n"));
        boolean folded = false;
        for (String line : text.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
            assertTrue(!line.contains("\n") && !line.contains("\r"), line);
            folded |= line.startsWith(" ");
        }
        if (!holdsTheLongDescription) {
            return;
        }
        assertTrue(folded, "the long description should have been folded");
        assertTrue(text.replace("\r\n ", "").contains("DESCRIPTION:" + LONG_TEXT.replace(",", "\\,").replace(";", "\\;")));
    }

    /** The API's occurrences (and cancelled dates) as the lines {@link #read} prints. */
    private static Set<String> expected(List<String> meetings) {
        Set<String> lines = new TreeSet<>();
        for (String id : meetings) {
            JsonObject meeting = await(client.get("/api/meetings/" + id).putHeader("Authorization", member.bearer()).send())
                .bodyAsJsonObject();
            JsonArray occurrences = await(client.get("/api/meetings/" + id + "/occurrences?from=" + FROM + "&to=" + TO)
                .putHeader("Authorization", member.bearer()).send()).bodyAsJsonObject().getJsonArray("occurrences");
            assertTrue(occurrences.size() > 0);
            for (int i = 0; i < occurrences.size(); i++) {
                JsonObject o = occurrences.getJsonObject(i);
                String uid = id + "@network-hub";
                if ("cancelled".equals(o.getString("status"))) {
                    lines.add("excluded " + uid + " " + instant(o.getString("originalStart")));
                    continue;
                }
                String location = o.getString("location");
                String online = o.getString("onlineUrl");
                String where = location == null ? online : online == null ? location : location + " and online: " + online;
                String summary = o.getString("theme") == null ? meeting.getString("title")
                    : meeting.getString("title") + ": " + o.getString("theme");
                lines.add(String.join(" | ", uid, instant(o.getString("originalStart")), instant(o.getString("start")),
                    instant(o.getString("end")), summary, String.valueOf(where)));
            }
        }
        return lines;
    }

    /** What ical.js finds in the calendar, in the same lines. */
    private static Set<String> read(byte[] ics) throws IOException, InterruptedException {
        Path file = Files.createTempFile("calendar", ".ics");
        Files.write(file, ics);
        Path web = Path.of(System.getProperty("hub.web.dir")).toAbsolutePath().normalize();
        Path output = Files.createTempFile("calendar", ".json");
        Process node = new ProcessBuilder("node", "calendar-tests/occurrences.mjs", file.toString(), FROM, TO)
            .directory(web.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(node.waitFor(2, TimeUnit.MINUTES), "ical.js did not finish");
        String result = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), result);
        JsonObject read = new JsonObject(result);
        Set<String> lines = new TreeSet<>();
        read.getJsonArray("excluded").forEach(item -> {
            JsonObject e = (JsonObject) item;
            String original = instant(e.getString("originalStart"));
            if (original.compareTo(instant(FROM)) >= 0 && original.compareTo(instant(TO)) < 0) {
                lines.add("excluded " + e.getString("uid") + " " + original);
            }
        });
        read.getJsonArray("occurrences").forEach(item -> {
            JsonObject o = (JsonObject) item;
            lines.add(String.join(" | ", o.getString("uid"), instant(o.getString("originalStart")),
                instant(o.getString("start")), instant(o.getString("end")), o.getString("summary"),
                String.valueOf(o.getString("location"))));
        });
        return lines;
    }

    private static String instant(String text) {
        return java.time.OffsetDateTime.parse(text).toInstant().toString();
    }
}
