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

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/** Agendas, pre-reads, minutes and action items, with open actions carried into later agendas. */
class OccurrenceItemsTest {

    private static final String JANUARY = "2027-01-12T10:00:00Z";
    private static final String MARCH = "2027-03-12T10:00:00Z";
    private static final String MAY = "2027-05-12T10:00:00%2B01:00";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static String meeting;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Items Organiser");
        member = TestUsers.create(client, "Items Member");
        String network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Items network").put("visibility", "private"))).bodyAsJsonObject().getString("id");
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", member.email()).put("role", "member")));
        meeting = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Programme meeting").put("start", "2027-01-12T10:00")
                .put("durationMinutes", 120).put("rrule", "FREQ=MONTHLY;INTERVAL=2;COUNT=3"))).bodyAsJsonObject().getString("id");
    }

    private static HttpResponse<Buffer> add(TestUser as, String start, JsonObject item) {
        return await(client.post("/api/meetings/" + meeting + "/occurrences/" + start + "/items")
            .putHeader("Authorization", as.bearer()).sendJsonObject(item));
    }

    private static JsonObject items(TestUser as, String start) {
        return await(client.get("/api/meetings/" + meeting + "/occurrences/" + start + "/items")
            .putHeader("Authorization", as.bearer()).send()).bodyAsJsonObject();
    }

    private static List<String> texts(JsonArray items) {
        return items.stream().map(i -> ((JsonObject) i).getString("text")).toList();
    }

    @Test
    void openActionsAreCarriedIntoLaterAgendasUntilDone() {
        add(organiser, JANUARY, new JsonObject().put("kind", "agenda").put("text", "Early diagnosis data"));
        add(organiser, JANUARY, new JsonObject().put("kind", "pre-read").put("text", "Quarterly report")
            .put("url", "https://example.nhs.uk/report.pdf"));
        add(organiser, JANUARY, new JsonObject().put("kind", "minutes").put("text", "Agreed to share audit templates."));
        add(organiser, JANUARY, new JsonObject().put("kind", "action").put("text", "Circulate audit template")
            .put("ownerUserId", member.id().toString()));
        JsonObject january = items(member, JANUARY);
        String actionId = january.getJsonArray("actions").getJsonObject(0).getString("id");
        add(organiser, MARCH, new JsonObject().put("kind", "action").put("text", "Report back on pilots"));

        JsonObject march = items(member, MARCH);
        JsonObject may = items(member, MAY);

        assertEquals(List.of("Early diagnosis data"), texts(january.getJsonArray("agenda")));
        assertEquals("Items Member", january.getJsonArray("actions").getJsonObject(0).getString("ownerName"));
        assertEquals(List.of("Circulate audit template"), texts(march.getJsonArray("carriedActions")));
        assertEquals(List.of("Circulate audit template", "Report back on pilots"), texts(may.getJsonArray("carriedActions")));

        assertEquals(204, await(client.patch("/api/meetings/" + meeting + "/items/" + actionId)
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("done", true))).statusCode());
        assertEquals(List.of("Report back on pilots"), texts(items(member, MAY).getJsonArray("carriedActions")));
    }

    @Test
    void onlyOrganisersEditAndBadItemsAreNamed() {
        assertEquals(403, add(member, JANUARY, new JsonObject().put("kind", "agenda").put("text", "Mine")).statusCode());
        assertEquals("kind", add(organiser, JANUARY, new JsonObject().put("kind", "memo").put("text", "x"))
            .bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals("url", add(organiser, JANUARY, new JsonObject().put("kind", "pre-read").put("text", "No link"))
            .bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals("url", add(organiser, JANUARY, new JsonObject().put("kind", "pre-read").put("text", "Bad")
            .put("url", "javascript:alert(1)")).bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals(404, add(organiser, "2027-02-12T10:00:00Z", new JsonObject().put("kind", "agenda").put("text", "x")).statusCode());
    }
}
