package uk.nhs.hub.moderation;

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
 * The moderation pages without JavaScript: reporting a post from its "Report" link, the organisers' reports page
 * with its hide and resolve forms, the administrators' page, and who is told such pages do not exist.
 */
class ModerationPagesTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser author;
    private static TestUser admin;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Page organiser");
        member = TestUsers.create(client, "Page member");
        author = TestUsers.create(client, "Page author");
        admin = TestUsers.create(client, "Page administrator");
        await(TestHub.get().pool().preparedQuery("INSERT INTO platform_administrators (user_id) VALUES ($1)")
            .execute(Tuple.of(admin.id())));
        String network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Pages network").put("slug", "moderation-pages")
                .put("visibility", "private"))).bodyAsJsonObject().getString("id");
        for (TestUser who : new TestUser[] {member, author}) {
            await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", who.email()).put("role", "member")));
        }
        networkId = network;
    }

    private static String networkId;

    private static JsonObject thread(String text) {
        return await(client.post("/api/networks/" + networkId + "/threads").putHeader("Authorization", author.bearer())
            .sendJsonObject(new JsonObject().put("title", "Page target").put("body", text))).bodyAsJsonObject();
    }

    @Test
    void aMemberReportsAPostFromItsLinkAndAnEmptyReasonKeepsWhatTheyChose() {
        JsonObject thread = thread("Rota swap request");
        String postId = thread.getJsonObject("firstPost").getString("id");
        String page = PageRequests.get(client, member, "/threads/" + thread.getString("id")).bodyAsString();
        assertTrue(page.contains("/posts/" + postId + "/report"), page);
        assertFalse(PageRequests.get(client, author, "/threads/" + thread.getString("id")).bodyAsString()
            .contains("/posts/" + postId + "/report"));

        HttpResponse<Buffer> empty = PageRequests.post(client, member, "/posts/" + postId + "/report",
            Map.of("reason", "", "category", "spam"));
        assertEquals(400, empty.statusCode());
        assertTrue(empty.bodyAsString().contains("nhsuk-error-summary"));
        assertTrue(empty.bodyAsString().contains("value=\"spam\" selected"), empty.bodyAsString());

        HttpResponse<Buffer> sent = PageRequests.post(client, member, "/posts/" + postId + "/report",
            Map.of("reason", "Advertises a course", "category", "spam"));
        assertEquals(303, sent.statusCode(), sent.bodyAsString());
        assertEquals(200, PageRequests.get(client, member, sent.getHeader("Location")).statusCode());
    }

    @Test
    void anOrganiserHidesAReportedPostFromTheReportsPageAndAnEmptyReasonIsShownAgainstItsBox() {
        JsonObject thread = thread("Something to hide");
        String postId = thread.getJsonObject("firstPost").getString("id");
        PageRequests.post(client, member, "/posts/" + postId + "/report",
            Map.of("reason", "Names a patient", "category", "personal-information"));
        String page = PageRequests.get(client, organiser, "/networks/moderation-pages/reports").bodyAsString();
        assertTrue(page.contains("Names a patient") && page.contains("Page member"), page);
        assertTrue(page.contains("(shares someone&#39;s personal or patient information)")
            || page.contains("(shares someone's personal or patient information)"), page);

        HttpResponse<Buffer> empty = PageRequests.post(client, organiser, "/moderation/posts/" + postId + "/hide",
            Map.of("reason", "", "back", "/networks/moderation-pages/reports", "field", "hide-" + reportOf(postId)));
        assertEquals(400, empty.statusCode());
        assertTrue(empty.bodyAsString().contains("href=\"#hide-" + reportOf(postId) + "\""), empty.bodyAsString());

        HttpResponse<Buffer> hidden = PageRequests.post(client, organiser, "/moderation/posts/" + postId + "/hide",
            Map.of("reason", "Checking", "back", "/networks/moderation-pages/reports"));
        assertEquals(303, hidden.statusCode(), hidden.bodyAsString());
        assertTrue(PageRequests.get(client, member, "/threads/" + thread.getString("id")).bodyAsString()
            .contains("This post has been hidden while organisers review it."));
    }

    @Test
    void aPostHiddenByAResolvedReportAndThenRestoredIsNoLongerCalledHiddenOnThePages() {
        JsonObject thread = thread("Shown again after all");
        String postId = thread.getJsonObject("firstPost").getString("id");
        PageRequests.post(client, member, "/posts/" + postId + "/report",
            Map.of("reason", "Looks like advertising", "category", "spam"));
        String reportId = reportOf(postId);
        HttpResponse<Buffer> resolved = PageRequests.post(client, organiser, "/moderation/reports/" + reportId + "/resolve",
            Map.of("outcome", "hidden", "back", "/networks/moderation-pages/reports"));
        assertEquals(303, resolved.statusCode(), resolved.bodyAsString());
        HttpResponse<Buffer> restored = PageRequests.post(client, organiser, "/moderation/posts/" + postId + "/restore",
            Map.of("back", "/networks/moderation-pages/reports"));
        assertEquals(303, restored.statusCode(), restored.bodyAsString());

        String page = PageRequests.get(client, organiser, "/networks/moderation-pages/reports?status=resolved").bodyAsString();
        String card = page.substring(page.indexOf("Shown again after all"));
        card = card.substring(0, card.indexOf("nhsuk-card__content") < 0 ? card.length() : card.indexOf("nhsuk-card__content"));
        assertTrue(card.contains("post hidden, then shown again"), card);
        assertFalse(PageRequests.get(client, member, "/threads/" + thread.getString("id")).bodyAsString()
            .contains("hidden while organisers review it"));
    }

    @Test
    void aPostKeptHiddenWhenItsReportIsResolvedIsNoLongerSaidToBeUnderReview() {
        JsonObject thread = thread("Kept hidden after review");
        String postId = thread.getJsonObject("firstPost").getString("id");
        PageRequests.post(client, member, "/posts/" + postId + "/report",
            Map.of("reason", "Names a patient", "category", "other"));
        String reportId = reportOf(postId);
        assertEquals(303, PageRequests.post(client, organiser, "/moderation/reports/" + reportId + "/resolve",
            Map.of("outcome", "hidden", "back", "/networks/moderation-pages/reports")).statusCode());
        String page = PageRequests.get(client, organiser, "/networks/moderation-pages/reports?status=resolved").bodyAsString();
        String card = page.substring(page.indexOf("Kept hidden after review"));
        card = card.substring(0, card.indexOf("nhsuk-card__content") < 0 ? card.length() : card.indexOf("nhsuk-card__content"));
        assertTrue(card.contains("Readers see that the post has been hidden."), card);
        assertFalse(card.contains("while organisers review it"), "the review is over: " + card);
    }

    @Test
    void onlyModeratorsSeeTheReportsPagesAndOthersAreToldTheyDoNotExist() {
        assertEquals(404, PageRequests.get(client, member, "/networks/moderation-pages/reports").statusCode());
        assertEquals(404, PageRequests.get(client, member, "/admin/reports").statusCode());
        assertEquals(404, PageRequests.get(client, organiser, "/admin/reports").statusCode());
        assertEquals(200, PageRequests.get(client, admin, "/admin/reports").statusCode());
        assertEquals(200, PageRequests.get(client, admin, "/networks/moderation-pages/reports").statusCode());
    }

    private static String reportOf(String postId) {
        return await(TestHub.get().pool().preparedQuery("SELECT id FROM post_reports WHERE post_id = $1::uuid")
            .execute(Tuple.of(postId))).iterator().next().getUUID("id").toString();
    }
}
