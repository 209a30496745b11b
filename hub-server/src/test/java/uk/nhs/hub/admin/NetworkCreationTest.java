package uk.nhs.hub.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.Hub;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * {@code HUB_NETWORK_CREATION} and {@code HUB_ADMIN_EMAILS}, each on a hub of its own sharing the test database:
 * with {@code request} people ask and administrators approve (creating the network with the asker as organiser) or
 * decline, the asker being told either way; with {@code admins} only administrators create top-level networks;
 * networks inside a network stay their organisers' to create; and configured addresses become administrators at
 * start-up and when they sign in.
 */
class NetworkCreationTest {

    private static final String CONFIGURED = TestUsers.uniqueEmail("configured admin");
    private static final String LATER = TestUsers.uniqueEmail("later admin");
    private static Hub requestHub;
    private static Hub adminsHub;
    private static WebClient onRequestHub;
    private static WebClient onAdminsHub;
    private static TestUser configured;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        // an account that exists before the hub starts becomes an administrator at start-up
        TestUsers.create(TestHub.get().client(), "Configured Admin", CONFIGURED);
        requestHub = TestHub.get().startAnother(json -> json.put("administration", new JsonObject()
            .put("adminEmails", CONFIGURED.toUpperCase() + ", " + LATER).put("networkCreation", "request")));
        adminsHub = TestHub.get().startAnother(json -> json.put("administration", new JsonObject()
            .put("networkCreation", "admins")));
        onRequestHub = client(requestHub);
        onAdminsHub = client(adminsHub);
        configured = TestUsers.signIn(onRequestHub, CONFIGURED);
    }

    private static WebClient client(Hub hub) {
        return TestHub.get().contract().watch(WebClient.create(TestHub.get().vertx(),
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(hub.port())));
    }

    @AfterAll
    static void stop() {
        await(requestHub.stop());
        await(adminsHub.stop());
    }

    private static HttpResponse<Buffer> post(WebClient client, TestUser user, String uri, JsonObject body) {
        return await(client.post(uri).putHeader("Authorization", user.bearer()).sendJsonObject(body));
    }

    private static List<String> notices(TestUser user) {
        List<String> notices = new ArrayList<>();
        await(TestHub.get().pool().preparedQuery("SELECT kind, email_state, title, body FROM notifications"
            + " WHERE user_id = $1 ORDER BY id").execute(Tuple.of(user.id())))
            .forEach(row -> notices.add(row.getString("kind") + "|" + row.getString("email_state") + "|"
                + row.getString("title") + "|" + row.getString("body")));
        return notices;
    }

    @Test
    void configuredAddressesBecomeAdministratorsAtStartUpAndWhenTheySignIn() {
        assertEquals(200, await(onRequestHub.get("/api/admin/accounts").putHeader("Authorization", configured.bearer())
            .send()).statusCode(), "made at start-up");
        TestUser later = TestUsers.create(onRequestHub, "Later Admin", LATER);
        assertEquals(200, await(onRequestHub.get("/api/admin/accounts").putHeader("Authorization", later.bearer())
            .send()).statusCode(), "made at sign-in");
        Row granted = await(TestHub.get().pool().preparedQuery("SELECT from_config FROM platform_administrators"
            + " WHERE user_id = $1").execute(Tuple.of(later.id()))).iterator().next();
        assertTrue(granted.getBoolean("from_config"));
        assertEquals(1L, await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM audit_log"
            + " WHERE action = 'administrator.granted' AND subject = $1").execute(Tuple.of(later.id().toString())))
            .iterator().next().getLong(0), "recorded once");
    }

    @Test
    void withRequestPeopleAskAndAnAdministratorApprovesCreatingTheNetworkWithThemAsOrganiser() {
        TestUser asker = TestUsers.create(onRequestHub, "Asha Asker");
        HttpResponse<Buffer> direct = post(onRequestHub, asker, "/api/networks",
            new JsonObject().put("name", "Direct network").put("visibility", "open"));
        assertEquals(403, direct.statusCode(), direct.bodyAsString());

        HttpResponse<Buffer> asked = post(onRequestHub, asker, "/api/network-requests",
            new JsonObject().put("name", "Leeds cancer network").put("purpose", "Cancer services across Leeds"));
        assertEquals(201, asked.statusCode(), asked.bodyAsString());
        String requestId = asked.bodyAsJsonObject().getString("id");
        assertEquals(400, post(onRequestHub, asker, "/api/network-requests", new JsonObject().put("name", "No purpose"))
            .statusCode());
        assertEquals(404, post(onRequestHub, asker, "/api/admin/network-requests/" + requestId + "/approve",
            new JsonObject()).statusCode(), "the asker is no administrator");

        JsonObject queue = await(onRequestHub.get("/api/admin/network-requests")
            .putHeader("Authorization", configured.bearer()).send()).bodyAsJsonObject();
        assertEquals("request", queue.getString("networkCreation"));
        assertEquals(List.of(requestId), queue.getJsonArray("requests").stream()
            .map(r -> ((JsonObject) r).getString("id")).toList());

        HttpResponse<Buffer> approved = post(onRequestHub, configured,
            "/api/admin/network-requests/" + requestId + "/approve", new JsonObject().put("slug", "leeds-cancer"));
        assertEquals(200, approved.statusCode(), approved.bodyAsString());
        String networkId = approved.bodyAsJsonObject().getJsonObject("network").getString("id");
        JsonObject network = await(onRequestHub.get("/api/networks/" + networkId)
            .putHeader("Authorization", asker.bearer()).send()).bodyAsJsonObject();
        assertEquals("organiser", network.getString("myRole"));
        assertEquals(404, post(onRequestHub, configured, "/api/admin/network-requests/" + requestId + "/approve",
            new JsonObject()).statusCode(), "decided once");
        assertTrue(notices(asker).get(0).startsWith("network-request-decided|sent|Your network Leeds cancer network is ready"),
            notices(asker).toString());

        // networks inside a network stay the organisers' to create
        HttpResponse<Buffer> child = post(onRequestHub, asker, "/api/networks", new JsonObject()
            .put("name", "Leeds breast cancer").put("visibility", "open").put("parentId", networkId));
        assertEquals(201, child.statusCode(), child.bodyAsString());
        assertEquals(201, post(onRequestHub, configured, "/api/networks",
            new JsonObject().put("name", "Made by an administrator").put("visibility", "open")).statusCode());
    }

    @Test
    void aDeclinedRequestTellsTheAskerTheReason() {
        TestUser asker = TestUsers.create(onRequestHub, "Dee Declined");
        String requestId = post(onRequestHub, asker, "/api/network-requests",
            new JsonObject().put("name", "Duplicate network").put("purpose", "Same as another")).bodyAsJsonObject()
            .getString("id");
        assertEquals("reason", post(onRequestHub, configured, "/api/admin/network-requests/" + requestId + "/decline",
            new JsonObject().put("reason", " ")).bodyAsJsonObject().getJsonObject("error").getString("field"));
        HttpResponse<Buffer> declined = post(onRequestHub, configured,
            "/api/admin/network-requests/" + requestId + "/decline",
            new JsonObject().put("reason", "The Leeds cancer network already covers this"));
        assertEquals(200, declined.statusCode(), declined.bodyAsString());
        assertTrue(notices(asker).get(0).contains("The reason they gave: The Leeds cancer network already covers this"),
            notices(asker).toString());
        assertEquals(1L, await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM outbox WHERE to_address = $1")
            .execute(Tuple.of(asker.email()))).iterator().next().getLong(0), "emailed, as a decision they asked for");
    }

    @Test
    void aPersonMayHaveOnlyThreeRequestsWaitingAtOnce() {
        TestUser eager = TestUsers.create(onRequestHub, "Eve Eager");
        for (int i = 1; i <= 3; i++) {
            assertEquals(201, post(onRequestHub, eager, "/api/network-requests",
                new JsonObject().put("name", "Eager network " + i).put("purpose", "Lots of them")).statusCode());
        }
        HttpResponse<Buffer> fourth = post(onRequestHub, eager, "/api/network-requests",
            new JsonObject().put("name", "Eager network 4").put("purpose", "One too many"));
        assertEquals(409, fourth.statusCode(), fourth.bodyAsString());
    }

    @Test
    void withAdminsOnlyAdministratorsCreateTopLevelNetworksAndNobodyAsks() {
        TestUser person = TestUsers.create(onAdminsHub, "Pat Person");
        assertEquals(403, post(onAdminsHub, person, "/api/networks",
            new JsonObject().put("name", "Not allowed").put("visibility", "open")).statusCode());
        assertEquals(404, post(onAdminsHub, person, "/api/network-requests",
            new JsonObject().put("name", "Asked").put("purpose", "Nobody asks here")).statusCode());
        TestUser admin = TestUsers.signIn(onAdminsHub, CONFIGURED);
        assertEquals(201, post(onAdminsHub, admin, "/api/networks",
            new JsonObject().put("name", "By the administrators").put("visibility", "open")).statusCode());
    }

    @Test
    void byDefaultAnyoneCreatesANetworkAndRequestsAreNotTaken() {
        WebClient shared = TestHub.get().client();
        TestUser person = TestUsers.create(shared, "Any One");
        assertEquals(201, post(shared, person, "/api/networks",
            new JsonObject().put("name", "Anyone's network").put("visibility", "open")).statusCode());
        assertEquals(404, post(shared, person, "/api/network-requests",
            new JsonObject().put("name", "Asked").put("purpose", "Not needed")).statusCode());
    }
}
