package uk.nhs.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestUsers.TestUser;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Bad input generated from the OpenAPI document itself: every documented operation gets malformed path ids,
 * every request-body property (nested ones too) gets values of each wrong type, NUL and 100,000-character text,
 * huge, fractional and negative numbers and far dates, and every query parameter gets the same. The hub must
 * never answer 5xx, must answer every 4xx in the one error shape, and must write nothing. Requests are sent by
 * an organiser (or, for broadcasts, a central member) who owns real fixtures, so they get past the not-found
 * and permission checks to the validation under test.
 */
class BadInputContractTest {

    private static final String FAR_DATE = "+999999999-12-31T23:59:59Z";
    private static final String NUL_TEXT = "a\u0000b";
    private static final String HUGE_TEXT = "x".repeat(100_000);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

    /**
     * Every operation this test has fixtures for. A new operation in the document fails the test until it is
     * listed here, with a fixture for any new path parameter in {@link #pathValues}.
     */
    private static final Set<String> COVERED = Set.of(
        "POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/logout", "GET /api/me",
        "POST /api/auth/password-reset", "POST /api/auth/password-reset/confirm", "PUT /api/me/password",
        "GET /api/networks", "POST /api/networks", "GET /api/networks/{id}", "PATCH /api/networks/{id}",
        "DELETE /api/networks/{id}", "GET /api/networks/{id}/members", "POST /api/networks/{id}/members",
        "GET /api/networks/{id}/members.csv", "GET /api/networks/{id}/export.zip", "POST /api/networks/{id}/members/import",
        "PATCH /api/networks/{id}/members/{userId}", "DELETE /api/networks/{id}/members/{userId}",
        "POST /api/networks/{id}/join", "GET /api/networks/{id}/join-requests",
        "POST /api/networks/{id}/join-requests/{requestId}/approve",
        "POST /api/networks/{id}/join-requests/{requestId}/decline", "GET /api/networks/{id}/invitations",
        "POST /api/networks/{id}/invitations", "DELETE /api/networks/{id}/invitations/{invitationId}",
        "GET /api/invitations/{token}", "POST /api/invitations/{token}/accept",
        "GET /api/networks/{id}/guest-nominations", "POST /api/networks/{id}/guest-nominations",
        "POST /api/networks/{id}/guest-nominations/{nominationId}/approve",
        "POST /api/networks/{id}/guest-nominations/{nominationId}/decline", "GET /api/networks/{id}/events",
        "GET /api/networks/{id}/meetings", "POST /api/networks/{id}/meetings", "GET /api/meetings/{meetingId}",
        "PATCH /api/meetings/{meetingId}", "DELETE /api/meetings/{meetingId}", "GET /api/meetings/{meetingId}.ics",
        "GET /api/meetings/{meetingId}/occurrences", "PATCH /api/meetings/{meetingId}/occurrences/{start}",
        "PUT /api/meetings/{meetingId}/occurrences/{start}/rsvp", "POST /api/me/calendar-feed",
        "DELETE /api/me/calendar-feed", "GET /calendar/{token}.ics",
        "GET /api/meetings/{meetingId}/occurrences/{start}/attendance",
        "PUT /api/meetings/{meetingId}/occurrences/{start}/attendance", "GET /api/networks/{id}/attendance",
        "GET /api/networks/{id}/attendance.csv", "GET /api/meetings/{meetingId}/occurrences/{start}/representation",
        "GET /api/meetings/{meetingId}/occurrences/{start}/workshops",
        "POST /api/meetings/{meetingId}/occurrences/{start}/workshops",
        "PUT /api/meetings/{meetingId}/occurrences/{start}/workshops/{workshopId}/choice",
        "DELETE /api/meetings/{meetingId}/occurrences/{start}/workshops/{workshopId}/choice",
        "GET /api/meetings/{meetingId}/invitees", "POST /api/meetings/{meetingId}/invitees",
        "DELETE /api/meetings/{meetingId}/invitees/{inviteeId}",
        "GET /api/meetings/{meetingId}/occurrences/{start}/guests",
        "POST /api/meetings/{meetingId}/occurrences/{start}/guests",
        "POST /api/meetings/{meetingId}/occurrences/{start}/guests/{nominationId}/approve",
        "POST /api/meetings/{meetingId}/occurrences/{start}/guests/{nominationId}/decline",
        "GET /api/meetings/{meetingId}/occurrences/{start}/items",
        "POST /api/meetings/{meetingId}/occurrences/{start}/items", "PATCH /api/meetings/{meetingId}/items/{itemId}",
        "DELETE /api/meetings/{meetingId}/items/{itemId}", "GET /api/openapi.yaml", "GET /health", "GET /ready",
        "GET /metrics", "GET /api/networks/{id}/threads", "POST /api/networks/{id}/threads",
        "GET /api/threads/{threadId}", "PATCH /api/threads/{threadId}", "GET /api/threads/{threadId}/posts",
        "POST /api/threads/{threadId}/posts", "POST /api/threads/{threadId}/read",
        "POST /api/threads/{threadId}/presence", "PATCH /api/posts/{postId}", "DELETE /api/posts/{postId}",
        "GET /api/posts/{postId}/history", "POST /api/posts/{postId}/reactions", "POST /api/discussions/preview",
        "GET /api/search", "GET /api/networks/{id}/mentionables", "GET /api/broadcasts", "POST /api/broadcasts", "GET /api/broadcasts/{broadcastId}",
        "POST /api/broadcasts/{broadcastId}/versions", "POST /api/broadcasts/{broadcastId}/ack",
        "POST /api/broadcasts/{broadcastId}/responses", "GET /api/broadcasts/{broadcastId}/summary",
        "GET /api/broadcasts/{broadcastId}/summary.csv", "POST /api/broadcasts/{broadcastId}/chase",
        // your data (issue 13)
        "GET /api/me/export", "DELETE /api/me",
        "GET /api/me/home",
        // two-step sign-in (issue 13)
        "POST /api/auth/login/two-step", "POST /api/me/two-step", "POST /api/me/two-step/confirm",
        "DELETE /api/me/two-step",
        // issue 14, the notifications inbox and watching discussions
        "GET /api/me/notifications", "POST /api/me/notifications/read", "PUT /api/threads/{threadId}/watch",
        // your sign-ins (issue 13)
        "GET /api/me/sessions", "DELETE /api/me/sessions", "DELETE /api/me/sessions/{sessionId}",
        // your invitations, answered in the hub (issue 14)
        "GET /api/me/invitations", "POST /api/me/invitations/{invitationId}/accept",
        "POST /api/me/invitations/{invitationId}/decline",
        // email people control (issue 14)

        "GET /api/me/email-preferences", "PUT /api/me/email-preferences",
        // papers: each network's library (issue 15)
        "GET /api/networks/{id}/documents", "POST /api/networks/{id}/documents", "GET /api/documents/{documentId}",
        "DELETE /api/documents/{documentId}", "POST /api/documents/{documentId}/restore",
        "POST /api/documents/{documentId}/versions", "GET /api/documents/{documentId}/content",
        "GET /api/networks/{id}/folders", "POST /api/networks/{id}/folders", "PATCH /api/folders/{folderId}",
        "DELETE /api/folders/{folderId}",
        // service change projects (issue 16)
        "GET /api/networks/{id}/projects", "POST /api/networks/{id}/projects", "GET /api/projects/{projectId}",
        "PATCH /api/projects/{projectId}", "PATCH /api/projects/{projectId}/stages/{stageKey}",
        "POST /api/projects/{projectId}/stages/{stageKey}/checklist",
        "PUT /api/projects/{projectId}/stages/{stageKey}/checklist/{checklistItemId}",
        "PATCH /api/projects/{projectId}/stages/{stageKey}/checklist/{checklistItemId}",
        "DELETE /api/projects/{projectId}/stages/{stageKey}/checklist/{checklistItemId}",
        "POST /api/projects/{projectId}/team", "DELETE /api/projects/{projectId}/team/{teamMemberId}",
        "POST /api/projects/{projectId}/updates", "PUT /api/projects/{projectId}/follow",
        "DELETE /api/projects/{projectId}/follow", "POST /api/projects/{projectId}/hearings",
        "PATCH /api/projects/{projectId}/hearings/{hearingId}", "POST /api/projects/{projectId}/decisions",
        "PATCH /api/projects/{projectId}/decisions/{decisionId}",
        // a meeting date's papers (issue 15)
        "GET /api/meetings/{meetingId}/occurrences/{start}/papers",
        "POST /api/meetings/{meetingId}/occurrences/{start}/papers",
        "DELETE /api/meetings/{meetingId}/occurrences/{start}/papers/{documentId}",
        // a broadcast's papers (issue 15)
        "POST /api/broadcasts/{broadcastId}/attachments", "DELETE /api/broadcasts/{broadcastId}/attachments/{documentId}",

        // platform administration (issue 19): the fixture organiser is an administrator too, so bad input reaches
        // validation rather than the 404 everyone else gets
        "GET /api/admin/accounts", "POST /api/admin/accounts/{userId}/suspension",
        "DELETE /api/admin/accounts/{userId}/suspension", "GET /api/admin/administrators",
        "PUT /api/admin/administrators/{userId}", "DELETE /api/admin/administrators/{userId}",
        "GET /api/admin/network-requests", "POST /api/admin/network-requests/{requestId}/approve",
        "POST /api/admin/network-requests/{requestId}/decline", "GET /api/admin/audit", "GET /api/admin/audit.csv",
        "POST /api/network-requests",

        // moderation (issue 19): the fixture post is the organiser's, reported by the member
        "POST /api/posts/{postId}/reports", "GET /api/networks/{id}/reports", "GET /api/admin/reports",
        "POST /api/posts/{postId}/hide", "DELETE /api/posts/{postId}/hide", "POST /api/reports/{reportId}/resolve",
        // retention and legal hold (issue 19): the fixture organiser organises the region and is an administrator
        "GET /api/networks/{id}/retention", "PUT /api/networks/{id}/retention",
        // project consultations (issue 16)
        "POST /api/projects/{projectId}/consultations", "GET /api/projects/{projectId}/consultations",
        "GET /api/consultations/{consultationId}", "PATCH /api/consultations/{consultationId}",
        "POST /api/consultations/{consultationId}/responses", "GET /api/consultations/{consultationId}/summary",
        "GET /api/consultations/{consultationId}/summary.csv",
        // impact measures and the progress report (issue 16)
        "GET /api/projects/{projectId}/measures", "POST /api/projects/{projectId}/measures",
        "PATCH /api/measures/{measureId}", "DELETE /api/measures/{measureId}", "POST /api/measures/{measureId}/readings",
        "DELETE /api/readings/{readingId}", "GET /api/networks/{id}/projects/progress");

    /**
     * Tables that a refused request to an operation may still change, and why. Everything else must be
     * byte-for-byte the same after an operation's bad requests as before them.
     */
    private static final Map<String, Set<String>> MAY_CHANGE = Map.of(
        // failed sign-ins are audited on purpose: they are what the throttle and an investigation look at
        "POST /api/auth/login", Set.of("audit_log"));

    private static WebClient client;
    private static JsonObject document;
    private static TestUser organiser;
    private static TestUser central;
    private static final Map<String, String> pathValues = new HashMap<>();

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        // the served document, as the contract tests read it with vertx-openapi (an invalid one fails ApiContractTest)
        document = TestHub.get().contract().document();
        organiser = TestUsers.create(client, "Fixture Organiser");
        await(TestHub.get().pool().preparedQuery("INSERT INTO platform_administrators (user_id) VALUES ($1)")
            .execute(io.vertx.sqlclient.Tuple.of(organiser.id())));
        central = TestUsers.create(client, "Fixture Central");
        TestUser member = TestUsers.create(client, "Fixture Member");
        String region = created(organiser, "/api/networks", new JsonObject().put("name", "Fixture region")
            .put("slug", "fixture-region").put("visibility", "private")).getString("id");
        String local = created(organiser, "/api/networks", new JsonObject().put("name", "Fixture local")
            .put("slug", "fixture-local").put("visibility", "private").put("parentId", region)).getString("id");
        created(organiser, "/api/networks/" + region + "/members",
            new JsonObject().put("email", central.email()).put("role", "central"));
        created(organiser, "/api/networks/" + region + "/members",
            new JsonObject().put("email", member.email()).put("role", "member"));
        String meeting = created(organiser, "/api/networks/" + region + "/meetings", new JsonObject()
            .put("title", "Fixture meeting").put("start", "2027-03-01T10:00").put("timeZone", "Europe/London")
            .put("durationMinutes", 60).put("rrule", "FREQ=WEEKLY;COUNT=10")).getString("id");
        String start = await(client.get("/api/meetings/" + meeting + "/occurrences?from=2027-01-01")
            .putHeader("Authorization", organiser.bearer()).send()).bodyAsJsonObject().getJsonArray("occurrences")
            .getJsonObject(0).getString("originalStart");
        String occurrence = "/api/meetings/" + meeting + "/occurrences/" + encode(start);
        String workshop = created(organiser, occurrence + "/workshops",
            new JsonObject().put("slot", "Morning").put("title", "Fixture workshop")).getString("id");
        JsonObject items = created(organiser, occurrence + "/items",
            new JsonObject().put("kind", "agenda").put("text", "Fixture item"));
        JsonObject thread = created(organiser, "/api/networks/" + region + "/threads",
            new JsonObject().put("title", "Fixture thread").put("body", "Fixture post"));
        JsonObject invitation = created(organiser, "/api/networks/" + region + "/invitations",
            new JsonObject().put("email", TestUsers.uniqueEmail("invitee")).put("role", "member"));
        JsonObject invitee = created(organiser, "/api/meetings/" + meeting + "/invitees",
            new JsonObject().put("networkId", local));
        String broadcast = created(central, "/api/broadcasts", new JsonObject().put("networkId", region)
            .put("title", "Fixture broadcast").put("body", "Fixture guidance")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(region)))).getString("id");
        JsonObject project = created(organiser, "/api/networks/" + region + "/projects",
            new JsonObject().put("title", "Fixture project"));
        project = created(organiser, "/api/projects/" + project.getString("id") + "/team",
            new JsonObject().put("accountId", member.id().toString()).put("roleTitle", "Fixture role"));
        project = created(organiser, "/api/projects/" + project.getString("id") + "/hearings",
            new JsonObject().put("body", "Fixture board").put("date", "2027-03-01"));
        project = created(organiser, "/api/projects/" + project.getString("id") + "/decisions",
            new JsonObject().put("decision", "Fixture decision").put("expected", "May 2027"));
        pathValues.put("projectId", project.getString("id"));
        // open now, so that bad answers reach the answers' own checks
        pathValues.put("consultationId", created(organiser, "/api/projects/" + project.getString("id") + "/consultations",
            new JsonObject().put("title", "Fixture consultation").put("opensAt", "2020-01-01T09:00:00Z")
                .put("closesAt", "2099-01-01T09:00:00Z").put("questions", new JsonArray().add(new JsonObject()
                    .put("id", "q1").put("type", "rating").put("label", "Fixture question")))).getString("id"));
        pathValues.put("stageKey", "big-idea");
        pathValues.put("checklistItemId", project.getJsonArray("stages").getJsonObject(0).getJsonArray("checklist")
            .getJsonObject(0).getString("id"));
        pathValues.put("teamMemberId", project.getJsonArray("team").getJsonObject(0).getString("id"));
        pathValues.put("hearingId", project.getJsonArray("hearings").getJsonObject(0).getString("id"));
        pathValues.put("decisionId", project.getJsonArray("decisions").getJsonObject(0).getString("id"));
        JsonObject measure = created(organiser, "/api/projects/" + project.getString("id") + "/measures",
            new JsonObject().put("name", "Fixture measure").put("unit", "days"));
        measure = created(organiser, "/api/measures/" + measure.getString("id") + "/readings",
            new JsonObject().put("date", "2027-03-01").put("value", 3));
        pathValues.put("measureId", measure.getString("id"));
        pathValues.put("readingId", measure.getJsonArray("readings").getJsonObject(0).getString("id"));
        pathValues.put("id", region);
        pathValues.put("userId", member.id().toString());
        pathValues.put("meetingId", meeting);
        pathValues.put("start", start);
        pathValues.put("workshopId", workshop);
        pathValues.put("itemId", firstId(items));
        pathValues.put("threadId", thread.getString("id"));
        pathValues.put("postId", thread.getJsonObject("firstPost").getString("id"));
        pathValues.put("invitationId", invitation.getString("id"));
        pathValues.put("token", invitation.getString("token", UUID.randomUUID().toString()));
        pathValues.put("inviteeId", firstId(invitee));
        pathValues.put("broadcastId", broadcast);
        pathValues.put("folderId", created(organiser, "/api/networks/" + region + "/folders",
            new JsonObject().put("name", "Fixture folder")).getString("id"));
        HttpResponse<Buffer> paper = await(client.post("/api/networks/" + region + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create().attribute("title", "Fixture paper")
                .binaryFileUpload("file", "fixture.txt", Buffer.buffer("Fixture paper\n"), "text/plain")));
        assertEquals(201, paper.statusCode(), paper.bodyAsString());
        pathValues.put("documentId", paper.bodyAsJsonObject().getString("id"));
        // the paper's text is read for search in the background after upload: let that finish before the tables
        // are compared, or the cases would see the job's writes as theirs
        long until = System.nanoTime() + 30_000_000_000L;
        while (await(TestHub.get().pool().query("SELECT count(*) FROM document_versions WHERE text_status = 'pending'")
                .execute()).iterator().next().getLong(0) > 0) {
            assertTrue(System.nanoTime() < until, "the fixture paper's text was read within 30 seconds");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        created(organiser, occurrence + "/papers", new JsonObject().put("documentId", paper.bodyAsJsonObject().getString("id"))
            .put("kind", "agenda"));
        pathValues.put("reportId", created(member, "/api/posts/" + thread.getJsonObject("firstPost").getString("id")
            + "/reports", new JsonObject().put("reason", "Fixture report")).getString("id"));
        // no pending join request or nomination exists, so these reach the not-found check with a real id shape
        pathValues.put("requestId", UUID.randomUUID().toString());
        pathValues.put("nominationId", UUID.randomUUID().toString());
        // a real sign-in of someone else: bad input aimed near it must neither end it nor reveal it
        pathValues.put("sessionId", sessionOf(member.token()));
    }

    private static String sessionOf(String token) {
        return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
            StandardCharsets.UTF_8)).getString("sid");
    }

    @Test
    void everyDocumentedOperationIsCoveredAndRefusesBadInputWithoutWritingOrFailing() {
        Set<String> documented = new TreeSet<>();
        JsonObject paths = document.getJsonObject("paths");
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                String operation = method.toUpperCase(Locale.ROOT) + " " + path;
                documented.add(operation);
                List<BadRequest> requests = badRequests(path, HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)),
                    item.getJsonArray("parameters", new JsonArray()), item.getJsonObject(method));
                cases += requests.size();
                Set<String> allowed = MAY_CHANGE.getOrDefault(operation, Set.of());
                Map<String, String> before = snapshot();
                for (BadRequest request : requests) {
                    String failure = send(request);
                    if (failure != null) {
                        failures.add(operation + " with " + request.description() + ": " + failure);
                    }
                }
                Map<String, String> after = snapshot();
                for (String table : before.keySet()) {
                    if (!allowed.contains(table) && !before.get(table).equals(after.get(table))) {
                        failures.add(operation + " wrote to " + table + " although every request was bad");
                    }
                }
            }
        }
        Set<String> uncovered = new TreeSet<>(documented);
        uncovered.removeAll(COVERED);
        Set<String> gone = new TreeSet<>(COVERED);
        gone.removeAll(documented);
        assertTrue(uncovered.isEmpty(), "operations without bad-input coverage: " + uncovered);
        assertTrue(gone.isEmpty(), "covered operations no longer documented: " + gone);
        System.out.println("bad-input cases: " + cases + " over " + documented.size() + " operations");
        assertTrue(cases > 1000, "cases generated: " + cases);
        assertEquals(List.of(), failures, failures.size() + " of " + cases + " cases failed");
    }

    /** One generated request: what it sends, whether it must be refused, and how to describe it. */
    private record BadRequest(HttpMethod method, String path, Map<String, String> query, String contentType,
                              Buffer body, boolean mustBeRefused, String description) {
    }

    private static List<BadRequest> badRequests(String path, HttpMethod method, JsonArray shared, JsonObject operation) {
        List<JsonObject> parameters = new ArrayList<>();
        shared.forEach(p -> parameters.add(resolve((JsonObject) p)));
        operation.getJsonArray("parameters", new JsonArray()).forEach(p -> parameters.add(resolve((JsonObject) p)));
        Map<String, String> goodPath = new LinkedHashMap<>();
        for (JsonObject parameter : parameters) {
            if ("path".equals(parameter.getString("in"))) {
                goodPath.put(parameter.getString("name"), pathValues.getOrDefault(parameter.getString("name"),
                    UUID.randomUUID().toString()));
            }
        }
        boolean writes = method != HttpMethod.GET;
        List<BadRequest> requests = new ArrayList<>();
        JsonObject media = bodyMedia(operation);
        String contentType = media == null ? null : media.getString("type");
        JsonObject schema = media == null ? null : resolve(media.getJsonObject("schema", new JsonObject()));
        Buffer goodBody = schema == null ? null : bodyOf(contentType, example(schema, null));

        for (String name : goodPath.keySet()) {
            for (String bad : List.of("not-an-id", "0", "-1", "4294967356", NUL_TEXT, "%zz", "x".repeat(2000),
                    FAR_DATE, "2027-13-45T99:99:99Z")) {
                Map<String, String> values = new LinkedHashMap<>(goodPath);
                values.put(name, bad);
                requests.add(new BadRequest(method, fill(path, values, !"%zz".equals(bad)), Map.of(), contentType,
                    goodBody, true, "path " + name + "=" + abbreviate(bad)));
            }
        }
        String good = fill(path, goodPath, true);
        for (JsonObject parameter : parameters) {
            if (!"query".equals(parameter.getString("in"))) {
                continue;
            }
            String name = parameter.getString("name");
            JsonObject type = resolve(parameter.getJsonObject("schema", new JsonObject()));
            for (String bad : List.of(NUL_TEXT, HUGE_TEXT, "-1", "4294967356", "99999999999999999999", "1.5", "x",
                    FAR_DATE, "-999999999-01-01T00:00:00Z")) {
                boolean date = type.getString("format", "").startsWith("date") || List.of("from", "to").contains(name);
                boolean refused = writes || bad.equals(NUL_TEXT) || date && (bad.startsWith("+") || bad.startsWith("-9"))
                    || "integer".equals(type.getString("type")) && !bad.equals("-1")
                        && !(bad.equals("4294967356") && !type.containsKey("maximum"))
                    || "boolean".equals(type.getString("type"));
                requests.add(new BadRequest(method, good, Map.of(name, bad), contentType, goodBody, refused,
                    "query " + name + "=" + abbreviate(bad)));
            }
        }
        if (schema != null && "text/csv".equals(contentType)) {
            for (String cell : List.of(NUL_TEXT, HUGE_TEXT, "\u0007bell")) {
                requests.add(new BadRequest(method, good, Map.of(), contentType,
                    Buffer.buffer("email,display name\nsomeone@test.nhs.uk," + cell + "\n"), true,
                    "CSV cell " + abbreviate(cell)));
            }
        } else if (schema != null) {
            for (Map.Entry<List<String>, JsonObject> property : properties(schema, List.of()).entrySet()) {
                for (Object bad : wrongValues(property.getValue())) {
                    if ("multipart/form-data".equals(contentType) && !(bad instanceof String)) {
                        // a form carries only text: 42 or true is the text "42" or "true", not a value of a wrong type
                        continue;
                    }
                    JsonObject body = example(schema, null);
                    put(body, property.getKey(), bad);
                    requests.add(new BadRequest(method, good, Map.of(), contentType, bodyOf(contentType, body), true,
                        "body " + String.join(".", property.getKey()) + "=" + abbreviate(String.valueOf(bad))));
                }
            }
            requests.add(new BadRequest(method, good, Map.of(), contentType, Buffer.buffer("[\"" + NUL_TEXT + "\"]"),
                true, "a JSON array for a body"));
        }
        return requests;
    }

    private static JsonObject bodyMedia(JsonObject operation) {
        JsonObject requestBody = operation.getJsonObject("requestBody");
        if (requestBody == null) {
            return null;
        }
        JsonObject content = resolve(requestBody).getJsonObject("content", new JsonObject());
        String type = content.fieldNames().iterator().next();
        return content.getJsonObject(type).copy().put("type", type);
    }

    /** Every property of an object schema, nested objects' properties included, by their path. */
    private static Map<List<String>, JsonObject> properties(JsonObject schema, List<String> at) {
        Map<List<String>, JsonObject> found = new LinkedHashMap<>();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String name : properties.fieldNames()) {
            List<String> path = new ArrayList<>(at);
            path.add(name);
            JsonObject property = resolve(properties.getJsonObject(name));
            found.put(path, property);
            if ("object".equals(property.getString("type")) && property.containsKey("properties")) {
                found.putAll(properties(property, path));
            }
        }
        return found;
    }

    /** Values of every wrong type for a property, plus the edge values its own type must refuse. */
    private static List<Object> wrongValues(JsonObject property) {
        String type = property.getString("type", "");
        String format = property.getString("format", "");
        List<Object> values = new ArrayList<>();
        switch (type) {
            case "integer", "number" -> values.addAll(List.of("7", true, new JsonObject(), new JsonArray(),
                4294967356L, -4294967356L, new BigInteger("99999999999999999999999"), 1.5));
            case "boolean" -> values.addAll(List.of("true", 1, new JsonObject(), new JsonArray().add(true)));
            case "array" -> values.addAll(List.of("x", 42, new JsonObject(), new JsonArray().add(new JsonArray()),
                new JsonArray().add(NUL_TEXT)));
            case "object" -> values.addAll(List.of("x", 42, true, new JsonArray(), new JsonObject().put(NUL_TEXT, 1)));
            default -> {
                values.addAll(List.of(42, true, new JsonObject(), new JsonArray(), NUL_TEXT, HUGE_TEXT, "\u001b[31m"));
                if (format.equals("uuid")) {
                    values.add("not-an-id");
                }
                if (format.startsWith("date")) {
                    values.addAll(List.of(FAR_DATE, "-999999999-01-01T00:00:00Z"));
                }
            }
        }
        return values;
    }

    /** A body the schema would take, as near as its types, enums and formats tell. */
    private static JsonObject example(JsonObject schema, String name) {
        JsonObject body = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String property : properties.fieldNames()) {
            body.put(property, exampleValue(resolve(properties.getJsonObject(property)), property));
        }
        return body;
    }

    private static Object exampleValue(JsonObject schema, String name) {
        if (schema.containsKey("example")) {
            return schema.getValue("example");
        }
        if (schema.containsKey("enum")) {
            return schema.getJsonArray("enum").getValue(0);
        }
        String format = schema.getString("format", "");
        return switch (schema.getString("type", "string")) {
            case "integer", "number" -> schema.getInteger("minimum", 1);
            case "boolean" -> false;
            case "array" -> new JsonArray();
            case "object" -> example(schema, name);
            default -> format.equals("uuid") ? pathValues.getOrDefault(name.replace("Ids", "").replace("network", "id"),
                    UUID.randomUUID().toString())
                : format.equals("date-time") ? "2027-03-08T10:00:00Z"
                : format.equals("email") || name.toLowerCase(Locale.ROOT).contains("email")
                    ? TestUsers.uniqueEmail("generated") : "Generated text";
        };
    }

    private static void put(JsonObject body, List<String> path, Object value) {
        JsonObject target = body;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonObject next = target.getValue(path.get(i)) instanceof JsonObject found ? found : new JsonObject();
            target.put(path.get(i), next);
            target = next;
        }
        target.put(path.get(path.size() - 1), value);
    }

    /** The boundary of generated multipart bodies. */
    private static final String BOUNDARY = "bad-input-boundary";

    private static Buffer bodyOf(String contentType, JsonObject body) {
        if ("multipart/form-data".equals(contentType)) {
            // a text value of the file field is sent as the file itself (it is valid text, so only the other
            // fields' bad values are under test); a value of another type is sent as a plain field, no file
            Buffer form = Buffer.buffer();
            body.forEach(e -> {
                boolean asFile = "file".equals(e.getKey()) && e.getValue() instanceof String text
                    && !text.equals(HUGE_TEXT);
                form.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\""
                    + (asFile ? "; filename=\"generated.txt\"\r\nContent-Type: text/plain" : "") + "\r\n\r\n"
                    + e.getValue() + "\r\n");
            });
            return form.appendString("--" + BOUNDARY + "--\r\n");
        }
        if ("text/csv".equals(contentType)) {
            return Buffer.buffer("email\n" + TestUsers.uniqueEmail("generated") + "\n");
        }
        if ("application/x-www-form-urlencoded".equals(contentType)) {
            StringBuilder form = new StringBuilder();
            body.forEach(e -> form.append(form.length() == 0 ? "" : "&").append(encode(e.getKey())).append('=')
                .append(encode(String.valueOf(e.getValue()))));
            return Buffer.buffer(form.toString());
        }
        return body.toBuffer();
    }

    private static String send(BadRequest request) {
        String uri = request.path();
        if (!request.query().isEmpty()) {
            StringBuilder query = new StringBuilder();
            request.query().forEach((k, v) -> query.append(query.length() == 0 ? "?" : "&").append(encode(k))
                .append('=').append(encode(v)));
            uri += query;
        }
        HttpRequest<Buffer> http = client.request(request.method(), uri)
            .putHeader("Authorization", (request.path().startsWith("/api/broadcasts") ? central : organiser).bearer())
            .putHeader("Idempotency-Key", UUID.randomUUID().toString());
        if (request.contentType() != null) {
            http.putHeader("Content-Type", request.contentType()
                + ("multipart/form-data".equals(request.contentType()) ? "; boundary=" + BOUNDARY : ""));
        }
        HttpResponse<Buffer> response;
        try {
            response = await(request.body() == null || request.method() == HttpMethod.GET ? http.send()
                : http.sendBuffer(request.body()));
        } catch (RuntimeException e) {
            return "no response: " + e.getMessage();
        }
        int status = response.statusCode();
        if (status >= 500) {
            return "answered " + status;
        }
        if (status >= 400) {
            String shape = errorShapeProblem(response);
            return shape == null ? null : status + " " + shape;
        }
        return request.mustBeRefused() ? "accepted with " + status : null;
    }

    /** Null when the response is the one error shape, otherwise what is wrong with it. */
    private static String errorShapeProblem(HttpResponse<Buffer> response) {
        String type = response.getHeader("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return "is not JSON but " + type + ": " + abbreviate(response.bodyAsString());
        }
        try {
            JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
            if (error == null || error.getString("code") == null || error.getString("message") == null) {
                return "lacks error.code or error.message: " + abbreviate(response.bodyAsString());
            }
        } catch (RuntimeException e) {
            return "is not the error shape: " + abbreviate(response.bodyAsString());
        }
        return null;
    }

    /** A digest of every table's rows, so that an insert, update or delete by a refused request shows. */
    private static Map<String, String> snapshot() {
        List<String> tables = new ArrayList<>();
        await(TestHub.get().pool().query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                + " AND tablename <> 'flyway_schema_history' ORDER BY tablename").execute())
            .forEach(row -> tables.add(row.getString(0)));
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < tables.size(); i++) {
            // a session's last_seen_at moves when it is used (at most once a minute), refused request or not: that is
            // signing in, not the operation writing, so it is left out of the digest
            sql.append(i == 0 ? "" : ", ").append("(SELECT md5(coalesce(string_agg((to_jsonb(t) - 'last_seen_at')::text, '|'"
                + " ORDER BY (to_jsonb(t) - 'last_seen_at')::text), '')) FROM \"").append(tables.get(i)).append("\" t)");
        }
        Row row = await(TestHub.get().pool().query(sql.toString()).execute()).iterator().next();
        Map<String, String> digests = new LinkedHashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            digests.put(tables.get(i), row.getString(i));
        }
        return digests;
    }

    private static JsonObject resolve(JsonObject schema) {
        String ref = schema.getString("$ref");
        if (ref == null) {
            return schema;
        }
        JsonObject target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.getJsonObject(part);
        }
        return resolve(target);
    }

    private static String fill(String path, Map<String, String> values, boolean encoded) {
        String filled = path;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("{" + value.getKey() + "}", encoded ? encode(value.getValue()) : value.getValue());
        }
        return filled;
    }

    private static JsonObject created(TestUser by, String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.post(path).putHeader("Authorization", by.bearer())
            .putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body));
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException(path + " fixture: " + response.statusCode() + " " + response.bodyAsString());
        }
        Object parsed = response.bodyAsBuffer().toJsonValue();
        return parsed instanceof JsonArray array ? new JsonObject().put("list", array) : (JsonObject) parsed;
    }

    private static String firstId(JsonObject created) {
        if (created.containsKey("id")) {
            return created.getString("id");
        }
        for (String key : created.fieldNames()) {
            Object value = created.getValue(key);
            if (value instanceof JsonArray array && !array.isEmpty() && array.getValue(0) instanceof JsonObject first) {
                return first.getString("id");
            }
            if (value instanceof JsonObject nested && !nested.isEmpty()) {
                String id = firstId(nested);
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        String shown = String.valueOf(text).replace("\u0000", "\\0");
        return shown.length() > 60 ? shown.substring(0, 40) + "...(" + shown.length() + " chars)" : shown;
    }
}
