package uk.nhs.hub.platform;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What logback says of its configuration reaches the console only when it is an error. */
class LoggingErrorsTest {

    private static LoggerContext context;

    private static String errorsPrintedReading(String xml) throws Exception {
        PrintStream console = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context = new LoggerContext();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } finally {
            System.setErr(console);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnusedAppenderIsOnlyAWarningAndPrintsNothing() throws Exception {
        String printed = errorsPrintedReading("""
            <configuration>
              <statusListener class="uk.nhs.hub.platform.LoggingErrors"/>
              <appender name="used" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%msg%n</pattern></encoder></appender>
              <appender name="unused" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%msg%n</pattern></encoder></appender>
              <root level="INFO"><appender-ref ref="used"/></root>
            </configuration>
            """);
        assertEquals("", printed);
        assertTrue(context.getStatusManager().getCopyOfStatusList().stream()
            .anyMatch(status -> status.getLevel() == ch.qos.logback.core.status.Status.WARN
                && status.getMessage().contains("not referenced")), "logback warned of the unused appender");
    }

    @Test
    void anErrorMetBeforeTheListenerIsAttachedIsPrintedToo() throws Exception {
        // an appender without a class fails in logback's first reading, before it attaches the listener
        String printed = errorsPrintedReading("""
            <configuration>
              <statusListener class="uk.nhs.hub.platform.LoggingErrors"/>
              <appender name="classless"/>
            </configuration>
            """);
        assertTrue(printed.startsWith("hub: logging: "), printed);
        assertTrue(printed.contains("class"), printed);
    }

    @Test
    void aBrokenConfigurationIsPrintedAsTheHubsOwnLine() throws Exception {
        String printed = errorsPrintedReading("""
            <configuration>
              <statusListener class="uk.nhs.hub.platform.LoggingErrors"/>
              <appender name="broken" class="uk.nhs.hub.NoSuchAppender"/>
              <root level="INFO"><appender-ref ref="broken"/></root>
            </configuration>
            """);
        assertTrue(printed.startsWith("hub: logging: "), printed);
        assertTrue(printed.contains("NoSuchAppender"), printed);
    }
}
