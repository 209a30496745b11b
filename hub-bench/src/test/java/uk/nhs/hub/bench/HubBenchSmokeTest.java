package uk.nhs.hub.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short run of the benchmark against the freshly built hub jar, so the tool keeps working: every figure is
 * measured (none missing), though with loads far too small to compare with the targets.
 */
class HubBenchSmokeTest {

    @Test
    void aSmallRunMeasuresEveryFigure() throws Exception {
        Path jar = Path.of("../hub-server/target/hub-server.jar");
        assertTrue(Files.exists(jar), "hub-server's jar is built before hub-bench's tests run");
        HubBench bench = new HubBench(HubBench.Options.parse(new String[]{"--smoke", "--hub-jar", jar.toString()}));
        try {
            bench.run();
        } finally {
            bench.close();
        }
        List<HubBench.Figure> figures = bench.figures();
        assertEquals(10, figures.size(), bench.table());
        figures.forEach(figure -> assertFalse(figure.measured().contains("none"), bench.table()));
        assertTrue(bench.table().contains("Fan-out to 20 bridge subscribers"), bench.table());
        assertTrue(bench.table().contains("Home page, HTML, what needs you"), bench.table());
        assertTrue(bench.table().contains("Thread page, HTML (50 of"), bench.table());
        assertTrue(bench.table().contains("posters spread over 34 networks"), bench.table());
    }
}
