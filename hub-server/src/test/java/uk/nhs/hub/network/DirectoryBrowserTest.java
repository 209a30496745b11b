package uk.nhs.hub.network;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

/** The network directory in a real browser, with and without JavaScript; see browser-tests/directory.mjs. */
class DirectoryBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void theDirectoryFoldsWithJavaScriptIsANestedListWithoutItAndSearchesOnTheServer() throws Exception {
        BrowserScripts.run("directory.mjs");
    }
}
