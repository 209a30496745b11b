package uk.nhs.hub.home;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.notification.Notifications.Kind;
import uk.nhs.hub.notification.Notifications.Notice;
import uk.nhs.hub.platform.Outbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The home through the real API: each kind of thing that needs a person is made the way people make it, and
 * shows on the home of the person it waits for and of nobody else.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HomeApiTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser central;
    private static TestUser outsider;
    private static TestUser guest;
    private static String region;
    private static String network;
    private static String meeting;
    private static String firstDate;
    private static String broadcast;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Home Organiser");
        member = TestUsers.create(client, "Home Member");
        central = TestUsers.create(client, "Home Central");
        outsider = TestUsers.create(client, "Home Outsider");
        guest = TestUsers.create(client, "Home Guest");
        region = created(post(organiser, "/api/networks", new JsonObject().put("name", "Home region").put("visibility", "private")));
        network = created(post(organiser, "/api/networks", new JsonObject().put("name", "Home network")
            .put("visibility", "request").put("parentId", region)));
        member(region, central, "central");
        member(network, member, "member");
        member(network, guest, "guest");
        await(client.patch("/api/networks/" + network).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("allowGuestNominations", true)));

        LocalDateTime inThreeDays = LocalDate.now(LONDON).plusDays(3).atTime(10, 0);
        firstDate = inThreeDays.atZone(LONDON).toInstant().toString();
        meeting = created(post(organiser, "/api/networks/" + network + "/meetings", new JsonObject()
            .put("title", "Home programme board").put("start", inThreeDays.toString().substring(0, 16))
            .put("durationMinutes", 60).put("guestAllowance", 2)));
    }

    private static HttpResponse<Buffer> post(TestUser as, String path, JsonObject body) {
        return await(client.post(path).putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    private static String created(HttpResponse<Buffer> response) {
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getString("id");
    }

    private static void member(String networkId, TestUser who, String role) {
        assertEquals(201, post(organiser, "/api/networks/" + networkId + "/members",
            new JsonObject().put("email", who.email()).put("role", role)).statusCode());
    }

    private static JsonObject home(TestUser as) {
        HttpResponse<Buffer> response = await(client.get("/api/me/home").putHeader("Authorization", as.bearer()).send());
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static List<String> kinds(JsonObject home) {
        return home.getJsonArray("needsYou").stream().map(item -> ((JsonObject) item).getString("kind")).toList();
    }

    private static JsonObject need(JsonObject home, String kind) {
        return home.getJsonArray("needsYou").stream().map(JsonObject.class::cast)
            .filter(item -> kind.equals(item.getString("kind"))).findFirst().orElse(null);
    }

    private static String sendBroadcast(String title, String mode, Instant deadline) {
        JsonObject body = new JsonObject().put("networkId", region).put("title", title).put("body", "Please read it.")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(network)).put("includeDescendants", false));
        if (mode != null) {
            body.put("feedback", new JsonObject().put("mode", mode).put("anonymous", false).put("questions", new JsonArray()
                .add(new JsonObject().put("id", "comments").put("type", "text").put("label", "Comments"))));
        }
        if (deadline != null) {
            body.put("deadline", deadline.toString());
        }
        return created(post(central, "/api/broadcasts", body));
    }

    @Test
    @Order(1)
    void eachKindOfThingWaitingShowsOnlyOnTheHomeOfThePersonItWaitsFor() {
        Instant deadline = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        broadcast = sendBroadcast("Winter pressures guidance", "network", deadline);
        assertEquals(201, post(organiser, "/api/meetings/" + meeting + "/occurrences/" + firstDate + "/items",
            new JsonObject().put("kind", "action").put("text", "Circulate the audit template")
                .put("ownerUserId", member.id().toString())).statusCode());
        assertEquals(202, post(outsider, "/api/networks/" + network + "/join", new JsonObject()).statusCode());
        assertEquals(201, post(member, "/api/networks/" + network + "/guest-nominations", new JsonObject()
            .put("name", "Sam Nominee").put("email", TestUsers.uniqueEmail("sam")).put("reason", "Chairs the board")).statusCode());
        assertEquals(201, post(member, "/api/meetings/" + meeting + "/occurrences/" + firstDate + "/guests", new JsonObject()
            .put("name", "Alex Visitor").put("email", TestUsers.uniqueEmail("alex")).put("reason", "Presents the audit")).statusCode());
        String second = created(post(organiser, "/api/networks", new JsonObject().put("name", "Second home network").put("visibility", "private")));
        assertEquals(201, post(organiser, "/api/networks/" + second + "/invitations",
            new JsonObject().put("email", member.email()).put("role", "member")).statusCode());
        await(TestHub.get().pool().withTransaction(tx -> Notifications.record(tx, List.of(new Notice(member.id(), Kind.MENTION,
            UUID.fromString(network), "Home Organiser mentioned you in Winter plans", "", "/threads/somewhere", "post:home",
            new Outbox.Message(member.email(), "Mentioned", "You were mentioned", null, null, null))))));

        JsonObject mine = home(member);
        assertEquals(List.of("broadcast-acknowledgement", "meeting-date", "invitation", "action", "mention"), kinds(mine),
            "due soonest first (the broadcast's deadline, the meeting, the invitation's expiry), then oldest first");
        JsonObject ack = need(mine, "broadcast-acknowledgement");
        assertEquals("Winter pressures guidance", ack.getString("title"));
        assertEquals("/broadcasts/" + broadcast, ack.getString("href"));
        assertEquals(deadline.toString(), ack.getString("due"));
        assertEquals("Home network", ack.getJsonObject("network").getString("name"));
        assertTrue(ack.getString("dueText").matches("\\w+day \\d{1,2} \\w+ \\d{4}, .*"), ack.getString("dueText"));
        assertEquals(firstDate, need(mine, "meeting-date").getString("due"));
        assertEquals("Circulate the audit template", need(mine, "action").getString("title"));
        assertEquals("/threads/somewhere", need(mine, "mention").getString("href"));
        assertEquals("Second home network", need(mine, "invitation").getJsonObject("network").getString("name"));

        JsonObject theirs = home(organiser);
        List<String> organiserKinds = kinds(theirs);
        for (String kind : List.of("broadcast-acknowledgement", "broadcast-response", "meeting-date", "join-request",
                "guest-nomination", "meeting-guest")) {
            assertTrue(organiserKinds.contains(kind), kind + " in " + organiserKinds);
        }
        assertFalse(organiserKinds.contains("action"), "the member's action is theirs alone");
        assertFalse(organiserKinds.contains("mention"));
        assertEquals("Home Outsider", need(theirs, "join-request").getString("title"));

        assertEquals(List.of(), kinds(home(outsider)), "someone outside the network sees none of it");
        assertEquals(List.of(), kinds(home(central)),
            "the sender's central member is not asked to acknowledge what went to another network");
        List<String> guestKinds = kinds(home(guest));
        assertFalse(guestKinds.contains("broadcast-acknowledgement"), "broadcasts are for full members: " + guestKinds);
        assertFalse(guestKinds.contains("meeting-date"), "guests come to dates they are invited to: " + guestKinds);
    }

    @Test
    @Order(4)
    void answeringADateMovesItFromNeedsYouToTheUpcomingListWithTheAnswer() {
        JsonObject before = home(member);
        JsonObject date = before.getJsonArray("upcoming").getJsonObject(0);
        assertEquals("Home programme board", date.getString("title"));
        assertNull(date.getString("answer"));
        assertTrue(kinds(before).contains("meeting-date"));

        HttpResponse<Buffer> answered = await(client.put("/api/meetings/" + meeting + "/occurrences/" + firstDate + "/rsvp")
            .putHeader("Authorization", member.bearer()).sendJsonObject(new JsonObject().put("response", "yes")));
        assertEquals(200, answered.statusCode(), answered.bodyAsString());

        JsonObject after = home(member);
        assertFalse(kinds(after).contains("meeting-date"));
        assertEquals("yes", after.getJsonArray("upcoming").getJsonObject(0).getString("answer"));
        assertTrue(after.getJsonArray("upcoming").getJsonObject(0).getString("when").contains("10am to 11am"),
            after.getJsonArray("upcoming").getJsonObject(0).getString("when"));
    }

    @Test
    @Order(2)
    void acknowledgingABroadcastTakesItOffTheHome() {
        String id = sendBroadcast("Acknowledge me", null, null);
        assertTrue(home(member).getJsonArray("needsYou").stream().anyMatch(i -> ((JsonObject) i).getString("title").equals("Acknowledge me")));
        assertEquals(200, post(member, "/api/broadcasts/" + id + "/ack", new JsonObject()).statusCode());
        assertFalse(home(member).getJsonArray("needsYou").stream().anyMatch(i -> ((JsonObject) i).getString("title").equals("Acknowledge me")));
    }

    @Test
    @Order(3)
    void threadsWithUnreadPostsAreListedMostUnreadFirstAndNotForGuests() {
        String quiet = created(post(organiser, "/api/networks/" + network + "/threads",
            new JsonObject().put("title", "Quiet thread").put("body", "One post")));
        JsonObject busy = post(organiser, "/api/networks/" + network + "/threads",
            new JsonObject().put("title", "Busy thread").put("body", "Opening")).bodyAsJsonObject();
        String busyId = busy.getString("id");
        for (int i = 0; i < 2; i++) {
            assertEquals(201, post(organiser, "/api/threads/" + busyId + "/posts", new JsonObject().put("body", "More " + i)).statusCode());
        }
        JsonArray activity = home(member).getJsonArray("activity");
        assertEquals("Busy thread", activity.getJsonObject(0).getString("title"));
        assertEquals(3, activity.getJsonObject(0).getInteger("unread"));
        assertEquals("/threads/" + quiet, activity.getJsonObject(1).getString("href"));
        assertEquals(0, home(guest).getJsonArray("activity").size(), "guests do not read the network's discussions");
        assertEquals(0, home(outsider).getJsonArray("activity").size());
    }

    @Test
    void signedOutTheHomeApiIs401InTheOneErrorShape() {
        HttpResponse<Buffer> response = await(client.get("/api/me/home").send());
        assertEquals(401, response.statusCode());
        assertEquals("unauthenticated", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }

    @Test
    void theHomeIsTwoStatementsReadingMembershipsOnce() {
        StringBuilder plan = new StringBuilder();
        await(TestHub.get().pool().preparedQuery("EXPLAIN " + HomeSql.NEEDS_AND_ACTIVITY).execute(Tuple.of(member.id())))
            .forEach(row -> plan.append(row.getString(0)).append('\n'));
        String text = plan.toString();
        assertEquals(1, text.split("Seq Scan on memberships|Index Scan using memberships_user_idx|Bitmap Heap Scan on memberships|Index Scan using memberships_pkey", -1).length - 1,
            "the person's memberships are read once and shared by every part: " + text);
        assertTrue(text.contains("CTE mine"), text);
        // many other people's actions and invitations, so the planner's choice shows what a busy hub would do
        await(TestHub.get().pool().query("INSERT INTO occurrence_items (meeting_id, original_start, kind, text, owner_user_id) "
            + "SELECT '" + meeting + "', now(), 'action', 'Someone else''s action ' || i, NULL FROM generate_series(1, 3000) i").execute());
        await(TestHub.get().pool().query("INSERT INTO invitations (network_id, email, role, token_hash, expires_at) "
            + "SELECT '" + network + "', 'someone' || i || '@elsewhere.nhs.uk', 'member', md5('home' || i), now() + interval '1 day' "
            + "FROM generate_series(1, 3000) i").execute());
        await(TestHub.get().pool().query("ANALYZE occurrence_items, invitations").execute());
        StringBuilder indexed = new StringBuilder();
        await(TestHub.get().pool().preparedQuery("EXPLAIN " + HomeSql.NEEDS_AND_ACTIVITY).execute(Tuple.of(member.id())))
            .forEach(row -> indexed.append(row.getString(0)).append('\n'));
        assertTrue(indexed.toString().contains("occurrence_items_owner_open_idx"), "open actions by owner: " + indexed);
        assertTrue(indexed.toString().contains("invitations_open_email_idx"), "open invitations by address: " + indexed);
        StringBuilder meetings = new StringBuilder();
        await(TestHub.get().pool().preparedQuery("EXPLAIN " + HomeSql.MEETINGS)
            .execute(Tuple.of(member.id(), java.time.OffsetDateTime.now(), java.time.OffsetDateTime.now().plusDays(366))))
            .forEach(row -> meetings.append(row.getString(0)).append('\n'));
        assertFalse(meetings.toString().isBlank());
    }
}
