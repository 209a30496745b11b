package uk.nhs.hub.network;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class NetworkApiTest {

    private static WebClient client;
    private static TestUser ann;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        ann = TestUsers.create(client, "Ann Organiser");
    }

    private static HttpResponse<Buffer> post(TestUser user, String path, JsonObject body) {
        return await(client.post(path).putHeader("Authorization", user.bearer()).sendJsonObject(body));
    }

    private static HttpResponse<Buffer> post(TestUser user, String path) {
        return await(client.post(path).putHeader("Authorization", user.bearer()).send());
    }

    private static HttpResponse<Buffer> get(TestUser user, String path) {
        return await(client.get(path).putHeader("Authorization", user.bearer()).send());
    }

    private static JsonObject error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    void creatingANetworkMakesTheCreatorItsOrganiserAndDerivesTheSlug() {
        HttpResponse<Buffer> response = post(ann, "/api/networks", new JsonObject()
            .put("name", "Prison Health: Primary Care Development").put("visibility", "request"));

        assertEquals(201, response.statusCode(), response.bodyAsString());
        JsonObject network = response.bodyAsJsonObject();
        assertEquals("prison-health-primary-care-development", network.getString("slug"));
        assertEquals("organiser", network.getString("myRole"));
        JsonObject members = get(ann, "/api/networks/" + network.getString("id") + "/members").bodyAsJsonObject();
        assertEquals(1, members.getJsonArray("members").size());
        assertEquals("organiser", members.getJsonArray("members").getJsonObject(0).getString("role"));
    }

    @Test
    void aTakenSlugIsAConflictAndABadOneIsInvalid() {
        String slug = NetworkFixtures.uniqueSlug("taken");
        assertEquals(201, post(ann, "/api/networks", new JsonObject().put("name", "First").put("slug", slug)
            .put("visibility", "open")).statusCode());

        HttpResponse<Buffer> again = post(ann, "/api/networks", new JsonObject().put("name", "Second").put("slug", slug)
            .put("visibility", "open"));
        HttpResponse<Buffer> bad = post(ann, "/api/networks", new JsonObject().put("name", "Third").put("slug", "Not A Slug")
            .put("visibility", "open"));
        HttpResponse<Buffer> noVisibility = post(ann, "/api/networks", new JsonObject().put("name", "Fourth"));

        assertEquals(409, again.statusCode());
        assertEquals("slug", error(again).getString("field"));
        assertEquals(400, bad.statusCode());
        assertEquals("slug", error(bad).getString("field"));
        assertEquals(400, noVisibility.statusCode());
        assertEquals("visibility", error(noVisibility).getString("field"));
    }

    @Test
    void aParentShowsItsChildrenAndCountsOverItsWholeSubtree() {
        TestUser nurse = TestUsers.create(client, "Nina Nurse");
        TestUser doctor = TestUsers.create(client, "Dev Doctor");
        UUID national = NetworkFixtures.id(NetworkFixtures.create(client, ann, "National cancer", "request"));
        UUID leeds = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Leeds cancer", "open", national));
        UUID leedsTeam = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Leeds leadership team", "private", leeds));
        NetworkFixtures.addMember(client, ann, leeds, nurse, "member", "Lead nurse");
        NetworkFixtures.addMember(client, ann, leedsTeam, doctor, "member", "Lead doctor");
        NetworkFixtures.addMember(client, ann, leedsTeam, nurse, "guest", null);

        JsonObject view = get(ann, "/api/networks/" + national).bodyAsJsonObject();

        assertEquals(1, view.getJsonArray("children").size());
        JsonObject child = view.getJsonArray("children").getJsonObject(0);
        assertEquals(leeds.toString(), child.getString("id"));
        assertEquals(1, child.getJsonObject("counts").getLong("networks"));
        assertEquals(3, child.getJsonObject("counts").getLong("members"), "Ann, Nina and Dev; a guest is not counted again");
        assertEquals(2, view.getJsonObject("counts").getLong("subtreeNetworks"));
        assertEquals(3, view.getJsonObject("counts").getLong("subtreeMembers"));
        assertEquals(1, view.getJsonObject("counts").getLong("members"));

        JsonObject leedsView = get(nurse, "/api/networks/" + leeds).bodyAsJsonObject();
        assertEquals(List.of("National cancer"), leedsView.getJsonArray("ancestors").stream()
            .map(a -> ((JsonObject) a).getString("name")).toList());
        assertEquals(1, leedsView.getJsonArray("children").size(), "a private child is shown to those who belong to it");
        assertEquals("guest", leedsView.getJsonArray("children").getJsonObject(0).getString("myRole"));
    }

    @Test
    void privateChildrenAreHiddenFromNonMembersButVisibleToOrganisersAbove() {
        TestUser outsider = TestUsers.create(client, "Otto Outside");
        UUID parent = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Open parent", "open"));
        UUID secret = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Secret child", "private", parent));
        post(outsider, "/api/networks/" + parent + "/join");

        JsonObject asOutsider = get(outsider, "/api/networks/" + parent).bodyAsJsonObject();
        JsonObject asOrganiser = get(ann, "/api/networks/" + parent).bodyAsJsonObject();

        assertEquals(0, asOutsider.getJsonArray("children").size());
        assertEquals(404, get(outsider, "/api/networks/" + secret).statusCode());
        assertEquals(1, asOrganiser.getJsonArray("children").size());
        assertFalse(get(outsider, "/api/networks").bodyAsString().contains(secret.toString()));
    }

    @Test
    void anOrganiserAboveCanSeeButNotEditADescendant() {
        TestUser regional = TestUsers.create(client, "Rhea Regional");
        UUID region = NetworkFixtures.id(NetworkFixtures.create(client, regional, "Regional race equality", "private"));
        TestUser place = TestUsers.create(client, "Pat Place");
        NetworkFixtures.addMember(client, regional, region, place, "member", null);
        UUID kirklees = NetworkFixtures.id(NetworkFixtures.create(client, regional, "Kirklees", "private", region));
        HttpResponse<Buffer> handOver = await(client.patch("/api/networks/" + kirklees + "/members/" + regional.id())
            .putHeader("Authorization", regional.bearer()).sendJsonObject(new JsonObject().put("role", "member")));
        assertEquals(409, handOver.statusCode(), "the only organiser cannot step down");
        NetworkFixtures.addMember(client, regional, kirklees, place, "organiser", null);
        assertEquals(204, await(client.delete("/api/networks/" + kirklees + "/members/" + regional.id())
            .putHeader("Authorization", regional.bearer()).send()).statusCode(), "once someone else organises, she can leave");

        assertEquals(200, get(regional, "/api/networks/" + kirklees).statusCode());
        assertEquals(200, get(regional, "/api/networks/" + kirklees + "/members").statusCode());
        assertEquals(403, await(client.patch("/api/networks/" + kirklees).putHeader("Authorization", regional.bearer())
            .sendJsonObject(new JsonObject().put("name", "Renamed"))).statusCode());
    }

    @Test
    void deletingANetworkIsRefusedWhileItHasChildren() {
        UUID parent = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Parent to delete", "open"));
        UUID child = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Child to delete", "open", parent));

        HttpResponse<Buffer> refused = await(client.delete("/api/networks/" + parent).putHeader("Authorization", ann.bearer()).send());
        assertEquals(409, refused.statusCode());
        assertEquals(204, await(client.delete("/api/networks/" + child).putHeader("Authorization", ann.bearer()).send()).statusCode());
        assertEquals(204, await(client.delete("/api/networks/" + parent).putHeader("Authorization", ann.bearer()).send()).statusCode());
        assertEquals(404, get(ann, "/api/networks/" + parent).statusCode());
    }

    @Test
    void joiningAnOpenNetworkIsImmediateAndARequestNetworkWaitsForAnOrganiser() {
        TestUser joiner = TestUsers.create(client, "Jo Joiner");
        UUID open = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Open to all", "open"));
        UUID request = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Ask first", "request"));

        HttpResponse<Buffer> joined = post(joiner, "/api/networks/" + open + "/join");
        HttpResponse<Buffer> asked = post(joiner, "/api/networks/" + request + "/join");
        HttpResponse<Buffer> askedAgain = post(joiner, "/api/networks/" + request + "/join");

        assertEquals(200, joined.statusCode());
        assertEquals("joined", joined.bodyAsJsonObject().getString("status"));
        assertEquals(202, asked.statusCode());
        assertEquals(409, askedAgain.statusCode());
        assertEquals(403, get(joiner, "/api/networks/" + request + "/members").statusCode(), "not a member yet");

        String requestId = asked.bodyAsJsonObject().getString("requestId");
        assertEquals(204, post(ann, "/api/networks/" + request + "/join-requests/" + requestId + "/approve").statusCode());
        assertEquals(404, post(ann, "/api/networks/" + request + "/join-requests/" + requestId + "/approve").statusCode(),
            "a request is decided once");
        assertEquals(200, get(joiner, "/api/networks/" + request + "/members").statusCode());
    }

    @Test
    void theDirectorySearchesByNameOrganisationAndRoleTitleAndPagesByKeyset() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Directory", "private"));
        for (int i = 0; i < 7; i++) {
            TestUser person = TestUsers.create(client, "Person " + (char) ('A' + i));
            NetworkFixtures.addMember(client, ann, network, person, "member", i % 2 == 0 ? "Lead nurse" : "Manager");
        }

        JsonObject nurses = get(ann, "/api/networks/" + network + "/members?q=nurse").bodyAsJsonObject();
        assertEquals(4, nurses.getJsonArray("members").size());

        List<String> names = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonObject page = get(ann, "/api/networks/" + network + "/members?limit=3" + (after == null ? "" : "&after=" + after))
                .bodyAsJsonObject();
            page.getJsonArray("members").forEach(m -> names.add(((JsonObject) m).getString("displayName")));
            after = page.getString("next");
            pages++;
        } while (after != null);
        assertEquals(3, pages);
        assertEquals(8, names.size());
        assertEquals(names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(), names, "in name order, nothing repeated");
        assertEquals(400, get(ann, "/api/networks/" + network + "/members?after=%%%").statusCode());
    }

    @Test
    void anInvitationIsEmailedWorksOnceAndCanBeRevoked() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Invited network", "private"));
        String email = TestUsers.uniqueEmail("invitee");

        HttpResponse<Buffer> created = post(ann, "/api/networks/" + network + "/invitations",
            new JsonObject().put("email", email).put("role", "member").put("roleTitle", "Lead doctor"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertNotNull(created.bodyAsJsonObject().getString("expiresAt"));

        String token = tokenFromOutbox(email);
        JsonObject preview = await(client.get("/api/invitations/" + token).send()).bodyAsJsonObject();
        assertEquals("open", preview.getString("status"));
        assertEquals("Invited network", preview.getString("networkName"));

        TestUser newcomer = TestUsers.create(client, "New Comer");
        HttpResponse<Buffer> accepted = post(newcomer, "/api/invitations/" + token + "/accept");
        assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
        JsonObject member = get(ann, "/api/networks/" + network + "/members?q=Comer").bodyAsJsonObject()
            .getJsonArray("members").getJsonObject(0);
        assertEquals("Lead doctor", member.getString("roleTitle"));

        TestUser another = TestUsers.create(client, "Second Try");
        assertEquals(409, post(another, "/api/invitations/" + token + "/accept").statusCode(), "single use");

        String second = TestUsers.uniqueEmail("revoked");
        String invitationId = post(ann, "/api/networks/" + network + "/invitations",
            new JsonObject().put("email", second).put("role", "member")).bodyAsJsonObject().getString("id");
        assertEquals(204, await(client.delete("/api/networks/" + network + "/invitations/" + invitationId)
            .putHeader("Authorization", ann.bearer()).send()).statusCode());
        assertEquals(409, post(another, "/api/invitations/" + tokenFromOutbox(second) + "/accept").statusCode());
    }

    @Test
    void anExpiredInvitationCannotBeAccepted() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Expiring network", "private"));
        String email = TestUsers.uniqueEmail("late");
        post(ann, "/api/networks/" + network + "/invitations", new JsonObject().put("email", email).put("role", "member"));
        String token = tokenFromOutbox(email);
        await(TestHub.get().pool().preparedQuery("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = $1")
            .execute(Tuple.of(email)));

        TestUser late = TestUsers.create(client, "Late Larry");
        HttpResponse<Buffer> response = post(late, "/api/invitations/" + token + "/accept");

        assertEquals(409, response.statusCode());
        assertTrue(error(response).getString("message").contains("expired"));
        assertEquals("expired", await(client.get("/api/invitations/" + token).send()).bodyAsJsonObject().getString("status"));
    }

    @Test
    void aNominatedGuestIsInvitedWhenAnOrganiserApproves() {
        TestUser chief = TestUsers.create(client, "Chief Executive");
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Ambulance chief executives", "private"));
        NetworkFixtures.addMember(client, ann, network, chief, "member", "Chief executive");
        String guestEmail = TestUsers.uniqueEmail("significant.other");

        HttpResponse<Buffer> notAllowed = post(chief, "/api/networks/" + network + "/guest-nominations", new JsonObject()
            .put("name", "Sam Significant").put("email", guestEmail).put("reason", "Chairs the local system board"));
        assertEquals(403, notAllowed.statusCode(), "nominations are off until the network allows them");

        await(client.patch("/api/networks/" + network).putHeader("Authorization", ann.bearer())
            .sendJsonObject(new JsonObject().put("allowGuestNominations", true)));
        HttpResponse<Buffer> missingReason = post(chief, "/api/networks/" + network + "/guest-nominations",
            new JsonObject().put("name", "Sam Significant").put("email", guestEmail));
        assertEquals(400, missingReason.statusCode());
        assertEquals("reason", error(missingReason).getString("field"));

        String nomination = post(chief, "/api/networks/" + network + "/guest-nominations", new JsonObject()
            .put("name", "Sam Significant").put("email", guestEmail).put("reason", "Chairs the local system board"))
            .bodyAsJsonObject().getString("id");
        JsonArray pending = get(ann, "/api/networks/" + network + "/guest-nominations").bodyAsJsonObject()
            .getJsonArray("nominations");
        assertEquals("Chief Executive", pending.getJsonObject(0).getString("nominatedBy"));

        HttpResponse<Buffer> approved = post(ann, "/api/networks/" + network + "/guest-nominations/" + nomination + "/approve");
        assertEquals(200, approved.statusCode(), approved.bodyAsString());
        TestUser guest = TestUsers.create(client, "Sam Significant");
        JsonObject joined = post(guest, "/api/invitations/" + tokenFromOutbox(guestEmail) + "/accept").bodyAsJsonObject();
        assertEquals("guest", joined.getString("role"));
        assertEquals(403, get(guest, "/api/networks/" + network + "/members").statusCode(), "guests do not see the directory");
    }

    @Test
    void membershipChangesAreNumberedWithoutGapsInTheEventLog() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Evented", "open"));
        TestUser first = TestUsers.create(client, "First Joiner");
        TestUser second = TestUsers.create(client, "Second Joiner");
        post(first, "/api/networks/" + network + "/join");
        post(second, "/api/networks/" + network + "/join");
        await(client.patch("/api/networks/" + network + "/members/" + first.id()).putHeader("Authorization", ann.bearer())
            .sendJsonObject(new JsonObject().put("role", "central")));
        await(client.delete("/api/networks/" + network + "/members/" + second.id()).putHeader("Authorization", second.bearer()).send());

        JsonObject all = get(ann, "/api/networks/" + network + "/events?after=0").bodyAsJsonObject();
        JsonArray events = all.getJsonArray("events");
        assertEquals(List.of("member.joined", "member.joined", "member.changed", "member.left"),
            events.stream().map(e -> ((JsonObject) e).getString("type")).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.getJsonObject(i).getLong("seq"));
        }
        assertEquals(4, all.getLong("latestSeq"));
        JsonArray later = get(ann, "/api/networks/" + network + "/events?after=2").bodyAsJsonObject().getJsonArray("events");
        assertEquals(2, later.size());
        assertEquals(3, later.getJsonObject(0).getLong("seq"));
        assertEquals("central", later.getJsonObject(0).getString("role"));
    }

    @Test
    void roleChangesAreAudited() {
        TestUser promoted = TestUsers.create(client, "Pro Moted");
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Audited", "private"));
        NetworkFixtures.addMember(client, ann, network, promoted, "member", null);
        await(client.patch("/api/networks/" + network + "/members/" + promoted.id()).putHeader("Authorization", ann.bearer())
            .sendJsonObject(new JsonObject().put("role", "organiser")));

        Row row = await(TestHub.get().pool().preparedQuery(
                "SELECT actor_id, detail FROM audit_log WHERE action = 'role.changed' AND subject = $1")
            .execute(Tuple.of(promoted.id().toString()))).iterator().next();
        assertEquals(ann.id(), row.getUUID("actor_id"));
        assertEquals("organiser", ((JsonObject) row.getValue("detail")).getString("to"));
    }

    /** The invitation link's token, read from the email waiting in the outbox. */
    static String tokenFromOutbox(String email) {
        var rows = await(TestHub.get().pool()
            .preparedQuery("SELECT body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1").execute(Tuple.of(email)));
        assertTrue(rows.iterator().hasNext(), "an email to " + email + " is in the outbox");
        Matcher matcher = Pattern.compile("/invitations/([A-Za-z0-9_-]+)").matcher(rows.iterator().next().getString("body"));
        assertTrue(matcher.find());
        return matcher.group(1);
    }

    @Test
    void anUnknownEmailCannotBeAddedDirectly() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Direct adds", "private"));
        HttpResponse<Buffer> response = post(ann, "/api/networks/" + network + "/members",
            new JsonObject().put("email", TestUsers.uniqueEmail("nobody")).put("role", "member"));
        assertEquals(404, response.statusCode());
        assertEquals("email", error(response).getString("field"));
    }
}
