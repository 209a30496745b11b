package uk.nhs.hub.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in the {@code X-Request-Id} response header and quoted in error
 * responses and logs, so a person reporting a problem can give support something to search for.
 * A well-formed id sent by a proxy is kept.
 */
public final class RequestIds implements Handler<RoutingContext> {

    public static final String HEADER = "X-Request-Id";
    /** The key of the request id in the logging MDC, which the JSON log format writes as {@code mdc.requestId}. */
    public static final String MDC_KEY = "requestId";
    private static final String KEY = "hub.requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    @Override
    public void handle(RoutingContext ctx) {
        String incoming = ctx.request().getHeader(HEADER);
        String id = incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        // an event loop serves many requests, so the id is in the MDC only while this request's handlers run
        // synchronously; code logging later in a callback puts it back with logged(ctx)
        MDC.put(MDC_KEY, id);
        try {
            ctx.next();
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** Puts the request's id in the logging MDC until the returned value is closed. */
    public static MDC.MDCCloseable logged(RoutingContext ctx) {
        return MDC.putCloseable(MDC_KEY, of(ctx));
    }

    /** The id of the request being handled. */
    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "unknown" : id;
    }
}
