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
            Object parsed = ctx.get(ControlCharacters.PARSED_JSON);
            try {
                if (parsed == null && ctx.body().buffer() != null) {
                    parsed = ctx.body().buffer().toJsonValue();
                }
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

    /** An optional true/false field; 400 naming the field when it is present but not a boolean. */
    public static Boolean bool(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw HubException.invalid(field, "'" + field + "' must be true or false");
    }

    /** A true/false field that is {@code fallback} when absent. */
    public static boolean bool(JsonObject body, String field, boolean fallback) {
        Boolean value = bool(body, field);
        return value == null ? fallback : value;
    }

    /**
     * An optional whole number between {@code min} and {@code max}; 400 naming the field when it is not a whole
     * number or out of range. The range is checked before narrowing, so a large number is never cut to its low
     * bits.
     */
    public static Long integer(JsonObject body, String field, long min, long max) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)) {
            if (value instanceof java.math.BigInteger) {
                throw HubException.invalid(field, "'" + field + "' is too large a number");
            }
            throw HubException.invalid(field, "'" + field + "' must be a whole number");
        }
        long number = ((Number) value).longValue();
        if (number < min || number > max) {
            throw outOfRange(field, min, max);
        }
        return number;
    }

    /** An optional whole number that fits an {@code int} once checked against {@code min} and {@code max}. */
    public static Integer smallInteger(JsonObject body, String field, int min, int max) {
        Long value = integer(body, field, min, max);
        return value == null ? null : Math.toIntExact(value);
    }

    private static HubException outOfRange(String field, long min, long max) {
        if (min == Integer.MIN_VALUE && max == Integer.MAX_VALUE || min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return HubException.invalid(field, "'" + field + "' is too large a number");
        }
        return HubException.invalid(field, "'" + field + "' must be between " + min + " and " + max);
    }

    /** An optional array of text; 400 naming the field when it is not an array or holds anything but text. */
    public static java.util.List<String> texts(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof io.vertx.core.json.JsonArray array)) {
            throw HubException.invalid(field, "'" + field + "' must be a list of text");
        }
        java.util.List<String> texts = new java.util.ArrayList<>(array.size());
        for (Object item : array) {
            if (!(item instanceof String text)) {
                throw HubException.invalid(field, "'" + field + "' must be a list of text");
            }
            texts.add(text);
        }
        return texts;
    }

    /** An optional array of ids; 400 naming the field when it is not an array of UUIDs. */
    public static java.util.List<java.util.UUID> ids(JsonObject body, String field) {
        java.util.List<String> texts;
        try {
            texts = texts(body, field);
        } catch (HubException e) {
            throw HubException.invalid(field, "'" + field + "' must be a list of ids");
        }
        if (texts == null) {
            return null;
        }
        java.util.List<java.util.UUID> ids = new java.util.ArrayList<>(texts.size());
        for (String text : texts) {
            ids.add(id(field, text));
        }
        return ids;
    }

    /** An optional id field; 400 naming the field when it is present but not a UUID. */
    public static java.util.UUID id(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw HubException.invalid(field, "'" + field + "' must be an id");
        }
        return id(field, text);
    }

    private static java.util.UUID id(String field, String text) {
        try {
            if (text.length() == 36) {
                return java.util.UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same refusal as a wrong length
        }
        throw HubException.invalid(field, "'" + field + "' must be an id");
    }
}
