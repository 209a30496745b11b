package uk.nhs.hub.platform;

import io.vertx.ext.web.RoutingContext;

/**
 * Where a request came from, for throttling, sessions and the audit log.
 *
 * @param userAgent the client's User-Agent header, or null
 */
public record RequestOrigin(String remoteAddress, String requestId, String userAgent) {

    public static RequestOrigin of(RoutingContext ctx) {
        return new RequestOrigin(ctx.request().remoteAddress().hostAddress(), RequestIds.of(ctx),
            ctx.request().getHeader("User-Agent"));
    }
}
