package uk.nhs.hub.platform;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The one place where failed requests become responses: {@code {"error": {"code", "message", "field"?}}} for
 * API clients, an NHS.UK error page for browsers asking for HTML. Domain exceptions, vertx-web's own status
 * failures and PostgreSQL constraint violations map to their statuses; anything else is a 500 that is
 * logged once with the request id and never shows its details to the client.
 */
public final class ErrorResponder implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final Pages pages;

    public ErrorResponder(Pages pages) {
        this.pages = pages;
    }

    /** What the client is told. */
    /** The code of a 403 for an organiser or central member of a network that requires two-step sign-in. */
    public static final String TWO_STEP_REQUIRED = "two_step_required";

    record Problem(int status, String code, String message, String field, long retryAfterSeconds) {
        JsonObject toJson() {
            JsonObject error = new JsonObject().put("code", code).put("message", message);
            if (field != null) {
                error.put("field", field);
            }
            return new JsonObject().put("error", error);
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        respond(ctx, ctx.statusCode());
    }

    /**
     * The handler for {@code router.errorHandler(status, ...)}: vertx-web calls it for requests it refuses before
     * routing (a path with bad percent-encoding) without setting the status on the context, so it is given here.
     */
    public Handler<RoutingContext> forStatus(int status) {
        return ctx -> respond(ctx, ctx.failure() == null && ctx.statusCode() < 0 ? status : ctx.statusCode());
    }

    private void respond(RoutingContext ctx, int statusCode) {
        if (ctx.response().closed()) {
            // the browser went away (a page left mid-request): nobody is there to answer, and nothing failed here
            LOG.debug("request {} {} ended: the connection was closed", ctx.request().method(), ctx.request().path());
            return;
        }
        Problem problem = describe(ctx.failure(), statusCode);
        String requestId = RequestIds.of(ctx);
        try (var logged = RequestIds.logged(ctx)) {
            if (problem.status() == 503) {
                // an outage of the database, not a fault of this request: one line, and the client is asked to retry
                LOG.warn("request {} {} {}: the database is unavailable ({})", requestId, ctx.request().method(),
                    ctx.request().path(), String.valueOf(ctx.failure()));
            } else if (problem.status() >= 500) {
                LOG.error("request {} {} {} failed", requestId, ctx.request().method(), ctx.request().path(),
                    ctx.failure());
            }
        }
        if (ctx.response().headWritten()) {
            ctx.request().connection().close();
            return;
        }
        if (problem.retryAfterSeconds() > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        if (wantsPage(ctx)) {
            pages.render(ctx, problem.status(), "error", Map.of(
                    "status", problem.status(),
                    "code", problem.code(),
                    "title", TWO_STEP_REQUIRED.equals(problem.code()) ? "Turn on two-step sign-in to continue"
                        : pageTitle(problem.status()),
                    "message", problem.message()))
                .onFailure(err -> {
                    try (var logged = RequestIds.logged(ctx)) {
                        LOG.error("request {}: the error page failed to render", requestId, err);
                    }
                    sendJson(ctx, problem);
                });
        } else {
            sendJson(ctx, problem);
        }
    }

    /**
     * Answers a request the HTTP server could not decode (an over-long address or headers, a malformed request
     * line) in the one error shape; such requests never reach the router, so {@link #handle} cannot.
     */
    public static void refuseUndecodable(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414
            : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        request.response().setStatusCode(status)
            .putHeader("Content-Type", "application/json")
            .putHeader("Connection", "close")
            .end(describe(null, status).toJson().toBuffer());
    }

    private static void sendJson(RoutingContext ctx, Problem problem) {
        if (ctx.response().headWritten()) {
            return;
        }
        JsonObject body = problem.toJson();
        if (ctx.failure() instanceof StaleVersion stale) {
            // what is stored now, so the client can show it beside what it sent and save again against it
            body.getJsonObject("error").put("current", stale.current());
        }
        Responses.json(ctx, problem.status(), body);
    }

    static Problem describe(Throwable failure, int statusCode) {
        if (failure instanceof TooManyRequestsException limited) {
            return new Problem(429, limited.code(), limited.getMessage(), null, limited.retryAfterSeconds());
        }
        if (failure instanceof HubException hub) {
            return new Problem(hub.status(), hub.code(), hub.getMessage(), hub.field().orElse(null), 0);
        }
        if (failure instanceof DecodeException) {
            return new Problem(400, "invalid", "The request body is not valid JSON", null, 0);
        }
        if (databaseUnavailable(failure)) {
            return new Problem(503, "unavailable", "The hub cannot reach its database just now. Try again in a moment",
                null, DATABASE_RETRY_SECONDS);
        }
        if (failure instanceof PgException pg) {
            switch (pg.getSqlState()) {
                case "23505":
                    return new Problem(409, "conflict", "This already exists", null, 0);
                case "23503":
                    return new Problem(409, "conflict", "This refers to something that does not exist", null, 0);
                // a last line of defence: input is checked before it reaches the database, but text PostgreSQL
                // cannot store or a date it cannot hold is still the request's fault, never the hub's
                case "22021", "22P05":
                    return new Problem(400, "invalid", "The request contains a character that cannot be stored", null, 0);
                case "22007", "22008":
                    return new Problem(400, "invalid", "A date in the request is out of range", null, 0);
                default:
                    break;
            }
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : statusCode;
        // vertx-web fails a request it cannot route (a path with bad percent-encoding) with a 4xx and its cause;
        // any other exception is a fault of the hub
        boolean clientFault = status >= 400 && status <= 499;
        if (status < 400 || status > 599 || (failure != null && !(failure instanceof HttpException) && !clientFault)) {
            status = 500;
        }
        return new Problem(status, codeFor(status), messageFor(status), null, 0);
    }

    /** How long a client is asked to wait when the database is unavailable (it restarts in seconds). */
    private static final long DATABASE_RETRY_SECONDS = 5;

    /**
     * Whether a failure means the database cannot be reached (connection refused or closed, the server shutting
     * down or starting, no free connection): the request did nothing wrong, and trying again later will work.
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08: connection exception; 57P01-57P03: shutting down, crashed, not yet accepting; 53300: too many connections
                return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
            }
            if (cause instanceof io.vertx.sqlclient.ClosedConnectionException
                    || cause instanceof java.net.ConnectException
                    || cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                    || cause instanceof java.io.IOException && fromSocket(cause)
                    || closedUnderCommand(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQL client refusing a statement because its connection closed meanwhile, as when the database stops under a
     * batch of pipelined statements. It says so only in a plain {@code VertxException} without a stack, so its
     * wording is what tells it apart.
     */
    private static boolean closedUnderCommand(Throwable error) {
        return error instanceof io.vertx.core.VertxException && error.getMessage() != null
            && error.getMessage().startsWith("Connection is not active now");
    }

    /** A broken pipe or reset connection on the database's socket, as opposed to, say, a file that failed to read. */
    private static boolean fromSocket(Throwable error) {
        // only where it was raised counts: every failure on an event loop has netty's frames at the bottom of its
        // stack, so a page that failed to render there is not a lost database connection
        StackTraceElement[] stack = error.getStackTrace();
        for (StackTraceElement frame : java.util.Arrays.copyOf(stack, Math.min(stack.length, 2))) {
            if (frame.getClassName().startsWith("io.netty.channel.") || frame.getClassName().startsWith("sun.nio.ch.")) {
                return true;
            }
        }
        return false;
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "invalid";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }

    private static String messageFor(int status) {
        return switch (status) {
            case 400 -> "The request is not valid";
            case 401 -> "Sign in to continue";
            case 403 -> "You do not have permission to do this";
            case 404 -> "Page not found";
            case 405 -> "This method is not allowed here";
            case 413 -> "The request is too large";
            case 414 -> "The address is too long";
            case 431 -> "The request headers are too large";
            case 415 -> "The request body is not of a supported type";
            case 429 -> "Too many requests; try again later";
            case 503 -> "The service is unavailable; try again later";
            default -> status >= 500
                ? "Sorry, there is a problem with the service. Try again later."
                : "The request could not be completed";
        };
    }

    private static String pageTitle(int status) {
        return switch (status) {
            case 401 -> "You need to sign in";
            case 403 -> "You do not have permission to do this";
            case 404 -> "Page not found";
            case 413 -> "What you sent is too large";
            case 429 -> "Too many attempts";
            default -> status >= 500 ? "Sorry, there is a problem with the service" : "There is a problem";
        };
    }

    private static boolean wantsPage(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.startsWith("/api/") || path.startsWith("/eventbus")) {
            return false;
        }
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }
}
