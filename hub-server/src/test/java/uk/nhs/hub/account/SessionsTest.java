package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.Hub;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Sign-out ends a session on the server: a copied token stops working at once, on every node and after a
 * restart, while the person's other sessions carry on.
 */
class SessionsTest {

    private static WebClient client;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
    }

    /** The session a token names (its sid claim). */
    static String sessionOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return new JsonObject(payload).getString("sid");
    }

    private static int me(WebClient on, String authorization) {
        return await(on.get("/api/me").putHeader("Authorization", authorization).send()).statusCode();
    }

    @Test
    void eachSignInStartsASessionThatItsTokenNames() {
        TestUser user = TestUsers.create(client, "Sally Session");

        Row row = await(TestHub.get().pool().preparedQuery(
                "SELECT id, user_id, user_agent, address, revoked_at, last_seen_at FROM sessions WHERE id = $1")
            .execute(Tuple.of(UUID.fromString(sessionOf(user.token()))))).iterator().next();

        assertEquals(user.id(), row.getUUID("user_id"));
        assertEquals("127.0.0.1", row.getString("address"));
        assertNotNull(row.getString("user_agent"));
        assertNotNull(row.getOffsetDateTime("last_seen_at"));
        assertEquals(null, row.getOffsetDateTime("revoked_at"));
    }

    @Test
    void signingOutWithABearerTokenMakesThatToken401AtOnceAndLeavesOtherSessionsAlone() {
        TestUser laptop = TestUsers.create(client, "Tom Two Devices");
        TestUser phone = TestUsers.signIn(client, laptop.email());

        HttpResponse<Buffer> out = await(client.post("/api/auth/logout").putHeader("Authorization", laptop.bearer()).send());

        assertEquals(204, out.statusCode());
        HttpResponse<Buffer> copied = await(client.get("/api/me").putHeader("Authorization", laptop.bearer()).send());
        assertEquals(401, copied.statusCode());
        assertEquals("unauthenticated", copied.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(401, await(client.post("/api/auth/logout").putHeader("Authorization", laptop.bearer()).send())
            .statusCode(), "an ended session cannot sign out again");
        assertEquals(200, me(client, phone.bearer()), "the other sign-in carries on");
    }

    @Test
    void signingOutOfThePagesEndsTheCookieSessionForEveryCopyOfIt() {
        TestUser user = TestUsers.create(client, "Pam Pages");

        HttpResponse<Buffer> out = PageRequests.post(client, user, "/sign-out", Map.of());

        assertEquals(303, out.statusCode());
        HttpResponse<Buffer> copied = await(client.get("/api/me").putHeader("Cookie", user.cookieHeader()).send());
        assertEquals(401, copied.statusCode(), "the copied cookie no longer signs anyone in");
        assertEquals("", TestUsers.cookie(copied, "hub_session"), "and is cleared");
        assertEquals(401, me(client, user.bearer()), "the token of the same sign-in is refused too");
    }

    @Test
    void anEndedSessionIsRefusedByEveryNodeIncludingOneStartedAfterwards() {
        TestUser user = TestUsers.create(client, "Nina Nodes");
        TestUser stillIn = TestUsers.signIn(client, user.email());
        await(client.post("/api/auth/logout").putHeader("Authorization", user.bearer()).send());

        Hub other = TestHub.get().startAnother(json -> { });
        try {
            WebClient otherClient = WebClient.create(TestHub.get().vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(other.port()));
            assertEquals(401, me(otherClient, user.bearer()));
            assertEquals(200, me(otherClient, stillIn.bearer()));
            await(otherClient.post("/api/auth/logout").putHeader("Authorization", stillIn.bearer()).send());
            assertEquals(401, me(client, stillIn.bearer()), "a sign-out on one node holds on the other");
        } finally {
            await(other.stop());
        }
    }

    @Test
    void usingASessionRecordsWhenItWasLastSeen() throws Exception {
        TestUser user = TestUsers.create(client, "Lena Lastseen");
        UUID session = UUID.fromString(sessionOf(user.token()));
        await(TestHub.get().pool().preparedQuery("UPDATE sessions SET last_seen_at = now() - interval '1 hour' WHERE id = $1")
            .execute(Tuple.of(session)));

        assertEquals(200, me(client, user.bearer()));

        boolean seen = false;
        for (int i = 0; i < 50 && !seen; i++) {
            seen = await(TestHub.get().pool().preparedQuery(
                    "SELECT last_seen_at > now() - interval '1 minute' AS recent FROM sessions WHERE id = $1")
                .execute(Tuple.of(session))).iterator().next().getBoolean("recent");
            Thread.sleep(20);
        }
        assertTrue(seen, "last_seen_at moves when a session is used after a while");
    }
}
