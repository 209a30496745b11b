package uk.nhs.hub.platform;

import io.vertx.ext.web.RoutingContext;

/** Where a request came from, for throttling and the audit log. */
public record RequestOrigin(String remoteAddress, String requestId) {

    public static RequestOrigin of(RoutingContext ctx) {
        return new RequestOrigin(ctx.request().remoteAddress().hostAddress(), RequestIds.of(ctx));
    }
}
