package uk.nhs.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import uk.nhs.hub.TestUsers.TestUser;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Two hub nodes in two JVMs, clustered with Hazelcast on 127.0.0.1 and sharing the test PostgreSQL: a post
 * accepted by node A reaches a browser connected to node B with the same gap-free numbers, and when node A is
 * killed nothing it accepted is lost: a client of node B catches up from the shared log.
 */
class ClusterTest {

    private static final List<Process> NODES = new ArrayList<>();
    private static WebClient nodeA;
    private static WebClient nodeB;
    private static int portB;
    private static TestUser organiser;
    private static TestUser member;
    private static String network;
    private static String thread;

    @BeforeAll
    static void start() throws Exception {
        TestHub.get().resetDatabase();
        WebClient shared = TestHub.get().client();
        organiser = TestUsers.create(shared, "Cluster Organiser");
        member = TestUsers.create(shared, "Cluster Member");
        network = await(shared.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Clustered network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        await(shared.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", member.email()).put("role", "member")));
        thread = await(shared.post("/api/networks/" + network + "/threads").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Across nodes").put("body", "Opening"))).bodyAsJsonObject().getString("id");

        int portA = freePort();
        portB = freePort();
        int clusterA = freePort();
        int clusterB = freePort();
        String members = "127.0.0.1:" + clusterA + ",127.0.0.1:" + clusterB;
        NODES.add(node("a", portA, clusterA, members));
        NODES.add(node("b", portB, clusterB, members));
        nodeA = client(portA);
        nodeB = client(portB);
        awaitReady(nodeA, NODES.get(0));
        awaitReady(nodeB, NODES.get(1));
    }

    @AfterAll
    static void stop() {
        NODES.forEach(Process::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process node(String name, int httpPort, int clusterPort, String members) throws IOException {
        Path dataDir = Files.createTempDirectory("hub-node-" + name);
        Path log = Path.of("target", "cluster-node-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--cluster")
            .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("HUB_"));
        env.put("HUB_DATABASE_URL", TestHub.get().config(json -> { }).database().url().orElseThrow());
        env.put("HUB_HOST", "127.0.0.1");
        env.put("HUB_PORT", String.valueOf(httpPort));
        env.put("HUB_BASE_URL", "http://127.0.0.1:" + httpPort);
        env.put("HUB_DATA_DIR", dataDir.toString());
        env.put("HUB_JWT_KEY_FILE", TestHub.get().dataDir().resolve("jwt.key").toString());
        env.put("HUB_POSTS_PER_MINUTE", "100000");
        env.put("HUB_CLUSTER_HOST", "127.0.0.1");
        env.put("HUB_CLUSTER_PORT", String.valueOf(clusterPort));
        env.put("HUB_CLUSTER_MEMBERS", members);
        return builder.start();
    }

    private static WebClient client(int port) {
        return WebClient.create(TestHub.get().vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    private static void awaitReady(WebClient client, Process process) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("a cluster node exited with " + process.exitValue() + "; see target/cluster-node-*.log");
            }
            try {
                if (await(client.get("/ready").send()).statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("a cluster node did not become ready; see target/cluster-node-*.log");
    }

    private static HttpResponse<Buffer> post(WebClient node, String body) {
        return await(node.post("/api/threads/" + thread + "/posts").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("body", body)));
    }

    /** Post events for the thread received by a bridge client, in arrival order. */
    private static List<JsonObject> posts(ConcurrentLinkedQueue<JsonObject> received) {
        return received.stream().filter(e -> "post.created".equals(e.getString("type"))).toList();
    }

    private static JsonObject waitFor(ConcurrentLinkedQueue<JsonObject> received, String body, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            for (JsonObject event : posts(received)) {
                if (body.equals(event.getJsonObject("post").getString("body"))) {
                    return event;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    @Test
    void aPostAcceptedOnOneNodeReachesABrowserOnTheOtherAndKillingANodeLosesNothing() throws Exception {
        ConcurrentLinkedQueue<JsonObject> received = new ConcurrentLinkedQueue<>();
        WebSocket socket = await(TestHub.get().vertx().createWebSocketClient().connect(new WebSocketConnectOptions()
            .setHost("127.0.0.1").setPort(portB).setURI("/eventbus/websocket").addHeader("Cookie", member.cookieHeader())
            .addHeader("Origin", TestHub.originOf(portB))));
        socket.handler(data -> {
            JsonObject frame = new JsonObject(data);
            if ("rec".equals(frame.getString("type"))) {
                received.add(frame.getJsonObject("body"));
            }
        });
        await(socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "hub.client.network." + network).encode()));

        // the nodes find each other and share subscriptions within seconds; until then a post may reach only node A
        JsonObject first = null;
        for (int attempt = 0; attempt < 60 && first == null; attempt++) {
            assertEquals(201, post(nodeA, "probe " + attempt).statusCode());
            first = waitFor(received, "probe " + attempt, 1000);
        }
        assertTrue(first != null, "a post on node A reached the browser on node B");

        List<Long> accepted = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            accepted.add(post(nodeA, "across " + i).bodyAsJsonObject().getLong("seq"));
        }
        for (int i = 1; i <= 3; i++) {
            JsonObject event = waitFor(received, "across " + i, 5000);
            assertTrue(event != null, "post " + i + " arrived on node B");
            assertEquals(accepted.get(i - 1), event.getLong("seq"), "with the number node A gave it");
        }
        assertEquals(accepted.get(0) + 1, accepted.get(1));
        assertEquals(accepted.get(1) + 1, accepted.get(2));

        long before = accepted.get(2);
        List<String> acceptedByA = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            HttpResponse<Buffer> response = post(nodeA, "before the crash " + i);
            assertEquals(201, response.statusCode());
            acceptedByA.add(response.bodyAsJsonObject().getString("id"));
        }
        NODES.get(0).destroyForcibly().waitFor();

        JsonArray events = await(nodeB.get("/api/networks/" + network + "/events?after=" + before)
            .putHeader("Authorization", member.bearer()).send()).bodyAsJsonObject().getJsonArray("events");
        List<String> caughtUp = events.stream().map(JsonObject.class::cast).filter(e -> "post.created".equals(e.getString("type")))
            .map(e -> e.getJsonObject("post").getString("id")).toList();
        assertEquals(acceptedByA, caughtUp, "every post node A accepted is in the log node B serves, in order");
        for (int i = 0; i < events.size(); i++) {
            assertEquals(before + 1 + i, events.getJsonObject(i).getLong("seq"), "without gaps");
        }

        assertEquals(201, post(nodeB, "after the crash").statusCode());
        assertTrue(waitFor(received, "after the crash", 5000) != null, "node B goes on delivering on its own");
        socket.close();
        assertTrue(new File("target").isDirectory());
    }
}
