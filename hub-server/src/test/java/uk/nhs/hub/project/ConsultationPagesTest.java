package uk.nhs.hub.project;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The consultation pages as a browser uses them: who may open each, and forms that work without JavaScript and keep what was typed. */
class ConsultationPagesTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser teamGuest;
    private static TestUser networkGuest;
    private static TestUser outsider;
    private static String project;
    private static String consultation;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Page Organiser");
        member = TestUsers.create(client, "Page Member");
        teamGuest = TestUsers.create(client, "Page Carer");
        networkGuest = TestUsers.create(client, "Page Guest");
        outsider = TestUsers.create(client, "Page Outsider");
        String network = api(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Consultation pages")
            .put("slug", "consultation-pages").put("visibility", "private")).getString("id");
        api(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", member.email()).put("role", "member"));
        api(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", networkGuest.email()).put("role", "guest"));
        project = api(organiser, HttpMethod.POST, "/api/networks/" + network + "/projects",
            new JsonObject().put("title", "Acutely unwell child")).getString("id");
        api(organiser, HttpMethod.POST, "/api/projects/" + project + "/team",
            new JsonObject().put("accountId", teamGuest.id().toString()).put("roleTitle", "Carer representative"));
        Instant now = Instant.now();
        consultation = api(organiser, HttpMethod.POST, "/api/projects/" + project + "/consultations", new JsonObject()
            .put("title", "Case for change").put("opensAt", now.minus(1, ChronoUnit.DAYS).toString())
            .put("closesAt", now.plus(10, ChronoUnit.DAYS).toString()).put("questions", new JsonArray()
                .add(new JsonObject().put("id", "support").put("type", "single").put("label", "Do you support it?")
                    .put("options", new JsonArray().add("Yes").add("No")))
                .add(new JsonObject().put("id", "why").put("type", "text").put("label", "Why?").put("required", false))))
            .getString("id");
    }

    private static JsonObject api(TestUser as, HttpMethod method, String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.request(method, path).putHeader("Authorization", as.bearer())
            .sendJsonObject(body));
        assertTrue(response.statusCode() < 300, response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static String page() {
        return "/projects/" + project + "/consultations/" + consultation;
    }

    @Test
    void whoMayOpenEachPage() {
        record Case(String path, int... statuses) {
        }
        // organiser, member, team guest, network guest, outsider, signed out (sent to sign in)
        List<Case> cases = List.of(
            new Case("/projects/" + project + "/consultations/new", 200, 403, 200, 404, 404, 303),
            new Case(page(), 200, 200, 200, 404, 404, 303),
            new Case(page() + "/results", 200, 403, 200, 404, 404, 303),
            new Case("/projects/00000000-0000-0000-0000-000000000000/consultations/" + consultation, 404, 404, 404, 404, 404, 303));
        TestUser[] people = {organiser, member, teamGuest, networkGuest, outsider, null};
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
    void theProjectPageListsConsultationsWithDatesInWordsAndTheResponseCount() {
        Document shown = Jsoup.parse(PageRequests.get(client, member, "/projects/" + project).bodyAsString());
        var row = shown.selectFirst("[data-live-section=consultations] tr:has(a:contains(Case for change))");
        assertTrue(row != null, shown.select("[data-live-section=consultations]").outerHtml());
        assertTrue(row.text().contains("Open"), row.text());
        assertTrue(row.text().matches(".*Closes \\w+day \\d{1,2} \\w+ \\d{4}, \\d{1,2}(:\\d{2})?(am|pm).*"), row.text());
        assertTrue(row.select("a:contains(Results)").isEmpty(), "members do not see the results");
    }

    @Test
    void anOrganiserSetsUpAConsultationThroughThePageAndARefusedFormKeepsWhatWasTyped() {
        LocalDate opens = LocalDate.now().plusDays(3);
        Map<String, String> form = new HashMap<>(Map.of("title", "", "opens-day", String.valueOf(opens.getDayOfMonth()),
            "opens-month", String.valueOf(opens.getMonthValue()), "opens-year", String.valueOf(opens.getYear()),
            "closes-day", String.valueOf(opens.plusDays(7).getDayOfMonth()), "closes-month", String.valueOf(opens.plusDays(7).getMonthValue()),
            "closes-year", String.valueOf(opens.plusDays(7).getYear()), "audience", "anyone-with-link", "q0-label", "Is it clear?",
            "q0-type", "rating"));
        HttpResponse<Buffer> refused = PageRequests.post(client, organiser, "/projects/" + project + "/consultations", form);
        assertEquals(400, refused.statusCode());
        Document shown = Jsoup.parse(refused.bodyAsString());
        assertEquals("#title", shown.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertEquals("Is it clear?", shown.selectFirst("input#q0-label").val());
        assertTrue(shown.selectFirst("#audience-anyone-with-link").hasAttr("checked"));

        form.put("title", "Set up on the page");
        HttpResponse<Buffer> made = PageRequests.post(client, organiser, "/projects/" + project + "/consultations", form);
        assertEquals(303, made.statusCode(), made.bodyAsString());
        Document created = Jsoup.parse(PageRequests.get(client, organiser, made.getHeader("Location")).bodyAsString());
        assertEquals("Set up on the page", created.selectFirst("h1").text());
        assertTrue(created.text().contains("Not open yet"), created.text());
        assertTrue(created.selectFirst("a[href^=/consultations/]") != null, "organisers see the public link");
    }

    @Test
    void aMemberAnswersOnThePageAndAMissingAnswerIsShownWithTheErrorSummary() {
        HttpResponse<Buffer> missing = PageRequests.post(client, member, page(), Map.of("a-why", "Nearer home"));
        assertEquals(400, missing.statusCode());
        Document shown = Jsoup.parse(missing.bodyAsString());
        assertEquals("#a-support", shown.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertEquals("Nearer home", shown.selectFirst("textarea#a-why").text());

        HttpResponse<Buffer> answered = PageRequests.post(client, member, page(), Map.of("a-support", "Yes", "a-why", "Nearer home"));
        assertEquals(303, answered.statusCode(), answered.bodyAsString());
        Document after = Jsoup.parse(PageRequests.get(client, member, answered.getHeader("Location")).bodyAsString());
        assertTrue(after.selectFirst("input#a-support-0").hasAttr("checked"), "your answer is shown to change");
        assertTrue(after.text().contains("Your response has been saved"), after.text());
    }

    @Test
    void theResultsPageShowsEachQuestionAsATable() {
        PageRequests.post(client, teamGuest, page(), Map.of("a-support", "No"));
        Document results = Jsoup.parse(PageRequests.get(client, organiser, page() + "/results").bodyAsString());
        var table = results.selectFirst("h2:contains(Do you support it?) + table");
        assertTrue(table != null, results.outerHtml());
        assertTrue(table.text().contains("No"), table.text());
        assertTrue(results.text().contains("Page Carer"), "named results say who answered");
    }
}
