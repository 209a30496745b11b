package uk.nhs.hub.broadcast;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The dashboard's charts: drawn from the summary's own figures, over time against the deadline. */
class BroadcastChartsTest {

    private static WebClient client;
    private static String region;
    private static String local;
    private static TestUser central;
    private static TestUser recipient;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        TestUser lead = TestUsers.create(client, "Charts Lead");
        central = TestUsers.create(client, "Charts Central");
        recipient = TestUsers.create(client, "Charts Recipient");
        region = BroadcastApiTest.networkFor(client, lead, "Charts region", null);
        BroadcastApiTest.memberFor(client, lead, region, central, "central");
        local = BroadcastApiTest.networkFor(client, lead, "Charts local", region);
        BroadcastApiTest.networkFor(client, lead, "Charts other", region);
        BroadcastApiTest.memberFor(client, lead, local, recipient, "organiser");
    }

    private static BroadcastSummary.Target target(UUID id) {
        return new BroadcastSummary.Target(id, "Network " + id, "n", 1);
    }

    @Test
    void theTimelineCountsNetworksByTheEndOfEachUkDay() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        Map<UUID, Instant> acks = Map.of(a, Instant.parse("2026-06-02T09:00:00Z"),
            // half past midnight in London (summer time): the next day there
            b, Instant.parse("2026-06-03T23:30:00Z"));
        List<BroadcastSummary.Response> responses = List.of(
            new BroadcastSummary.Response(a, new JsonObject(), Instant.parse("2026-06-03T12:00:00Z")),
            new BroadcastSummary.Response(a, new JsonObject(), Instant.parse("2026-06-03T13:00:00Z")));
        JsonArray timeline = BroadcastSummary.timeline(List.of(target(a), target(b), target(c)), acks, responses, true,
            Instant.parse("2026-06-01T09:00:00Z"), Instant.parse("2026-06-04T12:00:00Z"));
        assertEquals(List.of("2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04"),
            timeline.stream().map(o -> ((JsonObject) o).getString("date")).toList());
        assertEquals(List.of(0, 1, 1, 2), timeline.stream().map(o -> ((JsonObject) o).getInteger("acknowledged")).toList());
        assertEquals(List.of(0, 0, 1, 1), timeline.stream().map(o -> ((JsonObject) o).getInteger("responded")).toList(),
            "a network responding twice counts once");
    }

    @Test
    void aLongRunningBroadcastsTimelineKeepsTheLatestDaysOnly() {
        JsonArray timeline = BroadcastSummary.timeline(List.of(), Map.of(), List.of(), false,
            Instant.parse("2025-01-01T09:00:00Z"), Instant.parse("2026-06-04T12:00:00Z"));
        assertEquals(BroadcastSummary.TIMELINE_DAYS, timeline.size());
        assertEquals("2026-06-04", timeline.getJsonObject(timeline.size() - 1).getString("date"));
        assertFalse(timeline.getJsonObject(0).containsKey("responded"), "no responses are asked for");
    }

    @Test
    void theDashboardDrawsAcknowledgementsOverTimeAgainstTheDeadlineAndEachQuestionsAnswers() {
        JsonObject feedback = new JsonObject().put("mode", "network").put("questions", new JsonArray()
            .add(new JsonObject().put("id", "risk").put("type", "risk").put("label", "Is this a local risk?").put("required", false)));
        HttpResponse<Buffer> sent = await(client.post("/api/broadcasts").putHeader("Authorization", central.bearer())
            .sendJsonObject(new JsonObject().put("networkId", region).put("title", "Charted guidance").put("body", "Read me")
                .put("feedback", feedback).put("targets", new JsonObject().put("networkIds", new JsonArray().add(region))
                    .put("includeDescendants", true))));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        String id = sent.bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> responded = await(client.post("/api/broadcasts/" + id + "/responses").putHeader("Authorization", recipient.bearer())
            .sendJsonObject(new JsonObject().put("networkId", local).put("answers", new JsonObject().put("risk", true)).put("submit", true)));
        assertEquals(201, responded.statusCode(), responded.bodyAsString());
        assertEquals(200, await(client.post("/api/broadcasts/" + id + "/ack").putHeader("Authorization", recipient.bearer())
            .sendJsonObject(new JsonObject())).statusCode());
        // sent three days ago, due yesterday at noon
        await(TestHub.get().pool().preparedQuery("""
            UPDATE broadcasts SET created_at = now() - interval '3 days',
                deadline = date_trunc('day', now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London' - interval '12 hours'
            WHERE id = $1""").execute(Tuple.of(UUID.fromString(id))));

        JsonObject summary = await(client.get("/api/broadcasts/" + id + "/summary").putHeader("Authorization", central.bearer()).send())
            .bodyAsJsonObject();
        JsonArray timeline = summary.getJsonArray("timeline");
        assertEquals(4, timeline.size(), timeline.encode());
        assertEquals(0, timeline.getJsonObject(0).getInteger("acknowledged"));
        assertEquals(0, timeline.getJsonObject(0).getInteger("responded"));
        assertEquals(1, timeline.getJsonObject(3).getInteger("acknowledged"));
        assertEquals(1, timeline.getJsonObject(3).getInteger("responded"));

        String html = PageRequests.get(client, central, "/broadcasts/" + id + "/dashboard").bodyAsString();
        assertTrue(html.contains("id=\"chart-over-time-svg\"") && html.contains("role=\"img\""), "the chart is drawn");
        assertTrue(html.contains(">Networks that had acknowledged and responded, by day</title>"));
        assertTrue(html.contains(">Deadline</text>"), "the deadline is marked");
        assertTrue(html.contains("A dashed red rule marks it."), "and said in the description");
        assertTrue(html.contains("data-chart-table=\"chart-over-time\""), "the same figures as a table");
        assertTrue(html.contains("data-series=\"Acknowledged\" data-value=\"1\""));
        assertTrue(html.contains("id=\"chart-levels-svg\""), "rates by level");
        assertTrue(html.contains(">Answers to: Is this a local risk?</title>"), "each question's distribution");
        assertTrue(html.contains("data-category=\"Yes, a local risk\" data-series=\"Answers\" data-value=\"1\""));
        assertFalse(html.contains("style=\""), "no inline styles for the content security policy to block");
    }
}
