package uk.nhs.hub.meeting;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

/** Sending a delegate and being one, in a real browser on a desktop, a phone and without JavaScript. */
class DelegatesBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void aMemberSendsADelegateByAddressAndTheDelegateSeesWhomTheyAttendFor() throws Exception {
        BrowserScripts.run("delegates.mjs");
    }
}
