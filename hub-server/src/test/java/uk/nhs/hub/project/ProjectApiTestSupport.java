package uk.nhs.hub.project;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import uk.nhs.hub.TestUsers.TestUser;

import static uk.nhs.hub.TestHub.await;

/** Fixtures for project tests, made through the real API. */
final class ProjectApiTestSupport {

    private ProjectApiTestSupport() {
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
