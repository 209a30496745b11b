package uk.nhs.hub.demo;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class DemoDataTest {

    private static WebClient client;

    @BeforeAll
    static void seed() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        DemoData demo = new DemoData(TestHub.get().vertx(), TestHub.get().pool());
        assertTrue(await(demo.seedOnce()));
        assertFalse(await(demo.seedOnce()), "seeding again changes nothing");
        var hub = TestHub.get().hub();
        await(new DemoActivity(TestHub.get().pool(), hub.meetings().service(), hub.discussions().service(),
            hub.broadcasts().service(), java.time.Clock.systemUTC()).add());
    }

    @Test
    void theDemoShowsAProgrammeADiscussionAndABroadcastUnderWay() {
        TestUser nurse = signIn("leeds.nurse");
        JsonObject national = network(nurse, "national-cancer-network");
        JsonObject meetings = await(client.get("/api/networks/" + national.getString("id") + "/meetings")
            .putHeader("Authorization", nurse.bearer()).send()).bodyAsJsonObject();
        assertEquals("National cancer leads meeting", meetings.getJsonArray("meetings").getJsonObject(0).getString("title"));
        JsonObject threads = await(client.get("/api/networks/" + national.getString("id") + "/threads")
            .putHeader("Authorization", nurse.bearer()).send()).bodyAsJsonObject();
        assertEquals(4, threads.getJsonArray("threads").getJsonObject(0).getInteger("postCount"));
        JsonObject received = await(client.get("/api/broadcasts").putHeader("Authorization", nurse.bearer()).send())
            .bodyAsJsonObject().getJsonArray("received").getJsonObject(0);
        assertTrue(received.getBoolean("acknowledged"));
        JsonObject summary = await(client.get("/api/broadcasts/" + received.getString("id") + "/summary")
            .putHeader("Authorization", signIn("central").bearer()).send()).bodyAsJsonObject();
        assertEquals(35, summary.getInteger("targets"));
        assertEquals(1, summary.getInteger("respondedNetworks"));
        assertEquals(4, summary.getInteger("acknowledgedNetworks"), "Leeds, York and Bath, and the national network their leads also belong to");
    }

    private static JsonObject network(TestUser as, String slug) {
        String id = await(client.get("/api/networks").putHeader("Authorization", as.bearer()).send()).bodyAsJsonObject()
            .getJsonArray("networks").stream().map(JsonObject.class::cast)
            .filter(n -> slug.equals(n.getString("slug"))).findFirst().orElseThrow().getString("id");
        return await(client.get("/api/networks/" + id).putHeader("Authorization", as.bearer()).send()).bodyAsJsonObject();
    }

    private static TestUser signIn(String localPart) {
        JsonObject body = await(client.post("/api/auth/login").sendJsonObject(new JsonObject()
            .put("email", localPart + DemoData.DOMAIN).put("password", DemoData.PASSWORD))).bodyAsJsonObject();
        return new TestUser(java.util.UUID.fromString(body.getJsonObject("user").getString("id")),
            localPart + DemoData.DOMAIN, "", body.getString("token"), "", "");
    }

    @Test
    void theNationalCancerNetworkHas34LocalNetworksEachWithThreeLeads() {
        JsonObject national = network(signIn("organiser"), "national-cancer-network");

        assertEquals(34, national.getJsonArray("children").size());
        assertTrue(national.getJsonArray("children").stream().map(JsonObject.class::cast)
            .allMatch(child -> child.getJsonObject("counts").getLong("members") == 4), "three leads and the organiser");
        assertEquals(34 * 3 + 2, national.getJsonObject("counts").getLong("members"));

        JsonObject leeds = network(signIn("leeds.nurse"), "leeds-cancer");
        assertEquals("member", leeds.getString("myRole"));
        assertEquals(List.of("National cancer network"), leeds.getJsonArray("ancestors").stream()
            .map(a -> ((JsonObject) a).getString("name")).toList());
    }

    @Test
    void theRaceEqualityNetworkIsANetworkOfFivePlaceNetworks() {
        JsonObject region = network(signIn("equality"), "race-equality-network");
        assertEquals(List.of("Bradford district and Craven race equality network", "Calderdale race equality network",
                "Kirklees race equality network", "Leeds race equality network", "Wakefield race equality network"),
            region.getJsonArray("children").stream().map(c -> ((JsonObject) c).getString("name")).toList());
    }

    @Test
    void theChiefExecutiveNetworksArePrivateAndTakeGuestNominations() {
        TestUser chief = signIn("chief");
        for (String slug : List.of("ambulance-chief-executives", "acute-chief-executives")) {
            JsonObject network = network(chief, slug);
            assertEquals("private", network.getString("visibility"));
            assertTrue(network.getBoolean("allowGuestNominations"));
        }
        TestUser stranger = TestUsers.create(client, "Demo Stranger");
        String list = await(client.get("/api/networks").putHeader("Authorization", stranger.bearer()).send()).bodyAsString();
        assertFalse(list.contains("ambulance-chief-executives"), "private networks stay hidden");
        assertTrue(list.contains("prison-health-primary-care"));
        assertTrue(list.contains("childrens-surgery-anaesthesia"));
    }
}
