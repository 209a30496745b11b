package uk.nhs.hub.discussion;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/** Private networks and memberships for discussion tests, made through the real API. */
final class DiscussionApiTestSupport {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final WebClient client;

    DiscussionApiTestSupport(WebClient client) {
        this.client = client;
    }

    /** A private network (inside {@code parent} when given); its creator is its organiser. */
    String network(TestUser by, String name, String parent) {
        JsonObject body = new JsonObject().put("name", name)
            .put("slug", name.toLowerCase().replace(' ', '-') + "-" + SEQUENCE.incrementAndGet()).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        HttpResponse<Buffer> response = await(client.post("/api/networks").putHeader("Authorization", by.bearer()).sendJsonObject(body));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getString("id");
    }

    void member(TestUser by, String networkId, TestUser who, String role) {
        member(by, networkId, who, role, null);
    }

    void member(TestUser by, String networkId, TestUser who, String role, String title) {
        HttpResponse<Buffer> response = await(client.post("/api/networks/" + networkId + "/members").putHeader("Authorization", by.bearer())
            .sendJsonObject(new JsonObject().put("email", who.email()).put("role", role).put("roleTitle", title)));
        assertEquals(201, response.statusCode(), response.bodyAsString());
    }
}
