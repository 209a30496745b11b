package uk.nhs.hub.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The served OpenAPI document describes exactly the API the hub mounts. */
class ApiContractTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

    /** Operations in the document as {@code "METHOD /path"}, read from its {@code paths} section. */
    private static Set<String> documentedOperations(String yaml) {
        Set<String> operations = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inPaths = line.equals("paths:");
                continue;
            }
            if (!inPaths) {
                continue;
            }
            if (line.startsWith("  /") && line.endsWith(":") && !line.startsWith("   ")) {
                path = line.trim().substring(0, line.trim().length() - 1);
            } else if (path != null && line.startsWith("    ") && !line.startsWith("     ")) {
                String key = line.trim().replace(":", "");
                if (METHODS.contains(key)) {
                    operations.add(key.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return operations;
    }

    @Test
    void theDocumentIsServedAsYaml() {
        HttpResponse<Buffer> response = await(TestHub.get().client().get("/api/openapi.yaml").send());
        assertEquals(200, response.statusCode());
        assertTrue(response.getHeader("Content-Type").startsWith("application/yaml"));
        assertTrue(response.bodyAsString().startsWith("openapi: 3."));
    }

    @Test
    void everyApiRouteIsDocumentedAndEveryDocumentedRouteExists() {
        String yaml = await(TestHub.get().client().get("/api/openapi.yaml").send()).bodyAsString();
        Set<String> documented = documentedOperations(yaml);
        Set<String> mounted = new TreeSet<>();
        for (String route : TestHub.get().routes()) {
            String[] parts = route.split(" ", 2);
            if (parts[1].startsWith("/api/") || parts[1].startsWith("/calendar/")
                || List.of("/health", "/ready", "/metrics").contains(parts[1])) {
                mounted.add(parts[0] + " " + parts[1].replaceAll(":([A-Za-z]+)", "{$1}"));
            }
        }
        Set<String> undocumented = new TreeSet<>(mounted);
        undocumented.removeAll(documented);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(mounted);
        assertTrue(undocumented.isEmpty(), "mounted but not documented: " + undocumented);
        assertTrue(missing.isEmpty(), "documented but not mounted: " + missing);
    }
}
