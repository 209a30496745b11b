package uk.nhs.hub.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A national day at a hundredth of its size and twelve seconds long, against the freshly built hub jar: every kind
 * of request happens and none fails, and the machine's figures are reported. Its latencies say nothing about the
 * targets at this size, and it is too short to show connections the bridge would close for not pinging (30 s).
 */
class NationalDayTest {

    @Test
    void aTinyNationalDayReportsEveryOperationWithoutErrors() throws Exception {
        Path jar = Path.of("../hub-server/target/hub-server.jar");
        assertTrue(Files.exists(jar), "hub-server's jar is built before hub-bench's tests run");
        HubBench bench = new HubBench(HubBench.Options.parse(new String[]{"--only", "national", "--scale", "0.01",
            "--seconds", "12", "--warmup", "2", "--hub-jar", jar.toString()}));
        try {
            bench.run();
        } finally {
            bench.close();
        }
        NationalDay.Result day = bench.nationalResult();
        assertNotNull(day, bench.table());
        assertEquals(List.of("post", "home page", "network page", "thread page", "meeting page", "broadcast sent",
            "broadcast response", "CSV import"), List.copyOf(day.operations().keySet()));
        day.operations().values().forEach(operation -> {
            assertTrue(operation.latencies.count() > 0, operation.name + " never happened\n" + bench.table());
            assertEquals(0, operation.errors.get(), operation.name + " failed: " + operation.firstErrors + "\n" + bench.table());
        });
        assertEquals(day.size().responses(), day.operations().get("broadcast response").latencies.count(), bench.table());
        assertEquals(day.size().connections(), day.resources().connectionsOpen(), bench.table());
        assertTrue(day.resources().liveEventsDelivered() > 0, "posts reach the connected browsers\n" + bench.table());
        assertTrue(day.resources().databaseConnectionsPeak() > 0, bench.table());
        assertTrue(bench.table().contains("members one node serves per core"), bench.table());
    }

    @Test
    void eachArrivalIsSentAtItsOwnDueTimeNotOneIntervalLater() {
        // five a second: the first is due at once, the second at 200 ms, the third at 400 ms
        assertEquals(0, NationalDay.arrivalsDue(-1, 5));
        assertEquals(1, NationalDay.arrivalsDue(0, 5));
        assertEquals(1, NationalDay.arrivalsDue(199_999_999, 5));
        assertEquals(2, NationalDay.arrivalsDue(200_000_000, 5));
        assertEquals(3, NationalDay.arrivalsDue(400_000_000, 5));
        assertEquals(51, NationalDay.arrivalsDue(1_000_000_000, 50));
    }
}
