package uk.nhs.hub.network;

import io.vertx.core.Future;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Membership changes reach exactly the people allowed to see them, live, over the bridge. */
@ExtendWith(VertxExtension.class)
class NetworkLiveTest {

    private static WebClient client;
    private static WebSocketClient sockets;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static TestUser regionalLead;
    private static UUID network;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        sockets = TestHub.get().vertx().createWebSocketClient();
        organiser = TestUsers.create(client, "Live Organiser");
        member = TestUsers.create(client, "Live Member");
        guest = TestUsers.create(client, "Live Guest");
        outsider = TestUsers.create(client, "Live Outsider");
        regionalLead = TestUsers.create(client, "Regional Lead");
        UUID region = NetworkFixtures.id(NetworkFixtures.create(client, regionalLead, "Live region", "private"));
        network = NetworkFixtures.id(NetworkFixtures.create(client, regionalLead, "Live network", "open", region));
        NetworkFixtures.addMember(client, regionalLead, network, organiser, "organiser", null);
        NetworkFixtures.addMember(client, organiser, network, member, "member", null);
        NetworkFixtures.addMember(client, organiser, network, guest, "guest", null);
    }

    /** Opens the bridge as this user, sets the frame handler, then registers for the network's address. */
    private static Future<WebSocket> subscribe(TestUser user, java.util.function.Consumer<JsonObject> frames) {
        return sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(TestHub.get().port())
                .setURI("/eventbus/websocket").addHeader("Cookie", user.cookieHeader())
                .addHeader("Origin", TestHub.originOf(TestHub.get().port())))
            .onSuccess(socket -> {
                socket.handler(data -> frames.accept(new JsonObject(data.toString())));
                socket.writeTextMessage(new JsonObject().put("type", "register")
                    .put("address", NetworkEvents.address(network)).encode());
            });
    }

    @Test
    void membersAndOrganisersAboveReceiveMembershipChangesInOrder(VertxTestContext test) {
        var received = test.checkpoint(2);
        TestUser joiner = TestUsers.create(client, "Live Joiner");
        for (TestUser watcher : new TestUser[]{member, regionalLead}) {
            subscribe(watcher, frame -> {
                test.verify(() -> {
                    assertEquals("rec", frame.getString("type"), frame.encode());
                    JsonObject event = frame.getJsonObject("body");
                    assertEquals("member.joined", event.getString("type"));
                    assertEquals("Live Joiner", event.getString("displayName"));
                    assertTrue(event.getLong("seq") > 0);
                });
                received.flag();
            }).onFailure(test::failNow);
        }
        TestHub.get().vertx().setTimer(500, t -> client.post("/api/networks/" + network + "/join")
            .putHeader("Authorization", joiner.bearer()).send().onFailure(test::failNow));
    }

    @Test
    void guestsAndNonMembersCannotRegister(VertxTestContext test) {
        var refused = test.checkpoint(2);
        for (TestUser user : new TestUser[]{guest, outsider}) {
            subscribe(user, frame -> {
                test.verify(() -> assertEquals("err", frame.getString("type"), frame.encode()));
                refused.flag();
            }).onFailure(test::failNow);
        }
    }

    @Test
    void aRemovedMemberStopsReceivingAtOnce(VertxTestContext test) {
        TestUser leaving = TestUsers.create(client, "Soon Removed");
        TestUser later = TestUsers.create(client, "After Removal");
        NetworkFixtures.addMember(client, organiser, network, leaving, "member", null);
        AtomicBoolean removed = new AtomicBoolean();
        subscribe(leaving, frame -> {
            JsonObject event = frame.getJsonObject("body");
            if (event != null && ("member.removed".equals(event.getString("type")) || removed.get())) {
                test.failNow("a removed member received an event published at or after the removal: " + event);
            }
        }).onComplete(test.succeeding(socket -> {
            socket.closeHandler(v -> client.post("/api/networks/" + network + "/join")
                .putHeader("Authorization", later.bearer()).send()
                .onComplete(test.succeeding(r -> TestHub.get().vertx().setTimer(300, t -> test.completeNow()))));
            TestHub.get().vertx().setTimer(400, t -> client.delete("/api/networks/" + network + "/members/" + leaving.id())
                .putHeader("Authorization", organiser.bearer()).send()
                .onComplete(test.succeeding(response -> {
                    removed.set(true);
                    test.verify(() -> assertEquals(204, response.statusCode()));
                })));
        }));
    }

    @Test
    void aRemovedMemberCannotRegisterAgain(VertxTestContext test) {
        TestUser removed = TestUsers.create(client, "Removed Before");
        NetworkFixtures.addMember(client, organiser, network, removed, "member", null);
        uk.nhs.hub.TestHub.await(client.delete("/api/networks/" + network + "/members/" + removed.id())
            .putHeader("Authorization", organiser.bearer()).send());
        subscribe(removed, frame -> {
            test.verify(() -> assertEquals("err", frame.getString("type")));
            test.completeNow();
        }).onFailure(test::failNow);
    }
}
