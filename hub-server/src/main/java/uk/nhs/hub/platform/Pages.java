package uk.nhs.hub.platform;

import freemarker.cache.MruCacheStorage;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.freemarker.FreeMarkerTemplateEngine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the FreeMarker pages under {@code templates/} (from hub-web) with HTML auto-escaping, adding the
 * values every page needs: the signed-in viewer, the CSRF token, the CSP nonce and the current path.
 * Templates are parsed once and cached. Output is always UTF-8, whatever the JVM's default charset.
 */
public final class Pages {

    /** Context key under which authentication leaves the viewer's page model ({@code id}, {@code displayName}). */
    public static final String VIEWER = "hub.viewer";
    /** Context key under which CSRF protection leaves the token that forms must send back. */
    public static final String CSRF_TOKEN = "hub.csrfToken";
    /** Context key under which the notifications feature leaves the viewer's unread count for the header badge. */
    public static final String UNREAD_NOTIFICATIONS = "hub.unreadNotifications";

    private final Configuration freemarker;

    public Pages(Vertx vertx, boolean development) {
        FreeMarkerTemplateEngine engine = FreeMarkerTemplateEngine.create(vertx, "ftlh");
        this.freemarker = engine.unwrap();
        freemarker.setIncompatibleImprovements(Configuration.VERSION_2_3_33);
        freemarker.setOutputFormat(HTMLOutputFormat.INSTANCE);
        strict(freemarker);
        freemarker.setCacheStorage(new MruCacheStorage(0, Integer.MAX_VALUE));
        freemarker.setTemplateUpdateDelayMilliseconds(development ? 1000 : Long.MAX_VALUE);
    }

    /**
     * The settings every template of the hub's, page or email, is rendered with: UTF-8 throughout, numbers written
     * the UK way (1,234) whatever the machine's own locale, and a mistake in a template (a missing value, a null loop
     * variable) fails loudly instead of rendering something half right.
     */
    static void strict(Configuration freemarker) {
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setOutputEncoding("UTF-8");
        freemarker.setLocale(java.util.Locale.UK);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
    }

    /** Renders {@code templates/<name>.ftlh} as an HTML response with the given status. */
    public Future<Void> render(RoutingContext ctx, int status, String name, Map<String, ?> model) {
        return renderToBuffer(ctx, name, model).compose(html -> ctx.response()
            .setStatusCode(status)
            .putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .end(html));
    }

    /** Renders a page to a buffer without sending it. */
    public Future<Buffer> renderToBuffer(RoutingContext ctx, String name, Map<String, ?> model) {
        Map<String, Object> values = new HashMap<>(model);
        values.putIfAbsent("viewer", ctx.get(VIEWER));
        values.putIfAbsent("csrfToken", ctx.get(CSRF_TOKEN));
        values.putIfAbsent("unreadNotifications", ctx.get(UNREAD_NOTIFICATIONS));
        values.putIfAbsent("cspNonce", ctx.get(SecurityHeaders.NONCE_KEY));
        values.putIfAbsent("currentPath", ctx.request().path());
        values.putIfAbsent("requestId", RequestIds.of(ctx));
        try {
            Template template = freemarker.getTemplate("templates/" + name + ".ftlh");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
            try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
                template.process(values, writer);
            }
            return Future.succeededFuture(Buffer.buffer(bytes.toByteArray()));
        } catch (Exception e) {
            return Future.failedFuture(new IllegalStateException("page " + name + " failed to render", e));
        }
    }

    /**
     * {@code json} as the plain maps, lists and values FreeMarker reads, all the way down, as a template sees what
     * encoding it as JSON text and decoding that would give (a moment as its ISO text), without writing and parsing
     * the text. Numbers keep their own Java type (a small long stays a long), which templates show and compare alike.
     */
    public static Map<String, Object> plain(JsonObject json) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        json.getMap().forEach((key, value) -> map.put(key, plainValue(value)));
        return map;
    }

    /** The same for a JSON array. */
    public static List<Object> plain(JsonArray json) {
        List<Object> list = new ArrayList<>(json.size());
        json.getList().forEach(value -> list.add(plainValue(value)));
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Object plainValue(Object value) {
        if (value instanceof JsonObject object) {
            return plain(object);
        }
        if (value instanceof JsonArray array) {
            return plain(array);
        }
        if (value instanceof Map<?, ?> map) {
            return plain(new JsonObject((Map<String, Object>) map));
        }
        if (value instanceof List<?> list) {
            return plain(new JsonArray((List<Object>) list));
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof CharSequence || value instanceof java.time.Instant) {
            return value.toString();
        }
        // anything rarer (bytes, say) as its JSON text would decode, which Vert.x decides
        return plainValue(new JsonArray(new JsonArray().add(value).encode()).getValue(0));
    }

    /** A redirect that turns a form POST into a GET ("303 See Other"). */
    public static Future<Void> seeOther(RoutingContext ctx, String location) {
        return ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }
}
