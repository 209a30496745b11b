package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.Hub;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Single sign-on against a real OpenID Connect provider running in the test (mock-oauth2-server: discovery,
 * signed ID tokens, the authorization code flow), driven as a browser would: start, the provider's redirect,
 * the callback.
 */
class SingleSignOnTest {

    private static final String PROVIDER = "nhsmail";
    private static final String CLIENT = "network-hub";

    private static MockOAuth2Server server;
    private static Hub hub;
    private static WebClient browser;
    private static String issuer;

    @BeforeAll
    static void start() {
        server = new MockOAuth2Server();
        server.start();
        issuer = server.issuerUrl(PROVIDER).toString();
        int port = freePort();
        hub = TestHub.get().startAnother(json -> json.put("oidc", new JsonObject().put("issuer", issuer)
            .put("clientId", CLIENT).put("clientSecret", "a client secret").put("displayName", "NHSmail")
            .put("organisationClaim", "organisation"))
            // the provider sends the browser back to the base address, so it must be this hub's real one
            .put("http", json.getJsonObject("http").put("port", port).put("baseUrl", "http://localhost:" + port)));
        browser = WebClient.create(TestHub.get().vertx(), new WebClientOptions().setFollowRedirects(false));
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void inABrowserTheSignInPageOffersTheProviderAndARefusalSaysWhyWithNoAccessibilityProblems() throws Exception {
        claims("subject-browser", Map.of("email", TestUsers.uniqueEmail("browser sso"), "email_verified", true, "name", "Bea Browser"));
        uk.nhs.hub.BrowserScripts.run("single-sign-on.mjs", "http://localhost:" + hub.port());
    }

    @AfterAll
    static void stop() {
        await(hub.stop());
        server.shutdown();
    }

    /** One browser's cookies for the hub. */
    private static final class Browser {
        final Map<String, String> cookies = new HashMap<>();

        HttpResponse<Buffer> hub(String pathAndQuery) {
            var request = browser.get(hub.port(), "127.0.0.1", pathAndQuery);
            if (!cookies.isEmpty()) {
                request.putHeader("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            HttpResponse<Buffer> response = await(request.send());
            for (String set : response.cookies()) {
                String pair = set.split(";", 2)[0];
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            return response;
        }
    }

    /** The provider's answer to an authorization request: the callback's path and query it sends the browser to. */
    private static String provider(String authorizeUrl) {
        HttpResponse<Buffer> answer = await(browser.getAbs(authorizeUrl).send());
        assertEquals(302, answer.statusCode(), answer.bodyAsString());
        URI callback = URI.create(answer.getHeader("Location"));
        assertEquals("/auth/oidc/callback", callback.getPath());
        return callback.getRawPath() + "?" + callback.getRawQuery();
    }

    private static void claims(String subject, Map<String, Object> claims) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(PROVIDER, subject, "JWT", List.of(CLIENT), claims, 3600));
    }

    private static String signedInEmail(Browser person) {
        HttpResponse<Buffer> me = person.hub("/api/me");
        return me.statusCode() == 200 ? me.bodyAsJsonObject().getString("email") : null;
    }

    private static long count(String sql, Object... params) {
        return await(TestHub.get().pool().preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
    }

    @Test
    void theSignInPageOffersTheProviderByName() {
        assertTrue(new Browser().hub("/sign-in").bodyAsString().contains("Sign in with NHSmail"));
        assertTrue(!TestHub.get().client().get("/sign-in").send().toCompletionStage().toCompletableFuture().join()
            .bodyAsString().contains("Sign in with"), "a hub with no provider configured offers none");
    }

    @Test
    void aFirstSignInWithAVerifiedEmailCreatesTheAccountAndLaterOnesFindItBySubject() {
        String email = TestUsers.uniqueEmail("priya sso");
        claims("subject-priya", Map.of("email", email, "email_verified", true, "name", "Priya Shah", "organisation", "Leeds Teaching Hospitals"));
        Browser priya = new Browser();

        HttpResponse<Buffer> started = priya.hub("/auth/oidc/start?returnTo=/calendar");
        assertEquals(302, started.statusCode());
        String authorize = started.getHeader("Location");
        assertTrue(authorize.startsWith(issuer + "/authorize?"), authorize);
        assertTrue(authorize.contains("code_challenge_method=S256") && authorize.contains("nonce=") && authorize.contains("state="), authorize);
        HttpResponse<Buffer> back = priya.hub(provider(authorize));

        assertEquals(303, back.statusCode(), back.bodyAsString());
        assertEquals("/calendar", back.getHeader("Location"));
        assertEquals(email, signedInEmail(priya));
        assertEquals(1, count("SELECT count(*) FROM users WHERE email = $1 AND display_name = 'Priya Shah' "
            + "AND organisation = 'Leeds Teaching Hospitals'", email));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE action = 'account.oidc-created' AND subject = $1", email));
        HttpResponse<Buffer> password = await(TestHub.get().client().post("/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", "unusable:anything at all")));
        assertEquals(401, password.statusCode(), "an account made by single sign-on has no password until one is set");

        claims("subject-priya", Map.of("email", "changed." + email, "email_verified", true, "name", "Priya Shah"));
        Browser later = new Browser();
        assertEquals(303, later.hub(provider(later.hub("/auth/oidc/start").getHeader("Location"))).statusCode());
        assertEquals(email, signedInEmail(later), "the same account, found by issuer and subject");
    }

    @Test
    void aVerifiedEmailLinksToTheExistingAccountWithThatAddress() {
        TestUser tom = TestUsers.create(TestHub.get().client(), "Tom Reid");
        claims("subject-tom", Map.of("email", tom.email().toUpperCase(), "email_verified", true, "name", "Tom R"));
        Browser browserOfTom = new Browser();

        assertEquals(303, browserOfTom.hub(provider(browserOfTom.hub("/auth/oidc/start").getHeader("Location"))).statusCode());

        assertEquals(tom.email(), signedInEmail(browserOfTom));
        assertEquals(1, count("SELECT count(*) FROM oidc_identities WHERE user_id = $1", tom.id()));
    }

    @Test
    void anUnverifiedEmailNeverTakesOverOrCreatesAnAccount() {
        TestUser victim = TestUsers.create(TestHub.get().client(), "Vera Victim");
        claims("subject-mallory", Map.of("email", victim.email(), "email_verified", false, "name", "Mallory"));
        Browser mallory = new Browser();

        HttpResponse<Buffer> refused = mallory.hub(provider(mallory.hub("/auth/oidc/start").getHeader("Location")));

        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("Your email address could not be confirmed"), refused.bodyAsString());
        assertEquals(null, signedInEmail(mallory));
        assertEquals(0, count("SELECT count(*) FROM oidc_identities WHERE subject = 'subject-mallory'"));
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() {
        // no claims are queued at the provider: neither callback gets as far as exchanging the code
        Browser person = new Browser();
        String callback = provider(person.hub("/auth/oidc/start").getHeader("Location"));

        HttpResponse<Buffer> forged = person.hub(callback.replaceAll("state=[^&]+", "state=not-the-state-this-browser-started"));
        HttpResponse<Buffer> elsewhere = new Browser().hub(callback);

        assertEquals(400, forged.statusCode());
        assertEquals(400, elsewhere.statusCode(), "a callback started in another browser");
        assertTrue(elsewhere.bodyAsString().contains("was not started in this browser"));
        assertEquals(null, signedInEmail(person));
    }

    @Test
    void aReplayedCallbackIsRefused() {
        claims("subject-replay", Map.of("email", TestUsers.uniqueEmail("replay"), "email_verified", true));
        Browser person = new Browser();
        String cookie;
        HttpResponse<Buffer> started = person.hub("/auth/oidc/start");
        cookie = person.cookies.get("hub_oidc");
        String callback = provider(started.getHeader("Location"));
        assertEquals(303, person.hub(callback).statusCode());

        Browser replayer = new Browser();
        replayer.cookies.put("hub_oidc", cookie);
        HttpResponse<Buffer> replayed = replayer.hub(callback);

        assertEquals(400, replayed.statusCode());
        assertTrue(replayed.bodyAsString().contains("used already"), replayed.bodyAsString());
        assertEquals(null, signedInEmail(replayer));
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        claims("subject-nonce", Map.of("email", TestUsers.uniqueEmail("nonce"), "email_verified", true));
        Browser person = new Browser();
        String authorize = person.hub("/auth/oidc/start").getHeader("Location");
        // a code obtained for another sign-in's nonce, brought to this one
        String forged = authorize.replaceAll("nonce=[^&]+", "nonce=a-nonce-this-sign-in-never-made");

        HttpResponse<Buffer> refused = person.hub(provider(forged));

        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("did not belong to this sign-in"), refused.bodyAsString());
        assertEquals(null, signedInEmail(person));
        assertTrue(count("SELECT count(*) FROM audit_log WHERE action = 'sign-in.oidc-refused' AND detail->>'reason' = 'nonce'") >= 1);
    }

    @Test
    void theProviderRefusingIsExplainedAndAudited() {
        Browser person = new Browser();
        String authorize = person.hub("/auth/oidc/start").getHeader("Location");
        String state = URI.create(authorize).getQuery().replaceAll(".*state=([^&]+).*", "$1");

        HttpResponse<Buffer> refused = person.hub("/auth/oidc/callback?error=access_denied&state=" + state);

        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("NHSmail did not sign you in"), refused.bodyAsString());
        assertNotNull(refused.bodyAsString());
    }
}
