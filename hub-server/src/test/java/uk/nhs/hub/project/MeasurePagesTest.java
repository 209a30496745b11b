package uk.nhs.hub.project;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The project page's forms without JavaScript for impact measures and their readings (drawn as a chart with a
 * table, dates in words), for a stage's notes and for the wording of its checklist; refused forms come back with
 * the error summary and what was typed.
 */
class MeasurePagesTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser outsider;
    private static String project;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Form Organiser");
        member = TestUsers.create(client, "Form Member");
        outsider = TestUsers.create(client, "Form Outsider");
        String network = api(HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Form surgery")
            .put("slug", "form-surgery").put("visibility", "private")).getString("id");
        api(HttpMethod.POST, "/api/networks/" + network + "/members", new JsonObject().put("email", member.email()).put("role", "member"));
        project = api(HttpMethod.POST, "/api/networks/" + network + "/projects",
            new JsonObject().put("title", "Children's surgery")).getString("id");
    }

    private static JsonObject api(HttpMethod method, String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.request(method, path).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(body));
        assertTrue(response.statusCode() < 300, response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static String page(TestUser as) {
        HttpResponse<Buffer> response = PageRequests.get(client, as, "/projects/" + project);
        assertEquals(200, response.statusCode());
        return response.bodyAsString();
    }

    @Test
    void aMeasureAndItsReadingsAddedWithTheFormsAreDrawnAsAChartWithATableInWords() {
        String base = "/projects/" + project;
        HttpResponse<Buffer> added = PageRequests.post(client, organiser, base + "/measures", Map.of("measures-name", "Waiting time",
            "measures-unit", "days", "measures-baseline", "40", "measures-target", "10", "measures-direction", "down"));
        assertEquals(303, added.statusCode(), added.bodyAsString());
        String measureId = api(HttpMethod.GET, "/api/projects/" + project + "/measures", null).getJsonArray("measures")
            .getJsonObject(0).getString("id");
        for (String[] reading : new String[][]{{"31", "1", "2027", "38"}, {"28", "2", "2027", "31.5"}}) {
            HttpResponse<Buffer> sent = PageRequests.post(client, organiser, base + "/reading/" + measureId, Map.of(
                "reading-date-" + measureId + "-day", reading[0], "reading-date-" + measureId + "-month", reading[1],
                "reading-date-" + measureId + "-year", reading[2], "reading-value-" + measureId, reading[3],
                "reading-note-" + measureId, "From the theatre system"));
            assertEquals(303, sent.statusCode(), sent.bodyAsString());
        }
        String page = page(member);
        assertTrue(page.contains("<svg"), "the chart is drawn on the server");
        assertTrue(page.contains("id=\"measure-" + measureId + "\""));
        assertTrue(page.contains("Baseline: 40 days."));
        assertTrue(page.contains("Lower is better"));
        assertTrue(page.contains("<td class=\"nhsuk-table__cell\">28 February 2027</td>"), "dates in words in the readings table");
        assertTrue(page.contains("<td class=\"nhsuk-table__cell\">31.5</td>"), "exact values in the readings table");
        assertTrue(page.contains("The chart rounds to whole numbers."));
        assertFalse(page.contains("Add a reading"), "a member who is not on the team reads the measures but has no forms");
        assertTrue(page(organiser).contains("Add a reading"));
        assertEquals(404, PageRequests.get(client, outsider, "/projects/" + project).statusCode());
        assertEquals(404, PageRequests.post(client, outsider, base + "/reading/" + measureId, Map.of(
            "reading-value-" + measureId, "3")).statusCode());
        assertEquals(403, PageRequests.post(client, member, base + "/measures", Map.of("measures-name", "Mine",
            "measures-unit", "days")).statusCode());
    }

    @Test
    void aFormCannotChangeAnotherProjectsMeasureFromThisProjectsPage() {
        String network = api(HttpMethod.GET, "/api/projects/" + project, null).getString("networkId");
        String other = api(HttpMethod.POST, "/api/networks/" + network + "/projects",
            new JsonObject().put("title", "Another project")).getString("id");
        String otherMeasure = api(HttpMethod.POST, "/api/projects/" + other + "/measures",
            new JsonObject().put("name", "Elsewhere").put("unit", "days")).getString("id");
        HttpResponse<Buffer> crossed = PageRequests.post(client, organiser, "/projects/" + project + "/reading/" + otherMeasure, Map.of(
            "reading-date-" + otherMeasure + "-day", "31", "reading-date-" + otherMeasure + "-month", "3",
            "reading-date-" + otherMeasure + "-year", "2027", "reading-value-" + otherMeasure, "4"));
        assertEquals(404, crossed.statusCode());
        assertEquals(404, PageRequests.post(client, organiser, "/projects/" + project + "/measure-remove/" + otherMeasure,
            Map.of()).statusCode());
        assertEquals(0, api(HttpMethod.GET, "/api/projects/" + other + "/measures", null).getJsonArray("measures")
            .getJsonObject(0).getJsonArray("readings").size());
    }

    @Test
    void aReadingThatIsNotANumberComesBackWithTheErrorSummaryAndWhatWasTyped() {
        String measureId = api(HttpMethod.POST, "/api/projects/" + project + "/measures",
            new JsonObject().put("name", "Transfers").put("unit", "children")).getString("id");
        HttpResponse<Buffer> refused = PageRequests.post(client, organiser, "/projects/" + project + "/reading/" + measureId, Map.of(
            "reading-date-" + measureId + "-day", "31", "reading-date-" + measureId + "-month", "3",
            "reading-date-" + measureId + "-year", "2027", "reading-value-" + measureId, "about twelve",
            "reading-note-" + measureId, ""));
        assertEquals(400, refused.statusCode());
        String page = refused.bodyAsString();
        assertTrue(page.contains("nhsuk-error-summary"));
        assertTrue(page.contains("href=\"#reading-value-" + measureId + "\""), "the summary links to the value");
        assertTrue(page.contains("value=\"about twelve\""));
        HttpResponse<Buffer> badDate = PageRequests.post(client, organiser, "/projects/" + project + "/reading/" + measureId, Map.of(
            "reading-date-" + measureId + "-day", "30", "reading-date-" + measureId + "-month", "2",
            "reading-date-" + measureId + "-year", "2027", "reading-value-" + measureId, "12"));
        assertEquals(400, badDate.statusCode());
        assertTrue(badDate.bodyAsString().contains("href=\"#reading-date-" + measureId + "\""));
        HttpResponse<Buffer> noName = PageRequests.post(client, organiser, "/projects/" + project + "/measures",
            Map.of("measures-name", "", "measures-unit", "days kept"));
        assertEquals(400, noName.statusCode());
        assertTrue(noName.bodyAsString().contains("href=\"#measures-name\""));
        assertTrue(noName.bodyAsString().contains("value=\"days kept\""));
    }

    @Test
    void organisersChangeAStagesNotesAndItsChecklistWordingWithoutJavaScript() {
        String base = "/projects/" + project;
        assertEquals(303, PageRequests.post(client, organiser, base + "/stage-notes/gather-ideas",
            Map.of("stage-notes-notes-gather-ideas", "Listening events in Wakefield and Leeds")).statusCode());
        assertEquals(303, PageRequests.post(client, organiser, base + "/item-add/gather-ideas",
            Map.of("item-add-text-gather-ideas", "Hold a session with parents at the children's centre")).statusCode());
        JsonObject stage = api(HttpMethod.GET, "/api/projects/" + project, null).getJsonArray("stages").getJsonObject(4);
        assertEquals("Listening events in Wakefield and Leeds", stage.getString("notes"));
        String first = stage.getJsonArray("checklist").getJsonObject(0).getString("id");
        String second = stage.getJsonArray("checklist").getJsonObject(1).getString("id");
        assertEquals(303, PageRequests.post(client, organiser, base + "/item-edit/" + first,
            Map.of("stageKey", "gather-ideas", "item-edit-text-" + first, "Ask in three ways at least")).statusCode());
        assertEquals(303, PageRequests.post(client, organiser, base + "/item-remove/" + second,
            Map.of("stageKey", "gather-ideas")).statusCode());
        String page = page(organiser);
        assertTrue(page.contains("Ask in three ways at least"));
        assertTrue(page.contains("Hold a session with parents at the children&#39;s centre")
            || page.contains("Hold a session with parents at the children's centre"));
        assertTrue(page.contains("Listening events in Wakefield and Leeds"));

        HttpResponse<Buffer> empty = PageRequests.post(client, organiser, base + "/item-edit/" + first,
            Map.of("stageKey", "gather-ideas", "item-edit-text-" + first, ""));
        assertEquals(400, empty.statusCode());
        assertTrue(empty.bodyAsString().contains("href=\"#item-edit-text-" + first + "\""));
        assertEquals(403, PageRequests.post(client, member, base + "/item-add/gather-ideas",
            Map.of("item-add-text-gather-ideas", "Not mine to add")).statusCode());
        assertFalse(page(member).contains("Change the checklist"), "only organisers change the checklists' wording");
    }
}
