package uk.nhs.hub.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.ApiContract;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The served OpenAPI document is one that OpenAPI tools can read, and describes exactly the API the hub mounts.
 * (Every response the tests receive is checked against it by {@code ContractCheck}.)
 */
class ApiContractTest {

    @Test
    void theDocumentIsServedAsYaml() {
        HttpResponse<Buffer> response = await(TestHub.get().client().get("/api/openapi.yaml").send());
        assertEquals(200, response.statusCode());
        assertTrue(response.getHeader("Content-Type").startsWith("application/yaml"));
        assertTrue(response.bodyAsString().startsWith("openapi: 3."));
    }

    @Test
    void theServedDocumentIsValidAgainstTheOpenApiMetaSchema() {
        ApiContract contract = TestHub.get().contract();
        assertEquals(List.of(), contract.documentErrors());
        // the parser also resolved every $ref and built each operation, or the hub would not have started
        assertNotNull(contract.contract().findOperation("/api/networks/{id}", io.vertx.core.http.HttpMethod.GET));
    }

    @Test
    void aDocumentThatIsNotValidYamlIsReported() {
        String yaml = await(TestHub.get().client().get("/api/openapi.yaml").send()).bodyAsString();
        // the mistake that once made the served document unreadable: an unquoted "[" inside a flow mapping
        String broken = yaml.replace("description: \"Markdown; @[Name] or @[Role title] or @email mentions notify\"",
            "description: Markdown; @[Name] or @[Role title] or @email mentions notify");
        assertNotEquals(yaml, broken, "the sample mistake must apply to the served document");

        List<String> errors = ApiContract.fromYaml(TestHub.get().vertx(), broken).documentErrors();

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("not valid YAML"), errors.get(0));
    }

    @Test
    void aDocumentWithAStrayKeyInASchemaIsReported() {
        String yaml = await(TestHub.get().client().get("/api/openapi.yaml").send()).bodyAsString();
        // the mistake this check first found: an unquoted comma in a flow mapping starts a new key
        String broken = yaml.replace("description: 'The request field the error is about, when there is one'",
            "description: The request field the error is about, when there is one");
        assertNotEquals(yaml, broken, "the sample mistake must apply to the served document");

        List<String> errors = ApiContract.fromYaml(TestHub.get().vertx(), broken).documentErrors();

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("#/components/schemas/Error/properties/error/properties/field/when"),
            errors.get(0));
    }

    @Test
    void aResponseThatContradictsItsDocumentedSchemaIsReported() {
        TestHub.get().resetDatabase();
        TestUsers.TestUser user = TestUsers.create(TestHub.get().client(), "Contract Checker");
        String yaml = await(TestHub.get().client().get("/api/openapi.yaml").send()).bodyAsString();
        String stricter = yaml.replace("    Account:\n      type: object\n      required: [id, email, displayName]\n",
            "    Account:\n      type: object\n      required: [id, email, displayName, nickname]\n");
        assertNotEquals(yaml, stricter, "the sample change must apply to the served document");
        ApiContract contract = ApiContract.fromYaml(TestHub.get().vertx(), stricter);
        WebClient client = contract.watch(WebClient.create(TestHub.get().vertx(),
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(TestHub.get().port())));

        await(client.get("/api/me").putHeader("Authorization", user.bearer()).send());
        await(client.get("/api/networks/" + java.util.UUID.randomUUID())
            .putHeader("Authorization", user.bearer()).send());

        List<String> violations = contract.takeViolations();
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("GET /api/me -> 200"), violations.get(0));
        assertTrue(violations.get(0).contains("nickname"), violations.get(0));
    }

    @Test
    void everyApiRouteIsDocumentedAndEveryDocumentedRouteExists() {
        Set<String> documented = new TreeSet<>(TestHub.get().contract().operations());
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

    @Test
    void everyResponseWithABodyDocumentsItsSchema() {
        Set<String> undescribed = new TreeSet<>();
        var document = TestHub.get().contract().document();
        var paths = document.getJsonObject("paths");
        for (String operation : TestHub.get().contract().operations()) {
            String[] parts = operation.split(" ", 2);
            var responses = paths.getJsonObject(parts[1]).getJsonObject(parts[0].toLowerCase()).getJsonObject("responses");
            for (String status : responses.fieldNames()) {
                var response = responses.getJsonObject(status);
                String ref = response.getString("$ref");
                if (ref != null) {
                    response = document.getJsonObject("components").getJsonObject("responses")
                        .getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
                }
                var content = response.getJsonObject("content");
                if (status.equals("204") || status.equals("304")) {
                    assertTrue(content == null, operation + " " + status + " has content");
                } else if (content == null || content.isEmpty()) {
                    undescribed.add(operation + " " + status + ": no content");
                } else {
                    for (String type : content.fieldNames()) {
                        var schema = content.getJsonObject(type).getJsonObject("schema");
                        if (schema == null || schema.isEmpty()) {
                            undescribed.add(operation + " " + status + " " + type + ": no schema");
                        } else if ("object".equals(schema.getString("type")) && !schema.containsKey("required")) {
                            undescribed.add(operation + " " + status + " " + type + ": an object with no required properties");
                        }
                    }
                }
            }
        }
        assertTrue(undescribed.isEmpty(), undescribed.size() + " responses say too little:\n  "
            + String.join("\n  ", undescribed));
    }

    @Test
    void everyDocumentedErrorResponseUsesTheOneErrorShape() {
        Set<String> otherShapes = new TreeSet<>();
        var paths = TestHub.get().contract().document().getJsonObject("paths");
        for (String operation : TestHub.get().contract().operations()) {
            String[] parts = operation.split(" ", 2);
            if (!parts[1].startsWith("/api/")) {
                // the probes answer in the formats load balancers and Prometheus expect
                continue;
            }
            var responses = paths.getJsonObject(parts[1]).getJsonObject(parts[0].toLowerCase()).getJsonObject("responses");
            for (String status : responses.fieldNames()) {
                if (status.startsWith("4") || status.startsWith("5")) {
                    String json = responses.getJsonObject(status).encode();
                    if (!json.contains("#/components/responses/") && !json.contains("#/components/schemas/Error")) {
                        otherShapes.add(operation + " " + status);
                    }
                }
            }
        }
        assertTrue(otherShapes.isEmpty(), "error responses not in the Error shape: " + otherShapes);
    }
}
