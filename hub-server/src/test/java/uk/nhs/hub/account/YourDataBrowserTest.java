package uk.nhs.hub.account;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

class YourDataBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void aPersonDownloadsTheirDataAndDeletesTheirAccountWithAndWithoutJavaScript() throws Exception {
        BrowserScripts.run("your-data.mjs");
    }
}
