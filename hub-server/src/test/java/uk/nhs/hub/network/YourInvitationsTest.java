package uk.nhs.hub.network;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * "Your invitations": a signed-in person sees the open invitations to their own address and accepts or declines
 * them in the hub (API and page), without the emailed link once their address is shown to be theirs; nobody else
 * can see or answer them.
 */
class YourInvitationsTest {

    private static WebClient client;
    private static TestUser organiser;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Olu Organiser");
    }

    /** A private network the organiser runs, with a member and a guest. */
    private record Setting(UUID network, String slug, TestUser member, TestUser guest) {
    }

    private static Setting privateNetwork(String name) {
        JsonObject created = NetworkFixtures.create(client, organiser, name, "private");
        UUID network = NetworkFixtures.id(created);
        TestUser member = TestUsers.create(client, "Mel Member");
        TestUser guest = TestUsers.create(client, "Gil Guest");
        NetworkFixtures.addMember(client, organiser, network, member, "member", null);
        NetworkFixtures.addMember(client, organiser, network, guest, "guest", null);
        return new Setting(network, created.getString("slug"), member, guest);
    }

    private static String invite(UUID network, TestUser who, String role) {
        HttpResponse<Buffer> sent = await(client.post("/api/networks/" + network + "/invitations")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("email", who.email()).put("role", role)));
        assertTrue(sent.statusCode() == 201 || sent.statusCode() == 200, sent.bodyAsString());
        return sent.bodyAsJsonObject().getString("id");
    }

    /** The person has shown they receive mail at their address (as using an emailed invitation link does). */
    private static TestUser verified(TestUser who) {
        await(TestHub.get().pool().preparedQuery("UPDATE users SET email_verified_at = now() WHERE id = $1").execute(Tuple.of(who.id())));
        return who;
    }

    private static HttpResponse<Buffer> get(TestUser as, String path) {
        var request = client.get(path);
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(request.send());
    }

    private static HttpResponse<Buffer> post(TestUser as, String path) {
        var request = client.post(path);
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(request.send());
    }

    private static JsonObject mine(TestUser who) {
        HttpResponse<Buffer> response = get(who, "/api/me/invitations");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static List<String> ids(JsonObject mine) {
        List<String> ids = new ArrayList<>();
        mine.getJsonArray("invitations").forEach(i -> ids.add(((JsonObject) i).getString("id")));
        return ids;
    }

    @Test
    void theInviteeSeesTheirOpenInvitationAndAcceptsItToJoinAPrivateNetwork() {
        Setting setting = privateNetwork("Accepting network");
        TestUser invitee = verified(TestUsers.create(client, "Ira Invitee"));
        String invitation = invite(setting.network(), invitee, "member");
        assertEquals(404, get(invitee, "/api/networks/" + setting.network()).statusCode(), "not a member yet: the network is hidden");

        JsonObject listed = mine(invitee);
        assertTrue(listed.getBoolean("canAnswer"));
        assertEquals(List.of(invitation), ids(listed));
        JsonObject shown = listed.getJsonArray("invitations").getJsonObject(0);
        assertEquals("Accepting network", shown.getString("networkName"));
        assertEquals("Olu Organiser", shown.getString("invitedBy"));

        HttpResponse<Buffer> accepted = post(invitee, "/api/me/invitations/" + invitation + "/accept");
        assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
        assertEquals("joined", accepted.bodyAsJsonObject().getString("status"));
        assertEquals(200, get(invitee, "/api/networks/" + setting.network()).statusCode());
        assertEquals(List.of(), ids(mine(invitee)), "an accepted invitation is no longer waiting");
        assertEquals(404, post(invitee, "/api/me/invitations/" + invitation + "/accept").statusCode(), "it works once");
    }

    @Test
    void noOneButTheInviteeCanAnswerAnInvitationAndTheyAreAnsweredAsIfItDidNotExist() {
        Setting setting = privateNetwork("Matrix network");
        TestUser invitee = verified(TestUsers.create(client, "Ivo Invitee"));
        TestUser outsider = verified(TestUsers.create(client, "Oz Outsider"));
        verified(setting.member());
        verified(setting.guest());
        verified(organiser);
        String invitation = invite(setting.network(), invitee, "member");

        HttpResponse<Buffer> unknown = post(outsider, "/api/me/invitations/" + UUID.randomUUID() + "/accept");
        assertEquals(404, unknown.statusCode());
        Map<String, TestUser> others = Map.of("organiser", organiser, "member", setting.member(), "guest", setting.guest(),
            "outsider", outsider);
        others.forEach((role, who) -> {
            assertFalse(ids(mine(who)).contains(invitation), role + " does not see someone else's invitation");
            for (String answer : List.of("accept", "decline")) {
                HttpResponse<Buffer> refused = post(who, "/api/me/invitations/" + invitation + "/" + answer);
                assertEquals(404, refused.statusCode(), role + " " + answer);
                assertEquals(unknown.bodyAsJsonObject().getJsonObject("error").copy().put("requestId", (String) null),
                    refused.bodyAsJsonObject().getJsonObject("error").copy().put("requestId", (String) null),
                    role + " " + answer + " is answered exactly as an unknown id");
            }
        });
        assertEquals(401, get(null, "/api/me/invitations").statusCode());
        assertEquals(401, post(null, "/api/me/invitations/" + invitation + "/accept").statusCode());
        assertEquals(401, post(null, "/api/me/invitations/" + invitation + "/decline").statusCode());
        assertEquals(List.of(invitation), ids(mine(invitee)), "still open for the invitee");
        assertEquals(404, post(invitee, "/api/me/invitations/not-an-id/accept").statusCode());
    }

    @Test
    void anAccountThatHasNotShownTheAddressIsItsOwnMustUseTheEmailedLinkFirst() {
        Setting setting = privateNetwork("Unproven network");
        Setting other = privateNetwork("Second unproven network");
        TestUser invitee = TestUsers.create(client, "Una Unproven");
        String invitation = invite(setting.network(), invitee, "member");

        JsonObject listed = mine(invitee);
        assertEquals(List.of(invitation), ids(listed), "listed, as on the home page");
        assertFalse(listed.getBoolean("canAnswer"));
        HttpResponse<Buffer> refused = post(invitee, "/api/me/invitations/" + invitation + "/accept");
        assertEquals(403, refused.statusCode(), refused.bodyAsString());
        assertEquals(403, post(invitee, "/api/me/invitations/" + invitation + "/decline").statusCode());
        assertTrue(PageRequests.get(client, invitee, "/invitations").bodyAsString().contains("use the link in the invitation email"));

        invite(other.network(), invitee, "member");
        HttpResponse<Buffer> byLink = post(invitee, "/api/invitations/" + NetworkApiTest.tokenFromOutbox(invitee.email()) + "/accept");
        assertEquals(200, byLink.statusCode(), byLink.bodyAsString());

        assertTrue(mine(invitee).getBoolean("canAnswer"), "using a link sent to the address shows it is theirs");
        assertEquals(200, post(invitee, "/api/me/invitations/" + invitation + "/accept").statusCode());
    }

    @Test
    void aDeclinedInvitationClosesForTheOrganiserAndItsEmailedLinkSaysItWasDeclined() {
        Setting setting = privateNetwork("Declining network");
        TestUser invitee = verified(TestUsers.create(client, "Dee Decliner"));
        String invitation = invite(setting.network(), invitee, "member");
        String token = NetworkApiTest.tokenFromOutbox(invitee.email());

        HttpResponse<Buffer> declined = post(invitee, "/api/me/invitations/" + invitation + "/decline");
        assertEquals(200, declined.statusCode(), declined.bodyAsString());
        assertEquals("declined", declined.bodyAsJsonObject().getString("status"));

        assertEquals(List.of(), ids(mine(invitee)));
        JsonArray pending = get(organiser, "/api/networks/" + setting.network() + "/invitations").bodyAsJsonObject()
            .getJsonArray("invitations");
        assertTrue(pending.stream().noneMatch(i -> invitation.equals(((JsonObject) i).getString("id"))), "no longer pending");
        assertEquals("declined", get(null, "/api/invitations/" + token).bodyAsJsonObject().getString("status"));
        assertEquals(409, post(invitee, "/api/invitations/" + token + "/accept").statusCode(), "the link no longer works");
        assertTrue(PageRequests.get(client, null, "/invitations/" + token).bodyAsString().contains("You declined this invitation"));
        assertEquals(404, post(invitee, "/api/me/invitations/" + invitation + "/accept").statusCode());
        assertEquals(1L, await(TestHub.get().pool().preparedQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'invitation.declined' AND subject = $1").execute(Tuple.of(invitation)))
            .iterator().next().getLong(0));
    }

    @Test
    void theInvitationNoticeAndTheHomeItemLeadToYourInvitationsNotToTheHiddenNetwork() {
        Setting setting = privateNetwork("Linked network");
        TestUser invitee = TestUsers.create(client, "Lin Linked");
        invite(setting.network(), invitee, "member");

        String href = await(TestHub.get().pool().preparedQuery("SELECT href FROM notifications WHERE user_id = $1 AND kind = 'invitation'")
            .execute(Tuple.of(invitee.id()))).iterator().next().getString("href");
        assertEquals("/invitations", href);
        JsonArray needs = get(invitee, "/api/me/home").bodyAsJsonObject().getJsonArray("needsYou");
        JsonObject item = needs.stream().map(JsonObject.class::cast).filter(n -> "invitation".equals(n.getString("kind")))
            .findFirst().orElseThrow();
        assertEquals("/invitations", item.getString("href"));
        assertEquals(200, PageRequests.get(client, invitee, href).statusCode());
    }

    @Test
    void thePageListsTheInvitationsAndItsFormsAcceptAndDeclineWithoutJavaScript() {
        Setting first = privateNetwork("Page accept network");
        Setting second = privateNetwork("Page decline network");
        TestUser invitee = verified(TestUsers.create(client, "Paz Pages"));
        String accepting = invite(first.network(), invitee, "member");
        String declining = invite(second.network(), invitee, "guest");

        String page = PageRequests.get(client, invitee, "/invitations").bodyAsString();
        assertTrue(page.contains("<h1>Your invitations</h1>"), page);
        assertTrue(page.contains("Page accept network") && page.contains("Page decline network"), page);
        assertTrue(page.contains("value=\"" + accepting + "\"") && page.contains("name=\"csrf\""), page);
        assertTrue(page.contains("to join as a guest"), page);

        HttpResponse<Buffer> noCsrf = await(client.post("/invitations").putHeader("Accept", "text/html")
            .putHeader("Cookie", invitee.cookieHeader()).followRedirects(false)
            .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("invitation", accepting).add("decision", "accept")));
        assertEquals(403, noCsrf.statusCode(), "the form needs its CSRF field");

        HttpResponse<Buffer> accepted = PageRequests.post(client, invitee, "/invitations",
            Map.of("invitation", accepting, "decision", "accept"));
        assertEquals(303, accepted.statusCode(), accepted.bodyAsString());
        assertEquals("/networks/" + first.slug() + "?done=joined", accepted.getHeader("Location"));

        HttpResponse<Buffer> declined = PageRequests.post(client, invitee, "/invitations",
            Map.of("invitation", declining, "decision", "decline"));
        assertEquals(303, declined.statusCode(), declined.bodyAsString());
        assertEquals("/invitations?done=declined", declined.getHeader("Location"));
        String after = PageRequests.get(client, invitee, "/invitations?done=declined").bodyAsString();
        assertTrue(after.contains("Invitation declined") && after.contains("You have no invitations waiting"), after);

        TestUser someoneElse = verified(TestUsers.create(client, "Sol Someone"));
        String theirs = invite(first.network(), someoneElse, "member");
        assertEquals(404, PageRequests.post(client, invitee, "/invitations", Map.of("invitation", theirs, "decision", "accept"))
            .statusCode(), "someone else's invitation is not found");
        assertEquals(404, PageRequests.post(client, invitee, "/invitations", Map.of("invitation", "nope", "decision", "accept"))
            .statusCode());
        assertEquals(303, PageRequests.get(client, null, "/invitations").statusCode(), "signed out: sent to sign in");
    }
}
