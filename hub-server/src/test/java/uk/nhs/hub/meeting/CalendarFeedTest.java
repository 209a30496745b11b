package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import net.fortuna.ical4j.data.CalendarBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.io.StringReader;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class CalendarFeedTest {

    private static WebClient client;
    private static TestUser member;
    private static String mine;
    private static String notMine;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        TestUser organiser = TestUsers.create(client, "Feed Organiser");
        member = TestUsers.create(client, "Feed Member");
        String network = network(organiser, "Feed network");
        String other = network(organiser, "Other network");
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", member.email()).put("role", "member")));
        mine = meeting(organiser, network, "My programme");
        notMine = meeting(organiser, other, "Someone else's programme");
    }

    private static String network(TestUser organiser, String name) {
        return await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", name).put("visibility", "private"))).bodyAsJsonObject().getString("id");
    }

    private static String meeting(TestUser organiser, String network, String title) {
        return await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", title).put("start", "2027-01-12T10:00").put("durationMinutes", 60)
                .put("rrule", "FREQ=MONTHLY;INTERVAL=6;COUNT=2"))).bodyAsJsonObject().getString("id");
    }

    private static HttpResponse<Buffer> fetch(String url) {
        return await(client.get(URI.create(url).getPath()).send());
    }

    @Test
    void theSecretAddressHoldsTheMeetingsOfThePersonsNetworksOnly() throws Exception {
        HttpResponse<Buffer> created = await(client.post("/api/me/calendar-feed").putHeader("Authorization", member.bearer()).send());
        assertEquals(201, created.statusCode());
        String url = created.bodyAsJsonObject().getString("url");
        assertTrue(url.matches(".*/calendar/[A-Za-z0-9_-]{43}\\.ics"), url);

        HttpResponse<Buffer> feed = fetch(url);

        assertEquals(200, feed.statusCode());
        String text = feed.bodyAsString();
        assertTrue(text.contains("UID:" + mine + "@network-hub"));
        assertFalse(text.contains(notMine));
        new CalendarBuilder().build(new StringReader(text)).validate();
    }

    @Test
    void makingANewAddressRevokesTheOldOneAndRevokingRemovesIt() {
        String first = await(client.post("/api/me/calendar-feed").putHeader("Authorization", member.bearer()).send())
            .bodyAsJsonObject().getString("url");
        String second = await(client.post("/api/me/calendar-feed").putHeader("Authorization", member.bearer()).send())
            .bodyAsJsonObject().getString("url");

        assertEquals(404, fetch(first).statusCode());
        assertEquals(200, fetch(second).statusCode());
        assertEquals(204, await(client.delete("/api/me/calendar-feed").putHeader("Authorization", member.bearer()).send()).statusCode());
        assertEquals(404, fetch(second).statusCode());
        assertEquals(401, await(client.post("/api/me/calendar-feed").send()).statusCode());
    }
}
