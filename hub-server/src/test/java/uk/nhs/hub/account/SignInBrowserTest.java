package uk.nhs.hub.account;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

class SignInBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void aPersonRegistersSignsOutAndSignsInThroughThePagesWithAndWithoutJavaScript() throws Exception {
        BrowserScripts.run("sign-in.mjs");
    }
}
