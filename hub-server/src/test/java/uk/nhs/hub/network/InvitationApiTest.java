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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class InvitationApiTest {

    private static WebClient client;
    private static TestUser ann;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        ann = TestUsers.create(client, "Ann Inviter");
    }

    private static HttpResponse<Buffer> post(TestUser user, String path, JsonObject body) {
        return await(client.post(path).putHeader("Authorization", user.bearer()).sendJsonObject(body));
    }

    private static HttpResponse<Buffer> post(TestUser user, String path) {
        return await(client.post(path).putHeader("Authorization", user.bearer()).send());
    }

    private static JsonArray pending(UUID network) {
        return await(client.get("/api/networks/" + network + "/invitations").putHeader("Authorization", ann.bearer()).send())
            .bodyAsJsonObject().getJsonArray("invitations");
    }

    private static List<String> subjectsTo(String email) {
        List<String> subjects = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery("SELECT subject FROM outbox WHERE to_address = $1 ORDER BY id")
                .execute(Tuple.of(email)))) {
            subjects.add(row.getString("subject"));
        }
        return subjects;
    }

    private static String status(String token) {
        return await(client.get("/api/invitations/" + token).send()).bodyAsJsonObject().getString("status");
    }

    @Test
    void invitingAnAddressAgainUpdatesItsOpenInvitationAndEmailsThatItChanged() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Reinvited network", "private"));
        String email = TestUsers.uniqueEmail("reinvited");
        HttpResponse<Buffer> first = post(ann, "/api/networks/" + network + "/invitations",
            new JsonObject().put("email", email).put("role", "member"));
        String firstToken = NetworkApiTest.tokenFromOutbox(email);

        HttpResponse<Buffer> again = post(ann, "/api/networks/" + network + "/invitations",
            new JsonObject().put("email", email.toUpperCase()).put("role", "organiser").put("roleTitle", "Lead nurse"));

        assertEquals(201, first.statusCode(), first.bodyAsString());
        assertFalse(first.bodyAsJsonObject().getBoolean("updated"));
        assertEquals(200, again.statusCode(), again.bodyAsString());
        assertTrue(again.bodyAsJsonObject().getBoolean("updated"));
        assertEquals(first.bodyAsJsonObject().getString("id"), again.bodyAsJsonObject().getString("id"), "the same invitation");
        JsonArray open = pending(network);
        assertEquals(1, open.size(), open.encode());
        assertEquals("organiser", open.getJsonObject(0).getString("role"));
        assertEquals("Lead nurse", open.getJsonObject(0).getString("roleTitle"));
        List<String> subjects = subjectsTo(email);
        assertEquals(2, subjects.size(), subjects.toString());
        assertEquals("Your invitation to join Reinvited network has changed", subjects.get(1));

        String newToken = NetworkApiTest.tokenFromOutbox(email);
        assertEquals(404, await(client.get("/api/invitations/" + firstToken).send()).statusCode(), "the old link is replaced");
        TestUser invitee = TestUsers.create(client, "Re Invitee", email);
        JsonObject joined = post(invitee, "/api/invitations/" + newToken + "/accept").bodyAsJsonObject();
        assertEquals("organiser", joined.getString("role"));
    }

    @Test
    void anOrganiserAddingSomeoneRetiresTheirOpenInvitation() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Added directly", "private"));
        TestUser priya = TestUsers.create(client, "Priya Added");
        post(ann, "/api/networks/" + network + "/invitations", new JsonObject().put("email", priya.email()).put("role", "member"));
        String token = NetworkApiTest.tokenFromOutbox(priya.email());

        HttpResponse<Buffer> added = post(ann, "/api/networks/" + network + "/members",
            new JsonObject().put("email", priya.email()).put("role", "member"));

        assertEquals(201, added.statusCode(), added.bodyAsString());
        assertEquals(0, pending(network).size(), "no invitation is left pending");
        assertEquals("accepted", status(token));
    }

    @Test
    void acceptingOneInvitationRetiresTheOthersForBothAddresses() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Two addresses", "private"));
        TestUser tom = TestUsers.create(client, "Tom Twoaddresses");
        String personal = TestUsers.uniqueEmail("tom.personal");
        post(ann, "/api/networks/" + network + "/invitations", new JsonObject().put("email", tom.email()).put("role", "member"));
        String workToken = NetworkApiTest.tokenFromOutbox(tom.email());
        post(ann, "/api/networks/" + network + "/invitations", new JsonObject().put("email", personal).put("role", "member"));
        String personalToken = NetworkApiTest.tokenFromOutbox(personal);

        assertEquals(200, post(tom, "/api/invitations/" + personalToken + "/accept").statusCode());

        assertEquals(0, pending(network).size());
        assertEquals("accepted", status(workToken));
    }

    @Test
    void approvingAJoinRequestRetiresTheRequestersOpenInvitation() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Asked to join", "request"));
        TestUser asker = TestUsers.create(client, "Asha Asker");
        post(ann, "/api/networks/" + network + "/invitations", new JsonObject().put("email", asker.email()).put("role", "member"));
        HttpResponse<Buffer> asked = post(asker, "/api/networks/" + network + "/join");
        assertEquals(202, asked.statusCode(), asked.bodyAsString());
        String requestId = await(client.get("/api/networks/" + network + "/join-requests").putHeader("Authorization", ann.bearer())
            .send()).bodyAsJsonObject().getJsonArray("requests").getJsonObject(0).getString("id");

        HttpResponse<Buffer> approved = post(ann, "/api/networks/" + network + "/join-requests/" + requestId + "/approve");

        assertEquals(204, approved.statusCode(), approved.bodyAsString());
        assertEquals(0, pending(network).size());
    }
}
