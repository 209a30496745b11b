package uk.nhs.hub.retention;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;

import java.util.UUID;

import static uk.nhs.hub.TestHub.await;

/** The retention page in Chromium, with axe, with JavaScript on and off (browser-tests/retention.mjs). */
class RetentionBrowserTest {

    /** The password the browser scripts sign in with. */
    private static final String SCRIPT_PASSWORD = "quartz lantern meadow 58";
    private static String adminEmail;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        adminEmail = TestUsers.uniqueEmail("retention admin");
        var registered = await(TestHub.get().client().post("/api/auth/register").sendJsonObject(new JsonObject()
            .put("email", adminEmail).put("password", SCRIPT_PASSWORD).put("displayName", "Bea Administrator")));
        await(TestHub.get().pool().preparedQuery("INSERT INTO platform_administrators (user_id) VALUES ($1)")
            .execute(Tuple.of(UUID.fromString(registered.bodyAsJsonObject().getString("id")))));
    }

    @Test
    void anOrganiserSetsPeriodsAndAnAdministratorPutsTheNetworkUnderLegalHoldWithoutJavaScript() throws Exception {
        BrowserScripts.run("retention.mjs", adminEmail);
    }
}
