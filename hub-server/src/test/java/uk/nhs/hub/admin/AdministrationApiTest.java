package uk.nhs.hub.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * {@code /api/admin}: only administrators reach it (everyone else, whatever their roles in networks, gets the 404
 * of something that does not exist); they find accounts, suspend and reactivate them, make and remove other
 * administrators (never the last), and read the audit log in pages and as CSV.
 */
class AdministrationApiTest {

    private static WebClient client;
    private static TestUser admin;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static String networkId;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        admin = TestUsers.create(client, "Ada Administrator");
        makeAdministrator(admin.id());
        organiser = TestUsers.create(client, "Olu Organiser");
        member = TestUsers.create(client, "Mo Member");
        guest = TestUsers.create(client, "Gil Guest");
        outsider = TestUsers.create(client, "Oz Outsider");
        networkId = send(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Admin region")
            .put("slug", "admin-region").put("visibility", "private")).bodyAsJsonObject().getString("id");
        for (var entry : Map.of(member, "member", guest, "guest").entrySet()) {
            HttpResponse<Buffer> added = send(organiser, HttpMethod.POST, "/api/networks/" + networkId + "/members",
                new JsonObject().put("email", entry.getKey().email()).put("role", entry.getValue()));
            assertEquals(201, added.statusCode(), added.bodyAsString());
        }
    }

    static void makeAdministrator(UUID userId) {
        await(TestHub.get().pool().preparedQuery("INSERT INTO platform_administrators (user_id) VALUES ($1)")
            .execute(Tuple.of(userId)));
    }

    private static HttpResponse<Buffer> send(TestUser user, HttpMethod method, String uri, JsonObject body) {
        HttpRequest<Buffer> request = client.request(method, uri);
        if (user != null) {
            request.putHeader("Authorization", user.bearer());
        }
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static List<String> auditActions(String subject) {
        List<String> actions = new ArrayList<>();
        await(TestHub.get().pool().preparedQuery("SELECT action FROM audit_log WHERE subject = $1 ORDER BY id")
            .execute(Tuple.of(subject))).forEach(row -> actions.add(row.getString("action")));
        return actions;
    }

    @Test
    void everyAdministrationOperationAnswersNotFoundToEveryoneButAnAdministrator() {
        UUID target = member.id();
        Map<String, JsonObject> operations = new LinkedHashMap<>();
        operations.put("GET /api/admin/accounts", null);
        operations.put("POST /api/admin/accounts/" + target + "/suspension", new JsonObject().put("reason", "Spam"));
        operations.put("DELETE /api/admin/accounts/" + target + "/suspension", null);
        operations.put("GET /api/admin/administrators", null);
        operations.put("PUT /api/admin/administrators/" + target, null);
        operations.put("DELETE /api/admin/administrators/" + target, null);
        operations.put("GET /api/admin/network-requests", null);
        operations.put("POST /api/admin/network-requests/" + UUID.randomUUID() + "/approve", new JsonObject());
        operations.put("POST /api/admin/network-requests/" + UUID.randomUUID() + "/decline",
            new JsonObject().put("reason", "No"));
        operations.put("GET /api/admin/audit", null);
        operations.put("GET /api/admin/audit.csv", null);
        Map<String, TestUser> nonAdministrators = new LinkedHashMap<>();
        nonAdministrators.put("organiser", organiser);
        nonAdministrators.put("member", member);
        nonAdministrators.put("guest", guest);
        nonAdministrators.put("outsider", outsider);
        nonAdministrators.put("signed out", null);
        List<String> wrong = new ArrayList<>();
        for (var operation : operations.entrySet()) {
            String[] parts = operation.getKey().split(" ", 2);
            for (var who : nonAdministrators.entrySet()) {
                HttpResponse<Buffer> answer = send(who.getValue(), HttpMethod.valueOf(parts[0]), parts[1],
                    operation.getValue());
                if (answer.statusCode() != 404 || !"not_found".equals(answer.bodyAsJsonObject().getJsonObject("error")
                    .getString("code"))) {
                    wrong.add(who.getKey() + " " + operation.getKey() + " -> " + answer.statusCode());
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertFalse(auditActions(target.toString()).contains("account.suspended"), "nothing was done");
        // the same operations, by an administrator, are answered (what each does is tested below)
        assertEquals(200, send(admin, HttpMethod.GET, "/api/admin/accounts", null).statusCode());
        assertEquals(200, send(admin, HttpMethod.GET, "/api/admin/administrators", null).statusCode());
        assertEquals(200, send(admin, HttpMethod.GET, "/api/admin/network-requests", null).statusCode());
        assertEquals(200, send(admin, HttpMethod.GET, "/api/admin/audit", null).statusCode());
        assertEquals(200, send(admin, HttpMethod.GET, "/api/admin/audit.csv", null).statusCode());
        assertEquals(404, send(admin, HttpMethod.POST, "/api/admin/network-requests/" + UUID.randomUUID() + "/approve",
            new JsonObject()).statusCode(), "no such request");
    }

    @Test
    void administratorsFindAccountsByNameOrEmailInPages() {
        for (int i = 0; i < 55; i++) {
            await(TestHub.get().pool().preparedQuery("INSERT INTO users (email, password_hash, display_name)"
                + " VALUES ($1, 'x', $2)").execute(Tuple.of(String.format("paged.%02d@pages.nhs.uk", i), "Paged " + i)));
        }
        JsonObject first = send(admin, HttpMethod.GET, "/api/admin/accounts?q=PAGES.nhs", null).bodyAsJsonObject();
        assertEquals(50, first.getJsonArray("accounts").size());
        assertEquals("paged.00@pages.nhs.uk", first.getJsonArray("accounts").getJsonObject(0).getString("email"));
        JsonObject second = send(admin, HttpMethod.GET, "/api/admin/accounts?q=pages.nhs&after=" + first.getString("next"),
            null).bodyAsJsonObject();
        assertEquals(5, second.getJsonArray("accounts").size());
        assertNull(second.getString("next"));
        JsonObject byName = send(admin, HttpMethod.GET, "/api/admin/accounts?q=olu%20org", null).bodyAsJsonObject();
        assertEquals(List.of(organiser.email()), byName.getJsonArray("accounts").stream()
            .map(a -> ((JsonObject) a).getString("email")).toList());
        assertEquals(400, send(admin, HttpMethod.GET, "/api/admin/accounts?after=%%%", null).statusCode());
    }

    @Test
    void aSuspendedPersonIsSignedOutAtOnceAndToldWhyWhenTheyTryToSignInUntilReactivated() {
        TestUser person = TestUsers.create(client, "Sam Suspended");
        TestUser otherDevice = TestUsers.signIn(client, person.email());
        HttpResponse<Buffer> suspended = await(client.post("/api/admin/accounts/" + person.id() + "/suspension")
            .putHeader("Authorization", admin.bearer()).putHeader("X-Forwarded-For", "203.0.113.9")
            .sendJsonObject(new JsonObject().put("reason", "  Posting advertising in every network  ")));
        assertEquals(200, suspended.statusCode(), suspended.bodyAsString());
        assertEquals("Posting advertising in every network",
            suspended.bodyAsJsonObject().getJsonObject("suspension").getString("reason"));
        for (TestUser session : List.of(person, otherDevice)) {
            assertEquals(401, send(session, HttpMethod.GET, "/api/me", null).statusCode(), "every session ended");
        }
        HttpResponse<Buffer> signIn = await(client.post("/api/auth/login").sendJsonObject(new JsonObject()
            .put("email", person.email()).put("password", TestUsers.PASSWORD)));
        assertEquals(403, signIn.statusCode());
        assertTrue(signIn.bodyAsJsonObject().getJsonObject("error").getString("message")
            .contains("Posting advertising in every network"), signIn.bodyAsString());
        assertEquals(409, send(admin, HttpMethod.POST, "/api/admin/accounts/" + person.id() + "/suspension",
            new JsonObject().put("reason", "Again")).statusCode(), "already suspended");

        HttpResponse<Buffer> reactivated = send(admin, HttpMethod.DELETE,
            "/api/admin/accounts/" + person.id() + "/suspension", null);
        assertEquals(200, reactivated.statusCode(), reactivated.bodyAsString());
        assertFalse(reactivated.bodyAsJsonObject().containsKey("suspension"));
        assertEquals(200, send(TestUsers.signIn(client, person.email()), HttpMethod.GET, "/api/me", null).statusCode());
        assertEquals(409, send(admin, HttpMethod.DELETE, "/api/admin/accounts/" + person.id() + "/suspension", null)
            .statusCode(), "not suspended");

        Row audited = await(TestHub.get().pool().preparedQuery("SELECT actor_id, detail, request_id FROM audit_log"
            + " WHERE action = 'account.suspended' AND subject = $1").execute(Tuple.of(person.id().toString())))
            .iterator().next();
        assertEquals(admin.id(), audited.getUUID("actor_id"));
        assertEquals(2, audited.getJsonObject("detail").getInteger("sessionsEnded"));
        assertNotNull(audited.getString("request_id"));
        assertTrue(auditActions(person.id().toString()).contains("account.reactivated"));
    }

    @Test
    void suspensionNeedsAReasonAnExistingAccountAndSomeoneElse() {
        assertEquals("reason", send(admin, HttpMethod.POST, "/api/admin/accounts/" + member.id() + "/suspension",
            new JsonObject().put("reason", "   ")).bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals(400, send(admin, HttpMethod.POST, "/api/admin/accounts/" + member.id() + "/suspension",
            new JsonObject().put("reason", "x".repeat(501))).statusCode());
        assertEquals(404, send(admin, HttpMethod.POST, "/api/admin/accounts/" + UUID.randomUUID() + "/suspension",
            new JsonObject().put("reason", "Spam")).statusCode());
        assertEquals(409, send(admin, HttpMethod.POST, "/api/admin/accounts/" + admin.id() + "/suspension",
            new JsonObject().put("reason", "Spam")).statusCode());
        assertEquals(200, send(member, HttpMethod.GET, "/api/me", null).statusCode(), "nobody was suspended");
    }

    @Test
    void administratorsMakeAndRemoveOthersButTheLastCannotGo() {
        TestUser second = TestUsers.create(client, "Sid Second");
        assertEquals(200, send(admin, HttpMethod.PUT, "/api/admin/administrators/" + second.id(), null).statusCode());
        assertEquals(409, send(admin, HttpMethod.PUT, "/api/admin/administrators/" + second.id(), null).statusCode());
        assertEquals(200, send(second, HttpMethod.GET, "/api/admin/accounts", null).statusCode(), "now an administrator");
        JsonArray listed = send(admin, HttpMethod.GET, "/api/admin/administrators", null).bodyAsJsonObject()
            .getJsonArray("administrators");
        assertTrue(listed.stream().anyMatch(a -> "Ada Administrator".equals(((JsonObject) a).getString("grantedBy"))));
        assertEquals(204, send(second, HttpMethod.DELETE, "/api/admin/administrators/" + second.id(), null).statusCode(),
            "one of two may leave");
        assertEquals(404, send(second, HttpMethod.GET, "/api/admin/accounts", null).statusCode());
        HttpResponse<Buffer> last = send(admin, HttpMethod.DELETE, "/api/admin/administrators/" + admin.id(), null);
        assertEquals(409, last.statusCode(), "the last administrator stays");
        assertEquals(200, send(admin, HttpMethod.GET, "/api/admin/accounts", null).statusCode());
        assertEquals(List.of("administrator.granted", "administrator.removed"), auditActions(second.id().toString()));
        assertEquals(404, send(admin, HttpMethod.DELETE, "/api/admin/administrators/" + member.id(), null).statusCode(),
            "not an administrator");
    }

    @Test
    void theAuditLogIsReadByWhoWhichNetworkWhatAndWhenInPagesAndAsCsv() {
        HttpResponse<Buffer> changed = send(organiser, HttpMethod.PATCH, "/api/networks/" + networkId + "/members/"
            + member.id(), new JsonObject().put("role", "central"));
        assertEquals(200, changed.statusCode(), changed.bodyAsString());
        JsonObject page = send(admin, HttpMethod.GET, "/api/admin/audit?network=admin-region&action=role&actor="
            + organiser.email(), null).bodyAsJsonObject();
        JsonArray entries = page.getJsonArray("entries");
        assertFalse(entries.isEmpty());
        for (Object item : entries) {
            JsonObject entry = (JsonObject) item;
            assertTrue(entry.getString("action").startsWith("role."), entry.encode());
            assertEquals(organiser.id().toString(), entry.getJsonObject("actor").getString("id"));
            assertEquals("Admin region", entry.getJsonObject("network").getString("name"));
            assertNotNull(entry.getString("remoteAddress"), "from where");
        }
        assertTrue(entries.stream().anyMatch(e -> ((JsonObject) e).getString("action").equals("role.changed")));
        assertEquals(0, send(admin, HttpMethod.GET, "/api/admin/audit?actor=nobody@nowhere.nhs.uk", null)
            .bodyAsJsonObject().getJsonArray("entries").size());
        assertEquals(0, send(admin, HttpMethod.GET, "/api/admin/audit?from=2999-01-01", null)
            .bodyAsJsonObject().getJsonArray("entries").size());

        await(TestHub.get().pool().preparedQuery("INSERT INTO audit_log (action, subject, network_id)"
            + " SELECT 'test.filler', 'filler ' || n, $1 FROM generate_series(1, 150) n")
            .execute(Tuple.of(UUID.fromString(networkId))));
        JsonObject first = send(admin, HttpMethod.GET, "/api/admin/audit?action=test.filler", null).bodyAsJsonObject();
        assertEquals(100, first.getJsonArray("entries").size());
        assertEquals("filler 150", first.getJsonArray("entries").getJsonObject(0).getString("subject"), "newest first");
        JsonObject second = send(admin, HttpMethod.GET, "/api/admin/audit?action=test.filler&after=" + first.getString("next"),
            null).bodyAsJsonObject();
        assertEquals(50, second.getJsonArray("entries").size());
        assertNull(second.getString("next"));

        HttpResponse<Buffer> csv = await(client.get("/api/admin/audit?action=test.filler")
            .putHeader("Authorization", admin.bearer()).putHeader("Accept", "text/csv").send());
        assertEquals(200, csv.statusCode());
        assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
        String[] lines = csv.bodyAsString().split("\r\n");
        assertEquals(151, lines.length, "a header and every entry, not one page");
        assertTrue(lines[0].startsWith("id,when,actor_id"));
        assertEquals(csv.bodyAsString(), send(admin, HttpMethod.GET, "/api/admin/audit.csv?action=test.filler", null)
            .bodyAsString());

        for (String bad : List.of("from=yesterday", "to=2027-02-30", "action=DROP%20TABLE", "after=abc", "actor=not%20an%20email")) {
            HttpResponse<Buffer> refused = send(admin, HttpMethod.GET, "/api/admin/audit?" + bad, null);
            assertEquals(400, refused.statusCode(), bad);
            assertEquals(400, send(admin, HttpMethod.GET, "/api/admin/audit.csv?" + bad, null).statusCode(), bad);
        }
    }

    @Test
    void organiserActionsNameTheirNetworkInTheAuditLog() {
        String email = TestUsers.uniqueEmail("invited");
        JsonObject invitation = send(organiser, HttpMethod.POST, "/api/networks/" + networkId + "/invitations",
            new JsonObject().put("email", email).put("role", "member")).bodyAsJsonObject();
        assertEquals(204, send(organiser, HttpMethod.DELETE, "/api/networks/" + networkId + "/invitations/"
            + invitation.getString("id"), null).statusCode());
        List<String> actions = new ArrayList<>();
        await(TestHub.get().pool().preparedQuery("SELECT action FROM audit_log WHERE network_id = $1 ORDER BY id")
            .execute(Tuple.of(UUID.fromString(networkId)))).forEach(row -> actions.add(row.getString("action")));
        assertTrue(actions.containsAll(List.of("network.created", "role.granted", "invitation.created",
            "invitation.revoked")), actions.toString());
    }
}
