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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The project pages as a browser uses them: who may open each, and forms that work without JavaScript and keep what was typed. */
class ProjectPagesTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static String network;
    private static String project;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Page Organiser");
        member = TestUsers.create(client, "Page Member");
        guest = TestUsers.create(client, "Page Guest");
        outsider = TestUsers.create(client, "Page Outsider");
        network = api(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Page surgery")
            .put("slug", "page-surgery").put("visibility", "private")).getString("id");
        api(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", member.email()).put("role", "member"));
        api(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", guest.email()).put("role", "guest"));
        project = api(organiser, HttpMethod.POST, "/api/networks/" + network + "/projects",
            new JsonObject().put("title", "Children's surgery & anaesthesia")).getString("id");
    }

    private static JsonObject api(TestUser as, HttpMethod method, String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.request(method, path).putHeader("Authorization", as.bearer())
            .sendJsonObject(body));
        assertTrue(response.statusCode() < 300, response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    @Test
    void whoMayOpenEachPage() {
        record Case(String path, int... statuses) {
        }
        // organiser, member, network guest, outsider, signed out (sent to sign in)
        List<Case> cases = List.of(
            new Case("/networks/page-surgery/projects", 200, 200, 404, 404, 303),
            new Case("/networks/page-surgery/projects/new", 200, 403, 403, 404, 303),
            new Case("/projects/" + project, 200, 200, 404, 404, 303),
            new Case("/projects/" + project + "/edit", 200, 403, 404, 404, 303));
        TestUser[] people = {organiser, member, guest, outsider, null};
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            for (int i = 0; i < people.length; i++) {
                int status = PageRequests.get(client, people[i], c.path()).statusCode();
                if (status != c.statuses()[i]) {
                    wrong.add(c.path() + " as " + (people[i] == null ? "signed out" : people[i].displayName()) + ": " + status);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void startingAProjectFromTheFormOpensItsPageWithTheEightStages() {
        HttpResponse<Buffer> created = PageRequests.post(client, organiser, "/networks/page-surgery/projects",
            Map.of("title", "Acutely unwell child", "summary", "A case for change", "aims", "Fewer transfers\nCare closer to home"));
        assertEquals(303, created.statusCode(), created.bodyAsString());
        String location = created.getHeader("Location");
        String page = PageRequests.get(client, organiser, location).bodyAsString();
        assertTrue(page.contains("The project has been started"));
        assertTrue(page.contains("<h1>Acutely unwell child</h1>"));
        assertTrue(page.contains("Care closer to home"));
        assertTrue(page.contains("8. Checking the impact"), "the eighth stage is shown");
        assertTrue(page.contains("Keep the conversation going"));
    }

    @Test
    void aRefusedFormComesBackWithTheErrorSummaryAndWhatWasTyped() {
        HttpResponse<Buffer> refused = PageRequests.post(client, organiser, "/networks/page-surgery/projects",
            Map.of("title", "", "summary", "Kept summary text", "aims", ""));
        assertEquals(400, refused.statusCode());
        String page = refused.bodyAsString();
        assertTrue(page.contains("nhsuk-error-summary"));
        assertTrue(page.contains("<a href=\"#title\">Enter the project&#39;s title</a>") || page.contains("href=\"#title\""), page);
        assertTrue(page.contains("Kept summary text"));

        HttpResponse<Buffer> hearing = PageRequests.post(client, organiser, "/projects/" + project + "/hearings",
            Map.of("hearings-body", "Wakefield CCG governing body", "hearings-date-day", "31", "hearings-date-month", "2",
                "hearings-date-year", "2027", "hearings-outcome", "pending", "hearings-note", ""));
        assertEquals(400, hearing.statusCode());
        String hearingPage = hearing.bodyAsString();
        assertTrue(hearingPage.contains("href=\"#hearings-date\""), "the summary links to the date that was wrong");
        assertTrue(hearingPage.contains("value=\"Wakefield CCG governing body\""));
        assertTrue(hearingPage.contains("value=\"31\""));
    }

    @Test
    void formsOnTheProjectPageAddAnUpdateAHearingAndADecisionWithDatesInWords() {
        String base = "/projects/" + project;
        assertEquals(303, PageRequests.post(client, organiser, base + "/updates", Map.of("updates-period", "3",
            "updates-period-year", "2027", "updates-body", "We **met** the trust boards", "updates-achievements",
            "Case for change agreed", "updates-nextSteps", "Public consultation")).statusCode());
        assertEquals(303, PageRequests.post(client, organiser, base + "/hearings", Map.of("hearings-body",
            "Leeds trust board", "hearings-date-day", "9", "hearings-date-month", "2", "hearings-date-year", "2027",
            "hearings-outcome", "approved", "hearings-note", "")).statusCode());
        assertEquals(303, PageRequests.post(client, organiser, base + "/decisions", Map.of("decisions-decision",
            "Commissioning decision", "decisions-expected", "May 2027", "decisions-decidedBy", "", "decisions-rationale", "")).statusCode());
        assertEquals(303, PageRequests.post(client, organiser, base + "/stage", Map.of("stageKey", "big-idea", "status", "done"))
            .statusCode());
        String page = PageRequests.get(client, member, base).bodyAsString();
        assertTrue(page.contains("<h3 class=\"nhsuk-card__heading\">March 2027</h3>"), "the update's month in words");
        assertTrue(page.contains("<strong>met</strong>"));
        assertTrue(page.contains("9 February 2027"), "the hearing's date in words");
        assertTrue(page.contains("Commissioning decision: expected May 2027"));
        assertTrue(page.contains("1. Big idea <strong class=\"nhsuk-tag nhsuk-tag--grey\">Done</strong>"));
        assertFalse(page.contains("Write a progress update"), "a member who is not on the team cannot add updates");
        assertTrue(page.contains("Follow this project"));
        assertEquals(303, PageRequests.post(client, member, base + "/follow", Map.of()).statusCode());
        assertTrue(PageRequests.get(client, member, base).bodyAsString().contains("Stop following"));
        assertEquals(403, PageRequests.post(client, member, base + "/updates", Map.of("updates-period", "3",
            "updates-period-year", "2027", "updates-body", "Not mine to write")).statusCode());
    }

    @Test
    void savingDetailsOverSomeoneElsesChangeSaysSoAndKeepsWhatWasTyped() {
        String id = api(organiser, HttpMethod.POST, "/api/networks/" + network + "/projects",
            new JsonObject().put("title", "Versions page")).getString("id");
        String form = PageRequests.get(client, organiser, "/projects/" + id + "/edit").bodyAsString();
        assertTrue(form.contains("name=\"version\" value=\"1\""));
        api(organiser, HttpMethod.PATCH, "/api/projects/" + id, new JsonObject().put("summary", "Changed elsewhere"));
        HttpResponse<Buffer> stale = PageRequests.post(client, organiser, "/projects/" + id + "/edit", Map.of("title",
            "My new title", "summary", "", "aims", "", "status", "active", "outcome", "", "currentStage", "big-idea", "version", "1"));
        assertEquals(409, stale.statusCode());
        assertTrue(stale.bodyAsString().contains("My new title"));
        assertTrue(stale.bodyAsString().contains("name=\"version\" value=\"2\""), "saving again goes over the newer version");
    }

    @Test
    void theHearingFormOffersTheLibrarysPapersAndTheTableLinksTheChosenOne() {
        String base = "/projects/" + project;
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + network + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create().attribute("title", "Pre-consultation business case")
                .binaryFileUpload("file", "business-case.txt", Buffer.buffer("The case"), "text/plain")));
        assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
        String documentId = uploaded.bodyAsJsonObject().getString("id");
        String form = PageRequests.get(client, organiser, base).bodyAsString();
        assertTrue(form.contains("<option value=\"" + documentId + "\">Pre-consultation business case</option>"),
            "the organiser may choose a paper from the library");
        assertEquals(303, PageRequests.post(client, organiser, base + "/hearings", Map.of("hearings-body",
            "Bradford CCG governing body", "hearings-date-day", "12", "hearings-date-month", "4", "hearings-date-year", "2027",
            "hearings-outcome", "pending", "hearings-note", "", "hearings-documentId", documentId, "hearings-paperUrl", ""))
            .statusCode());
        String page = PageRequests.get(client, member, base).bodyAsString();
        assertTrue(page.contains("Pre-consultation business case<span class=\"nhsuk-u-visually-hidden\"> (paper for Bradford CCG"
            + " governing body)</span></a> (business-case.txt)"), "the table links the paper");
        HttpResponse<Buffer> both = PageRequests.post(client, organiser, base + "/hearings", Map.of("hearings-body",
            "Leeds CCG governing body", "hearings-date-day", "12", "hearings-date-month", "4", "hearings-date-year", "2027",
            "hearings-outcome", "pending", "hearings-note", "", "hearings-documentId", documentId,
            "hearings-paperUrl", "https://example.org/case"));
        assertEquals(400, both.statusCode());
        assertTrue(both.bodyAsString().contains("href=\"#hearings-documentId\""), "the error summary links to the choice");
        assertTrue(both.bodyAsString().contains("value=\"https://example.org/case\""), "what was typed is kept");
    }
}
