package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The "Your account" page as a browser without JavaScript uses it: plain links and form posts. */
class YourAccountPagesTest {

    private static final String FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private static WebClient client;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
    }

    private static String signInFrom(String email, String userAgent) {
        return await(client.post("/api/auth/login").putHeader("User-Agent", userAgent)
            .sendJsonObject(new JsonObject().put("email", email).put("password", TestUsers.PASSWORD)))
            .bodyAsJsonObject().getString("token");
    }

    private static int me(String token) {
        return await(client.get("/api/me").putHeader("Authorization", "Bearer " + token).send()).statusCode();
    }

    private static Document page(TestUser as) {
        HttpResponse<Buffer> response = PageRequests.get(client, as, "/account");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return Jsoup.parse(response.bodyAsString());
    }

    @Test
    void someoneSignedOutIsSentToSignInAndBackHere() {
        HttpResponse<Buffer> response = PageRequests.get(client, null, "/account");

        assertEquals(303, response.statusCode());
        assertEquals("/sign-in?returnTo=%2Faccount", response.getHeader("Location"));
    }

    @Test
    void thePageShowsWhoThePersonIsAndEachSignInWithThisDeviceTagged() {
        HttpResponse<Buffer> registered = await(client.post("/api/auth/register").sendJsonObject(new JsonObject()
            .put("email", TestUsers.uniqueEmail("Paula Page")).put("password", TestUsers.PASSWORD)
            .put("displayName", "Paula Page").put("organisation", "Leeds Teaching Hospitals NHS Trust")));
        TestUser user = TestUsers.signIn(client, registered.bodyAsJsonObject().getString("email"));
        String other = signInFrom(user.email(), FIREFOX_LINUX);

        Document page = page(user);

        assertEquals("Your account", page.selectFirst("h1").text());
        String details = page.selectFirst("dl.nhsuk-summary-list").text();
        assertTrue(details.contains("Paula Page") && details.contains(user.email())
            && details.contains("Leeds Teaching Hospitals NHS Trust"), details);
        List<Element> rows = page.select("[data-sign-ins] .nhsuk-summary-list__row");
        assertEquals(2, rows.size());
        Element current = page.selectFirst("[data-session-id=" + SessionsTest.sessionOf(user.token()) + "]");
        assertNotNull(current.selectFirst(".nhsuk-tag:contains(This device)"));
        assertTrue(current.select("form").isEmpty(), "no sign-out button for this device");
        Element firefox = page.selectFirst("[data-session-id=" + SessionsTest.sessionOf(other) + "]");
        assertTrue(firefox.text().startsWith("Firefox on Linux"), firefox.text());
        assertTrue(firefox.text().matches(".*Signed in \\d{1,2} \\w+ \\d{4} at \\d{1,2}(:\\d{2})?(am|pm).*"), firefox.text());
        assertTrue(firefox.text().contains("Last active"), firefox.text());
        assertTrue(firefox.text().contains("From address 127.0.0.1"), firefox.text());
        assertEquals("Sign out of Firefox on Linux, signed in " + firefox.text().replaceAll(".*Signed in (.*?) Last active.*", "$1"),
            firefox.selectFirst("button").text());
        assertNotNull(page.selectFirst("form[action=/account/sessions/sign-out-others] button:contains(Sign out everywhere else)"));
    }

    @Test
    void theHeaderLinksToYourAccountForSignedInPeopleOnly() {
        TestUser user = TestUsers.create(client, "Hettie Header");

        Element link = Jsoup.parse(PageRequests.get(client, user, "/").bodyAsString())
            .selectFirst(".nhsuk-header__account a[href=/account]");
        Element signedOut = Jsoup.parse(PageRequests.get(client, null, "/sign-in").bodyAsString())
            .selectFirst("a[href=/account]");

        assertNotNull(link);
        assertEquals("Your account: Hettie Header", link.text());
        assertEquals(null, signedOut);
    }

    @Test
    void signingOutAnotherDeviceEndsItAndSaysSo() {
        TestUser user = TestUsers.create(client, "Dora Device");
        String other = signInFrom(user.email(), FIREFOX_LINUX);

        HttpResponse<Buffer> posted = PageRequests.post(client, user,
            "/account/sessions/" + SessionsTest.sessionOf(other) + "/sign-out", Map.of());

        assertEquals(303, posted.statusCode());
        assertEquals("/account?ended=1", posted.getHeader("Location"));
        assertEquals(401, me(other));
        assertEquals(200, me(user.token()));
        Document page = Jsoup.parse(PageRequests.get(client, user, "/account?ended=1").bodyAsString());
        assertEquals("You have signed out of that device", page.selectFirst(".nhsuk-notification-banner__heading").text());
        assertEquals(1, page.select("[data-sign-ins] .nhsuk-summary-list__row").size());
        assertNotNull(page.selectFirst("p:contains(You are not signed in anywhere else)"));
    }

    @Test
    void signingOutEverywhereElseKeepsOnlyThisDevice() {
        TestUser user = TestUsers.create(client, "Wendy Wide");
        String firefox = signInFrom(user.email(), FIREFOX_LINUX);
        String another = signInFrom(user.email(), FIREFOX_LINUX);

        HttpResponse<Buffer> posted = PageRequests.post(client, user, "/account/sessions/sign-out-others", Map.of());

        assertEquals(303, posted.statusCode());
        assertEquals("/account?endedOthers=2", posted.getHeader("Location"));
        assertEquals(List.of(401, 401, 200), List.of(me(firefox), me(another), me(user.token())));
        assertEquals("You have signed out everywhere else", Jsoup.parse(PageRequests.get(client, user,
            "/account?endedOthers=2").bodyAsString()).selectFirst(".nhsuk-notification-banner__heading").text());
    }

    @Test
    void signingOutThisDeviceFromTheListReturnsToSignIn() {
        TestUser user = TestUsers.create(client, "Tina This");

        HttpResponse<Buffer> posted = PageRequests.post(client, user,
            "/account/sessions/" + SessionsTest.sessionOf(user.token()) + "/sign-out", Map.of());

        assertEquals(303, posted.statusCode());
        assertEquals("/sign-in?signedOut=1", posted.getHeader("Location"));
        assertEquals("", TestUsers.cookie(posted, "hub_session"));
        assertEquals(401, me(user.token()));
    }

    @Test
    void anotherPersonsSignInIsANotFoundPageLikeAnUnknownOneAndStaysSignedIn() {
        TestUser owner = TestUsers.create(client, "Oscar Owner");
        TestUser intruder = TestUsers.create(client, "Iris Intruder");

        HttpResponse<Buffer> theirs = PageRequests.post(client, intruder,
            "/account/sessions/" + SessionsTest.sessionOf(owner.token()) + "/sign-out", Map.of());
        HttpResponse<Buffer> unknown = PageRequests.post(client, intruder,
            "/account/sessions/" + UUID.randomUUID() + "/sign-out", Map.of());

        assertEquals(404, theirs.statusCode());
        assertEquals(404, unknown.statusCode());
        assertEquals(Jsoup.parse(unknown.bodyAsString()).selectFirst("main").text().replaceAll("[0-9a-f-]{36}", ""),
            Jsoup.parse(theirs.bodyAsString()).selectFirst("main").text().replaceAll("[0-9a-f-]{36}", ""));
        assertEquals(200, me(owner.token()));
        assertFalse(Jsoup.parse(PageRequests.get(client, intruder, "/account").bodyAsString()).html()
            .contains(SessionsTest.sessionOf(owner.token())));
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenEndsNothing() {
        TestUser user = TestUsers.create(client, "Cyril Csrf");
        String other = signInFrom(user.email(), FIREFOX_LINUX);

        HttpResponse<Buffer> forged = await(client.post("/account/sessions/sign-out-others").followRedirects(false)
            .putHeader("Cookie", user.cookieHeader()).putHeader("Accept", "text/html")
            .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap()));

        assertEquals(403, forged.statusCode());
        assertEquals(200, me(other));
    }
}
