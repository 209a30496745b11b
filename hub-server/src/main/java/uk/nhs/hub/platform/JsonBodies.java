package uk.nhs.hub.platform;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Route-chain step for endpoints that take a JSON object: refuses other media types (415) and bodies that
 * are not a JSON object (400), then hands the parsed object on through {@link #of(RoutingContext)}.
 */
public final class JsonBodies {

    private static final String KEY = "hub.jsonBody";

    private JsonBodies() {
    }

    /** The handler to put in a route chain before the endpoint's own handler. */
    public static Handler<RoutingContext> required() {
        return ctx -> {
            String type = ctx.request().getHeader("Content-Type");
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw HubException.unsupportedMediaType("Send the request body as application/json");
            }
            Object parsed;
            try {
                parsed = ctx.body().buffer() == null ? null : ctx.body().buffer().toJsonValue();
            } catch (DecodeException e) {
                throw HubException.invalid(null, "The request body is not valid JSON");
            }
            if (!(parsed instanceof JsonObject object)) {
                throw HubException.invalid(null, "The request body must be a JSON object");
            }
            ctx.put(KEY, object);
            ctx.next();
        };
    }

    /** The body parsed by {@link #required()}. */
    public static JsonObject of(RoutingContext ctx) {
        JsonObject body = ctx.get(KEY);
        if (body == null) {
            throw new IllegalStateException("JsonBodies.required() is missing from this route");
        }
        return body;
    }

    /** An optional text field; 400 naming the field when it is present but not a string. */
    public static String text(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        throw HubException.invalid(field, "'" + field + "' must be text");
    }
}
