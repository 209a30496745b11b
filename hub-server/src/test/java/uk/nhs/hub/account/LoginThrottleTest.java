package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.Hub;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.TooManyRequestsException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class LoginThrottleTest {

    private static WebClient client;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
    }

    private static HttpResponse<Buffer> login(WebClient client, String email, String password) {
        return await(client.post("/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", password)));
    }

    @Test
    void anAccountIsLockedForTheWindowAfterTooManyFailures() {
        TestUser user = TestUsers.create(client, "Gus Guessed");
        int limit = TestHub.get().config().security().login().maxFailuresPerAccount();
        for (int i = 0; i < limit; i++) {
            assertEquals(401, login(client, user.email(), "guess number " + i).statusCode());
        }

        HttpResponse<Buffer> locked = login(client, user.email(), TestUsers.PASSWORD);

        assertEquals(429, locked.statusCode(), "even the right password waits for the window");
        assertEquals("too_many_requests", locked.bodyAsJsonObject().getJsonObject("error").getString("code"));
        long retryAfter = Long.parseLong(locked.getHeader("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= TestHub.get().config().security().login().windowSeconds());
    }

    @Test
    void oneAddressIsLimitedAcrossAccounts() {
        Hub strict = TestHub.get().startAnother(json -> json.getJsonObject("security").getJsonObject("login")
            .put("maxFailuresPerAddress", 3));
        try {
            WebClient strictClient = WebClient.create(TestHub.get().vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(strict.port()));
            for (int i = 0; i < 3; i++) {
                assertEquals(401, login(strictClient, TestUsers.uniqueEmail("spray" + i), "Password1!").statusCode());
            }
            HttpResponse<Buffer> limited = login(strictClient, TestUsers.uniqueEmail("another"), "Password1!");
            assertEquals(429, limited.statusCode());
            assertTrue(limited.getHeader("Retry-After") != null);
        } finally {
            await(strict.stop());
        }
    }

    @Test
    void behindATrustedProxyEachClientIsCountedByItsOwnAddressAndCannotForgeAnother() {
        Hub proxied = TestHub.get().startAnother(json -> {
            json.getJsonObject("security").put("trustedProxies", new io.vertx.core.json.JsonArray().add("127.0.0.1"));
            json.getJsonObject("security").getJsonObject("login").put("maxFailuresPerAddress", 3);
        });
        try {
            WebClient viaProxy = WebClient.create(TestHub.get().vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(proxied.port()));
            for (int i = 0; i < 3; i++) {
                // the attacker varies the part of the chain it writes; the proxy appends what it saw
                assertEquals(401, loginVia(viaProxy, "198.51.100." + i + ", 203.0.113.9", TestUsers.uniqueEmail("spray" + i))
                    .statusCode());
            }
            assertEquals(429, loginVia(viaProxy, "192.0.2.77, 203.0.113.9", TestUsers.uniqueEmail("more")).statusCode());
            assertEquals(401, loginVia(viaProxy, "203.0.113.10", TestUsers.uniqueEmail("neighbour")).statusCode(),
                "someone else behind the same proxy is not locked out");
        } finally {
            await(proxied.stop());
        }
    }

    @Test
    void withoutATrustedProxyXForwardedForCannotDodgeTheLimit() {
        Hub direct = TestHub.get().startAnother(json -> json.getJsonObject("security").getJsonObject("login")
            .put("maxFailuresPerAddress", 3));
        try {
            WebClient client = WebClient.create(TestHub.get().vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(direct.port()));
            for (int i = 0; i < 3; i++) {
                assertEquals(401, loginVia(client, "198.51.100." + i, TestUsers.uniqueEmail("dodge" + i)).statusCode());
            }
            assertEquals(429, loginVia(client, "198.51.100.99", TestUsers.uniqueEmail("dodge")).statusCode());
        } finally {
            await(direct.stop());
        }
    }

    private static HttpResponse<Buffer> loginVia(WebClient client, String forwardedFor, String email) {
        return await(client.post("/api/auth/login").putHeader("X-Forwarded-For", forwardedFor)
            .sendJsonObject(new JsonObject().put("email", email).put("password", "Password1!")));
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2027-01-12T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theLockLiftsWhenTheWindowEnds() {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = new LoginThrottle(new HubConfig.LoginLimits(2, 100, 600), clock);
        throttle.recordFailure("a@b.nhs.uk", "10.0.0.1");
        throttle.recordFailure("a@b.nhs.uk", "10.0.0.1");

        TooManyRequestsException locked = assertThrows(TooManyRequestsException.class,
            () -> throttle.check("a@b.nhs.uk", "10.0.0.2"));
        assertEquals(600, locked.retryAfterSeconds());
        assertDoesNotThrow(() -> throttle.check("other@b.nhs.uk", "10.0.0.1"), "other accounts are unaffected");

        clock.advance(Duration.ofSeconds(599));
        assertEquals(1, assertThrows(TooManyRequestsException.class,
            () -> throttle.check("a@b.nhs.uk", "10.0.0.2")).retryAfterSeconds());
        clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrow(() -> throttle.check("a@b.nhs.uk", "10.0.0.2"));
    }

    @Test
    void aSuccessfulSignInClearsTheAccountsFailures() {
        LoginThrottle throttle = new LoginThrottle(new HubConfig.LoginLimits(2, 100, 600), new ManualClock());
        throttle.recordFailure("a@b.nhs.uk", "10.0.0.1");
        throttle.recordSuccess("a@b.nhs.uk");
        throttle.recordFailure("a@b.nhs.uk", "10.0.0.1");

        assertDoesNotThrow(() -> throttle.check("a@b.nhs.uk", "10.0.0.1"));
    }
}
