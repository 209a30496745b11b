package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/** A meeting date's papers change live, through the real bridge, for everyone who may see the meeting and no one else. */
@ExtendWith(VertxExtension.class)
class MeetingPapersLiveTest {

    private static final String START = "2027-04-13T09:00:00Z"; // 10am in London, in summer time

    private static WebClient client;
    private static WebSocketClient sockets;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser invitee;
    private static TestUser outsider;
    private static String meeting;
    private static String network;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        sockets = TestHub.get().vertx().createWebSocketClient();
        organiser = TestUsers.create(client, "Live Papers Organiser");
        member = TestUsers.create(client, "Live Papers Member");
        invitee = TestUsers.create(client, "Live Papers Invitee");
        outsider = TestUsers.create(client, "Live Papers Outsider");
        network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Live papers network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        assertEquals(201, await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", member.email()).put("role", "member"))).statusCode());
        meeting = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Live papers board").put("start", "2027-04-13T10:00")
                .put("durationMinutes", 60))).bodyAsJsonObject().getString("id");
        assertEquals(201, await(client.post("/api/meetings/" + meeting + "/invitees").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", invitee.email()))).statusCode());
    }

    private static Future<WebSocket> subscribe(TestUser user, Consumer<JsonObject> frames) {
        return sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(TestHub.get().port())
                .setURI("/eventbus/websocket").addHeader("Cookie", user.cookieHeader())
                .addHeader("Origin", TestHub.originOf(TestHub.get().port())))
            .onSuccess(socket -> {
                socket.handler(data -> frames.accept(new JsonObject(data.toString())));
                socket.writeTextMessage(new JsonObject().put("type", "register")
                    .put("address", MeetingEvents.address(UUID.fromString(meeting))).encode());
            });
    }

    private static String upload(String title) {
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + network + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("title", title)
                .binaryFileUpload("file", "paper.txt", Buffer.buffer("Text of " + title), "text/plain")));
        assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
        return uploaded.bodyAsJsonObject().getString("id");
    }

    @Test
    void membersAndInviteesHearThatADatesPapersChanged(VertxTestContext test) {
        String pack = upload("Live pack");
        var received = test.checkpoint(2);
        for (TestUser watcher : new TestUser[] {member, invitee}) {
            subscribe(watcher, frame -> {
                if ("rec".equals(frame.getString("type"))
                        && "papers.changed".equals(frame.getJsonObject("body").getString("type"))) {
                    test.verify(() -> assertEquals(Instant.parse(START),
                        Instant.parse(frame.getJsonObject("body").getString("originalStart"))));
                    received.flag();
                }
            }).onFailure(test::failNow);
        }
        TestHub.get().vertx().setTimer(500, t -> client.post("/api/meetings/" + meeting + "/occurrences/"
                + URLEncoder.encode(START, StandardCharsets.UTF_8) + "/papers")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("documentId", pack).put("kind", "agenda"))
            .onSuccess(response -> test.verify(() -> assertEquals(201, response.statusCode(), response.bodyAsString())))
            .onFailure(test::failNow));
    }

    @Test
    void aNewVersionOrDeletingAnAttachedPaperInTheLibraryIsHeardOnTheDatesPage(VertxTestContext test) {
        String start = START;
        String slides = upload("Live slides");
        assertEquals(201, await(client.post("/api/meetings/" + meeting + "/occurrences/"
                + URLEncoder.encode(start, StandardCharsets.UTF_8) + "/papers").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("documentId", slides).put("kind", "slides"))).statusCode());
        var received = test.checkpoint(2);
        subscribe(invitee, frame -> {
            if ("rec".equals(frame.getString("type")) && "papers.changed".equals(frame.getJsonObject("body").getString("type"))) {
                test.verify(() -> assertEquals(Instant.parse(start),
                    Instant.parse(frame.getJsonObject("body").getString("originalStart"))));
                received.flag();
            }
        }).onFailure(test::failNow);
        TestHub.get().vertx().setTimer(500, t -> client.post("/api/documents/" + slides + "/versions")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("changeNote", "Final figures")
                .binaryFileUpload("file", "slides-v2.txt", Buffer.buffer("Second version"), "text/plain"))
            .compose(response -> {
                test.verify(() -> assertEquals(201, response.statusCode(), response.bodyAsString()));
                return client.delete("/api/documents/" + slides).putHeader("Authorization", organiser.bearer()).send();
            })
            .onSuccess(response -> test.verify(() -> assertEquals(204, response.statusCode(), response.bodyAsString())))
            .onFailure(test::failNow));
    }

    @Test
    void outsidersCannotRegisterForTheMeetingsEvents(VertxTestContext test) {
        subscribe(outsider, frame -> {
            test.verify(() -> assertEquals("err", frame.getString("type"), frame.encode()));
            test.completeNow();
        }).onFailure(test::failNow);
    }
}
