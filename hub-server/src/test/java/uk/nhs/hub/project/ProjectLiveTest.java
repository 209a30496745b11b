package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The project page's live address through the real bridge: who may register, and a removed team member cut off at once. */
@ExtendWith(VertxExtension.class)
class ProjectLiveTest {

    private static WebClient client;
    private static WebSocketClient sockets;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser networkGuest;
    private static TestUser partner;
    private static TestUser outsider;
    private static String project;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        sockets = TestHub.get().vertx().createWebSocketClient();
        organiser = TestUsers.create(client, "Live Organiser");
        member = TestUsers.create(client, "Live Member");
        networkGuest = TestUsers.create(client, "Live Guest");
        partner = TestUsers.create(client, "Live Partner");
        outsider = TestUsers.create(client, "Live Outsider");
        String network = ProjectApiTestSupport.created(client, organiser, HttpMethod.POST, "/api/networks", new JsonObject()
            .put("name", "Live surgery").put("slug", "live-surgery").put("visibility", "private")).getString("id");
        ProjectApiTestSupport.created(client, organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", member.email()).put("role", "member"));
        ProjectApiTestSupport.created(client, organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", networkGuest.email()).put("role", "guest"));
        project = ProjectApiTestSupport.created(client, organiser, HttpMethod.POST, "/api/networks/" + network + "/projects",
            new JsonObject().put("title", "Live project")).getString("id");
        ProjectApiTestSupport.created(client, organiser, HttpMethod.POST, "/api/projects/" + project + "/team",
            new JsonObject().put("email", partner.email()).put("roleTitle", "Council partner"));
    }

    private static Future<WebSocket> subscribe(TestUser user, java.util.function.Consumer<JsonObject> frames) {
        return sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(TestHub.get().port())
                .setURI("/eventbus/websocket").addHeader("Cookie", user.cookieHeader())
                .addHeader("Origin", TestHub.originOf(TestHub.get().port())))
            .onSuccess(socket -> {
                socket.handler(data -> frames.accept(new JsonObject(data.toString())));
                socket.writeTextMessage(new JsonObject().put("type", "register")
                    .put("address", ProjectEvents.address(UUID.fromString(project))).encode());
            });
    }

    @Test
    void membersAndTheTeamHearOfAnUpdate(VertxTestContext test) {
        var received = test.checkpoint(2);
        for (TestUser watcher : new TestUser[]{member, partner}) {
            subscribe(watcher, frame -> {
                test.verify(() -> {
                    assertEquals("rec", frame.getString("type"), frame.encode());
                    assertEquals("project.update.added", frame.getJsonObject("body").getString("type"));
                });
                received.flag();
            }).onFailure(test::failNow);
        }
        TestHub.get().vertx().setTimer(500, t -> client.post("/api/projects/" + project + "/updates")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("period", "2027-04").put("body", "Live progress")).onFailure(test::failNow));
    }

    @Test
    void networkGuestsAndOutsidersCannotRegister(VertxTestContext test) {
        var refused = test.checkpoint(2);
        for (TestUser user : new TestUser[]{networkGuest, outsider}) {
            subscribe(user, frame -> {
                test.verify(() -> assertEquals("err", frame.getString("type"), frame.encode()));
                refused.flag();
            }).onFailure(test::failNow);
        }
    }

    @Test
    void aTeamMemberTakenOffTheTeamStopsReceivingAtOnce(VertxTestContext test) {
        TestUser leaving = TestUsers.create(client, "Soon Off The Team");
        JsonObject added = ProjectApiTestSupport.created(client, organiser, HttpMethod.POST, "/api/projects/" + project + "/team",
            new JsonObject().put("accountId", leaving.id().toString()).put("roleTitle", "Carer representative"));
        String teamMemberId = added.getJsonArray("team").stream().map(JsonObject.class::cast)
            .filter(t -> leaving.id().toString().equals(t.getString("accountId"))).findFirst().orElseThrow().getString("id");
        AtomicBoolean removed = new AtomicBoolean();
        subscribe(leaving, frame -> {
            if (removed.get() && "rec".equals(frame.getString("type"))) {
                test.failNow("someone off the team received an event published after the removal: " + frame.encode());
            }
        }).onComplete(test.succeeding(socket -> {
            socket.closeHandler(v -> client.post("/api/projects/" + project + "/hearings").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("body", "Trust board").put("date", "2027-05-01"))
                .onComplete(test.succeeding(r -> TestHub.get().vertx().setTimer(300, t -> test.completeNow()))));
            TestHub.get().vertx().setTimer(400, t -> client.delete("/api/projects/" + project + "/team/" + teamMemberId)
                .putHeader("Authorization", organiser.bearer()).send()
                .onComplete(test.succeeding(response -> {
                    removed.set(true);
                    test.verify(() -> assertEquals(200, response.statusCode()));
                })));
            // without the cut-off the socket stays open; the test then fails on its own timeout
        }));
    }
}
