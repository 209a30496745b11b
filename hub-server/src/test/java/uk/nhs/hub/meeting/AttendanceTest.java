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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The register of one occurrence and the programme's attendance per local network. */
class AttendanceTest {

    private static final String JANUARY = "2027-01-12T10:00:00Z";
    private static final String MARCH = "2027-03-12T10:00:00Z";

    private static WebClient client;
    private static TestUser lead;
    private static TestUser leedsNurse;
    private static TestUser leedsDoctor;
    private static TestUser yorkNurse;
    private static TestUser stranger;
    private static String national;
    private static String meeting;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        lead = TestUsers.create(client, "Programme Lead");
        leedsNurse = TestUsers.create(client, "Leeds Nurse");
        leedsDoctor = TestUsers.create(client, "Leeds Doctor");
        yorkNurse = TestUsers.create(client, "York Nurse");
        stranger = TestUsers.create(client, "Not Invited");
        national = network("National cancer programme", null);
        String leeds = network("Leeds cancer", national);
        String york = network("York cancer", national);
        for (TestUser person : List.of(leedsNurse, leedsDoctor, yorkNurse)) {
            add(national, person);
        }
        add(leeds, leedsNurse);
        add(leeds, leedsDoctor);
        add(york, yorkNurse);
        meeting = await(client.post("/api/networks/" + national + "/meetings").putHeader("Authorization", lead.bearer())
            .sendJsonObject(new JsonObject().put("title", "Leads meeting").put("start", "2027-01-12T10:00")
                .put("durationMinutes", 120).put("rrule", "FREQ=MONTHLY;INTERVAL=2;COUNT=3"))).bodyAsJsonObject().getString("id");
    }

    private static String network(String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        return await(client.post("/api/networks").putHeader("Authorization", lead.bearer()).sendJsonObject(body))
            .bodyAsJsonObject().getString("id");
    }

    private static void add(String network, TestUser person) {
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", lead.bearer())
            .sendJsonObject(new JsonObject().put("email", person.email()).put("role", "member")));
    }

    private static HttpResponse<Buffer> mark(TestUser as, String start, JsonArray marks) {
        return await(client.put("/api/meetings/" + meeting + "/occurrences/" + start + "/attendance")
            .putHeader("Authorization", as.bearer()).sendJsonObject(new JsonObject().put("marks", marks)));
    }

    private static JsonObject entry(TestUser person, String mark) {
        return new JsonObject().put("userId", person.id().toString()).put("mark", mark);
    }

    @Test
    void theRegisterListsTheNetworkWithRepliesAndMarks() {
        await(client.put("/api/meetings/" + meeting + "/occurrences/" + JANUARY + "/rsvp")
            .putHeader("Authorization", leedsNurse.bearer()).sendJsonObject(new JsonObject().put("response", "yes")));

        HttpResponse<Buffer> marked = mark(lead, JANUARY, new JsonArray().add(entry(leedsNurse, "attended"))
            .add(entry(yorkNurse, "apologies")).add(entry(leedsDoctor, "no-show")));

        assertEquals(200, marked.statusCode(), marked.bodyAsString());
        JsonArray register = marked.bodyAsJsonObject().getJsonArray("register");
        JsonObject nurse = register.stream().map(JsonObject.class::cast)
            .filter(r -> "Leeds Nurse".equals(r.getString("displayName"))).findFirst().orElseThrow();
        assertEquals("confirmed", nurse.getString("reply"));
        assertEquals("attended", nurse.getString("mark"));
        assertEquals(4, register.size(), "the lead and the three members");
    }

    @Test
    void marksAreCheckedAllOrNothingAndOnlyOrganisersKeepTheRegister() {
        assertEquals(400, mark(lead, MARCH, new JsonArray().add(entry(leedsNurse, "attended")).add(entry(stranger, "attended")))
            .statusCode());
        assertEquals(400, mark(lead, MARCH, new JsonArray().add(entry(leedsNurse, "late"))).statusCode());
        JsonArray register = await(client.get("/api/meetings/" + meeting + "/occurrences/" + MARCH + "/attendance")
            .putHeader("Authorization", lead.bearer()).send()).bodyAsJsonObject().getJsonArray("register");
        assertTrue(register.stream().allMatch(r -> ((JsonObject) r).getValue("mark") == null), "nothing was half-written");
        assertEquals(403, mark(leedsNurse, MARCH, new JsonArray().add(entry(leedsNurse, "attended"))).statusCode());
        assertEquals(404, mark(lead, "2027-02-12T10:00:00Z", new JsonArray().add(entry(leedsNurse, "attended"))).statusCode());
    }

    @Test
    void theReportCountsAttendancePerLocalNetworkAcrossTheProgramme() {
        mark(lead, JANUARY, new JsonArray().add(entry(leedsNurse, "attended")).add(entry(leedsDoctor, "attended"))
            .add(entry(yorkNurse, "apologies")));
        mark(lead, MARCH, new JsonArray().add(entry(yorkNurse, "attended")).add(entry(leedsNurse, "no-show")));

        JsonObject report = await(client.get("/api/networks/" + national + "/attendance?from=2027-01-01&to=2028-01-01")
            .putHeader("Authorization", lead.bearer()).send()).bodyAsJsonObject();

        assertEquals(3, report.getJsonArray("occurrences").size());
        JsonObject leeds = byName(report, "Leeds cancer");
        JsonObject york = byName(report, "York cancer");
        assertEquals(new JsonArray().add(2).add(0).add(0), leeds.getJsonArray("attended"));
        assertEquals(new JsonArray().add(0).add(1).add(0), york.getJsonArray("attended"));
        assertEquals(1, york.getLong("occurrencesAttended"));

        String csv = await(client.get("/api/networks/" + national + "/attendance.csv?from=2027-01-01&to=2028-01-01")
            .putHeader("Authorization", lead.bearer()).send()).bodyAsString();
        assertTrue(csv.startsWith("network,Leads meeting 2027-01-12,Leads meeting 2027-03-12,Leads meeting 2027-05-12,"
            + "total attended,occurrences with someone present\r\n"), csv);
        assertTrue(csv.contains("Leeds cancer,2,0,0,2,1\r\n"), csv);
        assertTrue(csv.contains("York cancer,0,1,0,1,1\r\n"), csv);
    }

    private static JsonObject byName(JsonObject report, String name) {
        return report.getJsonArray("networks").stream().map(JsonObject.class::cast)
            .filter(n -> name.equals(n.getString("name"))).findFirst().orElseThrow();
    }
}
