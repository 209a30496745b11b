package uk.nhs.hub.broadcast;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

class BroadcastBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void theCentresDashboardUpdatesWhenANetworkAcknowledgesAndResponds() throws Exception {
        BrowserScripts.run("broadcasts.mjs");
    }
}
