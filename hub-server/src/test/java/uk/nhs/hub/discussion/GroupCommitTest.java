package uk.nhs.hub.discussion;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.network.NetworkEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Replies to one network that arrive while its commit is in flight go together in the next transaction. The
 * tests hold the network's row lock from outside, so that the first reply waits on it while the others queue
 * behind it; releasing the lock lets the first commit alone and the rest together, in one batch.
 */
class GroupCommitTest {

    private static WebClient client;
    private static TestUser organiser;
    private static final List<TestUser> POSTERS = new ArrayList<>();

    @BeforeAll
    static void start() {
        // the default client sends at most five requests at once; the batches here need twenty in flight
        client = TestHub.get().contract().watch(WebClient.create(TestHub.get().vertx(), new WebClientOptions()
            .setDefaultHost("127.0.0.1").setDefaultPort(TestHub.get().port()), new PoolOptions().setHttp1MaxSize(32)));
        organiser = TestUsers.create(client, "Batch Organiser");
        for (int i = 0; i < 10; i++) {
            POSTERS.add(TestUsers.create(client, "Batch Poster " + i));
        }
    }

    private static PostCommits commits() {
        return TestHub.get().hub().discussions().service().commits();
    }

    /** A network whose organiser and ten posters are full members, with one thread. */
    private static String[] networkWithThread() {
        DiscussionApiTestSupport support = new DiscussionApiTestSupport(client);
        String network = support.network(organiser, "Batch network", null);
        POSTERS.forEach(poster -> support.member(organiser, network, poster, "member"));
        HttpResponse<Buffer> thread = await(client.post("/api/networks/" + network + "/threads")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Batched replies").put("body", "Opening")));
        assertEquals(201, thread.statusCode(), thread.bodyAsString());
        return new String[]{network, thread.bodyAsJsonObject().getString("id")};
    }

    private static Future<HttpResponse<Buffer>> reply(TestUser as, String threadId, String body, String key) {
        var request = client.post("/api/threads/" + threadId + "/posts").putHeader("Authorization", as.bearer());
        if (key != null) {
            request.putHeader("Idempotency-Key", key);
        }
        return request.sendJsonObject(new JsonObject().put("body", body));
    }

    /**
     * Sends the first request, holding the network row lock so it cannot commit, waits until the other requests
     * queue behind it, then lets go; returns every response in the order sent.
     */
    private static List<HttpResponse<Buffer>> together(String network, List<Supplier<Future<HttpResponse<Buffer>>>> requests) {
        SqlConnection lock = await(TestHub.get().pool().getConnection());
        try {
            await(lock.query("BEGIN").execute());
            await(lock.preparedQuery("SELECT id FROM networks WHERE id = $1 FOR UPDATE").execute(Tuple.of(UUID.fromString(network))));
            List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
            sent.add(requests.get(0).get());
            waitFor(() -> activeOn(network));
            for (Supplier<Future<HttpResponse<Buffer>>> request : requests.subList(1, requests.size())) {
                sent.add(request.get());
            }
            waitFor(() -> commits().waiting(UUID.fromString(network)) == requests.size() - 1);
            await(lock.query("ROLLBACK").execute());
            return sent.stream().map(TestHub::await).toList();
        } finally {
            lock.close();
        }
    }

    /** Whether a transaction is waiting for the network's row lock (the first reply, blocked behind the test). */
    private static boolean activeOn(String network) {
        return await(TestHub.get().pool().query("""
            SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND a.query LIKE '%UPDATE networks SET event_seq%'
            """).execute()).iterator().next().getLong(0) > 0;
    }

    private static void waitFor(Supplier<Boolean> condition) {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.get()) {
            assertTrue(System.nanoTime() < until, () -> "timed out waiting for the replies to queue: "
                + await(TestHub.get().pool().query("SELECT string_agg(state || ' ' || coalesce(wait_event, '') || ' ' || left(query, 60), ' | ')"
                    + " FROM pg_stat_activity WHERE datname = current_database()").execute()).iterator().next().getString(0));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static long count(String sql, Object... params) {
        return await(TestHub.get().pool().preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
    }

    @Test
    void repliesArrivingWhileACommitIsInFlightCommitTogetherAllAcceptedWithGapFreeNumbersAndEventsInOrder() {
        String[] made = networkWithThread();
        String network = made[0];
        String thread = made[1];
        List<JsonObject> delivered = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> live = TestHub.get().vertx().eventBus()
            .consumer(NetworkEvents.ADDRESS_PREFIX + network, message -> delivered.add(message.body()));
        await(live.completion());
        long batchesBefore = commits().batches();
        long triedAloneBefore = commits().batchesTriedAlone();
        List<Supplier<Future<HttpResponse<Buffer>>>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            requests.add(() -> reply(POSTERS.get(n % POSTERS.size()), thread, "Reply " + n, null));
        }

        List<HttpResponse<Buffer>> responses = together(network, requests);

        responses.forEach(r -> assertEquals(201, r.statusCode(), r.bodyAsString()));
        assertEquals(2, commits().batches() - batchesBefore, "the first reply alone, then the other nineteen together");
        assertTrue(commits().largestBatch() >= 19);
        assertEquals(triedAloneBefore, commits().batchesTriedAlone(), "the nineteen committed together, not one by one");
        List<Long> seqs = responses.stream().map(r -> r.bodyAsJsonObject().getLong("seq")).sorted().toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "event numbers have no gaps");
        }
        List<Integer> positions = responses.stream().map(r -> r.bodyAsJsonObject().getInteger("position")).sorted().toList();
        for (int i = 0; i < positions.size(); i++) {
            assertEquals(2 + i, positions.get(i), "thread positions follow the opening post without gaps");
        }
        assertEquals(20, count("SELECT count(*) FROM network_events WHERE network_id = $1 AND type = 'post.created'"
            + " AND seq >= $2", UUID.fromString(network), seqs.get(0)));
        waitFor(() -> delivered.stream().filter(e -> "post.created".equals(e.getString("type"))).count() == 20);
        List<Long> order = delivered.stream().filter(e -> "post.created".equals(e.getString("type")))
            .map(e -> e.getLong("seq")).toList();
        assertEquals(seqs, order, "live events are published in the order of their numbers");
        live.unregister();
    }

    @Test
    void repliesToTwoThreadsOfOneNetworkCommitTogetherEachThreadNumberedWithoutGaps() {
        String[] made = networkWithThread();
        String network = made[0];
        String first = made[1];
        HttpResponse<Buffer> created = await(client.post("/api/networks/" + network + "/threads").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "The other thread").put("body", "Opening")));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        String second = created.bodyAsJsonObject().getString("id");
        long triedAloneBefore = commits().batchesTriedAlone();
        List<Supplier<Future<HttpResponse<Buffer>>>> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            requests.add(() -> reply(POSTERS.get(n % POSTERS.size()), n % 3 == 0 ? second : first, "Reply " + n, null));
        }

        List<HttpResponse<Buffer>> responses = together(network, requests);

        responses.forEach(r -> assertEquals(201, r.statusCode(), r.bodyAsString()));
        assertEquals(triedAloneBefore, commits().batchesTriedAlone(), "the eleven after the first committed together");
        for (String thread : List.of(first, second)) {
            List<Integer> positions = responses.stream().map(HttpResponse::bodyAsJsonObject)
                .filter(post -> thread.equals(post.getString("threadId"))).map(post -> post.getInteger("position")).sorted().toList();
            for (int i = 0; i < positions.size(); i++) {
                assertEquals(2 + i, positions.get(i), "each thread's positions follow its opening post without gaps");
            }
            assertEquals(positions.size() + 1, count("SELECT post_count FROM threads WHERE id = $1", UUID.fromString(thread)));
        }
        List<Long> seqs = responses.stream().map(r -> r.bodyAsJsonObject().getLong("seq")).sorted().toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "event numbers have no gaps");
        }
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyInsideABatchGetsTheFirstReplyBackAndStoresOnePost() {
        String[] made = networkWithThread();
        String thread = made[1];
        TestUser poster = POSTERS.get(0);
        String key = "batch-retry-" + UUID.randomUUID();
        List<Supplier<Future<HttpResponse<Buffer>>>> requests = List.of(
            () -> reply(POSTERS.get(1), thread, "First in line", null),
            () -> reply(poster, thread, "Sent twice", key),
            () -> reply(POSTERS.get(2), thread, "In between", null),
            () -> reply(poster, thread, "Sent twice", key));

        List<HttpResponse<Buffer>> responses = together(made[0], requests);

        responses.forEach(r -> assertEquals(201, r.statusCode(), r.bodyAsString()));
        assertEquals(responses.get(1).bodyAsJsonObject().getString("id"), responses.get(3).bodyAsJsonObject().getString("id"));
        assertEquals(1, count("SELECT count(*) FROM posts WHERE thread_id = $1 AND body = 'Sent twice'", UUID.fromString(thread)));
        assertEquals(4, count("SELECT post_count FROM threads WHERE id = $1", UUID.fromString(thread)),
            "the opening post and three replies");
    }

    @Test
    void aReplyThatFailsInsideABatchFailsAloneAndLeavesNoGapInTheNumbers() {
        String[] made = networkWithThread();
        String network = made[0];
        String open = made[1];
        HttpResponse<Buffer> lockedThread = await(client.post("/api/networks/" + network + "/threads")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Closed").put("body", "Opening")));
        String closed = lockedThread.bodyAsJsonObject().getString("id");
        assertEquals(200, await(client.patch("/api/threads/" + closed).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("locked", true))).statusCode());
        TestUser poster = POSTERS.get(3);
        String reused = "batch-reused-" + UUID.randomUUID();
        assertEquals(201, await(reply(poster, open, "Claims the key", reused)).statusCode());
        long latestBefore = count("SELECT event_seq FROM networks WHERE id = $1", UUID.fromString(network));
        List<Supplier<Future<HttpResponse<Buffer>>>> requests = List.of(
            () -> reply(POSTERS.get(4), open, "First in line", null),
            () -> reply(POSTERS.get(5), open, "Before the locked one", null),
            () -> reply(POSTERS.get(6), closed, "Too late", null),
            () -> reply(POSTERS.get(7), open, "Between the failures", null),
            () -> reply(poster, closed, "Another request under a used key", reused),
            () -> reply(POSTERS.get(8), open, "After the failures", null));

        List<HttpResponse<Buffer>> responses = together(network, requests);

        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
        assertEquals(List.of(201, 201, 409, 201, 409, 201), statuses);
        assertEquals("Idempotency-Key", responses.get(4).bodyAsJsonObject().getJsonObject("error").getString("field"));
        JsonArray events = await(client.get("/api/networks/" + network + "/events?after=" + latestBefore)
            .putHeader("Authorization", organiser.bearer()).send()).bodyAsJsonObject().getJsonArray("events");
        assertEquals(4, events.size(), "only the accepted replies are in the log");
        for (int i = 0; i < events.size(); i++) {
            assertEquals(latestBefore + 1 + i, events.getJsonObject(i).getLong("seq"), "a failed reply leaves no gap");
        }
        assertEquals(0, count("SELECT count(*) FROM posts WHERE thread_id = $1 AND position > 1", UUID.fromString(closed)));
    }

    private static String paper(String network, String title) {
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + network + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create().attribute("title", title)
                .binaryFileUpload("file", "paper.txt", Buffer.buffer("Text of " + title), "text/plain")));
        assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
        return uploaded.bodyAsJsonObject().getString("id");
    }

    private static Future<HttpResponse<Buffer>> replyWithPapers(TestUser as, String threadId, String body, String... papers) {
        return client.post("/api/threads/" + threadId + "/posts").putHeader("Authorization", as.bearer())
            .sendJsonObject(new JsonObject().put("body", body).put("documentIds", new JsonArray(List.of((Object[]) papers))));
    }

    @Test
    void repliesWithPapersInABatchAttachThemInTheirOwnTransactionAndAFailedOneLeavesNoPaperRows() {
        String[] made = networkWithThread();
        String network = made[0];
        String open = made[1];
        String closed = await(client.post("/api/networks/" + network + "/threads").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Closed").put("body", "Opening"))).bodyAsJsonObject().getString("id");
        assertEquals(200, await(client.patch("/api/threads/" + closed).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("locked", true))).statusCode());
        String agenda = paper(network, "Agenda");
        String minutes = paper(network, "Minutes");
        String refusedPaper = paper(network, "Refused with its post");
        String elsewhere = paper(networkWithThread()[0], "Another network's paper");

        List<HttpResponse<Buffer>> responses = together(network, List.of(
            () -> replyWithPapers(POSTERS.get(0), open, "First, with the agenda", agenda),
            () -> replyWithPapers(POSTERS.get(1), open, "With both", minutes, agenda),
            () -> replyWithPapers(POSTERS.get(2), closed, "Too late, with a paper", refusedPaper),
            () -> replyWithPapers(POSTERS.get(3), open, "With another network's paper", refusedPaper, elsewhere),
            () -> replyWithPapers(POSTERS.get(4), open, "With the minutes", minutes)));

        assertEquals(List.of(201, 201, 409, 400, 201), responses.stream().map(HttpResponse::statusCode).toList());
        assertTrue(commits().largestBatch() > 1, "the replies went in one batch");
        assertEquals(0, count("SELECT count(*) FROM post_attachments WHERE document_id = ANY($1)",
            (Object) new UUID[]{UUID.fromString(refusedPaper), UUID.fromString(elsewhere)}), "refused replies attached nothing");
        assertEquals(4, count("SELECT count(*) FROM post_attachments a JOIN posts p ON p.id = a.post_id WHERE p.thread_id = $1",
            UUID.fromString(open)));
        JsonArray both = responses.get(1).bodyAsJsonObject().getJsonArray("attachments");
        assertEquals(List.of(minutes, agenda), both.stream().map(p -> ((JsonObject) p).getString("documentId")).toList());
    }
}
