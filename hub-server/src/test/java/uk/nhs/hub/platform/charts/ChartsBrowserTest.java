package uk.nhs.hub.platform.charts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.demo.DemoActivity;
import uk.nhs.hub.demo.DemoData;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/**
 * The charts in a real browser on the demonstration data, with a leads meeting last week that Leeds came to by
 * role title, Bolton by a delegate and York not at all.
 */
class ChartsBrowserTest {

    private static String broadcast;
    private static LocalDate lastWeek;

    @BeforeAll
    static void seed() {
        TestHub.get().resetDatabase();
        await(new DemoData(TestHub.get().vertx(), TestHub.get().pool()).seedOnce());
        var hub = TestHub.get().hub();
        await(new DemoActivity(TestHub.get().pool(), hub.meetings().service(), hub.discussions().service(),
            hub.broadcasts().service(), java.time.Clock.systemUTC()).add());
        WebClient client = TestHub.get().client();
        String token = await(client.post("/api/auth/login").sendJsonObject(new JsonObject()
            .put("email", "organiser@demo.nhs.uk").put("password", DemoData.PASSWORD))).bodyAsJsonObject().getString("token");
        String national = await(TestHub.get().pool().query("SELECT id FROM networks WHERE slug = 'national-cancer-network'").execute())
            .iterator().next().getUUID("id").toString();
        lastWeek = LocalDate.now(ZoneId.of("Europe/London")).minusDays(7);
        var created = await(client.post("/api/networks/" + national + "/meetings").putHeader("Authorization", "Bearer " + token)
            .sendJsonObject(new JsonObject().put("title", "Cancer leads catch-up").put("start", lastWeek + "T10:00")
                .put("timeZone", "Europe/London").put("durationMinutes", 60)));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        UUID meeting = UUID.fromString(created.bodyAsJsonObject().getString("id"));
        OffsetDateTime start = lastWeek.atTime(10, 0).atZone(ZoneId.of("Europe/London")).toOffsetDateTime();
        // replies are closed once a date has started, so Bolton's delegate is written as it would have been sent
        await(TestHub.get().pool().preparedQuery("""
                INSERT INTO rsvps (meeting_id, original_start, user_id, response, delegate_user_id)
                SELECT $1, $2, u.id, 'yes', (SELECT id FROM users WHERE email = 'bath.manager@demo.nhs.uk')
                FROM users u WHERE u.email = 'bolton.manager@demo.nhs.uk'
                """).execute(Tuple.of(meeting, start)));
        JsonArray marks = new JsonArray();
        await(TestHub.get().pool().query("SELECT id FROM users WHERE email LIKE 'leeds.%'").execute())
            .forEach(row -> marks.add(new JsonObject().put("userId", row.getUUID("id").toString()).put("mark", "attended")));
        var marked = await(client.put("/api/meetings/" + meeting + "/occurrences/" + start + "/attendance")
            .putHeader("Authorization", "Bearer " + token).sendJsonObject(new JsonObject().put("marks", marks)));
        assertEquals(200, marked.statusCode(), marked.bodyAsString());
        broadcast = await(TestHub.get().pool().query("SELECT id FROM broadcasts ORDER BY created_at LIMIT 1").execute())
            .iterator().next().getUUID("id").toString();
    }

    @Test
    void chartsPassAxeAndTheirTablesHoldExactlyTheirFiguresWithAndWithoutJavaScript() throws Exception {
        BrowserScripts.run("charts.mjs", broadcast, lastWeek.minusDays(30).toString(), lastWeek.plusDays(7).toString());
    }
}
