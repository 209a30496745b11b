package uk.nhs.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Two members of one network drafting its response to a broadcast at once: a save made against an older
 * version of the draft is refused with what the other person saved, and nothing anyone saved is lost.
 */
class ResponseDraftVersionsTest {

    private static WebClient client;
    private static TestUser central;
    private static TestUser organiser;
    private static TestUser priya;
    private static TestUser tom;
    private static String region;
    private static String leeds;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        TestUser lead = TestUsers.create(client, "Drafts Lead");
        central = TestUsers.create(client, "Drafts Central");
        organiser = TestUsers.create(client, "Leeds Organiser");
        priya = TestUsers.create(client, "Priya Shah");
        tom = TestUsers.create(client, "Tom Reid");
        region = BroadcastApiTest.networkFor(client, lead, "Drafts region", null);
        BroadcastApiTest.memberFor(client, lead, region, central, "central");
        leeds = BroadcastApiTest.networkFor(client, lead, "Drafts Leeds", region);
        BroadcastApiTest.memberFor(client, lead, leeds, organiser, "organiser");
        BroadcastApiTest.memberFor(client, lead, leeds, priya, "member");
        BroadcastApiTest.memberFor(client, lead, leeds, tom, "member");
    }

    private static String send() {
        JsonObject feedback = new JsonObject().put("mode", "network").put("questions", new JsonArray()
            .add(new JsonObject().put("id", "ready").put("type", "single").put("label", "Are you ready?")
                .put("options", new JsonArray().add("Yes").add("No")))
            .add(new JsonObject().put("id", "comments").put("type", "text").put("label", "Comments").put("required", false))
            .add(new JsonObject().put("id", "risk").put("type", "risk").put("label", "Is this a local risk?")));
        HttpResponse<Buffer> sent = await(client.post("/api/broadcasts").putHeader("Authorization", central.bearer())
            .sendJsonObject(new JsonObject().put("networkId", region).put("title", "Drafts guidance").put("body", "Read me")
                .put("targets", new JsonObject().put("networkIds", new JsonArray().add(leeds))).put("feedback", feedback)));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        return sent.bodyAsJsonObject().getString("id");
    }

    private static HttpResponse<Buffer> saveDraft(TestUser as, String id, JsonObject answers, Integer version) {
        JsonObject body = new JsonObject().put("answers", answers).put("submit", false);
        if (version != null) {
            body.put("version", version);
        }
        return await(client.post("/api/broadcasts/" + id + "/responses").putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    /** The draft as a member's page gets it: null before anyone saved. */
    private static JsonObject draftSeenBy(TestUser as, String id) {
        HttpResponse<Buffer> got = await(client.get("/api/broadcasts/" + id).putHeader("Authorization", as.bearer()).send());
        assertEquals(200, got.statusCode(), got.bodyAsString());
        return got.bodyAsJsonObject().getJsonArray("myNetworks").getJsonObject(0).getJsonObject("response");
    }

    private static JsonObject stored(String id) {
        Row row = await(TestHub.get().pool().preparedQuery("SELECT answers FROM broadcast_responses WHERE broadcast_id = $1::uuid")
            .execute(Tuple.of(id))).iterator().next();
        return (JsonObject) row.getValue("answers");
    }

    @Test
    void aSaveOverAnOlderDraftIsRefusedWithTheOtherPersonsChangesAndNothingIsLost() {
        String id = send();
        HttpResponse<Buffer> first = saveDraft(priya, id, new JsonObject().put("ready", "Yes").put("comments", "First go"), 0);
        assertEquals(200, first.statusCode(), first.bodyAsString());
        int opened = first.bodyAsJsonObject().getInteger("version");
        // both open the same draft; Priya changes the answer to No and flags a local risk
        assertEquals(opened, draftSeenBy(tom, id).getInteger("version"));
        HttpResponse<Buffer> priyas = saveDraft(priya, id, new JsonObject().put("ready", "No").put("comments", "First go")
            .put("risk", true), opened);
        assertEquals(200, priyas.statusCode(), priyas.bodyAsString());
        // Tom, whose page still shows the old draft, edits the free text
        HttpResponse<Buffer> toms = saveDraft(tom, id, new JsonObject().put("ready", "Yes").put("comments", "Tom's wording"), opened);

        assertEquals(409, toms.statusCode(), toms.bodyAsString());
        JsonObject error = toms.bodyAsJsonObject().getJsonObject("error");
        assertEquals("stale_version", error.getString("code"));
        assertEquals("version", error.getString("field"));
        assertTrue(error.getString("message").startsWith("Priya Shah saved this at "), error.getString("message"));
        JsonObject current = error.getJsonObject("current");
        assertEquals(opened + 1, current.getInteger("version"));
        assertEquals("Priya Shah", current.getString("savedBy"));
        assertEquals(new JsonObject().put("ready", "No").put("comments", "First go").put("risk", true), current.getJsonObject("answers"));
        assertEquals(current.getJsonObject("answers"), stored(id), "Priya's answer and risk flag are kept");

        HttpResponse<Buffer> again = saveDraft(tom, id, new JsonObject().put("ready", "No").put("comments", "Tom's wording")
            .put("risk", true), current.getInteger("version"));
        assertEquals(200, again.statusCode(), "saved against the version he has now seen: " + again.bodyAsString());
        JsonObject seen = draftSeenBy(priya, id);
        assertEquals("Tom Reid", seen.getString("savedBy"));
        assertEquals(opened + 2, seen.getInteger("version"));
    }

    @Test
    void ofConcurrentSavesAgainstOneVersionExactlyOneWins() {
        String id = send();
        int version = saveDraft(priya, id, new JsonObject().put("ready", "Yes"), 0).bodyAsJsonObject().getInteger("version");
        List<Future<HttpResponse<Buffer>>> saves = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TestUser who = i % 2 == 0 ? priya : tom;
            saves.add(client.post("/api/broadcasts/" + id + "/responses").putHeader("Authorization", who.bearer())
                .sendJsonObject(new JsonObject().put("submit", false).put("version", version)
                    .put("answers", new JsonObject().put("comments", "Attempt " + i))));
        }
        await(Future.join(saves));
        List<String> won = new ArrayList<>();
        for (int i = 0; i < saves.size(); i++) {
            HttpResponse<Buffer> save = saves.get(i).result();
            if (save.statusCode() == 200) {
                won.add("Attempt " + i);
            } else {
                assertEquals(409, save.statusCode(), save.bodyAsString());
            }
        }
        assertEquals(1, won.size(), "exactly one save wins: " + won);
        assertEquals(won.get(0), stored(id).getString("comments"));
        assertEquals(version + 1, draftSeenBy(tom, id).getInteger("version"));
    }

    @Test
    void twoFirstSavesOfANewDraftCannotBothWin() {
        String id = send();
        assertEquals(200, saveDraft(priya, id, new JsonObject().put("ready", "No"), 0).statusCode());
        HttpResponse<Buffer> second = saveDraft(tom, id, new JsonObject().put("ready", "Yes"), 0);
        assertEquals(409, second.statusCode(), "Tom opened the page before any draft existed");
        assertEquals("No", stored(id).getString("ready"));
    }

    @Test
    void aStaleSubmitIsRefusedToo() {
        String id = send();
        int version = saveDraft(priya, id, new JsonObject().put("ready", "No").put("risk", true), 0)
            .bodyAsJsonObject().getInteger("version");
        saveDraft(tom, id, new JsonObject().put("ready", "No").put("risk", true).put("comments", "Added"), version);
        HttpResponse<Buffer> submit = await(client.post("/api/broadcasts/" + id + "/responses").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("version", version).put("answers", new JsonObject().put("ready", "Yes").put("risk", false))));
        assertEquals(409, submit.statusCode(), submit.bodyAsString());
        assertEquals("Added", stored(id).getString("comments"));
    }

    @Test
    void aVersionThatIsNotAWholeNumberIsInvalid() {
        String id = send();
        HttpResponse<Buffer> bad = await(client.post("/api/broadcasts/" + id + "/responses").putHeader("Authorization", priya.bearer())
            .sendJsonObject(new JsonObject().put("submit", false).put("version", "one").put("answers", new JsonObject())));
        assertEquals(400, bad.statusCode());
        assertEquals("version", bad.bodyAsJsonObject().getJsonObject("error").getString("field"));
    }

    @Test
    void aSavedDraftIsAnnouncedOnTheNetworksAddressWithoutItsAnswers() throws Exception {
        String id = send();
        Promise<JsonObject> heard = Promise.promise();
        MessageConsumer<JsonObject> consumer = TestHub.get().vertx().eventBus().consumer("hub.client.network." + leeds, message -> {
            if ("broadcast.response.saved".equals(message.body().getString("type"))) {
                heard.tryComplete(message.body());
            }
        });
        await(consumer.completion());
        try {
            saveDraft(priya, id, new JsonObject().put("ready", "No"), 0);
            JsonObject event = heard.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(id, event.getString("broadcastId"));
            assertEquals(leeds, event.getString("networkId"));
            assertEquals("Priya Shah", event.getString("savedBy"));
            assertEquals(1, event.getInteger("version"));
            assertFalse(event.containsKey("answers"), "organisers and central teams above hear it too");
        } finally {
            await(consumer.unregister());
        }
    }

    @Test
    void aStaleFormPostKeepsWhatWasTypedAndShowsTheOtherPersonsAnswers() {
        String id = send();
        int version = saveDraft(priya, id, new JsonObject().put("ready", "Yes"), 0).bodyAsJsonObject().getInteger("version");
        saveDraft(priya, id, new JsonObject().put("ready", "No").put("risk", true), version);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("networkId", leeds);
        form.put("version", Integer.toString(version));
        form.put("a-ready", "Yes");
        form.put("a-comments", "Tom's careful wording");
        form.put("action", "draft");
        HttpResponse<Buffer> page = PageRequests.post(client, tom, "/broadcasts/" + id + "/respond", form);

        assertEquals(409, page.statusCode());
        String html = page.bodyAsString();
        assertTrue(html.contains("nhsuk-error-summary"), "the NHS.UK error summary");
        assertTrue(html.contains("Priya Shah saved this at "), "who saved in between");
        assertTrue(html.contains("Tom&#39;s careful wording") || html.contains("Tom's careful wording"), "what Tom typed is kept");
        assertTrue(html.contains("Priya Shah saved: Yes, this is a local risk"), "Priya's risk flag is shown beside it");
        assertTrue(html.contains("Priya Shah saved: No"), "and her answer");
        assertTrue(html.contains("name=\"version\" value=\"" + (version + 1) + "\""), "the next save is against the version now shown");
        assertEquals(new JsonObject().put("ready", "No").put("risk", true), stored(id));
    }
}
