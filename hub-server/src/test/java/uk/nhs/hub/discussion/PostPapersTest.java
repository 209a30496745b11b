package uk.nhs.hub.discussion;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import uk.nhs.hub.ContractCheck;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.network.NetworkEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Papers in posts: documents of the thread's network library attached to a new thread or a reply, listed with the
 * post to whoever reads the thread (and in its live event), refused when they are not the network's, withheld while
 * the post is hidden or deleted, and changed by an edit that keeps the earlier list in the post's history.
 */
@ExtendWith(ContractCheck.class)
class PostPapersTest {

    private static WebClient client;
    private static TestUser above;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser author;
    private static TestUser guest;
    private static TestUser outsider;
    private static String region;
    private static String network;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        above = TestUsers.create(client, "Papers Region Lead");
        organiser = TestUsers.create(client, "Papers Organiser");
        member = TestUsers.create(client, "Papers Member");
        author = TestUsers.create(client, "Papers Author");
        guest = TestUsers.create(client, "Papers Guest");
        outsider = TestUsers.create(client, "Papers Outsider");
        DiscussionApiTestSupport support = new DiscussionApiTestSupport(client);
        region = support.network(above, "Papers region", null);
        support.member(above, region, organiser, "central");
        // a private sub-network: only its members and those running the region read it
        network = support.network(organiser, "Papers network", region);
        support.member(organiser, network, member, "member");
        support.member(organiser, network, author, "member");
        support.member(organiser, network, guest, "guest");
    }

    private static HttpResponse<Buffer> call(HttpMethod method, TestUser as, String path, JsonObject body) {
        HttpRequest<Buffer> request = client.request(method, path);
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static String upload(String networkId, TestUser by, String title) {
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + networkId + "/documents")
            .putHeader("Authorization", by.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("title", title)
                .binaryFileUpload("file", title.toLowerCase().replace(' ', '-') + ".txt",
                    Buffer.buffer("Text of " + title), "text/plain")));
        assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
        return uploaded.bodyAsJsonObject().getString("id");
    }

    private static JsonObject thread(String title, JsonArray papers) {
        JsonObject body = new JsonObject().put("title", title).put("body", "Opening post");
        if (papers != null) {
            body.put("documentIds", papers);
        }
        HttpResponse<Buffer> created = call(HttpMethod.POST, author, "/api/networks/" + network + "/threads", body);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> reply(TestUser as, String threadId, JsonObject body) {
        return call(HttpMethod.POST, as, "/api/threads/" + threadId + "/posts", body);
    }

    private static JsonObject postAs(TestUser reader, String threadId, String postId) {
        HttpResponse<Buffer> page = call(HttpMethod.GET, reader, "/api/threads/" + threadId + "/posts", null);
        assertEquals(200, page.statusCode(), page.bodyAsString());
        return page.bodyAsJsonObject().getJsonArray("posts").stream().map(JsonObject.class::cast)
            .filter(p -> p.getString("id").equals(postId)).findFirst().orElseThrow();
    }

    private static List<String> titles(JsonObject post) {
        List<String> titles = new ArrayList<>();
        post.getJsonArray("attachments").forEach(p -> titles.add(((JsonObject) p).getString("title")));
        return titles;
    }

    private static long attachmentRows(String documentId) {
        return await(TestHub.get().pool().preparedQuery("SELECT count(*) AS n FROM post_attachments WHERE document_id = $1")
            .execute(Tuple.of(UUID.fromString(documentId)))).iterator().next().getLong("n");
    }

    /** The logged events about one post, as a page catching up is sent them. */
    private static List<JsonObject> loggedEventsOf(String postId) {
        HttpResponse<Buffer> events = call(HttpMethod.GET, member, "/api/networks/" + network + "/events?after=0&limit=1000", null);
        assertEquals(200, events.statusCode(), events.bodyAsString());
        List<JsonObject> about = new ArrayList<>();
        events.bodyAsJsonObject().getJsonArray("events").forEach(e -> {
            JsonObject event = (JsonObject) e;
            JsonObject post = event.getJsonObject("post");
            if ((post != null && postId.equals(post.getString("id"))) || postId.equals(event.getString("postId"))) {
                about.add(event);
            }
        });
        return about;
    }

    @Test
    void aMemberAttachesLibraryPapersToANewThreadAndAReplyInTheOrderChosen() {
        String agenda = upload(network, organiser, "Agenda pack");
        String slides = upload(network, member, "Slides for Tuesday");
        JsonObject thread = thread("Papers for Tuesday", new JsonArray().add(agenda));
        assertEquals(List.of("Agenda pack"), titles(thread.getJsonObject("firstPost")));

        HttpResponse<Buffer> replied = reply(member, thread.getString("id"), new JsonObject().put("body", "Both attached")
            .put("documentIds", new JsonArray().add(slides).add(agenda)));
        assertEquals(201, replied.statusCode(), replied.bodyAsString());
        JsonObject paper = replied.bodyAsJsonObject().getJsonArray("attachments").getJsonObject(0);
        assertEquals(slides, paper.getString("documentId"));
        assertEquals("slides-for-tuesday.txt", paper.getString("filename"));
        assertEquals("text/plain", paper.getString("contentType"));
        assertEquals("Text of Slides for Tuesday".length(), paper.getLong("size"));
        assertEquals("/api/documents/" + slides + "/content?version=1", paper.getString("href"));

        String postId = replied.bodyAsJsonObject().getString("id");
        assertEquals(List.of("Slides for Tuesday", "Agenda pack"), titles(postAs(organiser, thread.getString("id"), postId)));
        HttpResponse<Buffer> single = call(HttpMethod.GET, member, "/api/threads/" + thread.getString("id"), null);
        assertEquals(2, single.bodyAsJsonObject().getInteger("postCount"));
    }

    @Test
    void badPaperIdsAreRefusedInTheOneErrorShapeAndLeaveNoPostBehind() {
        String elsewhere = upload(region, organiser, "Regional paper");
        String deleted = upload(network, organiser, "Withdrawn paper");
        assertEquals(204, call(HttpMethod.DELETE, organiser, "/api/documents/" + deleted, null).statusCode());
        String kept = upload(network, organiser, "Kept paper");
        JsonObject thread = thread("Bad papers", null);
        String threadId = thread.getString("id");
        List<Object> refused = List.of(
            "not-a-list", new JsonArray().add("not-an-id"), new JsonArray().add(42),
            new JsonArray().add(UUID.randomUUID().toString()), new JsonArray().add(elsewhere), new JsonArray().add(deleted),
            new JsonArray().add(kept).add(kept), elevenPapers());
        for (Object papers : refused) {
            HttpResponse<Buffer> answer = reply(member, threadId, new JsonObject().put("body", "With a bad paper")
                .put("documentIds", papers));
            assertEquals(400, answer.statusCode(), papers + ": " + answer.bodyAsString());
            JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
            assertEquals("documentIds", error.getString("field"), papers.toString());
            assertTrue(error.getString("message").length() > 0);
        }
        HttpResponse<Buffer> opening = call(HttpMethod.POST, member, "/api/networks/" + network + "/threads",
            new JsonObject().put("title", "From another network").put("body", "Hi").put("documentIds", new JsonArray().add(elsewhere)));
        assertEquals(400, opening.statusCode(), opening.bodyAsString());
        assertEquals(1, call(HttpMethod.GET, member, "/api/threads/" + threadId, null).bodyAsJsonObject().getInteger("postCount"));
        assertEquals(0, attachmentRows(elsewhere));
        assertEquals(0, attachmentRows(kept));
    }

    private static JsonArray elevenPapers() {
        JsonArray ids = new JsonArray();
        for (int i = 0; i < 11; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    @Test
    void aFailedPostLeavesNoPaperRows() {
        String paper = upload(network, organiser, "Paper for a locked thread");
        JsonObject thread = thread("Soon locked", null);
        assertEquals(200, call(HttpMethod.PATCH, organiser, "/api/threads/" + thread.getString("id"),
            new JsonObject().put("locked", true)).statusCode());
        HttpResponse<Buffer> refused = reply(member, thread.getString("id"), new JsonObject().put("body", "Too late")
            .put("documentIds", new JsonArray().add(paper)));
        assertEquals(409, refused.statusCode(), refused.bodyAsString());
        assertEquals(0, attachmentRows(paper), "the refused post's papers were rolled back with it");
    }

    @Test
    void whoeverReadsTheThreadReadsItsPapersAndEveryoneElseGetsWhatAnUnknownIdGets() {
        String paper = upload(network, author, "Only in a post");
        JsonObject thread = thread("Private papers", new JsonArray().add(paper));
        String threadId = thread.getString("id");
        String postId = thread.getJsonObject("firstPost").getString("id");
        String content = "/api/documents/" + paper + "/content";
        for (TestUser reader : new TestUser[] {organiser, member, author, above}) {
            assertEquals(List.of("Only in a post"), titles(postAs(reader, threadId, postId)), reader.displayName());
            HttpResponse<Buffer> got = call(HttpMethod.GET, reader, content, null);
            assertEquals(200, got.statusCode(), reader.displayName());
            assertEquals("Text of Only in a post", got.bodyAsString());
        }
        String unknown = "/api/documents/" + UUID.randomUUID();
        for (TestUser stranger : new TestUser[] {guest, outsider}) {
            for (String path : List.of(content, "/api/documents/" + paper, "/api/threads/" + threadId + "/posts")) {
                HttpResponse<Buffer> refused = call(HttpMethod.GET, stranger, path, null);
                assertEquals(404, refused.statusCode(), stranger.displayName() + " " + path);
            }
            assertEquals(call(HttpMethod.GET, stranger, unknown, null).bodyAsJsonObject().getJsonObject("error").getString("message"),
                call(HttpMethod.GET, stranger, "/api/documents/" + paper, null).bodyAsJsonObject().getJsonObject("error").getString("message"));
            HttpResponse<Buffer> posted = reply(stranger, threadId, new JsonObject().put("body", "Mine too")
                .put("documentIds", new JsonArray().add(paper)));
            assertEquals(404, posted.statusCode(), stranger.displayName());
        }
        // those running the region read but do not post
        assertEquals(403, reply(above, threadId, new JsonObject().put("body", "From above")
            .put("documentIds", new JsonArray().add(paper))).statusCode());
        assertEquals(401, call(HttpMethod.GET, null, content, null).statusCode());
        assertEquals(401, reply(null, threadId, new JsonObject().put("body", "Anonymous")
            .put("documentIds", new JsonArray().add(paper))).statusCode());
        assertEquals(1, attachmentRows(paper));
    }

    @Test
    void aHiddenPostWithholdsItsPapersFromEveryoneButItsAuthorUntilItIsRestored() {
        String paper = upload(network, author, "Contested paper");
        JsonObject thread = thread("Hidden papers", null);
        String threadId = thread.getString("id");
        String postId = reply(author, threadId, new JsonObject().put("body", "Look at this")
            .put("documentIds", new JsonArray().add(paper))).bodyAsJsonObject().getString("id");
        assertEquals(List.of("Contested paper"), titles(loggedEventsOf(postId).get(0).getJsonObject("post")));

        assertEquals(200, call(HttpMethod.POST, organiser, "/api/posts/" + postId + "/hide",
            new JsonObject().put("reason", "Checking the paper")).statusCode());
        for (TestUser reader : new TestUser[] {member, organiser, above}) {
            assertEquals(List.of(), titles(postAs(reader, threadId, postId)), reader.displayName());
        }
        assertEquals(List.of("Contested paper"), titles(postAs(author, threadId, postId)), "its author still sees it");
        for (JsonObject event : loggedEventsOf(postId)) {
            if (event.getJsonObject("post") != null) {
                assertEquals(List.of(), titles(event.getJsonObject("post")), event.getString("type"));
            }
        }

        assertEquals(204, call(HttpMethod.DELETE, organiser, "/api/posts/" + postId + "/hide", null).statusCode());
        assertEquals(List.of("Contested paper"), titles(postAs(member, threadId, postId)));
        List<JsonObject> events = loggedEventsOf(postId);
        JsonObject restored = events.get(events.size() - 1);
        assertEquals("post.restored", restored.getString("type"));
        assertEquals(paper, restored.getJsonArray("attachments").getJsonObject(0).getString("documentId"));
    }

    @Test
    void aDeletedPostShowsItsPapersToNobodyAndItsLoggedEventsLoseThem() {
        String paper = upload(network, author, "Deleted with its post");
        JsonObject thread = thread("Deleted papers", null);
        String threadId = thread.getString("id");
        String postId = reply(author, threadId, new JsonObject().put("body", "Soon gone")
            .put("documentIds", new JsonArray().add(paper))).bodyAsJsonObject().getString("id");
        assertEquals(204, call(HttpMethod.DELETE, author, "/api/posts/" + postId, null).statusCode());
        for (TestUser reader : new TestUser[] {author, member, organiser}) {
            assertEquals(List.of(), titles(postAs(reader, threadId, postId)), reader.displayName());
        }
        JsonObject created = loggedEventsOf(postId).get(0);
        assertEquals("post.created", created.getString("type"));
        assertEquals(List.of(), titles(created.getJsonObject("post")));
    }

    @Test
    void aPostHiddenRestoredAndThenDeletedLeavesNoPapersOrWordsInAnyLoggedEvent() {
        String paper = upload(network, author, "Restored then deleted");
        String threadId = thread("Restored then deleted", null).getString("id");
        String postId = reply(author, threadId, new JsonObject().put("body", "Briefly back")
            .put("documentIds", new JsonArray().add(paper))).bodyAsJsonObject().getString("id");
        assertEquals(200, call(HttpMethod.POST, organiser, "/api/posts/" + postId + "/hide",
            new JsonObject().put("reason", "Checking")).statusCode());
        assertEquals(204, call(HttpMethod.DELETE, organiser, "/api/posts/" + postId + "/hide", null).statusCode());
        assertEquals(204, call(HttpMethod.DELETE, author, "/api/posts/" + postId, null).statusCode());
        for (JsonObject event : loggedEventsOf(postId)) {
            JsonObject carrier = event.getJsonObject("post") != null ? event.getJsonObject("post") : event;
            if (!carrier.containsKey("attachments")) {
                continue;
            }
            assertEquals(List.of(), titles(carrier), event.getString("type") + ": " + event.encode());
            assertTrue(carrier.getValue("bodyHtml") == null || !event.getString("type").equals("post.restored"),
                "the restored event no longer carries the words: " + event.encode());
        }
    }

    @Test
    void theLiveEventOfANewPostCarriesItsPapers() throws Exception {
        String paper = upload(network, member, "Live paper");
        JsonObject thread = thread("Live papers", null);
        CompletableFuture<JsonObject> heard = new CompletableFuture<>();
        MessageConsumer<JsonObject> consumer = TestHub.get().vertx().eventBus()
            .consumer(NetworkEvents.address(UUID.fromString(network)), message -> {
                if ("post.created".equals(message.body().getString("type"))) {
                    heard.complete(message.body());
                }
            });
        await(consumer.completion());
        try {
            assertEquals(201, reply(member, thread.getString("id"), new JsonObject().put("body", "Live")
                .put("documentIds", new JsonArray().add(paper))).statusCode());
            JsonObject event = heard.get(10, TimeUnit.SECONDS);
            JsonObject listed = event.getJsonObject("post").getJsonArray("attachments").getJsonObject(0);
            assertEquals(paper, listed.getString("documentId"));
            assertEquals("/api/documents/" + paper + "/content?version=1", listed.getString("href"));
        } finally {
            await(consumer.unregister());
        }
    }

    @Test
    void anEditChangesOrKeepsThePapersAndTheHistoryNamesTheEarlierOnes() {
        String first = upload(network, author, "First draft");
        String second = upload(network, author, "Second draft");
        JsonObject thread = thread("Edited papers", null);
        String postId = reply(author, thread.getString("id"), new JsonObject().put("body", "Draft attached")
            .put("documentIds", new JsonArray().add(first))).bodyAsJsonObject().getString("id");

        HttpResponse<Buffer> changed = call(HttpMethod.PATCH, author, "/api/posts/" + postId,
            new JsonObject().put("body", "New draft attached").put("documentIds", new JsonArray().add(second)));
        assertEquals(200, changed.statusCode(), changed.bodyAsString());
        assertEquals(List.of("Second draft"), titles(changed.bodyAsJsonObject()));
        HttpResponse<Buffer> kept = call(HttpMethod.PATCH, author, "/api/posts/" + postId,
            new JsonObject().put("body", "Wording only"));
        assertEquals(List.of("Second draft"), titles(kept.bodyAsJsonObject()), "an edit without documentIds keeps them");
        HttpResponse<Buffer> refused = call(HttpMethod.PATCH, author, "/api/posts/" + postId,
            new JsonObject().put("body", "Bad").put("documentIds", new JsonArray().add(UUID.randomUUID().toString())));
        assertEquals(400, refused.statusCode());
        assertEquals("documentIds", refused.bodyAsJsonObject().getJsonObject("error").getString("field"));

        JsonArray history = call(HttpMethod.GET, author, "/api/posts/" + postId + "/history", null).bodyAsJsonObject()
            .getJsonArray("revisions");
        assertEquals(2, history.size(), "the refused edit left no revision");
        assertEquals(new JsonArray().add("Second draft"), history.getJsonObject(0).getJsonArray("paperTitles"));
        assertEquals(new JsonArray().add("First draft"), history.getJsonObject(1).getJsonArray("paperTitles"));
        var historyPage = org.jsoup.Jsoup.parse(uk.nhs.hub.PageRequests.get(client, member, "/posts/" + postId + "/history").bodyAsString());
        assertEquals(List.of("Papers: Second draft", "Papers: Second draft", "Papers: First draft"),
            historyPage.select("[data-history-papers]").eachText(), "the history page names the papers of each version");
        HttpResponse<Buffer> removed = call(HttpMethod.PATCH, author, "/api/posts/" + postId,
            new JsonObject().put("body", "No papers now").put("documentIds", new JsonArray()));
        assertEquals(List.of(), titles(removed.bodyAsJsonObject()));
    }
}
