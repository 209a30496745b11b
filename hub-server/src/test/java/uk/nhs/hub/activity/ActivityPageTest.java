package uk.nhs.hub.activity;

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
import uk.nhs.hub.platform.DateTimeWords;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** A network's activity page: its last 12 months, for those who may see its members and nobody else. */
class ActivityPageTest {

    private static WebClient client;
    private static TestUser regionLead;
    private static TestUser central;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static String local;
    private static String localSlug;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        regionLead = TestUsers.create(client, "Activity Region Lead");
        central = TestUsers.create(client, "Activity Central");
        organiser = TestUsers.create(client, "Activity Organiser");
        member = TestUsers.create(client, "Activity Member");
        guest = TestUsers.create(client, "Activity Guest");
        outsider = TestUsers.create(client, "Activity Outsider");
        String region = network(regionLead, "Activity region", null);
        add(regionLead, region, central, "central");
        local = network(regionLead, "Activity local", region);
        add(regionLead, local, organiser, "organiser");
        add(regionLead, local, member, "member");
        add(regionLead, local, guest, "guest");
        localSlug = await(client.get("/api/networks/" + local).putHeader("Authorization", organiser.bearer()).send())
            .bodyAsJsonObject().getString("slug");

        HttpResponse<Buffer> thread = await(client.post("/api/networks/" + local + "/threads").putHeader("Authorization", member.bearer())
            .sendJsonObject(new JsonObject().put("title", "Waiting times").put("body", "How are yours?")));
        assertEquals(201, thread.statusCode(), thread.bodyAsString());

        ZonedDateTime starts = ZonedDateTime.now(DateTimeWords.READER).minusHours(2).truncatedTo(ChronoUnit.MINUTES);
        HttpResponse<Buffer> meeting = await(client.post("/api/networks/" + local + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Local huddle").put("durationMinutes", 30)
                .put("start", starts.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")))));
        assertEquals(201, meeting.statusCode(), meeting.bodyAsString());
        String start = starts.toInstant().toString();
        HttpResponse<Buffer> marked = await(client.put("/api/meetings/" + meeting.bodyAsJsonObject().getString("id") + "/occurrences/"
                + start + "/attendance").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("marks", new JsonArray().add(new JsonObject().put("userId", member.id().toString())
                .put("mark", "attended")))));
        assertEquals(200, marked.statusCode(), marked.bodyAsString());

        JsonObject feedback = new JsonObject().put("mode", "network").put("questions", new JsonArray()
            .add(new JsonObject().put("id", "ok").put("type", "risk").put("label", "Any local risk?").put("required", false)));
        HttpResponse<Buffer> sent = await(client.post("/api/broadcasts").putHeader("Authorization", central.bearer())
            .sendJsonObject(new JsonObject().put("networkId", region).put("title", "Activity guidance").put("body", "Read me")
                .put("feedback", feedback).put("targets", new JsonObject().put("networkIds", new JsonArray().add(local)))));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        HttpResponse<Buffer> responded = await(client.post("/api/broadcasts/" + sent.bodyAsJsonObject().getString("id") + "/responses")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("networkId", local)
                .put("answers", new JsonObject().put("ok", false)).put("submit", true)));
        assertEquals(201, responded.statusCode(), responded.bodyAsString());
    }

    private static String network(TestUser by, String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("visibility", "open");
        if (parent != null) {
            body.put("parentId", parent);
        }
        HttpResponse<Buffer> created = await(client.post("/api/networks").putHeader("Authorization", by.bearer()).sendJsonObject(body));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static void add(TestUser by, String network, TestUser who, String role) {
        HttpResponse<Buffer> added = await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", by.bearer())
            .sendJsonObject(new JsonObject().put("email", who.email()).put("role", role)));
        assertEquals(201, added.statusCode(), added.bodyAsString());
    }

    @Test
    void onlyItsMembersAndThoseAboveSeeANetworksActivityAndToOthersItDoesNotExist() {
        String path = "/networks/" + localSlug + "/activity";
        List<TestUser> callers = new ArrayList<>(List.of(organiser, member, central, guest, outsider));
        callers.add(null);
        List<Integer> statuses = new ArrayList<>();
        for (TestUser caller : callers) {
            statuses.add(PageRequests.get(client, caller, path).statusCode());
        }
        //         organiser member central-above guest outsider signed-out
        assertEquals(List.of(200, 200, 200, 404, 404, 303), statuses);
        assertEquals(404, PageRequests.get(client, member, "/networks/no-such-network/activity").statusCode());
    }

    @Test
    void theNetworkPageLinksToItsActivityOnlyForThoseWhoMaySeeIt() {
        String link = "href=\"/networks/" + localSlug + "/activity\"";
        assertTrue(PageRequests.get(client, member, "/networks/" + localSlug).bodyAsString().contains(link));
        assertTrue(!PageRequests.get(client, outsider, "/networks/" + localSlug).bodyAsString().contains(link));
    }

    @Test
    void theChartCountsPostsAttendancesAndResponsesOverTwelveMonths() {
        String html = PageRequests.get(client, member, "/networks/" + localSlug + "/activity").bodyAsString();
        assertTrue(html.contains("id=\"chart-activity-svg\"") && html.contains("role=\"img\""), html);
        assertTrue(html.contains("1 posts in its discussions, 1 meeting attendances by its people and 1 broadcast responses."), html);
        String thisMonth = DateTimeWords.month(LocalDate.now(DateTimeWords.READER).withDayOfMonth(1));
        assertTrue(html.contains("data-category=\"" + thisMonth + "\" data-series=\"Posts\" data-value=\"1\""), "this month's post");
        assertEquals(12, html.split("data-series=\"Posts\"", -1).length - 1, "twelve months");
        assertTrue(html.contains("<th class=\"nhsuk-table__header\" scope=\"row\">" + thisMonth + "</th>"), "the same figures in the table");
    }
}
