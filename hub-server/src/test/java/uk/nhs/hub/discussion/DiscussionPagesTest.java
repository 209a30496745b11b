package uk.nhs.hub.discussion;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The discussion pages as a browser uses them: who may open and post each, and forms that keep what was typed. */
class DiscussionPagesTest {

    private static WebClient client;
    private static TestUser author;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static TestUser above;
    private static String slug;
    private static String network;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        author = TestUsers.create(client, "Page Author");
        member = TestUsers.create(client, "Page Reader");
        guest = TestUsers.create(client, "Page Guest");
        outsider = TestUsers.create(client, "Page Stranger");
        above = TestUsers.create(client, "Page Regional");
        DiscussionApiTestSupport support = new DiscussionApiTestSupport(client);
        String region = support.network(above, "Page region", null);
        support.member(above, region, author, "central");
        network = support.network(author, "Page discussions", region);
        slug = await(client.get("/api/networks/" + network).putHeader("Authorization", author.bearer()).send())
            .bodyAsJsonObject().getString("slug");
        support.member(author, network, member, "member");
        support.member(author, network, guest, "guest");
    }

    private static JsonObject thread() {
        return await(client.post("/api/networks/" + network + "/threads").putHeader("Authorization", author.bearer())
            .sendJsonObject(new JsonObject().put("title", "Page thread").put("body", "Opening words"))).bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> get(TestUser as, String path) {
        return PageRequests.get(client, as, path);
    }

    private static HttpResponse<Buffer> post(TestUser as, String path, Map<String, String> fields) {
        return PageRequests.post(client, as, path, fields);
    }



    @Test
    void eachPageAndFormAnswersEachCallerAsTheAccessRulesSay() {
        List<TestUser> callers = new ArrayList<>(List.of(author, member, guest, outsider, above));
        callers.add(null);
        record Case(String name, boolean isPost, String path, Map<String, String> form, List<Integer> expected) {
        }
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        for (int i = 0; i < callers.size(); i++) {
            JsonObject thread = thread();
            String threadPath = "/threads/" + thread.getString("id");
            String postPath = "/posts/" + thread.getJsonObject("firstPost").getString("id");
            //                                                                  author member guest outsider above signed-out
            List<Case> cases = List.of(
                new Case("discussion list", false, "/networks/" + slug + "/discussions", Map.of(), List.of(200, 200, 403, 404, 200, 303)),
                new Case("new discussion form", false, "/networks/" + slug + "/discussions/new", Map.of(), List.of(200, 200, 403, 404, 403, 303)),
                new Case("start a discussion", true, "/networks/" + slug + "/discussions", Map.of("title", "T", "body", "B"),
                    List.of(303, 303, 403, 404, 403, 403)),
                new Case("thread page", false, threadPath, Map.of(), List.of(200, 200, 404, 404, 200, 303)),
                new Case("reply", true, threadPath + "/posts", Map.of("body", "A reply", "parentId", ""), List.of(303, 303, 404, 404, 403, 403)),
                new Case("react", true, postPath + "/react", Map.of("reaction", "like"), List.of(303, 303, 404, 404, 403, 403)),
                new Case("edit form", false, postPath + "/edit", Map.of(), List.of(200, 403, 404, 404, 403, 303)),
                new Case("history", false, postPath + "/history", Map.of(), List.of(200, 200, 404, 404, 200, 303)),
                new Case("pin", true, threadPath + "/settings", Map.of("pinned", "true"), List.of(303, 403, 404, 404, 403, 403)),
                new Case("search", false, "/search?q=opening", Map.of(), List.of(200, 200, 200, 200, 200, 303)),
                new Case("delete", true, postPath + "/delete", Map.of(), List.of(303, 403, 404, 404, 403, 403)));
            for (Case c : cases) {
                expected.put(c.name(), c.expected());
                HttpResponse<Buffer> response = c.isPost() ? post(callers.get(i), c.path(), c.form()) : get(callers.get(i), c.path());
                actual.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(response.statusCode());
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void aRefusedReplyComesBackWithTheErrorSummaryAndTheDraftAndReplyTarget() {
        JsonObject thread = thread();
        String parentId = thread.getJsonObject("firstPost").getString("id");
        HttpResponse<Buffer> tooLong = post(member, "/threads/" + thread.getString("id") + "/posts",
            Map.of("body", "Draft words " + "y".repeat(20_000), "parentId", parentId));
        assertEquals(413, tooLong.statusCode());
        String page = tooLong.bodyAsString();
        assertTrue(page.contains("nhsuk-error-summary") && page.contains("href=\"#body\""), page);
        assertTrue(page.contains(">Draft words yyy"), "the draft is kept");
        assertTrue(page.contains("name=\"parentId\" value=\"" + parentId + "\""), "still a reply to the same post");
        assertTrue(page.contains("Reply to Page Author"));

        HttpResponse<Buffer> preview = post(member, "/threads/" + thread.getString("id") + "/posts",
            Map.of("body", "**Bold** <script>alert(1)</script>", "parentId", "", "action", "preview"));
        assertEquals(200, preview.statusCode());
        assertTrue(preview.bodyAsString().contains("<strong>Bold</strong> &lt;script&gt;"), "the preview is rendered safely");
        long posts = await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM posts WHERE thread_id = $1::uuid")
            .execute(io.vertx.sqlclient.Tuple.of(thread.getString("id")))).iterator().next().getLong(0);
        assertEquals(1, posts, "neither the refused post nor the preview was stored");
    }

    @Test
    void reactingWithoutJavaScriptUsesEachPostsOneFormToAddAndRemoveAReaction() {
        JsonObject thread = thread();
        String threadPath = "/threads/" + thread.getString("id") + "?start=1";
        String postId = thread.getJsonObject("firstPost").getString("id");
        org.jsoup.nodes.Element form = reactions(member, threadPath, postId);
        assertEquals("form", form.tagName());
        assertEquals("/posts/" + postId + "/react", form.attr("action"));
        assertEquals(1, form.select("input[name=csrf]").size(), "one token for the post's four buttons");
        assertEquals(List.of("Like 0 on the post by Page Author", "Thanks 0 on the post by Page Author",
            "Agree 0 on the post by Page Author", "Question 0 on the post by Page Author"), form.select("button").eachText());
        org.jsoup.nodes.Element thanks = form.selectFirst("button[data-reaction=thanks]");
        assertEquals("add", thanks.attr("name"));
        assertEquals("false", thanks.attr("aria-pressed"));

        Map<String, String> pressed = Map.of(thanks.attr("name"), thanks.attr("value"));
        assertEquals(303, post(member, form.attr("action"), pressed).statusCode());
        assertEquals(303, post(member, form.attr("action"), pressed).statusCode(), "pressing again, as a double click does");
        thanks = reactions(member, threadPath, postId).selectFirst("button[data-reaction=thanks]");
        assertEquals("remove", thanks.attr("name"));
        assertEquals("true", thanks.attr("aria-pressed"));
        assertEquals("Thanks 1 on the post by Page Author", thanks.text());
        assertEquals("Thanks 1", reactions(above, threadPath, postId).select("[data-reaction=thanks]").text(),
            "someone from the network above, who may read but not react, sees the count and no button");
        assertEquals(0, reactions(above, threadPath, postId).select("button, form").size());
        assertEquals(List.of(true, false, true, true), reactions(above, threadPath, postId).select("[data-reaction]").stream()
            .map(shown -> shown.hasAttr("hidden")).toList(), "the reactions nobody has given are there for a live page, hidden");

        assertEquals(303, post(member, form.attr("action"), Map.of(thanks.attr("name"), thanks.attr("value"))).statusCode());
        thanks = reactions(member, threadPath, postId).selectFirst("button[data-reaction=thanks]");
        assertEquals("add", thanks.attr("name"));
        assertEquals("Thanks 0 on the post by Page Author", thanks.text());
        assertTrue(reactions(above, threadPath, postId).selectFirst("[data-reaction=thanks]").hasAttr("hidden"),
            "taken back by the only one who gave it, the count is hidden again");
    }

    private static org.jsoup.nodes.Element reactions(TestUser as, String path, String postId) {
        HttpResponse<Buffer> page = get(as, path);
        assertEquals(200, page.statusCode(), page.bodyAsString());
        return org.jsoup.Jsoup.parse(page.bodyAsString()).selectFirst("#post-" + postId + " [data-reactions]");
    }
}
