package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** Chief executives bring significant local others: up to N each, approved by an organiser. */
class MeetingGuestsTest {

    private static final String FIRST = "2027-01-12T10:00:00Z";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser chief;
    private static String guestsPath;
    private static String meeting;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Guests Organiser");
        chief = TestUsers.create(client, "Chief With Guests");
        String network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Acute chief executives").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", chief.email()).put("role", "member")));
        meeting = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Chief executives' meeting").put("start", "2027-01-12T10:00")
                .put("durationMinutes", 180).put("rrule", "FREQ=MONTHLY;INTERVAL=6;COUNT=2").put("guestAllowance", 2)))
            .bodyAsJsonObject().getString("id");
        guestsPath = "/api/meetings/" + meeting + "/occurrences/" + FIRST + "/guests";
    }

    private static HttpResponse<Buffer> nominate(String name, String email) {
        return await(client.post(guestsPath).putHeader("Authorization", chief.bearer())
            .sendJsonObject(new JsonObject().put("name", name).put("email", email).put("reason", "Leads our local system")));
    }

    @Test
    void aGuestApprovedByTheOrganiserTakesPartOnceRegistered() {
        String email = TestUsers.uniqueEmail("significant.other");
        HttpResponse<Buffer> nominated = nominate("Sam Other", email);
        assertEquals(201, nominated.statusCode(), nominated.bodyAsString());
        String id = nominated.bodyAsJsonObject().getString("id");
        assertEquals(403, await(client.post(guestsPath + "/" + id + "/approve").putHeader("Authorization", chief.bearer()).send())
            .statusCode(), "only organisers approve");

        assertEquals(200, await(client.post(guestsPath + "/" + id + "/approve").putHeader("Authorization", organiser.bearer()).send())
            .statusCode());
        long emails = await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM outbox WHERE to_address = $1")
            .execute(Tuple.of(email))).iterator().next().getLong(0);
        assertEquals(1, emails, "the guest is told by email");

        TestUser guest = TestUsers.create(client, "Sam Other", email);
        assertEquals(200, await(client.get("/api/meetings/" + meeting).putHeader("Authorization", guest.bearer()).send()).statusCode());
        assertEquals(200, await(client.put("/api/meetings/" + meeting + "/occurrences/" + FIRST + "/rsvp")
            .putHeader("Authorization", guest.bearer()).sendJsonObject(new JsonObject().put("response", "yes"))).statusCode());
        assertEquals(403, await(client.put("/api/meetings/" + meeting + "/occurrences/2027-07-12T10:00:00%2B01:00/rsvp")
            .putHeader("Authorization", guest.bearer()).sendJsonObject(new JsonObject().put("response", "yes"))).statusCode(),
            "a guest comes to the date they were nominated for");

        String feed = await(client.post("/api/me/calendar-feed").putHeader("Authorization", guest.bearer()).send())
            .bodyAsJsonObject().getString("url");
        String calendar = await(client.get(java.net.URI.create(feed).getPath()).send()).bodyAsString();
        assertTrue(calendar.contains("UID:" + meeting + "@network-hub"), "the guest's calendar feed holds the meeting");
    }

    @Test
    void eachParticipantMayBringUpToTheAllowance() {
        TestUser other = TestUsers.create(client, "Another Chief");
        String start = "/api/meetings/" + meeting + "/occurrences/2027-07-12T10:00:00%2B01:00/guests";
        HttpResponse<Buffer> first = await(client.post(start).putHeader("Authorization", chief.bearer())
            .sendJsonObject(new JsonObject().put("name", "One").put("email", TestUsers.uniqueEmail("one")).put("reason", "Partner")));
        HttpResponse<Buffer> second = await(client.post(start).putHeader("Authorization", chief.bearer())
            .sendJsonObject(new JsonObject().put("name", "Two").put("email", TestUsers.uniqueEmail("two")).put("reason", "Partner")));
        HttpResponse<Buffer> third = await(client.post(start).putHeader("Authorization", chief.bearer())
            .sendJsonObject(new JsonObject().put("name", "Three").put("email", TestUsers.uniqueEmail("three")).put("reason", "Partner")));

        assertEquals(201, first.statusCode());
        assertEquals(201, second.statusCode());
        assertEquals(409, third.statusCode());
        assertTrue(third.bodyAsJsonObject().getJsonObject("error").getString("message").contains("up to 2 guests"));
        assertEquals("email", await(client.post(start).putHeader("Authorization", chief.bearer())
            .sendJsonObject(new JsonObject().put("name", "Bad").put("email", "nope").put("reason", "x")))
            .bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals(404, await(client.post(start).putHeader("Authorization", other.bearer())
            .sendJsonObject(new JsonObject().put("name", "X").put("email", TestUsers.uniqueEmail("x")).put("reason", "y"))).statusCode());
    }
}
