package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.Hub;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * {@code /api/me/sessions}: a person sees where they are signed in and ends sign-ins one at a time or all but the
 * one in use; an ended sign-in's token is refused at once, and nobody can see or end another person's.
 */
class SessionsApiTest {

    private static final String WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
        + " (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"
        + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private static WebClient client;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
    }

    /** Signs in with this User-Agent; answers the token. */
    private static String signInFrom(String email, String userAgent) {
        HttpResponse<Buffer> login = await(client.post("/api/auth/login").putHeader("User-Agent", userAgent)
            .sendJsonObject(new JsonObject().put("email", email).put("password", TestUsers.PASSWORD)));
        assertEquals(200, login.statusCode(), login.bodyAsString());
        return login.bodyAsJsonObject().getString("token");
    }

    private static HttpResponse<Buffer> list(String token) {
        return await(client.get("/api/me/sessions").putHeader("Authorization", "Bearer " + token).send());
    }

    private static HttpResponse<Buffer> end(String token, String sessionId) {
        return await(client.delete("/api/me/sessions/" + sessionId).putHeader("Authorization", "Bearer " + token).send());
    }

    private static int me(String token) {
        return await(client.get("/api/me").putHeader("Authorization", "Bearer " + token).send()).statusCode();
    }

    private static List<String> ids(HttpResponse<Buffer> listed) {
        List<String> ids = new ArrayList<>();
        listed.bodyAsJsonObject().getJsonArray("sessions").forEach(s -> ids.add(((JsonObject) s).getString("id")));
        return ids;
    }

    @Test
    void aPersonSeesEachOfTheirSignInsWithItsDeviceAddressAndTimesAndWhichOneIsThisOne() {
        TestUser user = TestUsers.create(client, "Lisa Lister");
        String laptop = signInFrom(user.email(), WINDOWS_CHROME);
        String current = signInFrom(user.email(), IPHONE_SAFARI);
        // used less recently than the others, yet still first: it is the one in hand
        await(TestHub.get().pool().preparedQuery(
                "UPDATE sessions SET last_seen_at = now() - interval '50 seconds' WHERE id = $1")
            .execute(Tuple.of(UUID.fromString(SessionsTest.sessionOf(current)))));

        HttpResponse<Buffer> listed = list(current);

        assertEquals(200, listed.statusCode(), listed.bodyAsString());
        JsonArray sessions = listed.bodyAsJsonObject().getJsonArray("sessions");
        assertEquals(3, sessions.size(), sessions.encodePrettily());
        JsonObject first = sessions.getJsonObject(0);
        assertEquals(SessionsTest.sessionOf(current), first.getString("id"), "this sign-in comes first");
        assertTrue(first.getBoolean("current"));
        assertEquals("Safari on iPhone", first.getString("device"));
        assertEquals("127.0.0.1", first.getString("address"));
        assertNotNull(first.getString("createdAt"));
        assertNotNull(first.getString("lastSeenAt"));
        JsonObject fromLaptop = sessions.stream().map(JsonObject.class::cast)
            .filter(s -> s.getString("id").equals(SessionsTest.sessionOf(laptop))).findFirst().orElseThrow();
        assertFalse(fromLaptop.getBoolean("current"));
        assertEquals("Chrome on Windows", fromLaptop.getString("device"));
        assertEquals(1, sessions.stream().filter(s -> ((JsonObject) s).getBoolean("current")).count());
    }

    @Test
    void endingAnotherSignInMakesItsToken401AtOnceAndLeavesThisOneSignedIn() {
        TestUser user = TestUsers.create(client, "Eddie Ender");
        String laptop = signInFrom(user.email(), WINDOWS_CHROME);

        HttpResponse<Buffer> ended = end(user.token(), SessionsTest.sessionOf(laptop));

        assertEquals(204, ended.statusCode(), ended.bodyAsString());
        assertEquals(401, me(laptop), "the ended sign-in's token is refused at once");
        assertEquals(200, me(user.token()));
        assertFalse(ids(list(user.token())).contains(SessionsTest.sessionOf(laptop)), "and it is no longer listed");
    }

    @Test
    void anEndedSignInIsRefusedByAnotherNodeAtOnce() {
        TestUser user = TestUsers.create(client, "Norah Nodes");
        String laptop = signInFrom(user.email(), WINDOWS_CHROME);
        Hub other = TestHub.get().startAnother(json -> { });
        try {
            WebClient otherClient = WebClient.create(TestHub.get().vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(other.port()));
            assertEquals(200, await(otherClient.get("/api/me").putHeader("Authorization", "Bearer " + laptop).send())
                .statusCode());

            assertEquals(204, end(user.token(), SessionsTest.sessionOf(laptop)).statusCode());

            assertEquals(401, await(otherClient.get("/api/me").putHeader("Authorization", "Bearer " + laptop).send())
                .statusCode());
        } finally {
            await(other.stop());
        }
    }

    @Test
    void anotherPersonsSignInAnswers404ExactlyAsAnUnknownOneAndIsNotEnded() {
        TestUser owner = TestUsers.create(client, "Olive Owner");
        TestUser intruder = TestUsers.create(client, "Ivan Intruder");

        HttpResponse<Buffer> theirs = end(intruder.token(), SessionsTest.sessionOf(owner.token()));
        HttpResponse<Buffer> unknown = end(intruder.token(), UUID.randomUUID().toString());
        HttpResponse<Buffer> malformed = end(intruder.token(), "not-a-session");

        assertEquals(404, theirs.statusCode());
        assertEquals(unknown.statusCode(), theirs.statusCode());
        assertEquals(unknown.bodyAsJsonObject(), theirs.bodyAsJsonObject());
        assertEquals(404, malformed.statusCode());
        assertEquals(200, me(owner.token()), "the owner is still signed in");
        assertFalse(ids(list(intruder.token())).contains(SessionsTest.sessionOf(owner.token())),
            "nobody sees another person's sign-ins");
    }

    @Test
    void endingASignInThatHasAlreadyEndedAnswers404() {
        TestUser user = TestUsers.create(client, "Tess Twice");
        String laptop = signInFrom(user.email(), WINDOWS_CHROME);
        assertEquals(204, end(user.token(), SessionsTest.sessionOf(laptop)).statusCode());

        assertEquals(404, end(user.token(), SessionsTest.sessionOf(laptop)).statusCode());
    }

    @Test
    void endingThisSignInSignsThisClientOut() {
        TestUser user = TestUsers.create(client, "Cora Current");

        HttpResponse<Buffer> ended = end(user.token(), SessionsTest.sessionOf(user.token()));

        assertEquals(204, ended.statusCode());
        assertEquals("", TestUsers.cookie(ended, "hub_session"), "a browser's cookie is cleared too");
        assertEquals(401, me(user.token()));
    }

    @Test
    void signingOutEverywhereElseEndsEverySignInButThisOne() {
        TestUser user = TestUsers.create(client, "Evie Everywhere");
        String laptop = signInFrom(user.email(), WINDOWS_CHROME);
        String phone = signInFrom(user.email(), IPHONE_SAFARI);
        TestUser stranger = TestUsers.create(client, "Stan Stranger");

        HttpResponse<Buffer> ended = await(client.delete("/api/me/sessions").putHeader("Authorization", user.bearer()).send());

        assertEquals(204, ended.statusCode(), ended.bodyAsString());
        assertEquals(List.of(401, 401, 200), List.of(me(laptop), me(phone), me(user.token())));
        assertEquals(List.of(SessionsTest.sessionOf(user.token())), ids(list(user.token())));
        assertEquals(200, me(stranger.token()), "other people's sign-ins are untouched");
        assertEquals(204, await(client.delete("/api/me/sessions").putHeader("Authorization", user.bearer()).send())
            .statusCode(), "with nothing else left it still succeeds");
    }

    @Test
    void endingSignInsIsRecordedInTheAuditLog() {
        TestUser user = TestUsers.create(client, "Audrey Audit");
        String laptop = signInFrom(user.email(), WINDOWS_CHROME);
        signInFrom(user.email(), IPHONE_SAFARI);

        end(user.token(), SessionsTest.sessionOf(laptop));
        await(client.delete("/api/me/sessions").putHeader("Authorization", user.bearer()).send());

        List<String> actions = new ArrayList<>();
        await(TestHub.get().pool().preparedQuery(
                "SELECT action, detail FROM audit_log WHERE actor_id = $1 AND action LIKE 'session.%' ORDER BY id")
            .execute(Tuple.of(user.id()))).forEach(row -> actions.add(row.getString("action") + " "
                + ((JsonObject) row.getValue("detail")).encode()));
        assertEquals(List.of("session.ended {\"sessionId\":\"" + SessionsTest.sessionOf(laptop) + "\"}",
            "session.ended-others {\"kept\":\"" + SessionsTest.sessionOf(user.token()) + "\",\"ended\":1}"), actions);
    }

    @Test
    void aSignInUnusedForLongerThanATokenLivesIsNotListed() {
        TestUser user = TestUsers.create(client, "Stella Stale");
        String old = signInFrom(user.email(), WINDOWS_CHROME);
        await(TestHub.get().pool().preparedQuery(
                "UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE id = $1")
            .execute(Tuple.of(UUID.fromString(SessionsTest.sessionOf(old)))));

        assertEquals(List.of(SessionsTest.sessionOf(user.token())), ids(list(user.token())));
    }

    @Test
    void someoneSignedOutGets401FromEveryOperation() {
        String id = UUID.randomUUID().toString();
        List<Integer> statuses = List.of(
            await(client.get("/api/me/sessions").send()).statusCode(),
            await(client.delete("/api/me/sessions/" + id).send()).statusCode(),
            await(client.delete("/api/me/sessions").send()).statusCode());

        assertEquals(List.of(401, 401, 401), statuses);
    }

    @Test
    void aBrowserMustEchoItsCsrfTokenToEndASignIn() {
        TestUser user = TestUsers.create(client, "Chris Csrf");
        String laptop = signInFrom(user.email(), WINDOWS_CHROME);

        int without = await(client.delete("/api/me/sessions/" + SessionsTest.sessionOf(laptop))
            .putHeader("Cookie", user.cookieHeader()).send()).statusCode();
        int with = await(client.delete("/api/me/sessions/" + SessionsTest.sessionOf(laptop))
            .putHeader("Cookie", user.cookieHeader()).putHeader("X-CSRF-Token", user.csrfCookie()).send()).statusCode();

        assertEquals(List.of(403, 204), List.of(without, with));
        assertEquals(401, me(laptop), "ended once the token was echoed");
    }

    @Test
    void aSessionUsedAgainWithinAMinuteIsNotWrittenAgain() throws Exception {
        TestUser user = TestUsers.create(client, "Wanda Writes");
        UUID session = UUID.fromString(SessionsTest.sessionOf(user.token()));
        await(TestHub.get().pool().preparedQuery(
                "UPDATE sessions SET last_seen_at = now() - interval '30 seconds' WHERE id = $1")
            .execute(Tuple.of(session)));
        String before = lastSeen(session);

        for (int i = 0; i < 5; i++) {
            assertEquals(200, me(user.token()));
        }
        Thread.sleep(300);

        assertEquals(before, lastSeen(session), "no write per request within the minute");
    }

    private static String lastSeen(UUID session) {
        return await(TestHub.get().pool().preparedQuery("SELECT last_seen_at::text AS seen FROM sessions WHERE id = $1")
            .execute(Tuple.of(session))).iterator().next().getString("seen");
    }

    /**
     * Sessions belong to people, not networks: whatever role someone has beside the organiser, they see only their
     * own sign-ins and ending the organiser's is the same 404 as an unknown id; signed out, everything is 401.
     */
    @Test
    void everyRoleSeesAndEndsOnlyTheirOwnSignIns() {
        TestUser organiser = TestUsers.create(client, "Mira Matrix");
        String network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Matrix network").put("slug", "matrix-" + UUID.randomUUID()
                .toString().substring(0, 8)).put("visibility", "private"))).bodyAsJsonObject().getString("id");
        java.util.Map<String, TestUser> people = new java.util.LinkedHashMap<>();
        for (String role : List.of("central", "member", "guest")) {
            TestUser person = TestUsers.create(client, "Matrix " + role);
            assertEquals(201, await(client.post("/api/networks/" + network + "/members")
                .putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", person.email()).put("role", role))).statusCode());
            people.put(role, person);
        }
        people.put("outsider", TestUsers.create(client, "Matrix outsider"));
        String organisersSession = SessionsTest.sessionOf(organiser.token());

        for (var entry : people.entrySet()) {
            TestUser person = entry.getValue();
            String role = entry.getKey();
            assertEquals(List.of(SessionsTest.sessionOf(person.token())), ids(list(person.token())), role);
            HttpResponse<Buffer> theirs = end(person.token(), organisersSession);
            assertEquals(404, theirs.statusCode(), role);
            assertEquals(end(person.token(), UUID.randomUUID().toString()).bodyAsJsonObject(), theirs.bodyAsJsonObject(), role);
            String second = signInFrom(person.email(), WINDOWS_CHROME);
            assertEquals(204, end(person.token(), SessionsTest.sessionOf(second)).statusCode(), role);
            assertEquals(204, await(client.delete("/api/me/sessions").putHeader("Authorization", person.bearer()).send())
                .statusCode(), role);
        }
        assertEquals(200, me(organiser.token()), "the organiser was never signed out");
        assertEquals(List.of(401, 401, 401), List.of(
            await(client.get("/api/me/sessions").send()).statusCode(),
            await(client.delete("/api/me/sessions/" + organisersSession).send()).statusCode(),
            await(client.delete("/api/me/sessions").send()).statusCode()));
    }
}
