package uk.nhs.hub.account;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.Hub;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Password reset by emailed link: the answer never tells whether an address has an account, the link works once
 * and for an hour, and using it ends every sign-in of the person. Reset requests are limited per client address,
 * so the tests that make many of them do it on a hub of their own behind a trusted proxy.
 */
class PasswordResetTest {

    static final String NEW_PASSWORD = "violet harbour compass 31";
    private static final Pattern LINK = Pattern.compile("/reset-password\\?token=([A-Za-z0-9_-]+)");

    private static WebClient client;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
    }

    static HttpResponse<Buffer> requestReset(WebClient on, String email) {
        return await(on.post("/api/auth/password-reset").sendJsonObject(new JsonObject().put("email", email)));
    }

    static HttpResponse<Buffer> confirm(String token, String password) {
        return await(client.post("/api/auth/password-reset/confirm")
            .sendJsonObject(new JsonObject().put("token", token).put("password", password)));
    }

    private static HttpResponse<Buffer> login(String email, String password) {
        return await(client.post("/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", password)));
    }

    /** The reset emails queued for {@code email}, oldest first, waiting briefly: they are queued beside the answer. */
    static List<String> resetEmails(String email, int atLeast) {
        List<String> bodies = new ArrayList<>();
        for (int attempt = 0; attempt < 100; attempt++) {
            bodies.clear();
            await(TestHub.get().pool().preparedQuery(
                    "SELECT subject, body, html_body FROM outbox WHERE to_address = $1 ORDER BY id")
                .execute(Tuple.of(email))).forEach(row -> bodies.add(row.getString("subject") + "\n"
                    + row.getString("body") + "\n" + row.getString("html_body")));
            if (bodies.size() >= atLeast) {
                return bodies;
            }
            sleep(50);
        }
        return bodies;
    }

    /** The token in the newest reset email sent to {@code email}. */
    static String tokenFor(String email) {
        List<String> bodies = resetEmails(email, 1);
        assertTrue(!bodies.isEmpty(), "a reset email was queued for " + email);
        Matcher link = LINK.matcher(bodies.get(bodies.size() - 1));
        assertTrue(link.find(), bodies.get(bodies.size() - 1));
        return link.group(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }

    private static void assertInvalid(HttpResponse<Buffer> response, String field) {
        assertEquals(400, response.statusCode(), response.bodyAsString());
        assertEquals("invalid", error(response).getString("code"));
        assertEquals(field, error(response).getString("field"));
    }

    @Test
    void aResetLinkFromTheEmailSetsTheNewPasswordOnceAndEndsEverySignIn() {
        TestUser laptop = TestUsers.create(client, "Rita Reset");
        TestUser phone = TestUsers.signIn(client, laptop.email());

        HttpResponse<Buffer> asked = requestReset(client, laptop.email());

        assertEquals(202, asked.statusCode());
        assertEquals(PasswordService.REQUEST_ANSWER, asked.bodyAsJsonObject().getString("message"));
        String email = resetEmails(laptop.email(), 1).get(0);
        assertTrue(email.startsWith("Reset your password"), email);
        assertTrue(email.contains("Hello Rita Reset"), email);
        assertTrue(email.contains(TestHub.get().config().http().baseUrl() + "/reset-password?token="), email);
        String token = tokenFor(laptop.email());
        assertEquals(43, token.length(), "256 random bits, base64url");
        Row stored = await(TestHub.get().pool().preparedQuery(
                "SELECT token_hash, expires_at - created_at AS lifetime FROM password_resets WHERE user_id = $1")
            .execute(Tuple.of(laptop.id()))).iterator().next();
        assertNotEquals(token, stored.getString("token_hash"), "only the hash is stored");
        assertEquals(uk.nhs.hub.platform.SecretTokens.hash(token), stored.getString("token_hash"));

        assertEquals(204, confirm(token, NEW_PASSWORD).statusCode());

        assertEquals(401, await(client.get("/api/me").putHeader("Authorization", laptop.bearer()).send()).statusCode());
        assertEquals(401, await(client.get("/api/me").putHeader("Authorization", phone.bearer()).send()).statusCode());
        assertEquals(401, login(laptop.email(), TestUsers.PASSWORD).statusCode(), "the old password no longer works");
        assertEquals(200, login(laptop.email(), NEW_PASSWORD).statusCode());
        HttpResponse<Buffer> again = confirm(token, "another fresh passphrase 77");
        assertInvalid(again, "token");
        assertTrue(error(again).getString("message").contains("expired or has already been used"));
        Row audit = await(TestHub.get().pool().preparedQuery(
                "SELECT actor_id, subject, detail FROM audit_log WHERE action = 'password.reset' AND actor_id = $1")
            .execute(Tuple.of(laptop.id()))).iterator().next();
        assertEquals(laptop.email(), audit.getString("subject"));
        assertEquals(2, ((JsonObject) audit.getValue("detail")).getInteger("sessionsEnded"));
    }

    @Test
    void anUnknownAddressIsAnsweredTheSameAndNothingIsSent() {
        String nobody = TestUsers.uniqueEmail("Nobody Here");

        HttpResponse<Buffer> asked = requestReset(client, nobody);

        assertEquals(202, asked.statusCode());
        assertEquals(PasswordService.REQUEST_ANSWER, asked.bodyAsJsonObject().getString("message"));
        sleep(300);
        assertEquals(List.of(), resetEmails(nobody, 0));
    }

    @Test
    void anUnknownTokenIsRefusedOnTheTokenField() {
        assertInvalid(confirm("not-a-real-token-at-all", NEW_PASSWORD), "token");
        assertInvalid(confirm("", NEW_PASSWORD), "token");
        assertInvalid(await(client.post("/api/auth/password-reset/confirm")
            .sendJsonObject(new JsonObject().put("password", NEW_PASSWORD))), "token");
    }

    @Test
    void anExpiredLinkIsRefusedAndLeavesThePasswordAlone() {
        TestUser user = TestUsers.create(client, "Eddie Expired");
        requestReset(client, user.email());
        String token = tokenFor(user.email());
        // an hour has passed, by the database's clock that the expiry is set and checked by
        await(TestHub.get().pool().preparedQuery(
                "UPDATE password_resets SET created_at = created_at - interval '61 minutes',"
                    + " expires_at = expires_at - interval '61 minutes' WHERE user_id = $1")
            .execute(Tuple.of(user.id())));

        assertInvalid(confirm(token, NEW_PASSWORD), "token");

        assertEquals(200, login(user.email(), TestUsers.PASSWORD).statusCode());
        assertEquals(200, await(client.get("/api/me").putHeader("Authorization", user.bearer()).send()).statusCode());
    }

    @Test
    void aWeakNewPasswordIsRefusedOnThePasswordFieldAndTheLinkStaysUsable() {
        TestUser user = TestUsers.create(client, "Wendy Weak");
        requestReset(client, user.email());
        String token = tokenFor(user.email());

        HttpResponse<Buffer> shortOne = confirm(token, "too short");
        HttpResponse<Buffer> common = confirm(token, "password123456");
        HttpResponse<Buffer> personal = confirm(token, "wendy lantern orbit 58");

        assertInvalid(shortOne, "password");
        assertEquals("Password must be 12 characters or more", error(shortOne).getString("message"));
        assertInvalid(common, "password");
        assertTrue(error(common).getString("message").startsWith("Password is too easy to guess"));
        assertInvalid(personal, "password");
        assertEquals("Password must not contain your email address or name", error(personal).getString("message"));
        assertEquals(204, confirm(token, NEW_PASSWORD).statusCode());
    }

    @Test
    void limitsAreEnforcedPerAccountSilentlyAndPerClientAddressWith429() {
        Hub proxied = TestHub.get().startAnother(json ->
            json.getJsonObject("security").put("trustedProxies", new JsonArray().add("127.0.0.1")));
        try {
            WebClient viaProxy = WebClient.create(TestHub.get().vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(proxied.port()));
            TestUser user = TestUsers.create(client, "Lorna Limited");
            for (int i = 0; i < PasswordService.EMAILS_PER_ACCOUNT_PER_HOUR + 2; i++) {
                assertEquals(202, await(viaProxy.post("/api/auth/password-reset")
                    .putHeader("X-Forwarded-For", "198.51.100." + i)
                    .sendJsonObject(new JsonObject().put("email", user.email()))).statusCode(),
                    "every request is answered alike, sent or not");
            }
            sleep(500);
            assertEquals(PasswordService.EMAILS_PER_ACCOUNT_PER_HOUR, resetEmails(user.email(), 99).size());

            for (int i = 0; i < ResetRequestLimit.PER_CLIENT_ADDRESS; i++) {
                assertEquals(202, await(viaProxy.post("/api/auth/password-reset").putHeader("X-Forwarded-For", "192.0.2.5")
                    .sendJsonObject(new JsonObject().put("email", TestUsers.uniqueEmail("spray" + i)))).statusCode());
            }
            HttpResponse<Buffer> limited = await(viaProxy.post("/api/auth/password-reset")
                .putHeader("X-Forwarded-For", "192.0.2.5")
                .sendJsonObject(new JsonObject().put("email", TestUsers.uniqueEmail("one more"))));
            assertEquals(429, limited.statusCode());
            assertEquals("too_many_requests", error(limited).getString("code"));
            assertTrue(Long.parseLong(limited.getHeader("Retry-After")) > 0);
        } finally {
            await(proxied.stop());
        }
    }

    /**
     * Known and unknown addresses are answered after the same time: the lookup, token and email run beside a fixed
     * timer, not inside it. Measured over 50 requests of each, interleaved.
     */
    @Test
    void knownAndUnknownAddressesTakeTheSameTimeToAnswer() {
        Hub proxied = TestHub.get().startAnother(json ->
            json.getJsonObject("security").put("trustedProxies", new JsonArray().add("127.0.0.1")));
        try {
            WebClient viaProxy = WebClient.create(TestHub.get().vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(proxied.port()));
            List<TestUser> known = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                known.add(TestUsers.create(client, "Timing Known"));
            }
            long[] knownNanos = new long[50];
            long[] unknownNanos = new long[50];
            for (int i = 0; i < 50; i++) {
                knownNanos[i] = timed(viaProxy, "203.0.113." + i, known.get(i % known.size()).email());
                unknownNanos[i] = timed(viaProxy, "203.0.113." + (100 + i), TestUsers.uniqueEmail("timing unknown"));
            }
            double knownMean = mean(knownNanos);
            double unknownMean = mean(unknownNanos);
            System.out.printf("password-reset answer time over 50 each: known mean %.1f ms (median %.1f), "
                    + "unknown mean %.1f ms (median %.1f), difference %.2f ms%n", knownMean, median(knownNanos),
                unknownMean, median(unknownNanos), knownMean - unknownMean);
            assertTrue(Math.abs(median(knownNanos) - median(unknownNanos)) < 15,
                "medians differ by " + (median(knownNanos) - median(unknownNanos)) + " ms");
            assertTrue(median(unknownNanos) >= PasswordService.ANSWER_AFTER_MILLIS);
        } finally {
            await(proxied.stop());
        }
    }

    private static long timed(WebClient on, String from, String email) {
        long started = System.nanoTime();
        HttpResponse<Buffer> answer = await(on.post("/api/auth/password-reset").putHeader("X-Forwarded-For", from)
            .sendJsonObject(new JsonObject().put("email", email)));
        long took = System.nanoTime() - started;
        assertEquals(202, answer.statusCode());
        return took;
    }

    private static double mean(long[] nanos) {
        double total = 0;
        for (long n : nanos) {
            total += n;
        }
        return total / nanos.length / 1e6;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0 / 1e6;
    }
}
