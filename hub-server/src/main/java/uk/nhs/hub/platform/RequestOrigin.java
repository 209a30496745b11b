package uk.nhs.hub.platform;

import io.vertx.ext.web.RoutingContext;

/**
 * Where a request came from, for throttling, sessions and the audit log.
 *
 * @param remoteAddress the client's address: the peer's, or behind a trusted proxy the one it reports
 *                      (see {@link TrustedProxies})
 * @param userAgent     the client's User-Agent header, or null
 */
public record RequestOrigin(String remoteAddress, String requestId, String userAgent) {

    public static RequestOrigin of(RoutingContext ctx) {
        String address = ctx.get(TrustedProxies.CLIENT_ADDRESS);
        if (address == null) {
            address = ctx.request().remoteAddress().hostAddress();
        }
        return new RequestOrigin(address, RequestIds.of(ctx), ctx.request().getHeader("User-Agent"));
    }
}
