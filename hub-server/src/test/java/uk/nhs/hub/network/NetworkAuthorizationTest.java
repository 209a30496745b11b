package uk.nhs.hub.network;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/**
 * Every network endpoint tried as every kind of caller, on a private network (so that non-members must get 404).
 * Each cell runs against fresh targets where the call changes state, so cells do not depend on each other.
 */
class NetworkAuthorizationTest {

    private static final List<String> CALLERS = List.of("anonymous", "non-member", "guest", "member", "organiser", "central");

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser central;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static UUID network;
    private static UUID networkWithChild;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Olive Organiser");
        central = TestUsers.create(client, "Cecil Central");
        member = TestUsers.create(client, "Mona Member");
        guest = TestUsers.create(client, "Gary Guest");
        outsider = TestUsers.create(client, "Nora Nonmember");
        network = membered(NetworkFixtures.create(client, organiser, "Private matrix", "private"));
        await(client.patch("/api/networks/" + network).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("allowGuestNominations", true)));
        networkWithChild = membered(NetworkFixtures.create(client, organiser, "Private parent", "private"));
        NetworkFixtures.create(client, organiser, "Child of parent", "private", networkWithChild);
    }

    private static UUID membered(JsonObject created) {
        UUID id = NetworkFixtures.id(created);
        NetworkFixtures.addMember(client, organiser, id, central, "central", "Programme lead");
        NetworkFixtures.addMember(client, organiser, id, member, "member", "Lead nurse");
        NetworkFixtures.addMember(client, organiser, id, guest, "guest", null);
        return id;
    }

    private static TestUser as(String caller) {
        return switch (caller) {
            case "non-member" -> outsider;
            case "guest" -> guest;
            case "member" -> member;
            case "organiser" -> organiser;
            case "central" -> central;
            default -> null;
        };
    }

    /** One endpoint: how to call it (given the caller, so state-changing cells get fresh targets) and the expected statuses. */
    private record Endpoint(String name, Function<TestUser, HttpRequest<Buffer>> request, Supplier<Object> body,
                            Map<String, Integer> expected) {
    }

    private static Map<String, Integer> statuses(int anonymous, int nonMember, int guest, int member, int organiser,
                                                 int central) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("anonymous", anonymous);
        map.put("non-member", nonMember);
        map.put("guest", guest);
        map.put("member", member);
        map.put("organiser", organiser);
        map.put("central", central);
        return map;
    }

    private static HttpRequest<Buffer> request(HttpMethod method, String path) {
        return client.request(method, path);
    }

    private static UUID freshMember() {
        TestUser extra = TestUsers.create(client, "Extra Person");
        NetworkFixtures.addMember(client, organiser, network, extra, "member", null);
        return extra.id();
    }

    private static UUID freshJoinRequest() {
        JsonObject open = NetworkFixtures.create(client, organiser, "Request network", "request");
        TestUser asker = TestUsers.create(client, "Asker");
        await(client.post("/api/networks/" + open.getString("id") + "/join").putHeader("Authorization", asker.bearer()).send());
        return NetworkFixtures.id(open);
    }

    private static List<Endpoint> endpoints() {
        String base = "/api/networks/" + network;
        List<Endpoint> list = new ArrayList<>();
        list.add(new Endpoint("GET /api/networks", u -> request(HttpMethod.GET, "/api/networks"), null,
            statuses(401, 200, 200, 200, 200, 200)));
        list.add(new Endpoint("POST /api/networks (child)", u -> request(HttpMethod.POST, "/api/networks"),
            () -> new JsonObject().put("name", "Child").put("slug", NetworkFixtures.uniqueSlug("child"))
                .put("visibility", "private").put("parentId", network.toString()),
            statuses(401, 400, 403, 403, 201, 201)));
        list.add(new Endpoint("GET /api/networks/{id}", u -> request(HttpMethod.GET, base), null,
            statuses(401, 404, 200, 200, 200, 200)));
        list.add(new Endpoint("PATCH /api/networks/{id}", u -> request(HttpMethod.PATCH, base),
            () -> new JsonObject().put("description", "Changed"),
            statuses(401, 404, 403, 403, 200, 403)));
        list.add(new Endpoint("DELETE /api/networks/{id} (has children)",
            u -> request(HttpMethod.DELETE, "/api/networks/" + networkWithChild), null,
            statuses(401, 404, 403, 403, 409, 403)));
        list.add(new Endpoint("GET /api/networks/{id}/members", u -> request(HttpMethod.GET, base + "/members"), null,
            statuses(401, 404, 403, 200, 200, 200)));
        list.add(new Endpoint("GET /api/networks/{id}/members.csv", u -> request(HttpMethod.GET, base + "/members.csv"), null,
            statuses(401, 404, 403, 200, 200, 200)));
        list.add(new Endpoint("POST /api/networks/{id}/members", u -> request(HttpMethod.POST, base + "/members"),
            () -> new JsonObject().put("email", TestUsers.create(client, "Newly Added").email()).put("role", "member"),
            statuses(401, 404, 403, 403, 201, 403)));
        list.add(new Endpoint("PATCH /api/networks/{id}/members/{userId}",
            u -> request(HttpMethod.PATCH, base + "/members/" + freshMember()),
            () -> new JsonObject().put("roleTitle", "Manager"),
            statuses(401, 404, 403, 403, 200, 403)));
        list.add(new Endpoint("DELETE /api/networks/{id}/members/{userId}",
            u -> request(HttpMethod.DELETE, base + "/members/" + freshMember()), null,
            statuses(401, 404, 403, 403, 204, 403)));
        list.add(new Endpoint("POST /api/networks/{id}/members/import",
            u -> request(HttpMethod.POST, base + "/members/import").putHeader("Content-Type", "text/csv"),
            () -> Buffer.buffer("email,role\n" + TestUsers.uniqueEmail("imported") + ",member\n"),
            statuses(401, 404, 403, 403, 200, 403)));
        list.add(new Endpoint("POST /api/networks/{id}/join", u -> request(HttpMethod.POST, base + "/join"), null,
            statuses(401, 404, 409, 409, 409, 409)));
        list.add(new Endpoint("GET /api/networks/{id}/join-requests", u -> request(HttpMethod.GET, base + "/join-requests"),
            null, statuses(401, 404, 403, 403, 200, 403)));
        list.add(new Endpoint("POST /api/networks/{id}/join-requests/{requestId}/approve", u -> {
            UUID open = freshJoinRequest();
            String requestId = await(client.get("/api/networks/" + open + "/join-requests")
                .putHeader("Authorization", organiser.bearer()).send()).bodyAsJsonObject()
                .getJsonArray("requests").getJsonObject(0).getString("id");
            if (u != null && u != organiser && u != outsider) {
                NetworkFixtures.addMember(client, organiser, open, u, u == guest ? "guest" : u == central ? "central" : "member", null);
            }
            return request(HttpMethod.POST, "/api/networks/" + open + "/join-requests/" + requestId + "/approve");
        }, null, statuses(401, 403, 403, 403, 204, 403)));
        list.add(new Endpoint("POST /api/networks/{id}/invitations", u -> request(HttpMethod.POST, base + "/invitations"),
            () -> new JsonObject().put("email", TestUsers.uniqueEmail("invitee")).put("role", "member"),
            statuses(401, 404, 403, 403, 201, 403)));
        list.add(new Endpoint("GET /api/networks/{id}/invitations", u -> request(HttpMethod.GET, base + "/invitations"),
            null, statuses(401, 404, 403, 403, 200, 403)));
        list.add(new Endpoint("DELETE /api/networks/{id}/invitations/{invitationId}", u -> {
            String invitation = await(client.post(base + "/invitations").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", TestUsers.uniqueEmail("revokee")).put("role", "member")))
                .bodyAsJsonObject().getString("id");
            return request(HttpMethod.DELETE, base + "/invitations/" + invitation);
        }, null, statuses(401, 404, 403, 403, 204, 403)));
        list.add(new Endpoint("POST /api/networks/{id}/guest-nominations",
            u -> request(HttpMethod.POST, base + "/guest-nominations"),
            () -> new JsonObject().put("name", "Significant Other").put("email", TestUsers.uniqueEmail("guest"))
                .put("reason", "Leads the local integrated care board"),
            statuses(401, 404, 403, 201, 201, 201)));
        list.add(new Endpoint("GET /api/networks/{id}/guest-nominations",
            u -> request(HttpMethod.GET, base + "/guest-nominations"), null, statuses(401, 404, 403, 403, 200, 403)));
        list.add(new Endpoint("POST /api/networks/{id}/guest-nominations/{id}/approve", u -> {
            String nomination = await(client.post(base + "/guest-nominations").putHeader("Authorization", member.bearer())
                .sendJsonObject(new JsonObject().put("name", "Partner").put("email", TestUsers.uniqueEmail("partner"))
                    .put("reason", "Local authority lead"))).bodyAsJsonObject().getString("id");
            return request(HttpMethod.POST, base + "/guest-nominations/" + nomination + "/approve");
        }, null, statuses(401, 404, 403, 403, 200, 403)));
        list.add(new Endpoint("GET /api/networks/{id}/events", u -> request(HttpMethod.GET, base + "/events?after=0"),
            null, statuses(401, 404, 403, 200, 200, 200)));
        list.add(new Endpoint("POST /api/invitations/{token}/accept (unknown token)",
            u -> request(HttpMethod.POST, "/api/invitations/not-a-real-token/accept"), null,
            statuses(401, 404, 404, 404, 404, 404)));
        return list;
    }

    @TestFactory
    List<DynamicTest> everyEndpointAsEveryCaller() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String caller : CALLERS) {
                int expected = endpoint.expected().get(caller);
                tests.add(DynamicTest.dynamicTest(endpoint.name() + " as " + caller + " -> " + expected, () -> {
                    TestUser user = as(caller);
                    HttpRequest<Buffer> request = endpoint.request().apply(user);
                    if (user != null) {
                        request.putHeader("Authorization", user.bearer());
                    }
                    Object body = endpoint.body() == null ? null : endpoint.body().get();
                    HttpResponse<Buffer> response = await(body == null ? request.send()
                        : body instanceof JsonObject json ? request.sendJsonObject(json) : request.sendBuffer((Buffer) body));
                    assertEquals(expected, response.statusCode(), response.bodyAsString());
                }));
            }
        }
        return tests;
    }
}
