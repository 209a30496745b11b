package uk.nhs.hub.platform;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.Hub;
import uk.nhs.hub.TestHub;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The hub's logback configuration with {@code HUB_LOG_FORMAT=json}: one JSON object a line, with the request id. */
class JsonLogTest {

    private static final String REQUEST_ID = "json-log-test-0001";

    @Test
    void jsonLogLinesParseAndCarryTheRequestId() throws Exception {
        Hub orphan = TestHub.get().startAnother(json -> { });
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            await(orphan.pool().close());
            configure(context, "json");
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            WebClient other = WebClient.create(TestHub.get().vertx(),
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(orphan.port()));
            HttpResponse<Buffer> response = await(other.post("/api/auth/login").putHeader(RequestIds.HEADER, REQUEST_ID)
                .sendJsonObject(new JsonObject().put("email", "nobody@test.nhs.uk").put("password", "not a real one")));
            // a closed pool is the hub's own fault, not an outage: an error, logged with its stack trace
            assertEquals(500, response.statusCode(), response.bodyAsString());
        } finally {
            System.setOut(console);
            configure(context, null);
            await(orphan.stop());
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty(), "nothing was logged");
        JsonObject failure = null;
        for (String line : lines) {
            JsonObject parsed = new JsonObject(line);
            if (REQUEST_ID.equals(parsed.getJsonObject("mdc", new JsonObject()).getString("requestId"))) {
                failure = parsed;
            }
        }
        assertNotNull(failure, "no line carries the request id: " + lines);
        assertEquals("ERROR", failure.getString("level"));
        assertTrue(failure.getString("formattedMessage").contains("request " + REQUEST_ID + " POST /api/auth/login failed"),
            failure.encode());
        assertEquals(ErrorResponder.class.getName(), failure.getString("loggerName"));
        assertNotNull(failure.getJsonObject("throwable"), "the failure's stack trace is in the line");
    }

    @Test
    void theTextFormatStaysTheDefault() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            configure(context, null);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LoggerFactory.getLogger(JsonLogTest.class).info("plain words for people");
        } finally {
            System.setOut(console);
        }
        String line = captured.toString(StandardCharsets.UTF_8).trim();
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .* - plain words for people"), line);
    }

    /** Reloads the hub's own logback.xml as if HUB_LOG_FORMAT were {@code format} (unset when null). */
    private static void configure(LoggerContext context, String format) throws Exception {
        URL file = JsonLogTest.class.getClassLoader().getResource("logback.xml");
        assertNotNull(file, "logback.xml is on the classpath");
        context.reset();
        if (format != null) {
            context.putProperty("HUB_LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(file);
    }
}
