package uk.nhs.hub.account;

import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person who forgot their password gets back in through the pages: forgot-password form, the link from the
 * email (read from the outbox, as a mail client would receive it), a new password, and sign-in; then they change
 * it again from the change-password page. Every page is checked with axe, with and without JavaScript.
 */
class PasswordBrowserTest {

    private static final Pattern LINK = Pattern.compile("https?://\\S+/reset-password\\?token=[A-Za-z0-9_-]+");

    @Test
    void aPersonResetsAForgottenPasswordFromTheEmailedLinkAndSignsIn() throws Exception {
        TestUser user = TestUsers.create(TestHub.get().client(), "Fern Forgetful");
        Path mailbox = Files.createTempFile("reset-link", ".txt");
        Files.delete(mailbox);
        // the script asks for the email, then waits for this file: the link as the person's mail client would show it
        Thread postman = new Thread(() -> {
            List<String> emails = PasswordResetTest.resetEmails(user.email(), 1);
            while (emails.isEmpty() && !Thread.currentThread().isInterrupted()) {
                emails = PasswordResetTest.resetEmails(user.email(), 1);
            }
            Matcher link = LINK.matcher(emails.get(0));
            if (link.find()) {
                String path = link.group().replaceFirst("https?://[^/]+", "");
                try {
                    Files.writeString(mailbox, path, StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        postman.setDaemon(true);
        postman.start();
        try {
            BrowserScripts.run("password.mjs", user.email(), mailbox.toString());
        } finally {
            postman.interrupt();
            Files.deleteIfExists(mailbox);
        }
    }
}
