package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** Two organisers changing one meeting's details at once: a change made against an older version is refused. */
class MeetingVersionsTest {

    private static WebClient client;
    private static TestUser priya;
    private static TestUser tom;
    private static String networkId;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        priya = TestUsers.create(client, "Priya Shah");
        tom = TestUsers.create(client, "Tom Reid");
        networkId = await(client.post("/api/networks").putHeader("Authorization", priya.bearer())
            .sendJsonObject(new JsonObject().put("name", "Versions network").put("slug", "versions-network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        await(client.post("/api/networks/" + networkId + "/members").putHeader("Authorization", priya.bearer())
            .sendJsonObject(new JsonObject().put("email", tom.email()).put("role", "organiser")));
    }

    private static String schedule() {
        HttpResponse<Buffer> created = await(client.post("/api/networks/" + networkId + "/meetings").putHeader("Authorization", priya.bearer())
            .sendJsonObject(new JsonObject().put("title", "Leads").put("start", "2027-02-01T14:00")
                .put("timeZone", "Europe/London").put("durationMinutes", 60)));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static HttpResponse<Buffer> change(TestUser as, String id, JsonObject body) {
        return await(client.patch("/api/meetings/" + id).putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    @Test
    void aChangeOverAnOlderVersionIsRefusedWithTheMeetingAsStored() {
        String id = schedule();
        HttpResponse<Buffer> opened = await(client.get("/api/meetings/" + id).putHeader("Authorization", tom.bearer()).send());
        int version = opened.bodyAsJsonObject().getInteger("version");
        assertEquals("\"" + version + "\"", opened.getHeader("ETag"));

        HttpResponse<Buffer> priyas = change(priya, id, new JsonObject().put("location", "Room 4").put("version", version));
        assertEquals(200, priyas.statusCode(), priyas.bodyAsString());
        assertEquals(version + 1, priyas.bodyAsJsonObject().getInteger("version"));

        HttpResponse<Buffer> toms = change(tom, id, new JsonObject().put("title", "Leads' meeting").put("version", version));
        assertEquals(409, toms.statusCode(), toms.bodyAsString());
        JsonObject error = toms.bodyAsJsonObject().getJsonObject("error");
        assertEquals("stale_version", error.getString("code"));
        assertTrue(error.getString("message").startsWith("Priya Shah saved this at "), error.getString("message"));
        assertEquals("Room 4", error.getJsonObject("current").getString("location"));
        assertEquals(version + 1, error.getJsonObject("current").getInteger("version"));
        JsonObject stored = await(client.get("/api/meetings/" + id).putHeader("Authorization", tom.bearer()).send()).bodyAsJsonObject();
        assertEquals("Leads", stored.getString("title"), "nothing of Tom's was written");
        assertEquals("Room 4", stored.getString("location"), "and Priya's venue is kept");
    }

    @Test
    void ifMatchWithTheETagWorksLikeTheBodyVersion() {
        String id = schedule();
        String etag = await(client.get("/api/meetings/" + id).putHeader("Authorization", tom.bearer()).send()).getHeader("ETag");
        HttpResponse<Buffer> first = await(client.patch("/api/meetings/" + id).putHeader("Authorization", priya.bearer())
            .putHeader("If-Match", etag).sendJsonObject(new JsonObject().put("location", "Room 5")));
        assertEquals(200, first.statusCode(), first.bodyAsString());
        HttpResponse<Buffer> stale = await(client.patch("/api/meetings/" + id).putHeader("Authorization", tom.bearer())
            .putHeader("If-Match", etag).sendJsonObject(new JsonObject().put("location", "Room 6")));
        assertEquals(409, stale.statusCode(), stale.bodyAsString());
        HttpResponse<Buffer> garbled = await(client.patch("/api/meetings/" + id).putHeader("Authorization", tom.bearer())
            .putHeader("If-Match", "W/\"x\"").sendJsonObject(new JsonObject().put("location", "Room 6")));
        assertEquals(400, garbled.statusCode());
        assertEquals("version", garbled.bodyAsJsonObject().getJsonObject("error").getString("field"));
    }

    @Test
    void ofConcurrentChangesAgainstOneVersionExactlyOneWins() {
        String id = schedule();
        List<Future<HttpResponse<Buffer>>> changes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TestUser who = i % 2 == 0 ? priya : tom;
            changes.add(client.patch("/api/meetings/" + id).putHeader("Authorization", who.bearer())
                .sendJsonObject(new JsonObject().put("location", "Room " + i).put("version", 1)));
        }
        await(Future.join(changes));
        long won = changes.stream().filter(f -> f.result().statusCode() == 200).count();
        assertEquals(1, won, "exactly one change wins");
        assertTrue(changes.stream().allMatch(f -> f.result().statusCode() == 200 || f.result().statusCode() == 409));
    }

    @Test
    void aSavedMeetingIsAnnouncedOnItsAddress() throws Exception {
        String id = schedule();
        Promise<JsonObject> heard = Promise.promise();
        MessageConsumer<JsonObject> consumer = TestHub.get().vertx().eventBus().consumer("hub.client.meeting." + id, message -> {
            if ("meeting.saved".equals(message.body().getString("type"))) {
                heard.tryComplete(message.body());
            }
        });
        await(consumer.completion());
        try {
            change(priya, id, new JsonObject().put("location", "Room 7"));
            JsonObject event = heard.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("Priya Shah", event.getString("savedBy"));
            assertEquals(2, event.getInteger("version"));
        } finally {
            await(consumer.unregister());
        }
    }

    @Test
    void aStaleEditFormKeepsWhatWasTypedAndShowsWhatTheOtherOrganiserSaved() {
        String id = schedule();
        change(priya, id, new JsonObject().put("location", "Room 8").put("version", 1));
        Map<String, String> form = new LinkedHashMap<>(Map.of("title", "Leads, renamed by Tom", "description", "",
            "date", "2027-02-01", "time", "14:00", "timeZone", "Europe/London", "durationMinutes", "60", "rrule", "",
            "location", "", "onlineUrl", ""));
        form.putAll(Map.of("capacity", "", "requiredRoleTitles", "", "reminderHours", "", "guestAllowance", "",
            "version", "1", "action", "save"));
        HttpResponse<Buffer> page = PageRequests.post(client, tom, "/meetings/" + id + "/edit", form);

        assertEquals(409, page.statusCode());
        String html = page.bodyAsString();
        assertTrue(html.contains("nhsuk-error-summary"));
        assertTrue(html.contains("Priya Shah saved this meeting at "));
        assertTrue(html.contains("value=\"Leads, renamed by Tom\""), "what Tom typed is kept");
        assertTrue(html.contains("What Priya Shah saved") && html.contains("Room 8"), "Priya's venue is shown");
        assertTrue(html.contains("name=\"version\" value=\"2\""), "the next save is against the version now shown");
        assertTrue(html.contains("Last saved by Priya Shah at "), "the page says who saved last");
        JsonObject stored = await(client.get("/api/meetings/" + id).putHeader("Authorization", tom.bearer()).send()).bodyAsJsonObject();
        assertEquals("Leads", stored.getString("title"));
    }

    @Test
    void minutesChangedOverAnOlderVersionAreRefusedAndTheStoredTextKept() {
        String id = schedule();
        String start = "2027-02-01T14:00:00Z";
        HttpResponse<Buffer> added = await(client.post("/api/meetings/" + id + "/occurrences/" + start + "/items")
            .putHeader("Authorization", priya.bearer())
            .sendJsonObject(new JsonObject().put("kind", "minutes").put("text", "Agreed the pilot")));
        assertEquals(201, added.statusCode(), added.bodyAsString());
        JsonObject item = added.bodyAsJsonObject().getJsonArray("minutes").getJsonObject(0);
        int version = item.getInteger("version");
        String path = "/api/meetings/" + id + "/items/" + item.getString("id");

        HttpResponse<Buffer> priyas = await(client.patch(path).putHeader("Authorization", priya.bearer())
            .sendJsonObject(new JsonObject().put("text", "Agreed the pilot in Leeds and York").put("version", version)));
        assertEquals(204, priyas.statusCode(), priyas.bodyAsString());
        assertEquals("\"" + (version + 1) + "\"", priyas.getHeader("ETag"));
        HttpResponse<Buffer> toms = await(client.patch(path).putHeader("Authorization", tom.bearer())
            .sendJsonObject(new JsonObject().put("text", "Agreed the pilot, Tom's notes").put("version", version)));
        assertEquals(409, toms.statusCode(), toms.bodyAsString());
        JsonObject current = toms.bodyAsJsonObject().getJsonObject("error").getJsonObject("current");
        assertEquals("Agreed the pilot in Leeds and York", current.getString("text"));
        assertEquals("Priya Shah", current.getString("savedBy"));
        JsonObject stored = await(client.get("/api/meetings/" + id + "/occurrences/" + start + "/items")
            .putHeader("Authorization", tom.bearer()).send()).bodyAsJsonObject().getJsonArray("minutes").getJsonObject(0);
        assertEquals("Agreed the pilot in Leeds and York", stored.getString("text"));
        assertEquals(version + 1, stored.getInteger("version"));
    }
}
