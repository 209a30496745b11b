package uk.nhs.hub.document;

import io.vertx.core.buffer.Buffer;
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
import uk.nhs.hub.Hub;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The library and document pages through the real hub: uploads by the plain form, refused uploads shown as page
 * errors with the typed values kept, versions, delete and restore, and who may see which page.
 */
@ExtendWith(ContractCheck.class)
class DocumentPagesTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser otherMember;
    private static TestUser guest;
    private static TestUser outsider;
    private static String networkId;
    private static String slug;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Pages Organiser");
        member = TestUsers.create(client, "Pages Member");
        otherMember = TestUsers.create(client, "Pages Other Member");
        guest = TestUsers.create(client, "Pages Guest");
        outsider = TestUsers.create(client, "Pages Outsider");
        slug = "library-pages-" + System.nanoTime();
        HttpResponse<Buffer> created = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Library pages network").put("slug", slug)
                .put("visibility", "private")));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        networkId = created.bodyAsJsonObject().getString("id");
        for (var who : Map.of(member, "member", otherMember, "member", guest, "guest").entrySet()) {
            HttpResponse<Buffer> added = await(client.post("/api/networks/" + networkId + "/members")
                .putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", who.getKey().email()).put("role", who.getValue())));
            assertEquals(201, added.statusCode(), added.bodyAsString());
        }
    }

    /** Posts the upload form as a browser does: the CSRF field first, then the fields, then the file. */
    static HttpResponse<Buffer> postForm(WebClient client, TestUser as, String path, Map<String, String> fields,
                                         String filename, byte[] bytes) {
        MultipartForm form = MultipartForm.create();
        if (as != null) {
            form.attribute("csrf", as.csrfCookie());
        }
        fields.forEach(form::attribute);
        form.binaryFileUpload("file", filename, Buffer.buffer(bytes), "application/octet-stream");
        HttpRequest<Buffer> request = client.post(path).followRedirects(false).putHeader("Accept", "text/html");
        if (as != null) {
            request.putHeader("Cookie", as.cookieHeader());
        }
        return await(request.sendMultipartForm(form));
    }

    private static HttpResponse<Buffer> uploadPage(TestUser as, String title, String filename, byte[] bytes) {
        return postForm(client, as, "/networks/" + slug + "/library", Map.of("title", title, "description", "For Tuesday"),
            filename, bytes);
    }

    private static String uploadedId(TestUser as, String title) {
        HttpResponse<Buffer> response = uploadPage(as, title, "pack.pdf", DocumentApiTest.PDF);
        assertEquals(303, response.statusCode(), response.bodyAsString());
        String location = response.getHeader("Location");
        assertTrue(location.matches("/documents/[0-9a-f-]{36}\\?done=uploaded"), location);
        return location.substring("/documents/".length(), location.indexOf('?'));
    }

    private static Document page(TestUser as, String path) {
        HttpResponse<Buffer> response = PageRequests.get(client, as, path);
        assertEquals(200, response.statusCode(), path + ": " + response.bodyAsString());
        return Jsoup.parse(response.bodyAsString());
    }

    @Test
    void aMemberUploadsThroughTheLibraryFormAndFindsItListedWithItsDetails() {
        String id = uploadedId(member, "Agenda pack for Tuesday");
        Document library = page(member, "/networks/" + slug + "/library");
        var row = library.select("table[data-library] a[href=/documents/" + id + "]");
        assertEquals("Agenda pack for Tuesday", row.text());
        String rowText = row.first().closest("tr").text();
        assertTrue(rowText.contains("Pages Member"), rowText);
        assertTrue(rowText.contains("bytes"), rowText);
        assertTrue(rowText.matches(".*\\d{1,2} [A-Z][a-z]+ \\d{4} at .*"), rowText);

        Document shown = page(member, "/documents/" + id + "?done=uploaded");
        assertEquals("Agenda pack for Tuesday", shown.selectFirst("h1").text());
        assertTrue(shown.text().contains("Document uploaded"), shown.text());
        assertTrue(shown.text().contains("pack.pdf (PDF"), shown.text());
        assertEquals(1, shown.select("table[data-versions] tbody tr").size());
        assertFalse(shown.select("a[href=/api/documents/" + id + "/content?version=1]").isEmpty());
        // the uploader may add versions and delete
        assertFalse(shown.select("form[action=/documents/" + id + "/versions]").isEmpty());
        assertFalse(shown.select("form[action=/documents/" + id + "/delete]").isEmpty());
    }

    @Test
    void theUploadFormPutsTheCsrfFieldBeforeTheFileAndWorksWithoutScript() {
        Document library = page(member, "/networks/" + slug + "/library");
        var form = library.selectFirst("form[data-upload-form]");
        assertEquals("multipart/form-data", form.attr("enctype"));
        var fields = form.select("input[name]").stream().map(e -> e.attr("name")).toList();
        assertEquals("csrf", fields.get(0));
        assertTrue(fields.indexOf("file") > fields.indexOf("title"), fields.toString());
        assertEquals("file", form.selectFirst("input[name=file]").attr("type"));
        assertEquals(1, library.select("label[for=file]").size());
    }

    @Test
    void aRefusedFileTypeIsShownAsAPageErrorWithTheTypedValuesKept() {
        HttpResponse<Buffer> refused = uploadPage(member, "Sneaky page", "agenda.pdf",
            "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, refused.statusCode());
        assertTrue(refused.getHeader("Content-Type").startsWith("text/html"), refused.getHeader("Content-Type"));
        Document shown = Jsoup.parse(refused.bodyAsString());
        assertTrue(shown.title().startsWith("Error: "), shown.title());
        assertEquals("#file", shown.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertTrue(shown.selectFirst("#file-error").text().contains("The file must be a PDF"));
        assertEquals("Sneaky page", shown.selectFirst("input#title").attr("value"));
        assertEquals("For Tuesday", shown.selectFirst("textarea#description").text());
    }

    @Test
    void aMissingTitleIsShownAgainstTheTitleField() {
        HttpResponse<Buffer> refused = uploadPage(member, " ", "pack.pdf", DocumentApiTest.PDF);
        assertEquals(400, refused.statusCode());
        Document shown = Jsoup.parse(refused.bodyAsString());
        assertEquals("#title", shown.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertFalse(shown.select("#title-error").isEmpty());
    }

    @Test
    void aFileOverTheLimitIsShownAsAPageError() {
        Hub small = TestHub.get().startAnother(json -> json.put("documents", new JsonObject().put("maxUploadMb", 1)));
        try {
            WebClient smallClient = WebClient.create(TestHub.get().vertx(),
                new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(small.port()));
            // the other hub signs its own CSRF tokens: take the one it gives this browser
            HttpResponse<Buffer> first = await(smallClient.get("/networks/" + slug + "/library").followRedirects(false)
                .putHeader("Cookie", "hub_session=" + member.sessionCookie()).send());
            assertEquals(200, first.statusCode());
            TestUser there = new TestUser(member.id(), member.email(), member.displayName(), member.token(),
                member.sessionCookie(), TestUsers.cookie(first, "hub_csrf"));
            byte[] big = new byte[1536 * 1024];
            Arrays.fill(big, (byte) 'a');
            HttpResponse<Buffer> refused = postForm(smallClient, there, "/networks/" + slug + "/library",
                Map.of("title", "Big minutes"), "minutes.txt", big);
            assertEquals(413, refused.statusCode(), refused.bodyAsString());
            Document shown = Jsoup.parse(refused.bodyAsString());
            assertTrue(shown.selectFirst("#file-error").text().contains("smaller than 1MB"), shown.text());
            // the typed title cannot be shown again: Vert.x hands over text fields only once a request has ended
            smallClient.close();
        } finally {
            await(small.stop());
        }
    }

    @Test
    void aPageUploadLongerThanOneNetworkReadPassesItsCsrfCheck() {
        // the form's token used to be looked for when the file began, before Vert.x hands over text fields, so
        // any file that did not arrive in one read was refused with 403
        byte[] big = new byte[1536 * 1024];
        Arrays.fill(big, (byte) 'a');
        HttpResponse<Buffer> uploaded = postForm(client, member, "/networks/" + slug + "/library",
            Map.of("title", "Long minutes"), "minutes.txt", big);
        assertEquals(303, uploaded.statusCode(), uploaded.bodyAsString());
    }

    @Test
    void aPageUploadWithAWrongCsrfTokenIsRefusedAndItsFileRemoved() {
        long pending = await(TestHub.get().pool().query("SELECT count(*) FROM document_blobs").execute())
            .iterator().next().getLong(0);
        MultipartForm form = MultipartForm.create().attribute("csrf", "forged.token").attribute("title", "Forged")
            .binaryFileUpload("file", "f.pdf", Buffer.buffer(DocumentApiTest.PDF), "application/octet-stream");
        HttpResponse<Buffer> refused = await(client.post("/networks/" + slug + "/library").followRedirects(false)
            .putHeader("Accept", "text/html").putHeader("Cookie", member.cookieHeader()).sendMultipartForm(form));
        assertEquals(403, refused.statusCode());
        assertEquals(pending, await(TestHub.get().pool().query("SELECT count(*) FROM document_blobs").execute())
            .iterator().next().getLong(0));
    }

    @Test
    void theUploaderAddsAVersionWithAChangeNoteThroughTheDocumentPage() {
        String id = uploadedId(member, "Slides");
        HttpResponse<Buffer> added = postForm(client, member, "/documents/" + id + "/versions",
            Map.of("changeNote", "Corrected the figures"), "slides-v2.txt", "New figures".getBytes(StandardCharsets.UTF_8));
        assertEquals(303, added.statusCode(), added.bodyAsString());
        assertEquals("/documents/" + id + "?done=version", added.getHeader("Location"));
        Document shown = page(member, "/documents/" + id);
        var rows = shown.select("table[data-versions] tbody tr");
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).text().contains("Corrected the figures"), rows.get(0).text());
        assertFalse(shown.select("a[href=/api/documents/" + id + "/content?version=1]").isEmpty());
        assertFalse(shown.select("a[href=/api/documents/" + id + "/content?version=2]").isEmpty());
    }

    @Test
    void anotherMemberReadsTheDocumentButIsNotOfferedOrAllowedToChangeIt() {
        String id = uploadedId(member, "Pre-read");
        Document shown = page(otherMember, "/documents/" + id);
        assertTrue(shown.select("form[action=/documents/" + id + "/versions]").isEmpty());
        assertTrue(shown.select("form[action=/documents/" + id + "/delete]").isEmpty());
        assertEquals(403, PageRequests.post(client, otherMember, "/documents/" + id + "/delete", Map.of()).statusCode());
        HttpResponse<Buffer> version = postForm(client, otherMember, "/documents/" + id + "/versions", Map.of(),
            "x.txt", "text".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, version.statusCode());
    }

    @Test
    void theUploaderDeletesAndRestoresThroughThePages() {
        String id = uploadedId(member, "Old minutes");
        HttpResponse<Buffer> deleted = PageRequests.post(client, member, "/documents/" + id + "/delete", Map.of());
        assertEquals(303, deleted.statusCode(), deleted.bodyAsString());
        assertEquals("/networks/" + slug + "/library?done=deleted", deleted.getHeader("Location"));
        assertTrue(page(member, "/networks/" + slug + "/library").select("a[href=/documents/" + id + "]").isEmpty());
        assertEquals(404, PageRequests.get(client, otherMember, "/documents/" + id).statusCode());
        Document shown = page(member, "/documents/" + id);
        assertFalse(shown.select("form[action=/documents/" + id + "/restore]").isEmpty());
        HttpResponse<Buffer> restored = PageRequests.post(client, member, "/documents/" + id + "/restore", Map.of());
        assertEquals(303, restored.statusCode(), restored.bodyAsString());
        assertFalse(page(otherMember, "/networks/" + slug + "/library").select("a[href=/documents/" + id + "]").isEmpty());
    }

    @Test
    void organisersAddFoldersAndTheLibraryListsAFoldersDocuments() {
        HttpResponse<Buffer> added = PageRequests.post(client, organiser, "/networks/" + slug + "/library/folders",
            Map.of("name", "Board papers"));
        assertEquals(303, added.statusCode(), added.bodyAsString());
        Document library = page(organiser, "/networks/" + slug + "/library");
        String href = library.select("[data-folders] a").stream().filter(a -> a.text().equals("Board papers"))
            .findFirst().orElseThrow().attr("href");
        String folderId = href.substring(href.indexOf("folder=") + 7);
        HttpResponse<Buffer> uploaded = postForm(client, organiser, "/networks/" + slug + "/library",
            Map.of("title", "Case for Change", "folderId", folderId), "case.pdf", DocumentApiTest.PDF);
        assertEquals(303, uploaded.statusCode(), uploaded.bodyAsString());
        Document inFolder = page(organiser, href);
        assertEquals("Library: Board papers", inFolder.selectFirst("h1").text());
        assertEquals(java.util.List.of("Case for Change"), inFolder.select("table[data-library] tbody tr td:first-child a")
            .eachText());
        // members are not offered the folder form, and posting it is refused
        assertTrue(page(member, "/networks/" + slug + "/library").select("form[action$=/library/folders]").isEmpty());
        assertEquals(403, PageRequests.post(client, member, "/networks/" + slug + "/library/folders",
            Map.of("name", "Mine")).statusCode());
    }

    @Test
    void onlyMembersAndOrganisersSeeTheLibraryPagesAndOthersGetNotFound() {
        String id = uploadedId(organiser, "Terms of reference");
        for (TestUser reader : new TestUser[] {organiser, member}) {
            page(reader, "/networks/" + slug + "/library");
            page(reader, "/documents/" + id);
        }
        for (TestUser stranger : new TestUser[] {guest, outsider}) {
            assertEquals(404, PageRequests.get(client, stranger, "/networks/" + slug + "/library").statusCode());
            assertEquals(404, PageRequests.get(client, stranger, "/documents/" + id).statusCode());
            assertEquals(404, uploadPage(stranger, "Not mine", "x.pdf", DocumentApiTest.PDF).statusCode());
            assertEquals(404, PageRequests.post(client, stranger, "/documents/" + id + "/delete", Map.of()).statusCode());
        }
        assertEquals(404, PageRequests.get(client, member, "/documents/" + java.util.UUID.randomUUID()).statusCode());
        assertEquals(404, PageRequests.get(client, member, "/documents/not-an-id").statusCode());
        HttpResponse<Buffer> signedOut = PageRequests.get(client, null, "/networks/" + slug + "/library");
        assertEquals(303, signedOut.statusCode());
        assertTrue(signedOut.getHeader("Location").startsWith("/sign-in?returnTo="));
        assertEquals(303, PageRequests.get(client, null, "/documents/" + id).statusCode());
    }

    @Test
    void theNetworkPageLinksToTheLibraryForItsReaders() {
        assertFalse(page(member, "/networks/" + slug).select("a[href=/networks/" + slug + "/library]").isEmpty());
    }
}
