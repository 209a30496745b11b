package uk.nhs.hub.discussion;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/**
 * Every discussion endpoint tried by every kind of caller, each on a fresh thread and post: signed out, a
 * stranger to the (private) network, its guest (who, like the stranger, is told a thread or post it may not read
 * does not exist), a member, the post's author, an organiser, and an organiser
 * of the network above (who reads but does not write).
 */
class DiscussionAuthorizationTest {

    private static final List<String> CALLERS = List.of("anonymous", "outsider", "guest", "member", "author", "organiser", "above");

    private static WebClient client;
    private static Map<String, TestUser> people;
    private static String network;

    /** The thread and post a case acts on. */
    record Target(String threadId, String postId) {
    }

    record Case(String name, HttpMethod method, Function<Target, String> path, JsonObject body, List<Integer> expected) {
    }

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        people = new LinkedHashMap<>();
        for (String caller : CALLERS.subList(1, CALLERS.size())) {
            people.put(caller, TestUsers.create(client, "Authz " + caller));
        }
        DiscussionApiTestSupport support = new DiscussionApiTestSupport(client);
        String region = support.network(people.get("above"), "Authz region", null);
        support.member(people.get("above"), region, people.get("organiser"), "central");
        network = support.network(people.get("organiser"), "Authz network", region);
        support.member(people.get("organiser"), network, people.get("member"), "member");
        support.member(people.get("organiser"), network, people.get("author"), "member");
        support.member(people.get("organiser"), network, people.get("guest"), "guest");
    }

    private static Target freshTarget() {
        JsonObject thread = await(client.post("/api/networks/" + network + "/threads")
            .putHeader("Authorization", people.get("author").bearer())
            .sendJsonObject(new JsonObject().put("title", "Target").put("body", "Opening"))).bodyAsJsonObject();
        return new Target(thread.getString("id"), thread.getJsonObject("firstPost").getString("id"));
    }

    @Test
    void eachEndpointAnswersEachCallerAsTheAccessRulesSay() {
        JsonObject none = null;
        List<Case> cases = List.of(
            //                                                                anon outs guest memb auth  org  above
            new Case("list threads", HttpMethod.GET, t -> "/api/networks/" + network + "/threads", none,
                List.of(401, 404, 403, 200, 200, 200, 200)),
            new Case("start a thread", HttpMethod.POST, t -> "/api/networks/" + network + "/threads",
                new JsonObject().put("title", "New").put("body", "Hello"), List.of(401, 404, 403, 201, 201, 201, 403)),
            new Case("read a thread", HttpMethod.GET, t -> "/api/threads/" + t.threadId(), none,
                List.of(401, 404, 404, 200, 200, 200, 200)),
            new Case("pin a thread", HttpMethod.PATCH, t -> "/api/threads/" + t.threadId(), new JsonObject().put("pinned", true),
                List.of(401, 404, 404, 403, 403, 200, 403)),
            new Case("read posts", HttpMethod.GET, t -> "/api/threads/" + t.threadId() + "/posts", none,
                List.of(401, 404, 404, 200, 200, 200, 200)),
            new Case("reply", HttpMethod.POST, t -> "/api/threads/" + t.threadId() + "/posts", new JsonObject().put("body", "Reply"),
                List.of(401, 404, 404, 201, 201, 201, 403)),
            new Case("mark read", HttpMethod.POST, t -> "/api/threads/" + t.threadId() + "/read", null,
                List.of(401, 404, 404, 200, 200, 200, 200)),
            new Case("presence", HttpMethod.POST, t -> "/api/threads/" + t.threadId() + "/presence",
                new JsonObject().put("state", "here"), List.of(401, 404, 404, 204, 204, 204, 204)),
            new Case("edit a post", HttpMethod.PATCH, t -> "/api/posts/" + t.postId(), new JsonObject().put("body", "Changed"),
                List.of(401, 404, 404, 403, 200, 403, 403)),
            new Case("delete a post", HttpMethod.DELETE, t -> "/api/posts/" + t.postId(), none,
                List.of(401, 404, 404, 403, 204, 204, 403)),
            new Case("post history", HttpMethod.GET, t -> "/api/posts/" + t.postId() + "/history", none,
                List.of(401, 404, 404, 200, 200, 200, 200)),
            new Case("react", HttpMethod.POST, t -> "/api/posts/" + t.postId() + "/reactions",
                new JsonObject().put("reaction", "like"), List.of(401, 404, 404, 200, 200, 200, 403)),
            new Case("preview", HttpMethod.POST, t -> "/api/discussions/preview", new JsonObject().put("body", "*hi*"),
                List.of(401, 200, 200, 200, 200, 200, 200)),
            new Case("search", HttpMethod.GET, t -> "/api/search?q=opening", none,
                List.of(401, 200, 200, 200, 200, 200, 200)),
            new Case("suggest mentions", HttpMethod.GET, t -> "/api/networks/" + network + "/mentionables?q=au", none,
                List.of(401, 404, 403, 200, 200, 200, 200)));

        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        for (Case c : cases) {
            expected.put(c.name(), c.expected());
            List<Integer> statuses = new ArrayList<>();
            for (String caller : CALLERS) {
                Target target = freshTarget();
                JsonObject body = c.body();
                if (c.name().equals("mark read")) {
                    body = new JsonObject().put("upToPostId", target.postId());
                }
                HttpRequest<Buffer> request = client.request(c.method(), c.path().apply(target));
                TestUser person = people.get(caller);
                if (person != null) {
                    request.putHeader("Authorization", person.bearer());
                }
                statuses.add(await(body == null ? request.send() : request.sendJsonObject(body)).statusCode());
            }
            actual.put(c.name(), statuses);
        }
        assertEquals(expected, actual);
    }
}
