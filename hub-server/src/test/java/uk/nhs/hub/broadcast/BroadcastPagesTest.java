package uk.nhs.hub.broadcast;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The broadcast pages as a browser uses them: who may open and post each one. */
class BroadcastPagesTest {

    private static WebClient client;
    private static String region;
    private static String local;
    private static TestUser central;
    private static TestUser recipient;
    private static TestUser bystander;
    private static String broadcast;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        TestUser lead = TestUsers.create(client, "Pages Lead");
        central = TestUsers.create(client, "Pages Central");
        recipient = TestUsers.create(client, "Pages Recipient");
        bystander = TestUsers.create(client, "Pages Bystander");
        region = BroadcastApiTest.networkFor(client, lead, "Pages region", null);
        BroadcastApiTest.memberFor(client, lead, region, central, "central");
        local = BroadcastApiTest.networkFor(client, lead, "Pages local", region);
        String other = BroadcastApiTest.networkFor(client, lead, "Pages other", region);
        BroadcastApiTest.memberFor(client, lead, local, recipient, "organiser");
        BroadcastApiTest.memberFor(client, lead, other, bystander, "member");
        broadcast = await(client.post("/api/broadcasts").putHeader("Authorization", central.bearer()).sendJsonObject(new JsonObject()
                .put("networkId", region).put("title", "Pages guidance").put("body", "Read me")
                .put("targets", new JsonObject().put("networkIds", new JsonArray().add(local)))))
            .bodyAsJsonObject().getString("id");
    }

    private static HttpResponse<Buffer> get(TestUser as, String path) {
        return PageRequests.get(client, as, path);
    }

    private static HttpResponse<Buffer> api(TestUser as, String path, JsonObject body) {
        return await(client.post(path).putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    private static HttpResponse<Buffer> post(TestUser as, String path) {
        return PageRequests.post(client, as, path, Map.of());
    }



    @Test
    void eachPageAnswersTheCentreRecipientsAndOthersAsTheRulesSay() {
        String base = "/broadcasts/" + broadcast;
        record Case(String name, boolean isPost, String path, List<Integer> expected) {
        }
        //                                                             central recipient bystander signed-out
        List<Case> cases = List.of(
            new Case("list", false, "/broadcasts", List.of(200, 200, 200, 303)),
            new Case("compose", false, "/broadcasts/new", List.of(200, 403, 403, 303)),
            new Case("read", false, base, List.of(200, 200, 404, 303)),
            new Case("dashboard", false, base + "/dashboard", List.of(200, 403, 404, 303)),
            new Case("dashboard, sorted and filtered", false, base + "/dashboard?sort=acknowledged&show=not-acknowledged",
                List.of(200, 403, 404, 303)),
            new Case("new version form", false, base + "/versions/new", List.of(200, 403, 404, 303)),
            new Case("acknowledge", true, base + "/ack", List.of(403, 303, 404, 403)),
            new Case("chase", true, base + "/chase", List.of(303, 403, 404, 403)));
        List<TestUser> callers = new ArrayList<>(List.of(central, recipient, bystander));
        callers.add(null);
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        for (Case c : cases) {
            expected.put(c.name(), c.expected());
            List<Integer> statuses = new ArrayList<>();
            for (TestUser caller : callers) {
                statuses.add((c.isPost() ? post(caller, c.path()) : get(caller, c.path())).statusCode());
            }
            actual.put(c.name(), statuses);
        }
        assertEquals(expected, actual);
    }

    @Test
    void eachTargetNetworkHasItsOwnDiscussionOfTheBroadcast() {
        HttpResponse<Buffer> page = get(recipient, "/broadcasts/" + broadcast);
        String link = page.bodyAsString().replaceAll("(?s).*href=\"(/broadcasts/[^\"]+/discussion\\?network=[^\"]+)\".*", "$1");
        HttpResponse<Buffer> first = get(recipient, link);
        HttpResponse<Buffer> again = get(recipient, link);
        assertEquals(303, first.statusCode(), first.bodyAsString());
        assertTrue(first.getHeader("Location").startsWith("/threads/"));
        assertEquals(first.getHeader("Location"), again.getHeader("Location"), "opened once, then reused");
        assertTrue(get(recipient, first.getHeader("Location")).bodyAsString().contains("Broadcast: Pages guidance"));
        assertEquals(404, get(bystander, link).statusCode(), "not for networks it was not sent to");
    }

    // ---- compose, check, send -------------------------------------------------------------------------------

    private static Map<String, String> composed(String title) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("from", region);
        form.put("title", title);
        form.put("body", "Read the **new** pathway");
        form.put("target", region);
        form.put("includeDescendants", "true");
        form.put("feedbackMode", "none");
        form.put("questionCount", "2");
        form.put("action", "send");
        return form;
    }

    private static long sentWithTitle(String title) {
        return BroadcastApiTest.count("SELECT count(*) FROM broadcast_versions WHERE title = $1", title);
    }

    @Test
    void theComposeFormListsEveryErrorAtOnceAndKeepsWhatWasTyped() {
        Map<String, String> form = composed("");
        form.put("body", "");
        form.remove("target");
        form.put("deadline-day", "31");
        form.put("deadline-month", "2");
        form.put("deadline-year", "2027");
        form.put("attachments", "Leaflet without an address");
        HttpResponse<Buffer> page = PageRequests.post(client, central, "/broadcasts", form);
        assertEquals(400, page.statusCode());
        String html = page.bodyAsString();
        String summary = html.substring(html.indexOf("nhsuk-error-summary"), html.indexOf("</ul>", html.indexOf("nhsuk-error-summary")));
        List<String> linked = new ArrayList<>();
        java.util.regex.Matcher href = java.util.regex.Pattern.compile("href=\"#([\\w-]+)\"").matcher(summary);
        while (href.find()) {
            linked.add(href.group(1));
        }
        assertEquals(List.of("title", "body", "attachments", "deadline", "targets"), linked, "every error, in page order");
        assertTrue(html.contains("Leaflet without an address"), "what was typed is kept");
        assertTrue(html.contains("id=\"deadline-day\" name=\"deadline-day\" type=\"text\" inputmode=\"numeric\" value=\"31\""),
            "what was typed is kept, in the NHS.UK date input");
        assertTrue(!html.contains("type=\"date\""), "no browser date picker, which shows mm/dd/yyyy in some browsers");
    }

    @Test
    void continuingShowsTheCheckPageWithTheNetworksAndPeopleAndSendsNothing() {
        Map<String, String> form = composed("Checked guidance");
        form.put("deadline-day", "31");
        form.put("deadline-month", "1");
        form.put("deadline-year", "2031");
        HttpResponse<Buffer> check = PageRequests.post(client, central, "/broadcasts", form);
        assertEquals(200, check.statusCode(), check.bodyAsString());
        String html = check.bodyAsString();
        // Every network inside the region, resolved now; four people in them, the region's organiser counted once.
        assertTrue(html.contains("You are about to send this to 3 networks, 4 people. They will be emailed."), html);
        assertTrue(html.contains("<li>Pages local</li>") && html.contains("<li>Pages other</li>"), "the networks are listed");
        assertTrue(html.contains("31 January 2031"), "the deadline typed in the date input, in words");
        assertEquals(0, sentWithTitle("Checked guidance"), "nothing is sent before it is confirmed");
    }

    @Test
    void changeGoesBackToTheFormWithEverythingKept() {
        Map<String, String> form = composed("Changed guidance");
        form.put("action", "change");
        HttpResponse<Buffer> page = PageRequests.post(client, central, "/broadcasts", form);
        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("<h1>Send a broadcast</h1>"));
        assertTrue(page.bodyAsString().contains("value=\"Changed guidance\""));
        assertTrue(page.bodyAsString().contains("Read the **new** pathway"));
        assertTrue(page.bodyAsString().matches("(?s).*id=\"includeDescendants\"[^>]* checked.*"), "the choice to include every network inside is kept");
        assertEquals(0, sentWithTitle("Changed guidance"));
    }

    @Test
    void onlyConfirmingOnTheCheckPageSendsToEveryNetworkInside() {
        Map<String, String> form = composed("Confirmed guidance");
        form.put("action", "confirm");
        HttpResponse<Buffer> sent = PageRequests.post(client, central, "/broadcasts", form);
        assertEquals(303, sent.statusCode(), sent.bodyAsString());
        assertTrue(sent.getHeader("Location").endsWith("/dashboard?done=sent"));
        assertEquals(1, sentWithTitle("Confirmed guidance"));
        assertEquals(3, BroadcastApiTest.count("SELECT count(*) FROM broadcast_targets t JOIN broadcast_versions v "
            + "ON v.broadcast_id = t.broadcast_id WHERE v.title = 'Confirmed guidance'"), "the region and both networks inside");
    }

    @Test
    void onlyTheCentralTeamReachesTheCheckPage() {
        List<TestUser> callers = new ArrayList<>(List.of(central, recipient, bystander));
        callers.add(null);
        List<Integer> statuses = new ArrayList<>();
        for (TestUser caller : callers) {
            statuses.add(PageRequests.post(client, caller, "/broadcasts", composed("Who checks")).statusCode());
        }
        // The region is private: to people outside it, sending from it answers as if it did not exist.
        //                      central recipient bystander signed-out
        assertEquals(List.of(200, 404, 404, 403), statuses);
        assertEquals(0, sentWithTitle("Who checks"));
    }

    // ---- the dashboard --------------------------------------------------------------------------------------

    private static String withRisk(String title) {
        JsonObject feedback = new JsonObject().put("mode", "network").put("questions", new JsonArray()
            .add(new JsonObject().put("id", "risk").put("type", "risk").put("label", "Is this a local risk?").put("required", false))
            .add(new JsonObject().put("id", "why").put("type", "text").put("label", "What is happening locally?").put("required", false)));
        HttpResponse<Buffer> sent = api(central, "/api/broadcasts", new JsonObject().put("networkId", region)
            .put("title", title).put("body", "Read me").put("feedback", feedback)
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(region)).put("includeDescendants", true)));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        return sent.bodyAsJsonObject().getString("id");
    }

    @Test
    void theDashboardPutsFlaggedRisksNearTheTopWithWhatEachNetworkWrote() {
        String id = withRisk("Risky guidance");
        HttpResponse<Buffer> responded = api(recipient, "/api/broadcasts/" + id + "/responses", new JsonObject()
            .put("networkId", local).put("answers", new JsonObject().put("risk", true).put("why", "Two radiologists leave in March"))
            .put("submit", true));
        assertEquals(201, responded.statusCode(), responded.bodyAsString());
        String html = get(central, "/broadcasts/" + id + "/dashboard").bodyAsString();
        int flags = html.indexOf("Local risks flagged");
        int words = html.indexOf("Two radiologists leave in March");
        assertTrue(flags > 0 && words > flags, "the flag carries what the network wrote");
        assertTrue(words < html.indexOf("<h2>Overdue</h2>") && words < html.indexOf("id=\"networks\""),
            "after the headline figures, before the tables");
        assertTrue(html.indexOf("networks have acknowledged") < flags, "the headline figures come first");
    }

    @Test
    void theNetworksTableSortsByStatusAndShowsOnlyThoseNotYetAcknowledged() {
        String id = withRisk("Sorted guidance");
        assertEquals(200, api(recipient, "/api/broadcasts/" + id + "/ack", new JsonObject()).statusCode());
        String dashboard = "/broadcasts/" + id + "/dashboard";
        String all = get(central, dashboard).bodyAsString();
        assertTrue(all.indexOf(">Pages local<") < all.indexOf(">Pages other<"), "tree order by default");
        assertTrue(!all.contains("aria-sort=\"ascending\"><a href=\"" + dashboard + "?sort=acknowledged"));

        String sorted = get(central, dashboard + "?sort=acknowledged").bodyAsString();
        assertTrue(sorted.indexOf("Pages other</td>") < sorted.indexOf("Pages local</td>"), "not yet acknowledged first");
        assertTrue(sorted.contains("aria-sort=\"ascending\"><a href=\"" + dashboard + "?sort=acknowledged&amp;show=all#networks\""),
            "the sorted column says so");

        String notYet = get(central, dashboard + "?show=not-acknowledged").bodyAsString();
        assertTrue(notYet.contains("Pages other</td>"));
        assertTrue(!notYet.contains("Pages local</td>"), "a network that has acknowledged is not shown");
        String notResponded = get(central, dashboard + "?show=not-responded").bodyAsString();
        assertTrue(notResponded.contains("Pages local</td>") && notResponded.contains("Pages other</td>"));
        assertEquals(200, get(central, dashboard + "?sort=nonsense&show=nonsense").statusCode(), "unknown choices fall back");
    }
}
