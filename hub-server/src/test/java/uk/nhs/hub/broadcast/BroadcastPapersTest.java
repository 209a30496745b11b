package uk.nhs.hub.broadcast;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import uk.nhs.hub.ContractCheck;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Papers attached to a broadcast by the sending central team: listed on the broadcast, downloadable by every
 * recipient (who is not a member of the sending network), 404 to everyone the broadcast is hidden from.
 */
@ExtendWith(ContractCheck.class)
class BroadcastPapersTest {

    private static WebClient client;
    private static TestUser regionOrganiser;
    private static TestUser central;
    private static TestUser localOrganiser;
    private static TestUser recipient;
    private static TestUser guest;
    private static TestUser outsider;
    private static String region;
    private static String local;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        regionOrganiser = TestUsers.create(client, "Paper Region Organiser");
        central = TestUsers.create(client, "Paper Central Lead");
        localOrganiser = TestUsers.create(client, "Paper Local Organiser");
        recipient = TestUsers.create(client, "Paper Recipient");
        guest = TestUsers.create(client, "Paper Local Guest");
        outsider = TestUsers.create(client, "Paper Outsider");
        region = BroadcastApiTest.networkFor(client, regionOrganiser, "Paper region", null);
        BroadcastApiTest.memberFor(client, regionOrganiser, region, central, "central");
        BroadcastApiTest.memberFor(client, regionOrganiser, region, localOrganiser, "central");
        local = BroadcastApiTest.networkFor(client, localOrganiser, "Paper local", region);
        BroadcastApiTest.memberFor(client, localOrganiser, local, recipient, "member");
        BroadcastApiTest.memberFor(client, localOrganiser, local, guest, "guest");
    }

    private static HttpResponse<Buffer> call(HttpMethod method, TestUser as, String path, JsonObject body) {
        HttpRequest<Buffer> request = client.request(method, path);
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static String upload(String networkId, String title) {
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + networkId + "/documents")
            .putHeader("Authorization", central.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("title", title)
                .binaryFileUpload("file", "guidance.txt", Buffer.buffer("Text of " + title), "text/plain")));
        assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
        return uploaded.bodyAsJsonObject().getString("id");
    }

    private static String send(String title) {
        HttpResponse<Buffer> sent = call(HttpMethod.POST, central, "/api/broadcasts", new JsonObject().put("networkId", region)
            .put("title", title).put("body", "Please read the attached guidance.")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(local)).put("includeDescendants", false)));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        return sent.bodyAsJsonObject().getString("id");
    }

    private static HttpResponse<Buffer> attach(TestUser as, String broadcast, String documentId) {
        return call(HttpMethod.POST, as, "/api/broadcasts/" + broadcast + "/attachments", new JsonObject().put("documentId", documentId));
    }

    @Test
    void theCentralTeamAttachesALibraryPaperAndItIsListedOnTheBroadcast() {
        String broadcast = send("Guidance with a paper");
        String paper = upload(region, "Case for change");
        HttpResponse<Buffer> attached = attach(central, broadcast, paper);
        assertEquals(201, attached.statusCode(), attached.bodyAsString());
        assertEquals("/api/documents/" + paper + "/content?version=1", attached.bodyAsJsonObject().getString("href"));
        assertEquals(409, attach(central, broadcast, paper).statusCode());

        JsonArray listed = call(HttpMethod.GET, recipient, "/api/broadcasts/" + broadcast, null).bodyAsJsonObject().getJsonArray("papers");
        assertEquals(paper, listed.getJsonObject(0).getString("documentId"));
        var page = Jsoup.parse(PageRequests.get(client, recipient, "/broadcasts/" + broadcast).bodyAsString());
        assertEquals(List.of("Case for change"), page.select("[data-papers] a").eachText());

        assertEquals(204, call(HttpMethod.DELETE, central, "/api/broadcasts/" + broadcast + "/attachments/" + paper, null).statusCode());
        assertEquals(404, call(HttpMethod.DELETE, central, "/api/broadcasts/" + broadcast + "/attachments/" + paper, null).statusCode());
        assertTrue(call(HttpMethod.GET, recipient, "/api/broadcasts/" + broadcast, null).bodyAsJsonObject().getJsonArray("papers").isEmpty());
        assertEquals(404, call(HttpMethod.GET, recipient, "/api/documents/" + paper + "/content", null).statusCode(),
            "a paper taken off is no longer readable by recipients");
    }

    @Test
    void whoeverMaySeeTheBroadcastReadsItsPapersAndEveryoneElseGetsNotFound() {
        String broadcast = send("Guidance for readers");
        String paper = upload(region, "Regional guidance");
        assertEquals(201, attach(central, broadcast, paper).statusCode());
        String content = "/api/documents/" + paper + "/content";
        for (TestUser reader : new TestUser[] {central, recipient, localOrganiser}) {
            HttpResponse<Buffer> got = call(HttpMethod.GET, reader, content, null);
            assertEquals(200, got.statusCode(), reader.displayName());
            assertEquals("Text of Regional guidance", got.bodyAsString());
        }
        // the recipient reads the paper only, not the sending network's library
        assertEquals(404, call(HttpMethod.GET, recipient, "/api/documents/" + paper, null).statusCode());
        for (TestUser stranger : new TestUser[] {guest, outsider}) {
            assertEquals(404, call(HttpMethod.GET, stranger, content, null).statusCode(), stranger.displayName());
            assertEquals(404, attach(stranger, broadcast, paper).statusCode(), stranger.displayName());
            assertEquals(404, call(HttpMethod.DELETE, stranger, "/api/broadcasts/" + broadcast + "/attachments/" + paper, null)
                .statusCode(), stranger.displayName());
        }
        assertEquals(401, call(HttpMethod.GET, null, content, null).statusCode());
        assertEquals(401, attach(null, broadcast, paper).statusCode());
        assertEquals(401, call(HttpMethod.DELETE, null, "/api/broadcasts/" + broadcast + "/attachments/" + paper, null).statusCode());
        // recipients see the broadcast but do not change its papers
        assertEquals(403, attach(recipient, broadcast, paper).statusCode());
        assertEquals(403, call(HttpMethod.DELETE, recipient, "/api/broadcasts/" + broadcast + "/attachments/" + paper, null)
            .statusCode());
    }

    @Test
    void theCentralTeamAttachesAndRemovesPapersFromTheBroadcastPageWithoutJavaScript() {
        String broadcast = send("Guidance with a paper chosen on the page");
        String paper = upload(region, "Chosen on the page");
        var page = Jsoup.parse(PageRequests.get(client, central, "/broadcasts/" + broadcast).bodyAsString());
        assertTrue(page.select("select#paperDocumentId option").eachText().contains("Chosen on the page"));
        assertTrue(Jsoup.parse(PageRequests.get(client, recipient, "/broadcasts/" + broadcast).bodyAsString())
            .select("[data-paper-form]").isEmpty(), "recipients do not attach papers");

        HttpResponse<Buffer> refused = PageRequests.post(client, central, "/broadcasts/" + broadcast + "/papers",
            java.util.Map.of("paperDocumentId", ""));
        assertEquals(400, refused.statusCode());
        assertEquals("#paperDocumentId", Jsoup.parse(refused.bodyAsString()).selectFirst(".nhsuk-error-summary a").attr("href"));

        HttpResponse<Buffer> added = PageRequests.post(client, central, "/broadcasts/" + broadcast + "/papers",
            java.util.Map.of("paperDocumentId", paper));
        assertEquals(303, added.statusCode(), added.bodyAsString());
        assertEquals(List.of("Chosen on the page"), Jsoup.parse(PageRequests.get(client, recipient, "/broadcasts/" + broadcast)
            .bodyAsString()).select("[data-papers] a").eachText());
        assertEquals(403, PageRequests.post(client, recipient, "/broadcasts/" + broadcast + "/papers/" + paper + "/remove",
            java.util.Map.of()).statusCode());
        assertEquals(404, PageRequests.post(client, outsider, "/broadcasts/" + broadcast + "/papers/" + paper + "/remove",
            java.util.Map.of()).statusCode());
        assertEquals(303, PageRequests.post(client, central, "/broadcasts/" + broadcast + "/papers/" + paper + "/remove",
            java.util.Map.of()).statusCode());
        assertTrue(Jsoup.parse(PageRequests.get(client, recipient, "/broadcasts/" + broadcast).bodyAsString())
            .select("[data-papers] a").isEmpty());
    }

    @Test
    void onlyDocumentsOfTheSendingNetworksLibraryCanBeAttached() {
        String broadcast = send("Guidance with the wrong paper");
        String fromLocal = upload(local, "Local paper");
        HttpResponse<Buffer> refused = attach(central, broadcast, fromLocal);
        assertEquals(400, refused.statusCode());
        assertEquals("documentId", refused.bodyAsJsonObject().getJsonObject("error").getString("field"));
        HttpResponse<Buffer> missing = call(HttpMethod.POST, central, "/api/broadcasts/" + broadcast + "/attachments", new JsonObject());
        assertEquals(400, missing.statusCode());
        assertEquals("documentId", missing.bodyAsJsonObject().getJsonObject("error").getString("field"));
    }
}
