package uk.nhs.hub.document;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Tuple;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Search inside papers: the text of an uploaded paper is read off the request (page by page for a PDF) and
 * {@code /api/search} finds it, at its page, for people who read that library and nobody else; a deleted paper is
 * not found; reading stops at its limits and a broken file fails without harm.
 */
class PaperTextTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static String networkId;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Pat Papers");
        member = TestUsers.create(client, "Mel Reader");
        guest = TestUsers.create(client, "Gus Guest");
        outsider = TestUsers.create(client, "Ola Outside");
        HttpResponse<Buffer> network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Paper readers").put("slug", "paper-readers-" + UUID.randomUUID().toString().substring(0, 8))
                .put("visibility", "private")));
        assertEquals(201, network.statusCode(), network.bodyAsString());
        networkId = network.bodyAsJsonObject().getString("id");
        for (var person : List.of(member, guest)) {
            assertEquals(201, await(client.post("/api/networks/" + networkId + "/members").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", person.email()).put("role", person == guest ? "guest" : "member")))
                .statusCode());
        }
    }

    private static String upload(String title, String filename, Buffer content, String type) {
        HttpResponse<Buffer> response = await(client.post("/api/networks/" + networkId + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("title", title).binaryFileUpload("file", filename, content, type)));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        String id = response.bodyAsJsonObject().getString("id");
        waitUntilRead(id);
        return id;
    }

    private static void waitUntilRead(String documentId) {
        long until = System.nanoTime() + 30_000_000_000L;
        while (true) {
            String status = await(TestHub.get().pool().preparedQuery(
                    "SELECT text_status FROM document_versions WHERE document_id = $1 ORDER BY version DESC LIMIT 1")
                .execute(Tuple.of(UUID.fromString(documentId)))).iterator().next().getString(0);
            if (!"pending".equals(status)) {
                return;
            }
            assertTrue(System.nanoTime() < until, "the paper's text was read within 30 seconds");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static JsonArray papersFound(TestUser as, String q) {
        HttpResponse<Buffer> response = await(client.get("/api/search").addQueryParam("q", q)
            .putHeader("Authorization", as.bearer()).send());
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("papers");
    }

    private static Buffer pdf(String... pages) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            document.save(out);
            return Buffer.buffer(out.toByteArray());
        }
    }

    @Test
    void aPdfsWordsAreFoundAtTheirPageByPeopleWhoReadTheLibraryAndNobodyElse() throws IOException {
        String id = upload("Case for change", "case-for-change.pdf",
            pdf("Introduction to the regional review", "Tonsillectomy waiting times in Wakefield", "Next steps"), "application/pdf");

        JsonArray found = papersFound(member, "tonsillectomy");
        assertEquals(1, found.size(), found.encode());
        JsonObject paper = found.getJsonObject(0);
        assertEquals(id, paper.getString("documentId"));
        assertEquals(2, paper.getInteger("page"));
        assertEquals("page 2", paper.getString("place"));
        assertTrue(paper.getString("headlineHtml").contains("<mark>Tonsillectomy</mark>"), paper.encode());
        assertEquals("/documents/" + id, paper.getString("href"));
        assertEquals(1, papersFound(organiser, "tonsillectomy").size());

        assertEquals(0, papersFound(outsider, "tonsillectomy").size(), "an outsider never sees a private network's paper");
        assertEquals(0, papersFound(guest, "tonsillectomy").size(), "guests do not read the library");
        assertEquals(401, await(client.get("/api/search").addQueryParam("q", "tonsillectomy").send()).statusCode());
    }

    @Test
    void plainTextIsFoundWithoutAPageAndTheSearchPageListsIt() {
        upload("Terms of reference", "terms.txt", Buffer.buffer("The network meets quarterly to review paediatric anaesthesia."),
            "text/plain");
        JsonArray found = papersFound(member, "paediatric anaesthesia");
        assertEquals(1, found.size(), found.encode());
        assertEquals(null, found.getJsonObject(0).getValue("page"));
        String page = await(client.get("/search").addQueryParam("q", "paediatric anaesthesia")
            .putHeader("Cookie", member.cookieHeader()).send()).bodyAsString();
        assertTrue(page.contains("Papers found") && page.contains("Terms of reference"), page);
    }

    @Test
    void aDeletedPaperIsNotFound() {
        String id = upload("Withdrawn guidance", "withdrawn.txt", Buffer.buffer("Obsolete zirconium protocol"), "text/plain");
        assertEquals(1, papersFound(member, "zirconium").size());
        assertEquals(204, await(client.delete("/api/documents/" + id).putHeader("Authorization", organiser.bearer()).send())
            .statusCode());
        assertEquals(0, papersFound(member, "zirconium").size());
    }

    @Test
    void readingStopsAtTheTextLimitKeepingWhatWasReadAndAtTheTimeLimit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("long.txt");
        Files.writeString(file, "word ".repeat(1000), StandardCharsets.UTF_8);
        PaperText.Result capped = new PaperText(30_000, 50).read(file, "text/plain");
        assertEquals(PaperText.Outcome.TOO_LARGE, capped.outcome());
        int kept = capped.pages().stream().mapToInt(p -> p.text().length()).sum();
        assertTrue(kept > 0 && kept <= 50, "at most the first 50 characters are kept, not the rest: " + kept);
        PaperText.Result slow = new PaperText(0, 1_000_000).read(file, "text/plain");
        assertEquals(PaperText.Outcome.FAILED, slow.outcome(), "past its time limit, reading gives up");
        assertTrue(slow.pages().isEmpty());
    }

    @Test
    void aBrokenFileFailsWithoutHarm(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.pdf");
        byte[] bytes = new byte[4096];
        new java.util.Random(17).nextBytes(bytes);
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 9);
        Files.write(file, bytes);
        PaperText.Result result = new PaperText(30_000, 1_000_000).read(file, "application/pdf");
        assertEquals(PaperText.Outcome.FAILED, result.outcome());
    }

    @Test
    void anOfficeFileThatInflatesFarBeyondItsSizeIsRefusedBeforeItsTextIsRead(@TempDir Path dir) throws IOException {
        // one Word text run of 400 MB in a file of well under a megabyte: the readers Tika uses hold a whole run in
        // memory, so it must be refused from what the ZIP container says and inflates to, before any parsing
        Path bomb = dir.resolve("bomb.docx");
        Files.write(bomb, inflatingWordFile(400));
        assertTrue(Files.size(bomb) < 1_000_000, "the file is small: " + Files.size(bomb));
        PaperText.Result result = new PaperText(30_000, 1_000_000).read(bomb,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertEquals(PaperText.Outcome.FAILED, result.outcome());
        assertTrue(result.reason().contains("inflates"), "refused for inflating, not for something else: " + result.reason());

        Path fine = dir.resolve("fine.docx");
        Files.write(fine, inflatingWordFile(0));
        PaperText.Result read = new PaperText(30_000, 1_000_000).read(fine,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertEquals(PaperText.Outcome.DONE, read.outcome(), "an ordinary Word file is still read: " + read.reason());
        assertTrue(read.pages().get(0).text().contains("Ward round checklist"), read.pages().toString());
    }

    /**
     * A Word file whose single text run is a title and then {@code megabytes} of one repeated word, which compresses
     * a thousandfold.
     */
    private static byte[] inflatingWordFile(int megabytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                + "content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
                + "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName="
                + "\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml."
                + "document.main+xml\"/></Types>").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("_rels/.rels"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
                + "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
                + "officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>")
                .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                + "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Ward round checklist ").getBytes(StandardCharsets.UTF_8));
            byte[] megabyte = "ward ".repeat(200_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < megabytes; i++) {
                zip.write(megabyte);
            }
            zip.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void aPaperOnAMeetingDateIsFoundByAnInviteeFromOutsideTheNetworkLinkingToTheFileItself() {
        TestUser invitee = TestUsers.create(client, "Ivy Invitee");
        String id = upload("Pack for the spring board", "spring-pack.txt", Buffer.buffer("Quarterly audit of adenoidectomy outcomes"),
            "text/plain");
        String meeting = await(client.post("/api/networks/" + networkId + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Spring board").put("start", "2027-04-13T10:00").put("durationMinutes", 60)))
            .bodyAsJsonObject().getString("id");
        assertEquals(0, papersFound(invitee, "adenoidectomy").size(), "before the invitation the paper is not theirs to find");
        assertEquals(201, await(client.post("/api/meetings/" + meeting + "/invitees").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", invitee.email()))).statusCode());
        assertEquals(0, papersFound(invitee, "adenoidectomy").size(), "a paper of the library not attached to the meeting stays closed");
        HttpResponse<Buffer> attached = await(client.post("/api/meetings/" + meeting + "/occurrences/2027-04-13T09:00:00Z/papers")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("documentId", id).put("kind", "agenda")));
        assertEquals(201, attached.statusCode(), attached.bodyAsString());

        JsonArray found = papersFound(invitee, "adenoidectomy");
        assertEquals(1, found.size(), found.encode());
        String href = found.getJsonObject(0).getString("href");
        assertTrue(href.startsWith("/api/documents/" + id + "/content"), "the invitee cannot open the library's page: " + href);
        assertEquals(200, await(client.get(href).putHeader("Authorization", invitee.bearer()).send()).statusCode());
        assertEquals(1, papersFound(member, "adenoidectomy").size(), "a member finds it once, in the library");
        assertEquals("/documents/" + id, papersFound(member, "adenoidectomy").getJsonObject(0).getString("href"));
        assertEquals(0, papersFound(outsider, "adenoidectomy").size());
    }
}
