package uk.nhs.hub.project;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;
import static uk.nhs.hub.project.ProjectApiTestSupport.ok;
import static uk.nhs.hub.project.ProjectApiTestSupport.send;

/**
 * Project consultations through the real API and database: a private network with an organiser, a member and a
 * network guest; a project whose team holds someone from outside the network; and an outsider. Windows are set by
 * opening and closing moments in the past or future.
 */
class ConsultationApiTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser networkGuest;
    private static TestUser teamGuest;
    private static TestUser outsider;
    private static String network;
    private static String project;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        ProjectApiTestSupport.PrivateProject fixture = ProjectApiTestSupport.privateProject("Consulting surgery",
            "consulting-surgery", "Service user representative");
        organiser = fixture.organiser();
        member = fixture.member();
        networkGuest = fixture.networkGuest();
        teamGuest = fixture.teamMember();
        outsider = fixture.outsider();
        network = fixture.network();
        project = fixture.project();
    }


    private static JsonArray questions() {
        return new JsonArray()
            .add(new JsonObject().put("id", "support").put("type", "single").put("label", "Do you support the change?")
                .put("options", new JsonArray().add("Yes").add("No")))
            .add(new JsonObject().put("id", "why").put("type", "text").put("label", "Why?").put("required", false));
    }

    /** A consultation opening {@code opensInDays} from now and closing {@code closesInDays} from now. */
    private static JsonObject consultation(String title, int opensInDays, int closesInDays, String audience, boolean anonymous) {
        Instant now = Instant.now();
        return ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + project + "/consultations", new JsonObject()
            .put("title", title).put("opensAt", now.plus(opensInDays, ChronoUnit.DAYS).toString())
            .put("closesAt", now.plus(closesInDays, ChronoUnit.DAYS).toString()).put("questions", questions())
            .put("audience", audience).put("anonymous", anonymous)));
    }

    private static JsonObject answers(String support, String why) {
        JsonObject answers = new JsonObject().put("support", support);
        return new JsonObject().put("answers", why == null ? answers : answers.put("why", why));
    }

    @Test
    void aConsultationIsSetUpWithItsFormWindowAndNoResponses() {
        JsonObject created = consultation("Case for change", -1, 30, "members", false);
        assertEquals("open", created.getString("state"));
        assertEquals(0, created.getInteger("responses"));
        assertEquals(2, created.getJsonArray("questions").size());
        assertNull(created.getString("link"), "only a consultation open to anyone with the link has one");
        JsonArray listed = ok(200, send(member, HttpMethod.GET, "/api/projects/" + project + "/consultations", null))
            .getJsonArray("consultations");
        assertTrue(listed.stream().anyMatch(c -> ((JsonObject) c).getString("id").equals(created.getString("id"))));
    }

    @Test
    void answersOutsideTheWindowAreRefusedWithConflictAndNothingIsSaved() {
        String upcoming = consultation("Not yet", 2, 10, "members", false).getString("id");
        String closed = consultation("Over", -10, -2, "members", false).getString("id");
        HttpResponse<Buffer> early = send(member, HttpMethod.POST, "/api/consultations/" + upcoming + "/responses",
            answers("Yes", null));
        assertEquals(409, early.statusCode());
        assertEquals("consultation_not_open", early.bodyAsJsonObject().getJsonObject("error").getString("code"));
        HttpResponse<Buffer> late = send(member, HttpMethod.POST, "/api/consultations/" + closed + "/responses",
            answers("Yes", null));
        assertEquals(409, late.statusCode());
        assertEquals("consultation_closed", late.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(0, ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + upcoming, null)).getInteger("responses"));
        assertEquals(0, ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + closed, null)).getInteger("responses"));
    }

    @Test
    void aSecondResponseFromTheSamePersonReplacesTheFirstWhileOpen() {
        String id = consultation("Once each", -1, 5, "members", false).getString("id");
        JsonObject first = ok(201, send(member, HttpMethod.POST, "/api/consultations/" + id + "/responses", answers("Yes", "Safer")));
        assertFalse(first.getBoolean("replaced"));
        JsonObject second = ok(200, send(member, HttpMethod.POST, "/api/consultations/" + id + "/responses", answers("No", null)));
        assertTrue(second.getBoolean("replaced"));
        assertEquals(1, second.getInteger("responses"));
        assertEquals("No", second.getJsonObject("yourResponse").getJsonObject("answers").getString("support"));
        JsonObject summary = ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + id + "/summary", null));
        JsonObject support = summary.getJsonArray("results").getJsonObject(0);
        assertEquals(new JsonObject().put("Yes", 0).put("No", 1), support.getJsonObject("counts"));
        assertEquals("Mo Member", summary.getJsonArray("responsesList").getJsonObject(0).getString("respondent"));
    }

    @Test
    void answersAreCheckedAgainstTheFormNamingTheQuestion() {
        String id = consultation("Checked", -1, 5, "members", false).getString("id");
        HttpResponse<Buffer> wrong = send(member, HttpMethod.POST, "/api/consultations/" + id + "/responses", answers("Maybe", null));
        assertEquals(400, wrong.statusCode());
        assertEquals("answers.support", wrong.bodyAsJsonObject().getJsonObject("error").getString("field"));
        HttpResponse<Buffer> missing = send(member, HttpMethod.POST, "/api/consultations/" + id + "/responses",
            new JsonObject().put("answers", new JsonObject()));
        assertEquals(400, missing.statusCode());
    }

    @Test
    void aBadFormOrWindowIsRefusedNamingTheField() {
        HttpResponse<Buffer> backwards = send(organiser, HttpMethod.POST, "/api/projects/" + project + "/consultations",
            new JsonObject().put("title", "Backwards").put("opensAt", "2027-03-10T09:00:00Z").put("closesAt", "2027-03-01T09:00:00Z")
                .put("questions", questions()));
        assertEquals(400, backwards.statusCode());
        assertEquals("closesAt", backwards.bodyAsJsonObject().getJsonObject("error").getString("field"));
        HttpResponse<Buffer> noQuestions = send(organiser, HttpMethod.POST, "/api/projects/" + project + "/consultations",
            new JsonObject().put("title", "Empty").put("opensAt", "2027-03-01T09:00:00Z").put("closesAt", "2027-03-10T09:00:00Z")
                .put("questions", new JsonArray()));
        assertEquals(400, noQuestions.statusCode());
        assertEquals("questions", noQuestions.bodyAsJsonObject().getJsonObject("error").getString("field"));
    }

    @Test
    void questionsChangeOnlyBeforeOpeningButDatesMayMoveAnyTime() {
        String upcoming = consultation("Draft", 3, 10, "members", false).getString("id");
        JsonObject renamed = ok(200, send(organiser, HttpMethod.PATCH, "/api/consultations/" + upcoming,
            new JsonObject().put("title", "Draft, renamed")));
        assertEquals("Draft, renamed", renamed.getString("title"));
        String open = consultation("Running", -1, 10, "members", false).getString("id");
        HttpResponse<Buffer> refused = send(organiser, HttpMethod.PATCH, "/api/consultations/" + open,
            new JsonObject().put("questions", questions()));
        assertEquals(409, refused.statusCode());
        assertEquals("consultation_opened", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
        String later = Instant.now().plus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonObject extended = ok(200, send(organiser, HttpMethod.PATCH, "/api/consultations/" + open,
            new JsonObject().put("closesAt", later)));
        assertEquals(later, extended.getString("closesAt"));
    }

    @Test
    void onceAnsweredAConsultationKeepsItsFormEvenIfItsOpeningIsMovedLater() {
        String id = consultation("Answered", -1, 10, "members", true).getString("id");
        ok(201, send(member, HttpMethod.POST, "/api/consultations/" + id + "/responses", answers("Yes", "Closer to home")));
        String later = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        ok(200, send(organiser, HttpMethod.PATCH, "/api/consultations/" + id, new JsonObject().put("opensAt", later)));
        for (JsonObject change : List.of(new JsonObject().put("anonymous", false), new JsonObject().put("questions",
                new JsonArray().add(new JsonObject().put("id", "support").put("type", "rating").put("label", "How much?"))))) {
            HttpResponse<Buffer> refused = send(organiser, HttpMethod.PATCH, "/api/consultations/" + id, change);
            assertEquals(409, refused.statusCode(), refused.bodyAsString());
            assertEquals("consultation_answered", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
        }
        JsonObject kept = ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + id + "/summary", null));
        assertTrue(kept.getBoolean("anonymous"), "the answers given anonymously stay anonymous: " + kept);
    }

    @Test
    void aQuestionWordedLikeAFormulaIsHarmlessInTheResultsSpreadsheet() {
        String id = ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + project + "/consultations", new JsonObject()
            .put("title", "Formula").put("opensAt", Instant.now().minus(1, ChronoUnit.HOURS).toString())
            .put("closesAt", Instant.now().plus(3, ChronoUnit.DAYS).toString())
            .put("questions", new JsonArray().add(new JsonObject().put("id", "q").put("type", "text")
                .put("label", "=HYPERLINK(\"http://example.org\",\"Click\")"))))).getString("id");
        HttpResponse<Buffer> csv = send(organiser, HttpMethod.GET, "/api/consultations/" + id + "/summary.csv", null);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.bodyAsString().contains("\"'=HYPERLINK("), csv.bodyAsString());
    }

    @Test
    void onlyAnOrganiserOpensAConsultationToAnyoneWithItsLink() {
        // opening tomorrow, so its audience may still change
        JsonObject body = new JsonObject().put("title", "By the team")
            .put("opensAt", Instant.now().plus(1, ChronoUnit.DAYS).toString())
            .put("closesAt", Instant.now().plus(3, ChronoUnit.DAYS).toString()).put("questions", questions());
        HttpResponse<Buffer> refused = send(teamGuest, HttpMethod.POST, "/api/projects/" + project + "/consultations",
            body.copy().put("audience", "anyone-with-link"));
        assertEquals(403, refused.statusCode(), refused.bodyAsString());
        String id = ok(201, send(teamGuest, HttpMethod.POST, "/api/projects/" + project + "/consultations",
            body.copy().put("audience", "members"))).getString("id");
        assertEquals(403, send(teamGuest, HttpMethod.PATCH, "/api/consultations/" + id,
            new JsonObject().put("audience", "anyone-with-link")).statusCode());
    }

    /** Who may do what: anyone who may not see the project is told the consultation does not exist. */
    @Test
    void authorisationMatrixForEveryRole() {
        String id = consultation("Matrix", -1, 5, "members", false).getString("id");
        Map<String, TestUser> people = new LinkedHashMap<>();
        people.put("organiser", organiser);
        people.put("member", member);
        people.put("team guest", teamGuest);
        people.put("network guest", networkGuest);
        people.put("outsider", outsider);
        people.put("signed out", null);
        record Case(String what, HttpMethod method, String path, JsonObject body, int... statuses) {
        }
        String c = "/api/consultations/" + id;
        Instant now = Instant.now();
        JsonObject fresh = new JsonObject().put("title", "New").put("opensAt", now.plus(1, ChronoUnit.DAYS).toString())
            .put("closesAt", now.plus(2, ChronoUnit.DAYS).toString()).put("questions", questions());
        List<Case> cases = List.of(
            // organiser, member, team guest, network guest, outsider, signed out
            new Case("create", HttpMethod.POST, "/api/projects/" + project + "/consultations", fresh, 201, 403, 201, 404, 404, 401),
            new Case("list", HttpMethod.GET, "/api/projects/" + project + "/consultations", null, 200, 200, 200, 404, 404, 401),
            new Case("see", HttpMethod.GET, c, null, 200, 200, 200, 404, 404, 401),
            new Case("change", HttpMethod.PATCH, c, new JsonObject().put("closesAt", now.plus(6, ChronoUnit.DAYS).toString()),
                200, 403, 200, 404, 404, 401),
            new Case("answer", HttpMethod.POST, c + "/responses", answers("Yes", null), 201, 201, 201, 404, 404, 401),
            new Case("summary", HttpMethod.GET, c + "/summary", null, 200, 403, 200, 404, 404, 401),
            new Case("csv", HttpMethod.GET, c + "/summary.csv", null, 200, 403, 200, 404, 404, 401));
        List<String> wrong = new ArrayList<>();
        for (Case k : cases) {
            int i = 0;
            for (Map.Entry<String, TestUser> who : people.entrySet()) {
                int expected = k.statuses()[i++];
                HttpResponse<Buffer> response = send(who.getValue(), k.method(), k.path(), k.body());
                if (response.statusCode() != expected) {
                    wrong.add(k.what() + " by " + who.getKey() + ": " + response.statusCode() + " not " + expected);
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(3, ok(200, send(organiser, HttpMethod.GET, c, null)).getInteger("responses"));
    }

    @Test
    void anUnknownConsultationAnswersLikeOneTheCallerMayNotSee() {
        String unknown = "/api/consultations/00000000-0000-0000-0000-000000000000";
        String hidden = "/api/consultations/" + consultation("Hidden", -1, 5, "members", false).getString("id");
        HttpResponse<Buffer> a = send(outsider, HttpMethod.GET, unknown, null);
        HttpResponse<Buffer> b = send(outsider, HttpMethod.GET, hidden, null);
        assertEquals(404, a.statusCode());
        assertEquals(a.bodyAsJsonObject().getJsonObject("error").getString("message"),
            b.bodyAsJsonObject().getJsonObject("error").getString("message"));
    }

    @Test
    void anonymousResultsHideEveryoneAndWithholdQuestionsAnsweredByFewerThanFive() {
        String id = consultation("Anonymous", -1, 5, "members", true).getString("id");
        ok(201, send(member, HttpMethod.POST, "/api/consultations/" + id + "/responses", answers("Yes", "Closer to home")));
        ok(201, send(teamGuest, HttpMethod.POST, "/api/consultations/" + id + "/responses", answers("No", null)));
        JsonObject summary = ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + id + "/summary", null));
        assertNull(summary.getJsonArray("responsesList"), "nobody is named in anonymous results");
        JsonObject support = summary.getJsonArray("results").getJsonObject(0);
        assertTrue(support.getBoolean("suppressed"));
        assertNull(support.getJsonObject("counts"));
        String csv = send(organiser, HttpMethod.GET, "/api/consultations/" + id + "/summary.csv", null).bodyAsString();
        assertFalse(csv.contains("Mo Member"), csv);
        assertFalse(csv.contains("Closer to home"), csv);
        assertTrue(csv.contains("suppressed (fewer than 5 responses)"), csv);
    }

    @Test
    void anonymousResultsShowAQuestionOnceFiveHaveAnsweredIt() {
        String id = consultation("Anonymous and enough", -1, 5, "members", true).getString("id");
        for (int i = 0; i < 5; i++) {
            TestUser person = TestUsers.create(client, "Voter " + i);
            ok(201, send(organiser, HttpMethod.POST, "/api/networks/" + network + "/members",
                new JsonObject().put("email", person.email()).put("role", "member")));
            ok(201, send(person, HttpMethod.POST, "/api/consultations/" + id + "/responses", answers(i < 3 ? "Yes" : "No", null)));
        }
        JsonObject summary = ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + id + "/summary", null));
        JsonObject support = summary.getJsonArray("results").getJsonObject(0);
        assertFalse(support.getBoolean("suppressed"));
        assertEquals(new JsonObject().put("Yes", 3).put("No", 2), support.getJsonObject("counts"));
        assertTrue(summary.getJsonArray("results").getJsonObject(1).getBoolean("suppressed"),
            "nobody wrote why, so the written answers stay withheld");
    }

    // ---- the public link ----------------------------------------------------------------------------------

    private static String publicToken(JsonObject consultation) {
        String link = consultation.getString("link");
        assertNotNull(link);
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static HttpResponse<Buffer> postSignedOut(String path, Map<String, String> fields) {
        HttpResponse<Buffer> page = await(client.get("/sign-in").putHeader("Accept", "text/html").send());
        String csrf = TestUsers.cookie(page, "hub_csrf");
        MultiMap body = MultiMap.caseInsensitiveMultiMap();
        fields.forEach(body::add);
        body.add("csrf", csrf);
        return await(client.post(path).followRedirects(false).putHeader("Accept", "text/html")
            .putHeader("Cookie", "hub_csrf=" + csrf).sendForm(body));
    }

    /** The confirmation link in the one email queued for {@code address}. */
    private static String confirmationToken(String address, int expectedEmails) {
        List<String> tokens = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery("SELECT body FROM outbox WHERE to_address = $1 ORDER BY id")
                .execute(Tuple.of(address)))) {
            Matcher m = Pattern.compile("/consultations/confirm\\?token=([A-Za-z0-9_-]+)").matcher(row.getString("body"));
            assertTrue(m.find(), row.getString("body"));
            tokens.add(m.group(1));
        }
        assertEquals(expectedEmails, tokens.size());
        return tokens.get(tokens.size() - 1);
    }

    private static int responses(String id) {
        return ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + id, null)).getInteger("responses");
    }

    @Test
    void aResponseThroughThePublicLinkCountsOnlyOnceConfirmedFromTheEmail() {
        JsonObject created = consultation("Public", -1, 5, "anyone-with-link", false);
        String id = created.getString("id");
        String token = publicToken(created);
        assertEquals(200, await(client.get("/consultations/" + token).putHeader("Accept", "text/html").send()).statusCode());
        String address = TestUsers.uniqueEmail("parent");
        HttpResponse<Buffer> sent = postSignedOut("/consultations/" + token,
            Map.of("email", address, "a-support", "Yes", "a-why", "Less travel"));
        assertEquals(303, sent.statusCode(), sent.bodyAsString());
        assertEquals(0, responses(id), "an unconfirmed response never counts");

        String confirm = confirmationToken(address, 1);
        HttpResponse<Buffer> confirmPage = await(client.get("/consultations/confirm?token=" + confirm)
            .putHeader("Accept", "text/html").send());
        assertEquals(0, responses(id), "opening the link (as a mail scanner may) confirms nothing");
        assertTrue(confirmPage.bodyAsString().contains("Confirm my response"));
        assertEquals(200, postSignedOut("/consultations/confirm", Map.of("token", confirm)).statusCode());
        assertEquals(1, responses(id));
        assertEquals(404, postSignedOut("/consultations/confirm", Map.of("token", confirm)).statusCode(), "the link works once");

        JsonObject summary = ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + id + "/summary", null));
        assertEquals(address, summary.getJsonArray("responsesList").getJsonObject(0).getString("respondent"));
    }

    @Test
    void aSecondConfirmedResponseFromTheSameAddressReplacesTheFirst() {
        JsonObject created = consultation("Public, once per address", -1, 5, "anyone-with-link", false);
        String id = created.getString("id");
        String token = publicToken(created);
        String address = TestUsers.uniqueEmail("carer");
        postSignedOut("/consultations/" + token, Map.of("email", address, "a-support", "Yes"));
        postSignedOut("/consultations/confirm", Map.of("token", confirmationToken(address, 1)));
        postSignedOut("/consultations/" + token, Map.of("email", address.toUpperCase(java.util.Locale.ROOT), "a-support", "No"));
        postSignedOut("/consultations/confirm", Map.of("token", confirmationToken(address, 2)));
        assertEquals(1, responses(id));
        JsonObject summary = ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + id + "/summary", null));
        assertEquals(new JsonObject().put("Yes", 0).put("No", 1), summary.getJsonArray("results").getJsonObject(0).getJsonObject("counts"));
    }

    @Test
    void aMemberWhoAlsoAnswersThroughThePublicLinkWithTheirOwnAddressIsCountedOnce() {
        JsonObject created = consultation("Public and members", -1, 5, "anyone-with-link", false);
        String id = created.getString("id");
        ok(201, send(member, HttpMethod.POST, "/api/consultations/" + id + "/responses", answers("Yes", null)));
        postSignedOut("/consultations/" + publicToken(created), Map.of("email", member.email(), "a-support", "No"));
        postSignedOut("/consultations/confirm", Map.of("token", confirmationToken(member.email(), 1)));
        assertEquals(1, responses(id), "the confirmed answer replaces the member's own");
        JsonObject summary = ok(200, send(organiser, HttpMethod.GET, "/api/consultations/" + id + "/summary", null));
        assertEquals(new JsonObject().put("Yes", 0).put("No", 1), summary.getJsonArray("results").getJsonObject(0).getJsonObject("counts"));
    }

    @Test
    void aMembersOnlyConsultationHasNoPublicPage() {
        JsonObject created = consultation("Members only", -1, 5, "members", false);
        String token = await(TestHub.get().pool().preparedQuery("SELECT public_token FROM consultations WHERE id = $1")
            .execute(Tuple.of(java.util.UUID.fromString(created.getString("id"))))).iterator().next().getString("public_token");
        assertEquals(404, await(client.get("/consultations/" + token).putHeader("Accept", "text/html").send()).statusCode());
        assertEquals(404, postSignedOut("/consultations/" + token, Map.of("email", TestUsers.uniqueEmail("x"), "a-support", "Yes"))
            .statusCode());
    }

    @Test
    void aPublicResponseOutsideTheWindowOrWithABadAddressIsShownAgainWithTheErrorAndWhatWasTyped() {
        JsonObject open = consultation("Public, checked", -1, 5, "anyone-with-link", false);
        HttpResponse<Buffer> badAddress = postSignedOut("/consultations/" + publicToken(open),
            Map.of("email", "not an address", "a-support", "Yes", "a-why", "Kept words"));
        assertEquals(400, badAddress.statusCode());
        String page = badAddress.bodyAsString();
        assertTrue(page.contains("nhsuk-error-summary"), page);
        assertTrue(page.contains("value=\"not an address\""), page);
        assertTrue(page.contains("Kept words"), page);
        JsonObject closed = consultation("Public, closed", -5, -1, "anyone-with-link", false);
        HttpResponse<Buffer> late = postSignedOut("/consultations/" + publicToken(closed),
            Map.of("email", TestUsers.uniqueEmail("late"), "a-support", "Yes"));
        assertEquals(409, late.statusCode());
    }

    @Test
    void aConfirmationAfterTheConsultationClosesIsRefusedAndNotCounted() {
        JsonObject created = consultation("Public, closing", -1, 5, "anyone-with-link", false);
        String id = created.getString("id");
        String address = TestUsers.uniqueEmail("slow");
        postSignedOut("/consultations/" + publicToken(created), Map.of("email", address, "a-support", "Yes"));
        await(TestHub.get().pool().preparedQuery("UPDATE consultations SET closes_at = now() - interval '1 minute' WHERE id = $1")
            .execute(Tuple.of(java.util.UUID.fromString(id))));
        assertEquals(409, postSignedOut("/consultations/confirm", Map.of("token", confirmationToken(address, 1))).statusCode());
        assertEquals(0, responses(id));
    }

    @Test
    void responsesThroughPublicLinksAreLimitedPerClientAddressWith429() {
        String token = publicToken(consultation("Public, limited", -1, 5, "anyone-with-link", false));
        uk.nhs.hub.Hub proxied = TestHub.get().startAnother(json ->
            json.getJsonObject("security").put("trustedProxies", new JsonArray().add("127.0.0.1")));
        try {
            WebClient viaProxy = WebClient.create(TestHub.get().vertx(),
                new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(proxied.port()));
            String csrf = TestUsers.cookie(await(viaProxy.get("/sign-in").putHeader("Accept", "text/html").send()), "hub_csrf");
            java.util.function.Supplier<HttpResponse<Buffer>> post = () -> {
                MultiMap body = MultiMap.caseInsensitiveMultiMap();
                body.add("csrf", csrf).add("email", "not an address").add("a-support", "Yes");
                return await(viaProxy.post("/consultations/" + token).followRedirects(false).putHeader("Accept", "text/html")
                    .putHeader("Cookie", "hub_csrf=" + csrf).putHeader("X-Forwarded-For", "192.0.2.9").sendForm(body));
            };
            for (int i = 0; i < PublicFormLimit.PER_CLIENT_ADDRESS; i++) {
                assertEquals(400, post.get().statusCode());
            }
            HttpResponse<Buffer> limited = post.get();
            assertEquals(429, limited.statusCode());
            assertTrue(Long.parseLong(limited.getHeader("Retry-After")) > 0);
            assertTrue(limited.bodyAsString().contains("nhsuk-error-summary"), "the page says why, with the form kept");
        } finally {
            await(proxied.stop());
        }
    }

    // ---- live ----------------------------------------------------------------------------------------------

    @Test
    void aResponseTellsOpenProjectPagesWithAHigherChangeCounter() throws Exception {
        String id = consultation("Live count", -1, 5, "members", false).getString("id");
        long before = ok(200, send(organiser, HttpMethod.GET, "/api/projects/" + project, null)).getLong("activity");
        java.util.concurrent.CompletableFuture<JsonObject> heard = new java.util.concurrent.CompletableFuture<>();
        var consumer = TestHub.get().vertx().eventBus().<JsonObject>consumer(
            ProjectEvents.address(java.util.UUID.fromString(project)), message -> heard.complete(message.body()));
        await(consumer.completion());
        try {
            ok(201, send(teamGuest, HttpMethod.POST, "/api/consultations/" + id + "/responses", answers("Yes", null)));
            JsonObject event = heard.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("project.consultation.changed", event.getString("type"));
            assertTrue(event.getLong("activity") > before, event.encode());
            assertEquals(event.getLong("activity"),
                ok(200, send(organiser, HttpMethod.GET, "/api/projects/" + project, null)).getLong("activity"),
                "a page catching up after reconnecting finds the same counter");
        } finally {
            await(consumer.unregister());
        }
    }

    // ---- followers ----------------------------------------------------------------------------------------

    @Test
    void followersAreToldOnceWhenAConsultationOpens() {
        ok(200, send(member, HttpMethod.PUT, "/api/projects/" + project + "/follow", null));
        String id = consultation("Told", -1, 5, "members", false).getString("id");
        String upcoming = consultation("Told later", 1, 5, "members", false).getString("id");
        long told = await(TestHub.get().pool().preparedQuery(
                "SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND href LIKE $2")
            .execute(Tuple.of(member.id(), "%/consultations/" + id))).iterator().next().getLong("n");
        assertEquals(1, told);
        long notYet = await(TestHub.get().pool().preparedQuery(
                "SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND href LIKE $2")
            .execute(Tuple.of(member.id(), "%/consultations/" + upcoming))).iterator().next().getLong("n");
        assertEquals(0, notYet, "a consultation that has not opened is not announced yet");
    }
}
