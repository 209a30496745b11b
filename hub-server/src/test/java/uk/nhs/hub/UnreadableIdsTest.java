package uk.nhs.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Ids must not reveal what they name: for every endpoint addressed by a thread, post, meeting or broadcast id,
 * someone who may not read the thing gets a 404 byte for byte the same as for an id that names nothing. Tried
 * in a private network (by a stranger and by a guest) and in an open one (by a stranger).
 */
class UnreadableIdsTest {

    private static final String OCCURRENCE = "2027-01-12T10:00:00Z";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser stranger;
    private static TestUser guest;
    private static Target privateNetwork;
    private static Target openNetwork;

    /** What one network holds: a thread, its opening post, a meeting and a broadcast sent to it. */
    record Target(String name, String thread, String post, String meeting, String broadcast) {
    }

    /** One endpoint: the kind of id in its path, and a request it is sent with {@code {id}} in place. */
    record Case(String kind, HttpMethod method, String path, JsonObject body) {
    }

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Hidden Organiser");
        stranger = TestUsers.create(client, "Hidden Stranger");
        guest = TestUsers.create(client, "Hidden Guest");
        TestUser central = TestUsers.create(client, "Hidden Central");
        privateNetwork = target("private", central);
        openNetwork = target("open", central);
    }

    private static Target target(String visibility, TestUser central) {
        String network = ok(201, client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Hidden " + visibility).put("slug", "hidden-" + visibility)
                .put("visibility", visibility))).getString("id");
        for (var entry : Map.of("guest", guest, "central", central).entrySet()) {
            ok(201, client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", entry.getValue().email()).put("role", entry.getKey())));
        }
        JsonObject thread = ok(201, client.post("/api/networks/" + network + "/threads")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Not for everyone").put("body", "Opening")));
        String meeting = ok(201, client.post("/api/networks/" + network + "/meetings")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Closed meeting").put("start", "2027-01-12T10:00")
                .put("timeZone", "Europe/London").put("durationMinutes", 60).put("rrule", "FREQ=MONTHLY;COUNT=3")))
            .getString("id");
        String broadcast = ok(201, client.post("/api/broadcasts").putHeader("Authorization", central.bearer())
            .sendJsonObject(new JsonObject().put("networkId", network).put("title", "Guidance").put("body", "Read this")
                .put("targets", new JsonObject().put("networkIds", new JsonArray().add(network)))))
            .getString("id");
        return new Target(visibility, thread.getString("id"), thread.getJsonObject("firstPost").getString("id"),
            meeting, broadcast);
    }

    private static JsonObject ok(int status, io.vertx.core.Future<HttpResponse<Buffer>> sent) {
        HttpResponse<Buffer> response = await(sent);
        assertEquals(status, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static List<Case> cases() {
        JsonObject none = null;
        String occurrence = "/api/meetings/{id}/occurrences/" + OCCURRENCE;
        return List.of(
            new Case("thread", HttpMethod.GET, "/api/threads/{id}", none),
            new Case("thread", HttpMethod.PATCH, "/api/threads/{id}", new JsonObject().put("pinned", true)),
            new Case("thread", HttpMethod.PATCH, "/api/threads/{id}", new JsonObject().put("locked", true)),
            new Case("thread", HttpMethod.GET, "/api/threads/{id}/posts", none),
            new Case("thread", HttpMethod.POST, "/api/threads/{id}/posts", new JsonObject().put("body", "Me too")),
            new Case("thread", HttpMethod.POST, "/api/threads/{id}/read", new JsonObject().put("upToPostId", "{post}")),
            new Case("thread", HttpMethod.POST, "/api/threads/{id}/presence", new JsonObject().put("state", "here")),
            new Case("post", HttpMethod.PATCH, "/api/posts/{id}", new JsonObject().put("body", "Changed")),
            new Case("post", HttpMethod.DELETE, "/api/posts/{id}", none),
            new Case("post", HttpMethod.GET, "/api/posts/{id}/history", none),
            new Case("post", HttpMethod.POST, "/api/posts/{id}/reactions", new JsonObject().put("reaction", "like")),
            new Case("meeting", HttpMethod.GET, "/api/meetings/{id}", none),
            new Case("meeting", HttpMethod.GET, "/api/meetings/{id}.ics", none),
            new Case("meeting", HttpMethod.PATCH, "/api/meetings/{id}", new JsonObject().put("title", "Renamed")),
            new Case("meeting", HttpMethod.DELETE, "/api/meetings/{id}", none),
            new Case("meeting", HttpMethod.GET, "/api/meetings/{id}/occurrences", none),
            new Case("meeting", HttpMethod.GET, "/api/meetings/{id}/invitees", none),
            new Case("meeting", HttpMethod.POST, "/api/meetings/{id}/invitees",
                new JsonObject().put("email", "someone@example.org")),
            new Case("meeting", HttpMethod.PATCH, occurrence, new JsonObject().put("theme", "Hidden theme")),
            new Case("meeting", HttpMethod.PUT, occurrence + "/rsvp", new JsonObject().put("response", "yes")),
            new Case("meeting", HttpMethod.GET, occurrence + "/attendance", none),
            new Case("meeting", HttpMethod.PUT, occurrence + "/attendance", new JsonObject().put("marks", new JsonArray()
                .add(new JsonObject().put("userId", UUID.randomUUID().toString()).put("mark", "attended")))),
            new Case("meeting", HttpMethod.GET, occurrence + "/representation", none),
            new Case("meeting", HttpMethod.GET, occurrence + "/items", none),
            new Case("meeting", HttpMethod.POST, occurrence + "/items",
                new JsonObject().put("kind", "agenda").put("text", "Item")),
            new Case("meeting", HttpMethod.GET, occurrence + "/guests", none),
            new Case("meeting", HttpMethod.POST, occurrence + "/guests",
                new JsonObject().put("name", "A guest").put("email", "guest@example.org").put("reason", "Local lead")),
            new Case("meeting", HttpMethod.GET, occurrence + "/workshops", none),
            new Case("meeting", HttpMethod.POST, occurrence + "/workshops",
                new JsonObject().put("slot", "Morning").put("title", "Workshop").put("capacity", 10)),
            new Case("broadcast", HttpMethod.GET, "/api/broadcasts/{id}", none),
            new Case("broadcast", HttpMethod.POST, "/api/broadcasts/{id}/versions",
                new JsonObject().put("title", "Guidance").put("body", "Changed").put("whatChanged", "Wording")),
            new Case("broadcast", HttpMethod.POST, "/api/broadcasts/{id}/ack", none),
            new Case("broadcast", HttpMethod.POST, "/api/broadcasts/{id}/responses",
                new JsonObject().put("answers", new JsonObject())),
            new Case("broadcast", HttpMethod.GET, "/api/broadcasts/{id}/summary", none),
            new Case("broadcast", HttpMethod.GET, "/api/broadcasts/{id}/summary.csv", none),
            new Case("broadcast", HttpMethod.POST, "/api/broadcasts/{id}/chase", none));
    }

    @Test
    void whoMayNotReadSomethingGetsExactlyTheNotFoundAnUnknownIdGets() {
        Map<String, String> differences = new LinkedHashMap<>();
        int compared = 0;
        for (Target target : List.of(privateNetwork, openNetwork)) {
            Map<String, TestUser> callers = target == privateNetwork
                ? Map.of("stranger", stranger, "guest", guest) : Map.of("stranger", stranger);
            for (var caller : callers.entrySet()) {
                for (Case c : cases()) {
                    String real = switch (c.kind()) {
                        case "thread" -> target.thread();
                        case "post" -> target.post();
                        case "meeting" -> target.meeting();
                        default -> target.broadcast();
                    };
                    String hidden = answer(caller.getValue(), c, real, target);
                    String unknown = answer(caller.getValue(), c, UUID.randomUUID().toString(), target);
                    compared++;
                    if (!hidden.equals(unknown) || !unknown.startsWith("404 ")) {
                        differences.put(c.method() + " " + c.path() + " in the " + target.name() + " network as "
                            + caller.getKey(), "hidden: " + hidden + " / unknown: " + unknown);
                    }
                }
            }
        }
        assertTrue(compared >= 3 * cases().size());
        assertEquals(Map.of(), differences);
    }

    private static String answer(TestUser as, Case c, String id, Target target) {
        HttpRequest<Buffer> request = client.request(c.method(), c.path().replace("{id}", id))
            .putHeader("Authorization", as.bearer());
        HttpResponse<Buffer> response = await(c.body() == null ? request.send()
            : request.sendJsonObject(new JsonObject(c.body().encode().replace("{post}", target.post()))));
        return response.statusCode() + " " + response.bodyAsString();
    }

    @Test
    void readersStillSeeWhatIsTheirs() {
        List<Integer> statuses = new ArrayList<>();
        for (String path : List.of("/api/threads/" + privateNetwork.thread(), "/api/posts/" + privateNetwork.post() + "/history",
                "/api/meetings/" + privateNetwork.meeting(), "/api/broadcasts/" + privateNetwork.broadcast())) {
            statuses.add(await(client.get(path).putHeader("Authorization", organiser.bearer()).send()).statusCode());
        }
        assertEquals(List.of(200, 200, 200, 200), statuses);
    }
}
