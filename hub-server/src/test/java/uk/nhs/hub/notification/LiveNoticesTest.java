package uk.nhs.hub.notification;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.account.AccountEvents;

import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Notices recorded by meeting-date changes and by invitations reach the person's open pages as soon as the change
 * commits ({@code notification.created} with the new unread count), over the event-bus bridge a browser uses.
 */
class LiveNoticesTest {

    private static WebClient client;
    private static TestUser organiser;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Lena Live");
    }

    private static HttpResponse<Buffer> send(TestUser as, HttpMethod method, String path, JsonObject body) {
        var request = client.request(method, path).putHeader("Authorization", as.bearer());
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static String network() {
        HttpResponse<Buffer> created = send(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Live notices")
            .put("slug", "live-notices-" + UUID.randomUUID().toString().substring(0, 8)).put("visibility", "private"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static long unread(TestUser who) {
        return await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .execute(Tuple.of(who.id()))).iterator().next().getLong(0);
    }

    /** A signed-in browser tab listening on its person's address; frames other than the probe are queued. */
    private static final class OpenTab implements AutoCloseable {
        private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        private final WebSocket socket;

        OpenTab(TestUser who) throws InterruptedException {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(TestHub.get().port())
                .setURI("/eventbus/websocket").addHeader("Cookie", who.cookieHeader())
                .addHeader("Origin", TestHub.originOf(TestHub.get().port()));
            socket = await(TestHub.get().vertx().createWebSocketClient().connect(options));
            socket.handler(data -> {
                JsonObject frame = new JsonObject(data.toString());
                received.add(frame.getValue("body") instanceof JsonObject body ? body : frame);
            });
            String address = AccountEvents.userAddress(who.id());
            await(socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode()));
            // the bridge does not acknowledge a register: publish probes until one arrives, so none of the real events is missed
            for (int attempt = 0; attempt < 50; attempt++) {
                TestHub.get().vertx().eventBus().publish(address, new JsonObject().put("type", "probe"));
                JsonObject first = received.poll(100, TimeUnit.MILLISECONDS);
                if (first != null && "probe".equals(first.getString("type"))) {
                    Thread.sleep(100);
                    received.removeIf(frame -> "probe".equals(frame.getString("type")));
                    return;
                }
            }
            throw new IllegalStateException("the bridge never delivered to " + address + ": " + received);
        }

        JsonObject next(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonObject frame = received.poll(200, TimeUnit.MILLISECONDS);
                if (frame != null && type.equals(frame.getString("type"))) {
                    return frame;
                }
            }
            return null;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static String meeting(String network, TestUser member) {
        assertEquals(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", member.email()).put("role", "member")).statusCode());
        HttpResponse<Buffer> created = send(organiser, HttpMethod.POST, "/api/networks/" + network + "/meetings",
            new JsonObject().put("title", "Board").put("start", "2027-02-09T14:00").put("timeZone", "Europe/London")
                .put("durationMinutes", 60).put("rrule", "FREQ=MONTHLY;COUNT=3"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    /** Cancels the meeting's second date while {@code member} has a page open; what that page heard. */
    private static JsonObject cancelSecondDateHeardBy(TestUser member, String meeting) throws InterruptedException {
        try (OpenTab tab = new OpenTab(member)) {
            HttpResponse<Buffer> cancelled = send(organiser, HttpMethod.PATCH,
                "/api/meetings/" + meeting + "/occurrences/2027-03-09T14:00:00Z", new JsonObject().put("cancelled", true));
            assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
            JsonObject told = tab.next("notification.created");
            assertNotNull(told, "the open page heard of the cancelled date");
            return told;
        }
    }

    @Test
    void aCancelledDateTellsTheInvitedPersonsOpenPagesTheirNewUnreadCount() throws Exception {
        TestUser member = TestUsers.create(client, "Cara Cancelled");
        String meeting = meeting(network(), member);
        JsonObject told = cancelSecondDateHeardBy(member, meeting);
        assertEquals(unread(member), told.getLong("unread"));
    }

    @Test
    void aMovedDateTellsTheInvitedPersonsOpenPagesTheirNewUnreadCount() throws Exception {
        TestUser member = TestUsers.create(client, "Max Moved");
        String meeting = meeting(network(), member);
        try (OpenTab tab = new OpenTab(member)) {
            HttpResponse<Buffer> moved = send(organiser, HttpMethod.PATCH,
                "/api/meetings/" + meeting + "/occurrences/2027-03-09T14:00:00Z", new JsonObject().put("start", "2027-03-10T14:00"));
            assertEquals(200, moved.statusCode(), moved.bodyAsString());

            JsonObject told = tab.next("notification.created");
            assertNotNull(told, "the open page heard of the moved date");
            assertEquals(unread(member), told.getLong("unread"));
        }
    }

    @Test
    void anInvitationTellsTheInvitedPersonsOpenPagesTheirNewUnreadCount() throws Exception {
        TestUser invitee = TestUsers.create(client, "Ines Invited");
        String network = network();
        try (OpenTab tab = new OpenTab(invitee)) {
            assertEquals(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/invitations",
                new JsonObject().put("email", invitee.email()).put("role", "member")).statusCode());

            JsonObject told = tab.next("notification.created");
            assertNotNull(told, "the open page heard of the invitation");
            assertEquals(unread(invitee), told.getLong("unread"));
        }
    }

    @Test
    void anApprovedNominationTellsTheNomineesOpenPagesOfTheirInvitation() throws Exception {
        String network = network();
        TestUser nominator = TestUsers.create(client, "Nia Nominator");
        TestUser nominee = TestUsers.create(client, "Gus Guest");
        assertEquals(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", nominator.email()).put("role", "member")).statusCode());
        assertEquals(200, send(organiser, HttpMethod.PATCH, "/api/networks/" + network,
            new JsonObject().put("allowGuestNominations", true)).statusCode());
        HttpResponse<Buffer> nominated = send(nominator, HttpMethod.POST, "/api/networks/" + network + "/guest-nominations",
            new JsonObject().put("name", "Gus Guest").put("email", nominee.email()).put("reason", "Runs the pharmacy pilot"));
        assertEquals(201, nominated.statusCode(), nominated.bodyAsString());
        String nomination = nominated.bodyAsJsonObject().getString("id");
        try (OpenTab tab = new OpenTab(nominee)) {
            HttpResponse<Buffer> approved = send(organiser, HttpMethod.POST,
                "/api/networks/" + network + "/guest-nominations/" + nomination + "/approve", null);
            assertEquals(200, approved.statusCode(), approved.bodyAsString());

            JsonObject told = tab.next("notification.created");
            assertNotNull(told, "the nominee's open page heard of their invitation");
            assertEquals(unread(nominee), told.getLong("unread"));
        }
    }

    @Test
    void pastNinetyNineUnreadTheBadgeSaysNinetyNinePlusWhileTheNotificationsPageKeepsTheWholeCount() throws Exception {
        TestUser member = TestUsers.create(client, "Una Unread");
        String meeting = meeting(network(), member);
        await(TestHub.get().pool().preparedQuery("""
            INSERT INTO notifications (user_id, kind, title, body, href, subject, email_state)
            SELECT $1, 'watched-post', 'Earlier post ' || n, '', '/notifications', NULL, 'none' FROM generate_series(1, 150) n
            """).execute(Tuple.of(member.id())));
        assertEquals(Notifications.BADGE_CAP, cancelSecondDateHeardBy(member, meeting).getLong("unread"),
            "the badge is told 100, meaning 100 or more");
        assertEquals(151, unread(member));
        HttpResponse<Buffer> page = await(client.get("/notifications").putHeader("Cookie", member.cookieHeader()).send());
        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("data-unread-count>99+</span>"), "the header badge says 99+");
        assertTrue(page.bodyAsString().contains("You have 151 unread notifications."), "the page itself counts them all");
        assertEquals(151, send(member, HttpMethod.GET, "/api/me/notifications?limit=1", null).bodyAsJsonObject().getLong("unread"));
    }
}
