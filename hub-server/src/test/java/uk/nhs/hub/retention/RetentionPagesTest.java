package uk.nhs.hub.retention;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The retention page: organisers choose keep forever or a number of years and months per kind, mistakes come
 * back in the error summary with what was typed, and only administrators see the form that sets a legal hold.
 */
class RetentionPagesTest {

    private static WebClient client;
    private static TestUser admin;
    private static TestUser organiser;
    private static TestUser member;
    private static String id;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        admin = TestUsers.create(client, "Ada Administrator");
        await(TestHub.get().pool().preparedQuery("INSERT INTO platform_administrators (user_id) VALUES ($1)")
            .execute(Tuple.of(admin.id())));
        organiser = TestUsers.create(client, "Olu Organiser");
        member = TestUsers.create(client, "Mo Member");
        id = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Records network").put("slug", "records-network")
                .put("visibility", "private"))).bodyAsJsonObject().getString("id");
        await(client.post("/api/networks/" + id + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", member.email()).put("role", "member")));
    }

    private static JsonObject settings() {
        return await(client.get("/api/networks/" + id + "/retention").putHeader("Authorization", organiser.bearer())
            .send()).bodyAsJsonObject();
    }

    @Test
    void organisersSavePeriodsInYearsAndMonthsAndSeeMistakesWithWhatTheyTyped() {
        HttpResponse<Buffer> page = PageRequests.get(client, organiser, "/networks/records-network/retention");
        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("Retention for Records network"));
        assertTrue(page.bodyAsString().contains("Only an administrator of the hub can put a network under legal hold"));
        assertFalse(page.bodyAsString().contains("legalHoldReason"));

        HttpResponse<Buffer> wrong = PageRequests.post(client, organiser, "/networks/records-network/retention", Map.of(
            "discussions", "after", "discussionsYears", "six", "meetings", "after", "meetingsYears", "200",
            "responses", "keep"));
        assertEquals(400, wrong.statusCode());
        String body = wrong.bodyAsString();
        assertTrue(body.contains("nhsuk-error-summary"));
        assertTrue(body.contains("href=\"#discussionsYears\""));
        assertTrue(body.contains("value=\"six\""), "what was typed is kept");
        assertTrue(body.contains("Keep meeting records for between 1 month and 100 years"));
        assertEquals(null, settings().getInteger("discussionsMonths"));

        HttpResponse<Buffer> saved = PageRequests.post(client, organiser, "/networks/records-network/retention", Map.of(
            "discussions", "after", "discussionsYears", "6", "meetings", "after", "meetingsYears", "1",
            "meetingsMonths", "6", "responses", "keep"));
        assertEquals(303, saved.statusCode(), saved.bodyAsString());
        JsonObject now = settings();
        assertEquals(72, now.getInteger("discussionsMonths"));
        assertEquals(18, now.getInteger("meetingsMonths"));
        assertEquals(null, now.getInteger("responsesMonths"));
    }

    @Test
    void administratorsSetALegalHoldWithAReasonThatOrganisersThenSee() {
        HttpResponse<Buffer> noReason = PageRequests.post(client, admin, "/networks/records-network/retention/hold",
            Map.of("legalHold", "on", "legalHoldReason", ""));
        assertEquals(400, noReason.statusCode());
        assertTrue(noReason.bodyAsString().contains("Enter the reason for the legal hold"));

        assertEquals(403, PageRequests.post(client, organiser, "/networks/records-network/retention/hold",
            Map.of("legalHold", "on", "legalHoldReason", "Inquiry")).statusCode());
        assertEquals(303, PageRequests.post(client, admin, "/networks/records-network/retention/hold",
            Map.of("legalHold", "on", "legalHoldReason", "Coroner's inquest")).statusCode());
        String seen = PageRequests.get(client, organiser, "/networks/records-network/retention").bodyAsString();
        assertTrue(seen.contains("Under legal hold"));
        assertTrue(seen.contains("Coroner&#39;s inquest") || seen.contains("Coroner's inquest"), seen);

        assertEquals(303, PageRequests.post(client, admin, "/networks/records-network/retention/hold", Map.of())
            .statusCode());
        assertFalse(settings().getBoolean("legalHold"));
    }

    @Test
    void membersAreRefusedAndSignedOutPeopleSignInFirst() {
        assertEquals(403, PageRequests.get(client, member, "/networks/records-network/retention").statusCode());
        assertEquals(403, PageRequests.post(client, member, "/networks/records-network/retention",
            Map.of("discussions", "keep")).statusCode());
        HttpResponse<Buffer> signedOut = PageRequests.get(client, null, "/networks/records-network/retention");
        assertEquals(303, signedOut.statusCode());
        assertTrue(signedOut.getHeader("Location").startsWith("/sign-in"));
    }
}
