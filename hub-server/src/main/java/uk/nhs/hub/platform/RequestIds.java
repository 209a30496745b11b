package uk.nhs.hub.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in the {@code X-Request-Id} response header and quoted in error
 * responses and logs, so a person reporting a problem can give support something to search for.
 * A well-formed id sent by a proxy is kept.
 */
public final class RequestIds implements Handler<RoutingContext> {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "hub.requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    @Override
    public void handle(RoutingContext ctx) {
        String incoming = ctx.request().getHeader(HEADER);
        String id = incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    /** The id of the request being handled. */
    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "unknown" : id;
    }
}
