package uk.nhs.hub.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.Zips;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * {@code GET /api/networks/{id}/export.zip}: a network's records for its organisers, whoever runs a network above
 * it, and administrators; 403 for others who may see the network, 404 for those who may not, 401 signed out. The
 * ZIP holds only that network's rows, as HTML pages, JSON and CSV, and each download is in the audit log.
 */
class RecordsExportTest {

    private static WebClient client;
    private static TestUser admin;
    private static TestUser organiser;
    private static TestUser childOrganiser;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static String regionId;
    private static String childId;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        admin = TestUsers.create(client, "Ada Administrator");
        AdministrationApiTest.makeAdministrator(admin.id());
        organiser = TestUsers.create(client, "Olu Organiser");
        childOrganiser = TestUsers.create(client, "Cat Childorganiser");
        member = TestUsers.create(client, "Mo Member");
        guest = TestUsers.create(client, "Gil Guest");
        outsider = TestUsers.create(client, "Oz Outsider");
        regionId = created(send(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Records region")
            .put("slug", "records-region").put("visibility", "private")));
        childId = created(send(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Records child")
            .put("slug", "records-child").put("visibility", "private").put("parentId", regionId)));
        for (var entry : Map.of(member, "member", guest, "guest").entrySet()) {
            assertEquals(201, send(organiser, HttpMethod.POST, "/api/networks/" + regionId + "/members",
                new JsonObject().put("email", entry.getKey().email()).put("role", entry.getValue())).statusCode());
        }
        assertEquals(201, send(organiser, HttpMethod.POST, "/api/networks/" + childId + "/members",
            new JsonObject().put("email", childOrganiser.email()).put("role", "organiser")).statusCode());

        String thread = created(send(organiser, HttpMethod.POST, "/api/networks/" + regionId + "/threads",
            new JsonObject().put("title", "Winter pressures").put("body", "How are your wards coping?")));
        assertEquals(201, send(member, HttpMethod.POST, "/api/threads/" + thread + "/posts",
            new JsonObject().put("body", "=HYPERLINK(\"http://example.org\") and <b>bold</b> claims")).statusCode());
        String regretted = created(send(member, HttpMethod.POST, "/api/threads/" + thread + "/posts",
            new JsonObject().put("body", "Words I took back")));
        assertEquals(204, send(member, HttpMethod.DELETE, "/api/posts/" + regretted, null).statusCode());
        String childThread = created(send(childOrganiser, HttpMethod.POST, "/api/networks/" + childId + "/threads",
            new JsonObject().put("title", "Child's own business").put("body", "Only for the child network")));
        assertTrue(childThread.length() > 0);
    }

    private static String created(HttpResponse<Buffer> response) {
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getString("id");
    }

    private static HttpResponse<Buffer> send(TestUser user, HttpMethod method, String uri, JsonObject body) {
        HttpRequest<Buffer> request = client.request(method, uri);
        if (user != null) {
            request.putHeader("Authorization", user.bearer());
        }
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    @Test
    void organisersGetEveryKindOfRecordAsPagesJsonAndCsvStreamedAsOneZip() {
        HttpResponse<Buffer> response = send(organiser, HttpMethod.GET, "/api/networks/" + regionId + "/export.zip", null);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals("application/zip", response.getHeader("Content-Type"));
        assertTrue(response.getHeader("Content-Disposition").startsWith("attachment; filename=\"records-region-records-"));
        assertNull(response.getHeader("Content-Length"), "streamed in chunks as it is read, not gathered first");
        Map<String, String> files = Zips.texts(response.body());
        for (String name : new String[]{"index.html", "network.json", "members.csv", "members.html", "threads.csv",
                "posts.csv", "posts.json", "posts.html", "meetings.csv", "replies.csv", "attendance.csv",
                "broadcasts.csv", "broadcast-responses.json", "library.csv", "projects.csv"}) {
            assertTrue(files.containsKey(name), name + " is in the ZIP: " + files.keySet());
        }
        assertTrue(files.get("index.html").contains("<h1>Records of Records region</h1>"));
        assertTrue(files.get("index.html").contains("href=\"posts.html\""));
        assertEquals("Records region", new JsonObject(files.get("network.json")).getString("name"));
        assertTrue(files.get("members.csv").contains(member.email()) && files.get("members.csv").contains(guest.email()));
        assertTrue(files.get("threads.csv").contains("Winter pressures"));
        String today = uk.nhs.hub.platform.DateTimeWords.date(java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")));
        assertTrue(files.get("threads.html").contains(today + " at "), "pages give times in words: " + files.get("threads.html"));
        assertTrue(files.get("threads.csv").matches("(?s).*\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*"), "CSV keeps ISO 8601");
    }

    @Test
    void onlyTheNetworksOwnRecordsAreIncludedNotThoseOfANetworkInsideIt() {
        Map<String, String> files = Zips.texts(send(organiser, HttpMethod.GET, "/api/networks/" + regionId + "/export.zip", null).body());
        assertFalse(files.get("threads.csv").contains("Child's own business"));
        assertFalse(files.get("posts.json").contains("Only for the child network"));
        assertFalse(files.get("members.csv").contains(childOrganiser.email()));
        Map<String, String> child = Zips.texts(send(organiser, HttpMethod.GET, "/api/networks/" + childId + "/export.zip", null).body());
        assertTrue(child.get("posts.json").contains("Only for the child network"), "the organiser above may export it");
        assertFalse(child.get("posts.json").contains("How are your wards coping?"));
    }

    @Test
    void aDeletedPostKeepsItsPlaceButNotItsWords() {
        JsonArray posts = new JsonArray(Zips.texts(send(organiser, HttpMethod.GET, "/api/networks/" + regionId + "/export.zip", null)
            .body()).get("posts.json"));
        assertEquals(3, posts.size());
        JsonObject deleted = posts.stream().map(JsonObject.class::cast).filter(p -> p.getString("deleted_at") != null)
            .findFirst().orElseThrow();
        assertNull(deleted.getString("text"));
        assertFalse(posts.encode().contains("Words I took back"));
    }

    @Test
    void cellsAreSafeInSpreadsheetsAndTextIsEscapedInPages() {
        Map<String, String> files = Zips.texts(send(organiser, HttpMethod.GET, "/api/networks/" + regionId + "/export.zip", null).body());
        assertTrue(files.get("posts.csv").contains("\"'=HYPERLINK(\"\"http://example.org\"\")"), files.get("posts.csv"));
        assertTrue(files.get("posts.html").contains("&lt;b&gt;bold&lt;/b&gt;"));
        assertFalse(files.get("posts.html").contains("<b>bold</b>"));
    }

    @Test
    void othersWhoMaySeeTheNetworkGet403AndEveryoneElseTheSame404AsANetworkThatDoesNotExist() {
        String uri = "/api/networks/" + regionId + "/export.zip";
        assertEquals(403, send(member, HttpMethod.GET, uri, null).statusCode());
        assertEquals(403, send(guest, HttpMethod.GET, uri, null).statusCode());
        HttpResponse<Buffer> outsiders = send(outsider, HttpMethod.GET, uri, null);
        HttpResponse<Buffer> unknown = send(outsider, HttpMethod.GET, "/api/networks/" + java.util.UUID.randomUUID()
            + "/export.zip", null);
        assertEquals(404, outsiders.statusCode());
        assertEquals(unknown.bodyAsJsonObject().getJsonObject("error").getString("code"),
            outsiders.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(404, send(childOrganiser, HttpMethod.GET, uri, null).statusCode(),
            "an organiser of a network inside may not see the private network above");
        assertEquals(401, send(null, HttpMethod.GET, uri, null).statusCode());
        assertEquals(404, send(organiser, HttpMethod.GET, "/api/networks/not-an-id/export.zip", null).statusCode(),
            "a malformed id is a network that does not exist, not a 500");
    }

    @Test
    void administratorsMayExportAnyNetworkAndEveryDownloadIsAudited() {
        HttpResponse<Buffer> response = send(admin, HttpMethod.GET, "/api/networks/" + childId + "/export.zip", null);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertTrue(Zips.texts(response.body()).get("threads.csv").contains("Child's own business"));
        var rows = await(TestHub.get().pool().preparedQuery(
                "SELECT actor_id, detail FROM audit_log WHERE action = 'network.exported' AND subject = $1 ORDER BY id DESC")
            .execute(Tuple.of(childId)));
        assertTrue(rows.size() >= 1);
        var last = rows.iterator().next();
        assertEquals(admin.id(), last.getUUID("actor_id"));
        assertTrue(((JsonObject) last.getValue("detail")).getBoolean("asAdministrator"));
    }

    @Test
    void theNetworkPageOffersTheDownloadOnlyToThoseWhoMayTakeIt() {
        assertTrue(send(organiser, HttpMethod.GET, "/api/networks/" + regionId, null).bodyAsJsonObject()
            .getJsonObject("permissions").getBoolean("exportRecords"));
        assertFalse(send(member, HttpMethod.GET, "/api/networks/" + regionId, null).bodyAsJsonObject()
            .getJsonObject("permissions").getBoolean("exportRecords"));
        String page = await(client.get("/networks/records-region").putHeader("Cookie", organiser.cookieHeader()).send())
            .bodyAsString();
        assertTrue(page.contains("href=\"/networks/records-region/records.zip\""), "organiser sees the link");
        String memberPage = await(client.get("/networks/records-region").putHeader("Cookie", member.cookieHeader()).send())
            .bodyAsString();
        assertFalse(memberPage.contains("records.zip"));
        HttpResponse<Buffer> download = await(client.get("/networks/records-region/records.zip")
            .putHeader("Cookie", organiser.cookieHeader()).send());
        assertEquals(200, download.statusCode());
        assertTrue(Zips.texts(download.body()).containsKey("index.html"));
        assertEquals(403, await(client.get("/networks/records-region/records.zip")
            .putHeader("Cookie", member.cookieHeader()).send()).statusCode());
    }

    @Test
    void aLargeNetworkIsStreamedTheReadingWaitsForASlowDownloaderWithItsCursorOpen() {
        String big = created(send(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Busy records")
            .put("slug", "busy-records").put("visibility", "private")));
        String thread = created(send(organiser, HttpMethod.POST, "/api/networks/" + big + "/threads",
            new JsonObject().put("title", "A long discussion").put("body", "The first post")));
        // 20,000 posts of a kilobyte of hex each: far more than the socket's buffers hold, and hard to compress away
        await(TestHub.get().pool().preparedQuery("""
                INSERT INTO posts (thread_id, network_id, position, seq, depth, path, author_id, body, body_html, search)
                SELECT $1, $2, g + 1, 1000000 + g, 0, lpad((g + 1)::text, 8, '0'), $3, b.text, b.text, ''::tsvector
                FROM generate_series(1, 20000) g,
                     LATERAL (SELECT string_agg(md5(g::text || '-' || k), '') AS text FROM generate_series(1, 32) k) b
                """)
            .execute(Tuple.of(java.util.UUID.fromString(thread), java.util.UUID.fromString(big), organiser.id())));
        io.vertx.core.http.HttpClient http = TestHub.get().vertx().createHttpClient();
        try {
            Buffer received = Buffer.buffer();
            io.vertx.core.http.HttpClientResponse response = await(http.request(new io.vertx.core.http.RequestOptions()
                    .setHost("127.0.0.1").setPort(TestHub.get().port()).setURI("/api/networks/" + big + "/export.zip")
                    .putHeader("Authorization", organiser.bearer()))
                .compose(io.vertx.core.http.HttpClientRequest::send)
                .map(started -> {
                    // a downloader that takes nothing for now
                    started.pause();
                    started.handler(received::appendBuffer);
                    return started;
                }));
            assertEquals(200, response.statusCode());
            boolean waiting = false;
            for (int i = 0; i < 100 && !waiting; i++) {
                sleep(100);
                waiting = await(TestHub.get().pool().query("""
                        SELECT 1 FROM pg_stat_activity
                        WHERE state = 'idle in transaction' AND query LIKE '%FROM posts p%JOIN threads t%'
                        """).execute()).size() > 0;
            }
            assertTrue(waiting, "with the downloader paused, the export waits with the posts cursor open");
            response.resume();
            await(response.end());
            Map<String, String> files = Zips.texts(received);
            assertEquals(20001, new JsonArray(files.get("posts.json")).size());
            assertEquals(20002, files.get("posts.csv").split("\r\n").length, "a heading line and a line per post");
        } finally {
            await(http.close());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
