package uk.nhs.hub.home;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The home page as a browser without JavaScript gets it: rendered on the server, with its empty state. */
class HomePagesTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser newcomer;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Page Home Organiser");
        newcomer = TestUsers.create(client, "Page Home Newcomer");
        TestUser requester = TestUsers.create(client, "Page Home Requester");
        String network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Page home network").put("visibility", "request")))
            .bodyAsJsonObject().getString("id");
        assertEquals(202, await(client.post("/api/networks/" + network + "/join").putHeader("Authorization", requester.bearer())
            .sendJsonObject(new JsonObject())).statusCode());
    }

    private static String page(TestUser as) {
        HttpResponse<Buffer> response = await(client.get("/").putHeader("Cookie", as.cookieHeader()).send());
        assertEquals(200, response.statusCode());
        return response.bodyAsString();
    }

    @Test
    void theSignedInHomeListsWhatNeedsThePersonWithoutJavaScript() {
        String html = page(organiser);
        assertTrue(html.contains("<h2 id=\"needs-you\">What needs you</h2>"), html);
        assertTrue(html.contains("Decide on a request to join from Page Home Requester"), html);
        assertTrue(html.contains("Page home network"), html);
        assertTrue(html.contains("<p data-hub-needs-empty hidden>"), "the empty state is hidden when something needs them");
    }

    @Test
    void someoneWithNothingWaitingIsToldSo() {
        String html = page(newcomer);
        assertTrue(html.contains("<p data-hub-needs-empty>Nothing needs you right now.</p>"), html);
        assertTrue(html.contains("You have no meetings coming up."));
        assertFalse(html.contains("nhsuk-card__link"));
    }

    @Test
    void signedOutTheHomeStillInvitesPeopleToSignIn() {
        String html = await(client.get("/").send()).bodyAsString();
        assertTrue(html.contains("href=\"/sign-in\""));
        assertFalse(html.contains("What needs you"));
    }
}
