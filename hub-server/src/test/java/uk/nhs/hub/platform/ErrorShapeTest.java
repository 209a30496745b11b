package uk.nhs.hub.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.HttpException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class ErrorShapeTest {

    private static WebClient client;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
    }

    private static JsonObject error(HttpResponse<Buffer> response) {
        assertEquals("application/json", response.getHeader("Content-Type"));
        JsonObject body = response.bodyAsJsonObject();
        assertEquals(1, body.size(), "only the error member: " + body);
        return body.getJsonObject("error");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        long limit = TestHub.get().config().http().bodyLimitBytes();
        Buffer big = Buffer.buffer("{\"email\":\"" + "a".repeat((int) limit) + "\"}");

        HttpResponse<Buffer> response = await(client.post("/api/auth/register")
            .putHeader("Content-Type", "application/json").sendBuffer(big));

        assertEquals(413, response.statusCode());
        assertEquals("payload_too_large", error(response).getString("code"));
    }

    @Test
    void malformedJsonIs400() {
        HttpResponse<Buffer> response = await(client.post("/api/auth/register")
            .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"email\": ")));

        assertEquals(400, response.statusCode());
        assertEquals("invalid", error(response).getString("code"));
        assertEquals("The request body is not valid JSON", error(response).getString("message"));
    }

    @Test
    void aJsonValueThatIsNotAnObjectIs400() {
        HttpResponse<Buffer> response = await(client.post("/api/auth/login")
            .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1, 2]")));

        assertEquals(400, response.statusCode());
        assertEquals("The request body must be a JSON object", error(response).getString("message"));
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415() {
        HttpResponse<Buffer> response = await(client.post("/api/auth/login")
            .putHeader("Content-Type", "application/xml").sendBuffer(Buffer.buffer("<login/>")));

        assertEquals(415, response.statusCode());
        assertEquals("unsupported_media_type", error(response).getString("code"));
    }

    @Test
    void anUnknownApiPathIs404InTheErrorShape() {
        HttpResponse<Buffer> response = await(client.get("/api/no-such-thing").send());

        assertEquals(404, response.statusCode());
        assertEquals("not_found", error(response).getString("code"));
        assertNotNull(response.getHeader(RequestIds.HEADER));
    }

    @Test
    void aWrongMethodIs405InTheErrorShape() {
        HttpResponse<Buffer> response = await(client.put("/api/me").send());

        assertEquals(405, response.statusCode());
        assertEquals("method_not_allowed", error(response).getString("code"));
    }

    @Test
    void browsersAskingForHtmlGetAnNhsStyledErrorPage() {
        HttpResponse<Buffer> response = await(client.get("/no-such-page").putHeader("Accept", "text/html").send());

        assertEquals(404, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.getHeader("Content-Type"));
        String html = response.bodyAsString();
        assertTrue(html.contains("<h1>Page not found</h1>"), html);
        assertTrue(html.contains("nhsuk-header"), "rendered in the NHS.UK layout");
    }

    @Test
    void aWellFormedIncomingRequestIdIsEchoed() {
        HttpResponse<Buffer> response = await(client.get("/health").putHeader(RequestIds.HEADER, "trace-12345678").send());
        assertEquals("trace-12345678", response.getHeader(RequestIds.HEADER));

        HttpResponse<Buffer> replaced = await(client.get("/health").putHeader(RequestIds.HEADER, "<script>").send());
        assertFalse(replaced.getHeader(RequestIds.HEADER).contains("<"));
    }

    @Test
    void anUnexpectedFailureIsA500ThatRevealsNothing() {
        ErrorResponder.Problem problem = ErrorResponder.describe(
            new IllegalStateException("password=hunter2 at db.internal:5432"), -1);

        assertEquals(500, problem.status());
        assertEquals("internal_error", problem.code());
        assertFalse(problem.toJson().encode().contains("hunter2"));
        assertFalse(problem.toJson().encode().contains("IllegalStateException"));
    }

    @Test
    void domainAndFrameworkFailuresKeepTheirStatus() {
        assertEquals(409, ErrorResponder.describe(HubException.conflict("slug", "taken"), -1).status());
        assertEquals("slug", ErrorResponder.describe(HubException.conflict("slug", "taken"), -1).field());
        assertEquals(413, ErrorResponder.describe(new HttpException(413), -1).status());
        assertEquals(404, ErrorResponder.describe(null, 404).status());
        ErrorResponder.Problem limited = ErrorResponder.describe(new TooManyRequestsException("slow down", 42), -1);
        assertEquals(429, limited.status());
        assertEquals(42, limited.retryAfterSeconds());
    }

    @Test
    void anInputOutputFailureIsTheDatabaseOnlyWhenASocketRaisedIt() {
        java.io.IOException render = new java.io.IOException("template failed");
        render.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("freemarker.core.Environment", "process", "Environment.java", 1),
            new StackTraceElement("uk.nhs.hub.platform.Pages", "render", "Pages.java", 1),
            new StackTraceElement("io.netty.channel.nio.NioEventLoop", "run", "NioEventLoop.java", 1)});
        assertEquals(500, ErrorResponder.describe(render, -1).status());

        java.io.IOException reset = new java.io.IOException("Connection reset by peer");
        reset.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("sun.nio.ch.SocketDispatcher", "read0", "SocketDispatcher.java", 1),
            new StackTraceElement("io.netty.channel.nio.NioEventLoop", "run", "NioEventLoop.java", 1)});
        assertEquals(503, ErrorResponder.describe(reset, -1).status());
    }

    @Test
    void aStatementRefusedOnAConnectionThatClosedUnderItIsTheDatabaseAway() {
        // what the SQL client raised for one post of a group commit while DatabaseRestartTest stopped the database
        assertEquals(503, ErrorResponder.describe(
            new io.vertx.core.VertxException("Connection is not active now, current status: CLOSED", true), -1).status());
        assertEquals(500, ErrorResponder.describe(new io.vertx.core.VertxException("Something else went wrong", true), -1).status());
    }

    @Test
    void securityHeadersAreSetOnPages() {
        HttpResponse<Buffer> response = await(client.get("/").send());

        assertEquals(200, response.statusCode());
        assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
        assertEquals("DENY", response.getHeader("X-Frame-Options"));
        String csp = response.getHeader("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self' 'nonce-"), csp);
        String nonce = csp.substring(csp.indexOf("'nonce-") + 7, csp.indexOf('\'', csp.indexOf("'nonce-") + 7));
        assertTrue(response.bodyAsString().contains("nonce=\"" + nonce + "\""), "the page uses this response's nonce");
    }
}
