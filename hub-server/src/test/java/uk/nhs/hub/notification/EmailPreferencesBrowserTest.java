package uk.nhs.hub.notification;

import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

class EmailPreferencesBrowserTest {

    @Test
    void aPersonUnsubscribesFromAnEmailWithoutSigningInAndChoosesTheirEmailsWithAndWithoutJavaScript() throws Exception {
        TestUser person = TestUsers.create(TestHub.get().client(), "Ezra Emails");
        EmailTestSupport.notify(person, Notifications.Kind.MENTION, null, "Sam mentioned you");
        Row email = EmailTestSupport.outbox(person.email()).get(0);
        String unsubscribe = email.getJsonObject("headers").getString("List-Unsubscribe")
            .replaceFirst("^<https?://[^/]+", "").replaceFirst(">$", "");

        BrowserScripts.run("email-preferences.mjs", person.email(), TestUsers.PASSWORD, unsubscribe);
    }
}
