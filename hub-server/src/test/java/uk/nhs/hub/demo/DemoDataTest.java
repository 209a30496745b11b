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
        await(hub.projects().addDemo());
        await(hub.projects().addDemo());
    }

    @Test
    void theChildrensSurgeryNetworkRunsItsProjectWithFiveStepsDoneBoardsADecisionExpectedAndAMeasure() {
        TestUser surgeon = signIn("surgery");
        String network = network(surgeon, "childrens-surgery-anaesthesia").getString("id");
        JsonObject list = await(client.get("/api/networks/" + network + "/projects")
            .putHeader("Authorization", surgeon.bearer()).send()).bodyAsJsonObject();
        assertEquals(List.of("Acutely unwell child: case for change", "Children's surgery and anaesthesia"),
            list.getJsonArray("projects").stream().map(p -> ((JsonObject) p).getString("title")).sorted().toList(),
            "adding the demonstration projects again changes nothing");
        String id = list.getJsonArray("projects").stream().map(JsonObject.class::cast)
            .filter(p -> p.getString("title").startsWith("Children's")).findFirst().orElseThrow().getString("id");
        JsonObject project = await(client.get("/api/projects/" + id).putHeader("Authorization", surgeon.bearer()).send())
            .bodyAsJsonObject();
        assertEquals(List.of("done", "done", "done", "done", "done", "in-progress", "not-started", "not-started"),
            project.getJsonArray("stages").stream().map(s -> ((JsonObject) s).getString("status")).toList());
        assertEquals(List.of("Chief Executive Sponsor", "Medical Director Sponsor", "Medical Director Sponsor", "Project Manager",
            "Service user representative"), project.getJsonArray("team").stream()
            .map(t -> ((JsonObject) t).getString("roleTitle")).toList());
        assertTrue(project.getJsonArray("hearings").stream().map(JsonObject.class::cast)
            .anyMatch(h -> h.getString("body").equals("Wakefield CCG governing body") && h.getString("outcome").equals("approved")));
        assertTrue(project.getJsonArray("decisions").stream().map(JsonObject.class::cast)
            .anyMatch(d -> "May 2027".equals(d.getString("expected"))));
        assertEquals(3, project.getJsonArray("updates").size());
        JsonObject consultations = await(client.get("/api/projects/" + id + "/consultations")
            .putHeader("Authorization", surgeon.bearer()).send()).bodyAsJsonObject();
        JsonObject consultation = consultations.getJsonArray("consultations").getJsonObject(0);
        assertEquals("closed", consultation.getString("state"), "the public consultation has closed");
        assertEquals(5, consultation.getInteger("responses"));
        JsonObject summary = await(client.get("/api/consultations/" + consultation.getString("id") + "/summary")
            .putHeader("Authorization", surgeon.bearer()).send()).bodyAsJsonObject();
        assertTrue(summary.getBoolean("anonymous"));
        assertEquals(3, summary.getJsonArray("results").size(), "every question is summarised: " + summary);
        JsonObject measures = await(client.get("/api/projects/" + id + "/measures").putHeader("Authorization", surgeon.bearer())
            .send()).bodyAsJsonObject();
        assertEquals(6, measures.getJsonArray("measures").getJsonObject(0).getJsonArray("readings").size());
        JsonObject progress = await(client.get("/api/networks/" + network + "/projects/progress")
            .putHeader("Authorization", surgeon.bearer()).send()).bodyAsJsonObject();
        assertEquals(2, progress.getJsonArray("projects").size());
        assertTrue(progress.getJsonArray("projects").stream().map(JsonObject.class::cast)
            .anyMatch(p -> p.getJsonObject("update") != null && p.getJsonObject("update").getBoolean("forMonth")),
            "this month's update is in this month's report");
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
