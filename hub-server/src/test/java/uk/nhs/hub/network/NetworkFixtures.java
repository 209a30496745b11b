package uk.nhs.hub.network;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static uk.nhs.hub.TestHub.await;

/** Networks and memberships made through the real API. */
final class NetworkFixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private NetworkFixtures() {
    }

    static String uniqueSlug(String stem) {
        return stem + "-" + SEQUENCE.incrementAndGet();
    }

    static JsonObject create(WebClient client, TestUser organiser, String name, String visibility, UUID parentId) {
        JsonObject body = new JsonObject().put("name", name).put("slug", uniqueSlug(slugOf(name)))
            .put("visibility", visibility);
        if (parentId != null) {
            body.put("parentId", parentId.toString());
        }
        HttpResponse<Buffer> response = await(client.post("/api/networks")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(body));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create network failed: " + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }

    static JsonObject create(WebClient client, TestUser organiser, String name, String visibility) {
        return create(client, organiser, name, visibility, null);
    }

    static UUID id(JsonObject network) {
        return UUID.fromString(network.getString("id"));
    }

    static void addMember(WebClient client, TestUser organiser, UUID networkId, TestUser member, String role, String title) {
        HttpResponse<Buffer> response = await(client.post("/api/networks/" + networkId + "/members")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", member.email()).put("role", role).put("roleTitle", title)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("add member failed: " + response.bodyAsString());
        }
    }

    private static String slugOf(String name) {
        return name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
