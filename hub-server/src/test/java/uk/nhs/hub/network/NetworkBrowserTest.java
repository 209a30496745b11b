package uk.nhs.hub.network;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

class NetworkBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void networkPagesAreAccessibleUpdateLiveAndCatchUpAfterADroppedConnection() throws Exception {
        BrowserScripts.run("networks.mjs");
    }
}
