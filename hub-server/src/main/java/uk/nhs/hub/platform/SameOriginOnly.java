package uk.nhs.hub.platform;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;

/**
 * Refuses cross-site use of the live-update bridge (403): the request's Origin must name the host it was sent
 * to. {@code null} (sent by sandboxed frames, {@code file:} pages and some redirects) names no site and is
 * refused. A missing Origin is refused too, with one exception: browsers leave Origin off same-origin GETs
 * (SockJS's {@code /info} and its streaming fallbacks), and mark those {@code Sec-Fetch-Site: same-origin}, which
 * a page cannot set and which no cross-site request carries.
 */
public final class SameOriginOnly implements Handler<RoutingContext> {

    static final String REFUSAL = "Live updates are available only to pages of this site";

    @Override
    public void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        boolean allowed = origin == null
            ? isSafe(ctx.request().method()) && "same-origin".equals(ctx.request().getHeader("Sec-Fetch-Site"))
            : sameOrigin(origin, ctx.request().getHeader("Host"));
        if (!allowed) {
            ctx.fail(HubException.forbidden(REFUSAL));
            return;
        }
        ctx.next();
    }

    private static boolean isSafe(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }

    static boolean sameOrigin(String origin, String host) {
        if (origin == null || host == null || "null".equals(origin)) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host.equalsIgnoreCase(authority);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
