package uk.nhs.hub;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a browser test script from {@code hub-web/browser-tests} against the shared hub. The scripts drive
 * Debian's Chromium with playwright-core. Without Chromium the test is skipped on a developer's machine and
 * fails in CI ({@code CI=true}), where {@code .ci/run} installs it.
 */
public final class BrowserScripts {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

    private BrowserScripts() {
    }

    public static void run(String script) throws IOException, InterruptedException {
        run(script, new String[0]);
    }

    /** Runs {@code script} with {@code arguments} after the base address, for what only the test can know. */
    public static void run(String script, String... arguments) throws IOException, InterruptedException {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!ci) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "browser tests need Chromium at " + CHROMIUM + " (apt-get install -y chromium)");
        }
        Path web = Path.of(System.getProperty("hub.web.dir")).toAbsolutePath().normalize();
        Path output = Files.createTempFile("browser-" + script, ".log");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("node", "browser-tests/" + script,
            "http://localhost:" + TestHub.get().port()));
        command.addAll(java.util.List.of(arguments));
        Process process = new ProcessBuilder(command)
            .directory(web.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);
        assertTrue(finished, script + " did not finish in 5 minutes:\n" + log);
        assertEquals(0, process.exitValue(), script + " failed:\n" + log);
    }
}
