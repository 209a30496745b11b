package uk.nhs.hub.meeting;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class RemindersTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser going;
    private static TestUser maybe;
    private static TestUser declined;
    private static TestUser delegator;
    private static TestUser deputy;
    private static String meeting;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Reminder Organiser");
        going = TestUsers.create(client, "Going Person");
        maybe = TestUsers.create(client, "Maybe Person");
        declined = TestUsers.create(client, "Declined Person");
        delegator = TestUsers.create(client, "Busy Chief");
        deputy = TestUsers.create(client, "Deputy Chief");
        String network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Reminded network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        for (TestUser person : new TestUser[]{going, maybe, declined, delegator, deputy}) {
            await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", person.email()).put("role", "member")));
        }
        meeting = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Reminded meeting").put("start", "2027-01-12T10:00")
                .put("durationMinutes", 60).put("reminderHours", 24))).bodyAsJsonObject().getString("id");
        reply(going, new JsonObject().put("response", "yes"));
        reply(maybe, new JsonObject().put("response", "maybe"));
        reply(declined, new JsonObject().put("response", "no"));
        reply(delegator, new JsonObject().put("response", "yes").put("delegateUserId", deputy.id().toString()));
    }

    private static void reply(TestUser user, JsonObject body) {
        await(client.put("/api/meetings/" + meeting + "/occurrences/2027-01-12T10:00:00Z/rsvp")
            .putHeader("Authorization", user.bearer()).sendJsonObject(body));
    }

    private static long emailsTo(TestUser user) {
        return await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE 'Reminder:%'")
            .execute(Tuple.of(user.email()))).iterator().next().getLong(0);
    }

    @Test
    void thoseGoingOrMaybeAreRemindedOnceWithinTheWindow() {
        var meetings = TestHub.get().hub().meetings();
        // the person going and the deputy want meeting emails at once; the one who said maybe keeps the daily digest
        for (TestUser atOnce : java.util.List.of(going, deputy)) {
            await(TestHub.get().pool().preparedQuery("INSERT INTO email_preferences (user_id, meetings) VALUES ($1, 'immediately')")
                .execute(Tuple.of(atOnce.id())));
        }
        assertEquals(0, await(meetings.sendRemindersDue(Instant.parse("2027-01-10T09:00:00Z"))), "too early");

        assertEquals(3, await(meetings.sendRemindersDue(Instant.parse("2027-01-11T11:00:00Z"))));
        assertEquals(0, await(meetings.sendRemindersDue(Instant.parse("2027-01-11T12:00:00Z"))), "each person once");

        assertEquals(1, emailsTo(going));
        assertEquals(0, emailsTo(maybe), "left for the daily digest");
        assertEquals("due", await(TestHub.get().pool().preparedQuery(
                "SELECT email_state FROM notifications WHERE user_id = $1 AND kind = 'meeting-reminder'")
            .execute(Tuple.of(maybe.id()))).iterator().next().getString("email_state"));
        assertEquals(1, emailsTo(deputy), "the delegate is reminded in place of the person they stand in for");
        assertEquals(0, emailsTo(delegator));
        assertEquals(0, emailsTo(declined));
        String body = await(TestHub.get().pool().preparedQuery("SELECT body FROM outbox WHERE to_address = $1 AND subject LIKE 'Reminder:%'")
            .execute(Tuple.of(going.email()))).iterator().next().getString("body");
        assertTrue(body.contains("Tuesday 12 January 2027, 10am to 11am"), body);
    }

    @Test
    void reminderHoursAreValidated() {
        String network = await(client.get("/api/meetings/" + meeting).putHeader("Authorization", organiser.bearer()).send())
            .bodyAsJsonObject().getString("networkId");
        assertEquals("reminderHours", await(client.post("/api/networks/" + network + "/meetings")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("title", "Bad")
                .put("start", "2027-01-12T10:00").put("durationMinutes", 60).put("reminderHours", 1000)))
            .bodyAsJsonObject().getJsonObject("error").getString("field"));
    }
}
