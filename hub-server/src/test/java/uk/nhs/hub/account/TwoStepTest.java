package uk.nhs.hub.account;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Two-step sign-in through the API, with codes made from the secret by the library's own generator, as an
 * authenticator app would make them.
 */
class TwoStepTest {

    private static WebClient client;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
    }

    /** A person with two-step sign-in on, and what setting it up gave them. */
    record OnUser(TestUser user, String secret, List<String> recoveryCodes) {
    }

    static String code(String secret, long step) {
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, step);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The current 30-second step, after waiting out the last two seconds of a step so a test never straddles one. */
    static long steadyStep() {
        long millis = System.currentTimeMillis();
        long intoStep = millis % 30_000;
        if (intoStep > 27_000) {
            try {
                Thread.sleep(30_000 - intoStep + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return System.currentTimeMillis() / 30_000;
    }

    static HttpResponse<Buffer> post(String path, TestUser user, JsonObject body) {
        return await(client.post(path).putHeader("Authorization", user.bearer()).sendJsonObject(body));
    }

    static HttpResponse<Buffer> login(String email) {
        return await(client.post("/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", TestUsers.PASSWORD)));
    }

    static HttpResponse<Buffer> secondStep(String challenge, String code) {
        return await(client.post("/api/auth/login/two-step")
            .sendJsonObject(new JsonObject().put("challenge", challenge).put("code", code)));
    }

    /** Sets up two-step sign-in, confirming with the code of the step before now so now's code is still unused. */
    static OnUser turnedOn(String name) {
        TestUser user = TestUsers.create(client, name);
        HttpResponse<Buffer> begun = await(client.post("/api/me/two-step").putHeader("Authorization", user.bearer()).send());
        assertEquals(200, begun.statusCode(), begun.bodyAsString());
        String secret = begun.bodyAsJsonObject().getString("secret");
        long step = steadyStep();
        HttpResponse<Buffer> confirmed = post("/api/me/two-step/confirm", user,
            new JsonObject().put("code", code(secret, step - 1)));
        assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
        JsonArray codes = confirmed.bodyAsJsonObject().getJsonArray("recoveryCodes");
        return new OnUser(user, secret, codes.stream().map(String::valueOf).toList());
    }

    static String challengeFor(String email) {
        HttpResponse<Buffer> response = login(email);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject body = response.bodyAsJsonObject();
        assertEquals(true, body.getBoolean("twoStepRequired"));
        assertNull(body.getString("token"), "no token before the code");
        return body.getString("challenge");
    }

    static String errorCode(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    static String errorField(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error").getString("field");
    }

    @Test
    void withTwoStepOnAnAccountIsErasedWithACodeInsteadOfThePasswordAndAWrongCodeErasesNothing() {
        OnUser on = turnedOn("Erin Erased");
        TestUser plain = TestUsers.create(client, "Pat Plain");

        HttpResponse<Buffer> wrong = await(client.delete("/api/me").putHeader("Authorization", on.user().bearer())
            .sendJsonObject(new JsonObject().put("code", "000000")));
        HttpResponse<Buffer> noTwoStep = await(client.delete("/api/me").putHeader("Authorization", plain.bearer())
            .sendJsonObject(new JsonObject().put("code", "123456")));
        assertEquals(400, wrong.statusCode());
        assertEquals("code", errorField(wrong));
        assertEquals(400, noTwoStep.statusCode());
        assertEquals("code", errorField(noTwoStep));
        assertEquals(200, await(client.get("/api/me").putHeader("Authorization", plain.bearer()).send()).statusCode());

        HttpResponse<Buffer> erased = await(client.delete("/api/me").putHeader("Authorization", on.user().bearer())
            .sendJsonObject(new JsonObject().put("code", on.recoveryCodes().get(0))));
        assertEquals(204, erased.statusCode(), erased.bodyAsString());
        assertEquals(401, await(client.get("/api/me").putHeader("Authorization", on.user().bearer()).send()).statusCode());
    }

    @Test
    void settingUpGivesASecretAndAnOtpauthAddressForAuthenticatorApps() {
        TestUser user = TestUsers.create(client, "Sam Setup");

        HttpResponse<Buffer> begun = await(client.post("/api/me/two-step").putHeader("Authorization", user.bearer()).send());

        assertEquals(200, begun.statusCode());
        String secret = begun.bodyAsJsonObject().getString("secret");
        String uri = begun.bodyAsJsonObject().getString("otpauthUri");
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
        assertTrue(uri.startsWith("otpauth://totp/"), uri);
        assertTrue(uri.contains("secret=" + secret) && uri.contains("digits=6") && uri.contains("period=30")
            && uri.contains("algorithm=SHA1") && uri.contains("issuer=Network"), uri);
        assertEquals(200, login(user.email()).statusCode());
        assertNotNull(login(user.email()).bodyAsJsonObject().getString("token"), "pending until confirmed");
    }

    @Test
    void confirmingWithACurrentCodeTurnsItOnAndGivesTenDifferentRecoveryCodes() {
        OnUser on = turnedOn("Connie Confirm");

        assertEquals(10, on.recoveryCodes().size());
        assertEquals(10, new HashSet<>(on.recoveryCodes()).size());
        HttpResponse<Buffer> again = await(client.post("/api/me/two-step").putHeader("Authorization", on.user().bearer()).send());
        assertEquals(409, again.statusCode(), "already on");
    }

    @Test
    void confirmingWithAWrongCodeIs400OnCodeAndLeavesItOff() {
        TestUser user = TestUsers.create(client, "Wanda Wrong");
        String secret = await(client.post("/api/me/two-step").putHeader("Authorization", user.bearer()).send())
            .bodyAsJsonObject().getString("secret");
        long step = steadyStep();

        HttpResponse<Buffer> wrong = post("/api/me/two-step/confirm", user, new JsonObject().put("code", code(secret, step + 3)));

        assertEquals(400, wrong.statusCode());
        assertEquals("code", errorField(wrong));
        assertNotNull(login(user.email()).bodyAsJsonObject().getString("token"));
    }

    @Test
    void confirmingBeforeStartingIs409() {
        TestUser user = TestUsers.create(client, "Nora Nothing");

        HttpResponse<Buffer> response = post("/api/me/two-step/confirm", user, new JsonObject().put("code", "123456"));

        assertEquals(409, response.statusCode());
    }

    @Test
    void withTwoStepOnThePasswordGivesAChallengeAndNoTokenOrCookie() {
        OnUser on = turnedOn("Carl Challenge");

        HttpResponse<Buffer> response = login(on.user().email());

        assertEquals(200, response.statusCode());
        assertEquals(true, response.bodyAsJsonObject().getBoolean("twoStepRequired"));
        assertNotNull(response.bodyAsJsonObject().getString("challenge"));
        assertFalse(response.bodyAsJsonObject().containsKey("token"));
        assertNull(TestUsers.cookie(response, "hub_session"));
    }

    @Test
    void theCurrentCodeCompletesSignInWithATokenThatWorks() {
        OnUser on = turnedOn("Cora Current");
        String challenge = challengeFor(on.user().email());

        HttpResponse<Buffer> done = secondStep(challenge, code(on.secret(), steadyStep()));

        assertEquals(200, done.statusCode(), done.bodyAsString());
        String token = done.bodyAsJsonObject().getString("token");
        assertEquals(on.user().id().toString(), done.bodyAsJsonObject().getJsonObject("user").getString("id"));
        assertNotNull(TestUsers.cookie(done, "hub_session"));
        assertEquals(200, await(client.get("/api/me").putHeader("Authorization", "Bearer " + token).send()).statusCode());
    }

    @Test
    void aCodeOneStepEitherSideOfNowIsAcceptedForClockDrift() {
        OnUser behind = turnedOn("Bea Behind");
        OnUser ahead = turnedOn("Adam Ahead");
        long step = steadyStep();

        // "behind" confirmed with step - 1, so its earliest unused step is now
        assertEquals(200, secondStep(challengeFor(ahead.user().email()), code(ahead.secret(), step + 1)).statusCode());
        OnUser fresh = turnedOnAt("Ben Behind", step - 2);
        assertEquals(200, secondStep(challengeFor(fresh.user().email()), code(fresh.secret(), steadyStep() - 1)).statusCode());
        assertEquals(200, secondStep(challengeFor(behind.user().email()), code(behind.secret(), steadyStep())).statusCode());
    }

    /** Sets up two-step sign-in, recording {@code usedStep} as the last step used, so later steps stay usable. */
    private static OnUser turnedOnAt(String name, long usedStep) {
        OnUser on = turnedOn(name);
        await(TestHub.get().pool().preparedQuery("UPDATE two_step SET last_step = $2 WHERE user_id = $1")
            .execute(io.vertx.sqlclient.Tuple.of(on.user().id(), usedStep)));
        return on;
    }

    @Test
    void aCodeTwoStepsFromNowIsRefused() {
        OnUser on = turnedOnAt("Tess Two Steps", 0);
        String challenge = challengeFor(on.user().email());
        long step = steadyStep();

        HttpResponse<Buffer> early = secondStep(challenge, code(on.secret(), step + 2));
        HttpResponse<Buffer> late = secondStep(challenge, code(on.secret(), step - 2));

        assertEquals(400, early.statusCode());
        assertEquals("code", errorField(early));
        assertEquals(400, late.statusCode());
    }

    @Test
    void aCodeIsAcceptedOnlyOnceEvenWithANewChallenge() {
        OnUser on = turnedOn("Ray Replay");
        String code = code(on.secret(), steadyStep());
        assertEquals(200, secondStep(challengeFor(on.user().email()), code).statusCode());

        HttpResponse<Buffer> replayed = secondStep(challengeFor(on.user().email()), code);

        assertEquals(400, replayed.statusCode());
        assertEquals("code", errorField(replayed));
    }

    @Test
    void anEarlierStepIsRefusedOnceALaterOneHasBeenUsed() {
        OnUser on = turnedOnAt("Lena Later", 0);
        long step = steadyStep();
        assertEquals(200, secondStep(challengeFor(on.user().email()), code(on.secret(), step + 1)).statusCode());

        assertEquals(400, secondStep(challengeFor(on.user().email()), code(on.secret(), step)).statusCode());
    }

    @Test
    void aRecoveryCodeSignsInOnceAndNeverAgain() {
        OnUser on = turnedOn("Rita Recovery");
        String recovery = on.recoveryCodes().get(3);

        HttpResponse<Buffer> first = secondStep(challengeFor(on.user().email()), recovery.toUpperCase());
        HttpResponse<Buffer> second = secondStep(challengeFor(on.user().email()), recovery);

        assertEquals(200, first.statusCode(), "case does not matter");
        assertEquals(400, second.statusCode());
        assertEquals(200, secondStep(challengeFor(on.user().email()), on.recoveryCodes().get(4)).statusCode());
    }

    @Test
    void aChallengeIsUsedUpByTheSignInItCompletes() {
        OnUser on = turnedOnAt("Una Used", 0);
        String challenge = challengeFor(on.user().email());
        long step = steadyStep();
        assertEquals(200, secondStep(challenge, code(on.secret(), step - 1)).statusCode());

        HttpResponse<Buffer> again = secondStep(challenge, code(on.secret(), step));

        assertEquals(400, again.statusCode());
        assertEquals("challenge", errorField(again));
    }

    @Test
    void aWrongCodeLeavesTheChallengeForAnotherTry() {
        OnUser on = turnedOn("Tia Try Again");
        String challenge = challengeFor(on.user().email());
        long step = steadyStep();

        assertEquals(400, secondStep(challenge, code(on.secret(), step + 5)).statusCode());
        assertEquals(200, secondStep(challenge, code(on.secret(), step)).statusCode());
    }

    @Test
    void aChallengeIsBoundToItsAccount() {
        OnUser alice = turnedOn("Alice Bound");
        OnUser bob = turnedOn("Bob Bound");
        String aliceChallenge = challengeFor(alice.user().email());

        HttpResponse<Buffer> response = secondStep(aliceChallenge, code(bob.secret(), steadyStep()));

        assertEquals(400, response.statusCode(), "Bob's code does not open Alice's sign-in");
        assertEquals(400, secondStep(aliceChallenge, bob.recoveryCodes().get(0)).statusCode());
    }

    @Test
    void anUnknownChallengeIs400OnChallenge() {
        HttpResponse<Buffer> response = secondStep("not-a-challenge", "123456");

        assertEquals(400, response.statusCode());
        assertEquals("challenge", errorField(response));
    }

    @Test
    void wrongCodesAreThrottledLikePasswords() {
        OnUser on = turnedOn("Theo Throttle");
        String challenge = challengeFor(on.user().email());
        long step = steadyStep();
        int limit = TestHub.get().config().security().login().maxFailuresPerAccount();
        for (int i = 0; i < limit; i++) {
            assertEquals(400, secondStep(challenge, code(on.secret(), step + 10 + i)).statusCode());
        }

        HttpResponse<Buffer> limited = secondStep(challenge, code(on.secret(), step));

        assertEquals(429, limited.statusCode(), "even the right code waits out the window");
        assertNotNull(limited.getHeader("Retry-After"));
        assertEquals(429, secondStep(challengeFor(on.user().email()), on.recoveryCodes().get(0)).statusCode());
    }

    @Test
    void turningItOffNeedsARightCodeAndThenThePasswordAloneSignsIn() {
        OnUser on = turnedOnAt("Otto Off", 0);
        long step = steadyStep();
        HttpResponse<Buffer> wrong = await(client.delete("/api/me/two-step").putHeader("Authorization", on.user().bearer())
            .sendJsonObject(new JsonObject().put("code", code(on.secret(), step + 4))));
        assertEquals(400, wrong.statusCode());
        assertEquals("code", errorField(wrong));

        HttpResponse<Buffer> off = await(client.delete("/api/me/two-step").putHeader("Authorization", on.user().bearer())
            .sendJsonObject(new JsonObject().put("code", code(on.secret(), step))));

        assertEquals(204, off.statusCode(), off.bodyAsString());
        assertNotNull(login(on.user().email()).bodyAsJsonObject().getString("token"));
        HttpResponse<Buffer> again = await(client.delete("/api/me/two-step").putHeader("Authorization", on.user().bearer())
            .sendJsonObject(new JsonObject().put("code", "123456")));
        assertEquals(409, again.statusCode());
    }

    @Test
    void aRecoveryCodeAlsoTurnsItOff() {
        OnUser on = turnedOn("Rob Recovery Off");

        HttpResponse<Buffer> off = await(client.delete("/api/me/two-step").putHeader("Authorization", on.user().bearer())
            .sendJsonObject(new JsonObject().put("code", on.recoveryCodes().get(9))));

        assertEquals(204, off.statusCode());
    }

    @Test
    void signedOutPeopleGet401FromEverySetUpEndpoint() {
        assertEquals(401, await(client.post("/api/me/two-step").send()).statusCode());
        assertEquals(401, await(client.post("/api/me/two-step/confirm").sendJsonObject(new JsonObject().put("code", "123456")))
            .statusCode());
        HttpResponse<Buffer> off = await(client.delete("/api/me/two-step").sendJsonObject(new JsonObject().put("code", "1")));
        assertEquals(401, off.statusCode());
        assertEquals("unauthenticated", errorCode(off));
    }

    @Test
    void theSecretIsOnlyEverTheCallersOwn() {
        OnUser on = turnedOn("Olive Own");
        TestUser other = TestUsers.create(client, "Oscar Other");

        HttpResponse<Buffer> response = post("/api/me/two-step/confirm", other, new JsonObject().put("code",
            code(on.secret(), steadyStep())));

        assertEquals(409, response.statusCode(), "another person's set-up cannot be confirmed");
    }

    @Test
    void aChallengeGivenBeforeTwoStepWasTurnedOffIsRefusedRatherThanFailing() {
        OnUser on = turnedOnAt("Fay Former", 0);
        String challenge = challengeFor(on.user().email());
        long step = steadyStep();
        assertEquals(204, await(client.delete("/api/me/two-step").putHeader("Authorization", on.user().bearer())
            .sendJsonObject(new JsonObject().put("code", code(on.secret(), step - 1)))).statusCode());

        HttpResponse<Buffer> late = secondStep(challenge, code(on.secret(), step));

        assertEquals(400, late.statusCode(), late.bodyAsString());
        assertEquals("challenge", errorField(late));
    }
}
