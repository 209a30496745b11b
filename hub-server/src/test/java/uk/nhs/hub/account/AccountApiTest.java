package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class AccountApiTest {

    private static WebClient client;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
    }

    private static HttpResponse<Buffer> register(JsonObject body) {
        return await(client.post("/api/auth/register").sendJsonObject(body));
    }

    private static HttpResponse<Buffer> login(String email, String password) {
        return await(client.post("/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", password)));
    }

    private static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    void registerCreatesAnAccountWithANormalisedEmail() {
        String email = TestUsers.uniqueEmail("Rita Lead");
        HttpResponse<Buffer> response = register(new JsonObject().put("email", "  " + email.toUpperCase() + " ")
            .put("password", TestUsers.PASSWORD).put("displayName", "Rita Lead")
            .put("organisation", "Leeds Teaching Hospitals").put("jobTitle", "Lead nurse"));

        assertEquals(201, response.statusCode(), response.bodyAsString());
        JsonObject body = response.bodyAsJsonObject();
        assertEquals(email, body.getString("email"));
        assertEquals("Rita Lead", body.getString("displayName"));
        assertNotNull(body.getString("id"));
        assertFalse(response.bodyAsString().contains("password"), "the hash never leaves the server");
    }

    @Test
    void registeringATakenEmailIsAConflictWhateverItsCase() {
        String email = TestUsers.uniqueEmail("Sam");
        assertEquals(201, register(new JsonObject().put("email", email).put("password", TestUsers.PASSWORD)
            .put("displayName", "Sam")).statusCode());

        HttpResponse<Buffer> again = register(new JsonObject().put("email", email.toUpperCase())
            .put("password", TestUsers.PASSWORD).put("displayName", "Another Sam"));

        assertEquals(409, again.statusCode());
        assertEquals("conflict", error(again).getString("code"));
        assertEquals("email", error(again).getString("field"));
    }

    @ParameterizedTest(name = "{0}={1} is refused naming {0}")
    @CsvSource(delimiter = '|', value = {
        "email       | ''                    | Enter your email address",
        "email       | not-an-email          | Enter an email address in the correct format",
        "email       | two@@example.nhs.uk   | Enter an email address in the correct format",
        "password    | ''                    | Enter a password",
        "password    | short                 | Password must be 12 characters or more",
        "password    | '              '      | Password must contain letters, numbers or symbols",
        "password    | password123456        | Password is too easy to guess",
        "password    | qwertyuiopasdf        | Password is too easy to guess",
        "password    | valid lantern orbit 8 | Password must not contain your email address or name",
        "displayName | ''                    | Enter your name",
        "displayName | '   '                 | Enter your name",
    })
    void invalidRegistrationNamesTheField(String field, String value, String message) {
        JsonObject body = new JsonObject().put("email", TestUsers.uniqueEmail("valid"))
            .put("password", TestUsers.PASSWORD).put("displayName", "Valid Name").put(field, value);

        HttpResponse<Buffer> response = register(body);

        assertEquals(400, response.statusCode(), response.bodyAsString());
        assertEquals("invalid", error(response).getString("code"));
        assertEquals(field, error(response).getString("field"));
        assertTrue(error(response).getString("message").startsWith(message), error(response).getString("message"));
    }

    @Test
    void anEmptyRegistrationNamesTheFirstFieldOfTheForm() {
        HttpResponse<Buffer> response = register(new JsonObject());
        assertEquals(400, response.statusCode());
        assertEquals("displayName", error(response).getString("field"));
    }

    @Test
    void overlongPasswordsAndNonTextFieldsAreRefused() {
        HttpResponse<Buffer> tooLong = register(new JsonObject().put("email", TestUsers.uniqueEmail("long"))
            .put("password", "x".repeat(129)).put("displayName", "Long"));
        assertEquals(400, tooLong.statusCode());
        assertEquals("password", error(tooLong).getString("field"));

        HttpResponse<Buffer> number = register(new JsonObject().put("email", 12).put("password", TestUsers.PASSWORD)
            .put("displayName", "Number"));
        assertEquals(400, number.statusCode());
        assertEquals("email", error(number).getString("field"));
    }

    @Test
    void loginReturnsATokenAndAnHttpOnlyLaxCookie() {
        TestUser user = TestUsers.create(client, "Lou Login");

        HttpResponse<Buffer> response = login(user.email(), TestUsers.PASSWORD);

        assertEquals(200, response.statusCode());
        JsonObject body = response.bodyAsJsonObject();
        assertNotNull(body.getString("token"));
        assertEquals(user.id().toString(), body.getJsonObject("user").getString("id"));
        String cookie = response.cookies().stream().filter(c -> c.startsWith("hub_session=")).findFirst().orElseThrow();
        assertTrue(cookie.toLowerCase().contains("httponly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertTrue(cookie.contains("hub_session=" + body.getString("token")), "the cookie holds the same JWT");
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        TestUser user = TestUsers.create(client, "Wendy Wrong");

        HttpResponse<Buffer> wrongPassword = login(user.email(), "not the password at all");
        HttpResponse<Buffer> unknownEmail = login(TestUsers.uniqueEmail("nobody"), "not the password at all");

        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, unknownEmail.statusCode());
        assertEquals(wrongPassword.bodyAsJsonObject(), unknownEmail.bodyAsJsonObject());
        assertEquals(AccountService.WRONG_CREDENTIALS, error(wrongPassword).getString("message"));
    }

    @Test
    void meAnswersForABearerTokenOrTheCookieAndOtherwise401() {
        TestUser user = TestUsers.create(client, "Maya Me");

        HttpResponse<Buffer> bearer = await(client.get("/api/me").putHeader("Authorization", user.bearer()).send());
        HttpResponse<Buffer> cookie = await(client.get("/api/me").putHeader("Cookie", user.cookieHeader()).send());
        HttpResponse<Buffer> anonymous = await(client.get("/api/me").send());

        assertEquals(200, bearer.statusCode());
        assertEquals("Maya Me", bearer.bodyAsJsonObject().getString("displayName"));
        assertEquals(200, cookie.statusCode());
        assertEquals(user.email(), cookie.bodyAsJsonObject().getString("email"));
        assertEquals(401, anonymous.statusCode());
        assertEquals("unauthenticated", error(anonymous).getString("code"));
    }

    @Test
    void logoutClearsTheCookie() {
        TestUser user = TestUsers.create(client, "Otto Out");

        HttpResponse<Buffer> response = await(client.post("/api/auth/logout")
            .putHeader("Cookie", user.cookieHeader())
            .putHeader("X-CSRF-Token", user.csrfCookie())
            .send());

        assertEquals(204, response.statusCode());
        String cleared = response.cookies().stream().filter(c -> c.startsWith("hub_session=")).findFirst().orElseThrow();
        assertTrue(cleared.startsWith("hub_session=;"), cleared);
        assertTrue(cleared.contains("Max-Age=0"), cleared);
    }

    @Test
    void logoutWithoutSigningInIs401() {
        HttpResponse<Buffer> response = await(client.post("/api/auth/logout").send());
        assertEquals(401, response.statusCode());
    }

    @Test
    void signInsFailuresAndSignOutsAreAudited() {
        TestUser user = TestUsers.create(client, "Audrey Audit");
        login(user.email(), "definitely not it");
        await(client.post("/api/auth/logout").putHeader("Authorization", user.bearer()).send());

        var rows = await(TestHub.get().pool()
            .preparedQuery("SELECT action, actor_id, remote_address, request_id FROM audit_log WHERE subject = $1 ORDER BY id")
            .execute(io.vertx.sqlclient.Tuple.of(user.email())));
        var actions = new java.util.ArrayList<String>();
        rows.forEach(row -> {
            actions.add(row.getString("action"));
            assertNotNull(row.getString("remote_address"));
            assertNotNull(row.getString("request_id"));
        });
        assertEquals(java.util.List.of("account.registered", "sign-in", "sign-in.failed", "sign-out"), actions);
    }
}
