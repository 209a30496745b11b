package uk.nhs.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Broadcasts through the real API and database, on a small tree: a region with three local networks, one of
 * which has a network inside it, and an unrelated network elsewhere.
 */
class BroadcastApiTest {

    private static WebClient client;
    private static TestUser regionOrganiser;
    private static TestUser central;
    private static TestUser outsider;
    private static final List<TestUser> ORGANISERS = new ArrayList<>();
    private static final List<TestUser> MANAGERS = new ArrayList<>();
    private static final List<TestUser> NURSES = new ArrayList<>();
    private static final List<String> LOCAL = new ArrayList<>();
    private static TestUser guest;
    private static String region;
    private static String inner;
    private static String elsewhere;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        regionOrganiser = TestUsers.create(client, "Region Organiser");
        central = TestUsers.create(client, "Central Lead");
        outsider = TestUsers.create(client, "Elsewhere Organiser");
        guest = TestUsers.create(client, "Local Guest");
        region = network(regionOrganiser, "Cancer region", null);
        member(regionOrganiser, region, central, "central", null);
        for (int i = 0; i < 3; i++) {
            TestUser organiser = TestUsers.create(client, "Local Organiser " + i);
            member(regionOrganiser, region, organiser, "central", null);
            String local = network(organiser, "Local network " + i, region);
            LOCAL.add(local);
            ORGANISERS.add(organiser);
            TestUser manager = TestUsers.create(client, "Manager " + i);
            member(organiser, local, manager, "member", "Manager");
            MANAGERS.add(manager);
            TestUser nurse = TestUsers.create(client, "Nurse " + i);
            member(organiser, local, nurse, "member", "Lead nurse");
            NURSES.add(nurse);
        }
        member(ORGANISERS.get(1), LOCAL.get(1), guest, "guest", null);
        inner = network(ORGANISERS.get(0), "Inner network", LOCAL.get(0));
        elsewhere = network(outsider, "Elsewhere", null);
    }

    static String network(TestUser by, String name, String parent) {
        return networkFor(client, by, name, parent);
    }

    static String networkFor(WebClient client, TestUser by, String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("slug", name.toLowerCase().replace(' ', '-')).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        HttpResponse<Buffer> response = await(client.post("/api/networks").putHeader("Authorization", by.bearer()).sendJsonObject(body));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getString("id");
    }

    static void memberFor(WebClient client, TestUser by, String networkId, TestUser who, String role) {
        HttpResponse<Buffer> response = await(client.post("/api/networks/" + networkId + "/members").putHeader("Authorization", by.bearer())
            .sendJsonObject(new JsonObject().put("email", who.email()).put("role", role)));
        assertEquals(201, response.statusCode(), response.bodyAsString());
    }

    static void member(TestUser by, String networkId, TestUser who, String role, String title) {
        HttpResponse<Buffer> response = await(client.post("/api/networks/" + networkId + "/members").putHeader("Authorization", by.bearer())
            .sendJsonObject(new JsonObject().put("email", who.email()).put("role", role).put("roleTitle", title)));
        assertEquals(201, response.statusCode(), response.bodyAsString());
    }

    static HttpResponse<Buffer> post(TestUser as, String path, JsonObject body) {
        return await(client.post(path).putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    static HttpResponse<Buffer> get(TestUser as, String path) {
        return await(client.get(path).putHeader("Authorization", as.bearer()).send());
    }

    static JsonObject form(String mode, boolean anonymous) {
        return new JsonObject().put("mode", mode).put("anonymous", anonymous).put("submitterRoleTitle", "Manager")
            .put("questions", new JsonArray()
                .add(new JsonObject().put("id", "ready").put("type", "single").put("label", "Are you ready?")
                    .put("options", new JsonArray().add("Yes").add("Partly").add("No")))
                .add(new JsonObject().put("id", "confidence").put("type", "rating").put("label", "How confident are you?"))
                .add(new JsonObject().put("id", "barriers").put("type", "multiple").put("label", "Barriers").put("required", false)
                    .put("options", new JsonArray().add("Staff").add("Money").add("Time")))
                .add(new JsonObject().put("id", "comments").put("type", "text").put("label", "Comments").put("required", false))
                .add(new JsonObject().put("id", "risk").put("type", "risk").put("label", "Is this a local risk?")));
    }

    static String send(JsonObject feedback, List<String> targets, boolean descendants) {
        JsonObject body = new JsonObject().put("networkId", region).put("title", "Faster diagnosis guidance")
            .put("body", "Please read the **new** guidance.").put("targets", new JsonObject()
                .put("networkIds", new JsonArray(new ArrayList<>(targets))).put("includeDescendants", descendants));
        if (feedback != null) {
            body.put("feedback", feedback);
        }
        HttpResponse<Buffer> sent = post(central, "/api/broadcasts", body);
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        return sent.bodyAsJsonObject().getString("id");
    }

    static JsonObject answers(String ready, int confidence, boolean risk, String comment) {
        JsonObject answers = new JsonObject().put("ready", ready).put("confidence", confidence).put("risk", risk);
        if (comment != null) {
            answers.put("comments", comment);
        }
        return answers;
    }

    static JsonObject summary(String id) {
        HttpResponse<Buffer> response = get(central, "/api/broadcasts/" + id + "/summary");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    static long count(String sql, Object... params) {
        return await(TestHub.get().pool().preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
    }

    @Test
    void targetsAreTheChosenNetworksOrTheirWholeSubtreesAndNothingOutside() {
        assertEquals(5, summary(send(null, List.of(region), true)).getInteger("targets"), "the region and all four below");
        assertEquals(2, summary(send(null, List.of(LOCAL.get(0)), true)).getInteger("targets"), "a local network and its inner one");
        assertEquals(2, summary(send(null, List.of(LOCAL.get(1), LOCAL.get(2)), false)).getInteger("targets"));
        HttpResponse<Buffer> outside = post(central, "/api/broadcasts", new JsonObject().put("networkId", region).put("title", "T")
            .put("body", "B").put("targets", new JsonObject().put("networkIds", new JsonArray().add(elsewhere))));
        assertEquals(400, outside.statusCode());
        assertEquals("targets.networkIds", outside.bodyAsJsonObject().getJsonObject("error").getString("field"));
    }

    @Test
    void aBroadcastWithSeveralMistakesIsRefusedWithTheOneErrorShapeNamingTheFirst() {
        HttpResponse<Buffer> refused = post(central, "/api/broadcasts", new JsonObject().put("networkId", region).put("title", " ")
            .put("body", "").put("deadline", "soon").put("targets", new JsonObject().put("networkIds", new JsonArray())));
        assertEquals(400, refused.statusCode());
        JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
        assertEquals(Set.of("code", "message", "field"), error.fieldNames());
        assertEquals("title", error.getString("field"));
    }

    @Test
    void onlyTheCentralTeamSendsAndOnlyTargetsSeeTheBroadcast() {
        JsonObject body = new JsonObject().put("networkId", region).put("title", "T").put("body", "B")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(LOCAL.get(1))));
        assertEquals(403, post(regionOrganiser, "/api/broadcasts", body).statusCode(), "an organiser is not the central team");
        assertEquals(403, post(MANAGERS.get(0), "/api/broadcasts", body.copy().put("networkId", LOCAL.get(0))).statusCode());
        assertEquals(404, post(outsider, "/api/broadcasts", body).statusCode(), "a private network is not revealed");

        String id = send(null, List.of(LOCAL.get(1)), false);
        assertEquals(200, get(NURSES.get(1), "/api/broadcasts/" + id).statusCode());
        assertEquals(200, get(central, "/api/broadcasts/" + id).statusCode());
        assertEquals(404, get(NURSES.get(0), "/api/broadcasts/" + id).statusCode(), "a member of another network");
        assertEquals(404, get(guest, "/api/broadcasts/" + id).statusCode(), "guests are not recipients");
        assertEquals(404, get(outsider, "/api/broadcasts/" + id).statusCode());
        assertEquals(403, get(NURSES.get(1), "/api/broadcasts/" + id + "/summary").statusCode(), "recipients do not see the dashboard");
        assertEquals(404, post(NURSES.get(0), "/api/broadcasts/" + id + "/ack", new JsonObject()).statusCode());
        assertTrue(get(NURSES.get(1), "/api/broadcasts").bodyAsJsonObject().getJsonArray("received").stream()
            .anyMatch(b -> ((JsonObject) b).getString("id").equals(id)));
        assertTrue(count("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject = 'New guidance: Faster diagnosis guidance'", NURSES.get(1).email()) >= 1,
            "recipients are told by email");
    }

    @Test
    void acknowledgementsRollUpPerNetwork() {
        String id = send(null, List.of(region), true);
        post(NURSES.get(0), "/api/broadcasts/" + id + "/ack", new JsonObject());
        post(MANAGERS.get(0), "/api/broadcasts/" + id + "/ack", new JsonObject());
        post(NURSES.get(2), "/api/broadcasts/" + id + "/ack", new JsonObject());
        JsonObject summary = summary(id);
        assertEquals(2, summary.getInteger("acknowledgedNetworks"), "two of five networks, however many people");
        JsonObject first = summary.getJsonArray("networks").stream().map(JsonObject.class::cast)
            .filter(n -> n.getString("networkId").equals(LOCAL.get(0))).findFirst().orElseThrow();
        assertEquals(2, first.getInteger("acknowledgements"));
        assertTrue(get(NURSES.get(0), "/api/broadcasts/" + id).bodyAsJsonObject().getBoolean("acknowledged"));
        JsonArray levels = summary.getJsonArray("levels");
        assertEquals(new JsonObject().put("depth", 1).put("targets", 3).put("acknowledged", 2).put("responded", 0), levels.getJsonObject(1));
    }

    @Test
    void concurrentSubmitsForOneNetworkBecomeRevisionsOfItsOneResponse() {
        String id = send(form("network", false), List.of(LOCAL.get(0)), false);
        List<Future<HttpResponse<Buffer>>> submits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TestUser who = i % 2 == 0 ? ORGANISERS.get(0) : MANAGERS.get(0);
            submits.add(client.post("/api/broadcasts/" + id + "/responses").putHeader("Authorization", who.bearer())
                .sendJsonObject(new JsonObject().put("answers", answers("Yes", 1 + i % 5, false, "Attempt " + i))));
        }
        await(Future.join(submits));
        Set<Integer> revisions = new HashSet<>();
        for (Future<HttpResponse<Buffer>> submit : submits) {
            assertEquals(201, submit.result().statusCode(), submit.result().bodyAsString());
            revisions.add(submit.result().bodyAsJsonObject().getInteger("revision"));
        }
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), revisions, "each submit is its own revision");
        assertEquals(1, count("SELECT count(*) FROM broadcast_responses WHERE broadcast_id = $1::uuid", id), "one response for the network");
        assertEquals(8, count("SELECT count(*) FROM broadcast_response_revisions r JOIN broadcast_responses b ON b.id = r.response_id "
            + "WHERE b.broadcast_id = $1::uuid", id));
        assertEquals(1, summary(id).getInteger("respondedNetworks"));
    }

    @Test
    void membersDraftTogetherAndOnlyAnOrganiserOrTheNamedRoleSubmits() {
        String id = send(form("network", false), List.of(LOCAL.get(1)), false);
        HttpResponse<Buffer> draft = post(NURSES.get(1), "/api/broadcasts/" + id + "/responses",
            new JsonObject().put("answers", new JsonObject().put("ready", "Partly")).put("submit", false));
        assertEquals(200, draft.statusCode(), draft.bodyAsString());
        assertEquals("draft", draft.bodyAsJsonObject().getString("status"));
        assertEquals(403, post(NURSES.get(1), "/api/broadcasts/" + id + "/responses",
            new JsonObject().put("answers", answers("Partly", 3, false, null))).statusCode(), "a lead nurse may not submit");
        assertEquals(0, summary(id).getInteger("respondedNetworks"), "a draft is not a response");
        assertEquals(201, post(MANAGERS.get(1), "/api/broadcasts/" + id + "/responses",
            new JsonObject().put("answers", answers("Partly", 3, false, null))).statusCode(), "the named role title may");
        assertEquals(409, post(NURSES.get(1), "/api/broadcasts/" + id + "/responses",
            new JsonObject().put("answers", new JsonObject()).put("submit", false)).statusCode(), "no drafting over a submitted response");
        JsonObject mine = get(NURSES.get(1), "/api/broadcasts/" + id).bodyAsJsonObject().getJsonArray("myNetworks").getJsonObject(0);
        assertEquals("submitted", mine.getJsonObject("response").getString("status"));
        assertEquals("Manager 1", mine.getJsonObject("response").getJsonArray("revisions").getJsonObject(0).getString("submittedBy"));
    }

    @Test
    void answersAreCheckedAgainstTheFormNamingTheQuestion() {
        String id = send(form("individual", false), List.of(LOCAL.get(2)), false);
        String path = "/api/broadcasts/" + id + "/responses";
        HttpResponse<Buffer> unknown = post(NURSES.get(2), path, new JsonObject().put("answers", answers("Yes", 3, false, null).put("nope", 1)));
        HttpResponse<Buffer> wrongType = post(NURSES.get(2), path, new JsonObject().put("answers", answers("Yes", 3, false, null).put("confidence", "high")));
        HttpResponse<Buffer> outOfRange = post(NURSES.get(2), path, new JsonObject().put("answers", answers("Yes", 6, false, null)));
        HttpResponse<Buffer> notAnOption = post(NURSES.get(2), path, new JsonObject().put("answers", answers("Maybe", 3, false, null)));
        HttpResponse<Buffer> missing = post(NURSES.get(2), path, new JsonObject().put("answers", new JsonObject().put("ready", "Yes")));
        for (var pair : List.of(List.of(unknown, "answers.nope"), List.of(wrongType, "answers.confidence"),
                List.of(outOfRange, "answers.confidence"), List.of(notAnOption, "answers.ready"), List.of(missing, "answers.confidence"))) {
            @SuppressWarnings("unchecked")
            HttpResponse<Buffer> response = (HttpResponse<Buffer>) pair.get(0);
            assertEquals(400, response.statusCode(), response.bodyAsString());
            assertEquals(pair.get(1), response.bodyAsJsonObject().getJsonObject("error").getString("field"));
        }
        assertEquals(0, count("SELECT count(*) FROM broadcast_responses WHERE broadcast_id = $1::uuid", id), "nothing half-stored");
        assertEquals(201, post(NURSES.get(2), path, new JsonObject().put("answers", answers("Yes", 3, false, null))).statusCode());
        assertEquals(409, post(NURSES.get(2), path, new JsonObject().put("answers", answers("No", 1, false, null))).statusCode(),
            "one response per person");
        HttpResponse<Buffer> badForm = post(central, "/api/broadcasts", new JsonObject().put("networkId", region).put("title", "T")
            .put("body", "B").put("targets", new JsonObject().put("networkIds", new JsonArray().add(region)))
            .put("feedback", new JsonObject().put("mode", "network").put("questions", new JsonArray()
                .add(new JsonObject().put("id", "a").put("type", "single").put("label", "One option only").put("options", new JsonArray().add("x"))))));
        assertEquals("feedback.questions[0].options", badForm.bodyAsJsonObject().getJsonObject("error").getString("field"));
    }

    @Test
    void afterTheDeadlineResponsesAreRefusedAndOverdueNetworksCanBeChased() {
        String id = send(form("network", false), List.of(region), true);
        post(ORGANISERS.get(0), "/api/broadcasts/" + id + "/ack", new JsonObject());
        assertEquals(201, post(ORGANISERS.get(0), "/api/broadcasts/" + id + "/responses", new JsonObject().put("networkId", LOCAL.get(0))
            .put("answers", answers("Yes", 5, false, null))).statusCode());
        assertEquals(0, summary(id).getJsonArray("overdue").size(), "without a passed deadline nobody is overdue");
        await(TestHub.get().pool().preparedQuery("UPDATE broadcasts SET deadline = now() - interval '1 hour' WHERE id = $1::uuid")
            .execute(Tuple.of(id)));

        assertEquals(409, post(ORGANISERS.get(1), "/api/broadcasts/" + id + "/responses",
            new JsonObject().put("answers", answers("Yes", 5, false, null))).statusCode());
        JsonArray overdue = summary(id).getJsonArray("overdue");
        assertEquals(4, overdue.size(), "the region, two local networks and the inner one");
        assertFalse(overdue.stream().anyMatch(o -> ((JsonObject) o).getString("networkId").equals(LOCAL.get(0))));
        assertEquals(403, post(NURSES.get(1), "/api/broadcasts/" + id + "/chase", new JsonObject()).statusCode());
        HttpResponse<Buffer> chased = post(central, "/api/broadcasts/" + id + "/chase", new JsonObject());
        assertEquals(200, chased.statusCode(), chased.bodyAsString());
        assertEquals(4, chased.bodyAsJsonObject().getJsonArray("chased").size());
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE 'Reminder: %Faster diagnosis guidance%'",
            ORGANISERS.get(1).email()), "the organiser of an overdue network is reminded");
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE subject LIKE 'Reminder: %Faster diagnosis guidance%' "
            + "AND body LIKE '%waiting for Local network 0 %'"), "the network that responded is not chased");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE 'Reminder: %Faster diagnosis guidance%' "
            + "AND body LIKE '%waiting for Inner network %'", ORGANISERS.get(0).email()), "its overdue inner network is");
    }

    @Test
    void aNewVersionKeepsItsOwnAcknowledgementsAndSaysWhatChangedAndWhy() {
        String id = send(form("network", false), List.of(LOCAL.get(0), LOCAL.get(1)), false);
        post(NURSES.get(0), "/api/broadcasts/" + id + "/ack", new JsonObject());
        post(ORGANISERS.get(0), "/api/broadcasts/" + id + "/responses", new JsonObject()
            .put("answers", answers("No", 2, true, "We need more staff")));
        assertEquals(403, post(NURSES.get(0), "/api/broadcasts/" + id + "/versions", new JsonObject().put("body", "v2")
            .put("changeSummary", "x")).statusCode());
        HttpResponse<Buffer> v2 = post(central, "/api/broadcasts/" + id + "/versions", new JsonObject()
            .put("body", "Revised guidance with staffing support.").put("changeSummary", "Added staffing support")
            .put("youSaid", "You said you need more staff").put("citedNetworkIds", new JsonArray().add(LOCAL.get(0))));
        assertEquals(201, v2.statusCode(), v2.bodyAsString());
        assertEquals(2, v2.bodyAsJsonObject().getInteger("version"));

        JsonObject seen = get(NURSES.get(0), "/api/broadcasts/" + id).bodyAsJsonObject();
        assertFalse(seen.getBoolean("acknowledged"), "version 2 has not been acknowledged yet");
        assertEquals(List.of(1), seen.getJsonArray("acknowledgedVersions").getList());
        JsonObject latest = seen.getJsonArray("versions").getJsonObject(0);
        assertEquals("Added staffing support", latest.getString("changeSummary"));
        assertEquals(List.of("Local network 0"), latest.getJsonArray("citedNetworks").getList());
        JsonObject summary = summary(id);
        assertEquals(2, summary.getInteger("version"));
        assertEquals(0, summary.getInteger("acknowledgedNetworks"));
        assertEquals(0, summary.getInteger("respondedNetworks"), "feedback starts again for the new version");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE 'Updated guidance:%'",
            NURSES.get(1).email()), "recipients are told what changed");
    }

    @Test
    void aggregatesMatchHandComputedValues() {
        String id = send(form("network", false), List.of(region), true);
        post(ORGANISERS.get(0), "/api/broadcasts/" + id + "/responses", new JsonObject().put("networkId", LOCAL.get(0)).put("answers",
            answers("Yes", 4, false, "Going well").put("barriers", new JsonArray().add("Staff").add("Time"))));
        post(MANAGERS.get(1), "/api/broadcasts/" + id + "/responses", new JsonObject().put("answers",
            answers("Partly", 5, true, "Theatre capacity").put("barriers", new JsonArray().add("Staff"))));
        post(ORGANISERS.get(2), "/api/broadcasts/" + id + "/responses", new JsonObject().put("networkId", LOCAL.get(2))
            .put("answers", answers("Yes", 2, false, null)));
        assertEquals(400, post(ORGANISERS.get(2), "/api/broadcasts/" + id + "/responses", new JsonObject()
            .put("answers", answers("Yes", 2, false, null))).statusCode(), "someone in several target networks says which one");

        JsonObject summary = summary(id);
        assertEquals(3, summary.getInteger("respondedNetworks"));
        JsonArray questions = summary.getJsonArray("questions");
        assertEquals(new JsonObject().put("Yes", 2).put("Partly", 1).put("No", 0), questions.getJsonObject(0).getJsonObject("counts"));
        assertEquals(3.67, questions.getJsonObject(1).getDouble("mean"), 1e-9, "(4 + 5 + 2) / 3");
        assertEquals(new JsonObject().put("1", 0).put("2", 1).put("3", 0).put("4", 1).put("5", 1),
            questions.getJsonObject(1).getJsonObject("distribution"));
        assertEquals(new JsonObject().put("Staff", 2).put("Money", 0).put("Time", 1), questions.getJsonObject(2).getJsonObject("counts"));
        JsonArray text = questions.getJsonObject(3).getJsonArray("byNetwork");
        assertEquals(2, text.size());
        assertEquals("Local network 0", text.getJsonObject(0).getString("name"));
        assertEquals(List.of("Going well"), text.getJsonObject(0).getJsonArray("answers").getList());
        assertEquals(1, questions.getJsonObject(4).getInteger("yes"));
        assertEquals(2, questions.getJsonObject(4).getInteger("no"));
        assertEquals(List.of("Local network 1"), summary.getJsonArray("flags").getJsonObject(0).getJsonArray("networks").getList());

        String csv = get(central, "/api/broadcasts/" + id + "/summary.csv").bodyAsString();
        assertTrue(csv.startsWith("network,level,acknowledged,acknowledgements,responded,responses,Are you ready?,"), csv);
        assertTrue(csv.contains("Local network 1,1,no,0,yes,1,Partly,5,Staff: 1,Theatre capacity,yes"), csv);
        assertTrue(csv.contains("All networks,,0,,3,3,Yes: 2; Partly: 1; No: 0,mean 3.67,Staff: 2; Money: 0; Time: 1,2 answers,1 yes, 2 no")
            || csv.contains("All networks,,0,,3,3,Yes: 2; Partly: 1; No: 0,mean 3.67,Staff: 2; Money: 0; Time: 1,2 answers,\"1 yes, 2 no\""), csv);
    }

    @Test
    void anonymousResponsesKeepNoResponderAndHideGroupsOfFewerThanFive() {
        String id = send(form("individual", true), List.of(LOCAL.get(0), LOCAL.get(1)), false);
        List<TestUser> people = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestUser extra = TestUsers.create(client, "Anonymous member " + i);
            member(ORGANISERS.get(0), LOCAL.get(0), extra, "member", null);
            people.add(extra);
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(201, post(people.get(i), "/api/broadcasts/" + id + "/responses", new JsonObject()
                .put("answers", answers("Yes", 4, true, "Private view " + i))).statusCode());
        }
        assertEquals(201, post(NURSES.get(1), "/api/broadcasts/" + id + "/responses", new JsonObject()
            .put("answers", answers("No", 1, true, "The only answer from network 1"))).statusCode());

        assertEquals(0, count("SELECT count(*) FROM broadcast_responses WHERE broadcast_id = $1::uuid AND responder_id IS NOT NULL", id),
            "no response names its responder");
        JsonObject summary = summary(id);
        JsonObject first = summary.getJsonArray("questions").getJsonObject(0);
        assertEquals(5, summary.getInteger("responses"), "five in all may be shown");
        assertFalse(first.getBoolean("suppressed"));
        JsonObject text = summary.getJsonArray("questions").getJsonObject(3);
        assertEquals(0, text.getJsonArray("byNetwork").size(), "both networks have fewer than five: their free text is hidden");
        assertEquals(2, text.getInteger("suppressedNetworks"));
        assertEquals(0, summary.getJsonArray("flags").size(), "flags by network are hidden too");
        summary.getJsonArray("networks").forEach(n -> assertNull(((JsonObject) n).getValue("responses")));
        String csv = get(central, "/api/broadcasts/" + id + "/summary.csv").bodyAsString();
        assertFalse(csv.contains("Private view") || csv.contains("The only answer"), csv);
        assertTrue(csv.contains("suppressed (fewer than 5 responses)"), csv);

        assertEquals(201, post(people.get(4), "/api/broadcasts/" + id + "/responses", new JsonObject()
            .put("answers", answers("Yes", 3, false, "Fifth view"))).statusCode());
        JsonObject afterFifth = summary(id);
        JsonArray grouped = afterFifth.getJsonArray("questions").getJsonObject(3).getJsonArray("byNetwork");
        assertEquals(1, grouped.size(), "network 0 now has five responses");
        assertEquals(5, grouped.getJsonObject(0).getJsonArray("answers").size());
        assertEquals(1, afterFifth.getJsonArray("questions").getJsonObject(3).getInteger("suppressedNetworks"));

        String small = send(form("individual", true), List.of(LOCAL.get(2)), false);
        post(NURSES.get(2), "/api/broadcasts/" + small + "/responses", new JsonObject().put("answers", answers("Yes", 5, false, "Alone")));
        JsonObject tiny = summary(small);
        assertNull(tiny.getValue("responses"));
        tiny.getJsonArray("questions").forEach(q -> assertTrue(((JsonObject) q).getBoolean("suppressed"),
            "with one response nothing about the answers is shown"));
    }
}
