package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.Zips;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * "Your data": a person downloads everything the hub holds about them, streamed however much there is, and
 * erases their account, leaving their posts to "a former member" and their address free to register again.
 */
class YourDataTest {

    private static WebClient client;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
    }

    private static JsonObject created(TestUser by, String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.post(path).putHeader("Authorization", by.bearer())
            .sendJsonObject(body));
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200, path + ": " + response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    /** A private network organised by {@code organiser}, with {@code members} as full members. */
    private static String network(TestUser organiser, String name, TestUser... members) {
        String id = created(organiser, "/api/networks", new JsonObject().put("name", name)
            .put("slug", name.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-" + UUID.randomUUID().toString().substring(0, 6))
            .put("visibility", "private")).getString("id");
        for (TestUser member : members) {
            created(organiser, "/api/networks/" + id + "/members",
                new JsonObject().put("email", member.email()).put("role", "member"));
        }
        return id;
    }

    private static HttpResponse<Buffer> export(TestUser as) {
        return await(client.get("/api/me/export").putHeader("Authorization", as.bearer()).send());
    }

    private static HttpResponse<Buffer> erase(TestUser as, String password) {
        return await(client.delete("/api/me").putHeader("Authorization", as.bearer())
            .sendJsonObject(new JsonObject().put("password", password)));
    }

    private static String errorField(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error").getString("field");
    }

    @Test
    void exportHoldsEveryPartOfWhatTheHubHoldsAboutThePersonAsJsonAndCsvWithFormulasDefused() {
        TestUser organiser = TestUsers.create(client, "Olive Exporter");
        TestUser priya = TestUsers.create(client, "Priya Export");
        String networkId = network(organiser, "Export network", priya);
        network(organiser, "Other export network");
        String meeting = created(organiser, "/api/networks/" + networkId + "/meetings", new JsonObject()
            .put("title", "Export meeting").put("start", "2027-03-01T10:00").put("timeZone", "Europe/London")
            .put("durationMinutes", 60)).getString("id");
        String start = await(client.get("/api/meetings/" + meeting + "/occurrences?from=2027-01-01")
            .putHeader("Authorization", priya.bearer()).send()).bodyAsJsonObject().getJsonArray("occurrences")
            .getJsonObject(0).getString("originalStart");
        assertEquals(200, await(client.put("/api/meetings/" + meeting + "/occurrences/"
                + URLEncoder.encode(start, StandardCharsets.UTF_8) + "/rsvp").putHeader("Authorization", priya.bearer())
            .sendJsonObject(new JsonObject().put("response", "yes"))).statusCode());
        JsonObject thread = created(priya, "/api/networks/" + networkId + "/threads",
            new JsonObject().put("title", "Formulas").put("body", "=HYPERLINK(\"http://evil.example\",\"click\")"));
        String postId = thread.getJsonObject("firstPost").getString("id");
        created(organiser, "/api/posts/" + postId + "/reactions", new JsonObject().put("reaction", "thanks"));
        created(priya, "/api/posts/" + postId + "/reactions", new JsonObject().put("reaction", "like"));
        created(priya, "/api/me/calendar-feed", new JsonObject());
        await(TestHub.get().pool().preparedQuery("INSERT INTO notifications (user_id, kind, title, href, email_state) "
            + "VALUES ($1, 'mention', 'Tom mentioned you', '/threads/x', 'sent')").execute(io.vertx.sqlclient.Tuple.of(priya.id())));
        await(TestHub.get().pool().preparedQuery("INSERT INTO oidc_identities (issuer, subject, user_id) VALUES ('https://login.example', 'sub-priya', $1)")
            .execute(io.vertx.sqlclient.Tuple.of(priya.id())));
        await(TestHub.get().pool().preparedQuery("INSERT INTO email_preferences (user_id, replies) VALUES ($1, 'weekly')")
            .execute(io.vertx.sqlclient.Tuple.of(priya.id())));

        HttpResponse<Buffer> response = export(priya);

        assertEquals(200, response.statusCode());
        assertEquals("application/zip", response.getHeader("Content-Type"));
        assertTrue(response.getHeader("Content-Disposition").matches("attachment; filename=\"hub-data-\\d{4}-\\d{2}-\\d{2}\\.zip\""),
            response.getHeader("Content-Disposition"));
        Map<String, String> files = Zips.texts(response.body());
        for (uk.nhs.hub.platform.ZipExport.Section section : DataExport.SECTIONS) {
            assertTrue(files.containsKey(section.name() + ".json"), "missing " + section.name() + ".json: " + files.keySet());
            assertEquals(section.csv(), files.containsKey(section.name() + ".csv"), section.name() + ".csv");
        }
        JsonObject account = new JsonObject(files.get("account.json"));
        assertEquals(priya.email(), account.getString("email"));
        assertEquals("Priya Export", account.getString("display_name"));
        JsonArray memberships = new JsonArray(files.get("memberships.json"));
        assertEquals(1, memberships.size(), "only her own network");
        assertEquals("Export network", memberships.getJsonObject(0).getString("network"));
        assertEquals("yes", new JsonArray(files.get("replies.json")).getJsonObject(0).getString("response"));
        JsonArray posts = new JsonArray(files.get("posts.json"));
        assertEquals("=HYPERLINK(\"http://evil.example\",\"click\")", posts.getJsonObject(0).getString("body"));
        assertTrue(files.get("posts.csv").contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
            "a formula is kept as text in the CSV: " + files.get("posts.csv"));
        JsonArray reactions = new JsonArray(files.get("reactions.json"));
        assertEquals(1, reactions.size(), "her reaction, not the organiser's");
        assertEquals("like", reactions.getJsonObject(0).getString("reaction"));
        assertFalse(new JsonArray(files.get("sessions.json")).isEmpty());
        assertEquals("Tom mentioned you", new JsonArray(files.get("notifications.json")).getJsonObject(0).getString("title"));
        assertEquals("weekly", new JsonObject(files.get("email-preferences.json")).getString("replies"));
        assertEquals("sub-priya", new JsonArray(files.get("single-sign-on.json")).getJsonObject(0).getString("subject"));
        assertTrue(files.get("audit-log.json").contains("\"sign-in\""));
        JsonObject feed = new JsonObject(files.get("calendar-feed.json"));
        assertEquals(Set.of("created_at"), feed.fieldNames(), "the calendar address itself is never exported");
        assertFalse(files.values().stream().anyMatch(f -> f.contains(organiser.email())),
            "nothing about other people's addresses");
    }

    @Test
    void exportOfTwentyThousandPostsIsStreamedWhileTheDatabaseIsStillBeingRead() throws Exception {
        TestUser writer = TestUsers.create(client, "Wendy Prolific");
        String networkId = network(writer, "Prolific network");
        String threadId = created(writer, "/api/networks/" + networkId + "/threads",
            new JsonObject().put("title", "Long thread").put("body", "First")).getString("id");
        // a kilobyte of random hex each, so that the ZIP cannot shrink it to nothing
        await(TestHub.get().pool().preparedQuery("""
                INSERT INTO posts (thread_id, network_id, position, seq, depth, path, author_id, body, body_html, search)
                SELECT $1, $2, g + 1, 100000 + g, 0, lpad(g::text, 8, '0'), $3, b.body, b.body, ''::tsvector
                FROM generate_series(1, 20000) g,
                     LATERAL (SELECT string_agg(md5(random()::text || k || g), '') AS body FROM generate_series(1, 32) k) b
                """)
            .execute(Tuple.of(UUID.fromString(threadId), UUID.fromString(networkId), writer.id())));

        HttpClient http = TestHub.get().vertx().createHttpClient();
        AtomicLong bytes = new AtomicLong();
        Buffer whole = Buffer.buffer();
        long began = System.nanoTime();
        // paused on the event loop as it arrives, so that no chunk comes before there is a handler for it
        HttpClientResponse response = await(http.request(new RequestOptions().setMethod(HttpMethod.GET)
                .setHost("localhost").setPort(TestHub.get().port()).setURI("/api/me/export")
                .putHeader("Authorization", writer.bearer()))
            .compose(request -> request.send())
            .map(arrived -> {
                arrived.pause();
                arrived.handler(chunk -> {
                    bytes.addAndGet(chunk.length());
                    whole.appendBuffer(chunk);
                });
                return arrived;
            }));
        long firstByteMillis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(200, response.statusCode());

        // the client reads nothing: the server must stop part-way through the posts, holding its cursor open
        boolean heldMidCursor = false;
        for (int i = 0; i < 100 && !heldMidCursor; i++) {
            Thread.sleep(100);
            heldMidCursor = await(TestHub.get().pool().query("""
                    SELECT 1 FROM pg_stat_activity
                    WHERE state = 'idle in transaction' AND query LIKE '%FROM posts p JOIN threads t%author_id = $1%'
                    """).execute()).size() > 0;
        }
        assertTrue(heldMidCursor, "the export waits on the reader, with the posts cursor open");

        response.resume();
        await(response.end());
        long totalMillis = (System.nanoTime() - began) / 1_000_000;
        await(http.close());
        Map<String, String> files = Zips.texts(whole);
        assertTrue(files.containsKey("posts.json"), "files: " + files.keySet());
        assertEquals(20001, new JsonArray(files.get("posts.json")).size());
        assertEquals(20002, files.get("posts.csv").split("\r\n").length, "a header and a line per post");
        System.out.printf("export of 20001 posts: %d bytes (%.1f MB) in %d ms, headers after %d ms%n",
            bytes.get(), bytes.get() / 1e6, totalMillis, firstByteMillis);
        assertTrue(files.containsKey("account.json"));
    }

    @Test
    void signedOutPeopleCanNeitherExportNorErase() {
        HttpResponse<Buffer> exported = await(client.get("/api/me/export").send());
        HttpResponse<Buffer> erased = await(client.delete("/api/me").sendJsonObject(new JsonObject().put("password", "x")));

        assertEquals(401, exported.statusCode());
        assertEquals("unauthenticated", exported.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(401, erased.statusCode());
        assertEquals("unauthenticated", erased.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }

    @Test
    void erasingLeavesPostsToAFormerMemberEverywhereAndRemovesThePersonalData() {
        TestUser organiser = TestUsers.create(client, "Olga Stays");
        TestUser leaver = TestUsers.create(client, "Lena Leaving");
        TestUser otherDevice = TestUsers.signIn(client, leaver.email());
        String networkId = network(organiser, "Erasure network", leaver);
        JsonObject thread = created(leaver, "/api/networks/" + networkId + "/threads",
            new JsonObject().put("title", "Leaving thread").put("body", "Zanzibarish remark worth keeping"));
        String threadId = thread.getString("id");
        created(organiser, "/api/networks/" + networkId + "/threads", new JsonObject()
            .put("title", "Organiser thread").put("body", "Hello"));
        created(leaver, "/api/me/calendar-feed", new JsonObject());
        String elsewhere = network(organiser, "Invited elsewhere");
        created(organiser, "/api/networks/" + elsewhere + "/invitations",
            new JsonObject().put("email", leaver.email()).put("role", "member"));

        HttpResponse<Buffer> erased = erase(leaver, TestUsers.PASSWORD);

        assertEquals(204, erased.statusCode(), erased.bodyAsString());
        assertEquals(401, await(client.get("/api/me").putHeader("Authorization", leaver.bearer()).send()).statusCode());
        assertEquals(401, await(client.get("/api/me").putHeader("Authorization", otherDevice.bearer()).send()).statusCode(),
            "every sign-in ends");
        JsonObject post = await(client.get("/api/threads/" + threadId + "/posts")
            .putHeader("Authorization", organiser.bearer()).send()).bodyAsJsonObject().getJsonArray("posts").getJsonObject(0);
        assertEquals("Zanzibarish remark worth keeping", post.getString("body"));
        assertNull(post.getJsonObject("author").getString("id"));
        assertNull(post.getJsonObject("author").getString("displayName"));
        JsonObject found = await(client.get("/api/search?q=Zanzibarish").putHeader("Authorization", organiser.bearer())
            .send()).bodyAsJsonObject().getJsonArray("results").getJsonObject(0);
        assertNull(found.getString("authorName"));
        String page = PageRequests.get(client, organiser, "/threads/" + threadId).bodyAsString();
        assertTrue(page.contains("A former member"), "the thread page shows a former member");
        assertFalse(page.contains("Lena Leaving"));
        String searchPage = PageRequests.get(client, organiser, "/search?q=Zanzibarish").bodyAsString();
        assertFalse(searchPage.contains("Lena Leaving"));

        Tuple who = Tuple.of(leaver.id());
        Tuple address = Tuple.of(leaver.email());
        assertEquals(0, count("SELECT count(*) FROM users WHERE id = $1 OR email = $2", Tuple.of(leaver.id(), leaver.email())));
        assertEquals(0, count("SELECT count(*) FROM sessions WHERE user_id = $1", who));
        assertEquals(0, count("SELECT count(*) FROM calendar_feeds WHERE user_id = $1", who));
        assertEquals(0, count("SELECT count(*) FROM memberships WHERE user_id = $1", who));
        assertEquals(0, count("SELECT count(*) FROM invitations WHERE email = $1", address));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE to_address = $1", address));
        assertEquals(0, count("SELECT count(*) FROM audit_log WHERE subject = $1 OR detail::text LIKE '%' || $1 || '%'", address));
        assertEquals(0, count("SELECT count(*) FROM audit_log WHERE actor_id = $1", who));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'account.erased' AND actor_id IS NULL"
            + " AND subject IS NULL AND remote_address IS NULL AND (detail->>'postsKept')::int = 1", Tuple.tuple()));

        TestUser again = TestUsers.create(client, "Lena Returns", leaver.email());
        assertEquals(200, await(client.get("/api/me").putHeader("Authorization", again.bearer()).send()).statusCode(),
            "the address can be registered again");
        JsonObject stillFormer = await(client.get("/api/threads/" + threadId + "/posts")
            .putHeader("Authorization", organiser.bearer()).send()).bodyAsJsonObject().getJsonArray("posts").getJsonObject(0);
        assertNull(stillFormer.getJsonObject("author").getString("id"), "the new account does not inherit the posts");
    }

    private static long count(String sql, Tuple args) {
        return await(TestHub.get().pool().preparedQuery(sql).execute(args)).iterator().next().getLong(0);
    }

    @Test
    void theOnlyOrganiserOfANetworkCannotEraseThemselvesUntilSomeoneElseOrganisesIt() {
        TestUser alone = TestUsers.create(client, "Alma Alone");
        TestUser deputy = TestUsers.create(client, "Dev Deputy");
        String first = network(alone, "Aardvark network");
        network(alone, "Badger network");
        String shared = network(alone, "Shared network");
        created(alone, "/api/networks/" + shared + "/members",
            new JsonObject().put("email", deputy.email()).put("role", "organiser"));

        HttpResponse<Buffer> refused = erase(alone, TestUsers.PASSWORD);

        assertEquals(409, refused.statusCode());
        String message = refused.bodyAsJsonObject().getJsonObject("error").getString("message");
        assertEquals("conflict", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertTrue(message.contains("Aardvark network and Badger network"), message);
        assertFalse(message.contains("Shared network"), message);
        assertEquals(200, await(client.get("/api/me").putHeader("Authorization", alone.bearer()).send()).statusCode());

        created(alone, "/api/networks/" + first + "/members",
            new JsonObject().put("email", deputy.email()).put("role", "organiser"));
        HttpResponse<Buffer> stillRefused = erase(alone, TestUsers.PASSWORD);
        assertEquals(409, stillRefused.statusCode());
        assertTrue(stillRefused.bodyAsJsonObject().getJsonObject("error").getString("message").contains("only organiser of Badger network."));
    }

    @Test
    void aWrongOrMissingPasswordIsRefusedOnThePasswordFieldAndErasesNothing() {
        TestUser careful = TestUsers.create(client, "Cara Careful");

        HttpResponse<Buffer> wrong = erase(careful, "not the password at all");
        HttpResponse<Buffer> missing = await(client.delete("/api/me").putHeader("Authorization", careful.bearer())
            .sendJsonObject(new JsonObject()));

        assertEquals(400, wrong.statusCode());
        assertEquals("password", errorField(wrong));
        assertEquals(400, missing.statusCode());
        assertEquals("password", errorField(missing));
        assertEquals(200, await(client.get("/api/me").putHeader("Authorization", careful.bearer()).send()).statusCode());
    }

    @Test
    void thePagesOfferTheDownloadAndAskForThePasswordBeforeDeletingWithoutJavaScript() {
        TestUser visitor = TestUsers.create(client, "Vic Pages");
        TestUser organiser = TestUsers.create(client, "Orla Pages");
        network(organiser, "Pages network");

        assertEquals(303, PageRequests.get(client, null, "/account/your-data").statusCode());
        String yourData = PageRequests.get(client, visitor, "/account/your-data").bodyAsString();
        assertTrue(yourData.contains("href=\"/account/your-data/hub-data.zip\""));
        assertTrue(yourData.contains("href=\"/account/delete\""));
        HttpResponse<Buffer> download = PageRequests.get(client, visitor, "/account/your-data/hub-data.zip");
        assertEquals(200, download.statusCode());
        assertEquals("application/zip", download.getHeader("Content-Type"));
        assertTrue(Zips.texts(download.body()).containsKey("account.json"));

        String form = PageRequests.get(client, visitor, "/account/delete").bodyAsString();
        assertTrue(form.contains("nhsuk-warning-callout"));
        HttpResponse<Buffer> wrong = PageRequests.post(client, visitor, "/account/delete", Map.of("password", "wrong password here"));
        assertEquals(400, wrong.statusCode());
        assertTrue(wrong.bodyAsString().contains("nhsuk-error-summary"));
        assertTrue(wrong.bodyAsString().contains("<a href=\"#password\">Password is not correct</a>"));
        assertTrue(wrong.bodyAsString().contains("<title>Error: Delete your account"));

        HttpResponse<Buffer> lastOrganiser = PageRequests.post(client, organiser, "/account/delete", Map.of("password", TestUsers.PASSWORD));
        assertEquals(409, lastOrganiser.statusCode());
        assertTrue(lastOrganiser.bodyAsString().contains("You are the only organiser of Pages network"));

        HttpResponse<Buffer> deleted = PageRequests.post(client, visitor, "/account/delete", Map.of("password", TestUsers.PASSWORD));
        assertEquals(303, deleted.statusCode());
        assertEquals("/account/deleted", deleted.getHeader("Location"));
        assertTrue(deleted.cookies().stream().anyMatch(c -> c.startsWith("hub_session=;")), "the session cookie is cleared");
        assertEquals(200, PageRequests.get(client, null, "/account/deleted").statusCode());
        assertEquals(303, PageRequests.get(client, visitor, "/account/your-data").statusCode(), "signed out");
    }
}
