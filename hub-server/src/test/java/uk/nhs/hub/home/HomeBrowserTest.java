package uk.nhs.hub.home;

import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;

/** The home in a real browser: live changes, a phone, no JavaScript, and axe on each (home.mjs). */
class HomeBrowserTest {

    @Test
    void whatNeedsYouChangesLiveOnEveryOpenHomeAndIsAccessibleOnDesktopAndPhone() throws Exception {
        BrowserScripts.run("home.mjs");
    }
}
