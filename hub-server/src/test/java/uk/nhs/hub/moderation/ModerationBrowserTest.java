package uk.nhs.hub.moderation;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

/** Moderation in Chromium, with axe (browser-tests/moderation.mjs). */
class ModerationBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void aMemberReportsAPostAndAnOrganiserHidesItWhichAnOpenThreadPageSeesLive() throws Exception {
        BrowserScripts.run("moderation.mjs");
    }
}
