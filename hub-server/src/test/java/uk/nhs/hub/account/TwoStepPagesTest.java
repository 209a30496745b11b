package uk.nhs.hub.account;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The two-step pages as plain HTML forms, without JavaScript: setting up, signing in with a code, turning off. */
class TwoStepPagesTest {

    private static WebClient client;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
    }

    /** Sets up two-step sign-in through the pages and returns the secret the page showed. */
    private static String setUpThroughPages(TestUser user) {
        assertEquals(303, PageRequests.post(client, user, "/account/two-step", Map.of()).statusCode());
        Document page = Jsoup.parse(PageRequests.get(client, user, "/account/two-step").bodyAsString());
        String secret = page.getElementById("setup-key").text().replace(" ", "");
        long step = TwoStepTest.steadyStep();
        HttpResponse<Buffer> confirmed = PageRequests.post(client, user, "/account/two-step/confirm",
            Map.of("code", TwoStepTest.code(secret, step - 1)));
        assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
        return secret;
    }

    @Test
    void signedOutPeopleAreSentToSignIn() {
        HttpResponse<Buffer> response = PageRequests.get(client, null, "/account/two-step");

        assertEquals(303, response.statusCode());
        assertTrue(response.getHeader("Location").startsWith("/sign-in?returnTo="));
    }

    @Test
    void theSetUpPageShowsALabelledQrCodeAndTheSecretInGroupsOfFour() {
        TestUser user = TestUsers.create(client, "Penny Page");
        assertTrue(PageRequests.get(client, user, "/account/two-step").bodyAsString().contains("Set up two-step sign-in"));

        assertEquals(303, PageRequests.post(client, user, "/account/two-step", Map.of()).statusCode());
        Document page = Jsoup.parse(PageRequests.get(client, user, "/account/two-step").bodyAsString());

        assertNotNull(page.selectFirst("svg[role=img] > title"), "the QR code has a text alternative");
        assertFalse(page.select("svg path").attr("d").isEmpty());
        assertTrue(page.getElementById("setup-key").text().matches("([A-Z2-7]{4} ){7}[A-Z2-7]{4}"),
            page.getElementById("setup-key").text());
    }

    @Test
    void aWrongConfirmationCodeShowsTheErrorSummaryAndKeepsTheSameSecret() {
        TestUser user = TestUsers.create(client, "Will Wrong Page");
        PageRequests.post(client, user, "/account/two-step", Map.of());
        String before = Jsoup.parse(PageRequests.get(client, user, "/account/two-step").bodyAsString())
            .getElementById("setup-key").text();

        HttpResponse<Buffer> response = PageRequests.post(client, user, "/account/two-step/confirm", Map.of("code", "12"));

        assertEquals(400, response.statusCode());
        Document page = Jsoup.parse(response.bodyAsString());
        assertNotNull(page.selectFirst(".nhsuk-error-summary a[href=#code]"));
        assertTrue(page.title().startsWith("Error:"));
        assertEquals(before, page.getElementById("setup-key").text());
    }

    @Test
    void confirmingShowsTenRecoveryCodesOnceAndThePageThenSaysItIsOn() {
        TestUser user = TestUsers.create(client, "Rhea Recovery Page");
        PageRequests.post(client, user, "/account/two-step", Map.of());
        String secret = Jsoup.parse(PageRequests.get(client, user, "/account/two-step").bodyAsString())
            .getElementById("setup-key").text().replace(" ", "");

        HttpResponse<Buffer> confirmed = PageRequests.post(client, user, "/account/two-step/confirm",
            Map.of("code", TwoStepTest.code(secret, TwoStepTest.steadyStep())));

        assertEquals(200, confirmed.statusCode());
        assertEquals("no-store", confirmed.getHeader("Cache-Control"));
        assertEquals(10, Jsoup.parse(confirmed.bodyAsString()).select(".hub-recovery-codes li").size());
        String after = PageRequests.get(client, user, "/account/two-step").bodyAsString();
        assertTrue(after.contains("Two-step sign-in is on"));
        assertTrue(after.contains("You have 10 recovery codes left"));
    }

    @Test
    void signingInAsksForTheCodeAfterThePasswordAndTheRightCodeSignsIn() {
        TestUser user = TestUsers.create(client, "Sid Sign In Page");
        String secret = setUpThroughPages(user);
        String csrf = TestUsers.cookie(await(client.get("/sign-in").putHeader("Accept", "text/html").send()), "hub_csrf");

        HttpResponse<Buffer> password = signInForm(csrf, "/sign-in", MultiMap.caseInsensitiveMultiMap()
            .add("email", user.email()).add("password", TestUsers.PASSWORD).add("returnTo", "/networks"));

        assertEquals(200, password.statusCode());
        assertNull(TestUsers.cookie(password, "hub_session"), "no session before the code");
        Document step = Jsoup.parse(password.bodyAsString());
        assertEquals("Enter the code from your authenticator app", step.selectFirst("h1").text());
        String challenge = step.selectFirst("input[name=challenge]").val();

        HttpResponse<Buffer> wrong = signInForm(csrf, "/sign-in/two-step", MultiMap.caseInsensitiveMultiMap()
            .add("challenge", challenge).add("code", "000000x").add("returnTo", "/networks"));
        assertEquals(400, wrong.statusCode());
        Document again = Jsoup.parse(wrong.bodyAsString());
        assertNotNull(again.selectFirst(".nhsuk-error-summary a[href=#code]"));
        assertEquals("000000x", again.selectFirst("input[name=code]").val(), "what was typed is kept");
        assertEquals(challenge, again.selectFirst("input[name=challenge]").val());

        HttpResponse<Buffer> right = signInForm(csrf, "/sign-in/two-step", MultiMap.caseInsensitiveMultiMap()
            .add("challenge", challenge).add("code", TwoStepTest.code(secret, TwoStepTest.steadyStep()))
            .add("returnTo", "/networks"));
        assertEquals(303, right.statusCode(), right.bodyAsString());
        assertEquals("/networks", right.getHeader("Location"));
        assertNotNull(TestUsers.cookie(right, "hub_session"));
    }

    @Test
    void anExpiredOrUsedChallengeSendsThePersonBackToSignIn() {
        String csrf = TestUsers.cookie(await(client.get("/sign-in").putHeader("Accept", "text/html").send()), "hub_csrf");

        HttpResponse<Buffer> response = signInForm(csrf, "/sign-in/two-step", MultiMap.caseInsensitiveMultiMap()
            .add("challenge", "made-up").add("code", "123456").add("returnTo", "/"));

        assertEquals(303, response.statusCode());
        assertTrue(response.getHeader("Location").startsWith("/sign-in"));
    }

    @Test
    void turningOffThroughThePageNeedsACode() {
        TestUser user = TestUsers.create(client, "Tom Turn Off Page");
        String secret = setUpThroughPages(user);

        HttpResponse<Buffer> wrong = PageRequests.post(client, user, "/account/two-step/off", Map.of("code", ""));
        HttpResponse<Buffer> off = PageRequests.post(client, user, "/account/two-step/off",
            Map.of("code", TwoStepTest.code(secret, TwoStepTest.steadyStep())));

        assertEquals(400, wrong.statusCode());
        assertEquals(303, off.statusCode(), off.bodyAsString());
        assertTrue(PageRequests.get(client, user, "/account/two-step?off=1").bodyAsString().contains("Two-step sign-in is off"));
    }

    private static HttpResponse<Buffer> signInForm(String csrf, String path, MultiMap form) {
        form.add("csrf", csrf);
        return await(client.post(path).followRedirects(false).putHeader("Accept", "text/html")
            .putHeader("Cookie", "hub_csrf=" + csrf).sendForm(form));
    }
}
