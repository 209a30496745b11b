package uk.nhs.hub.discussion;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Posts notify the people they are about, in the post's own transaction: mentioned (by name or role title),
 * replied to, or watching the thread; one notice each, the most specific winning, never to the author; a muted
 * thread lets only a mention by name through. Watching is set through the API and the thread page's forms.
 */
class DiscussionNotificationsTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser nurse;
    private static TestUser doctor;
    private static TestUser guest;
    private static TestUser outsider;
    private static String network;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Olive Organiser");
        nurse = TestUsers.create(client, "Nadia Nurse");
        doctor = TestUsers.create(client, "Dev Doctor");
        guest = TestUsers.create(client, "Gita Guest");
        outsider = TestUsers.create(client, "Otto Outsider");
        DiscussionApiTestSupport support = new DiscussionApiTestSupport(client);
        network = support.network(organiser, "Notified network", null);
        support.member(organiser, network, nurse, "member", "Lead nurse");
        support.member(organiser, network, doctor, "member");
        support.member(organiser, network, guest, "guest");
    }

    private static JsonObject thread(TestUser by, String title) {
        HttpResponse<Buffer> response = await(client.post("/api/networks/" + network + "/threads").putHeader("Authorization", by.bearer())
            .sendJsonObject(new JsonObject().put("title", title).put("body", "Opening words")));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static JsonObject post(TestUser by, String threadId, String text, String parentId) {
        HttpResponse<Buffer> response = await(client.post("/api/threads/" + threadId + "/posts").putHeader("Authorization", by.bearer())
            .sendJsonObject(new JsonObject().put("body", text).put("parentId", parentId)));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static int watch(TestUser as, String threadId, String level) {
        var request = client.put("/api/threads/" + threadId + "/watch");
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(request.sendJsonObject(new JsonObject().put("level", level))).statusCode();
    }

    /** Each person's notices about one post, as "kind" (or absent). */
    private static Map<String, String> noticesOf(String postId) {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (Row row : await(TestHub.get().pool().preparedQuery("""
                SELECT u.display_name, n.kind FROM notifications n JOIN users u ON u.id = n.user_id
                WHERE n.subject = $1 ORDER BY u.display_name""").execute(Tuple.of("post:" + postId)))) {
            kinds.merge(row.getString("display_name"), row.getString("kind"), (a, b) -> a + "+" + b);
        }
        return kinds;
    }

    @Test
    void aPostNotifiesEachPersonItIsAboutOnceWithTheMostSpecificReasonAndNeverItsAuthor() {
        JsonObject thread = thread(organiser, "Reasons");
        String threadId = thread.getString("id");
        String opening = thread.getJsonObject("firstPost").getString("id");
        watch(doctor, threadId, "watching");

        JsonObject first = post(nurse, threadId, "A reply to the opening", opening);
        assertEquals(Map.of("Dev Doctor", "watched-post", "Olive Organiser", "reply"), noticesOf(first.getString("id")),
            "the author of the thread watches it and is replied to; the doctor watches; the nurse wrote it");

        JsonObject second = post(doctor, threadId, "@[Lead nurse] and @[Olive Organiser], see this", first.getString("id"));
        assertEquals(Map.of("Nadia Nurse", "mention", "Olive Organiser", "mention"), noticesOf(second.getString("id")),
            "a mention beats the reply (nurse) and watching (both); one notice each; no guest or outsider");

        JsonObject third = post(organiser, threadId, "Anyone else?", null);
        assertEquals(Map.of("Nadia Nurse", "watched-post"), noticesOf(third.getString("id")),
            "posting made the nurse a watcher; the doctor's unread notice of the first reply still stands for this one");
    }

    @Test
    void aWatchedThreadLeavesOneNoticeAtTheFirstUnreadPostUntilItIsReadWhileMentionsStillEachNotify() {
        String threadId = thread(organiser, "Busy thread").getString("id");
        watch(doctor, threadId, "watching");
        List<String> posts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            posts.add(post(nurse, threadId, "Update " + i, null).getString("id"));
        }
        List<Future<HttpResponse<Buffer>>> together = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            together.add(client.post("/api/threads/" + threadId + "/posts").putHeader("Authorization", nurse.bearer())
                .sendJsonObject(new JsonObject().put("body", "At once " + i)));
        }
        await(Future.all(together));
        together.forEach(sent -> assertEquals(201, sent.result().statusCode(), sent.result().bodyAsString()));
        assertEquals(List.of("/threads/" + threadId + "?post=" + posts.get(0) + "#post-" + posts.get(0)), watchedNotices(doctor, threadId),
            "one notice, leading to the first post the doctor has not read");

        JsonObject mention = post(nurse, threadId, "@[Dev Doctor] please look", null);
        assertEquals("mention", noticesOf(mention.getString("id")).get("Dev Doctor"), "a mention is told on its own");

        PageRequests.get(client, doctor, "/threads/" + threadId);
        String after = post(nurse, threadId, "After you read it", null).getString("id");
        assertEquals("watched-post", noticesOf(after).get("Dev Doctor"), "once read, the next post tells the doctor again");
        assertEquals(1, watchedNotices(doctor, threadId).size());
    }

    /** The links of a person's unread notices of watched posts in one thread. */
    private static List<String> watchedNotices(TestUser who, String threadId) {
        List<String> links = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery("""
                SELECT href FROM notifications WHERE user_id = $1 AND kind = 'watched-post' AND read_at IS NULL
                  AND href LIKE '/threads/' || $2 || '?%' ORDER BY id""").execute(Tuple.of(who.id(), threadId)))) {
            links.add(row.getString("href"));
        }
        return links;
    }

    @Test
    void aMutedThreadNotifiesOnlyForAMentionByName() {
        JsonObject thread = thread(organiser, "Muted");
        String threadId = thread.getString("id");
        JsonObject nursePost = post(nurse, threadId, "My view", null);
        assertEquals(200, watch(nurse, threadId, "muted"));

        String reply = post(doctor, threadId, "Answering the nurse", nursePost.getString("id")).getString("id");
        String byTitle = post(doctor, threadId, "Over to the @[Lead nurse]", null).getString("id");
        String byName = post(doctor, threadId, "Over to @[Nadia Nurse]", null).getString("id");
        String byBoth = post(doctor, threadId, "@[Lead nurse], that is @[Nadia Nurse]", null).getString("id");

        assertTrue(!noticesOf(reply).containsKey("Nadia Nurse"), "a reply to a muted person is quiet");
        assertTrue(!noticesOf(byTitle).containsKey("Nadia Nurse"), "a role-title mention is quiet");
        assertEquals("mention", noticesOf(byName).get("Nadia Nurse"), "a mention by name still reaches her");
        assertEquals("mention", noticesOf(byBoth).get("Nadia Nurse"), "named and titled at once is a mention by name");
        post(nurse, threadId, "Posting keeps it muted", null);
        String later = post(doctor, threadId, "Later", null).getString("id");
        assertTrue(!noticesOf(later).containsKey("Nadia Nurse"), "posting in a muted thread does not unmute it");
    }

    @Test
    void aMentionIsStillEmailedAtOnceAndItsNoticeCarriesTheLinkAndNetwork() {
        JsonObject thread = thread(organiser, "Emailed mention");
        String postId = post(organiser, thread.getString("id"), "Please look, @[Dev Doctor]", null).getString("id");
        Row notice = await(TestHub.get().pool().preparedQuery("""
                SELECT title, href, network_id, email_state FROM notifications WHERE user_id = $1 AND subject = $2""")
            .execute(Tuple.of(doctor.id(), "post:" + postId))).iterator().next();
        assertEquals("Olive Organiser mentioned you in Emailed mention", notice.getString("title"));
        assertEquals("/threads/" + thread.getString("id") + "?post=" + postId + "#post-" + postId, notice.getString("href"));
        assertEquals(network, notice.getUUID("network_id").toString());
        assertEquals("sent", notice.getString("email_state"));
        assertEquals(1L, await(TestHub.get().pool().preparedQuery(
                "SELECT count(*) FROM outbox WHERE to_address = $1 AND subject = 'Olive Organiser mentioned you in Emailed mention'")
            .execute(Tuple.of(doctor.email()))).iterator().next().getLong(0));
    }

    @Test
    void aPostThatRollsBackLeavesNoNotice() {
        JsonObject thread = thread(organiser, "Rolled back");
        var pool = TestHub.get().pool();
        // the idempotency record is saved after the post and its notices, inside the same transaction: failing it
        // there is a failure of the whole post that comes after the notices were written
        await(pool.query("""
            CREATE FUNCTION fail_rolled_back_key() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.key = 'roll-back-this-post' THEN RAISE EXCEPTION 'failing the post on purpose'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER fail_rolled_back_key BEFORE UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION fail_rolled_back_key();
            """).execute());
        try {
            // a plain client: the contract documents no 500, and this one is caused on purpose
            WebClient unchecked = WebClient.create(TestHub.get().vertx(), new io.vertx.ext.web.client.WebClientOptions()
                .setDefaultHost("localhost").setDefaultPort(TestHub.get().port()));
            int status = await(unchecked.post("/api/threads/" + thread.getString("id") + "/posts")
                .putHeader("Authorization", doctor.bearer()).putHeader("Idempotency-Key", "roll-back-this-post")
                .sendJsonObject(new JsonObject().put("body", "Hello @[Nadia Nurse]"))).statusCode();
            assertEquals(500, status);
        } finally {
            await(pool.query("DROP TRIGGER fail_rolled_back_key ON idempotency_keys; DROP FUNCTION fail_rolled_back_key();").execute());
        }
        assertEquals(0L, await(pool.preparedQuery("SELECT count(*) FROM notifications WHERE title LIKE '%in Rolled back'")
            .execute()).iterator().next().getLong(0));
        assertEquals(0L, await(pool.preparedQuery("SELECT count(*) FROM outbox WHERE subject LIKE '%in Rolled back'")
            .execute()).iterator().next().getLong(0));
    }

    @Test
    void onlyReadersOfAThreadMayChooseHowToFollowItAndOthersAreToldItDoesNotExist() {
        String threadId = thread(organiser, "Who may watch").getString("id");
        List<String> actual = new ArrayList<>();
        Map<String, TestUser> callers = new LinkedHashMap<>();
        callers.put("organiser", organiser);
        callers.put("member", nurse);
        callers.put("guest", guest);
        callers.put("outsider", outsider);
        callers.put("signed out", null);
        callers.forEach((role, who) -> actual.add(role + " " + watch(who, threadId, "watching")));
        assertEquals(List.of("organiser 200", "member 200", "guest 404", "outsider 404", "signed out 401"), actual);
        assertEquals(404, watch(nurse, java.util.UUID.randomUUID().toString(), "watching"), "a missing thread answers the same");
        assertEquals(400, watch(nurse, threadId, "loudly"));
    }

    @Test
    void theThreadPageOffersWatchStopWatchingAndMuteAsFormsThatWorkWithoutJavaScript() {
        String threadId = thread(organiser, "Watch forms").getString("id");
        String page = PageRequests.get(client, doctor, "/threads/" + threadId).bodyAsString();
        assertTrue(page.contains("name=\"level\" value=\"watching\""), "not yet watching: offered Watch");

        HttpResponse<Buffer> watched = PageRequests.post(client, doctor, "/threads/" + threadId + "/watch", Map.of("level", "watching"));
        assertEquals(303, watched.statusCode());
        page = PageRequests.get(client, doctor, watched.getHeader("Location")).bodyAsString();
        assertTrue(page.contains("You are now watching this discussion"), page);
        assertTrue(page.contains("Stop watching"), "now offered Stop watching");

        PageRequests.post(client, doctor, "/threads/" + threadId + "/watch", Map.of("level", "muted"));
        page = PageRequests.get(client, doctor, "/threads/" + threadId).bodyAsString();
        assertTrue(page.contains("Unmute"), "a muted thread offers Unmute");
        assertEquals(404, PageRequests.post(client, outsider, "/threads/" + threadId + "/watch", Map.of("level", "watching")).statusCode());
    }

    @Test
    void openingAThreadMarksItsNoticesReadAndTheHeaderBadgeShowsTheRest() {
        String threadId = thread(organiser, "Read by opening").getString("id");
        String other = thread(organiser, "Still unread").getString("id");
        post(organiser, threadId, "Look @[Dev Doctor]", null);
        post(organiser, other, "And here @[Dev Doctor]", null);
        long before = unread(doctor);

        String page = PageRequests.get(client, doctor, "/threads/" + threadId).bodyAsString();
        assertEquals(before - 1, unread(doctor));
        assertTrue(page.contains("<span class=\"hub-badge\" data-unread-count>" + (before - 1) + "</span>"),
            "the badge counts what is left: " + page.substring(0, Math.min(page.length(), 4000)));
    }

    private static long unread(TestUser who) {
        return await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .execute(Tuple.of(who.id()))).iterator().next().getLong(0);
    }
}
