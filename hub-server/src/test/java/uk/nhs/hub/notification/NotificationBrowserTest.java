package uk.nhs.hub.notification;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

/** The live unread badge in real Chromium (see {@code hub-web/browser-tests/notifications.mjs}). */
class NotificationBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void aMentionRaisesTheBadgeLiveInEveryTabAndOpeningItClearsThemAll() throws Exception {
        BrowserScripts.run("notifications.mjs");
    }
}
