package uk.nhs.hub.project;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;
import static uk.nhs.hub.project.ProjectApiTestSupport.ok;
import static uk.nhs.hub.project.ProjectApiTestSupport.send;

/**
 * Service change projects through the real API and database: a private children's surgery network with an
 * organiser, a member and a network guest; a project whose team holds someone from another network (by account)
 * and a carer invited by email address who registers afterwards; and an outsider.
 */
class ProjectApiTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser networkGuest;
    private static TestUser teamMember;
    private static TestUser carer;
    private static TestUser outsider;
    private static String network;
    private static String project;
    private static String otherProject;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Olive Organiser");
        member = TestUsers.create(client, "Mo Member");
        networkGuest = TestUsers.create(client, "Gil Guest");
        teamMember = TestUsers.create(client, "Tess Team");
        outsider = TestUsers.create(client, "Otto Outsider");
        network = ok(201, send(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Children's surgery")
            .put("slug", "childrens-surgery").put("visibility", "private"))).getString("id");
        ok(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", member.email()).put("role", "member")));
        ok(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", networkGuest.email()).put("role", "guest")));
        project = create("Children's surgery and anaesthesia").getString("id");
        otherProject = create("Acutely unwell child").getString("id");
        ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + project + "/team",
            new JsonObject().put("accountId", teamMember.id().toString()).put("roleTitle", "Project Manager")));
        String carerEmail = TestUsers.uniqueEmail("carer");
        ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + project + "/team",
            new JsonObject().put("email", carerEmail).put("roleTitle", "Carer representative")));
        carer = TestUsers.create(client, "Cara Carer", carerEmail);
        assertEquals(303, PageRequests.get(client, carer, "/project-invitations/" + invitationToken(carerEmail)).statusCode(),
            "the carer joins through the link emailed to her");
    }

    /** The token in the latest team invitation emailed to {@code address}. */
    private static String invitationToken(String address) {
        String token = null;
        for (Row row : await(TestHub.get().pool().preparedQuery("SELECT body FROM outbox WHERE to_address = $1 ORDER BY id")
                .execute(Tuple.of(address)))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("/project-invitations/([A-Za-z0-9_-]+)")
                .matcher(row.getString("body"));
            if (m.find()) {
                token = m.group(1);
            }
        }
        assertTrue(token != null, "a team invitation was emailed to " + address);
        return token;
    }

    @Test
    void anAccountRegisteredWithAnInvitedAddressJoinsTheTeamOnlyThroughTheLinkEmailedThere() {
        String address = TestUsers.uniqueEmail("partner");
        ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + project + "/team",
            new JsonObject().put("email", address).put("roleTitle", "Council partner")));
        String token = invitationToken(address);
        // anyone may register with any address, so the account alone proves nothing
        TestUser claimant = TestUsers.create(client, "Cal Claimant", address);
        assertEquals(404, send(claimant, HttpMethod.GET, "/api/projects/" + project, null).statusCode());
        assertEquals(404, PageRequests.get(client, outsider, "/project-invitations/" + token).statusCode(),
            "someone else's account cannot use the link");
        assertEquals(404, PageRequests.get(client, claimant, "/project-invitations/not-a-token").statusCode());
        HttpResponse<Buffer> joined = PageRequests.get(client, claimant, "/project-invitations/" + token);
        assertEquals(303, joined.statusCode());
        assertEquals("/projects/" + project + "?done=joined", joined.getHeader("Location"));
        assertEquals("Council partner", get(claimant, project).getJsonArray("team").stream().map(JsonObject.class::cast)
            .filter(t -> "Cal Claimant".equals(t.getString("displayName"))).findFirst().orElseThrow().getString("roleTitle"));
        assertEquals(404, PageRequests.get(client, claimant, "/project-invitations/" + token).statusCode(), "a link works once");
    }

    @Test
    void someoneWhoLeavesTheNetworkIsNoLongerToldOfAProjectTheyFollowed() {
        String id = create("Followed, then left").getString("id");
        TestUser leaver = TestUsers.create(client, "Lee Leaver");
        ok(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
            new JsonObject().put("email", leaver.email()).put("role", "member")));
        ok(200, send(leaver, HttpMethod.PUT, "/api/projects/" + id + "/follow", null));
        assertEquals(204, send(organiser, HttpMethod.DELETE, "/api/networks/" + network + "/members/" + leaver.id(), null)
            .statusCode());
        ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/updates",
            new JsonObject().put("period", "2027-04").put("body", "Private progress")));
        long told = await(TestHub.get().pool().preparedQuery("SELECT count(*) AS n FROM notifications WHERE user_id = $1")
            .execute(Tuple.of(leaver.id()))).iterator().next().getLong("n");
        assertEquals(0, told, "a former member hears nothing of the project");
        long emailed = await(TestHub.get().pool().preparedQuery("SELECT count(*) AS n FROM outbox WHERE to_address = $1 AND body LIKE $2")
            .execute(Tuple.of(leaver.email(), "%Followed, then left%"))).iterator().next().getLong("n");
        assertEquals(0, emailed);
    }

    private static JsonObject create(String title) {
        return ok(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/projects", new JsonObject()
            .put("title", title).put("summary", "Make the service safer").put("aims", new JsonArray().add("Fewer transfers"))));
    }


    private static JsonObject get(TestUser as, String id) {
        return ok(200, send(as, HttpMethod.GET, "/api/projects/" + id, null));
    }

    private static String firstItem(JsonObject project, int stage) {
        return project.getJsonArray("stages").getJsonObject(stage).getJsonArray("checklist").getJsonObject(0).getString("id");
    }

    @Test
    void aNewProjectHasTheEightStagesInOrderEachWithAChecklistAndStartsProposedAtTheBigIdea() {
        JsonObject created = create("Stages check");
        List<String> keys = new ArrayList<>();
        created.getJsonArray("stages").forEach(s -> keys.add(((JsonObject) s).getString("key")));
        assertEquals(List.of("big-idea", "decision-time", "building-the-team", "understand-whats-around", "gather-ideas",
            "make-the-change", "keep-the-conversation-going", "checking-the-impact"), keys);
        created.getJsonArray("stages").forEach(s -> {
            JsonObject stage = (JsonObject) s;
            assertEquals("not-started", stage.getString("status"));
            assertFalse(stage.getJsonArray("checklist").isEmpty(), stage.getString("key"));
        });
        assertEquals("Building the team", created.getJsonArray("stages").getJsonObject(2).getString("title"));
        assertEquals("proposed", created.getString("status"));
        assertEquals("big-idea", created.getString("currentStage"));
        assertEquals(new JsonArray().add("Fewer transfers"), created.getJsonArray("aims"));
    }

    /** Who may do what: everyone who may not see the project is told it does not exist. */
    @Test
    void authorisationMatrixForEveryRole() {
        Map<String, TestUser> people = new LinkedHashMap<>();
        people.put("organiser", organiser);
        people.put("member", member);
        people.put("team member", teamMember);
        people.put("email invitee", carer);
        people.put("network guest", networkGuest);
        people.put("outsider", outsider);
        people.put("signed out", null);
        String p = "/api/projects/" + project;
        record Case(String what, HttpMethod method, String path, JsonObject body, int... statuses) {
        }
        JsonObject stage = get(organiser, project);
        String item = firstItem(stage, 0);
        List<Case> cases = List.of(
            // organiser, member, team member, email invitee, network guest, outsider, signed out
            new Case("see", HttpMethod.GET, p, null, 200, 200, 200, 200, 404, 404, 401),
            new Case("edit", HttpMethod.PATCH, p, new JsonObject().put("summary", "Safer care"), 200, 403, 200, 200, 404, 404, 401),
            new Case("stage", HttpMethod.PATCH, p + "/stages/big-idea", new JsonObject().put("status", "in-progress"),
                200, 403, 200, 200, 404, 404, 401),
            new Case("tick", HttpMethod.PUT, p + "/stages/big-idea/checklist/" + item, new JsonObject().put("done", true),
                200, 403, 200, 200, 404, 404, 401),
            new Case("add item", HttpMethod.POST, p + "/stages/big-idea/checklist", new JsonObject().put("text", "Extra"),
                201, 403, 403, 403, 404, 404, 401),
            new Case("team", HttpMethod.POST, p + "/team", new JsonObject().put("accountId", outsider.id().toString())
                .put("roleTitle", "Partner"), 201, 403, 403, 403, 404, 404, 401),
            new Case("update", HttpMethod.POST, p + "/updates", new JsonObject().put("period", "2027-03").put("body", "Progress"),
                201, 403, 201, 201, 404, 404, 401),
            new Case("hearing", HttpMethod.POST, p + "/hearings", new JsonObject().put("body", "Trust board").put("date", "2027-04-01"),
                201, 403, 201, 201, 404, 404, 401),
            new Case("decision", HttpMethod.POST, p + "/decisions", new JsonObject().put("decision", "Go ahead")
                .put("expected", "May 2027"), 201, 403, 201, 201, 404, 404, 401),
            new Case("follow", HttpMethod.PUT, p + "/follow", null, 200, 200, 200, 200, 404, 404, 401),
            new Case("list", HttpMethod.GET, "/api/networks/" + network + "/projects", null, 200, 200, 200, 200, 404, 404, 401),
            new Case("start", HttpMethod.POST, "/api/networks/" + network + "/projects", new JsonObject().put("title", "New"),
                201, 403, 404, 404, 403, 404, 401));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            int i = 0;
            for (Map.Entry<String, TestUser> who : people.entrySet()) {
                int expected = c.statuses()[i++];
                HttpResponse<Buffer> response = send(who.getValue(), c.method(), c.path(), c.body());
                if (response.statusCode() != expected) {
                    wrong.add(c.what() + " by " + who.getKey() + ": " + response.statusCode() + " not " + expected);
                }
                if (c.what().equals("team") && response.statusCode() == 201) {
                    // take the outsider off again so the rest of the matrix sees them as an outsider
                    JsonArray team = response.bodyAsJsonObject().getJsonArray("team");
                    String added = team.getJsonObject(team.size() - 1).getString("id");
                    ok(200, send(organiser, HttpMethod.DELETE, p + "/team/" + added, null));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aTeamGuestSeesOnlyTheirProjectNotTheNetworkNorItsOtherProjects() {
        assertEquals(404, send(carer, HttpMethod.GET, "/api/projects/" + otherProject, null).statusCode());
        assertEquals(404, send(carer, HttpMethod.GET, "/api/networks/" + network, null).statusCode());
        JsonArray listed = ok(200, send(carer, HttpMethod.GET, "/api/networks/" + network + "/projects", null))
            .getJsonArray("projects");
        assertEquals(1, listed.size());
        assertEquals(project, listed.getJsonObject(0).getString("id"));
        JsonObject seen = get(carer, project);
        JsonObject carerRow = seen.getJsonArray("team").stream().map(JsonObject.class::cast)
            .filter(t -> "Carer representative".equals(t.getString("roleTitle"))).findFirst().orElseThrow();
        assertTrue(carerRow.getBoolean("registered"));
        assertEquals("Cara Carer", carerRow.getString("displayName"));
        assertNull(carerRow.getString("email"), "only organisers see team members' addresses");
    }

    @Test
    void aChangeAgainstAnOlderVersionIsRefusedWithTheCurrentProjectAndNothingSaved() {
        JsonObject fresh = create("Versions");
        String id = fresh.getString("id");
        int version = fresh.getInteger("version");
        JsonObject first = ok(200, send(organiser, HttpMethod.PATCH, "/api/projects/" + id,
            new JsonObject().put("title", "Versions, first").put("version", version)));
        assertEquals(version + 1, first.getInteger("version"), "one change, one version");
        HttpResponse<Buffer> late = send(organiser, HttpMethod.PATCH, "/api/projects/" + id,
            new JsonObject().put("title", "Versions, second").put("version", version));
        assertEquals(409, late.statusCode(), late.bodyAsString());
        JsonObject error = late.bodyAsJsonObject().getJsonObject("error");
        assertEquals("stale_version", error.getString("code"));
        assertEquals("Versions, first", error.getJsonObject("current").getString("title"));
        assertEquals("Versions, first", get(organiser, id).getString("title"));
    }

    @Test
    void fieldsSentAsNullAreLeftAsTheyWere() {
        String id = create("Nulls").getString("id");
        JsonObject after = ok(200, send(organiser, HttpMethod.PATCH, "/api/projects/" + id, new JsonObject()
            .putNull("summary").putNull("status").putNull("currentStage").putNull("outcome").put("title", "Nulls kept")));
        assertEquals("Make the service safer", after.getString("summary"));
        assertEquals("proposed", after.getString("status"));
        assertEquals("big-idea", after.getString("currentStage"));
        assertEquals("Nulls kept", after.getString("title"));
    }

    @Test
    void closingAProjectNeedsAnOutcomeAndReopeningClearsIt() {
        String id = create("Closing").getString("id");
        HttpResponse<Buffer> refused = send(organiser, HttpMethod.PATCH, "/api/projects/" + id, new JsonObject().put("status", "closed"));
        assertEquals(400, refused.statusCode());
        assertEquals("outcome", refused.bodyAsJsonObject().getJsonObject("error").getString("field"));
        JsonObject closed = ok(200, send(organiser, HttpMethod.PATCH, "/api/projects/" + id,
            new JsonObject().put("status", "closed").put("outcome", "Merged into the regional plan")));
        assertEquals("Merged into the regional plan", closed.getString("outcome"));
        JsonObject reopened = ok(200, send(organiser, HttpMethod.PATCH, "/api/projects/" + id,
            new JsonObject().put("status", "active").put("currentStage", "gather-ideas")));
        assertNull(reopened.getString("outcome"));
        assertEquals("gather-ideas", reopened.getString("currentStage"));
    }

    @Test
    void organisersAddRewordAndRemoveChecklistItemsAndTickingRecordsWhoAndWhen() {
        String id = create("Checklists").getString("id");
        String base = "/api/projects/" + id + "/stages/gather-ideas/checklist";
        JsonObject added = ok(201, send(organiser, HttpMethod.POST, base, new JsonObject().put("text", "Visit the youth forum")));
        JsonArray list = added.getJsonArray("stages").getJsonObject(4).getJsonArray("checklist");
        JsonObject item = list.getJsonObject(list.size() - 1);
        assertEquals("Visit the youth forum", item.getString("text"));
        String itemId = item.getString("id");
        ok(200, send(organiser, HttpMethod.PATCH, base + "/" + itemId, new JsonObject().put("text", "Visit the youth forum twice")));
        JsonObject ticked = ok(200, send(organiser, HttpMethod.PUT, base + "/" + itemId, new JsonObject().put("done", true)));
        JsonArray after = ticked.getJsonArray("stages").getJsonObject(4).getJsonArray("checklist");
        JsonObject done = after.getJsonObject(after.size() - 1);
        assertTrue(done.getBoolean("done"));
        assertEquals("Visit the youth forum twice", done.getString("text"));
        assertEquals("Olive Organiser", done.getJsonObject("doneBy").getString("displayName"));
        assertTrue(done.getString("doneAt") != null);
        JsonObject removed = ok(200, send(organiser, HttpMethod.DELETE, base + "/" + itemId, null));
        assertEquals(list.size() - 1, removed.getJsonArray("stages").getJsonObject(4).getJsonArray("checklist").size());
        assertEquals(404, send(organiser, HttpMethod.PUT, base + "/" + itemId, new JsonObject().put("done", true)).statusCode());
        assertEquals(404, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/stages/no-such-stage/checklist",
            new JsonObject().put("text", "x")).statusCode());
    }

    @Test
    void aProgressUpdateRendersItsMarkdownSafelyAndNotifiesFollowersButNotItsAuthor() {
        String id = create("Updates").getString("id");
        ok(200, send(member, HttpMethod.PUT, "/api/projects/" + id + "/follow", null));
        ok(200, send(organiser, HttpMethod.PUT, "/api/projects/" + id + "/follow", null));
        JsonObject updated = ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/updates", new JsonObject()
            .put("period", "2027-03").put("body", "# Done\nWe **met** <script>alert(1)</script>")
            .put("achievements", new JsonArray().add("Case for change agreed")).put("nextSteps", new JsonArray().add("Consult"))));
        JsonObject update = updated.getJsonArray("updates").getJsonObject(0);
        assertEquals("2027-03", update.getString("period"));
        assertTrue(update.getString("bodyHtml").contains("<strong>met</strong>"), update.getString("bodyHtml"));
        assertTrue(update.getString("bodyHtml").contains("<h4>Done</h4>"), update.getString("bodyHtml"));
        assertFalse(update.getString("bodyHtml").contains("<script"), update.getString("bodyHtml"));
        assertEquals(new JsonArray().add("Consult"), update.getJsonArray("nextSteps"));
        List<String> told = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery("""
                SELECT u.display_name, n.kind, n.title FROM notifications n JOIN users u ON u.id = n.user_id
                WHERE n.subject = $1 ORDER BY u.display_name""").execute(Tuple.of("project:" + id)))) {
            told.add(row.getString("display_name") + ": " + row.getString("kind") + ": " + row.getString("title"));
        }
        assertEquals(List.of("Mo Member: project-update: Progress on Updates: March 2027"), told);
        ok(200, send(member, HttpMethod.DELETE, "/api/projects/" + id + "/follow", null));
        assertFalse(get(member, id).getBoolean("following"));
        assertEquals(400, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/updates",
            new JsonObject().put("period", "2027-13").put("body", "x")).statusCode());
    }

    @Test
    void hearingsKeepEachBoardsOutcomeAndExpectedDecisionsStayUntilMade() {
        String id = create("Hearings").getString("id");
        JsonObject heard = ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/hearings", new JsonObject()
            .put("body", "Wakefield CCG governing body").put("date", "2027-02-10").put("note", "Paper 7")));
        ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/hearings", new JsonObject()
            .put("body", "Leeds Teaching Hospitals trust board").put("date", "2027-01-20").put("outcome", "approved")));
        JsonArray hearings = heard.getJsonArray("hearings");
        String wakefield = hearings.getJsonObject(0).getString("id");
        JsonObject changed = ok(200, send(organiser, HttpMethod.PATCH, "/api/projects/" + id + "/hearings/" + wakefield,
            new JsonObject().put("outcome", "deferred")));
        JsonArray table = changed.getJsonArray("hearings");
        assertEquals("Leeds Teaching Hospitals trust board", table.getJsonObject(0).getString("body"), "in date order");
        assertEquals("deferred", table.getJsonObject(1).getString("outcome"));
        assertEquals(400, send(organiser, HttpMethod.PATCH, "/api/projects/" + id + "/hearings/" + wakefield,
            new JsonObject().put("outcome", "maybe")).statusCode());

        JsonObject expected = ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/decisions", new JsonObject()
            .put("decision", "Commissioning decision").put("expected", "May 2027")));
        JsonObject decision = expected.getJsonArray("decisions").getJsonObject(0);
        assertFalse(decision.getBoolean("made"));
        assertEquals("May 2027", decision.getString("expected"));
        JsonObject made = ok(200, send(organiser, HttpMethod.PATCH, "/api/projects/" + id + "/decisions/" + decision.getString("id"),
            new JsonObject().put("date", "2027-05-14").put("decidedBy", "Joint committee").put("rationale", "Safer care")));
        JsonObject after = made.getJsonArray("decisions").getJsonObject(0);
        assertTrue(after.getBoolean("made"));
        assertEquals("2027-05-14", after.getString("date"));
        assertEquals(400, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/decisions",
            new JsonObject().put("decision", "Both").put("expected", "June").put("date", "2027-06-01")).statusCode());
    }

    @Test
    void aStageMarkedDoneIsAnnouncedOnTheProjectsLiveAddress() throws Exception {
        String id = create("Live").getString("id");
        CompletableFuture<JsonObject> heard = new CompletableFuture<>();
        MessageConsumer<JsonObject> consumer = TestHub.get().vertx().eventBus()
            .consumer(ProjectEvents.address(java.util.UUID.fromString(id)), message -> heard.complete(message.body()));
        await(consumer.completion());
        try {
            JsonObject changed = ok(200, send(organiser, HttpMethod.PATCH, "/api/projects/" + id + "/stages/big-idea",
                new JsonObject().put("status", "done")));
            JsonObject event = heard.get(10, TimeUnit.SECONDS);
            assertEquals("project.stage.changed", event.getString("type"));
            assertEquals(changed.getLong("activity"), event.getLong("activity"));
        } finally {
            await(consumer.unregister());
        }
    }

    @Test
    void addingSomeoneAlreadyOnTheTeamIsAConflict() {
        HttpResponse<Buffer> again = send(organiser, HttpMethod.POST, "/api/projects/" + project + "/team",
            new JsonObject().put("accountId", teamMember.id().toString()).put("roleTitle", "Sponsor"));
        assertEquals(409, again.statusCode(), again.bodyAsString());
    }

    @Test
    void someoneAddedToTheTeamIsNotifiedAndAnAddressWithoutAnAccountIsEmailedALinkToJoin() {
        String id = create("Team notices").getString("id");
        TestUser sponsor = TestUsers.create(client, "Sid Sponsor");
        ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/team",
            new JsonObject().put("accountId", sponsor.id().toString()).put("roleTitle", "Chief Executive Sponsor")));
        Row notice = await(TestHub.get().pool().preparedQuery(
                "SELECT kind, title, href FROM notifications WHERE user_id = $1 AND subject = $2")
            .execute(Tuple.of(sponsor.id(), "project:" + id))).iterator().next();
        assertEquals("project-team", notice.getString("kind"));
        assertEquals("You are on the team of Team notices", notice.getString("title"));
        assertEquals("/projects/" + id, notice.getString("href"));

        String address = TestUsers.uniqueEmail("council partner");
        ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + id + "/team",
            new JsonObject().put("email", address).put("roleTitle", "Council partner")));
        Row email = await(TestHub.get().pool().preparedQuery("SELECT subject, body FROM outbox WHERE to_address = $1")
            .execute(Tuple.of(address))).iterator().next();
        assertEquals("You are on the team of Team notices", email.getString("subject"));
        assertTrue(email.getString("body").contains("/project-invitations/"), email.getString("body"));
        JsonObject pending = get(organiser, id).getJsonArray("team").stream().map(JsonObject.class::cast)
            .filter(t -> address.equals(t.getString("email"))).findFirst().orElseThrow();
        assertFalse(pending.getBoolean("registered"));
        ok(200, send(organiser, HttpMethod.DELETE, "/api/projects/" + id + "/team/" + pending.getString("id"), null));
        List<String> audited = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery(
                "SELECT action, subject FROM audit_log WHERE detail->>'projectId' = $1 ORDER BY id").execute(Tuple.of(id)))) {
            audited.add(row.getString("action") + " " + row.getString("subject"));
        }
        assertEquals(List.of("project.team.added " + sponsor.id(), "project.team.added " + address,
            "project.team.removed " + address), audited, "changes to who may see the project are audited");
    }

    @Test
    void aHearingsPaperFromTheLibraryIsReadByWhoeverSeesTheProjectAndNobodyElse() {
        String paper = uploadPaper(network, "Case for change");
        String elsewhere = uploadPaper(ok(201, send(organiser, HttpMethod.POST, "/api/networks", new JsonObject()
            .put("name", "Elsewhere").put("slug", "elsewhere-" + UUID.randomUUID().toString().substring(0, 8))
            .put("visibility", "private"))).getString("id"), "Someone else's paper");
        String hearings = "/api/projects/" + project + "/hearings";
        JsonObject error = ok(400, send(organiser, HttpMethod.POST, hearings, new JsonObject().put("body", "Leeds CCG")
            .put("date", "2027-05-01").put("documentId", elsewhere)));
        assertEquals("documentId", error.getJsonObject("error").getString("field"), "another network's paper is refused");
        assertEquals(400, send(organiser, HttpMethod.POST, hearings, new JsonObject().put("body", "Leeds CCG")
            .put("date", "2027-05-01").put("documentId", paper).put("paperUrl", "https://example.org/p")).statusCode());
        assertEquals(400, send(organiser, HttpMethod.POST, hearings, new JsonObject().put("body", "Leeds CCG")
            .put("date", "2027-05-01").put("documentId", "not-an-id")).statusCode());

        JsonObject heard = ok(201, send(organiser, HttpMethod.POST, hearings, new JsonObject().put("body", "York CCG governing body")
            .put("date", "2027-05-02").put("documentId", paper)));
        JsonObject row = heard.getJsonArray("hearings").stream().map(JsonObject.class::cast)
            .filter(h -> h.getString("body").equals("York CCG governing body")).findFirst().orElseThrow();
        assertEquals("Case for change", row.getJsonObject("paper").getString("title"));
        String href = row.getJsonObject("paper").getString("href");
        // the carer is on the project team by email, not in the network, so reads the paper only through the hearing
        assertEquals(200, send(carer, HttpMethod.GET, href, null).statusCode());
        assertEquals(200, send(teamMember, HttpMethod.GET, href, null).statusCode());
        assertEquals(200, send(member, HttpMethod.GET, href, null).statusCode());
        assertEquals(404, send(outsider, HttpMethod.GET, href, null).statusCode());
        assertEquals(401, send(null, HttpMethod.GET, href, null).statusCode());
        assertEquals(404, send(carer, HttpMethod.GET, "/api/documents/" + elsewhere + "/content", null).statusCode(),
            "a paper attached to no hearing stays closed to the carer");

        assertEquals(204, send(organiser, HttpMethod.DELETE, "/api/documents/" + paper, null).statusCode());
        JsonObject after = get(organiser, project).getJsonArray("hearings").stream().map(JsonObject.class::cast)
            .filter(h -> h.getString("body").equals("York CCG governing body")).findFirst().orElseThrow();
        assertNull(after.getValue("paper"), "a deleted paper drops out of the hearing");
        assertEquals(404, send(carer, HttpMethod.GET, href, null).statusCode());
    }

    private static String uploadPaper(String networkId, String title) {
        HttpResponse<Buffer> response = await(client.post("/api/networks/" + networkId + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create().attribute("title", title)
                .binaryFileUpload("file", "paper.txt", Buffer.buffer(title + " for the boards"), "text/plain")));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getString("id");
    }
}
