package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** A person's own sign-ins: listed with the device they came from, ended one by one or all but this one. */
class SignInsTest {

    private static final String CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final String SAFARI_ON_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
        + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    private static WebClient client;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
    }

    private static TestUser signInWith(String email, String userAgent) {
        HttpResponse<Buffer> response = await(client.post("/api/auth/login").putHeader("User-Agent", userAgent)
            .sendJsonObject(new JsonObject().put("email", email).put("password", TestUsers.PASSWORD)));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject user = response.bodyAsJsonObject().getJsonObject("user");
        return new TestUser(UUID.fromString(user.getString("id")), email, user.getString("displayName"),
            response.bodyAsJsonObject().getString("token"), TestUsers.cookie(response, "hub_session"),
            TestUsers.cookie(response, "hub_csrf"));
    }

    private static JsonArray sessions(TestUser as) {
        HttpResponse<Buffer> response = await(client.get("/api/me/sessions").putHeader("Authorization", as.bearer()).send());
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("sessions");
    }

    private static int delete(TestUser as, String path) {
        return await(client.delete(path).putHeader("Authorization", as.bearer()).send()).statusCode();
    }

    private static int me(TestUser as) {
        return await(client.get("/api/me").putHeader("Authorization", as.bearer()).send()).statusCode();
    }

    @Test
    void aPersonSeesEachOfTheirSignInsWithItsDeviceAndWhichOneTheyAreUsing() {
        TestUser laptop = TestUsers.create(client, "Lena Laptop");
        TestUser windows = signInWith(laptop.email(), CHROME_ON_WINDOWS);
        TestUser iphone = signInWith(laptop.email(), SAFARI_ON_IPHONE);

        JsonArray listed = sessions(iphone);

        List<String> devices = listed.stream().map(JsonObject.class::cast).map(s -> s.getString("device")).toList();
        assertTrue(devices.containsAll(List.of("Chrome on Windows", "Safari on iPhone")), devices.toString());
        JsonObject current = listed.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("current")).findFirst().orElseThrow();
        assertEquals("Safari on iPhone", current.getString("device"));
        assertEquals(SessionsTest.sessionOf(iphone.token()), current.getString("id"));
        assertEquals(1, listed.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("current")).count());
        assertFalse(sessions(TestUsers.create(client, "Otto Other")).stream().map(JsonObject.class::cast)
            .anyMatch(s -> s.getString("id").equals(current.getString("id"))), "nobody else sees them");
        assertEquals(200, me(windows));
    }

    @Test
    void endingOneSignInRefusesItsTokenAtOnceAndLeavesTheOthers() {
        TestUser first = TestUsers.create(client, "Eddie Ender");
        TestUser second = signInWith(first.email(), CHROME_ON_WINDOWS);
        String firstSession = SessionsTest.sessionOf(first.token());

        assertEquals(204, delete(second, "/api/me/sessions/" + firstSession));

        assertEquals(401, me(first), "the ended sign-in's token is refused at once");
        assertEquals(200, me(second));
        assertEquals(404, delete(second, "/api/me/sessions/" + firstSession), "already ended: as if it did not exist");
        assertTrue(await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM audit_log WHERE action = 'session.ended' AND actor_id = $1")
            .execute(Tuple.of(first.id()))).iterator().next().getLong(0) == 1, "recorded in the audit log");
    }

    @Test
    void someoneElsesSignInIsAnsweredExactlyAsOneThatDoesNotExist() {
        TestUser owner = TestUsers.create(client, "Olive Owner");
        TestUser stranger = TestUsers.create(client, "Stan Stranger");

        HttpResponse<Buffer> theirs = await(client.delete("/api/me/sessions/" + SessionsTest.sessionOf(owner.token()))
            .putHeader("Authorization", stranger.bearer()).send());
        HttpResponse<Buffer> nobodys = await(client.delete("/api/me/sessions/" + UUID.randomUUID())
            .putHeader("Authorization", stranger.bearer()).send());
        HttpResponse<Buffer> notAnId = await(client.delete("/api/me/sessions/not-an-id")
            .putHeader("Authorization", stranger.bearer()).send());

        assertEquals(404, theirs.statusCode());
        assertEquals(nobodys.bodyAsJsonObject().getJsonObject("error"), theirs.bodyAsJsonObject().getJsonObject("error"));
        assertEquals(404, notAnId.statusCode());
        assertEquals(200, me(owner), "the owner is still signed in");
    }

    @Test
    void signingOutEverywhereElseEndsEveryOtherSignInAndKeepsThisOne() {
        TestUser here = TestUsers.create(client, "Evelyn Everywhere");
        TestUser phone = signInWith(here.email(), SAFARI_ON_IPHONE);
        TestUser desk = signInWith(here.email(), CHROME_ON_WINDOWS);

        assertEquals(204, delete(here, "/api/me/sessions"));

        assertEquals(List.of(200, 401, 401), List.of(me(here), me(phone), me(desk)));
        assertEquals(1, sessions(here).size());
    }

    @Test
    void theSignedOutGet401() {
        assertEquals(401, await(client.get("/api/me/sessions").send()).statusCode());
        assertEquals(401, await(client.delete("/api/me/sessions").send()).statusCode());
        assertEquals(401, await(client.delete("/api/me/sessions/" + UUID.randomUUID()).send()).statusCode());
    }

    @Test
    void theAccountPageListsSignInsAndSignsOutOthersWithoutJavaScript() {
        TestUser here = TestUsers.create(client, "Paige Pages");
        TestUser phone = signInWith(here.email(), SAFARI_ON_IPHONE);
        TestUser desk = signInWith(here.email(), CHROME_ON_WINDOWS);

        HttpResponse<Buffer> page = PageRequests.get(client, here, "/account");
        assertEquals(200, page.statusCode());
        String html = page.bodyAsString();
        assertTrue(html.contains("<h1>Your account</h1>") && html.contains(here.email()));
        assertTrue(html.contains("Safari on iPhone") && html.contains("Chrome on Windows") && html.contains("This device"));
        assertTrue(html.contains("href=\"/account/password\"") && html.contains("href=\"/account/two-step\"")
            && html.contains("href=\"/account/your-data\""), "the settings are linked");

        HttpResponse<Buffer> one = PageRequests.post(client, here, "/account/sessions/" + SessionsTest.sessionOf(phone.token()) + "/end", Map.of());
        assertEquals(303, one.statusCode());
        assertEquals("/account?done=ended#sign-ins", one.getHeader("Location"));
        assertEquals(List.of(200, 401, 200), List.of(me(here), me(phone), me(desk)));
        assertTrue(PageRequests.get(client, here, "/account?done=ended").bodyAsString().contains("You have been signed out on that device"));

        HttpResponse<Buffer> rest = PageRequests.post(client, here, "/account/sessions/end-others", Map.of());
        assertEquals(303, rest.statusCode());
        assertEquals(List.of(200, 401), List.of(me(here), me(desk)));

        assertEquals(303, PageRequests.get(client, null, "/account").statusCode(), "the signed-out are sent to sign in");
        assertEquals(403, await(client.post("/account/sessions/end-others").putHeader("Cookie", here.cookieHeader()).send()).statusCode(),
            "a form post without the CSRF token is refused");
    }
}
