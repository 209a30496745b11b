package uk.nhs.hub.project;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

/** The project pages in a real browser, checked with axe, with a member's open page following the changes live. */
class ProjectBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void organisersWorkOnAProjectFromItsPageAndMembersSeeTheChangesLive() throws Exception {
        BrowserScripts.run("projects.mjs");
    }
}
