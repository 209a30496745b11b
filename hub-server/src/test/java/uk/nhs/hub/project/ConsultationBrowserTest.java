package uk.nhs.hub.project;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

/** The consultation pages in a real browser, checked with axe, with the organiser's project page counting responses live. */
class ConsultationBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void organisersRunAConsultationMembersAndTheLinkAnswerItAndTheCountRisesLive() throws Exception {
        BrowserScripts.run("consultations.mjs");
    }
}
