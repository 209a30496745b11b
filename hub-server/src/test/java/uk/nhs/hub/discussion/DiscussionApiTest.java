package uk.nhs.hub.discussion;

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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** Threads and posts through the real API and database. */
class DiscussionApiTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser nurse;
    private static TestUser doctor;
    private static TestUser guest;
    private static TestUser outsider;
    private static TestUser regionalLead;
    private static String network;
    private static String otherNetwork;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        regionalLead = TestUsers.create(client, "Regional Lead");
        organiser = TestUsers.create(client, "Disc Organiser");
        nurse = TestUsers.create(client, "Nadia Nurse");
        doctor = TestUsers.create(client, "Dev Doctor");
        guest = TestUsers.create(client, "Gina Guest");
        outsider = TestUsers.create(client, "Otto Outsider");
        String region = createNetwork(regionalLead, "Northern cancer alliance", null);
        addMember(regionalLead, region, organiser, "central", null);
        network = createNetwork(organiser, "Leeds cancer network", region);
        addMember(organiser, network, nurse, "member", "Lead nurse");
        addMember(organiser, network, doctor, "member", "Lead doctor");
        addMember(organiser, network, guest, "guest", null);
        otherNetwork = createNetwork(outsider, "Private elsewhere", null);
    }

    static String createNetwork(TestUser by, String name, String parent) {
        return new DiscussionApiTestSupport(client).network(by, name, parent);
    }

    static void addMember(TestUser by, String networkId, TestUser who, String role, String title) {
        new DiscussionApiTestSupport(client).member(by, networkId, who, role, title);
    }

    static HttpResponse<Buffer> post(TestUser as, String path, JsonObject body) {
        return await(client.post(path).putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    static HttpResponse<Buffer> get(TestUser as, String path) {
        return await(client.get(path).putHeader("Authorization", as.bearer()).send());
    }

    static JsonObject thread(TestUser as, String title, String body) {
        HttpResponse<Buffer> response = post(as, "/api/networks/" + network + "/threads",
            new JsonObject().put("title", title).put("body", body));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    static JsonObject reply(TestUser as, String threadId, String body, String parentId) {
        JsonObject request = new JsonObject().put("body", body);
        if (parentId != null) {
            request.put("parentId", parentId);
        }
        HttpResponse<Buffer> response = post(as, "/api/threads/" + threadId + "/posts", request);
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    static JsonArray posts(TestUser as, String threadId) {
        return get(as, "/api/threads/" + threadId + "/posts?limit=100").bodyAsJsonObject().getJsonArray("posts");
    }

    static long count(String sql, Object... params) {
        return await(TestHub.get().pool().preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
    }

    @Test
    void repliesNestUnderTheirParentUpToTheDepthCapThenShowFlatWithReplyingTo() {
        JsonObject thread = thread(nurse, "Two-week-wait referrals", "How are you meeting the standard?");
        String id = thread.getString("id");
        String parent = thread.getJsonObject("firstPost").getString("id");
        List<String> chain = new ArrayList<>();
        for (int depth = 1; depth <= 6; depth++) {
            JsonObject posted = reply(depth % 2 == 0 ? nurse : doctor, id, "Reply at level " + depth, parent);
            assertEquals(Math.min(depth, DiscussionService.MAX_DEPTH), posted.getInteger("depth"));
            chain.add(posted.getString("id"));
            parent = posted.getString("id");
        }
        JsonObject second = reply(organiser, id, "A second top-level post", null);

        JsonArray posts = posts(nurse, id);
        List<String> order = posts.stream().map(p -> ((JsonObject) p).getString("id")).toList();
        assertEquals(8, order.size());
        assertEquals(chain, order.subList(1, 7), "the chain is read in order under the opening post");
        assertEquals(second.getString("id"), order.get(7), "a new top-level post comes after the whole chain");
        JsonObject flattened = posts.getJsonObject(5);
        assertEquals(4, flattened.getInteger("depth"));
        assertEquals(chain.get(3), flattened.getJsonObject("replyingTo").getString("postId"),
            "the reply beyond the cap says whom it answers");
        assertNull(posts.getJsonObject(2).getValue("replyingTo"), "nested replies need no such link");
        assertEquals(400, post(nurse, "/api/threads/" + id + "/posts", new JsonObject().put("body", "x")
            .put("parentId", thread(nurse, "Other", "Other thread").getJsonObject("firstPost").getString("id"))).statusCode(),
            "a reply must answer a post of the same thread");
    }

    @Test
    void keysetPagesWalkTheWholeThreadInReadingOrderWithoutRepeats() {
        JsonObject thread = thread(doctor, "Paging", "Opening");
        String id = thread.getString("id");
        String first = thread.getJsonObject("firstPost").getString("id");
        for (int i = 0; i < 9; i++) {
            reply(i % 2 == 0 ? nurse : doctor, id, "Post " + i, i == 4 ? first : null);
        }
        List<String> walked = new ArrayList<>();
        String after = "";
        do {
            JsonObject page = get(nurse, "/api/threads/" + id + "/posts?limit=3&after=" + after).bodyAsJsonObject();
            page.getJsonArray("posts").forEach(p -> walked.add(((JsonObject) p).getString("id")));
            after = page.getString("next");
        } while (after != null);
        List<String> whole = posts(nurse, id).stream().map(p -> ((JsonObject) p).getString("id")).toList();
        assertEquals(10, walked.size());
        assertEquals(whole, walked);
        assertEquals(400, get(nurse, "/api/threads/" + id + "/posts?after=not-a-post").statusCode());
    }

    @Test
    void editingKeepsTheEarlierTextVisibleAndOnlyTheAuthorMayEdit() {
        JsonObject thread = thread(nurse, "Edits", "First version");
        String postId = thread.getJsonObject("firstPost").getString("id");

        assertEquals(403, await(client.patch("/api/posts/" + postId).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("body", "Organiser's words"))).statusCode());
        HttpResponse<Buffer> edited = await(client.patch("/api/posts/" + postId).putHeader("Authorization", nurse.bearer())
            .sendJsonObject(new JsonObject().put("body", "Second **version**")));
        await(client.patch("/api/posts/" + postId).putHeader("Authorization", nurse.bearer())
            .sendJsonObject(new JsonObject().put("body", "Third version")));

        assertEquals(200, edited.statusCode(), edited.bodyAsString());
        assertEquals("<p>Second <strong>version</strong></p>\n", edited.bodyAsJsonObject().getString("bodyHtml"));
        JsonArray history = get(doctor, "/api/posts/" + postId + "/history").bodyAsJsonObject().getJsonArray("revisions");
        assertEquals(2, history.size());
        assertEquals("<p>Second <strong>version</strong></p>\n", history.getJsonObject(0).getString("bodyHtml"));
        assertEquals("<p>First version</p>\n", history.getJsonObject(1).getString("bodyHtml"));
        assertTrue(posts(doctor, thread.getString("id")).getJsonObject(0).getString("editedAt") != null);
    }

    @Test
    void authorsAndOrganisersDeleteAndADeletedPostKeepsItsPlaceButNotItsText() {
        JsonObject thread = thread(nurse, "Deletion", "Opening");
        String id = thread.getString("id");
        JsonObject mine = reply(doctor, id, "Delete me, unique-zebra-word", null);
        JsonObject other = reply(doctor, id, "An organiser removes this", null);

        assertEquals(403, await(client.delete("/api/posts/" + mine.getString("id")).putHeader("Authorization", nurse.bearer()).send())
            .statusCode(), "another member cannot delete");
        assertEquals(204, await(client.delete("/api/posts/" + mine.getString("id")).putHeader("Authorization", doctor.bearer()).send())
            .statusCode());
        assertEquals(204, await(client.delete("/api/posts/" + other.getString("id")).putHeader("Authorization", organiser.bearer()).send())
            .statusCode());

        JsonArray posts = posts(nurse, id);
        assertEquals(3, posts.size());
        assertTrue(posts.getJsonObject(1).getBoolean("deleted"));
        assertNull(posts.getJsonObject(1).getValue("body"));
        assertNull(posts.getJsonObject(1).getValue("bodyHtml"));
        assertEquals(0, get(nurse, "/api/search?q=unique-zebra-word").bodyAsJsonObject().getJsonArray("results").size(),
            "deleted posts are not found");
        assertEquals(409, await(client.patch("/api/posts/" + mine.getString("id")).putHeader("Authorization", doctor.bearer())
            .sendJsonObject(new JsonObject().put("body", "Back again"))).statusCode());
    }

    @Test
    void mentionsOfPeopleAndRoleTitlesInTheNetworkAreEmailed() {
        long before = count("SELECT count(*) FROM outbox WHERE subject LIKE '% mentioned you in %'");
        JsonObject thread = thread(organiser, "Mentions", "Opening");
        reply(organiser, thread.getString("id"), "Thoughts, @[Lead nurse] and @" + doctor.email() + "? Not @[Otto Outsider].", null);

        assertEquals(1, count("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE '% mentioned you in Mentions'",
            nurse.email()), "the role title reaches the lead nurse");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE '% mentioned you in Mentions'",
            doctor.email()), "the email address reaches the doctor");
        assertEquals(before + 2, count("SELECT count(*) FROM outbox WHERE subject LIKE '% mentioned you in %'"),
            "someone outside the network is not told");
    }

    @Test
    void mentionsTypedAsPlainNamesReachThePeopleAndShowAsTheirNames() {
        JsonObject thread = thread(organiser, "Typed mentions", "Opening");
        JsonObject posted = reply(organiser, thread.getString("id"),
            "Could @Nadia Nurse and @lead doctor look? Thanks @[Dev Doctor].", null);

        assertEquals(1, count("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE '% mentioned you in Typed mentions'",
            nurse.email()), "a name typed after @ reaches the person");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE '% mentioned you in Typed mentions'",
            doctor.email()), "a role title typed after @ reaches its holder, once however often they are named");
        String html = posted.getString("bodyHtml");
        assertTrue(html.contains("Could Nadia Nurse and Lead doctor look? Thanks Dev Doctor."), html);
        assertFalse(html.contains("@") || html.contains("["), "no typing code is shown: " + html);
        assertEquals(html, posts(doctor, thread.getString("id")).getJsonObject(1).getString("bodyHtml"));
    }

    @Test
    void mentionSuggestionsListTheNetworksMembersAndRoleTitlesThatStartWithWhatIsTyped() {
        HttpResponse<Buffer> roles = get(organiser, "/api/networks/" + network + "/mentionables?q=LEA");
        assertEquals(200, roles.statusCode(), roles.bodyAsString());
        assertEquals(new JsonArray()
                .add(new JsonObject().put("label", "Lead doctor").put("kind", "role").put("detail", "1 person"))
                .add(new JsonObject().put("label", "Lead nurse").put("kind", "role").put("detail", "1 person")),
            roles.bodyAsJsonObject().getJsonArray("mentionables"));
        JsonArray people = get(organiser, "/api/networks/" + network + "/mentionables?q=nur")
            .bodyAsJsonObject().getJsonArray("mentionables");
        assertEquals(new JsonObject().put("label", "Nadia Nurse").put("kind", "person").put("detail", "Lead nurse"),
            people.getJsonObject(0), "a later word of a name matches too");
        assertEquals(0, get(organiser, "/api/networks/" + network + "/mentionables?q=gina").bodyAsJsonObject()
            .getJsonArray("mentionables").size(), "guests cannot be mentioned");
        assertEquals(0, get(organiser, "/api/networks/" + network + "/mentionables?q=%25").bodyAsJsonObject()
            .getJsonArray("mentionables").size(), "a % is a character, not a wildcard");
    }

    @Test
    void searchSnippetsShowTheTextNotTheMarkdownAndMarkWhereTheyWereCut() {
        String words = " alpha bravo charlie delta echo foxtrot golf hotel india juliet".repeat(4);
        thread(nurse, "Snippets", "## Plan" + words + "\n\nThe **sentinel** node [biopsy guide](https://example.org/guide) for "
            + "@[Dev Doctor]" + words);
        thread(nurse, "Short", "A *quincunx* of trees");

        String cut = get(doctor, "/api/search?q=sentinel").bodyAsJsonObject().getJsonArray("results")
            .getJsonObject(0).getString("headlineHtml");
        assertTrue(cut.contains("The <mark>sentinel</mark> node biopsy guide"), cut);
        assertFalse(cut.contains("*") || cut.contains("](") || cut.contains("@[") || cut.contains("#"), cut);
        assertTrue(cut.startsWith("… ") && cut.endsWith(" …"), "the cuts at both ends are marked: " + cut);
        String whole = get(doctor, "/api/search?q=quincunx").bodyAsJsonObject().getJsonArray("results")
            .getJsonObject(0).getString("headlineHtml");
        assertEquals("A <mark>quincunx</mark> of trees", whole, "a post quoted whole has no cut marks");
    }

    @Test
    void unreadCountsFollowWhatEachPersonHasRead() {
        JsonObject thread = thread(nurse, "Unread", "Opening");
        String id = thread.getString("id");
        reply(nurse, id, "One", null);
        JsonObject two = reply(nurse, id, "Two", null);
        reply(nurse, id, "Three", null);

        assertEquals(0, get(nurse, "/api/threads/" + id).bodyAsJsonObject().getInteger("unread"), "one's own posts are read");
        assertEquals(4, get(doctor, "/api/threads/" + id).bodyAsJsonObject().getInteger("unread"));
        HttpResponse<Buffer> read = post(doctor, "/api/threads/" + id + "/read", new JsonObject().put("upToPostId", two.getString("id")));
        assertEquals(200, read.statusCode(), read.bodyAsString());
        assertEquals(1, read.bodyAsJsonObject().getInteger("unread"));
        post(doctor, "/api/threads/" + id + "/read", new JsonObject().put("upToPostId", thread.getJsonObject("firstPost").getString("id")));
        assertEquals(1, get(doctor, "/api/threads/" + id).bodyAsJsonObject().getInteger("unread"), "reading never goes backwards");
        JsonObject list = get(doctor, "/api/networks/" + network + "/threads").bodyAsJsonObject();
        assertTrue(list.getLong("unread") >= 1);
        assertEquals(1, list.getJsonArray("threads").stream().map(JsonObject.class::cast)
            .filter(t -> t.getString("id").equals(id)).findFirst().orElseThrow().getInteger("unread"));
    }

    @Test
    void searchFindsOnlyWhatTheSearcherMayReadRankedWithTheWordsMarked() {
        thread(nurse, "Early diagnosis", "Our <b>rapid</b> diagnostic centre cut waits for colorectal referrals.");
        await(client.post("/api/networks/" + otherNetwork + "/threads").putHeader("Authorization", outsider.bearer())
            .sendJsonObject(new JsonObject().put("title", "Secret").put("body", "Colorectal plans that are private")));

        JsonArray results = get(doctor, "/api/search?q=colorectal").bodyAsJsonObject().getJsonArray("results");
        assertEquals(1, results.size(), results.encodePrettily());
        String headline = results.getJsonObject(0).getString("headlineHtml");
        assertTrue(headline.contains("<mark>colorectal</mark>"), headline);
        assertFalse(headline.contains("<b>"), "no markup from the post reaches the headline: " + headline);
        assertEquals(1, get(regionalLead, "/api/search?q=colorectal").bodyAsJsonObject().getJsonArray("results").size(),
            "an organiser above reads the network's discussions");
        assertEquals(1, get(outsider, "/api/search?q=colorectal").bodyAsJsonObject().getJsonArray("results").size(),
            "the outsider finds only their own network's post");
        assertEquals(0, get(guest, "/api/search?q=colorectal").bodyAsJsonObject().getJsonArray("results").size(),
            "guests do not read discussions");
        assertEquals(1, get(doctor, "/api/search?q=%22early%20diagnosis%22").bodyAsJsonObject().getJsonArray("results").size(),
            "thread titles are searched too");
        assertEquals(400, get(doctor, "/api/search?q=").statusCode());

        for (int i = 0; i < 4; i++) {
            thread(doctor, "Colorectal pathway " + i, "Colorectal colorectal notes " + i);
        }
        List<String> walked = new ArrayList<>();
        String after = "";
        do {
            JsonObject page = get(doctor, "/api/search?limit=2&q=colorectal&after=" + after).bodyAsJsonObject();
            page.getJsonArray("results").forEach(r -> walked.add(((JsonObject) r).getString("postId")));
            after = page.getString("next");
        } while (after != null);
        assertEquals(5, walked.size(), "keyset pages walk every match once");
        assertEquals(5, new HashSet<>(walked).size());
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyReturnsTheOriginalAndCreatesNothingMore() {
        JsonObject thread = thread(nurse, "Retries", "Opening");
        String id = thread.getString("id");
        List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(client.post("/api/threads/" + id + "/posts").putHeader("Authorization", nurse.bearer())
                .putHeader("Idempotency-Key", "retry-1").sendJsonObject(new JsonObject().put("body", "Sent once")));
        }
        await(Future.join(attempts));
        Set<String> ids = new HashSet<>();
        for (Future<HttpResponse<Buffer>> attempt : attempts) {
            assertEquals(201, attempt.result().statusCode(), attempt.result().bodyAsString());
            ids.add(attempt.result().bodyAsJsonObject().getString("id"));
        }
        assertEquals(1, ids.size(), "every attempt returns the same post");
        assertEquals(1, count("SELECT count(*) FROM posts WHERE thread_id = $1::uuid AND body = 'Sent once'", id));

        HttpResponse<Buffer> again = await(client.post("/api/threads/" + id + "/posts").putHeader("Authorization", nurse.bearer())
            .putHeader("Idempotency-Key", "retry-1").sendJsonObject(new JsonObject().put("body", "Sent once")));
        assertEquals(ids.iterator().next(), again.bodyAsJsonObject().getString("id"));
        HttpResponse<Buffer> otherKind = await(client.post("/api/networks/" + network + "/threads").putHeader("Authorization", nurse.bearer())
            .putHeader("Idempotency-Key", "retry-1").sendJsonObject(new JsonObject().put("title", "T").put("body", "B")));
        assertEquals(409, otherKind.statusCode(), "a key cannot be reused for a different request");
        HttpResponse<Buffer> otherPerson = await(client.post("/api/threads/" + id + "/posts").putHeader("Authorization", doctor.bearer())
            .putHeader("Idempotency-Key", "retry-1").sendJsonObject(new JsonObject().put("body", "Mine")));
        assertEquals(201, otherPerson.statusCode(), "keys belong to the person who sent them");
    }

    @Test
    void markupThatCouldRunScriptIsRenderedInert() {
        List<String> payloads = List.of(
            "<script>alert(1)</script>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "<img src=x onerror=alert(1)>",
            "![x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<<script>script>alert(1)<</script>/script>",
            "[x](vbscript:msgbox(1))",
            "`<script>` in code is shown as text");
        JsonObject thread = thread(nurse, "Payloads", "Opening");
        for (String payload : payloads) {
            String html = reply(nurse, thread.getString("id"), payload, null).getString("bodyHtml");
            assertFalse(java.util.regex.Pattern.compile("(?i)<(script|img|svg|iframe|object|embed|style)").matcher(html).find(),
                payload + " -> " + html);
            assertFalse(java.util.regex.Pattern.compile("(?i)<[a-z][^>]*\\s(on[a-z]+|style)\\s*=").matcher(html).find(),
                payload + " -> " + html);
            assertFalse(java.util.regex.Pattern.compile("(?i)<a[^>]*href=\"(?!https?:|mailto:)").matcher(html).find(),
                "links only to the web or mail: " + payload + " -> " + html);
        }
        String link = reply(nurse, thread.getString("id"), "[guidance](https://www.england.nhs.uk/cancer/)", null).getString("bodyHtml");
        assertTrue(link.startsWith("<p><a href=\"https://www.england.nhs.uk/cancer/\" rel=\"") && link.endsWith("\">guidance</a></p>\n"), link);
        assertEquals(Set.of("nofollow", "noopener", "noreferrer"), Set.of(link.replaceAll("(?s).*rel=\"([^\"]*)\".*", "$1").split(" ")),
            "web links open without giving the hub's page to the other site");
    }

    @Test
    void aMessageTooLargeIs413AndNothingIsStored() {
        JsonObject thread = thread(nurse, "Large", "Opening");
        long before = count("SELECT count(*) FROM posts");
        HttpResponse<Buffer> large = post(nurse, "/api/threads/" + thread.getString("id") + "/posts",
            new JsonObject().put("body", "x".repeat(20_001)));
        assertEquals(413, large.statusCode());
        assertEquals("body", large.bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals(before, count("SELECT count(*) FROM posts"));
    }

    @Test
    void postingTooOftenIs429WithRetryAfterAndNothingIsStored() {
        var limited = TestHub.get().startAnother(config -> config.getJsonObject("discussion").put("postsPerMinute", 3));
        try {
            WebClient other = WebClient.create(TestHub.get().vertx(), new io.vertx.ext.web.client.WebClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(limited.port()));
            String id = thread(nurse, "Limits", "Opening").getString("id");
            long before = count("SELECT count(*) FROM posts WHERE thread_id = $1::uuid", id);
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<Buffer> last = null;
            for (int i = 0; i < 5; i++) {
                last = await(other.post("/api/threads/" + id + "/posts").putHeader("Authorization", doctor.bearer())
                    .sendJsonObject(new JsonObject().put("body", "Quick " + i)));
                statuses.add(last.statusCode());
            }
            assertEquals(List.of(201, 201, 201, 429, 429), statuses);
            assertTrue(Integer.parseInt(last.getHeader("Retry-After")) >= 1);
            assertEquals(before + 3, count("SELECT count(*) FROM posts WHERE thread_id = $1::uuid", id));
        } finally {
            await(limited.stop());
        }
    }

    @Test
    void lockedDiscussionsTakeRepliesOnlyFromOrganisersAndPinnedOnesComeFirst() {
        JsonObject older = thread(nurse, "Pin me", "Opening");
        String id = thread(nurse, "Lock me", "Opening").getString("id");
        HttpResponse<Buffer> byMember = await(client.patch("/api/threads/" + id).putHeader("Authorization", nurse.bearer())
            .sendJsonObject(new JsonObject().put("locked", true)));
        assertEquals(403, byMember.statusCode());
        assertEquals(200, await(client.patch("/api/threads/" + id).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("locked", true))).statusCode());
        assertEquals(200, await(client.patch("/api/threads/" + older.getString("id")).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("pinned", true))).statusCode());

        assertEquals(409, post(nurse, "/api/threads/" + id + "/posts", new JsonObject().put("body", "Too late")).statusCode());
        assertEquals(201, post(organiser, "/api/threads/" + id + "/posts", new JsonObject().put("body", "Closing note")).statusCode());
        JsonArray threads = get(nurse, "/api/networks/" + network + "/threads").bodyAsJsonObject().getJsonArray("threads");
        assertEquals(older.getString("id"), threads.getJsonObject(0).getString("id"));
        assertTrue(threads.getJsonObject(0).getBoolean("pinned"));
    }

    @Test
    void reactionsAreAFixedSetCountedOncePerPerson() {
        JsonObject thread = thread(nurse, "Reactions", "Opening");
        String postId = thread.getJsonObject("firstPost").getString("id");
        post(doctor, "/api/posts/" + postId + "/reactions", new JsonObject().put("reaction", "thanks"));
        post(doctor, "/api/posts/" + postId + "/reactions", new JsonObject().put("reaction", "thanks"));
        HttpResponse<Buffer> organisers = post(organiser, "/api/posts/" + postId + "/reactions", new JsonObject().put("reaction", "thanks"));
        assertEquals(2, organisers.bodyAsJsonObject().getJsonObject("reactions").getInteger("thanks"));
        HttpResponse<Buffer> undone = post(doctor, "/api/posts/" + postId + "/reactions",
            new JsonObject().put("reaction", "thanks").put("active", false));
        assertEquals(1, undone.bodyAsJsonObject().getJsonObject("reactions").getInteger("thanks"));
        assertEquals(400, post(doctor, "/api/posts/" + postId + "/reactions", new JsonObject().put("reaction", "angry")).statusCode());
        assertEquals(List.of("thanks"), get(organiser, "/api/threads/" + thread.getString("id") + "/posts")
            .bodyAsJsonObject().getJsonArray("posts").getJsonObject(0).getJsonArray("myReactions").getList());
    }

    @Test
    void aPageOfATenThousandPostThreadIsOneRangeScanOfThePathIndex() {
        JsonObject thread = thread(nurse, "Long thread", "Opening");
        String id = thread.getString("id");
        await(TestHub.get().pool().preparedQuery("""
                INSERT INTO posts (thread_id, network_id, position, seq, depth, path, author_id, body, body_html, search)
                SELECT $1::uuid, $2::uuid, n, 0, 0, lpad(n::text, 8, '0'), $3::uuid, 'Post ' || n, '<p>Post ' || n || '</p>',
                       to_tsvector('english', 'Post ' || n)
                FROM generate_series(2, 10001) AS n
                """).execute(Tuple.of(id, network, nurse.id())));
        await(TestHub.get().pool().preparedQuery("UPDATE threads SET post_count = 10001 WHERE id = $1::uuid").execute(Tuple.of(id)));
        await(TestHub.get().pool().query("ANALYZE posts").execute());

        JsonObject middle = get(doctor, "/api/threads/" + id + "/posts?limit=50&after="
            + await(TestHub.get().pool().preparedQuery("SELECT id FROM posts WHERE thread_id = $1::uuid AND position = 5000")
                .execute(Tuple.of(id))).iterator().next().getUUID("id")).bodyAsJsonObject();
        assertEquals(50, middle.getJsonArray("posts").size());
        assertEquals(5001, middle.getJsonArray("posts").getJsonObject(0).getInteger("position"));

        StringBuilder plan = new StringBuilder();
        await(TestHub.get().pool().preparedQuery("EXPLAIN " + DiscussionSql.POSTS_AFTER)
                .execute(Tuple.of(id, doctor.id(), "00005000", 51)))
            .forEach(row -> plan.append(row.getString(0)).append('\n'));
        assertTrue(plan.toString().contains("Index Scan using posts_thread_path_idx on posts p"),
            "the page is read from the (thread, path) index: " + plan);
        assertFalse(plan.toString().contains("Sort Key: p.path"), "in index order, without sorting the thread: " + plan);
    }

    @Test
    void everyChangeIsInTheNetworksGapFreeEventLogForCatchingUp() {
        long latest = get(nurse, "/api/networks/" + network + "/events?after=0&limit=1").bodyAsJsonObject().getLong("latestSeq");
        JsonObject thread = thread(nurse, "Events", "Opening");
        JsonObject posted = reply(doctor, thread.getString("id"), "Reply", null);
        await(client.patch("/api/posts/" + posted.getString("id")).putHeader("Authorization", doctor.bearer())
            .sendJsonObject(new JsonObject().put("body", "Reply, edited")));
        post(nurse, "/api/posts/" + posted.getString("id") + "/reactions", new JsonObject().put("reaction", "agree"));
        await(client.delete("/api/posts/" + posted.getString("id")).putHeader("Authorization", doctor.bearer()).send());

        JsonArray events = get(nurse, "/api/networks/" + network + "/events?after=" + latest).bodyAsJsonObject().getJsonArray("events");
        List<String> types = events.stream().map(e -> ((JsonObject) e).getString("type")).toList();
        assertEquals(List.of("thread.created", "post.created", "post.created", "post.edited", "reaction.changed", "post.deleted"), types);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(latest + 1 + i, events.getJsonObject(i).getLong("seq"), "numbers have no gaps");
        }
        assertEquals(posted.getLong("seq"), events.getJsonObject(2).getLong("seq"), "a post carries the number it was published with");
        assertEquals(posted.getString("id"), events.getJsonObject(2).getJsonObject("post").getString("id"));
    }
}
