package uk.nhs.hub.moderation;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.network.NetworkEvents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Reporting posts, hiding and restoring them and resolving reports, tried by every kind of caller: signed out, a
 * stranger to the (private) network, its guest, a member, the post's author, an organiser, an organiser of the
 * network above, and a platform administrator who belongs to neither network. A hidden post loses its content
 * for every reader but its author: in the thread's JSON, the thread page, search, the live event and the event log.
 */
class ModerationApiTest {

    private static final List<String> CALLERS =
        List.of("anonymous", "outsider", "guest", "member", "author", "organiser", "above", "admin");

    private static WebClient client;
    private static Map<String, TestUser> people;
    private static TestUser reporter;
    private static String network;

    /** The thread, post and (when made) the report a case acts on. */
    record Target(String threadId, String postId, String reportId) {
    }

    record Case(String name, HttpMethod method, Function<Target, String> path, JsonObject body, boolean reported,
                boolean hidden, List<Integer> expected) {
    }

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        people = new LinkedHashMap<>();
        for (String caller : CALLERS.subList(1, CALLERS.size())) {
            people.put(caller, TestUsers.create(client, "Moderation " + caller));
        }
        reporter = TestUsers.create(client, "Moderation reporter");
        await(TestHub.get().pool().preparedQuery("INSERT INTO platform_administrators (user_id) VALUES ($1)")
            .execute(Tuple.of(people.get("admin").id())));
        String region = created(people.get("above"), "/api/networks", new JsonObject().put("name", "Moderation region")
            .put("slug", "moderation-region").put("visibility", "private")).getString("id");
        member(people.get("above"), region, people.get("organiser"), "central");
        network = created(people.get("organiser"), "/api/networks", new JsonObject().put("name", "Moderation local")
            .put("slug", "moderation-local").put("visibility", "private").put("parentId", region)).getString("id");
        member(people.get("organiser"), network, people.get("member"), "member");
        member(people.get("organiser"), network, people.get("author"), "member");
        member(people.get("organiser"), network, people.get("guest"), "guest");
        member(people.get("organiser"), network, reporter, "member");
    }

    private static void member(TestUser by, String networkId, TestUser who, String role) {
        created(by, "/api/networks/" + networkId + "/members", new JsonObject().put("email", who.email()).put("role", role));
    }

    private static JsonObject created(TestUser by, String path, JsonObject body) {
        HttpResponse<Buffer> response = send(by, HttpMethod.POST, path, body);
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200, path + ": " + response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> send(TestUser user, HttpMethod method, String uri, JsonObject body) {
        HttpRequest<Buffer> request = client.request(method, uri);
        if (user != null) {
            request.putHeader("Authorization", user.bearer());
        }
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static Target freshTarget(boolean reported, boolean hidden) {
        JsonObject thread = created(people.get("author"), "/api/networks/" + network + "/threads",
            new JsonObject().put("title", "Target").put("body", "Opening words about rotas"));
        String postId = thread.getJsonObject("firstPost").getString("id");
        String reportId = null;
        if (reported) {
            reportId = created(reporter, "/api/posts/" + postId + "/reports",
                new JsonObject().put("reason", "Names a patient")).getString("id");
        }
        if (hidden) {
            created(people.get("organiser"), "/api/posts/" + postId + "/hide", new JsonObject().put("reason", "Checking"));
        }
        return new Target(thread.getString("id"), postId, reportId);
    }

    @Test
    void eachModerationEndpointAnswersEachCallerAsTheAccessRulesSay() {
        JsonObject none = null;
        List<Case> cases = List.of(
            //                                                                          anon outs guest memb auth  org  above admin
            new Case("report a post", HttpMethod.POST, t -> "/api/posts/" + t.postId() + "/reports",
                new JsonObject().put("reason", "Rude"), false, false, List.of(401, 404, 404, 201, 409, 201, 201, 404)),
            new Case("list the network's reports", HttpMethod.GET, t -> "/api/networks/" + network + "/reports", none,
                false, false, List.of(401, 404, 404, 404, 404, 200, 200, 200)),
            new Case("list every report", HttpMethod.GET, t -> "/api/admin/reports", none,
                false, false, List.of(404, 404, 404, 404, 404, 404, 404, 200)),
            new Case("hide a post", HttpMethod.POST, t -> "/api/posts/" + t.postId() + "/hide",
                new JsonObject().put("reason", "Checking"), false, false, List.of(401, 404, 404, 403, 403, 200, 200, 200)),
            new Case("restore a post", HttpMethod.DELETE, t -> "/api/posts/" + t.postId() + "/hide", none,
                false, true, List.of(401, 404, 404, 403, 403, 204, 204, 204)),
            new Case("resolve a report", HttpMethod.POST, t -> "/api/reports/" + t.reportId() + "/resolve",
                new JsonObject().put("outcome", "no-action"), true, false, List.of(401, 404, 404, 404, 404, 200, 200, 200)));

        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        for (Case c : cases) {
            expected.put(c.name(), c.expected());
            List<Integer> statuses = new ArrayList<>();
            for (String caller : CALLERS) {
                Target target = freshTarget(c.reported(), c.hidden());
                statuses.add(send(people.get(caller), c.method(), c.path().apply(target), c.body()).statusCode());
            }
            actual.put(c.name(), statuses);
        }
        assertEquals(expected, actual);
    }

    @Test
    void aSecondOpenReportBySamePersonIsRefusedUntilTheFirstIsResolved() {
        Target target = freshTarget(true, false);
        HttpResponse<Buffer> again = send(reporter, HttpMethod.POST, "/api/posts/" + target.postId() + "/reports",
            new JsonObject().put("reason", "Still rude"));
        assertEquals(409, again.statusCode(), again.bodyAsString());
        created(people.get("organiser"), "/api/reports/" + target.reportId() + "/resolve", new JsonObject());
        assertEquals(201, send(reporter, HttpMethod.POST, "/api/posts/" + target.postId() + "/reports",
            new JsonObject().put("reason", "Rude again")).statusCode());
    }

    @Test
    void reportsRefuseAMissingOrOverlongReasonAndAnUnknownCategory() {
        Target target = freshTarget(false, false);
        String path = "/api/posts/" + target.postId() + "/reports";
        assertEquals("reason", send(reporter, HttpMethod.POST, path, new JsonObject().put("reason", "  "))
            .bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals("reason", send(reporter, HttpMethod.POST, path, new JsonObject().put("reason", "x".repeat(1001)))
            .bodyAsJsonObject().getJsonObject("error").getString("field"));
        assertEquals("category", send(reporter, HttpMethod.POST, path, new JsonObject().put("reason", "Rude")
            .put("category", "boring")).bodyAsJsonObject().getJsonObject("error").getString("field"));
    }

    @Test
    void organisersSeeReportsWithWhoReportedAndAreNotifiedWhileTheReporterIsToldTheOutcome() {
        Target target = freshTarget(true, false);
        JsonArray open = send(people.get("organiser"), HttpMethod.GET, "/api/networks/" + network + "/reports", null)
            .bodyAsJsonObject().getJsonArray("reports");
        JsonObject report = open.stream().map(JsonObject.class::cast)
            .filter(r -> r.getString("id").equals(target.reportId())).findFirst().orElseThrow();
        assertEquals(reporter.displayName(), report.getJsonObject("reporter").getString("displayName"));
        assertEquals("Opening words about rotas", report.getJsonObject("post").getString("excerpt"));
        assertTrue(kinds(people.get("organiser")).contains("post-reported"));

        JsonObject resolved = send(people.get("organiser"), HttpMethod.POST, "/api/reports/" + target.reportId() + "/resolve",
            new JsonObject().put("outcome", "hidden").put("note", "Patient named")).bodyAsJsonObject();
        assertEquals("resolved", resolved.getString("status"));
        assertEquals("hidden", resolved.getString("outcome"));
        assertTrue(resolved.getJsonObject("post").getBoolean("hidden"));
        assertTrue(kinds(reporter).contains("report-decided"));
        assertEquals(409, send(people.get("organiser"), HttpMethod.POST, "/api/reports/" + target.reportId() + "/resolve",
            new JsonObject()).statusCode());
        JsonArray done = send(people.get("organiser"), HttpMethod.GET,
            "/api/networks/" + network + "/reports?status=resolved", null).bodyAsJsonObject().getJsonArray("reports");
        assertTrue(done.stream().map(JsonObject.class::cast).anyMatch(r -> r.getString("id").equals(target.reportId())));
        assertEquals(Set.of("post.reported", "post.hidden", "post-report.resolved"), auditedActions(target));
    }

    @Test
    void reportsComeInKeysetPagesNewestFirst() {
        for (int i = 0; i < 3; i++) {
            freshTarget(true, false);
        }
        String uri = "/api/networks/" + network + "/reports?limit=2";
        JsonObject first = send(people.get("organiser"), HttpMethod.GET, uri, null).bodyAsJsonObject();
        assertEquals(2, first.getJsonArray("reports").size());
        JsonObject second = send(people.get("organiser"), HttpMethod.GET,
            uri + "&after=" + first.getString("next"), null).bodyAsJsonObject();
        String lastOfFirst = first.getJsonArray("reports").getJsonObject(1).getString("createdAt");
        String firstOfSecond = second.getJsonArray("reports").getJsonObject(0).getString("createdAt");
        assertTrue(lastOfFirst.compareTo(firstOfSecond) >= 0);
        assertFalse(first.getJsonArray("reports").getJsonObject(0).getString("id")
            .equals(second.getJsonArray("reports").getJsonObject(0).getString("id")));
    }

    @Test
    void aHiddenPostIsWithheldFromReadersButItsAuthorStillSeesTheirText() {
        Target target = freshTarget(false, true);
        JsonObject seen = firstPost(people.get("member"), target);
        assertTrue(seen.getBoolean("hidden"));
        assertNull(seen.getValue("body"));
        assertNull(seen.getValue("bodyHtml"));
        JsonObject organisers = firstPost(people.get("organiser"), target);
        assertNull(organisers.getValue("bodyHtml"));
        JsonObject own = firstPost(people.get("author"), target);
        assertTrue(own.getBoolean("hidden"));
        assertEquals("Opening words about rotas", own.getString("body"));
        assertEquals(404, send(people.get("member"), HttpMethod.GET, "/api/posts/" + target.postId() + "/history", null)
            .statusCode());
        assertEquals(409, send(people.get("author"), HttpMethod.PATCH, "/api/posts/" + target.postId(),
            new JsonObject().put("body", "Sneaky edit")).statusCode());
    }

    @Test
    void aHiddenPostIsNotFoundBySearchUntilRestored() {
        JsonObject thread = created(people.get("author"), "/api/networks/" + network + "/threads",
            new JsonObject().put("title", "Search target").put("body", "Quetiapine shortages this winter"));
        String postId = thread.getJsonObject("firstPost").getString("id");
        assertEquals(1, searchHits(postId));
        created(people.get("organiser"), "/api/posts/" + postId + "/hide", new JsonObject().put("reason", "Checking"));
        assertEquals(0, searchHits(postId));
        assertEquals(204, send(people.get("organiser"), HttpMethod.DELETE, "/api/posts/" + postId + "/hide", null)
            .statusCode());
        assertEquals(1, searchHits(postId));
        assertEquals("Quetiapine shortages this winter", firstPost(people.get("member"),
            new Target(thread.getString("id"), postId, null)).getString("body"));
    }

    @Test
    void aHiddenPostShowsTheNoticeOnTheThreadPageAndItsTextOnlyToItsAuthor() {
        Target target = freshTarget(false, true);
        String member = PageRequests.get(client, people.get("member"), "/threads/" + target.threadId()).bodyAsString();
        assertTrue(member.contains("This post has been hidden while organisers review it."), member);
        assertFalse(member.contains("Opening words about rotas"));
        String author = PageRequests.get(client, people.get("author"), "/threads/" + target.threadId()).bodyAsString();
        assertTrue(author.contains("Opening words about rotas"));
        assertTrue(author.contains("Only you can see this post"));
    }

    @Test
    void hidingPublishesPostHiddenAndTakesTheTextOutOfTheEventLog() throws Exception {
        Target target = freshTarget(false, false);
        Promise<JsonObject> heard = Promise.promise();
        MessageConsumer<JsonObject> consumer = TestHub.get().vertx().eventBus()
            .<JsonObject>consumer(NetworkEvents.address(java.util.UUID.fromString(network)), message -> {
                if ("post.hidden".equals(message.body().getString("type"))) {
                    heard.tryComplete(message.body());
                }
            });
        await(consumer.completion());
        try {
            created(people.get("organiser"), "/api/posts/" + target.postId() + "/hide", new JsonObject().put("reason", "Checking"));
            JsonObject event = heard.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(target.postId(), event.getString("postId"));
            assertFalse(event.containsKey("bodyHtml"));
        } finally {
            await(consumer.unregister());
        }
        JsonArray events = send(people.get("member"), HttpMethod.GET, "/api/networks/" + network + "/events?after=0", null)
            .bodyAsJsonObject().getJsonArray("events");
        List<JsonObject> aboutPost = events.stream().map(JsonObject.class::cast)
            .filter(e -> e.containsKey("post") && target.postId().equals(e.getJsonObject("post").getString("id")))
            .toList();
        assertFalse(aboutPost.isEmpty());
        aboutPost.forEach(e -> {
            assertNull(e.getJsonObject("post").getValue("bodyHtml"), e.encode());
            assertNull(e.getJsonObject("post").getValue("body"), e.encode());
        });
    }

    @Test
    void hidingTakesThePostsWordsOutOfNoticesInTheInboxAndWaitingForADigest() {
        Target target = freshTarget(false, false);
        JsonObject reply = created(people.get("member"), "/api/threads/" + target.threadId() + "/posts",
            new JsonObject().put("body", "Ring my personal mobile").put("parentId", target.postId()));
        String subject = "post:" + reply.getString("id");
        assertEquals(List.of("Ring my personal mobile"), waitingNotices(subject));
        created(people.get("organiser"), "/api/posts/" + reply.getString("id") + "/hide",
            new JsonObject().put("reason", "Personal number"));
        assertEquals(List.of(ModerationService.HIDDEN_WORDS), waitingNotices(subject));
        String inbox = send(people.get("author"), HttpMethod.GET, "/api/me/notifications", null).bodyAsString();
        assertFalse(inbox.contains("personal mobile"), inbox);
    }

    @Test
    void hidingAPostWithdrawsItsMentionEmailsNotYetSentSoTheyNeverGo() {
        Target target = freshTarget(false, false);
        TestUser mentioned = people.get("member");
        long before = lastOutboxId();
        JsonObject reply = created(people.get("author"), "/api/threads/" + target.threadId() + "/posts", new JsonObject()
            .put("body", "@[" + mentioned.displayName() + "] ring me on 07700 900123").put("parentId", target.postId()));
        assertEquals(1, emailsTo(mentioned, before), "the mention is queued to go at once");
        created(people.get("organiser"), "/api/posts/" + reply.getString("id") + "/hide",
            new JsonObject().put("reason", "Personal number"));
        assertEquals(0, emailsTo(mentioned, before), "the queued mention email is withdrawn with the hiding");
        await(TestHub.get().hub().outbox().deliverDue());
        assertEquals(0, emailsTo(mentioned, before), "the sender has nothing about the post to send");
    }

    @Test
    void restoringAPostPutsItsWordsBackInItsNoticesSoNoneStillSaysItIsHidden() {
        Target target = freshTarget(false, false);
        JsonObject reply = created(people.get("member"), "/api/threads/" + target.threadId() + "/posts",
            new JsonObject().put("body", "Rota swap agreed for **Friday**").put("parentId", target.postId()));
        String subject = "post:" + reply.getString("id");
        created(people.get("organiser"), "/api/posts/" + reply.getString("id") + "/hide",
            new JsonObject().put("reason", "Checking"));
        assertEquals(List.of(ModerationService.HIDDEN_WORDS), waitingNotices(subject));
        assertEquals(204, send(people.get("organiser"), HttpMethod.DELETE, "/api/posts/" + reply.getString("id") + "/hide",
            null).statusCode());
        assertEquals(List.of("Rota swap agreed for Friday"), waitingNotices(subject));
        List<String> shown = send(people.get("author"), HttpMethod.GET, "/api/me/notifications", null).bodyAsJsonObject()
            .getJsonArray("items").stream().map(JsonObject.class::cast)
            .filter(item -> item.getString("href").endsWith("#post-" + reply.getString("id")))
            .map(item -> item.getString("body")).toList();
        assertEquals(List.of("Rota swap agreed for Friday"), shown);
    }

    @Test
    void aReporterToldThePostWasHiddenIsToldItWasShownAgainWhenItIsRestored() {
        Target target = freshTarget(true, false);
        created(people.get("organiser"), "/api/reports/" + target.reportId() + "/resolve",
            new JsonObject().put("outcome", "hidden"));
        assertEquals(List.of("The organisers looked at the post you reported and have hidden it."), decisionNotices(target));
        assertEquals(204, send(people.get("organiser"), HttpMethod.DELETE, "/api/posts/" + target.postId() + "/hide",
            null).statusCode());
        assertEquals(List.of("The organisers looked at the post you reported and hid it, and have since shown it again."),
            decisionNotices(target));
    }

    private static List<String> decisionNotices(Target target) {
        return send(reporter, HttpMethod.GET, "/api/me/notifications", null).bodyAsJsonObject().getJsonArray("items")
            .stream().map(JsonObject.class::cast).filter(item -> "report-decided".equals(item.getString("kind"))
                && item.getString("href").equals("/threads/" + target.threadId()))
            .map(item -> item.getString("body")).toList();
    }

    private static long lastOutboxId() {
        return await(TestHub.get().pool().query("SELECT coalesce(max(id), 0) AS id FROM outbox").execute())
            .iterator().next().getLong("id");
    }

    /** Emails to the person queued after {@code afterId}, sent or not. */
    private static long emailsTo(TestUser person, long afterId) {
        return await(TestHub.get().pool().preparedQuery("SELECT count(*) AS n FROM outbox WHERE to_address = $1 AND id > $2")
            .execute(Tuple.of(person.email(), afterId))).iterator().next().getLong("n");
    }

    private static List<String> waitingNotices(String subject) {
        List<String> bodies = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery(
                "SELECT body FROM notifications WHERE subject = $1 AND email_state = 'due'").execute(Tuple.of(subject)))) {
            bodies.add(row.getString("body"));
        }
        return bodies;
    }

    @Test
    void resolvingAsRemovedDeletesThePost() {
        Target target = freshTarget(true, false);
        created(people.get("organiser"), "/api/reports/" + target.reportId() + "/resolve",
            new JsonObject().put("outcome", "removed"));
        assertTrue(firstPost(people.get("member"), target).getBoolean("deleted"));
    }

    private static JsonObject firstPost(TestUser as, Target target) {
        HttpResponse<Buffer> page = send(as, HttpMethod.GET, "/api/threads/" + target.threadId() + "/posts", null);
        assertEquals(200, page.statusCode(), page.bodyAsString());
        return page.bodyAsJsonObject().getJsonArray("posts").getJsonObject(0);
    }

    private static long searchHits(String postId) {
        JsonArray results = send(people.get("member"), HttpMethod.GET, "/api/search?q=quetiapine", null)
            .bodyAsJsonObject().getJsonArray("results");
        return results.stream().map(JsonObject.class::cast).filter(r -> r.getString("postId").equals(postId)).count();
    }

    private static List<String> kinds(TestUser who) {
        List<String> kinds = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery("SELECT kind FROM notifications WHERE user_id = $1")
                .execute(Tuple.of(who.id())))) {
            kinds.add(row.getString("kind"));
        }
        return kinds;
    }

    private static Set<String> auditedActions(Target target) {
        Set<String> actions = new java.util.TreeSet<>();
        for (Row row : await(TestHub.get().pool().preparedQuery("""
                SELECT action FROM audit_log WHERE network_id = $1 AND (subject = $2 OR subject = $3)
                """).execute(Tuple.of(java.util.UUID.fromString(network), target.postId(), target.reportId())))) {
            actions.add(row.getString("action"));
        }
        return actions;
    }
}
