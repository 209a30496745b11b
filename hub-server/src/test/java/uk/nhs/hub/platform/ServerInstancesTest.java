package uk.nhs.hub.platform;

import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.Hub;
import uk.nhs.hub.TestHub;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The hub runs several HTTP server instances, one per event loop, and every one of them takes connections. */
class ServerInstancesTest {

    @Test
    void everyInstanceListensOnTheHubsPortAndTakesItsShareOfConnections() {
        Hub hub = TestHub.get().startAnother(json -> json.getJsonObject("http").put("instances", 3));
        try {
            List<HttpServerVerticle> servers = hub.servers();
            assertEquals(3, servers.size());
            servers.forEach(server -> assertEquals(hub.port(), server.port()));
            // a new connection for every request: connections are handed to the instances in turn
            WebClient client = WebClient.create(TestHub.get().vertx(), new WebClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(hub.port()).setKeepAlive(false));
            for (int i = 0; i < 9; i++) {
                assertEquals(200, await(client.get("/health").send()).statusCode());
            }
            client.close();
            servers.forEach(server -> assertTrue(server.requests() > 0,
                "an instance was given no requests: " + servers.stream().map(HttpServerVerticle::requests).toList()));
        } finally {
            await(hub.stop());
        }
    }

    @Test
    void theSettingDefaultsToOneInstancePerProcessor() {
        HubConfig config = TestHub.get().config(json -> json.getJsonObject("http").put("instances", 0));
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors()), config.http().serverInstances());
    }
}
