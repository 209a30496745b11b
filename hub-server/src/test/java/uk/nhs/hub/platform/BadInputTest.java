package uk.nhs.hub.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/** The findings of the bad-input review, one test each: every one was a 500 or a silent acceptance before. */
class BadInputTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser central;
    private static String network;
    private static String meeting;
    private static String occurrence;
    private static String broadcast;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Input Organiser");
        central = TestUsers.create(client, "Input Central");
        network = created(organiser, "/api/networks", new JsonObject().put("name", "Input region")
            .put("slug", "input-region").put("visibility", "private")).getString("id");
        created(organiser, "/api/networks/" + network + "/members",
            new JsonObject().put("email", central.email()).put("role", "central"));
        meeting = created(organiser, "/api/networks/" + network + "/meetings", new JsonObject()
            .put("title", "Input meeting").put("start", "2027-03-01T10:00").put("timeZone", "Europe/London")
            .put("durationMinutes", 60).put("rrule", "FREQ=WEEKLY;COUNT=4")).getString("id");
        occurrence = "/api/meetings/" + meeting + "/occurrences/" + encode("2027-03-01T10:00:00Z");
        broadcast = created(central, "/api/broadcasts", new JsonObject().put("networkId", network)
            .put("title", "Input broadcast").put("body", "Guidance")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(network)))).getString("id");
    }

    private static JsonObject created(TestUser by, String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.post(path).putHeader("Authorization", by.bearer()).sendJsonObject(body));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Asserts the one error shape with this status and field, and returns the error. */
    private static JsonObject refused(HttpResponse<Buffer> response, int status, String field) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        assertEquals("application/json", response.getHeader("Content-Type"));
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertEquals(field, error.getString("field"), error.encode());
        return error;
    }

    private static HttpResponse<Buffer> get(String uri) {
        return await(client.get(uri).putHeader("Authorization", organiser.bearer()).send());
    }

    private static HttpResponse<Buffer> send(io.vertx.core.http.HttpMethod method, String uri, TestUser as, JsonObject body) {
        return await(client.request(method, uri).putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    @Test
    void farDatesInBodiesAreRefusedNamingTheField() {
        String far = "+999999999-12-31T23:59";
        refused(send(io.vertx.core.http.HttpMethod.POST, "/api/networks/" + network + "/meetings", organiser, new JsonObject()
            .put("title", "Far").put("start", far).put("timeZone", "Europe/London").put("durationMinutes", 60)), 400, "start");
        refused(send(io.vertx.core.http.HttpMethod.PATCH, "/api/meetings/" + meeting, organiser,
            new JsonObject().put("start", far)), 400, "start");
        refused(send(io.vertx.core.http.HttpMethod.POST, "/api/meetings/" + meeting + "/invitees", organiser,
            new JsonObject().put("email", "far.date@test.nhs.uk").put("originalStart", far + ":00Z")), 400, "originalStart");
        refused(send(io.vertx.core.http.HttpMethod.POST, "/api/broadcasts", central, new JsonObject()
            .put("networkId", network).put("title", "Far").put("body", "B").put("deadline", far + ":00Z")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(network)))), 400, "deadline");
        String cursor = java.util.Base64.getUrlEncoder().encodeToString(("+999999999-12-31T23:59:59Z|"
            + java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        refused(get("/api/networks/" + network + "/threads?after=" + cursor), 400, "after");
    }

    @Test
    void aControlCharacterInAPathIsRefusedInTheErrorShapeAndOnTheErrorPage() {
        HttpResponse<Buffer> api = get("/api/networks/a%00b");
        assertEquals(400, api.statusCode(), api.bodyAsString());
        assertEquals("invalid", api.bodyAsJsonObject().getJsonObject("error").getString("code"));
        HttpResponse<Buffer> page = await(client.get("/networks/a%00b").putHeader("Accept", "text/html")
            .putHeader("Authorization", organiser.bearer()).send());
        assertEquals(400, page.statusCode());
        org.junit.jupiter.api.Assertions.assertTrue(page.bodyAsString().contains("nhsuk"), "the NHS.UK error page");
        HttpResponse<Buffer> tab = await(client.get("/networks/a%09b").putHeader("Accept", "text/html")
            .putHeader("Authorization", organiser.bearer()).send());
        assertEquals(404, tab.statusCode(), "a tab is allowed, so this is simply a network that does not exist");
    }

    @Test
    void aNulCharacterInJsonTextIsRefusedNamingTheField() {
        HttpResponse<Buffer> response = send(io.vertx.core.http.HttpMethod.POST, "/api/networks/" + network + "/threads",
            organiser, new JsonObject().put("title", "Nul\u0000title").put("body", "Text"));

        refused(response, 400, "title");
    }

    @Test
    void controlCharactersInNestedJsonAreRefusedButTabsAndNewLinesAreKept() {
        HttpResponse<Buffer> bell = send(io.vertx.core.http.HttpMethod.POST, "/api/broadcasts", central, new JsonObject()
            .put("networkId", network).put("title", "T").put("body", "B")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add("a\u0007b"))));
        refused(bell, 400, "targets.networkIds[0]");

        HttpResponse<Buffer> kept = send(io.vertx.core.http.HttpMethod.POST, "/api/networks/" + network + "/threads",
            organiser, new JsonObject().put("title", "Tabs\tand lines").put("body", "One\r\nTwo\n\tThree"));
        assertEquals(201, kept.statusCode(), kept.bodyAsString());
    }

    @Test
    void aNulCharacterInAQueryStringIsRefusedNamingTheParameter() {
        refused(get("/api/search?q=a%00b"), 400, "q");
        refused(get("/api/networks/" + network + "/members?q=a%00b"), 400, "q");
    }

    @Test
    void aNulCharacterInAnImportedCsvCellIsRefusedAndNothingIsImported() {
        HttpResponse<Buffer> response = await(client.post("/api/networks/" + network + "/members/import")
            .putHeader("Authorization", organiser.bearer()).putHeader("Content-Type", "text/csv")
            .sendBuffer(Buffer.buffer("email,display name\nnew.person@test.nhs.uk,New\u0000Person\n")));

        refused(response, 400, "csv");
        Long invitations = await(TestHub.get().pool().query("SELECT count(*) FROM invitations").execute())
            .iterator().next().getLong(0);
        assertEquals(0L, invitations);
    }

    @Test
    void aControlCharacterInAFormFieldGetsTheErrorPage() {
        String csrf = TestUsers.cookie(await(client.get("/sign-in").putHeader("Accept", "text/html").send()), "hub_csrf");
        HttpResponse<Buffer> response = await(client.post("/sign-in").putHeader("Accept", "text/html")
            .putHeader("Content-Type", "application/x-www-form-urlencoded").putHeader("Cookie", "hub_csrf=" + csrf)
            .sendBuffer(Buffer.buffer("csrf=" + csrf + "&email=some%00one%40test.nhs.uk&password=x")));

        assertEquals(400, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.getHeader("Content-Type"));
        org.junit.jupiter.api.Assertions.assertTrue(response.bodyAsString().contains("control characters"),
            response.bodyAsString());
    }

    @Test
    void aDryRunFlagThatIsNeitherTrueNorFalseIsRefusedRatherThanImporting() {
        HttpResponse<Buffer> response = await(client.post("/api/networks/" + network + "/members/import?dryRun=yes")
            .putHeader("Authorization", organiser.bearer()).putHeader("Content-Type", "text/csv")
            .sendBuffer(Buffer.buffer("email\nchecked.only@test.nhs.uk\n")));

        refused(response, 400, "dryRun");
    }

    @Test
    void attendanceMarksOfTheWrongTypeAre400() {
        for (Object marks : new Object[] {"x", 42, new JsonObject()}) {
            HttpResponse<Buffer> response = send(io.vertx.core.http.HttpMethod.PUT, occurrence + "/attendance", organiser,
                new JsonObject().put("marks", marks));
            refused(response, 400, "marks");
        }
    }

    @Test
    void farDatesInOccurrenceWindowsAre400() {
        String far = encode("+999999999-12-31T23:59:59Z");
        refused(get("/api/meetings/" + meeting + "/occurrences?from=" + far), 400, "from");
        refused(get("/api/networks/" + network + "/meetings?from=" + far), 400, "from");
        refused(get("/api/meetings/" + meeting + "/occurrences?to=" + far), 400, "to");
    }

    @Test
    void numbersBeyondThirtyTwoBitsAreRefusedNotTruncated() {
        for (String field : new String[] {"capacity", "durationMinutes", "reminderHours"}) {
            HttpResponse<Buffer> response = send(io.vertx.core.http.HttpMethod.PATCH, "/api/meetings/" + meeting,
                organiser, new JsonObject().put(field, 4294967356L));
            refused(response, 400, field);
        }
        JsonObject stored = get("/api/meetings/" + meeting).bodyAsJsonObject();
        assertEquals(60, stored.getInteger("durationMinutes"));
    }

    @Test
    void includeDescendantsOfTheWrongTypeIsRefused() {
        HttpResponse<Buffer> response = send(io.vertx.core.http.HttpMethod.POST, "/api/meetings/" + meeting + "/invitees",
            organiser, new JsonObject().put("networkId", network).put("includeDescendants", "yes"));

        refused(response, 400, "includeDescendants");
    }

    @Test
    void youSaidAndCitedNetworksOfTheWrongTypeAreRefused() {
        JsonObject version = new JsonObject().put("body", "Updated guidance").put("changeSummary", "Clearer");
        refused(send(io.vertx.core.http.HttpMethod.POST, "/api/broadcasts/" + broadcast + "/versions", central,
            version.copy().put("youSaid", 42)), 400, "youSaid");
        refused(send(io.vertx.core.http.HttpMethod.POST, "/api/broadcasts/" + broadcast + "/versions", central,
            version.copy().put("citedNetworkIds", network)), 400, "citedNetworkIds");
    }

    @Test
    void leavingAWorkshopThatDoesNotExistIs404() {
        HttpResponse<Buffer> response = await(client.delete(occurrence + "/workshops/" + UUID.randomUUID() + "/choice")
            .putHeader("Authorization", organiser.bearer()).send());

        refused(response, 404, null);
    }

    @Test
    void aPathWithBadPercentEncodingGetsTheErrorShape() {
        HttpResponse<Buffer> response = get("/api/networks/%zz");

        assertEquals("invalid", refused(response, 400, null).getString("code"));
    }

    @Test
    void anOverlongAddressGetsTheErrorShape() {
        HttpResponse<Buffer> response = get("/api/search?q=" + "x".repeat(100_000));

        assertEquals("uri_too_long", refused(response, 414, null).getString("code"));
    }
}
