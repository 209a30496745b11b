package uk.nhs.hub.retention;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The retention job, run with a clock the test sets: what has expired goes (with everything that hangs off it),
 * what has not stays, nothing goes under a legal hold on the network or any network above it, two jobs racing
 * delete each record once, and the audit log has the counts.
 */
class RetentionTest {

    private static WebClient client;
    private static TestUser organiser;
    private static final Instant NOW = Instant.now();

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Rita Retention");
    }

    private static RetentionJob job(Instant at) {
        return new RetentionJob(TestHub.get().vertx(), TestHub.get().pool(), Clock.fixed(at, ZoneOffset.UTC));
    }

    private static JsonObject created(String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.post(path).putHeader("Authorization", organiser.bearer())
            .putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body));
        assertEquals(201, response.statusCode(), path + " " + response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static UUID network(String slug, UUID parent) {
        JsonObject body = new JsonObject().put("name", "Network " + slug).put("slug", slug).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent.toString());
        }
        return UUID.fromString(created("/api/networks", body).getString("id"));
    }

    /** A thread with a reply, its last activity {@code yearsAgo} years ago. */
    private static UUID thread(UUID network, String title, int yearsAgo) {
        UUID id = UUID.fromString(created("/api/networks/" + network + "/threads",
            new JsonObject().put("title", title).put("body", "First post")).getString("id"));
        created("/api/threads/" + id + "/posts", new JsonObject().put("body", "A reply"));
        sql("UPDATE threads SET created_at = now() - make_interval(years => $2), last_post_at = now() - make_interval(years => $2)"
            + " WHERE id = $1", Tuple.of(id, yearsAgo));
        return id;
    }

    /** A one-off meeting whose date was {@code yearsAgo} years ago, with an agenda item. */
    private static UUID meeting(UUID network, int yearsAgo) {
        UUID id = UUID.fromString(created("/api/networks/" + network + "/meetings", new JsonObject()
            .put("title", "Board").put("start", "2027-03-01T10:00").put("timeZone", "Europe/London")
            .put("durationMinutes", 60)).getString("id"));
        sql("UPDATE meetings SET start_local = (now() - make_interval(years => $2))::timestamp WHERE id = $1",
            Tuple.of(id, yearsAgo));
        return id;
    }

    /** The network's response to a broadcast whose deadline was {@code yearsAgo} years ago. */
    private static UUID response(UUID network, int yearsAgo) {
        UUID broadcast = await(TestHub.get().pool().preparedQuery("INSERT INTO broadcasts (network_id, deadline)"
                + " VALUES ($1, now() - make_interval(years => $2)) RETURNING id")
            .execute(Tuple.of(network, yearsAgo))).iterator().next().getUUID("id");
        return await(TestHub.get().pool().preparedQuery("INSERT INTO broadcast_responses"
                + " (broadcast_id, version, network_id, network_key, status, answers)"
                + " VALUES ($1, 1, $2, $2, 'submitted', '{}') RETURNING id")
            .execute(Tuple.of(broadcast, network))).iterator().next().getUUID("id");
    }

    private static void keepFor(UUID network, Integer months, boolean hold) {
        sql("INSERT INTO network_retention (network_id, discussions_months, meetings_months, responses_months,"
            + " legal_hold, legal_hold_reason) VALUES ($1, $2, $2, $2, $3, CASE WHEN $3 THEN 'Inquiry' END)"
            + " ON CONFLICT (network_id) DO UPDATE SET discussions_months = $2, meetings_months = $2,"
            + " responses_months = $2, legal_hold = $3, legal_hold_reason = CASE WHEN $3 THEN 'Inquiry' END",
            Tuple.of(network, months, hold));
    }

    private static void sql(String sql, Tuple values) {
        await(TestHub.get().pool().preparedQuery(sql).execute(values));
    }

    private static long count(String sql, Object id) {
        return await(TestHub.get().pool().preparedQuery(sql).execute(Tuple.of(id))).iterator().next().getLong(0);
    }

    private static boolean exists(String table, UUID id) {
        return count("SELECT count(*) FROM " + table + " WHERE id = $1", id) > 0;
    }

    private static List<JsonObject> runs(UUID network) {
        List<JsonObject> runs = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery("SELECT actor_id, detail FROM audit_log"
                + " WHERE action = 'retention.run' AND network_id = $1 ORDER BY id").execute(Tuple.of(network)))) {
            assertEquals(null, row.getUUID("actor_id"));
            runs.add(row.getJsonObject("detail"));
        }
        return runs;
    }

    @Test
    void expiredRecordsGoWithEverythingHangingOffThemAndRecentOnesStay() {
        UUID network = network("keeps-six-years", null);
        UUID oldThread = thread(network, "Old winter plan", 7);
        UUID newThread = thread(network, "This winter", 1);
        UUID oldMeeting = meeting(network, 7);
        UUID newMeeting = meeting(network, 1);
        UUID oldResponse = response(network, 7);
        UUID newResponse = response(network, 1);
        sql("UPDATE network_events SET created_at = now() - interval '7 years' WHERE network_id = $1", Tuple.of(network));
        long events = count("SELECT count(*) FROM network_events WHERE network_id = $1", network);
        keepFor(network, 72, false);

        // two years ago nothing here was yet six years old
        await(job(NOW.minus(Duration.ofDays(2 * 366))).runOnce());
        assertTrue(exists("threads", oldThread) && exists("meetings", oldMeeting) && exists("broadcast_responses", oldResponse));
        assertEquals(List.of(), runs(network));

        await(job(NOW).runOnce());
        assertFalse(exists("threads", oldThread));
        assertEquals(0, count("SELECT count(*) FROM posts WHERE thread_id = $1", oldThread));
        assertEquals(0, count("SELECT count(*) FROM thread_watches WHERE thread_id = $1", oldThread));
        assertFalse(exists("meetings", oldMeeting));
        assertEquals(0, count("SELECT count(*) FROM occurrence_items WHERE meeting_id = $1", oldMeeting));
        assertFalse(exists("broadcast_responses", oldResponse));
        assertTrue(exists("threads", newThread));
        assertEquals(2, count("SELECT count(*) FROM posts WHERE thread_id = $1", newThread));
        assertTrue(exists("meetings", newMeeting));
        assertTrue(exists("broadcast_responses", newResponse));
        assertEquals(0, count("SELECT count(*) FROM network_events WHERE network_id = $1 AND (type <> 'expired'"
            + " OR payload <> '{}')", network), "old events keep nothing of what they said");

        List<JsonObject> runs = runs(network);
        assertEquals(1, runs.size(), runs.toString());
        JsonObject run = runs.get(0);
        assertEquals(1L, run.getLong("threads"));
        assertEquals(2L, run.getLong("posts"));
        assertEquals(1L, run.getLong("meetings"));
        assertEquals(1L, run.getLong("responses"));
        assertEquals(events, run.getLong("events"));
        assertFalse(run.encode().contains("Old winter plan"), "the audit log holds counts, not content");

        // a page catching up from before the run finds every number, so it never waits for a gap to fill
        thread(network, "After the run", 0);
        JsonObject log = await(client.get("/api/networks/" + network + "/events?after=0&limit=200")
            .putHeader("Authorization", organiser.bearer()).send()).bodyAsJsonObject();
        var seqs = log.getJsonArray("events").stream().map(e -> ((JsonObject) e).getLong("seq")).toList();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, log.getLong("latestSeq")).boxed().toList(), seqs);
        assertTrue(seqs.size() > events);
    }

    @Test
    void aLegalHoldOnANetworkKeepsEverythingInItAndInTheNetworksInsideIt() {
        UUID region = network("held-region", null);
        UUID local = network("held-local", region);
        UUID inRegion = thread(region, "Region thread", 9);
        UUID inLocal = thread(local, "Local thread", 9);
        UUID localMeeting = meeting(local, 9);
        keepFor(region, 12, true);
        keepFor(local, 12, false);

        await(job(NOW).runOnce());
        assertTrue(exists("threads", inRegion));
        assertTrue(exists("threads", inLocal));
        assertTrue(exists("meetings", localMeeting));
        assertEquals(List.of(), runs(region));
        assertEquals(List.of(), runs(local));

        keepFor(region, 12, false);
        await(job(NOW).runOnce());
        assertFalse(exists("threads", inRegion));
        assertFalse(exists("threads", inLocal));
        assertFalse(exists("meetings", localMeeting));
    }

    @Test
    void networksThatKeepForeverLoseNothing() {
        UUID network = network("keeps-forever", null);
        UUID old = thread(network, "Ancient", 30);
        keepFor(network, null, false);
        await(job(NOW).runOnce());
        assertTrue(exists("threads", old));
    }

    @Test
    void manyExpiredThreadsGoInBoundedBatchesEachAuditedWithItsCount() {
        UUID network = network("many-old", null);
        int many = RetentionJob.BATCH * 2 + 50;
        sql("INSERT INTO threads (network_id, title, created_at) SELECT $1, 'Old ' || i, now() - interval '9 years'"
            + " FROM generate_series(1, $2) AS i", Tuple.of(network, many));
        keepFor(network, 12, false);

        await(job(NOW).runOnce());
        assertEquals(0, count("SELECT count(*) FROM threads WHERE network_id = $1", network));
        assertEquals(List.of((long) RetentionJob.BATCH, (long) RetentionJob.BATCH, 50L),
            runs(network).stream().map(run -> run.getLong("threads")).toList());
    }

    @Test
    void twoJobsRacingDeleteEachRecordOnceAndAuditItOnce() {
        UUID network = network("raced", null);
        List<UUID> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            threads.add(thread(network, "Raced " + i, 8));
        }
        keepFor(network, 24, false);

        List<Future<Long>> racing = List.of(job(NOW).runOnce(), job(NOW).runOnce(), job(NOW).runOnce());
        await(Future.all(racing));
        long threadsAndEvents = racing.stream().mapToLong(Future::result).sum();
        for (UUID thread : threads) {
            assertFalse(exists("threads", thread));
        }
        List<JsonObject> runs = runs(network);
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(5L, runs.get(0).getLong("threads"));
        assertEquals(threadsAndEvents, runs.get(0).getLong("threads") + runs.get(0).getLong("events"));
    }
}
