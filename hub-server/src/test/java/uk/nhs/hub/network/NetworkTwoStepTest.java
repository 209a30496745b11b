package uk.nhs.hub.network;

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

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * A network that requires two-step sign-in holds back its organisers and central team until they turn it on,
 * tried as every kind of caller; members, guests and everyone else are unaffected.
 */
class NetworkTwoStepTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser organiserWithout;
    private static TestUser central;
    private static TestUser centralWithout;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static UUID network;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = withTwoStep(TestUsers.create(client, "Olga Organiser"));
        organiserWithout = TestUsers.create(client, "Omar Without");
        central = withTwoStep(TestUsers.create(client, "Cleo Central"));
        centralWithout = TestUsers.create(client, "Cyril Without");
        member = TestUsers.create(client, "Mia Member");
        guest = TestUsers.create(client, "Gus Guest");
        outsider = TestUsers.create(client, "Otis Outsider");
        HttpResponse<Buffer> created = send("POST", "/api/networks", organiser, new JsonObject().put("name", "Secure network")
            .put("slug", NetworkFixtures.uniqueSlug("secure")).put("visibility", "private").put("requireTwoStep", true));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertEquals(true, created.bodyAsJsonObject().getBoolean("requireTwoStep"));
        network = NetworkFixtures.id(created.bodyAsJsonObject());
        NetworkFixtures.addMember(client, organiser, network, organiserWithout, "organiser", null);
        NetworkFixtures.addMember(client, organiser, network, central, "central", null);
        NetworkFixtures.addMember(client, organiser, network, centralWithout, "central", null);
        NetworkFixtures.addMember(client, organiser, network, member, "member", null);
        NetworkFixtures.addMember(client, organiser, network, guest, "guest", null);
    }

    /** Turns two-step sign-in on through the API, as the person would with their app. */
    static TestUser withTwoStep(TestUser user) {
        String secret = send("POST", "/api/me/two-step", user, null).bodyAsJsonObject().getString("secret");
        String code;
        try {
            code = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, System.currentTimeMillis() / 30_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<Buffer> confirmed = send("POST", "/api/me/two-step/confirm", user, new JsonObject().put("code", code));
        assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
        return user;
    }

    static HttpResponse<Buffer> send(String method, String path, TestUser user, JsonObject body) {
        var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), path);
        if (user != null) {
            request.putHeader("Authorization", user.bearer());
        }
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    static HttpResponse<Buffer> rename(TestUser user) {
        return send("PATCH", "/api/networks/" + network, user, new JsonObject().put("description", "Changed by a test"));
    }

    static String code(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    @Test
    void anOrganiserWithoutTwoStepGets403TwoStepRequiredForOrganiserActions() {
        HttpResponse<Buffer> edit = rename(organiserWithout);
        HttpResponse<Buffer> invite = send("POST", "/api/networks/" + network + "/invitations", organiserWithout,
            new JsonObject().put("email", TestUsers.uniqueEmail("invitee")).put("role", "member"));

        assertEquals(403, edit.statusCode());
        assertEquals("two_step_required", code(edit));
        assertTrue(edit.bodyAsJsonObject().getJsonObject("error").getString("message").contains("/account/two-step"));
        assertEquals(403, invite.statusCode());
        assertEquals("two_step_required", code(invite));
    }

    @Test
    void anOrganiserWithoutTwoStepStillSeesTheNetworkButMayNotEditIt() {
        HttpResponse<Buffer> shown = send("GET", "/api/networks/" + network, organiserWithout, null);

        assertEquals(200, shown.statusCode());
        assertEquals(true, shown.bodyAsJsonObject().getBoolean("requireTwoStep"));
        assertFalse(shown.bodyAsJsonObject().getJsonObject("permissions").getBoolean("edit"));
        assertFalse(shown.bodyAsJsonObject().getJsonObject("permissions").getBoolean("createChild"));
    }

    @Test
    void anOrganiserWithTwoStepActsAsUsual() {
        assertEquals(200, rename(organiser).statusCode());
        assertTrue(send("GET", "/api/networks/" + network, organiser, null).bodyAsJsonObject()
            .getJsonObject("permissions").getBoolean("edit"));
    }

    @Test
    void aCentralMemberWithoutTwoStepMayNeitherCreateANetworkInsideNorBroadcast() {
        HttpResponse<Buffer> child = send("POST", "/api/networks", centralWithout, new JsonObject().put("name", "Child")
            .put("slug", NetworkFixtures.uniqueSlug("child")).put("visibility", "private").put("parentId", network.toString()));
        HttpResponse<Buffer> broadcast = send("POST", "/api/broadcasts", centralWithout, new JsonObject()
            .put("networkId", network.toString()).put("title", "Guidance").put("body", "Read this")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(network.toString()))));

        assertEquals(403, child.statusCode(), child.bodyAsString());
        assertEquals("two_step_required", code(child));
        assertEquals(403, broadcast.statusCode(), broadcast.bodyAsString());
        assertEquals("two_step_required", code(broadcast));
    }

    @Test
    void aCentralMemberWithTwoStepMayCreateANetworkInside() {
        HttpResponse<Buffer> child = send("POST", "/api/networks", central, new JsonObject().put("name", "Allowed child")
            .put("slug", NetworkFixtures.uniqueSlug("allowed")).put("visibility", "private").put("parentId", network.toString()));

        assertEquals(201, child.statusCode(), child.bodyAsString());
        assertEquals(false, child.bodyAsJsonObject().getBoolean("requireTwoStep"), "not inherited");
    }

    @Test
    void membersGuestsOutsidersAndSignedOutPeopleAnswerAsBefore() {
        assertEquals(200, send("GET", "/api/networks/" + network, member, null).statusCode(), "members need no two-step");
        assertEquals(200, send("GET", "/api/networks/" + network + "/members", member, null).statusCode());
        assertEquals("forbidden", code(rename(member)));
        assertEquals("forbidden", code(rename(guest)));
        assertEquals(404, rename(outsider).statusCode());
        assertEquals(404, send("GET", "/api/networks/" + network, outsider, null).statusCode());
        assertEquals(401, rename(null).statusCode());
    }

    @Test
    void onlySomeoneWithTwoStepOnMayRequireIt() {
        HttpResponse<Buffer> created = send("POST", "/api/networks", organiserWithout, new JsonObject().put("name", "Own network")
            .put("slug", NetworkFixtures.uniqueSlug("own")).put("visibility", "open").put("requireTwoStep", true));

        assertEquals(400, created.statusCode());
        assertEquals("requireTwoStep", created.bodyAsJsonObject().getJsonObject("error").getString("field"));
    }

    @Test
    void onlyOrganisersMaySetTheRequirement() {
        HttpResponse<Buffer> byCentral = send("PATCH", "/api/networks/" + network, central,
            new JsonObject().put("requireTwoStep", false));
        HttpResponse<Buffer> byMember = send("PATCH", "/api/networks/" + network, member,
            new JsonObject().put("requireTwoStep", false));

        assertEquals(403, byCentral.statusCode());
        assertEquals(403, byMember.statusCode());
        assertEquals(true, send("GET", "/api/networks/" + network, member, null).bodyAsJsonObject().getBoolean("requireTwoStep"));
    }

    @Test
    void anOrganiserCanTurnTheRequirementOnAndOff() {
        JsonObject other = NetworkFixtures.create(client, organiser, "Switchable", "private");
        UUID id = NetworkFixtures.id(other);

        HttpResponse<Buffer> on = send("PATCH", "/api/networks/" + id, organiser, new JsonObject().put("requireTwoStep", true));
        HttpResponse<Buffer> off = send("PATCH", "/api/networks/" + id, organiser, new JsonObject().put("requireTwoStep", false));

        assertEquals(true, on.bodyAsJsonObject().getBoolean("requireTwoStep"));
        assertEquals(false, off.bodyAsJsonObject().getBoolean("requireTwoStep"));
        HttpResponse<Buffer> notBoolean = send("PATCH", "/api/networks/" + id, organiser, new JsonObject().put("requireTwoStep", "yes"));
        assertEquals(400, notBoolean.statusCode());
    }

    @Test
    void theNetworkPageTellsAnOrganiserWithoutTwoStepHowToTurnItOn() {
        String slug = send("GET", "/api/networks/" + network, organiser, null).bodyAsJsonObject().getString("slug");
        HttpResponse<Buffer> page = await(client.get("/networks/" + slug + "/invitations")
            .putHeader("Cookie", organiserWithout.cookieHeader()).putHeader("Accept", "text/html").send());

        assertEquals(403, page.statusCode());
        assertTrue(page.bodyAsString().contains("Turn on two-step sign-in to continue"), page.bodyAsString());
        assertTrue(page.bodyAsString().contains("href=\"/account/two-step\""));
    }

    @Test
    void theSettingPageIsForOrganisersAndSavesTheCheckbox() {
        JsonObject other = NetworkFixtures.create(client, organiser, "Checkbox network", "private");
        UUID id = NetworkFixtures.id(other);
        String slug = other.getString("slug");
        NetworkFixtures.addMember(client, organiser, id, member, "member", null);

        assertEquals(403, uk.nhs.hub.PageRequests.get(client, member, "/networks/" + slug + "/two-step").statusCode());
        assertEquals(404, uk.nhs.hub.PageRequests.get(client, outsider, "/networks/" + slug + "/two-step").statusCode());
        assertEquals(200, uk.nhs.hub.PageRequests.get(client, organiser, "/networks/" + slug + "/two-step").statusCode());
        HttpResponse<Buffer> saved = uk.nhs.hub.PageRequests.post(client, organiser, "/networks/" + slug + "/two-step",
            java.util.Map.of("requireTwoStep", "yes"));

        assertEquals(303, saved.statusCode(), saved.bodyAsString());
        assertEquals(true, send("GET", "/api/networks/" + id, organiser, null).bodyAsJsonObject().getBoolean("requireTwoStep"));
    }

    @Test
    void theSettingPageRefusesSomeoneWithoutTwoStepWithTheErrorSummary() {
        JsonObject other = NetworkFixtures.create(client, organiserWithout, "Unprotected network", "private");

        HttpResponse<Buffer> refused = uk.nhs.hub.PageRequests.post(client, organiserWithout,
            "/networks/" + other.getString("slug") + "/two-step", java.util.Map.of("requireTwoStep", "yes"));

        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("href=\"#requireTwoStep\""), refused.bodyAsString());
        assertTrue(refused.bodyAsString().contains("checked"), "the ticked box is kept");
    }

    @Test
    void theNetworkPageWarnsAnOrganiserWithoutTwoStep() {
        String slug = send("GET", "/api/networks/" + network, organiser, null).bodyAsJsonObject().getString("slug");

        String page = uk.nhs.hub.PageRequests.get(client, organiserWithout, "/networks/" + slug).bodyAsString();

        assertTrue(page.contains("Turn on two-step sign-in"), page);
        assertFalse(uk.nhs.hub.PageRequests.get(client, organiser, "/networks/" + slug).bodyAsString()
            .contains("Turn on two-step sign-in"));
    }
}
