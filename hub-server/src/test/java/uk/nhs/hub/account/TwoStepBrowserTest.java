package uk.nhs.hub.account;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

/** Two-step sign-in in a real Chromium, without JavaScript, with axe on every page it passes through. */
class TwoStepBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void aPersonSetsUpTwoStepSignsOutAndSignsInWithACodeFromTheirApp() throws Exception {
        BrowserScripts.run("two-step.mjs");
    }
}
