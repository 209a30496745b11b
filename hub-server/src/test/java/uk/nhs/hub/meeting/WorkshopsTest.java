package uk.nhs.hub.meeting;

import io.vertx.core.Future;
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

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** Parallel workshops at a 140-person conference: one choice per slot, capacity held under contention. */
class WorkshopsTest {

    private static WebClient client;
    private static TestUser organiser;
    private static final List<TestUser> DELEGATES = new ArrayList<>();
    private static TestUser undecided;
    private static String base;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Conference Organiser");
        String network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Prison health").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        for (int i = 0; i < 6; i++) {
            TestUser delegate = TestUsers.create(client, "Delegate " + i);
            await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", delegate.email()).put("role", "member")));
            DELEGATES.add(delegate);
        }
        String meeting = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Annual conference").put("start", "2027-06-15T09:30")
                .put("durationMinutes", 420).put("capacity", 140))).bodyAsJsonObject().getString("id");
        String occurrence = "/api/meetings/" + meeting + "/occurrences/2027-06-15T09:30:00%2B01:00";
        base = occurrence + "/workshops";
        for (TestUser delegate : DELEGATES) {
            assertEquals(200, await(client.put(occurrence + "/rsvp").putHeader("Authorization", delegate.bearer())
                .sendJsonObject(new JsonObject().put("response", "yes"))).statusCode());
        }
        undecided = TestUsers.create(client, "Undecided Delegate");
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", undecided.email()).put("role", "member")));
    }

    private static String workshop(String slot, String title, Integer capacity) {
        JsonObject body = new JsonObject().put("slot", slot).put("title", title);
        if (capacity != null) {
            body.put("capacity", capacity);
        }
        HttpResponse<Buffer> created = await(client.post(base).putHeader("Authorization", organiser.bearer()).sendJsonObject(body));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static Future<HttpResponse<Buffer>> choose(TestUser user, String workshop) {
        return client.put(base + "/" + workshop + "/choice").putHeader("Authorization", user.bearer()).send();
    }

    @Test
    void choosingAnotherWorkshopInTheSameSlotReplacesTheFirstChoice() {
        String mentalHealth = workshop("Morning", "Mental health in custody", null);
        String medicines = workshop("Morning", "Medicines optimisation", null);
        String release = workshop("Afternoon", "Continuity of care on release", null);
        TestUser delegate = DELEGATES.get(0);

        await(choose(delegate, mentalHealth));
        await(choose(delegate, release));
        JsonArray list = await(choose(delegate, medicines)).bodyAsJsonObject().getJsonArray("workshops");

        List<String> mine = list.stream().map(JsonObject.class::cast).filter(w -> w.getBoolean("mine"))
            .map(w -> w.getString("title")).sorted().toList();
        assertEquals(List.of("Continuity of care on release", "Medicines optimisation"), mine);
        assertEquals(0, list.stream().map(JsonObject.class::cast)
            .filter(w -> w.getString("id").equals(mentalHealth)).findFirst().orElseThrow().getInteger("taken"));
    }

    @Test
    void aFullWorkshopTakesNoMoreEvenUnderConcurrentChoices() {
        String small = workshop("Lunch", "Small group session", 2);
        List<Future<HttpResponse<Buffer>>> choices = new ArrayList<>();
        DELEGATES.forEach(delegate -> choices.add(choose(delegate, small)));
        await(Future.all(choices));

        assertEquals(2, choices.stream().filter(c -> c.result().statusCode() == 200).count());
        assertEquals(4, choices.stream().filter(c -> c.result().statusCode() == 409).count());
        JsonObject listed = await(client.get(base).putHeader("Authorization", organiser.bearer()).send()).bodyAsJsonObject()
            .getJsonArray("workshops").stream().map(JsonObject.class::cast)
            .filter(w -> w.getString("id").equals(small)).findFirst().orElseThrow();
        assertEquals(2, listed.getInteger("taken"));
    }

    @Test
    void aWorkshopIsChosenOnlyAfterReplyingGoing() {
        String session = workshop("Evening", "Reflective practice", null);

        HttpResponse<Buffer> unanswered = await(choose(undecided, session));
        assertEquals(409, unanswered.statusCode(), unanswered.bodyAsString());
        JsonObject error = unanswered.bodyAsJsonObject().getJsonObject("error");
        assertEquals("response", error.getString("field"));
        assertEquals("Reply that you are going before choosing a workshop", error.getString("message"));

        String rsvp = base.replace("/workshops", "/rsvp");
        await(client.put(rsvp).putHeader("Authorization", undecided.bearer())
            .sendJsonObject(new JsonObject().put("response", "maybe")));
        assertEquals(409, await(choose(undecided, session)).statusCode());

        await(client.put(rsvp).putHeader("Authorization", undecided.bearer())
            .sendJsonObject(new JsonObject().put("response", "yes")));
        assertEquals(200, await(choose(undecided, session)).statusCode());
    }

    @Test
    void onlyOrganisersSetUpWorkshopsAndBadInputIsNamed() {
        HttpResponse<Buffer> refused = await(client.post(base).putHeader("Authorization", DELEGATES.get(1).bearer())
            .sendJsonObject(new JsonObject().put("slot", "Morning").put("title", "Mine")));
        assertEquals(403, refused.statusCode());
        HttpResponse<Buffer> noTitle = await(client.post(base).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("slot", "Morning")));
        assertEquals("title", noTitle.bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertTrue(await(client.put(base + "/00000000-0000-0000-0000-000000000000/choice")
            .putHeader("Authorization", DELEGATES.get(1).bearer()).send()).statusCode() == 404);
    }
}
