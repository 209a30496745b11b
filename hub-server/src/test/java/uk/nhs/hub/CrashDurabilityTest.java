package uk.nhs.hub;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A power cut while people post: the hub runs as its own JVM on its embedded PostgreSQL (the settings a real
 * installation gets), sixteen clients post with an {@code Idempotency-Key} each, and the hub JVM and every
 * PostgreSQL process are killed at the same instant. After a restart on the same data every post that got a 201
 * is there, the network's event log has no gap, and re-sending a request with its key gives the post it made,
 * never a second one. {@code -Dhub.crash.rounds=N} runs more crashes than the default three.
 */
class CrashDurabilityTest {

    private static final int POSTERS = 16;
    private static final String PASSWORD = "quartz lantern meadow 47";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
    private Process hub;
    private String base;

    /** A post whose 201 the client received, the {@code order}th to be answered. */
    private record Accepted(String key, String body, String id, long order) {
    }

    @AfterEach
    void stopHub() throws Exception {
        if (hub != null && hub.isAlive()) {
            hub.destroy();
            if (!hub.waitFor(40, TimeUnit.SECONDS)) {
                hub.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void everyPostThatGot201SurvivesKillingTheHubAndItsDatabaseAtOnce() throws Exception {
        int rounds = Integer.getInteger("hub.crash.rounds", 3);
        Path data = Files.createTempDirectory("hub-crash");
        start(data, 0);

        String token = register();
        String network = send("POST", "/api/networks", token, null, new JsonObject().put("name", "Crash network")
            .put("visibility", "private")).body().getString("id");
        String thread = send("POST", "/api/networks/" + network + "/threads", token, null,
            new JsonObject().put("title", "Posting through a power cut").put("body", "Opening")).body().getString("id");

        Map<String, Accepted> accepted = new ConcurrentHashMap<>();
        Map<String, String> unanswered = new ConcurrentHashMap<>();
        Set<String> lost = new java.util.HashSet<>();
        int duplicated = 0;
        String synchronousCommit = null;
        String fsync = null;
        for (int round = 1; round <= rounds; round++) {
            AtomicBoolean crashed = new AtomicBoolean();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService posters = Executors.newFixedThreadPool(POSTERS);
            for (int p = 0; p < POSTERS; p++) {
                String prefix = "round " + round + " poster " + p + " post ";
                posters.submit(() -> post(thread, token, prefix, crashed, accepted, unanswered, refused));
            }
            // the crash comes at a different moment of each round, as power cuts do
            Thread.sleep(1500 + ThreadLocalRandom.current().nextInt(1500));
            killHubAndDatabase(data);
            crashed.set(true);
            posters.shutdown();
            assertTrue(posters.awaitTermination(30, TimeUnit.SECONDS), "the posters stopped");
            assertEquals(0, refused.get(), "no post was refused before the crash");

            start(data, round);
            try (Connection db = database(data)) {
                synchronousCommit = show(db, "synchronous_commit");
                fsync = show(db, "fsync");
                Set<String> stored = postIds(db, thread);
                accepted.values().stream().filter(a -> !stored.contains(a.id())).forEach(a -> lost.add(a.key()));
                assertGapFree(db, network);
            }
            int unansweredAtCrash = unanswered.size();
            if (lost.isEmpty()) {
                resend(thread, token, accepted, unanswered);
            }
            try (Connection db = database(data)) {
                duplicated = duplicates(db, thread);
                assertGapFree(db, network);
            }
            System.out.printf("crash %d: %d posts accepted so far, %d lost, %d duplicated, %d unanswered at the crash%n",
                round, accepted.size(), lost.size(), duplicated, unansweredAtCrash);
            unanswered.clear();
        }
        System.out.printf("crash test: %d crashes, %d posts accepted, %d lost, %d duplicated%n",
            rounds, accepted.size(), lost.size(), duplicated);
        assertEquals(Set.of(), lost, "keys of posts that got a 201 and were lost");
        assertEquals(0, duplicated, "posts stored twice");
        assertEquals("on", synchronousCommit, "commits wait for the WAL to be flushed");
        assertEquals("on", fsync, "and the flush reaches the disk");
    }

    /** One poster: posts until the crash; each post has its own key and a body that names it. */
    private void post(String thread, String token, String prefix, AtomicBoolean crashed, Map<String, Accepted> accepted,
                      Map<String, String> unanswered, AtomicInteger refused) {
        for (int n = 0; !crashed.get(); n++) {
            String key = UUID.randomUUID().toString();
            String body = prefix + n;
            try {
                Answer answer = send("POST", "/api/threads/" + thread + "/posts", token, key, new JsonObject().put("body", body));
                if (answer.status() == 201) {
                    accepted.put(key, new Accepted(key, body, answer.body().getString("id"), answered.incrementAndGet()));
                } else {
                    refused.incrementAndGet();
                    System.out.println("refused: " + answer.status() + " " + answer.body());
                }
            } catch (IOException | RuntimeException e) {
                // the hub died with the request in flight: whether it was stored is for the key to tell
                unanswered.put(key, body);
                return;
            }
        }
    }

    /** Re-sends the most recent accepted posts and every unanswered one with their keys: none is made twice. */
    private void resend(String thread, String token, Map<String, Accepted> accepted, Map<String, String> unanswered)
            throws Exception {
        List<Accepted> latest = accepted.values().stream()
            .sorted((a, b) -> Long.compare(b.order(), a.order())).limit(32).toList();
        for (Accepted post : latest) {
            Answer answer = send("POST", "/api/threads/" + thread + "/posts", token, post.key(),
                new JsonObject().put("body", post.body()));
            assertEquals(201, answer.status(), answer.body().encode());
            assertEquals(post.id(), answer.body().getString("id"), "re-sending " + post.body() + " gives the same post");
        }
        for (Map.Entry<String, String> post : unanswered.entrySet()) {
            Answer answer = send("POST", "/api/threads/" + thread + "/posts", token, post.getKey(),
                new JsonObject().put("body", post.getValue()));
            assertEquals(201, answer.status(), answer.body().encode());
            accepted.put(post.getKey(), new Accepted(post.getKey(), post.getValue(), answer.body().getString("id"),
                answered.incrementAndGet()));
        }
    }

    // ---- the hub process and its database ------------------------------------------------------------------

    private void start(Path data, int round) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m", "-cp", System.getProperty("java.class.path"), Main.class.getName())
            .redirectErrorStream(true).redirectOutput(Path.of("target", "crash-hub-" + round + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("HUB_"));
        env.put("HUB_HOST", "127.0.0.1");
        env.put("HUB_PORT", String.valueOf(port));
        env.put("HUB_BASE_URL", "http://127.0.0.1:" + port);
        env.put("HUB_DATA_DIR", data.toString());
        env.put("HUB_DATABASE_POOL_SIZE", "16");
        env.put("HUB_POSTS_PER_MINUTE", "1000000");
        hub = builder.start();
        base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            assertTrue(hub.isAlive(), "the hub exited; see target/crash-hub-" + round + ".log");
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the hub did not become ready; see target/crash-hub-" + round + ".log");
    }

    /**
     * Kills the hub JVM, the postmaster and every server process under it with one {@code kill -9}, so that
     * neither can finish anything the other has begun: what is not on disk by then is gone, as in a power cut.
     */
    private void killHubAndDatabase(Path data) throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("pg").resolve("postmaster.pid")).get(0).trim());
        List<ProcessHandle> doomed = Stream.concat(Stream.of(hub.toHandle()), Stream.concat(hub.toHandle().descendants(),
                ProcessHandle.of(postmaster).stream().flatMap(pm -> Stream.concat(Stream.of(pm), pm.descendants()))))
            .distinct().toList();
        List<String> command = new ArrayList<>(List.of("kill", "-KILL"));
        doomed.forEach(process -> command.add(String.valueOf(process.pid())));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        for (ProcessHandle process : doomed) {
            process.onExit().get(10, TimeUnit.SECONDS);
        }
        assertTrue(doomed.size() > 2, "the hub, the postmaster and its server processes were killed: " + doomed.size());
    }

    private static Connection database(Path data) throws Exception {
        String port = Files.readAllLines(data.resolve("pg").resolve("postmaster.pid")).get(3).trim();
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres");
    }

    private static String show(Connection db, String setting) throws SQLException {
        try (ResultSet rows = db.createStatement().executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    static Set<String> postIds(Connection db, String thread) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT id FROM posts WHERE thread_id = ?::uuid")) {
            query.setString(1, thread);
            Set<String> ids = new java.util.HashSet<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    /** Posts stored more than once (every body is unique, so a repeated body is a duplicate). */
    private static int duplicates(Connection db, String thread) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM posts WHERE thread_id = ?::uuid GROUP BY body) b")) {
            query.setString(1, thread);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The network's events are numbered 1..n without a gap, its counter is n, and every post has its event. */
    static void assertGapFree(Connection db, String network) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(
                "SELECT seq FROM network_events WHERE network_id = ?::uuid ORDER BY seq")) {
            query.setString(1, network);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                }
            }
        }
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "event " + (i + 1) + " of the network's log");
        }
        try (PreparedStatement query = db.prepareStatement("""
                SELECT n.event_seq,
                       (SELECT count(*) FROM posts p WHERE p.network_id = n.id
                          AND NOT EXISTS (SELECT 1 FROM network_events e WHERE e.network_id = n.id AND e.seq = p.seq))
                FROM networks n WHERE n.id = ?::uuid""")) {
            query.setString(1, network);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertEquals(seqs.size(), rows.getLong(1), "the network's counter matches its log");
                assertEquals(0, rows.getLong(2), "posts without their event");
            }
        }
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------

    private record Answer(int status, JsonObject body) {
    }

    private String register() throws Exception {
        String email = "crash." + UUID.randomUUID() + "@test.nhs.uk";
        assertEquals(201, send("POST", "/api/auth/register", null, null, new JsonObject().put("email", email)
            .put("password", PASSWORD).put("displayName", "Crash Poster")).status());
        return send("POST", "/api/auth/login", null, null, new JsonObject().put("email", email).put("password", PASSWORD))
            .body().getString("token");
    }

    private Answer send(String method, String path, String token, String key, JsonObject json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json.encode()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text.isEmpty() ? new JsonObject() : new JsonObject(text));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
