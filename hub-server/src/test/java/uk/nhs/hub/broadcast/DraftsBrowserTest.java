package uk.nhs.hub.broadcast;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

/** Two people with one draft response open, in real browsers (hub-web/browser-tests/drafts.mjs). */
class DraftsBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void aStaleSaveIsRefusedWithTheOtherPersonsAnswersShownAndOpenPagesSayWhoSavedLast() throws Exception {
        BrowserScripts.run("drafts.mjs");
    }
}
