package uk.nhs.hub;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs {@link Main} as a real process, as {@code java -jar} would. */
class MainProcessTest {

    private static Process launch(Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            Main.class.getName());
        builder.environment().keySet().removeIf(name -> name.startsWith("HUB_"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(false);
        return builder.start();
    }

    private static List<String> lines(java.io.InputStream stream) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void aBadSettingEndsStartUpWithExitCode1AndOneLineReason() throws Exception {
        Process process = launch(Map.of("HUB_PORT", "eighty"));

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        List<String> stderr = lines(process.getErrorStream());
        assertEquals(1, process.exitValue());
        assertEquals(List.of("hub: could not start: setting 'http.port' must be a whole number, not 'eighty'"), stderr);
    }

    @Test
    void anUnknownLogFormatEndsStartUpRatherThanLoggingNothing() throws Exception {
        Process process = launch(Map.of("HUB_LOG_FORMAT", "xml"));

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        List<String> stderr = lines(process.getErrorStream());
        assertEquals(1, process.exitValue());
        assertEquals(List.of("hub: could not start: HUB_LOG_FORMAT must be text or json, not 'xml'"), stderr);
    }

    @Test
    void anUnreachableDatabaseEndsStartUpWithExitCode1() throws Exception {
        Path data = Files.createTempDirectory("hub-main");
        Process process = launch(Map.of("HUB_DATABASE_URL", "postgresql://hub:hub@127.0.0.1:1/hub",
            "HUB_DATA_DIR", data.toString(), "HUB_PORT", "0"));

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        List<String> stderr = lines(process.getErrorStream());
        assertEquals(1, process.exitValue());
        assertEquals(1, stderr.size(), stderr.toString());
        assertTrue(stderr.get(0).startsWith("hub: could not start: "), stderr.get(0));
    }

    @Test
    void theHubServesAndStopsGracefullyOnSigterm() throws Exception {
        Path data = Files.createTempDirectory("hub-main");
        Path log = data.resolve("stdout.log");
        String url = TestHub.get().config().database().url().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Main.class.getName());
        builder.environment().keySet().removeIf(name -> name.startsWith("HUB_"));
        builder.environment().putAll(Map.of("HUB_DATABASE_URL", url, "HUB_DATA_DIR", data.toString(),
            "HUB_PORT", "0", "HUB_HOST", "127.0.0.1"));
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Pattern started = Pattern.compile("Network hub started in \\d+ ms .*listening on port (\\d+)");
            int port = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port < 0 && System.nanoTime() < deadline && process.isAlive()) {
                Matcher matcher = started.matcher(Files.readString(log));
                if (matcher.find()) {
                    port = Integer.parseInt(matcher.group(1));
                } else {
                    Thread.sleep(100);
                }
            }
            assertTrue(port > 0, "the hub reported its port:\n" + Files.readString(log));
            // a person starting the hub reads its own lines, not the logging library describing its configuration
            assertTrue(!Files.readString(log).contains("ch.qos.logback"), Files.readString(log));
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(Files.exists(data.resolve("jwt.key")), "a signing key was generated on first start");

            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            String output = Files.readString(log);
            assertTrue(output.contains("Shutting down"), output);
            assertTrue(output.contains("Stopped"), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
