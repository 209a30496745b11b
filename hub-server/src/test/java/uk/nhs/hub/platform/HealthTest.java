package uk.nhs.hub.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.Hub;
import uk.nhs.hub.TestHub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class HealthTest {

    private final WebClient client = TestHub.get().client();

    @Test
    void healthSaysTheProcessIsUp() {
        HttpResponse<Buffer> response = await(client.get("/health").send());
        assertEquals(200, response.statusCode());
        assertEquals("up", response.bodyAsJsonObject().getString("status"));
    }

    @Test
    void readySaysTheDatabaseAnswers() {
        HttpResponse<Buffer> response = await(client.get("/ready").send());
        assertEquals(200, response.statusCode());
        assertEquals("ready", response.bodyAsJsonObject().getString("status"));
        assertEquals("up", response.bodyAsJsonObject().getString("database"));
    }

    @Test
    void readyIs503WhenTheDatabaseIsUnreachable() {
        Hub orphan = TestHub.get().startAnother(json -> { });
        try {
            await(orphan.pool().close());
            WebClient other = WebClient.create(TestHub.get().vertx(),
                new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(orphan.port()));
            HttpResponse<Buffer> response = await(other.get("/ready").send());
            assertEquals(503, response.statusCode());
            assertEquals("down", response.bodyAsJsonObject().getString("database"));
        } finally {
            await(orphan.stop());
        }
    }

    @Test
    void metricsAreServedAsPrometheusText() {
        await(client.get("/health").send());
        HttpResponse<Buffer> response = await(client.get("/metrics").send());
        assertEquals(200, response.statusCode());
        String text = response.bodyAsString();
        assertTrue(text.contains("vertx_http_server_requests_total"), text.lines().limit(20).toList().toString());
        assertTrue(text.contains("jvm_memory_used_bytes"));
    }
}
