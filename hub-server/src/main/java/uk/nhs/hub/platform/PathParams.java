package uk.nhs.hub.platform;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/** Path parameters that name things by id: an id that is not a UUID names nothing, so it is a 404. */
public final class PathParams {

    private PathParams() {
    }

    public static UUID uuid(RoutingContext ctx, String name, String notFoundMessage) {
        try {
            return UUID.fromString(ctx.pathParam(name));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw HubException.notFound(notFoundMessage);
        }
    }
}
