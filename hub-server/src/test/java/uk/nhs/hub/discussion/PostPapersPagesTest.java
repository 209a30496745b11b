package uk.nhs.hub.discussion;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import uk.nhs.hub.ContractCheck;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Papers on the thread page: a reply form that uploads a file into the network's library without JavaScript, or
 * attaches one from the library; refused forms keep what was typed and what was uploaded; readers see the papers,
 * and nobody but its author sees those of a hidden post, on the page or in search.
 */
@ExtendWith(ContractCheck.class)
class PostPapersPagesTest {

    private static WebClient client;
    private static TestUser author;
    private static TestUser member;
    private static TestUser organiser;
    private static String network;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Reply Papers Organiser");
        author = TestUsers.create(client, "Reply Papers Author");
        member = TestUsers.create(client, "Reply Papers Member");
        DiscussionApiTestSupport support = new DiscussionApiTestSupport(client);
        network = support.network(organiser, "Reply papers", null);
        support.member(organiser, network, author, "member");
        support.member(organiser, network, member, "member");
    }

    private static String thread(String title) {
        HttpResponse<Buffer> created = await(client.post("/api/networks/" + network + "/threads")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", title).put("body", "Opening post")));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    /** The reply form as a browser without JavaScript sends it: CSRF first, the fields, then the file input. */
    private static HttpResponse<Buffer> replyForm(TestUser as, String threadId, Map<String, String> fields, String filename,
                                                  byte[] bytes) {
        MultipartForm form = MultipartForm.create().attribute("csrf", as.csrfCookie());
        fields.forEach(form::attribute);
        form.binaryFileUpload("file", filename, Buffer.buffer(bytes), "application/octet-stream");
        HttpRequest<Buffer> request = client.post("/threads/" + threadId + "/posts").followRedirects(false)
            .putHeader("Accept", "text/html").putHeader("Cookie", as.cookieHeader());
        return await(request.sendMultipartForm(form));
    }

    private static Document page(TestUser as, String threadId) {
        HttpResponse<Buffer> shown = PageRequests.get(client, as, "/threads/" + threadId + "?start=1");
        assertEquals(200, shown.statusCode(), shown.bodyAsString());
        return Jsoup.parse(shown.bodyAsString());
    }

    private static JsonArray library() {
        return await(client.get("/api/networks/" + network + "/documents").putHeader("Authorization", member.bearer()).send())
            .bodyAsJsonObject().getJsonArray("documents");
    }

    private static byte[] text(String words) {
        return words.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReplyUploadsAFileThroughTheFormWithoutJavaScriptAndEveryReaderSeesItOnTheThreadPage() {
        String threadId = thread("Agenda for Tuesday");
        HttpResponse<Buffer> posted = replyForm(author, threadId, Map.of("body", "The agenda pack is attached", "action", "post"),
            "agenda-pack.txt", text("Item one: welcome"));
        assertEquals(303, posted.statusCode(), posted.bodyAsString());

        for (TestUser reader : List.of(member, organiser, author)) {
            Document shown = page(reader, threadId);
            var links = shown.select("[data-post-papers] a");
            assertEquals(List.of("agenda-pack.txt"), links.eachText(), reader.displayName());
            assertTrue(links.first().attr("href").endsWith("/content?version=1"));
            assertEquals("Item one: welcome", PageRequests.get(client, reader, links.first().attr("href")).bodyAsString());
        }
        JsonObject listed = library().stream().map(JsonObject.class::cast)
            .filter(d -> "agenda-pack.txt".equals(d.getString("title"))).findFirst().orElseThrow();
        assertEquals(new JsonArray().add("discussion"), listed.getJsonArray("tags"), "the library lists where it came from");
    }

    @Test
    void aNewDiscussionStartsWithAFileUploadedThroughItsFormWithoutJavaScript() {
        String slug = await(client.get("/api/networks/" + network).putHeader("Authorization", author.bearer()).send())
            .bodyAsJsonObject().getString("slug");
        HttpResponse<Buffer> form = PageRequests.get(client, author, "/networks/" + slug + "/discussions/new");
        assertEquals("multipart/form-data", Jsoup.parse(form.bodyAsString()).select("form[data-composer]").attr("enctype"));
        MultipartForm started = MultipartForm.create().attribute("csrf", author.csrfCookie())
            .attribute("title", "Terms of reference").attribute("body", "Draft terms attached").attribute("action", "post")
            .binaryFileUpload("file", "terms.txt", Buffer.buffer("Draft terms of reference"), "application/octet-stream");
        HttpResponse<Buffer> posted = await(client.post("/networks/" + slug + "/discussions").followRedirects(false)
            .putHeader("Accept", "text/html").putHeader("Cookie", author.cookieHeader()).sendMultipartForm(started));
        assertEquals(303, posted.statusCode(), posted.bodyAsString());
        String threadId = posted.getHeader("Location").replaceAll("^/threads/([^?]+).*$", "$1");
        assertEquals(List.of("terms.txt"), page(member, threadId).select("[data-post-papers] a").eachText());
    }

    @Test
    void aRefusedReplyKeepsTheTextAndTheUploadedPaperSoTheNextTryAttachesItOnce() {
        String threadId = thread("Refused reply");
        int before = library().size();
        HttpResponse<Buffer> refused = replyForm(author, threadId, Map.of("body", "", "action", "post"), "minutes.txt",
            text("Minutes of the last meeting"));
        assertEquals(400, refused.statusCode());
        Document form = Jsoup.parse(refused.bodyAsString());
        assertTrue(form.select(".nhsuk-error-summary").text().contains("Enter your message"));
        String uploaded = form.select("input[name=uploadedPapers]").val();
        assertTrue(form.select("[data-uploaded-papers]").text().contains("minutes.txt"));

        MultipartForm again = MultipartForm.create().attribute("csrf", author.csrfCookie())
            .attribute("body", "Now with words").attribute("uploadedPapers", uploaded).attribute("action", "post")
            .binaryFileUpload("file", "", Buffer.buffer(), "application/octet-stream");
        HttpResponse<Buffer> posted = await(client.post("/threads/" + threadId + "/posts").followRedirects(false)
            .putHeader("Accept", "text/html").putHeader("Cookie", author.cookieHeader()).sendMultipartForm(again));
        assertEquals(303, posted.statusCode(), posted.bodyAsString());
        assertEquals(List.of("minutes.txt"), page(member, threadId).select("[data-post-papers] a").eachText());
        assertEquals(before + 1, library().size(), "uploaded once");
    }

    @Test
    void aReplyWithAnExecutableIsRefusedWith415KeepingTheTextAndStoringNothing() {
        assertExecutableRefusedKeepingTheText("Executable reply", 4096, "setup.exe", "Run this");
    }

    @Test
    void anExecutableRefusedBeforeTheFormHasArrivedStillKeepsTheTextTypedBeforeIt() {
        // larger than one stored chunk: the file is typed, and refused, while the rest of the form is still arriving
        assertExecutableRefusedKeepingTheText("Large executable reply", 600 * 1024, "installer.exe", "The installer, as promised");
    }

    /**
     * Replies in a new thread with {@code text} and an executable of {@code size} bytes: the reply is refused with 415
     * and the error summary, the page keeps the text, and neither the file nor the reply is stored.
     */
    private static void assertExecutableRefusedKeepingTheText(String title, int size, String filename, String text) {
        String threadId = thread(title);
        int before = library().size();
        byte[] executable = new byte[size];
        executable[0] = 'M';
        executable[1] = 'Z';
        HttpResponse<Buffer> refused = replyForm(author, threadId, Map.of("body", text, "action", "post"), filename, executable);
        assertEquals(415, refused.statusCode());
        Document form = Jsoup.parse(refused.bodyAsString());
        assertEquals(1, form.select(".nhsuk-error-summary a[href=#file]").size(), form.select(".nhsuk-error-summary").text());
        assertEquals(text, form.select("textarea[name=body]").text());
        assertEquals(before, library().size());
        assertEquals(1, page(member, threadId).select("[data-post-id]").size(), "no reply was posted");
    }

    @Test
    void aReplyAttachesAPaperChosenFromTheLibrary() {
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + network + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("title", "Case for change")
                .binaryFileUpload("file", "case.txt", Buffer.buffer("The case for change"), "text/plain")));
        String documentId = uploaded.bodyAsJsonObject().getString("id");
        String threadId = thread("Library paper");
        Document before = page(author, threadId);
        assertTrue(before.select("select[name=libraryPaper] option").eachAttr("value").contains(documentId));

        HttpResponse<Buffer> posted = replyForm(author, threadId,
            Map.of("body", "See the case for change", "libraryPaper", documentId, "action", "post"), "", new byte[0]);
        assertEquals(303, posted.statusCode(), posted.bodyAsString());
        assertEquals(List.of("Case for change"), page(member, threadId).select("[data-post-papers] a").eachText());
    }

    @Test
    void aHiddenPostsPaperIsShownOnlyToItsAuthorAndIsNotFoundBySearchUntilRestored() throws Exception {
        String threadId = thread("Hidden paper");
        String word = "zygomorphic" + System.nanoTime() % 100000;
        assertEquals(303, replyForm(author, threadId, Map.of("body", "A paper", "action", "post"), "findings.txt",
            text("The " + word + " findings")).statusCode());
        String postId = page(member, threadId).select("[data-post-id]").last().attr("data-post-id");
        waitUntilFound(word, true);

        assertEquals(200, await(client.post("/api/posts/" + postId + "/hide").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("reason", "Checking"))).statusCode());
        assertEquals(0, page(member, threadId).select("[data-post-papers]").size());
        assertEquals(0, page(organiser, threadId).select("[data-post-papers]").size());
        assertEquals(List.of("findings.txt"), page(author, threadId).select("[data-post-papers] a").eachText());
        assertEquals(0, search(member, word).size(), "not found while its post is hidden");

        assertEquals(204, await(client.delete("/api/posts/" + postId + "/hide").putHeader("Authorization", organiser.bearer())
            .send()).statusCode());
        assertEquals(List.of("findings.txt"), page(member, threadId).select("[data-post-papers] a").eachText());
        assertEquals(1, search(member, word).size(), "found again once restored");
    }

    private static JsonArray search(TestUser as, String word) {
        return await(client.get("/api/search?q=" + word).putHeader("Authorization", as.bearer()).send())
            .bodyAsJsonObject().getJsonArray("papers");
    }

    /** The paper's text is read off the request; waits for it to be searchable. */
    private static void waitUntilFound(String word, boolean found) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if ((search(member, word).size() > 0) == found) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the paper's text was never read for search");
    }

    @Test
    void aLibraryPaperNamedAsUploadedByTheFormItselfIsNotTakenAsThePostsOwnUpload() {
        // the form's list of uploads comes back from the browser, so someone could name any library document in it
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + network + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("title", "Network strategy")
                .binaryFileUpload("file", "strategy.txt", Buffer.buffer("Our strategy"), "text/plain")));
        assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
        String documentId = uploaded.bodyAsJsonObject().getString("id");
        String threadId = thread("Strategy");
        assertEquals(303, replyForm(member, threadId, Map.of("body", "See the strategy", "uploadedPapers", documentId,
            "action", "post"), "", new byte[0]).statusCode());
        boolean own = await(TestHub.get().pool().preparedQuery(
                "SELECT uploaded_with_post FROM post_attachments WHERE document_id = $1")
            .execute(io.vertx.sqlclient.Tuple.of(java.util.UUID.fromString(documentId)))).iterator().next().getBoolean("uploaded_with_post");
        assertEquals(false, own, "a hidden or deleted reply must not take the organiser's paper out of search");
    }
}
