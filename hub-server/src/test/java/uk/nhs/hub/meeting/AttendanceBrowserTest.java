package uk.nhs.hub.meeting;

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
 * The register and the attendance report on the demonstration data (the national cancer network, 104 people
 * in 34 local networks), with one leads meeting that took place a week ago and had replies, on a desktop, a
 * 390-pixel phone and without JavaScript.
 */
class AttendanceBrowserTest {

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
        LocalDate lastWeek = LocalDate.now(ZoneId.of("Europe/London")).minusDays(7);
        var created = await(client.post("/api/networks/" + national + "/meetings").putHeader("Authorization", "Bearer " + token)
            .sendJsonObject(new JsonObject().put("title", "Cancer leads catch-up").put("start", lastWeek + "T10:00")
                .put("timeZone", "Europe/London").put("durationMinutes", 60)));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        UUID meeting = UUID.fromString(created.bodyAsJsonObject().getString("id"));
        OffsetDateTime start = lastWeek.atTime(10, 0).atZone(ZoneId.of("Europe/London")).toOffsetDateTime();
        // replies given before the date (the API takes none once it has started); the Leeds manager sent the Bath manager
        await(TestHub.get().pool().preparedQuery("""
                INSERT INTO rsvps (meeting_id, original_start, user_id, response, delegate_user_id)
                SELECT $1, $2, u.id, CASE WHEN u.email LIKE 'york.%' THEN 'no' ELSE 'yes' END,
                       CASE WHEN u.email LIKE 'leeds.manager@%' THEN (SELECT id FROM users WHERE email = 'bath.manager@demo.nhs.uk') END
                FROM users u WHERE u.email LIKE 'leeds.%' OR u.email LIKE 'york.%' OR u.email LIKE 'bolton.%'
                """).execute(Tuple.of(meeting, start)));
    }

    @Test
    void organisersKeepTheRegisterPerNetworkAndReadTheReportByProgrammeYear() throws Exception {
        BrowserScripts.run("attendance.mjs");
    }
}
