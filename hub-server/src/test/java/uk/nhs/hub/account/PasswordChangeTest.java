package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** Changing a password: only with the current one, only to a good one, and it ends every other sign-in. */
class PasswordChangeTest {

    private static final String NEW_PASSWORD = "copper willow tundra 64";

    private static WebClient client;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
    }

    private static HttpResponse<Buffer> change(TestUser as, String current, String next) {
        return await(client.put("/api/me/password").putHeader("Authorization", as.bearer())
            .sendJsonObject(new JsonObject().put("currentPassword", current).put("newPassword", next)));
    }

    private static int me(TestUser as) {
        return await(client.get("/api/me").putHeader("Authorization", as.bearer()).send()).statusCode();
    }

    private static int login(String email, String password) {
        return await(client.post("/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", password))).statusCode();
    }

    private static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    void changingThePasswordEndsOtherSignInsAndKeepsThisOne() {
        TestUser laptop = TestUsers.create(client, "Carl Changer");
        TestUser phone = TestUsers.signIn(client, laptop.email());

        assertEquals(204, change(laptop, TestUsers.PASSWORD, NEW_PASSWORD).statusCode());

        assertEquals(200, me(laptop), "this sign-in stays");
        assertEquals(401, me(phone), "the other sign-in ends at once");
        assertEquals(401, login(laptop.email(), TestUsers.PASSWORD));
        assertEquals(200, login(laptop.email(), NEW_PASSWORD));
        Row audit = await(TestHub.get().pool().preparedQuery(
                "SELECT subject, detail FROM audit_log WHERE action = 'password.changed' AND actor_id = $1")
            .execute(Tuple.of(laptop.id()))).iterator().next();
        assertEquals(laptop.email(), audit.getString("subject"));
        assertEquals(1, ((JsonObject) audit.getValue("detail")).getInteger("sessionsEnded"));
    }

    @Test
    void aWrongCurrentPasswordIsRefusedOnCurrentPasswordAndChangesNothing() {
        TestUser user = TestUsers.create(client, "Gail Guesser");
        TestUser other = TestUsers.signIn(client, user.email());

        HttpResponse<Buffer> wrong = change(user, "not my password at all", NEW_PASSWORD);

        assertEquals(400, wrong.statusCode());
        assertEquals("currentPassword", error(wrong).getString("field"));
        assertEquals("Your current password is not correct", error(wrong).getString("message"));
        assertEquals(200, me(other));
        assertEquals(200, login(user.email(), TestUsers.PASSWORD));
    }

    @Test
    void aWeakOrPersonalNewPasswordIsRefusedOnNewPassword() {
        TestUser user = TestUsers.create(client, "Petra Personal");

        HttpResponse<Buffer> common = change(user, TestUsers.PASSWORD, "qwertyuiop123");
        HttpResponse<Buffer> personal = change(user, TestUsers.PASSWORD, "petra harbour lamp 19");
        HttpResponse<Buffer> missing = await(client.put("/api/me/password").putHeader("Authorization", user.bearer())
            .sendJsonObject(new JsonObject()));

        assertEquals("newPassword", error(common).getString("field"));
        assertTrue(error(common).getString("message").startsWith("Password is too easy to guess"));
        assertEquals("newPassword", error(personal).getString("field"));
        assertEquals(400, missing.statusCode());
        assertEquals("currentPassword", error(missing).getString("field"));
        assertEquals(200, login(user.email(), TestUsers.PASSWORD));
    }

    @Test
    void wrongCurrentPasswordsAreThrottledLikeSignIns() {
        TestUser user = TestUsers.create(client, "Tess Throttled");
        int limit = TestHub.get().config().security().login().maxFailuresPerAccount();
        for (int i = 0; i < limit; i++) {
            assertEquals(400, change(user, "guess number " + i, NEW_PASSWORD).statusCode());
        }

        HttpResponse<Buffer> limited = change(user, TestUsers.PASSWORD, NEW_PASSWORD);

        assertEquals(429, limited.statusCode());
        assertTrue(limited.getHeader("Retry-After") != null);
    }

    /**
     * The matrix: the operation is about the caller's own account, so a role in a network changes nothing. Everyone
     * signed in may change their own password (and only theirs: the request names no one); signed out it is 401.
     */
    @ParameterizedTest(name = "{0} changing their own password gets {1}")
    @CsvSource({"signed out, 401", "outsider, 204", "guest, 204", "member, 204", "organiser, 204", "central, 204"})
    void everyRoleMayChangeOnlyTheirOwnPassword(String caller, int expected) {
        TestUser organiser = TestUsers.create(client, "Matrix Organiser");
        String network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Password matrix " + UUID.randomUUID())
                .put("slug", "password-matrix-" + UUID.randomUUID().toString().substring(0, 8))
                .put("visibility", "private"))).bodyAsJsonObject().getString("id");
        TestUser who = switch (caller) {
            case "signed out" -> null;
            case "organiser" -> organiser;
            default -> TestUsers.create(client, "Matrix " + caller);
        };
        if (who != null && List.of("guest", "member", "central").contains(caller)) {
            assertEquals(201, await(client.post("/api/networks/" + network + "/members")
                .putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", who.email()).put("role", caller))).statusCode());
        }
        var request = client.put("/api/me/password");
        if (who != null) {
            request.putHeader("Authorization", who.bearer());
        }

        HttpResponse<Buffer> answer = await(request.sendJsonObject(new JsonObject()
            .put("currentPassword", TestUsers.PASSWORD).put("newPassword", NEW_PASSWORD)));

        assertEquals(expected, answer.statusCode(), answer.bodyAsString());
        if (who != null) {
            assertEquals(200, login(who.email(), NEW_PASSWORD));
        }
        if (who != organiser) {
            assertEquals(200, login(organiser.email(), TestUsers.PASSWORD), "nobody else's password changes");
        }
    }

    @Test
    void signedOutItIs401AndWithTheCookieButNoCsrfTokenItIs403() {
        TestUser user = TestUsers.create(client, "Sid Signedout");

        HttpResponse<Buffer> signedOut = await(client.put("/api/me/password")
            .sendJsonObject(new JsonObject().put("currentPassword", TestUsers.PASSWORD).put("newPassword", NEW_PASSWORD)));
        HttpResponse<Buffer> noCsrf = await(client.put("/api/me/password").putHeader("Cookie", user.cookieHeader())
            .sendJsonObject(new JsonObject().put("currentPassword", TestUsers.PASSWORD).put("newPassword", NEW_PASSWORD)));

        assertEquals(401, signedOut.statusCode());
        assertEquals("unauthenticated", error(signedOut).getString("code"));
        assertEquals(403, noCsrf.statusCode());
        assertEquals(200, login(user.email(), TestUsers.PASSWORD));
    }
}
