package uk.nhs.hub.platform;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/**
 * The home and the thread page read a fixed number of statements however much there is to show: counted by the
 * database pool's count of connection uses around one request, first with a little data and then with much more.
 * The thread page's figure is a reader opening it again with nothing new: finding the first unread post is part of
 * the page's statement, and re-reading read posts with no unread notices writes nothing (issue 17; it was 11).
 */
class StatementsPerPageTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static String network;
    private static String thread;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Counting Organiser");
        member = TestUsers.create(client, "Counting Member");
        network = networkWithMember(0);
        thread = post(organiser, "/api/networks/" + network + "/threads",
            new JsonObject().put("title", "Counted thread").put("body", "Opening")).getString("id");
        post(organiser, "/api/networks/" + network + "/meetings", new JsonObject().put("title", "Counted huddle")
            .put("start", java.time.LocalDate.now().plusDays(1) + "T09:00").put("durationMinutes", 30).put("rrule", "FREQ=WEEKLY"));
        reply(3);
    }

    @Test
    void theHomeAndTheThreadPageReadAFixedNumberOfStatementsHoweverMuchThereIs() {
        List<Integer> small = counts();
        for (int i = 1; i <= 4; i++) {
            String other = networkWithMember(i);
            post(organiser, "/api/networks/" + other + "/threads", new JsonObject().put("title", "More " + i).put("body", "Opening"));
        }
        reply(60);
        List<Integer> large = counts();
        assertEquals(List.of(3, 4, 5, 8), small, "home API, home page, posts API, thread page with little data");
        assertEquals(small, large, "statements per request with little data, then with much more");
    }

    /** Statements for: the home API, the home page, the thread's posts API, the thread page. */
    private static List<Integer> counts() {
        List<Integer> counts = new ArrayList<>();
        counts.add(statements(c -> c.get("/api/me/home").putHeader("Authorization", member.bearer())));
        counts.add(statements(c -> c.get("/").putHeader("Cookie", member.cookieHeader())));
        counts.add(statements(c -> c.get("/api/threads/" + thread + "/posts?limit=50").putHeader("Authorization", member.bearer())));
        counts.add(statements(c -> c.get("/threads/" + thread).putHeader("Cookie", member.cookieHeader())));
        return counts;
    }

    /** The fewest statements one request took in three tries, so that a background job's statement is not counted. */
    private static int statements(Function<WebClient, HttpRequest<Buffer>> request) {
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            double before = sent();
            HttpResponse<Buffer> response = await(request.apply(client).send());
            assertEquals(200, response.statusCode(), response.bodyAsString());
            fewest = Math.min(fewest, (int) Math.round(sent() - before));
        }
        return fewest;
    }

    private static double sent() {
        double total = 0;
        for (Meter meter : TestHub.get().registry().getMeters()) {
            // each statement a page sends outside a transaction borrows a pooled connection once
            if (meter.getId().getName().equals("vertx.pool.completed") && "sql".equals(meter.getId().getTag("pool_type"))) {
                for (Measurement measurement : meter.measure()) {
                    if (measurement.getStatistic() == Statistic.COUNT) {
                        total += measurement.getValue();
                    }
                }
            }
        }
        return total;
    }

    private static String networkWithMember(int i) {
        String id = post(organiser, "/api/networks", new JsonObject().put("name", "Counting network " + i)
            .put("visibility", "request")).getString("id");
        post(organiser, "/api/networks/" + id + "/members", new JsonObject().put("email", member.email()).put("role", "member"));
        return id;
    }

    private static void reply(int replies) {
        for (int i = 0; i < replies; i++) {
            TestUser who = i % 2 == 0 ? member : organiser;
            post(who, "/api/threads/" + thread + "/posts", new JsonObject().put("body", "Reply " + i + " for @Counting"));
        }
    }

    private static JsonObject post(TestUser who, String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.post(path).putHeader("Authorization", who.bearer()).sendJsonObject(body));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }
}
