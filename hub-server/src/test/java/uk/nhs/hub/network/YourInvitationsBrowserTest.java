package uk.nhs.hub.network;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/** "Your invitations" in real Chromium (see {@code hub-web/browser-tests/invitations.mjs}). */
class YourInvitationsBrowserTest {

    /** The password browser-tests/browser.mjs signs in with. */
    private static final String BROWSER_PASSWORD = "quartz lantern meadow 58";

    @Test
    void anInviteeAcceptsOneInvitationAndDeclinesAnotherFromTheirInvitationsPage() throws Exception {
        WebClient client = TestHub.get().client();
        TestUser organiser = TestUsers.create(client, "Bea Browser Organiser");
        String email = TestUsers.uniqueEmail("browser.invitee");
        assertEquals(201, await(client.post("/api/auth/register").sendJsonObject(new JsonObject().put("email", email)
            .put("password", BROWSER_PASSWORD).put("displayName", "Ivy Browser"))).statusCode());
        // as if they had once used an emailed invitation link, which shows the address is theirs
        await(TestHub.get().pool().preparedQuery("UPDATE users SET email_verified_at = now() WHERE email = $1").execute(Tuple.of(email)));
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String joining = "Renal network " + suffix;
        String declining = "Stroke network " + suffix;
        for (String name : new String[] {joining, declining}) {
            UUID network = NetworkFixtures.id(NetworkFixtures.create(client, organiser, name, "private"));
            assertEquals(201, await(client.post("/api/networks/" + network + "/invitations").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", email).put("role", "member"))).statusCode());
        }
        BrowserScripts.run("invitations.mjs", email, joining, declining);
    }
}
