package uk.nhs.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/**
 * A broadcast reaching more people than the sending transaction tells itself ({@link BroadcastService#TELL_AT_ONCE})
 * queues the rest (V72) and tells them after its commit, a chunk a transaction: everyone is told exactly once, also
 * when the node stops part way and when two nodes take up the queue at once.
 */
class BroadcastTellingTest {

    /** More than two chunks' worth, so that the telling goes on past its first chunk after the commit. */
    private static final int MEMBERS = BroadcastService.TELL_AT_ONCE * 2 + 57;

    private static WebClient client;
    private static TestUser central;
    private static String region;
    private static String local;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        TestUser organiser = TestUsers.create(client, "Telling Organiser");
        central = TestUsers.create(client, "Telling Central");
        region = BroadcastApiTest.networkFor(client, organiser, "Telling region", null);
        BroadcastApiTest.memberFor(client, organiser, region, central, "central");
        local = BroadcastApiTest.networkFor(client, organiser, "Telling local", region);
        // written straight into the database: the API would hash a password for each of them
        await(TestHub.get().pool().preparedQuery("""
            WITH made AS (
                INSERT INTO users (email, password_hash, display_name)
                SELECT 'telling.member' || n || '@example.nhs.uk', 'not-a-hash', 'Telling member ' || n
                FROM generate_series(1, $1) n RETURNING id
            )
            INSERT INTO memberships (network_id, user_id, role) SELECT $2, id, 'member' FROM made
            """).execute(Tuple.of(MEMBERS, UUID.fromString(local))));
    }

    private static String send(String title) {
        JsonObject body = new JsonObject().put("networkId", region).put("title", title).put("body", "Please read it.")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(local)).put("includeDescendants", false));
        HttpResponse<Buffer> sent = await(client.post("/api/broadcasts").putHeader("Authorization", central.bearer()).sendJsonObject(body));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        return sent.bodyAsJsonObject().getString("id");
    }

    private static long count(String sql, Object... params) {
        return BroadcastApiTest.count(sql, params);
    }

    /** Waits (up to 20 s) until no telling of the broadcast is queued. */
    private static void awaitTold(String broadcast) {
        long until = System.currentTimeMillis() + 20_000;
        while (count("SELECT count(*) FROM broadcast_tellings WHERE broadcast_id = $1", UUID.fromString(broadcast)) > 0) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("the broadcast's recipients were not all told within 20 s");
            }
            await(Future.future(p -> TestHub.get().vertx().setTimer(50, t -> p.complete())));
        }
    }

    /** How many of the members got the broadcast's notice, and how many notices they got in all. */
    private static long[] told(String broadcast) {
        long people = count("SELECT count(DISTINCT user_id) FROM notifications WHERE subject = $1", "broadcast:" + broadcast);
        long notices = count("SELECT count(*) FROM notifications WHERE subject = $1", "broadcast:" + broadcast);
        return new long[]{people, notices};
    }

    @Test
    void everyoneIsToldOnceTheFirstInTheSendingTransactionAndTheRestAfterItsCommit() {
        String broadcast = send("Guidance for many");
        awaitTold(broadcast);
        // the members, and the organiser of the local network, who is a member of it too
        long[] told = told(broadcast);
        assertEquals(MEMBERS + 1, told[0]);
        assertEquals(told[0], told[1], "nobody was told twice");
        assertEquals(MEMBERS + 1, count("SELECT count(*) FROM outbox WHERE subject = 'New guidance: Guidance for many'"));
    }

    @Test
    void aTellingLeftPartWayByAStoppedNodeIsFinishedByTheMinutesCheckOnlyOnceWhenTwoNodesTakeItUp() {
        String broadcast = send("Guidance left part way");
        awaitTold(broadcast);
        // as if the node had stopped after its first chunk: the later people's notices never written, the cursor
        // where the first chunk left it
        await(TestHub.get().pool().preparedQuery("""
            WITH ordered AS (
                SELECT user_id, row_number() OVER (ORDER BY user_id) AS n FROM notifications WHERE subject = $1
            ), cut AS (
                DELETE FROM notifications WHERE subject = $1 AND user_id IN (SELECT user_id FROM ordered WHERE n > $2)
            )
            INSERT INTO broadcast_tellings (broadcast_id, kind, subject, message, told_through)
            VALUES ($3, 'broadcast', 'New guidance: Guidance left part way', 'Please read it.',
                    (SELECT user_id FROM ordered WHERE n = $2))
            """).execute(Tuple.of("broadcast:" + broadcast, BroadcastService.TELL_AT_ONCE, UUID.fromString(broadcast))));
        assertEquals(BroadcastService.TELL_AT_ONCE, told(broadcast)[0]);

        // two nodes' minute checks at once: each chunk is taken by one of them
        BroadcastService service = TestHub.get().hub().broadcasts().service();
        await(Future.all(service.tellQueued(null), service.tellQueued(null)));

        long[] told = told(broadcast);
        assertEquals(MEMBERS + 1, told[0]);
        assertEquals(told[0], told[1], "nobody was told twice");
        assertEquals(0, count("SELECT count(*) FROM broadcast_tellings"));
    }

    @Test
    void aNewVersionIsToldToEveryoneToo() {
        String broadcast = send("Guidance with a version");
        awaitTold(broadcast);
        HttpResponse<Buffer> version = await(client.post("/api/broadcasts/" + broadcast + "/versions")
            .putHeader("Authorization", central.bearer())
            .sendJsonObject(new JsonObject().put("body", "Please read the new version.").put("changeSummary", "Clearer")));
        assertEquals(201, version.statusCode(), version.bodyAsString());
        awaitTold(broadcast);
        assertEquals(MEMBERS + 1, count("SELECT count(*) FROM outbox WHERE subject LIKE 'Updated guidance: Guidance with a version'"));
    }
}
