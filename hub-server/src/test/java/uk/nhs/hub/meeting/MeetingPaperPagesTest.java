package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** Organisers add and remove a date's papers from the meeting date page, without JavaScript. */
class MeetingPaperPagesTest {

    private static final String START = URLEncoder.encode("2027-03-09T10:00:00Z", StandardCharsets.UTF_8);

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser outsider;
    private static String network;
    private static String meeting;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Paper Page Organiser");
        member = TestUsers.create(client, "Paper Page Member");
        outsider = TestUsers.create(client, "Paper Page Outsider");
        network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Paper page network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        assertEquals(201, await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", member.email()).put("role", "member"))).statusCode());
        meeting = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Paper page board").put("start", "2027-03-09T10:00")
                .put("durationMinutes", 60))).bodyAsJsonObject().getString("id");
    }

    private static String upload(String title) {
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + network + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("title", title)
                .binaryFileUpload("file", "paper.txt", Buffer.buffer("Text of " + title), "text/plain")));
        assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
        return uploaded.bodyAsJsonObject().getString("id");
    }

    private static String page() {
        return "/meetings/" + meeting + "/occurrence?start=" + START;
    }

    private static String action(String path) {
        return "/meetings/" + meeting + "/occurrence" + path + "?start=" + START;
    }

    @Test
    void anOrganiserAddsALibraryDocumentAsAPaperAndRemovesItFromThePage() {
        String pack = upload("March agenda pack");
        Document before = Jsoup.parse(PageRequests.get(client, organiser, page()).bodyAsString());
        assertTrue(before.select("select#paperDocumentId option").eachText().contains("March agenda pack"));
        assertNotNull(before.selectFirst("a[href$=/library]"), "a way to upload a new document first");

        HttpResponse<Buffer> added = PageRequests.post(client, organiser, action("/papers"),
            Map.of("paperDocumentId", pack, "paperKind", "slides"));
        assertEquals(303, added.statusCode(), added.bodyAsString());
        assertTrue(added.getHeader("Location").contains("done=paper-added"));
        Document after = Jsoup.parse(PageRequests.get(client, member, page()).bodyAsString());
        assertTrue(after.select("[data-papers] li").eachText().stream()
            .anyMatch(text -> text.startsWith("March agenda pack (Slides)")), after.select("[data-papers]").text());
        assertNull(after.selectFirst("[data-paper-form]"), "members do not add papers");
        assertTrue(after.select("[data-papers] form").isEmpty(), "members do not remove papers");

        assertEquals(303, PageRequests.post(client, organiser, action("/papers/" + pack + "/remove"), Map.of()).statusCode());
        assertTrue(Jsoup.parse(PageRequests.get(client, member, page()).bodyAsString()).select("[data-papers] a").eachText()
            .stream().noneMatch("March agenda pack"::equals));
        assertEquals(404, PageRequests.post(client, organiser, action("/papers/" + pack + "/remove"), Map.of()).statusCode());
    }

    @Test
    void aPaperFormWithoutADocumentShowsTheErrorSummaryAndKeepsTheChosenKind() {
        HttpResponse<Buffer> refused = PageRequests.post(client, organiser, action("/papers"),
            Map.of("paperDocumentId", "", "paperKind", "minutes"));
        assertEquals(400, refused.statusCode());
        Document page = Jsoup.parse(refused.bodyAsString());
        assertEquals("#paperDocumentId", page.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertNotNull(page.selectFirst("#paperDocumentId-error"));
        assertEquals("minutes", page.selectFirst("select#paperKind option[selected]").val());
        assertNull(page.selectFirst("#kind-error"), "the agenda form's kind is not blamed");

        String pack = upload("Twice pack");
        assertEquals(303, PageRequests.post(client, organiser, action("/papers"),
            Map.of("paperDocumentId", pack, "paperKind", "agenda")).statusCode());
        HttpResponse<Buffer> twice = PageRequests.post(client, organiser, action("/papers"),
            Map.of("paperDocumentId", pack, "paperKind", "agenda"));
        assertEquals(409, twice.statusCode());
        assertNotNull(Jsoup.parse(twice.bodyAsString()).selectFirst("#paperDocumentId-error"));
    }

    @Test
    void onlyOrganisersChangePapersAndOutsidersGetNotFound() {
        String pack = upload("Guarded pack");
        assertEquals(403, PageRequests.post(client, member, action("/papers"),
            Map.of("paperDocumentId", pack, "paperKind", "agenda")).statusCode());
        assertEquals(404, PageRequests.post(client, outsider, action("/papers"),
            Map.of("paperDocumentId", pack, "paperKind", "agenda")).statusCode());
        assertEquals(303, PageRequests.post(client, organiser, action("/papers"),
            Map.of("paperDocumentId", pack, "paperKind", "agenda")).statusCode());
        assertEquals(403, PageRequests.post(client, member, action("/papers/" + pack + "/remove"), Map.of()).statusCode());
        assertEquals(404, PageRequests.post(client, outsider, action("/papers/" + pack + "/remove"), Map.of()).statusCode());
        assertTrue(PageRequests.post(client, null, action("/papers"), Map.of()).statusCode() / 100 != 2);
    }
}
