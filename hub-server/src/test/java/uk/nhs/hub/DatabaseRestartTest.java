package uk.nhs.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import uk.nhs.hub.TestUsers.TestUser;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * A hub on an external PostgreSQL that is restarted while people post: {@code /ready} reports the outage and
 * then recovers without anyone touching the hub, posting resumes, and every post that got a 201 is kept.
 */
class DatabaseRestartTest {

    private static final int POSTERS = 8;

    /** A server whose data outlives it (zonky deletes a clean data directory when it stops), durable as the hub expects. */
    private static EmbeddedPostgres postgres(Path directory, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false).setPort(port)
            .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
            .setOutputRedirector(ProcessBuilder.Redirect.DISCARD).setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
            .start();
    }

    private static int readyStatus(WebClient client) {
        try {
            return await(client.get("/ready").send()).statusCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static boolean waitForReady(WebClient client, int status, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (readyStatus(client) == status) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void restartingTheDatabaseUnderLoadLosesNoAcceptedPostAndTheHubRecoversByItself() throws Exception {
        Path directory = Files.createTempDirectory("hub-external-pg").resolve("pg");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "postgresql://postgres:postgres@localhost:" + port + "/postgres";
        EmbeddedPostgres database = postgres(directory, port);
        Hub hub = TestHub.get().startAnother(json -> json.getJsonObject("database").put("url", url));
        WebClient client = WebClient.create(TestHub.get().vertx(),
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(hub.port()));
        try {
            TestUser poster = TestUsers.create(client, "Restart Poster");
            String network = await(client.post("/api/networks").putHeader("Authorization", poster.bearer())
                .sendJsonObject(new JsonObject().put("name", "Restart network").put("visibility", "private")))
                .bodyAsJsonObject().getString("id");
            String thread = await(client.post("/api/networks/" + network + "/threads").putHeader("Authorization", poster.bearer())
                .sendJsonObject(new JsonObject().put("title", "Through a restart").put("body", "Opening")))
                .bodyAsJsonObject().getString("id");

            Map<String, String> accepted = new ConcurrentHashMap<>();
            AtomicInteger acceptedAfterRestart = new AtomicInteger();
            AtomicBoolean restarted = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            // what a poster was told while the database was away: only "try again" (503), in the error shape
            Map<Integer, String> refusals = new ConcurrentHashMap<>();
            ExecutorService posters = Executors.newFixedThreadPool(POSTERS);
            for (int p = 0; p < POSTERS; p++) {
                int poster1 = p;
                posters.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        try {
                            HttpResponse<Buffer> response = await(client.post("/api/threads/" + thread + "/posts")
                                .putHeader("Authorization", poster.bearer())
                                .putHeader("Idempotency-Key", UUID.randomUUID().toString())
                                .sendJsonObject(new JsonObject().put("body", "poster " + poster1 + " post " + n)));
                            if (response.statusCode() == 201) {
                                accepted.put(response.bodyAsJsonObject().getString("id"), "poster " + poster1 + " post " + n);
                                if (restarted.get()) {
                                    acceptedAfterRestart.incrementAndGet();
                                }
                            } else {
                                refusals.putIfAbsent(response.statusCode(), response.bodyAsString());
                                Thread.sleep(20);
                            }
                        } catch (RuntimeException refusedWhileDown) {
                            Thread.sleep(20);
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1000);
            assertTrue(!accepted.isEmpty(), "posts are accepted before the restart");

            database.close();
            assertTrue(waitForReady(client, 503, 10_000), "/ready reports the database down");
            database = postgres(directory, port);
            restarted.set(true);
            assertTrue(waitForReady(client, 200, 30_000), "/ready recovers once the database is back");
            long deadline = System.currentTimeMillis() + 15_000;
            while (acceptedAfterRestart.get() < 50 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            stop.set(true);
            posters.shutdown();
            assertTrue(posters.awaitTermination(30, TimeUnit.SECONDS));
            assertTrue(acceptedAfterRestart.get() >= 50, "posting resumed: " + acceptedAfterRestart.get());
            assertEquals(Set.of(503), refusals.keySet(), "refusals while the database was away: " + refusals);
            assertEquals("unavailable", new JsonObject(refusals.get(503)).getJsonObject("error").getString("code"));

            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                    "postgres", "postgres")) {
                Set<String> stored = CrashDurabilityTest.postIds(db, thread);
                List<String> lost = accepted.keySet().stream().filter(id -> !stored.contains(id)).toList();
                assertEquals(List.of(), lost, "posts that got a 201 and were lost");
                CrashDurabilityTest.assertGapFree(db, network);
            }
        } finally {
            await(hub.stop());
            database.close();
        }
    }
}
