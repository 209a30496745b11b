package uk.nhs.hub.meeting;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

class MeetingBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void organisersScheduleWithAPreviewAndRepliesShowLive() throws Exception {
        BrowserScripts.run("meetings.mjs");
    }

    @Test
    void organisersChooseARepeatInPlainFieldsOnADesktopAPhoneAndWithoutJavaScript() throws Exception {
        BrowserScripts.run("scheduling.mjs");
    }

    @Test
    void organisersAndMembersWorkOnOneDateFromItsPage() throws Exception {
        BrowserScripts.run("occurrences.mjs");
    }
}
