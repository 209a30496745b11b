package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * A meeting date's papers: attached from the network's library by organisers, listed on the date's page and
 * downloadable by whoever may see the meeting (invitees who do not read the library too), 404 to everyone else.
 */
@ExtendWith(ContractCheck.class)
class MeetingPapersTest {

    private static final String FIRST = "2027-01-12T10:00:00Z";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser invitee;
    private static TestUser outsider;
    private static String network;
    private static String meeting;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Papers Organiser");
        member = TestUsers.create(client, "Papers Member");
        guest = TestUsers.create(client, "Papers Guest");
        invitee = TestUsers.create(client, "Papers Invitee");
        outsider = TestUsers.create(client, "Papers Outsider");
        network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Papers meeting network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        for (var who : Map.of(member, "member", guest, "guest").entrySet()) {
            assertEquals(201, await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", who.getKey().email()).put("role", who.getValue()))).statusCode());
        }
        meeting = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Board meeting").put("start", "2027-01-12T10:00")
                .put("durationMinutes", 120).put("rrule", "FREQ=MONTHLY;COUNT=3"))).bodyAsJsonObject().getString("id");
        assertEquals(201, await(client.post("/api/meetings/" + meeting + "/invitees").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", invitee.email()))).statusCode());
    }

    private static String upload(TestUser as, String networkId, String title) {
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + networkId + "/documents")
            .putHeader("Authorization", as.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("title", title)
                .binaryFileUpload("file", title + ".txt", Buffer.buffer("Text of " + title), "text/plain")));
        assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
        return uploaded.bodyAsJsonObject().getString("id");
    }

    private static String papers(String start) {
        return "/api/meetings/" + meeting + "/occurrences/" + URLEncoder.encode(start, StandardCharsets.UTF_8) + "/papers";
    }

    private static HttpResponse<Buffer> attach(TestUser as, String documentId, String kind) {
        return await(client.post(papers(FIRST)).putHeader("Authorization", as.bearer())
            .sendJsonObject(new JsonObject().put("documentId", documentId).put("kind", kind)));
    }

    private static HttpResponse<Buffer> call(io.vertx.core.http.HttpMethod method, TestUser as, String path) {
        HttpRequest<Buffer> request = client.request(method, path);
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(request.send());
    }

    @Test
    void anOrganiserAttachesLibraryDocumentsAndTheyAreListedInReadingOrder() {
        String minutes = upload(organiser, network, "Minutes");
        String pack = upload(organiser, network, "Agenda pack");
        HttpResponse<Buffer> attached = attach(organiser, minutes, "minutes");
        assertEquals(201, attached.statusCode(), attached.bodyAsString());
        assertEquals("Minutes", attached.bodyAsJsonObject().getString("title"));
        assertEquals("/api/documents/" + minutes + "/content?version=1", attached.bodyAsJsonObject().getString("href"));
        assertEquals(201, attach(organiser, pack, "agenda").statusCode());
        var listed = call(io.vertx.core.http.HttpMethod.GET, member, papers(FIRST)).bodyAsJsonObject().getJsonArray("papers");
        assertEquals(pack, listed.getJsonObject(0).getString("documentId"));
        assertEquals(minutes, listed.getJsonObject(1).getString("documentId"));
        assertEquals(409, attach(organiser, pack, "slides").statusCode());

        var page = Jsoup.parse(PageRequests.get(client, member, "/meetings/" + meeting + "/occurrence?start="
            + URLEncoder.encode(FIRST, StandardCharsets.UTF_8)).bodyAsString());
        assertEquals(java.util.List.of("Agenda pack", "Minutes"), page.select("[data-papers] a").eachText());
        assertEquals("/api/documents/" + pack + "/content?version=1", page.selectFirst("[data-papers] a").attr("href"));

        assertEquals(204, call(io.vertx.core.http.HttpMethod.DELETE, organiser, papers(FIRST) + "/" + minutes).statusCode());
        assertEquals(404, call(io.vertx.core.http.HttpMethod.DELETE, organiser, papers(FIRST) + "/" + minutes).statusCode());
        assertEquals(200, call(io.vertx.core.http.HttpMethod.GET, member, "/api/documents/" + minutes).statusCode());
    }

    @Test
    void onlyDocumentsOfTheMeetingsOwnLibraryOfAKnownKindCanBeAttached() {
        String other = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Elsewhere").put("visibility", "private"))).bodyAsJsonObject().getString("id");
        String elsewhere = upload(organiser, other, "Elsewhere paper");
        HttpResponse<Buffer> refused = attach(organiser, elsewhere, "agenda");
        assertEquals(400, refused.statusCode());
        assertEquals("documentId", refused.bodyAsJsonObject().getJsonObject("error").getString("field"));
        String own = upload(organiser, network, "Own paper");
        HttpResponse<Buffer> badKind = attach(organiser, own, "poster");
        assertEquals(400, badKind.statusCode());
        assertEquals("kind", badKind.bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals(404, await(client.post("/api/meetings/" + meeting + "/occurrences/"
                + URLEncoder.encode("2027-01-13T10:00:00Z", StandardCharsets.UTF_8) + "/papers")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("documentId", own).put("kind", "agenda"))).statusCode());
    }

    @Test
    void whoeverMaySeeTheMeetingDownloadsItsPapersAndEveryoneElseGetsNotFound() {
        String slides = upload(organiser, network, "Slides");
        String unattached = upload(organiser, network, "Library only");
        assertEquals(201, attach(organiser, slides, "slides").statusCode());
        String content = "/api/documents/" + slides + "/content";
        // readers of the meeting: the library's own readers and an invitee who does not read the library
        for (TestUser reader : new TestUser[] {organiser, member, invitee}) {
            HttpResponse<Buffer> got = call(io.vertx.core.http.HttpMethod.GET, reader, content);
            assertEquals(200, got.statusCode(), reader.displayName());
            assertEquals("Text of Slides", got.bodyAsString());
            assertEquals(200, call(io.vertx.core.http.HttpMethod.GET, reader, papers(FIRST)).statusCode());
        }
        // the invitee reads the paper only: not the library, nor documents that are not papers
        assertEquals(404, call(io.vertx.core.http.HttpMethod.GET, invitee, "/api/documents/" + slides).statusCode());
        assertEquals(404, call(io.vertx.core.http.HttpMethod.GET, invitee, "/api/documents/" + unattached + "/content").statusCode());
        for (TestUser stranger : new TestUser[] {guest, outsider}) {
            assertEquals(404, call(io.vertx.core.http.HttpMethod.GET, stranger, content).statusCode(), stranger.displayName());
            assertEquals(404, call(io.vertx.core.http.HttpMethod.GET, stranger, papers(FIRST)).statusCode());
            assertEquals(404, await(client.post(papers(FIRST)).putHeader("Authorization", stranger.bearer())
                .sendJsonObject(new JsonObject().put("documentId", unattached).put("kind", "agenda"))).statusCode());
            assertEquals(404, call(io.vertx.core.http.HttpMethod.DELETE, stranger, papers(FIRST) + "/" + slides).statusCode());
        }
        assertEquals(401, call(io.vertx.core.http.HttpMethod.GET, null, content).statusCode());
        assertEquals(401, call(io.vertx.core.http.HttpMethod.GET, null, papers(FIRST)).statusCode());
        // members and invitees see the papers but do not change them
        assertEquals(403, attach(member, unattached, "agenda").statusCode());
        assertEquals(403, attach(invitee, unattached, "agenda").statusCode());
        assertEquals(403, call(io.vertx.core.http.HttpMethod.DELETE, member, papers(FIRST) + "/" + slides).statusCode());
        // a deleted document is no longer a paper anyone downloads, until it is restored
        assertEquals(204, call(io.vertx.core.http.HttpMethod.DELETE, organiser, "/api/documents/" + slides).statusCode());
        assertEquals(404, call(io.vertx.core.http.HttpMethod.GET, invitee, content).statusCode());
        assertTrue(call(io.vertx.core.http.HttpMethod.GET, invitee, papers(FIRST)).bodyAsJsonObject().getJsonArray("papers")
            .stream().noneMatch(p -> slides.equals(((JsonObject) p).getString("documentId"))));
    }

    @Test
    void theReminderEmailLinksToTheDatesPapers() {
        String reminded = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Reminded board").put("start", "2027-06-15T10:00")
                .put("durationMinutes", 60).put("reminderHours", 24))).bodyAsJsonObject().getString("id");
        String start = URLEncoder.encode("2027-06-15T10:00:00+01:00", StandardCharsets.UTF_8);
        assertEquals(200, await(client.put("/api/meetings/" + reminded + "/occurrences/" + start + "/rsvp")
            .putHeader("Authorization", member.bearer()).sendJsonObject(new JsonObject().put("response", "yes"))).statusCode());
        await(TestHub.get().pool().preparedQuery("INSERT INTO email_preferences (user_id, meetings) VALUES ($1, 'immediately')")
            .execute(io.vertx.sqlclient.Tuple.of(member.id())));
        String pack = upload(organiser, network, "June pack");
        assertEquals(201, await(client.post("/api/meetings/" + reminded + "/occurrences/" + start + "/papers")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("documentId", pack).put("kind", "agenda"))).statusCode());

        await(TestHub.get().hub().meetings().sendRemindersDue(java.time.Instant.parse("2027-06-14T11:00:00Z")));
        String body = await(TestHub.get().pool().preparedQuery(
                "SELECT body FROM outbox WHERE to_address = $1 AND subject LIKE 'Reminder: Reminded board%'")
            .execute(io.vertx.sqlclient.Tuple.of(member.email()))).iterator().next().getString("body");
        assertTrue(body.contains("Papers:\n- June pack: " + TestHub.get().config().http().baseUrl() + "/api/documents/" + pack
            + "/content?version=1"), body);
    }
}
