package uk.nhs.hub.project;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * "Progress on current projects" over a network of networks: an open regional network with a private local
 * network (and a private one below that) and a private pilot network. Each reader sees exactly the projects
 * they may open, never a project or name from a network hidden from them, for the month they choose.
 */
class ProgressReportTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser regionMember;
    private static TestUser localMember;
    private static TestUser teamGuest;
    private static TestUser outsider;
    private static String region;
    private static String local;
    private static String secret;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Rhi Organiser");
        regionMember = TestUsers.create(client, "Reg Member");
        localMember = TestUsers.create(client, "Lou Local");
        teamGuest = TestUsers.create(client, "Tam Carer");
        outsider = TestUsers.create(client, "Oz Outsider");
        region = network("Yorkshire children's network", "progress-region", "open", null);
        local = network("Wakefield children's services", "progress-local", "private", region);
        String below = network("Pontefract clinics", "progress-below", "private", local);
        secret = network("Secret pilot network", "progress-secret", "private", region);
        api(HttpMethod.POST, "/api/networks/" + region + "/members", new JsonObject().put("email", regionMember.email()).put("role", "member"));
        api(HttpMethod.POST, "/api/networks/" + local + "/members", new JsonObject().put("email", localMember.email()).put("role", "member"));

        String regional = project(region, "Regional surgery and anaesthesia");
        update(regional, "2027-01", "Case for change drafted", "Sponsors named", "Take it to the boards");
        update(regional, "2027-03", "Heard at Wakefield", "Wakefield approved", "Consult the public");
        hearing(regional, "Wakefield CCG governing body", "2027-03-10", "approved");
        hearing(regional, "Mid Yorkshire trust board", "2027-03-15", "pending");
        hearing(regional, "Leeds CCG governing body", "2027-02-01", "deferred");
        api(HttpMethod.POST, "/api/projects/" + regional + "/decisions",
            new JsonObject().put("decision", "Commissioning decision").put("expected", "May 2027"));
        project(local, "Wakefield transfers");
        project(below, "Pontefract clinic hours");
        String pilot = project(secret, "Secret pilot project");
        api(HttpMethod.POST, "/api/projects/" + pilot + "/team",
            new JsonObject().put("accountId", teamGuest.id().toString()).put("roleTitle", "Carer representative"));
        String closed = project(region, "Closed long ago");
        api(HttpMethod.PATCH, "/api/projects/" + closed, new JsonObject().put("status", "closed").put("outcome", "Merged"));
    }

    private static String network(String name, String slug, String visibility, String parent) {
        return api(HttpMethod.POST, "/api/networks", new JsonObject().put("name", name).put("slug", slug)
            .put("visibility", visibility).put("parentId", parent)).getString("id");
    }

    private static String project(String network, String title) {
        return api(HttpMethod.POST, "/api/networks/" + network + "/projects", new JsonObject().put("title", title)).getString("id");
    }

    private static void update(String project, String period, String body, String achievement, String next) {
        api(HttpMethod.POST, "/api/projects/" + project + "/updates", new JsonObject().put("period", period).put("body", body)
            .put("achievements", new JsonArray().add(achievement)).put("nextSteps", new JsonArray().add(next)));
    }

    private static void hearing(String project, String board, String date, String outcome) {
        api(HttpMethod.POST, "/api/projects/" + project + "/hearings",
            new JsonObject().put("body", board).put("date", date).put("outcome", outcome));
    }

    private static JsonObject api(HttpMethod method, String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.request(method, path).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(body));
        assertTrue(response.statusCode() < 300, path + ": " + response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> report(TestUser as, String network, String month) {
        HttpRequest<Buffer> request = client.get("/api/networks/" + network + "/projects/progress"
            + (month == null ? "" : "?month=" + month));
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(request.send());
    }

    private static List<String> titles(HttpResponse<Buffer> response) {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("projects").stream()
            .map(p -> ((JsonObject) p).getString("title")).sorted().toList();
    }

    @Test
    void eachReaderSeesTheCurrentProjectsTheyMayOpenAndNothingFromNetworksHiddenFromThem() {
        assertEquals(List.of("Pontefract clinic hours", "Regional surgery and anaesthesia", "Secret pilot project",
            "Wakefield transfers"), titles(report(organiser, region, "2027-03")), "the organiser above sees the whole tree, closed projects left out");
        HttpResponse<Buffer> member = report(regionMember, region, "2027-03");
        assertEquals(List.of("Regional surgery and anaesthesia"), titles(member));
        for (String hidden : List.of("Secret", "Wakefield children", "Pontefract")) {
            assertFalse(member.bodyAsString().contains(hidden), hidden);
        }
        assertEquals(List.of("Wakefield transfers"), titles(report(localMember, region, "2027-03")),
            "a member of the local network sees its projects, not those of the private network below it");
        assertEquals(List.of("Secret pilot project"), titles(report(teamGuest, region, "2027-03")),
            "a project team guest sees only their project");
        assertEquals(List.of(), titles(report(outsider, region, "2027-03")));
        HttpResponse<Buffer> hidden = report(outsider, secret, "2027-03");
        HttpResponse<Buffer> missing = report(outsider, UUID.randomUUID().toString(), "2027-03");
        assertEquals(404, hidden.statusCode());
        assertEquals(missing.bodyAsJsonObject(), hidden.bodyAsJsonObject());
        assertEquals(401, report(null, region, "2027-03").statusCode());
    }

    @Test
    void theChosenMonthsUpdateOrTheLatestBeforeItMarkedAsSuchWithThatMonthsBoardDecisions() {
        JsonObject march = regional(report(organiser, region, "2027-03"));
        assertEquals("2027-03", march.getJsonObject("update").getString("period"));
        assertTrue(march.getJsonObject("update").getBoolean("forMonth"));
        assertEquals(new JsonArray().add("Wakefield approved"), march.getJsonObject("update").getJsonArray("achievements"));
        assertEquals(1, march.getJsonArray("hearings").size(), "pending hearings and other months' are left out");
        assertEquals("Wakefield CCG governing body", march.getJsonArray("hearings").getJsonObject(0).getString("body"));
        assertEquals("May 2027", march.getJsonObject("expectedDecision").getString("expected"));

        JsonObject february = regional(report(organiser, region, "2027-02"));
        assertEquals("2027-01", february.getJsonObject("update").getString("period"));
        assertFalse(february.getJsonObject("update").getBoolean("forMonth"));
        assertEquals("Leeds CCG governing body", february.getJsonArray("hearings").getJsonObject(0).getString("body"));

        assertNull(regional(report(organiser, region, "2026-12")).getJsonObject("update"));
        assertEquals(java.time.YearMonth.now(java.time.ZoneId.of("Europe/London")).toString(),
            report(organiser, region, null).bodyAsJsonObject().getString("month"), "this month when none is chosen");
        for (String bad : List.of("2027-13", "March", "2027-3", "1999-12")) {
            HttpResponse<Buffer> refused = report(organiser, region, bad);
            assertEquals(400, refused.statusCode(), bad);
            assertEquals("month", refused.bodyAsJsonObject().getJsonObject("error").getString("field"));
        }
    }

    private static JsonObject regional(HttpResponse<Buffer> response) {
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("projects").stream().map(JsonObject.class::cast)
            .filter(p -> p.getString("title").startsWith("Regional")).findFirst().orElseThrow();
    }

    /** The report is one statement over the subtree: 300 more networks, each with a project, change nothing but the rows. */
    @Test
    void oneStatementCoversAWholeSubtreeOfManyNetworks() {
        await(TestHub.get().pool().preparedQuery("""
            INSERT INTO networks (parent_id, name, slug, visibility)
            SELECT $1, 'Bulk network ' || i, 'progress-bulk-' || i, 'private' FROM generate_series(1, 300) i
            """).execute(Tuple.of(UUID.fromString(local))));
        await(TestHub.get().pool().query("""
            INSERT INTO projects (network_id, title, status)
            SELECT id, 'Bulk project', 'active' FROM networks WHERE slug LIKE 'progress-bulk-%'
            """).execute());
        try {
            List<String> titles = titles(report(organiser, region, "2027-03"));
            assertEquals(304, titles.size());
            assertEquals(1, titles(report(localMember, region, "2027-03")).size(), "a local member is not a member of the networks below");
            StringBuilder plan = new StringBuilder();
            LocalDate first = LocalDate.of(2027, 3, 1);
            await(TestHub.get().pool().preparedQuery("EXPLAIN ANALYZE " + ProjectProgress.REPORT).execute(Tuple.of(
                    UUID.fromString(region), organiser.id(), false, "2027-03", first, first.plusMonths(1))))
                .forEach(row -> plan.append(row.getString(0)).append('\n'));
            System.out.println("progress report over 304 networks: "
                + plan.substring(plan.indexOf("Execution Time")).trim());
        } finally {
            await(TestHub.get().pool().query("DELETE FROM projects WHERE title = 'Bulk project'").execute());
            await(TestHub.get().pool().query("DELETE FROM networks WHERE slug LIKE 'progress-bulk-%'").execute());
        }
    }

    @Test
    void theProgressPageHasAMonthPickerAPrintableVersionAndTheErrorSummaryForAMonthThatIsNot() {
        String base = "/networks/progress-region/projects/progress";
        HttpResponse<Buffer> march = PageRequests.get(client, organiser, base + "?month=3&year=2027");
        assertEquals(200, march.statusCode());
        String page = march.bodyAsString();
        assertTrue(page.contains("Progress on current projects: March 2027"), page);
        assertTrue(page.contains("Wakefield CCG governing body, 10 March 2027: Approved"), page);
        assertTrue(page.contains("Commissioning decision: expected May 2027"));
        assertTrue(page.contains("There is no progress update for March 2027 or before it."));
        assertTrue(page.contains("?month=2027-03&amp;print=1"));

        String february = PageRequests.get(client, organiser, base + "?month=2027-02").bodyAsString();
        assertTrue(february.contains("There is no update for February 2027. This is the latest before it, for January 2027."));

        HttpResponse<Buffer> print = PageRequests.get(client, organiser, base + "?month=2027-03&print=1");
        assertEquals(200, print.statusCode());
        assertFalse(print.bodyAsString().contains("nhsuk-header"), "the printable version is the report alone");
        assertTrue(print.bodyAsString().contains("Regional surgery and anaesthesia"));

        HttpResponse<Buffer> refused = PageRequests.get(client, organiser, base + "?month=13&year=2027");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("nhsuk-error-summary"));
        assertTrue(refused.bodyAsString().contains("value=\"13\""), "what was typed is kept");

        assertEquals(404, PageRequests.get(client, outsider, "/networks/progress-secret/projects/progress").statusCode());
        assertEquals(303, PageRequests.get(client, null, base).statusCode());
        String member = PageRequests.get(client, regionMember, base + "?month=2027-03").bodyAsString();
        assertFalse(member.contains("Secret pilot"));
    }
}
