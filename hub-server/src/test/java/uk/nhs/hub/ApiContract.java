package uk.nhs.hub;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static uk.nhs.hub.TestHub.await;

/**
 * The served OpenAPI document, read by a real OpenAPI parser, and a check of every response the tests receive
 * against it. {@link #watch} makes a web client hand each response to an API path to {@link #check}; the
 * violations found are collected until {@link #takeViolations()}, which {@link ContractCheck} calls after each
 * test class, so a response that contradicts the contract fails the class that received it.
 */
public final class ApiContract {

    /**
     * Refusals any request may get, documented once in the contract's description rather than on every operation:
     * an address or headers over the server's limits (made before any route is chosen), and the database being
     * unreachable.
     */
    private static final java.util.Set<Integer> PROTOCOL_REFUSALS = java.util.Set.of(414, 431, 503);

    private static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete");

    private final JsonObject document;
    private final List<String> documentErrors = new ArrayList<>();
    private final OpenAPIContract contract;
    private final ResponseValidator validator;
    private final List<String> violations = new ArrayList<>();
    private final List<Future<?>> pending = new ArrayList<>();
    private final AtomicInteger checked = new AtomicInteger();
    private final AtomicInteger checkedInTotal = new AtomicInteger();
    private final Set<String> exercised = ConcurrentHashMap.newKeySet();

    private ApiContract(Vertx vertx, String yaml) {
        JsonObject parsedYaml;
        try {
            parsedYaml = parseYaml(yaml);
        } catch (RuntimeException e) {
            documentErrors.add("not valid YAML: " + e.getMessage());
            parsedYaml = new JsonObject().put("paths", new JsonObject());
        }
        document = parsedYaml;
        if (documentErrors.isEmpty()) {
            checkAgainstMetaSchema(vertx);
        }
        OpenAPIContract parsed = null;
        if (documentErrors.isEmpty()) {
            try {
                parsed = await(OpenAPIContract.from(vertx, validationView(document)));
            } catch (IllegalStateException e) {
                documentErrors.add("vertx-openapi cannot build the contract: " + e.getMessage());
            }
        }
        contract = parsed;
        validator = parsed == null ? null : ResponseValidator.create(vertx, parsed);
    }

    private void checkAgainstMetaSchema(Vertx vertx) {
        OutputUnit metaSchema;
        try {
            OpenAPIVersion version = OpenAPIVersion.fromContract(document);
            metaSchema = await(version.getRepository(vertx, "app:///")
                .compose(repository -> version.validateContract(vertx, repository, document)));
        } catch (RuntimeException e) {
            documentErrors.add("not an OpenAPI 3 document: " + e.getMessage());
            return;
        }
        if (!Boolean.TRUE.equals(metaSchema.getValid())) {
            List<OutputUnit> errors = metaSchema.getErrors() == null ? List.of() : metaSchema.getErrors();
            // the meta-schema reports every enclosing object as failing too; the deepest locations name the fault
            for (OutputUnit error : errors) {
                String location = error.getInstanceLocation();
                boolean enclosing = errors.stream()
                    .anyMatch(other -> other.getInstanceLocation().startsWith(location + "/"));
                if (!enclosing) {
                    documentErrors.add(location + ": " + error.getError());
                }
            }
            if (errors.isEmpty()) {
                documentErrors.add(metaSchema.toString());
            }
        }
    }

    /**
     * Fetches the document as the hub serves it and parses it; errors in the document are kept for
     * {@link #documentErrors()} rather than thrown, so that they fail the tests instead of the hub's start.
     */
    public static ApiContract load(Vertx vertx, int port) {
        WebClient plain = WebClient.create(vertx);
        try {
            HttpResponse<Buffer> response = await(plain.get(port, "127.0.0.1", "/api/openapi.yaml").send());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/api/openapi.yaml answered " + response.statusCode());
            }
            return new ApiContract(vertx, response.bodyAsString());
        } finally {
            plain.close();
        }
    }

    /** A contract read from YAML text rather than from the hub, for testing the checks themselves. */
    public static ApiContract fromYaml(Vertx vertx, String yaml) {
        return new ApiContract(vertx, yaml);
    }

    /** The document as JSON, exactly as served. */
    public JsonObject document() {
        return document;
    }

    /** The errors found when checking the served document against the OpenAPI meta-schema (none if valid). */
    public List<String> documentErrors() {
        return List.copyOf(documentErrors);
    }

    /** The parsed contract that responses are validated against, or null if the document has errors. */
    public OpenAPIContract contract() {
        return contract;
    }

    /** Every operation of the document as {@code "METHOD /path"}. */
    public List<String> operations() {
        List<String> operations = new ArrayList<>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return operations;
    }

    /** Makes {@code client} report every response it receives to this contract. */
    public WebClient watch(WebClient client) {
        if (contract == null) {
            return client;
        }
        // vertx-web-client's interceptor chain is the one place that sees every request with its response,
        // whichever of send, sendJson or sendForm a test used
        ((WebClientInternal) client).addInterceptor(context -> {
            if (context.phase() == ClientPhase.DISPATCH_RESPONSE) {
                check(context);
            }
            context.next();
        });
        return client;
    }

    private void check(HttpContext<?> context) {
        HttpMethod method = context.request().method();
        String uri = context.requestOptions().getURI();
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        if (!path.startsWith("/api/") && !path.startsWith("/calendar/")
            && !List.of("/health", "/ready", "/metrics").contains(path)) {
            return;
        }
        String template = findPath(path);
        JsonObject operation = template == null ? null : document.getJsonObject("paths").getJsonObject(template)
            .getJsonObject(method.name().toLowerCase(Locale.ROOT));
        if (operation == null) {
            // an undocumented route is ApiContractTest's concern
            return;
        }
        String operationId = operation.getString("operationId", method.name() + " " + template);
        HttpResponse<?> response = context.response();
        String request = method + " " + abbreviate(uri) + " -> " + response.statusCode();
        JsonObject documented = operation.getJsonObject("responses");
        JsonObject described = documented.getJsonObject(String.valueOf(response.statusCode()),
            documented.getJsonObject("default"));
        checked.incrementAndGet();
        checkedInTotal.incrementAndGet();
        exercised.add(operationId);
        if (described == null && PROTOCOL_REFUSALS.contains(response.statusCode())) {
            checkProtocolRefusal(request, response);
            return;
        }
        if (described == null) {
            violation(request + ": the status is not documented for " + operationId);
            return;
        }
        String contentType = response.getHeader("Content-Type");
        Buffer body = response.bodyAsBuffer();
        boolean hasBody = body != null && body.length() > 0;
        JsonObject content = resolve(described).getJsonObject("content", new JsonObject());
        if (!hasBody) {
            if (!content.isEmpty() && method != HttpMethod.HEAD) {
                violation(request + ": no body, though " + content.fieldNames() + " is documented");
            }
            return;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        if (!content.containsKey(mediaType)) {
            violation(request + ": Content-Type " + contentType + " is not documented (documented: "
                + content.fieldNames() + ")");
            return;
        }
        if (!isJson(mediaType)) {
            return;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        MultiMap received = response.headers();
        received.names().forEach(name -> headers.put(name, received.get(name)));
        Future<?> validated = validator.validate(
                ValidatableResponse.create(response.statusCode(), headers, body, mediaType), operationId)
            .onFailure(err -> violation(request + ": " + describe(err) + "\n    body: " + abbreviate(body.toString())));
        synchronized (this) {
            pending.add(validated);
        }
    }

    /** A refusal made before routing has no operation to validate against, but must still be the one error shape. */
    private void checkProtocolRefusal(String request, HttpResponse<?> response) {
        Buffer body = response.bodyAsBuffer();
        try {
            JsonObject error = body == null ? null : new JsonObject(body).getJsonObject("error");
            if (error == null || !(error.getValue("code") instanceof String)
                    || !(error.getValue("message") instanceof String)) {
                violation(request + ": not the error shape\n    body: " + (body == null ? "" : abbreviate(body.toString())));
            }
        } catch (RuntimeException notJson) {
            violation(request + ": not the error shape\n    body: " + abbreviate(body.toString()));
        }
    }

    /**
     * The document's path template that matches a request path, literal segments before parameters (as OpenAPI
     * says), or null. A parameter matches one non-empty segment or the part of it before a literal suffix.
     */
    private String findPath(String path) {
        String best = null;
        int bestLiteral = -1;
        for (String template : document.getJsonObject("paths").fieldNames()) {
            String regex = java.util.Arrays.stream(template.split("\\{[^}]+}", -1))
                .map(java.util.regex.Pattern::quote)
                .collect(java.util.stream.Collectors.joining("[^/]+"));
            if (path.matches(regex)) {
                int literal = template.replaceAll("\\{[^}]+}", "").length();
                if (literal > bestLiteral) {
                    best = template;
                    bestLiteral = literal;
                }
            }
        }
        return best;
    }

    private JsonObject resolve(JsonObject response) {
        String ref = response.getString("$ref");
        if (ref == null) {
            return response;
        }
        JsonObject target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.getJsonObject(part);
        }
        return target;
    }

    private static String describe(Throwable err) {
        if (err instanceof SchemaValidationException invalid && invalid.getOutputUnit() != null) {
            StringBuilder text = new StringBuilder(invalid.getMessage());
            List<OutputUnit> errors = invalid.getOutputUnit().getErrors();
            if (errors != null) {
                for (OutputUnit error : errors) {
                    text.append("\n    ").append(error.getInstanceLocation()).append(": ").append(error.getError());
                }
            }
            return text.toString();
        }
        return err.getMessage();
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    private synchronized void violation(String text) {
        violations.add(text);
    }

    /** How many responses have been checked since the last {@link #takeViolations()}. */
    public int checkedSinceLastTake() {
        return checked.get();
    }

    /** How many responses have been checked in this JVM. */
    public int checkedInTotal() {
        return checkedInTotal.get();
    }

    /** The operations that have answered at least one checked response in this JVM. */
    public Set<String> operationsExercised() {
        return Set.copyOf(exercised);
    }

    /** Waits for the checks under way, then returns (and forgets) the violations found so far. */
    public List<String> takeViolations() {
        if (contract == null) {
            return List.of("/api/openapi.yaml is not a valid OpenAPI document, so no response could be checked: "
                + documentErrors);
        }
        List<Future<?>> waiting;
        synchronized (this) {
            waiting = new ArrayList<>(pending);
            pending.clear();
        }
        for (Future<?> future : waiting) {
            try {
                await(future);
            } catch (IllegalStateException alreadyRecorded) {
                // the failure handler has recorded it as a violation
            }
        }
        synchronized (this) {
            List<String> found = new ArrayList<>(violations);
            violations.clear();
            checked.set(0);
            return found;
        }
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /**
     * The document with only what vertx-openapi's validator models: it supports JSON, multipart and plain text
     * bodies and needs an operationId to name each operation, so other media types (CSV, iCalendar, YAML), whose
     * content is checked separately by {@link #check}, are left out, and each operation without an operationId
     * is named {@code "METHOD /path"}. The server URL is made absolute for the same reason.
     */
    private static JsonObject validationView(JsonObject document) {
        JsonObject view = document.copy();
        // the document's relative server URL "/" is valid OpenAPI, but vertx-openapi reads it with java.net.URL
        view.put("servers", new JsonArray().add(new JsonObject().put("url", "http://hub.invalid/")));
        JsonObject paths = new JsonObject();
        view.getJsonObject("paths").forEach(entry -> paths.put(
            // vertx-openapi wants a template's braces to fill a whole segment ("{id}.ics" is valid OpenAPI, but
            // not to it); check() finds operations itself and names them by operationId, so the key may change
            entry.getKey().replace("}.", "}/."), entry.getValue()));
        view.put("paths", paths);
        for (String viewPath : paths.fieldNames()) {
            String path = viewPath.replace("}/.", "}.");
            JsonObject item = paths.getJsonObject(viewPath);
            for (String method : METHODS) {
                JsonObject operation = item.getJsonObject(method);
                if (operation == null) {
                    continue;
                }
                if (!operation.containsKey("operationId")) {
                    operation.put("operationId", method.toUpperCase(Locale.ROOT) + " " + path);
                }
                JsonObject body = operation.getJsonObject("requestBody");
                if (body != null && keepJsonOnly(body)) {
                    operation.remove("requestBody");
                }
                JsonObject responses = operation.getJsonObject("responses");
                for (String status : responses.fieldNames()) {
                    JsonObject response = responses.getJsonObject(status);
                    if (keepJsonOnly(response)) {
                        response.remove("content");
                    }
                }
            }
        }
        return (JsonObject) nullableAsJsonSchema(view);
    }

    /**
     * OpenAPI 3.0's {@code nullable: true} as plain JSON Schema ({@code anyOf} null or the schema), because
     * vertx-json-schema validates 3.0 schemas without that keyword and would refuse every documented null.
     */
    private static Object nullableAsJsonSchema(Object value) {
        if (value instanceof JsonArray array) {
            JsonArray converted = new JsonArray();
            array.forEach(item -> converted.add(nullableAsJsonSchema(item)));
            return converted;
        }
        if (!(value instanceof JsonObject object)) {
            return value;
        }
        JsonObject converted = new JsonObject();
        object.forEach(entry -> converted.put(entry.getKey(), nullableAsJsonSchema(entry.getValue())));
        Object nullable = converted.remove("nullable");
        if (!Boolean.TRUE.equals(nullable)) {
            return converted;
        }
        return new JsonObject().put("anyOf", new JsonArray()
            .add(new JsonObject().put("enum", new JsonArray().addNull()))
            .add(converted));
    }

    /** Removes non-JSON media types from a body or response; true if none is left. */
    private static boolean keepJsonOnly(JsonObject holder) {
        JsonObject content = holder.getJsonObject("content");
        if (content == null) {
            return false;
        }
        content.fieldNames().removeIf(type -> !isJson(type));
        return content.isEmpty();
    }

    private static JsonObject parseYaml(String yaml) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalStateException("the document is not a YAML mapping");
        }
        return (JsonObject) toJson(parsed);
    }

    /** YAML's own types (integer keys, timestamps) as JSON ones, as an OpenAPI tool reading YAML sees them. */
    private static Object toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((key, item) -> object.put(String.valueOf(key), toJson(item)));
            return object;
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return String.valueOf(value);
    }
}
