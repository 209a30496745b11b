package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
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
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** {@code /metrics} after real activity: route-template labels, the hub's own counters and gauges, no raw ids. */
class MetricsTest {

    private static final Pattern UUID_LIKE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser central;
    private static TestUser member;
    private static String region;
    private static String local;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Region Organiser");
        central = TestUsers.create(client, "Central Lead");
        member = TestUsers.create(client, "Local Member");
        region = network("Metrics region", null);
        addMember(region, central, "central");
        local = network("Metrics local", region);
        addMember(local, member, "member");
    }

    private static String network(String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("slug", name.toLowerCase().replace(' ', '-'))
            .put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        HttpResponse<Buffer> created = post(organiser, "/api/networks", body);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static void addMember(String networkId, TestUser who, String role) {
        HttpResponse<Buffer> added = post(organiser, "/api/networks/" + networkId + "/members",
            new JsonObject().put("email", who.email()).put("role", role));
        assertEquals(201, added.statusCode(), added.bodyAsString());
    }

    private static HttpResponse<Buffer> post(TestUser as, String path, JsonObject body) {
        return await(client.post(path).putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    static String scrape() {
        HttpResponse<Buffer> response = await(TestHub.get().client().get("/metrics").send());
        assertEquals(200, response.statusCode());
        return response.bodyAsString();
    }

    /** The value of the first series of {@code name} whose labels include every one of {@code labels}. */
    static OptionalDouble value(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                return OptionalDouble.of(Double.parseDouble(m.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    private static double valueOrZero(String text, String name, String... labels) {
        return value(text, name, labels).orElse(0);
    }

    @Test
    void httpMetricsAreLabelledWithTheRouteTemplateAndNeverARawId() {
        HttpResponse<Buffer> thread = post(member, "/api/networks/" + local + "/threads",
            new JsonObject().put("title", "Waiting times").put("body", "How are your waiting times?"));
        assertEquals(201, thread.statusCode(), thread.bodyAsString());
        String threadId = thread.bodyAsJsonObject().getString("id");
        assertEquals(201, post(member, "/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Better")).statusCode());
        await(client.get("/api/threads/" + threadId).putHeader("Authorization", member.bearer()).send());
        String unknown = java.util.UUID.randomUUID().toString();
        assertEquals(404, await(client.get("/api/threads/" + unknown).putHeader("Authorization", member.bearer()).send())
            .statusCode());
        assertEquals(404, await(client.get("/no-such-page/" + unknown).send()).statusCode());

        String text = scrape();
        assertTrue(value(text, "vertx_http_server_requests_total", "route=\"/api/threads/:threadId/posts\"", "method=\"POST\"",
            "code=\"201\"").isPresent(), series(text, "vertx_http_server_requests_total"));
        assertTrue(value(text, "vertx_http_server_response_time_seconds_count",
            "route=\"/api/networks/:id/threads\"").isPresent(), series(text, "vertx_http_server_response_time_seconds_count"));
        Matcher id = UUID_LIKE.matcher(text);
        assertFalse(id.find(), () -> "a raw id in /metrics: " + text.lines().filter(l -> UUID_LIKE.matcher(l).find())
            .findFirst().orElse(""));
        assertFalse(text.contains(threadId));
    }

    @Test
    void postsAndSubmittedBroadcastResponsesAreCounted() {
        String before = scrape();
        HttpResponse<Buffer> thread = post(member, "/api/networks/" + local + "/threads",
            new JsonObject().put("title", "Counting").put("body", "The opening post"));
        String threadId = thread.bodyAsJsonObject().getString("id");
        assertEquals(201, post(member, "/api/threads/" + threadId + "/posts", new JsonObject().put("body", "A reply")).statusCode());
        HttpResponse<Buffer> sent = post(central, "/api/broadcasts", new JsonObject().put("networkId", region)
            .put("title", "Faster diagnosis").put("body", "Please tell us")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(local)).put("includeDescendants", false))
            .put("feedback", new JsonObject().put("mode", "individual").put("anonymous", false).put("questions", new JsonArray()
                .add(new JsonObject().put("id", "ready").put("type", "single").put("label", "Are you ready?")
                    .put("options", new JsonArray().add("Yes").add("No"))))));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        String broadcastId = sent.bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> responded = post(member, "/api/broadcasts/" + broadcastId + "/responses",
            new JsonObject().put("answers", new JsonObject().put("ready", "Yes")));
        assertEquals(201, responded.statusCode(), responded.bodyAsString());

        String after = scrape();
        assertEquals(2, valueOrZero(after, "hub_posts_total") - valueOrZero(before, "hub_posts_total"), 0.001,
            "the thread's opening post and the reply");
        assertEquals(1, valueOrZero(after, "hub_broadcast_responses_total")
            - valueOrZero(before, "hub_broadcast_responses_total"), 0.001);
    }

    @Test
    void outboxBacklogAndTheAgeOfItsOldestMessageAreGauged() {
        await(TestHub.get().pool().query("DELETE FROM outbox").execute());
        await(TestHub.get().pool().query("""
            INSERT INTO outbox (to_address, subject, body, created_at)
            VALUES ('a@test.nhs.uk', 'Old', 'Waiting', now() - interval '10 minutes'),
                   ('b@test.nhs.uk', 'New', 'Waiting', now())
            """).execute());
        JsonObject snapshot = await(TestHub.get().hub().health().refresh());

        String text = scrape();
        assertEquals(2, value(text, "hub_outbox_pending").orElseThrow(), 0.001);
        assertTrue(value(text, "hub_outbox_oldest_pending_age_seconds").orElseThrow() >= 600, text);
        assertEquals(1, value(text, "hub_database_ready").orElseThrow(), 0.001);
        assertEquals(2, snapshot.getJsonObject("outbox").getLong("pending"));
        assertTrue(snapshot.getJsonObject("outbox").getLong("oldestPendingAgeSeconds") >= 600, snapshot.encode());
        assertTrue(snapshot.getJsonObject("database").getBoolean("ready"));
        await(TestHub.get().pool().query("DELETE FROM outbox").execute());
        await(TestHub.get().hub().health().refresh());
        assertEquals(0, value(scrape(), "hub_outbox_oldest_pending_age_seconds").orElseThrow(), 0.001);
    }

    @Test
    void scheduledJobRunsAndFailuresAreCountedPerJob() {
        String before = scrape();
        for (String job : List.of("outbox", "digests", "meeting-reminders", "consultation-opening")) {
            assertTrue(value(before, "hub_job_runs_total", "job=\"" + job + "\"").isPresent(), job + " is watched");
        }
        JobRuns outbox = TestHub.get().hub().metrics().job("outbox");
        await(outbox.record(() -> TestHub.get().hub().outbox().deliverDue()));
        outbox.record(() -> Future.failedFuture(new IllegalStateException("mail server refused")));

        String after = scrape();
        assertEquals(2, valueOrZero(after, "hub_job_runs_total", "job=\"outbox\"")
            - valueOrZero(before, "hub_job_runs_total", "job=\"outbox\""), 0.001);
        assertEquals(1, valueOrZero(after, "hub_job_failures_total", "job=\"outbox\"")
            - valueOrZero(before, "hub_job_failures_total", "job=\"outbox\""), 0.001);
        JsonObject jobs = TestHub.get().hub().health().snapshot().getJsonObject("jobs");
        assertEquals("mail server refused", jobs.getJsonObject("outbox").getString("lastFailure"));
    }

    @Test
    void liveConnectionsCountOpenBridgeSockets() {
        double before = value(scrape(), "hub_live_connections").orElseThrow();
        WebSocketClient sockets = TestHub.get().vertx().createWebSocketClient();
        WebSocket socket = await(sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
            .setPort(TestHub.get().port()).setURI("/eventbus/websocket")
            .addHeader("Cookie", member.cookieHeader()).addHeader("Origin", TestHub.originOf(TestHub.get().port()))));
        try {
            assertEquals(before + 1, value(scrape(), "hub_live_connections").orElseThrow(), 0.001);
            assertEquals((int) before + 1, TestHub.get().hub().health().snapshot().getInteger("liveConnections"));
        } finally {
            await(socket.close());
            await(sockets.close());
        }
    }

    private static String series(String text, String name) {
        return String.join("\n", text.lines().filter(l -> l.startsWith(name)).limit(40).toList());
    }
}
