package uk.nhs.hub.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/** "One of each role title per network": which local networks are not represented yet. */
class RepresentationTest {

    private static final String FIRST = "2027-01-12T10:00:00Z";

    private static WebClient client;
    private static TestUser lead;
    private static final Map<String, TestUser> PEOPLE = new HashMap<>();
    private static String meeting;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        lead = TestUsers.create(client, "Representation Lead");
        String national = network("National", null);
        for (String place : List.of("Bath", "Derby", "York")) {
            String local = network(place + " cancer", national);
            for (String title : List.of("Lead nurse", "Lead doctor", "Manager")) {
                TestUser person = TestUsers.create(client, place + " " + title);
                for (String network : List.of(national, local)) {
                    await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", lead.bearer())
                        .sendJsonObject(new JsonObject().put("email", person.email()).put("role", "member")
                            .put("roleTitle", network.equals(local) ? title : null)));
                }
                PEOPLE.put(place + "/" + title, person);
            }
        }
        meeting = await(client.post("/api/networks/" + national + "/meetings").putHeader("Authorization", lead.bearer())
            .sendJsonObject(new JsonObject().put("title", "Leads meeting").put("start", "2027-01-12T10:00").put("durationMinutes", 120)
                .put("requiredRoleTitles", new JsonArray().add("Lead nurse").add("Lead doctor").add("Manager"))))
            .bodyAsJsonObject().getString("id");
    }

    private static String network(String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        return await(client.post("/api/networks").putHeader("Authorization", lead.bearer()).sendJsonObject(body))
            .bodyAsJsonObject().getString("id");
    }

    private static void reply(String who, String response, TestUser delegate) {
        JsonObject body = new JsonObject().put("response", response);
        if (delegate != null) {
            body.put("delegateUserId", delegate.id().toString());
        }
        await(client.put("/api/meetings/" + meeting + "/occurrences/" + FIRST + "/rsvp")
            .putHeader("Authorization", PEOPLE.get(who).bearer()).sendJsonObject(body));
    }

    @Test
    void networksStillMissingARequiredRoleTitleAreListed() {
        for (String title : List.of("Lead nurse", "Lead doctor", "Manager")) {
            reply("Bath/" + title, "yes", null);
        }
        reply("Derby/Lead nurse", "yes", null);
        reply("Derby/Lead doctor", "yes", PEOPLE.get("Derby/Manager"));
        reply("Derby/Manager", "no", null);
        reply("York/Lead nurse", "maybe", null);

        JsonObject result = await(client.get("/api/meetings/" + meeting + "/occurrences/" + FIRST + "/representation")
            .putHeader("Authorization", lead.bearer()).send()).bodyAsJsonObject();

        assertEquals(1, result.getInteger("fullyRepresented"));
        assertEquals(2, result.getInteger("notYetRepresented"));
        Map<String, List<Object>> missing = new HashMap<>();
        result.getJsonArray("networks").forEach(n -> missing.put(((JsonObject) n).getString("name"),
            ((JsonObject) n).getJsonArray("missing").getList()));
        assertEquals(List.of(), missing.get("Bath cancer"));
        assertEquals(List.of("Manager"), missing.get("Derby cancer"), "a delegate stands in for the doctor, not the manager");
        assertEquals(List.of("Lead nurse", "Lead doctor", "Manager"), missing.get("York cancer"), "maybe is not yes");
    }

    @Test
    void requiredRoleTitlesAreValidated() {
        String national = await(client.get("/api/meetings/" + meeting).putHeader("Authorization", lead.bearer()).send())
            .bodyAsJsonObject().getString("networkId");
        assertEquals("requiredRoleTitles", await(client.post("/api/networks/" + national + "/meetings")
            .putHeader("Authorization", lead.bearer()).sendJsonObject(new JsonObject().put("title", "Bad").put("start", "2027-01-12T10:00")
                .put("durationMinutes", 60).put("requiredRoleTitles", "Lead nurse")))
            .bodyAsJsonObject().getJsonObject("error").getString("field"));
    }
}
