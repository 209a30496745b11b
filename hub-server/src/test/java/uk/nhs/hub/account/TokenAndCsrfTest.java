package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static uk.nhs.hub.TestHub.await;

class TokenAndCsrfTest {

    private static WebClient client;
    private static TestUser user;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        user = TestUsers.create(client, "Tess Token");
    }

    /** Signs claims with the hub's own key (or another), as a forger holding that key could. */
    private static String sign(JsonObject claims, byte[] key) {
        JWTAuth jwt = JWTAuth.create(TestHub.get().vertx(), new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Base64.getEncoder().encodeToString(key))));
        return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
    }

    private static byte[] hubKey() throws Exception {
        return AccessTokens.loadOrCreateKey(TestHub.get().config().jwtKeyFile());
    }

    private static JsonObject claims(long expiresAtEpochSecond) {
        return new JsonObject().put("sub", user.id().toString()).put("email", user.email())
            .put("name", user.displayName()).put("iss", AccessTokens.ISSUER).put("exp", expiresAtEpochSecond)
            .put("sid", SessionsTest.sessionOf(user.token()));
    }

    private static HttpResponse<Buffer> me(String authorization) {
        return await(client.get("/api/me").putHeader("Authorization", authorization).send());
    }

    @Test
    void aTamperedTokenIs401() {
        String[] parts = user.token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
        String forgedPayload = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(payload.replace(user.displayName(), "Someone Else").getBytes());

        HttpResponse<Buffer> response = me("Bearer " + parts[0] + "." + forgedPayload + "." + parts[2]);

        assertEquals(401, response.statusCode());
        assertEquals("unauthenticated", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        String expired = sign(claims(Instant.now().minusSeconds(120).getEpochSecond()), hubKey());
        assertEquals(401, me("Bearer " + expired).statusCode());
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() {
        byte[] otherKey = new byte[64];
        String foreign = sign(claims(Instant.now().plusSeconds(600).getEpochSecond()), otherKey);
        assertEquals(401, me("Bearer " + foreign).statusCode());
    }

    @Test
    void aTokenFromAnotherIssuerIs401() throws Exception {
        String other = sign(claims(Instant.now().plusSeconds(600).getEpochSecond()).put("iss", "elsewhere"), hubKey());
        assertEquals(401, me("Bearer " + other).statusCode());
    }

    @Test
    void aTokenNamingNoSessionIs401EvenWhenProperlySigned() throws Exception {
        JsonObject claims = claims(Instant.now().plusSeconds(600).getEpochSecond());
        claims.remove("sid");
        String sessionless = sign(claims, hubKey());
        String unknownSession = sign(claims(Instant.now().plusSeconds(600).getEpochSecond())
            .put("sid", java.util.UUID.randomUUID().toString()), hubKey());

        assertEquals(401, me("Bearer " + sessionless).statusCode(), "tokens from before sessions cannot be ended, so are not trusted");
        assertEquals(401, me("Bearer " + unknownSession).statusCode());
        HttpResponse<Buffer> cookie = await(client.get("/api/me").putHeader("Cookie", "hub_session=" + sessionless).send());
        assertEquals(401, cookie.statusCode());
        assertEquals("", TestUsers.cookie(cookie, "hub_session"), "the useless cookie is cleared");
    }

    @Test
    void aMalformedAuthorizationHeaderIs401() {
        assertEquals(401, me("Basic dXNlcjpwYXNz").statusCode());
        assertEquals(401, me("Bearer not.a.jwt").statusCode());
    }

    @Test
    void anExpiredCookieIsDroppedAndTheRequestIsAnonymous() throws Exception {
        String expired = sign(claims(Instant.now().minusSeconds(120).getEpochSecond()), hubKey());
        HttpResponse<Buffer> response = await(client.get("/api/me").putHeader("Cookie", "hub_session=" + expired).send());
        assertEquals(401, response.statusCode());
        assertEquals("", TestUsers.cookie(response, "hub_session"), "the stale cookie is cleared");
    }

    @Test
    void aCookieTokenPastHalfItsLifeIsRefreshed() throws Exception {
        String ageing = sign(claims(Instant.now().plusSeconds(60).getEpochSecond()), hubKey());
        String fresh = sign(claims(Instant.now().plusSeconds(29 * 60).getEpochSecond()), hubKey());

        HttpResponse<Buffer> refreshed = await(client.get("/api/me").putHeader("Cookie", "hub_session=" + ageing).send());
        HttpResponse<Buffer> untouched = await(client.get("/api/me").putHeader("Cookie", "hub_session=" + fresh).send());

        assertEquals(200, refreshed.statusCode());
        String renewed = TestUsers.cookie(refreshed, "hub_session");
        assertNotNull(renewed, "a new cookie is issued");
        assertNotEquals(ageing, renewed);
        assertEquals(200, me("Bearer " + renewed).statusCode(), "the renewed token is valid");
        assertEquals(SessionsTest.sessionOf(ageing), SessionsTest.sessionOf(renewed), "and belongs to the same session");
        assertEquals(200, untouched.statusCode());
        assertNull(TestUsers.cookie(untouched, "hub_session"), "a young token is left alone");
    }

    @Test
    void aCookieAuthenticatedUnsafeRequestWithoutTheCsrfTokenIsRefused() {
        TestUser other = TestUsers.create(client, "Cora Csrf");
        HttpResponse<Buffer> response = await(client.post("/api/auth/logout")
            .putHeader("Cookie", other.cookieHeader()).send());

        assertEquals(403, response.statusCode());
        assertEquals("csrf", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }

    @Test
    void aCsrfTokenThatDoesNotMatchTheCookieIsRefused() {
        TestUser other = TestUsers.create(client, "Mick Mismatch");
        TestUser third = TestUsers.create(client, "Third Party");
        HttpResponse<Buffer> response = await(client.post("/api/auth/logout")
            .putHeader("Cookie", other.cookieHeader())
            .putHeader("X-CSRF-Token", third.csrfCookie()).send());

        assertEquals(403, response.statusCode());
    }

    @Test
    void aForgedCsrfCookieAndHeaderPairIsRefused() {
        TestUser other = TestUsers.create(client, "Fay Forge");
        String forged = "abcdefghijklmnopqrstuvwx.notasignature";
        HttpResponse<Buffer> response = await(client.post("/api/auth/logout")
            .putHeader("Cookie", "hub_session=" + other.sessionCookie() + "; hub_csrf=" + forged)
            .putHeader("X-CSRF-Token", forged).send());

        assertEquals(403, response.statusCode());
    }

    @Test
    void aCookieAuthenticatedRequestWithTheMatchingTokenIsAccepted() {
        TestUser other = TestUsers.create(client, "Carl Correct");
        HttpResponse<Buffer> response = await(client.post("/api/auth/logout")
            .putHeader("Cookie", other.cookieHeader())
            .putHeader("X-CSRF-Token", other.csrfCookie()).send());

        assertEquals(204, response.statusCode());
    }

    @Test
    void bearerRequestsNeedNoCsrfToken() {
        TestUser other = TestUsers.create(client, "Bea Bearer");
        HttpResponse<Buffer> response = await(client.post("/api/auth/logout")
            .putHeader("Authorization", other.bearer()).send());

        assertEquals(204, response.statusCode());
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() {
        HttpResponse<Buffer> response = await(client.post("/sign-in")
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .putHeader("Accept", "text/html")
            .sendBuffer(Buffer.buffer("email=a%40b.nhs.uk&password=whatever")));

        assertEquals(403, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.getHeader("Content-Type"));
    }
}
