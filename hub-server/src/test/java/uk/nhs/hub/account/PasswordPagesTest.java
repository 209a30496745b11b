package uk.nhs.hub.account;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.platform.SecretTokens;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The forgotten-password and change-password pages as a browser without JavaScript uses them: plain forms with
 * the CSRF field, rejected forms shown again with the NHS.UK error summary, and no page telling which email
 * addresses have accounts.
 */
class PasswordPagesTest {

    private static WebClient client;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
    }

    /** Posts a form as someone signed out, with the CSRF cookie and field a browser would have from the form. */
    private static HttpResponse<Buffer> postSignedOut(String path, Map<String, String> fields) {
        HttpResponse<Buffer> form = await(client.get("/sign-in").putHeader("Accept", "text/html").send());
        String csrf = TestUsers.cookie(form, "hub_csrf");
        MultiMap body = MultiMap.caseInsensitiveMultiMap();
        fields.forEach(body::add);
        body.add("csrf", csrf);
        return await(client.post(path).followRedirects(false).putHeader("Accept", "text/html")
            .putHeader("Cookie", "hub_csrf=" + csrf).sendForm(body));
    }

    private static Document page(HttpResponse<Buffer> response) {
        return Jsoup.parse(response.bodyAsString());
    }

    /** A reset link made directly in the database, as the emailed one would be. */
    private static String openLink(UUID userId) {
        String token = SecretTokens.newToken();
        await(TestHub.get().pool().preparedQuery(
                "INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')")
            .execute(Tuple.of(SecretTokens.hash(token), userId)));
        return token;
    }

    @Test
    void theSignInPageLinksToTheForgottenPasswordForm() {
        Document signIn = page(PageRequests.get(client, null, "/sign-in"));
        assertEquals("/forgot-password", signIn.selectFirst("a:contains(Forgotten your password?)").attr("href"));

        Document forgot = page(PageRequests.get(client, null, "/forgot-password"));
        assertEquals("Reset your password", forgot.selectFirst("h1").text());
        assertEquals(1, forgot.select("form[action=/forgot-password] input[name=csrf]").size());
    }

    @Test
    void knownAndUnknownAddressesSeeTheSameCheckYourEmailPage() {
        TestUser known = TestUsers.create(client, "Kim Known");

        HttpResponse<Buffer> forKnown = postSignedOut("/forgot-password", Map.of("email", known.email()));
        HttpResponse<Buffer> forUnknown = postSignedOut("/forgot-password",
            Map.of("email", TestUsers.uniqueEmail("Una Unknown")));

        assertEquals(200, forKnown.statusCode());
        assertEquals(200, forUnknown.statusCode());
        assertEquals("Check your email", page(forKnown).selectFirst("h1").text());
        assertEquals(page(forKnown).selectFirst("main").text(), page(forUnknown).selectFirst("main").text());
        assertEquals(1, PasswordResetTest.resetEmails(known.email(), 1).size());
    }

    @Test
    void aMalformedAddressIsShownAgainWithTheErrorSummaryAndTheTypedValue() {
        HttpResponse<Buffer> refused = postSignedOut("/forgot-password", Map.of("email", "not an address"));

        assertEquals(400, refused.statusCode());
        Document shown = page(refused);
        assertTrue(shown.title().startsWith("Error: "), shown.title());
        assertEquals("#email", shown.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertEquals("not an address", shown.selectFirst("input#email").val());
        assertEquals(1, shown.select("#email-error").size());
    }

    @Test
    void theResetPageRefusesAWeakPasswordOnTheFieldThenSetsAGoodOne() {
        TestUser user = TestUsers.create(client, "Pam Pages");
        String token = openLink(user.id());

        Document form = page(PageRequests.get(client, null, "/reset-password?token=" + token));
        assertEquals("Choose a new password", form.selectFirst("h1").text());
        assertEquals(token, form.selectFirst("input[name=token]").val());

        HttpResponse<Buffer> weak = postSignedOut("/reset-password", Map.of("token", token, "password", "password123456"));
        assertEquals(400, weak.statusCode());
        Document shown = page(weak);
        assertEquals("#password", shown.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertTrue(shown.selectFirst("#password-error").text().contains("Password is too easy to guess"));
        assertEquals(token, shown.selectFirst("input[name=token]").val(), "the link is kept for another try");
        assertEquals("", shown.selectFirst("input#password").val(), "a password is never sent back");

        HttpResponse<Buffer> done = postSignedOut("/reset-password",
            Map.of("token", token, "password", PasswordResetTest.NEW_PASSWORD));
        assertEquals(200, done.statusCode());
        assertEquals("Your password has been changed", page(done).selectFirst("h1").text());
        assertEquals(401, await(client.get("/api/me").putHeader("Authorization", user.bearer()).send()).statusCode());

        HttpResponse<Buffer> reused = PageRequests.get(client, null, "/reset-password?token=" + token);
        assertEquals(404, reused.statusCode());
        assertEquals("This link cannot be used", page(reused).selectFirst("h1").text());
    }

    @Test
    void anUnknownResetLinkSaysItCannotBeUsed() {
        assertEquals(404, PageRequests.get(client, null, "/reset-password?token=nonsense").statusCode());
        assertEquals(404, PageRequests.get(client, null, "/reset-password").statusCode());
        HttpResponse<Buffer> posted = postSignedOut("/reset-password",
            Map.of("token", "nonsense", "password", PasswordResetTest.NEW_PASSWORD));
        assertEquals(404, posted.statusCode());
        assertTrue(page(posted).selectFirst("main").text().contains("Ask for a new link"));
    }

    @Test
    void theChangePasswordPageNeedsASignInAndReportsAWrongCurrentPassword() {
        HttpResponse<Buffer> signedOut = PageRequests.get(client, null, "/account/password");
        assertEquals(303, signedOut.statusCode());
        assertEquals("/sign-in?returnTo=%2Faccount%2Fpassword", signedOut.getHeader("Location"));

        TestUser user = TestUsers.create(client, "Chris Pages");
        TestUser elsewhere = TestUsers.signIn(client, user.email());
        Document form = page(PageRequests.get(client, user, "/account/password"));
        assertEquals("Change your password", form.selectFirst("h1").text());

        HttpResponse<Buffer> wrong = PageRequests.post(client, user, "/account/password",
            Map.of("currentPassword", "not the password", "newPassword", PasswordResetTest.NEW_PASSWORD));
        assertEquals(400, wrong.statusCode());
        Document shown = page(wrong);
        assertTrue(shown.title().startsWith("Error: "));
        assertEquals("#currentPassword", shown.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertEquals("Your current password is not correct", shown.selectFirst("#currentPassword-error").text()
            .replace("Error: ", ""));

        HttpResponse<Buffer> changed = PageRequests.post(client, user, "/account/password",
            Map.of("currentPassword", TestUsers.PASSWORD, "newPassword", PasswordResetTest.NEW_PASSWORD));
        assertEquals(200, changed.statusCode());
        assertEquals("Your password has been changed", page(changed).selectFirst("h1").text());
        assertEquals(200, PageRequests.get(client, user, "/account/password").statusCode(), "this browser stays in");
        assertEquals(401, await(client.get("/api/me").putHeader("Authorization", elsewhere.bearer()).send()).statusCode());
    }

    @Test
    void theRegisterPageRefusesAnEasilyGuessedPasswordWithTheReasonOnTheField() {
        HttpResponse<Buffer> refused = postSignedOut("/register", Map.of("displayName", "Reg Rules",
            "email", TestUsers.uniqueEmail("Reg Rules"), "password", "iloveyou2024"));

        assertEquals(400, refused.statusCode());
        Document shown = page(refused);
        assertEquals("#password", shown.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertTrue(shown.selectFirst("#password-error").text().contains("Password is too easy to guess"),
            shown.selectFirst("#password-error").text());
        assertEquals("Reg Rules", shown.selectFirst("input#displayName").val());
        assertTrue(shown.selectFirst("#password-hint").text().startsWith("Use 12 characters or more"));
    }

    @Test
    void theChangePasswordFormIsRefusedWithoutItsCsrfField() {
        TestUser user = TestUsers.create(client, "Cora Csrf");
        HttpResponse<Buffer> forged = await(client.post("/account/password").putHeader("Cookie", user.cookieHeader())
            .putHeader("Accept", "text/html").sendForm(MultiMap.caseInsensitiveMultiMap()
                .add("currentPassword", TestUsers.PASSWORD).add("newPassword", PasswordResetTest.NEW_PASSWORD)));

        assertEquals(403, forged.statusCode());
        assertEquals(200, await(client.post("/api/auth/login").sendJsonObject(new JsonObject()
            .put("email", user.email()).put("password", TestUsers.PASSWORD))).statusCode());
    }
}
