package uk.nhs.hub.platform;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Map;

/**
 * The one rule for text people send: control characters other than tab, CR and LF are refused with a 400 naming
 * the field, never stripped. PostgreSQL cannot store NUL at all, and the other control characters are never
 * typed by a person, so text holding them is a client fault, not something to repair silently.
 * {@link #refused()} applies the rule to every query parameter, form field and JSON body of a request, so a new
 * endpoint gets it without asking; CSV cells and other text read elsewhere call {@link #check(String, String)}.
 */
public final class ControlCharacters {

    /** Where the parsed JSON body is kept so that {@link JsonBodies} does not parse it twice. */
    static final String PARSED_JSON = "hub.parsedJson";

    private ControlCharacters() {
    }

    /** True when the text holds a character the rule refuses. */
    public static boolean isRefused(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
                return true;
            }
        }
        return false;
    }

    /** Throws a 400 naming {@code field} when {@code value} holds a refused character; null passes. */
    public static String check(String field, String value) {
        if (value != null && isRefused(value)) {
            throw HubException.invalid(field, "'" + field + "' must not contain control characters");
        }
        return value;
    }

    /**
     * A control character in a request path, percent-encoded as UTF-8 (C0 other than tab, LF and CR, DEL, C1) or
     * raw; paths reach route parameters decoded, after this check.
     */
    private static final java.util.regex.Pattern ENCODED_CONTROL = java.util.regex.Pattern.compile(
        "%(?:0[0-8BCEFbcef]|1[0-9A-Fa-f]|7[Ff]|[Cc]2%[89][0-9A-Fa-f])|[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    /** The route-chain step, placed after the body handler, that checks the whole request. */
    public static Handler<RoutingContext> refused() {
        return ctx -> {
            if (ENCODED_CONTROL.matcher(ctx.request().path()).find()) {
                // a path segment names something (a network's slug, an id): it is never text with controls in it
                throw HubException.invalid(null, "The address contains a character that is not allowed");
            }
            MultiMap query;
            try {
                query = ctx.queryParams();
            } catch (RuntimeException e) {
                throw HubException.invalid(null, "The query string is not correctly encoded");
            }
            check(query);
            String type = ctx.request().getHeader("Content-Type");
            String mediaType = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (mediaType.startsWith("application/x-www-form-urlencoded") || mediaType.startsWith("multipart/form-data")) {
                check(ctx.request().formAttributes());
            } else if (mediaType.startsWith("application/json") && ctx.body().buffer() != null
                    && ctx.body().buffer().length() > 0) {
                try {
                    Object parsed = ctx.body().buffer().toJsonValue();
                    ctx.put(PARSED_JSON, parsed);
                    walk(null, parsed);
                } catch (DecodeException e) {
                    // JsonBodies refuses it in the error shape on the routes that read JSON
                }
            }
            ctx.next();
        };
    }

    private static void check(MultiMap values) {
        for (Map.Entry<String, String> entry : values) {
            check(entry.getKey(), entry.getKey());
            check(entry.getKey(), entry.getValue());
        }
    }

    private static void walk(String path, Object value) {
        if (value instanceof String text) {
            check(path == null ? "body" : path, text);
        } else if (value instanceof JsonObject object) {
            for (Map.Entry<String, Object> entry : object) {
                String field = path == null ? entry.getKey() : path + "." + entry.getKey();
                check(field, entry.getKey());
                walk(field, entry.getValue());
            }
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                walk((path == null ? "body" : path) + "[" + i + "]", array.getValue(i));
            }
        }
    }
}
