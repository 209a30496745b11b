package uk.nhs.hub.network;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.platform.EventBusBridge;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** A live event for many open pages is encoded once and reaches every one of them. */
class LiveFanOutTest {

    private static WebClient client;
    private static WebSocketClient sockets;
    private static TestUser organiser;
    private static final List<TestUser> MEMBERS = new ArrayList<>();
    private static UUID network;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        sockets = TestHub.get().vertx().createWebSocketClient();
        organiser = TestUsers.create(client, "Fan Organiser");
        network = NetworkFixtures.id(NetworkFixtures.create(client, organiser, "Fan-out network", "private"));
        for (int i = 0; i < 4; i++) {
            TestUser member = TestUsers.create(client, "Fan Member " + i);
            NetworkFixtures.addMember(client, organiser, network, member, "member", null);
            MEMBERS.add(member);
        }
    }

    private static Future<WebSocket> subscribe(TestUser user, List<JsonObject> frames) {
        return sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(TestHub.get().port())
                .setURI("/eventbus/websocket").addHeader("Cookie", user.cookieHeader())
                .addHeader("Origin", TestHub.originOf(TestHub.get().port())))
            .onSuccess(socket -> {
                socket.handler(data -> frames.add(new JsonObject(data.toString())));
                socket.writeTextMessage(new JsonObject().put("type", "register")
                    .put("address", NetworkEvents.address(network)).encode());
            });
    }

    private static void waitFor(Supplier<Boolean> condition) {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.get()) {
            assertTrue(System.nanoTime() < until, "timed out");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void anEventForTwelveOpenPagesIsEncodedOnceAndReachesEveryPage() {
        EventBusBridge bridge = TestHub.get().hub().bridge();
        String address = NetworkEvents.address(network);
        List<List<JsonObject>> received = new ArrayList<>();
        List<WebSocket> open = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            List<JsonObject> frames = new CopyOnWriteArrayList<>();
            received.add(frames);
            open.add(await(subscribe(MEMBERS.get(i % MEMBERS.size()), frames)));
        }
        waitFor(() -> bridge.listening(address) == 12);
        long encodedBefore = bridge.framesEncoded();

        TestHub.get().vertx().eventBus().publish(address, new JsonObject().put("type", "fan.test").put("seq", 1));

        waitFor(() -> received.stream().allMatch(frames -> frames.size() == 1));
        assertEquals(1, bridge.framesEncoded() - encodedBefore, "one encoding for all twelve pages");
        for (List<JsonObject> frames : received) {
            assertEquals("rec", frames.get(0).getString("type"));
            assertEquals(address, frames.get(0).getString("address"));
            assertEquals("fan.test", frames.get(0).getJsonObject("body").getString("type"));
        }
        open.forEach(WebSocket::close);
        waitFor(() -> bridge.listening(address) == 0);
    }
}
