package uk.nhs.hub.admin;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;

import java.util.UUID;

import static uk.nhs.hub.TestHub.await;

/** The administration pages in Chromium, with axe, with JavaScript on and off (browser-tests/admin.mjs). */
class AdminBrowserTest {

    /** The password the browser scripts sign in with. */
    private static final String SCRIPT_PASSWORD = "quartz lantern meadow 58";
    private static String adminEmail;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        adminEmail = TestUsers.uniqueEmail("browser admin");
        var registered = await(TestHub.get().client().post("/api/auth/register").sendJsonObject(new JsonObject()
            .put("email", adminEmail).put("password", SCRIPT_PASSWORD).put("displayName", "Bea Administrator")));
        UUID admin = UUID.fromString(registered.bodyAsJsonObject().getString("id"));
        AdministrationApiTest.makeAdministrator(admin);
        // a private network the administrator is not in, held, so the legal holds page has one to list and download
        await(TestHub.get().pool().preparedQuery("""
            WITH made AS (INSERT INTO networks (name, slug, visibility) VALUES ('Browser inquiry network',
                'browser-inquiry', 'private') RETURNING id)
            INSERT INTO network_retention (network_id, legal_hold, legal_hold_reason, hold_set_by, hold_set_at)
            SELECT id, true, 'Public inquiry', $1, now() FROM made
            """).execute(io.vertx.sqlclient.Tuple.of(admin)));
    }

    @Test
    void anAdministratorSuspendsAnAccountWhoseOpenPageIsSignedOutAndReactivatesItWithoutJavaScript() throws Exception {
        BrowserScripts.run("admin.mjs", adminEmail);
    }
}
