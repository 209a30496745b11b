package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static uk.nhs.hub.TestHub.await;

@ExtendWith(VertxExtension.class)
class RsvpTest {

    private static final String FIRST = "2027-01-12T10:00:00Z";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser guest;
    private static TestUser outsider;
    private static final List<TestUser> MEMBERS = new ArrayList<>();
    private static UUID network;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Rsvp Organiser");
        guest = TestUsers.create(client, "Rsvp Guest");
        outsider = TestUsers.create(client, "Rsvp Outsider");
        network = UUID.fromString(await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Chief executives").put("visibility", "private")))
            .bodyAsJsonObject().getString("id"));
        for (int i = 0; i < 8; i++) {
            TestUser member = TestUsers.create(client, "Chief " + i);
            add(member, "member");
            MEMBERS.add(member);
        }
        add(guest, "guest");
    }

    private static void add(TestUser user, String role) {
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", user.email()).put("role", role)));
    }

    private static String meeting(Integer capacity) {
        JsonObject body = new JsonObject().put("title", "Chief executives' meeting").put("start", "2027-01-12T10:00")
            .put("timeZone", "Europe/London").put("durationMinutes", 120).put("rrule", "FREQ=MONTHLY;INTERVAL=6;COUNT=2");
        if (capacity != null) {
            body.put("capacity", capacity);
        }
        return await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(body)).bodyAsJsonObject().getString("id");
    }

    private static Future<HttpResponse<Buffer>> reply(TestUser user, String meetingId, JsonObject body) {
        return client.put("/api/meetings/" + meetingId + "/occurrences/" + FIRST + "/rsvp")
            .putHeader("Authorization", user.bearer()).sendJsonObject(body);
    }

    private static JsonObject yes() {
        return new JsonObject().put("response", "yes");
    }

    private static JsonObject firstOccurrence(TestUser as, String meetingId) {
        return await(client.get("/api/meetings/" + meetingId + "/occurrences?from=2027-01-01&to=2027-02-01")
            .putHeader("Authorization", as.bearer()).send()).bodyAsJsonObject().getJsonArray("occurrences").getJsonObject(0);
    }

    @Test
    void aReplyIsCountedAndShownToThePersonWhoMadeIt() {
        String meeting = meeting(null);
        HttpResponse<Buffer> response = await(reply(MEMBERS.get(0), meeting, yes()));

        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("confirmed", response.bodyAsJsonObject().getString("status"));
        await(reply(MEMBERS.get(1), meeting, new JsonObject().put("response", "maybe")));
        await(reply(MEMBERS.get(2), meeting, new JsonObject().put("response", "no")));

        JsonObject occurrence = firstOccurrence(MEMBERS.get(0), meeting);
        assertEquals(new JsonObject().put("yes", 1).put("no", 1).put("maybe", 1).put("waiting", 0).putNull("capacity"),
            occurrence.getJsonObject("counts"));
        assertEquals("confirmed", occurrence.getJsonObject("myRsvp").getString("status"));
        assertNull(firstOccurrence(MEMBERS.get(3), meeting).getValue("myRsvp"));
    }

    @Test
    void exactlyOnePersonGetsTheLastSeatWhenEightReplyAtOnce() {
        String meeting = meeting(1);
        List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
        MEMBERS.forEach(member -> replies.add(reply(member, meeting, yes())));
        await(Future.all(replies));

        long confirmed = replies.stream().filter(r -> "confirmed".equals(r.result().bodyAsJsonObject().getString("status"))).count();
        long waiting = replies.stream().filter(r -> "waitlisted".equals(r.result().bodyAsJsonObject().getString("status"))).count();
        assertEquals(1, confirmed);
        assertEquals(7, waiting);
        JsonObject counts = firstOccurrence(organiser, meeting).getJsonObject("counts");
        assertEquals(1, counts.getInteger("yes"));
        assertEquals(7, counts.getInteger("waiting"));
    }

    @Test
    void aDeclineFreesTheSeatForTheLongestWaiting() {
        String meeting = meeting(2);
        for (int i = 0; i < 4; i++) {
            await(reply(MEMBERS.get(i), meeting, yes()));
        }
        assertEquals("waitlisted", firstOccurrence(MEMBERS.get(2), meeting).getJsonObject("myRsvp").getString("status"));

        await(TestHub.get().pool().preparedQuery("INSERT INTO email_preferences (user_id, meetings) VALUES ($1, 'immediately') "
            + "ON CONFLICT (user_id) DO UPDATE SET meetings = 'immediately'").execute(io.vertx.sqlclient.Tuple.of(MEMBERS.get(2).id())));
        JsonObject declined = await(reply(MEMBERS.get(0), meeting, new JsonObject().put("response", "no"))).bodyAsJsonObject();

        assertEquals("declined", declined.getString("status"));
        assertEquals(2, declined.getJsonObject("counts").getInteger("yes"));
        assertEquals(1, declined.getJsonObject("counts").getInteger("waiting"));
        assertEquals("confirmed", firstOccurrence(MEMBERS.get(2), meeting).getJsonObject("myRsvp").getString("status"),
            "the first in line is promoted");
        assertEquals("waitlisted", firstOccurrence(MEMBERS.get(3), meeting).getJsonObject("myRsvp").getString("status"));
        assertEquals("waitlisted", await(reply(MEMBERS.get(3), meeting, yes())).bodyAsJsonObject().getString("status"),
            "saying yes again keeps one's place in line");
        long emails = await(TestHub.get().pool().preparedQuery(
                "SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE 'You have a place at%'")
            .execute(io.vertx.sqlclient.Tuple.of(MEMBERS.get(2).email()))).iterator().next().getLong(0);
        assertEquals(1, emails, "the promoted person is told by email");
    }

    @Test
    void aMemberCanSendANamedDelegateFromTheNetwork() {
        String meeting = meeting(null);
        HttpResponse<Buffer> delegated = await(reply(MEMBERS.get(0), meeting,
            yes().put("delegateUserId", MEMBERS.get(1).id().toString())));
        assertEquals(200, delegated.statusCode(), delegated.bodyAsString());
        assertEquals(MEMBERS.get(1).id().toString(), delegated.bodyAsJsonObject().getString("delegateUserId"));
        assertEquals("Chief 1", firstOccurrence(MEMBERS.get(0), meeting).getJsonObject("myRsvp").getString("delegateName"));

        assertEquals("delegateUserId", await(reply(MEMBERS.get(0), meeting, yes().put("delegateUserId", outsider.id().toString())))
            .bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals("delegateUserId", await(reply(MEMBERS.get(0), meeting, new JsonObject().put("response", "no")
            .put("delegateUserId", MEMBERS.get(1).id().toString()))).bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals("delegateUserId", await(reply(MEMBERS.get(0), meeting, yes().put("delegateUserId", MEMBERS.get(0).id().toString())))
            .bodyAsJsonObject().getJsonObject("error").getString("field"));
    }

    @Test
    void repliesAreRefusedWhereTheyMakeNoSense() {
        String meeting = meeting(null);
        assertEquals(400, await(reply(MEMBERS.get(0), meeting, new JsonObject().put("response", "perhaps"))).statusCode());
        assertEquals(404, await(reply(guest, meeting, yes())).statusCode(), "a meeting not theirs is not there");
        assertEquals(404, await(reply(outsider, meeting, yes())).statusCode());
        assertEquals(404, await(client.put("/api/meetings/" + meeting + "/occurrences/2027-01-13T10:00:00Z/rsvp")
            .putHeader("Authorization", MEMBERS.get(0).bearer()).sendJsonObject(yes())).statusCode());
        await(client.patch("/api/meetings/" + meeting + "/occurrences/" + FIRST).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("cancelled", true)));
        assertEquals(409, await(reply(MEMBERS.get(0), meeting, yes())).statusCode());

        String past = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Last year").put("start", "2020-01-12T10:00").put("durationMinutes", 60)))
            .bodyAsJsonObject().getString("id");
        assertEquals(409, await(client.put("/api/meetings/" + past + "/occurrences/2020-01-12T10:00:00Z/rsvp")
            .putHeader("Authorization", MEMBERS.get(0).bearer()).sendJsonObject(yes())).statusCode());
    }

    @Test
    void everyoneViewingTheMeetingSeesTheCountsChangeLive(VertxTestContext test) {
        String meeting = meeting(5);
        TestUser watcher = MEMBERS.get(7);
        TestHub.get().vertx().createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(TestHub.get().port()).setURI("/eventbus/websocket").addHeader("Cookie", watcher.cookieHeader())
                .addHeader("Origin", TestHub.originOf(TestHub.get().port())))
            .onComplete(test.succeeding(socket -> {
                socket.handler(data -> {
                    JsonObject frame = new JsonObject(data.toString());
                    test.verify(() -> {
                        assertEquals("rec", frame.getString("type"), frame.encode());
                        JsonObject event = frame.getJsonObject("body");
                        assertEquals("rsvp.changed", event.getString("type"));
                        assertEquals(1, event.getJsonObject("counts").getInteger("yes"));
                        assertEquals(5, event.getJsonObject("counts").getInteger("capacity"));
                    });
                    test.completeNow();
                    socket.close();
                });
                socket.writeTextMessage(new JsonObject().put("type", "register")
                    .put("address", MeetingEvents.address(UUID.fromString(meeting))).encode());
                TestHub.get().vertx().setTimer(400, t -> reply(MEMBERS.get(0), meeting, yes()).onFailure(test::failNow));
            }));
    }

    @Test
    void cancellingAnOccurrenceIsPushedToThoseViewingTheMeeting(VertxTestContext test) {
        String meeting = meeting(null);
        TestHub.get().vertx().createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(TestHub.get().port()).setURI("/eventbus/websocket").addHeader("Cookie", MEMBERS.get(6).cookieHeader())
                .addHeader("Origin", TestHub.originOf(TestHub.get().port())))
            .onComplete(test.succeeding(socket -> {
                socket.handler(data -> {
                    JsonObject event = new JsonObject(data.toString()).getJsonObject("body");
                    test.verify(() -> {
                        assertEquals("occurrence.changed", event.getString("type"));
                        assertEquals("cancelled", event.getJsonObject("occurrence").getString("status"));
                    });
                    test.completeNow();
                    socket.close();
                });
                socket.writeTextMessage(new JsonObject().put("type", "register")
                    .put("address", MeetingEvents.address(UUID.fromString(meeting))).encode());
                TestHub.get().vertx().setTimer(400, t -> client.patch("/api/meetings/" + meeting + "/occurrences/" + FIRST)
                    .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("cancelled", true))
                    .onFailure(test::failNow));
            }));
    }

    @Test
    void theMeetingsLiveAddressIsForThoseWhoMaySeeIt(VertxTestContext test) {
        String meeting = meeting(null);
        TestHub.get().vertx().createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(TestHub.get().port()).setURI("/eventbus/websocket").addHeader("Cookie", guest.cookieHeader())
                .addHeader("Origin", TestHub.originOf(TestHub.get().port())))
            .onComplete(test.succeeding(socket -> {
                socket.handler(data -> {
                    test.verify(() -> assertEquals("err", new JsonObject(data.toString()).getString("type")));
                    test.completeNow();
                    socket.close();
                });
                socket.writeTextMessage(new JsonObject().put("type", "register")
                    .put("address", MeetingEvents.address(UUID.fromString(meeting))).encode());
            }));
    }

}
