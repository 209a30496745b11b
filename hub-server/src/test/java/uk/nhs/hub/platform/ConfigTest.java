package uk.nhs.hub.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class ConfigTest {

    private static HubConfig load(Map<String, String> environment) {
        return await(ConfigLoader.load(TestHub.get().vertx(), environment));
    }

    @Test
    void theBundledDefaultsDescribeAnEmbeddedHubOnPort8080() {
        HubConfig config = load(Map.of());

        assertEquals(8080, config.http().port());
        assertTrue(config.database().url().isEmpty(), "no URL means the embedded database");
        assertEquals(Path.of("./data"), config.dataDir());
        assertEquals(Path.of("./data").resolve("jwt.key"), config.jwtKeyFile());
        assertFalse(config.http().cookieSecure());
        assertTrue(config.smtp().host().isEmpty(), "without SMTP, mail goes to the log");
        assertTrue(config.security().trustedProxies().isEmpty(), "X-Forwarded-For is believed from nobody");
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        HubConfig config = load(Map.of(
            "HUB_PORT", "9090",
            "HUB_DATABASE_URL", "postgresql://hub:secret@db.example:5432/hub",
            "HUB_DATA_DIR", "/var/lib/hub",
            "HUB_BASE_URL", "https://hub.example.nhs.uk/",
            "HUB_JWT_KEY_FILE", "/run/secrets/jwt",
            "HUB_COOKIE_SECURE", "true",
            "HUB_SMTP_HOST", "smtp.example",
            "HUB_SMTP_PORT", "25",
            "HUB_TRUSTED_PROXIES", "10.0.0.5, 192.168.0.0/16"));

        assertEquals(9090, config.http().port());
        assertEquals("postgresql://hub:secret@db.example:5432/hub", config.database().url().orElseThrow());
        assertEquals(Path.of("/var/lib/hub"), config.dataDir());
        assertEquals("https://hub.example.nhs.uk", config.http().baseUrl(), "a trailing slash is dropped");
        assertEquals(Path.of("/run/secrets/jwt"), config.jwtKeyFile());
        assertTrue(config.http().cookieSecure());
        assertEquals("smtp.example", config.smtp().host().orElseThrow());
        assertEquals(25, config.smtp().port());
        assertEquals("203.0.113.9", config.security().trustedProxies().clientAddress("192.168.3.4", List.of("203.0.113.9")));
        assertEquals("10.0.0.6", config.security().trustedProxies().clientAddress("10.0.0.6", List.of("203.0.113.9")));
    }

    @Test
    void aConfigFileNamedByHubConfigIsMergedOverTheDefaults() throws Exception {
        Path file = Files.createTempFile("hub", ".json");
        Files.writeString(file, new JsonObject().put("http", new JsonObject().put("port", 8181)).encode());

        HubConfig config = load(Map.of("HUB_CONFIG", file.toString()));

        assertEquals(8181, config.http().port());
        assertEquals("0.0.0.0", config.http().host(), "unnamed settings keep their defaults");
    }

    @Test
    void aMalformedSettingIsRefusedByName() {
        IllegalStateException port = assertThrows(IllegalStateException.class, () -> load(Map.of("HUB_PORT", "eighty")));
        assertTrue(port.getMessage().contains("'http.port' must be a whole number"), port.getMessage());

        IllegalStateException range = assertThrows(IllegalStateException.class, () -> load(Map.of("HUB_PORT", "70000")));
        assertTrue(range.getMessage().contains("'http.port' must be between 0 and 65535"), range.getMessage());

        IllegalStateException bool = assertThrows(IllegalStateException.class,
            () -> load(Map.of("HUB_COOKIE_SECURE", "maybe")));
        assertTrue(bool.getMessage().contains("'http.cookieSecure' must be true or false"), bool.getMessage());

        IllegalStateException proxies = assertThrows(IllegalStateException.class,
            () -> load(Map.of("HUB_TRUSTED_PROXIES", "10.0.0.5, nginx.local")));
        assertTrue(proxies.getMessage().contains("'security.trustedProxies'") && proxies.getMessage().contains("nginx.local"),
            proxies.getMessage());
    }

    @Test
    void everyDocumentedVariableIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("hub.web.dir"), "..", "README.md").normalize());
        for (String variable : HubConfig.ENVIRONMENT.keySet()) {
            assertTrue(readme.contains("`" + variable + "`"), variable + " is missing from the README's table");
        }
    }
}
