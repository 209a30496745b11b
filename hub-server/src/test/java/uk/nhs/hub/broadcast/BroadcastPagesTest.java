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
        String region = BroadcastApiTest.networkFor(client, lead, "Pages region", null);
        BroadcastApiTest.memberFor(client, lead, region, central, "central");
        String local = BroadcastApiTest.networkFor(client, lead, "Pages local", region);
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
}
