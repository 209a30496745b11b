package uk.nhs.hub.project;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/** Fixtures for project tests, made through the real API. */
final class ProjectApiTestSupport {

    private ProjectApiTestSupport() {
    }

    /**
     * A private network with an organiser, a member and a network guest, one project in it whose team holds someone
     * from outside the network, and an outsider.
     */
    record PrivateProject(TestUser organiser, TestUser member, TestUser networkGuest, TestUser teamMember,
                          TestUser outsider, String network, String project) {
    }

    /** Makes a {@link PrivateProject} in a network with the given slug, its team member holding {@code teamRole}. */
    static PrivateProject privateProject(String networkName, String slug, String teamRole) {
        WebClient client = TestHub.get().client();
        TestUser organiser = TestUsers.create(client, "Olive Organiser");
        TestUser member = TestUsers.create(client, "Mo Member");
        TestUser networkGuest = TestUsers.create(client, "Gil Guest");
        TestUser teamMember = TestUsers.create(client, "Tess Team");
        TestUser outsider = TestUsers.create(client, "Otto Outsider");
        String network = ok(201, send(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", networkName)
            .put("slug", slug).put("visibility", "private"))).getString("id");
        ok(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", member.email()).put("role", "member")));
        ok(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", networkGuest.email()).put("role", "guest")));
        String project = ok(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/projects",
            new JsonObject().put("title", "Children's surgery and anaesthesia"))).getString("id");
        ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + project + "/team",
            new JsonObject().put("accountId", teamMember.id().toString()).put("roleTitle", teamRole)));
        return new PrivateProject(organiser, member, networkGuest, teamMember, outsider, network, project);
    }

    /** Sends {@code body} (or nothing when null) as {@code as} (or signed out when null). */
    static HttpResponse<Buffer> send(TestUser as, HttpMethod method, String path, JsonObject body) {
        HttpRequest<Buffer> request = TestHub.get().client().request(method, path);
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    /** The answer's body, once it is known to have {@code status}. */
    static JsonObject ok(int status, HttpResponse<Buffer> response) {
        assertEquals(status, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    /** Sends {@code body} and returns the answer, failing unless it succeeded. */
    static JsonObject created(WebClient client, TestUser as, HttpMethod method, String path, JsonObject body) {
        HttpResponse<Buffer> response = await(client.request(method, path).putHeader("Authorization", as.bearer())
            .sendJsonObject(body));
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }
}
