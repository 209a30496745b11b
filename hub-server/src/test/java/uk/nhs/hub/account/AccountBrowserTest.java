package uk.nhs.hub.account;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

/** The "Your account" page in Chromium, on a desktop and a phone, with axe (see {@code browser-tests/account.mjs}). */
class AccountBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void aPersonSeesTheirSignInsAndSignsOutAnotherDeviceAndEverywhereElseOnDesktopAndPhone() throws Exception {
        BrowserScripts.run("account.mjs");
    }
}
