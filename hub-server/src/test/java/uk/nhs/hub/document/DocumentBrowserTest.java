package uk.nhs.hub.document;

import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;

class DocumentBrowserTest {

    @Test
    void membersUploadThroughTheLibraryPageWithMouseOrKeyboardAndOpenLibrariesShowNewPapers() throws Exception {
        BrowserScripts.run("library.mjs");
    }
}
