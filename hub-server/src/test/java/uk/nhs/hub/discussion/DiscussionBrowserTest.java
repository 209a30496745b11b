package uk.nhs.hub.discussion;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

class DiscussionBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void postsAppearLiveInAnotherBrowserAndNoneAreLostOrDoubledOverAReconnect() throws Exception {
        BrowserScripts.run("discussions.mjs");
    }
}
