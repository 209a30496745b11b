package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The register of one occurrence and the programme's attendance per local network. */
class AttendanceTest {

    /** Last year, so every date of the programme has happened and can be marked. */
    private static final int YEAR = LocalDate.now().getYear() - 1;
    private static final String JANUARY = YEAR + "-01-12T10:00:00Z";
    private static final String MARCH = YEAR + "-03-12T10:00:00Z";
    private static final String APRIL = YEAR + "-04-12T09:00:00Z";
    private static final String MAY = YEAR + "-05-12T09:00:00Z";
    private static final String JUNE = YEAR + "-06-12T09:00:00Z";
    private static final String FUTURE = (YEAR + 3) + "-01-12T10:00:00Z";

    private static WebClient client;
    private static TestUser lead;
    private static TestUser leedsNurse;
    private static TestUser leedsDoctor;
    private static TestUser yorkNurse;
    private static TestUser priya;
    private static TestUser tom;
    private static TestUser guest;
    private static TestUser stranger;
    private static String national;
    private static String nationalSlug;
    private static String leeds;
    private static String york;
    private static String meeting;
    private static String future;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        lead = TestUsers.create(client, "Programme Lead");
        leedsNurse = TestUsers.create(client, "Leeds Nurse");
        leedsDoctor = TestUsers.create(client, "Leeds Doctor");
        yorkNurse = TestUsers.create(client, "York Nurse");
        priya = TestUsers.create(client, "Priya Shah");
        tom = TestUsers.create(client, "Tom Reid");
        guest = TestUsers.create(client, "Named Guest");
        stranger = TestUsers.create(client, "Not Invited");
        national = network("National cancer programme", null);
        nationalSlug = await(client.get("/api/networks/" + national).putHeader("Authorization", lead.bearer()).send())
            .bodyAsJsonObject().getString("slug");
        leeds = network("Leeds cancer", national);
        york = network("York cancer", national);
        for (TestUser person : List.of(leedsNurse, leedsDoctor, yorkNurse, priya, tom)) {
            add(national, person);
        }
        add(leeds, leedsNurse);
        add(leeds, leedsDoctor);
        add(york, yorkNurse);
        meeting = schedule("Leads meeting", YEAR + "-01-12T10:00", "FREQ=MONTHLY;COUNT=6");
        future = schedule("Leads meeting to come", (YEAR + 3) + "-01-12T10:00", null);
        HttpResponse<Buffer> invited = await(client.post("/api/meetings/" + meeting + "/invitees").putHeader("Authorization", lead.bearer())
            .sendJsonObject(new JsonObject().put("email", guest.email())));
        assertEquals(201, invited.statusCode(), invited.bodyAsString());
    }

    private static String schedule(String title, String start, String rrule) {
        JsonObject body = new JsonObject().put("title", title).put("start", start).put("durationMinutes", 120);
        if (rrule != null) {
            body.put("rrule", rrule);
        }
        HttpResponse<Buffer> created = await(client.post("/api/networks/" + national + "/meetings")
            .putHeader("Authorization", lead.bearer()).sendJsonObject(body));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static String network(String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        return await(client.post("/api/networks").putHeader("Authorization", lead.bearer()).sendJsonObject(body))
            .bodyAsJsonObject().getString("id");
    }

    private static void add(String network, TestUser person) {
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", lead.bearer())
            .sendJsonObject(new JsonObject().put("email", person.email()).put("role", "member")));
    }

    private static HttpResponse<Buffer> mark(TestUser as, String start, JsonArray marks) {
        return mark(as, meeting, start, marks);
    }

    private static HttpResponse<Buffer> mark(TestUser as, String meetingId, String start, JsonArray marks) {
        return await(client.put("/api/meetings/" + meetingId + "/occurrences/" + start + "/attendance")
            .putHeader("Authorization", as.bearer()).sendJsonObject(new JsonObject().put("marks", marks)));
    }

    /** A reply given before the date (the API refuses replies once a date has started, as these have). */
    private static void reply(TestUser as, String start, String response, TestUser delegate) {
        await(TestHub.get().pool().preparedQuery("INSERT INTO rsvps (meeting_id, original_start, user_id, response, delegate_user_id)"
                + " VALUES ($1, $2, $3, $4, $5)")
            .execute(io.vertx.sqlclient.Tuple.of(java.util.UUID.fromString(meeting), java.time.OffsetDateTime.parse(start), as.id(),
                response, delegate == null ? null : delegate.id())));
    }

    private static JsonObject register(String start) {
        return await(client.get("/api/meetings/" + meeting + "/occurrences/" + start + "/attendance")
            .putHeader("Authorization", lead.bearer()).send()).bodyAsJsonObject();
    }

    private static JsonObject row(JsonObject register, TestUser person) {
        return register.getJsonArray("register").stream().map(JsonObject.class::cast)
            .filter(r -> person.id().toString().equals(r.getString("userId"))).findFirst().orElseThrow();
    }

    private static JsonObject entry(TestUser person, String mark) {
        return new JsonObject().put("userId", person.id().toString()).put("mark", mark);
    }

    private static String registerPage(String start) {
        return "/meetings/" + meeting + "/register?start=" + java.net.URLEncoder.encode(start, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static HttpResponse<Buffer> saveOnPage(String start, String network, String action, Map<String, String> marks) {
        Map<String, String> form = new HashMap<>(marks);
        form.put("start", start);
        form.put("action", action);
        if (network != null) {
            form.put("network", network);
        }
        return PageRequests.post(client, lead, "/meetings/" + meeting + "/register", form);
    }

    @Test
    void theRegisterListsTheNetworkWithRepliesAndMarks() {
        reply(leedsNurse, JANUARY, "yes", null);

        HttpResponse<Buffer> marked = mark(lead, JANUARY, new JsonArray().add(entry(leedsNurse, "attended"))
            .add(entry(yorkNurse, "apologies")).add(entry(leedsDoctor, "no-show")));

        assertEquals(200, marked.statusCode(), marked.bodyAsString());
        JsonObject nurse = row(marked.bodyAsJsonObject(), leedsNurse);
        assertEquals("confirmed", nurse.getString("reply"));
        assertEquals("attended", nurse.getString("mark"));
        assertEquals(6, marked.bodyAsJsonObject().getJsonArray("register").size(), "the lead and the five members");
        assertTrue(marked.bodyAsJsonObject().getBoolean("markingOpen"));
    }

    @Test
    void theRegisterIsGroupedByTheNetworkInsideThatEachPersonBelongsTo() {
        JsonObject register = register(APRIL);

        assertEquals(leeds, row(register, leedsNurse).getString("networkId"));
        assertEquals("York cancer", row(register, yorkNurse).getString("networkName"));
        assertEquals(national, row(register, lead).getString("networkId"), "people in several networks inside (or none) stay under this one");
        List<String> order = register.getJsonArray("register").stream().map(r -> ((JsonObject) r).getString("networkName"))
            .distinct().toList();
        assertEquals(List.of("National cancer programme", "Leeds cancer", "York cancer"), order);

        String page = PageRequests.get(client, lead, registerPage(APRIL)).bodyAsString();
        int nationalHeading = page.indexOf("id=\"network-" + national + "\">National cancer programme</h3>");
        int leedsHeading = page.indexOf("id=\"network-" + leeds + "\">Leeds cancer</h3>");
        int yorkHeading = page.indexOf("id=\"network-" + york + "\">York cancer</h3>");
        assertTrue(nationalHeading > 0 && leedsHeading > nationalHeading && yorkHeading > leedsHeading, page);
        assertEquals(3, page.split("name=\"network\"", -1).length - 1, "one form, with its own Save button, per network");
        assertTrue(page.indexOf("Leeds Nurse") > leedsHeading && page.indexOf("Leeds Nurse") < yorkHeading);
    }

    @Test
    void eachNetworkIsSavedOnItsOwnWithoutJavaScript() {
        HttpResponse<Buffer> saved = saveOnPage(MAY, leeds, "save", Map.of("mark-" + leedsNurse.id(), "attended",
            "mark-" + leedsDoctor.id(), "apologies"));

        assertEquals(303, saved.statusCode(), saved.bodyAsString());
        assertTrue(saved.getHeader("Location").endsWith("&done=saved&network=" + leeds + "#network-" + leeds), saved.getHeader("Location"));
        JsonObject register = register(MAY);
        assertEquals("attended", row(register, leedsNurse).getString("mark"));
        assertEquals("apologies", row(register, leedsDoctor).getString("mark"));
        assertNull(row(register, yorkNurse).getValue("mark"));
        String page = PageRequests.get(client, lead, saved.getHeader("Location").replace("#network-" + leeds, "")).bodyAsString();
        int leedsSection = page.indexOf("<h3 class=\"nhsuk-u-margin-bottom-2\" id=\"network-" + leeds + "\">Leeds cancer</h3>");
        assertTrue(leedsSection > 0, page);
        assertTrue(page.startsWith("<p class=\"nhsuk-u-margin-bottom-2\"><strong>Saved.</strong></p>", page.indexOf("<p", leedsSection)), page);
        assertTrue(page.startsWith("<details class=\"nhsuk-details nhsuk-u-margin-bottom-4\" open>", page.indexOf("<details", leedsSection)),
            "the saved network stays open");
        assertTrue(page.contains("2 people: 0 going, 2 marked"), page);
    }

    @Test
    void everyoneWhoRepliedYesIsMarkedAttendedInOneNetworkOrInAll() {
        reply(leedsNurse, JUNE, "yes", null);
        reply(leedsDoctor, JUNE, "yes", null);
        reply(yorkNurse, JUNE, "yes", null);
        reply(priya, JUNE, "no", null);
        reply(tom, JUNE, "yes", priya);

        assertEquals(303, saveOnPage(JUNE, leeds, "replied-yes", Map.of("mark-" + leedsDoctor.id(), "no-show")).statusCode());

        JsonObject register = register(JUNE);
        assertEquals("attended", row(register, leedsNurse).getString("mark"));
        assertEquals("no-show", row(register, leedsDoctor).getString("mark"), "a mark chosen on the form is kept");
        assertNull(row(register, yorkNurse).getValue("mark"), "only Leeds was asked for");

        assertEquals(303, saveOnPage(JUNE, null, "replied-yes", Map.of()).statusCode());

        register = register(JUNE);
        assertEquals("attended", row(register, yorkNurse).getString("mark"));
        assertEquals("no-show", row(register, leedsDoctor).getString("mark"), "a mark already saved is kept");
        assertNull(row(register, priya).getValue("mark"), "who said no is not marked");
        assertEquals("attended", row(register, tom).getString("mark"), "who sent a delegate is, for the delegate");
        assertNull(row(register, lead).getValue("mark"), "nor who did not reply");
    }

    @Test
    void aDelegateAppearsInTheSendersRowAndTheirMarkIsTheDelegates() {
        reply(tom, MARCH, "yes", priya);

        JsonObject tomsRow = row(register(MARCH), tom);
        assertEquals(priya.id().toString(), tomsRow.getString("delegateUserId"));
        assertEquals("Priya Shah", tomsRow.getString("delegateName"));
        String page = PageRequests.get(client, lead, registerPage(MARCH)).bodyAsString();
        assertTrue(page.contains("Priya Shah, for Tom Reid"), page);
        assertTrue(page.contains("Not going, sending Priya Shah"), page);
        assertTrue(page.contains("means the delegate attended"), page);
        assertTrue(page.contains("<label class=\"nhsuk-label nhsuk-u-visually-hidden\" for=\"mark-" + tom.id()
            + "\">Attendance of Priya Shah, for Tom Reid</label>"), page);
    }

    @Test
    void aDateThatHasNotHappenedCannotBeMarked() {
        HttpResponse<Buffer> refused = mark(lead, future, FUTURE, new JsonArray().add(entry(leedsNurse, "attended")));

        assertEquals(409, refused.statusCode(), refused.bodyAsString());
        JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
        assertEquals("marks", error.getString("field"));
        assertTrue(error.getString("message").startsWith("This date has not happened yet. Marking opens when it starts, "),
            error.getString("message"));
        JsonObject register = await(client.get("/api/meetings/" + future + "/occurrences/" + FUTURE + "/attendance")
            .putHeader("Authorization", lead.bearer()).send()).bodyAsJsonObject();
        assertFalse(register.getBoolean("markingOpen"));
        assertTrue(register.getJsonArray("register").stream().allMatch(r -> ((JsonObject) r).getValue("mark") == null));

        String page = PageRequests.get(client, lead, "/meetings/" + future + "/register?start=" + FUTURE).bodyAsString();
        assertTrue(page.contains("This date has not happened yet. You can mark who attended from when it starts, "), page);
        assertFalse(page.contains("<select"), "no marking controls before the date");
        assertFalse(page.contains("Mark everyone who replied yes"));
        HttpResponse<Buffer> posted = PageRequests.post(client, lead, "/meetings/" + future + "/register",
            Map.of("start", FUTURE, "action", "replied-yes"));
        assertEquals(409, posted.statusCode(), "the form refuses it too, even with nobody to mark");
    }

    @Test
    void marksAreCheckedAllOrNothingAndOnlyOrganisersKeepTheRegister() {
        assertEquals(400, mark(lead, APRIL, new JsonArray().add(entry(leedsNurse, "attended")).add(entry(stranger, "attended")))
            .statusCode());
        assertEquals(400, mark(lead, APRIL, new JsonArray().add(entry(leedsNurse, "late"))).statusCode());
        JsonArray register = register(APRIL).getJsonArray("register");
        assertTrue(register.stream().allMatch(r -> ((JsonObject) r).getValue("mark") == null), "nothing was half-written");
        assertEquals(403, mark(leedsNurse, APRIL, new JsonArray().add(entry(leedsNurse, "attended"))).statusCode());
        assertEquals(404, mark(lead, YEAR + "-01-13T10:00:00Z", new JsonArray().add(entry(leedsNurse, "attended"))).statusCode());
    }

    @Test
    void whoMayKeepTheRegisterAndReadTheReport() {
        // person, register (API), marking (API), register page, report (API), report page
        Object[][] table = {
            {lead, 200, 200, 200, 200, 200},
            {leedsNurse, 403, 403, 403, 200, 200},
            {guest, 403, 403, 403, 404, 404},
            {stranger, 404, 404, 404, 404, 404},
        };
        String api = "/api/meetings/" + meeting + "/occurrences/" + APRIL + "/attendance";
        for (Object[] expected : table) {
            TestUser who = (TestUser) expected[0];
            String name = who.displayName();
            assertEquals(expected[1], await(client.get(api).putHeader("Authorization", who.bearer()).send()).statusCode(), name);
            assertEquals(expected[2], await(client.put(api).putHeader("Authorization", who.bearer())
                .sendJsonObject(new JsonObject().put("marks", new JsonArray().add(entry(lead, "apologies"))))).statusCode(), name);
            assertEquals(expected[3], PageRequests.get(client, who, registerPage(APRIL)).statusCode(), name);
            assertEquals(expected[4], await(client.get("/api/networks/" + national + "/attendance").putHeader("Authorization", who.bearer())
                .send()).statusCode(), name);
            assertEquals(expected[5], PageRequests.get(client, who, "/networks/" + nationalSlug + "/attendance").statusCode(), name);
        }
        assertEquals(401, await(client.get(api).send()).statusCode());
        assertEquals(401, await(client.put(api).sendJsonObject(new JsonObject().put("marks", new JsonArray()))).statusCode());
        assertEquals(401, await(client.get("/api/networks/" + national + "/attendance").send()).statusCode());
        for (String page : List.of(registerPage(APRIL), "/networks/" + nationalSlug + "/attendance")) {
            HttpResponse<Buffer> signedOut = PageRequests.get(client, null, page);
            assertEquals(303, signedOut.statusCode(), page);
            assertTrue(signedOut.getHeader("Location").startsWith("/sign-in"), page);
        }
    }

    @Test
    void theReportCountsAttendancePerLocalNetworkAcrossTheProgramme() {
        mark(lead, JANUARY, new JsonArray().add(entry(leedsNurse, "attended")).add(entry(leedsDoctor, "attended"))
            .add(entry(yorkNurse, "apologies")));
        mark(lead, MARCH, new JsonArray().add(entry(yorkNurse, "attended")).add(entry(leedsNurse, "no-show")));

        String window = "?from=" + YEAR + "-01-01&to=" + YEAR + "-04-01";
        JsonObject report = await(client.get("/api/networks/" + national + "/attendance" + window)
            .putHeader("Authorization", lead.bearer()).send()).bodyAsJsonObject();

        assertEquals(3, report.getJsonArray("occurrences").size());
        JsonObject leedsRow = byName(report, "Leeds cancer");
        JsonObject yorkRow = byName(report, "York cancer");
        assertEquals(new JsonArray().add(2).add(0).add(0), leedsRow.getJsonArray("attended"));
        assertEquals(new JsonArray().add(0).add(0).add(1), yorkRow.getJsonArray("attended"));
        assertEquals(1, yorkRow.getLong("occurrencesAttended"));

        String csv = await(client.get("/api/networks/" + national + "/attendance.csv" + window)
            .putHeader("Authorization", lead.bearer()).send()).bodyAsString();
        assertTrue(csv.startsWith("network,Leads meeting " + YEAR + "-01-12,Leads meeting " + YEAR + "-02-12,Leads meeting "
            + YEAR + "-03-12,total attended,occurrences with someone present\r\n"), csv);
        assertTrue(csv.contains("Leeds cancer,2,0,0,2,1\r\n"), csv);
        assertTrue(csv.contains("York cancer,0,0,1,1,1\r\n"), csv);
    }

    @Test
    void theReportCoversThisProgrammeYearUnlessAskedForAnotherPeriod() {
        ProgrammeYear current = ProgrammeYear.of(Instant.now());
        JsonObject report = await(client.get("/api/networks/" + national + "/attendance").putHeader("Authorization", lead.bearer())
            .send()).bodyAsJsonObject();
        assertEquals(current.start(), java.time.OffsetDateTime.parse(report.getString("from")).toInstant());
        assertEquals(current.end(), java.time.OffsetDateTime.parse(report.getString("to")).toInstant());

        for (String field : List.of("from", "to")) {
            HttpResponse<Buffer> bad = await(client.get("/api/networks/" + national + "/attendance?" + field + "=12%2F01%2F2027")
                .putHeader("Authorization", lead.bearer()).send());
            assertEquals(400, bad.statusCode(), field);
            assertEquals(field, bad.bodyAsJsonObject().getJsonObject("error").getString("field"));
        }

        String page = PageRequests.get(client, lead, "/networks/" + nationalSlug + "/attendance").bodyAsString();
        assertTrue(page.contains("A programme year runs from 1 April to 31 March"), page);
        assertTrue(page.contains(">" + current.words() + " (this year)</option>"), page);
        assertTrue(page.contains(">" + new ProgrammeYear(YEAR - 1).words() + "</option>"), "the year of the first meeting is a choice");
        assertTrue(page.contains(">" + new ProgrammeYear(YEAR + 2).words() + "</option>"), "and so is the year of the last date");
        String earlier = PageRequests.get(client, lead, "/networks/" + nationalSlug + "/attendance?year=" + (YEAR - 1)).bodyAsString();
        assertTrue(earlier.contains("in the programme year April " + (YEAR - 1) + " to March " + YEAR), earlier);
        assertTrue(earlier.contains("12 January " + YEAR), "its dates are the columns");
        assertTrue(earlier.contains("download=\"" + nationalSlug + "-attendance-" + new ProgrammeYear(YEAR - 1).shortName() + ".csv\""), earlier);
    }

    @Test
    void theReportPageTakesOtherDatesInTheNhsDateInputAndKeepsWhatWasTypedWhenTheyAreWrong() {
        String base = "/networks/" + nationalSlug + "/attendance?from-day=1&from-month=1&from-year=" + YEAR;
        HttpResponse<Buffer> custom = PageRequests.get(client, lead, base + "&to-day=30&to-month=6&to-year=" + YEAR);

        assertEquals(200, custom.statusCode());
        assertTrue(custom.bodyAsString().contains("who attended, from 1 January " + YEAR + " to 30 June " + YEAR + "."), custom.bodyAsString());
        assertTrue(custom.bodyAsString().contains("download=\"" + nationalSlug + "-attendance-" + YEAR + "-01-01-to-" + YEAR + "-06-30.csv\""));
        assertTrue(custom.bodyAsString().contains(">12 June " + YEAR + "</th>"), "its dates are the columns");

        HttpResponse<Buffer> wrong = PageRequests.get(client, lead, "/networks/" + nationalSlug
            + "/attendance?from-day=31&from-month=2&from-year=" + YEAR + "&to-day=1&to-month=1&to-year=" + YEAR);
        assertEquals(400, wrong.statusCode());
        String page = wrong.bodyAsString();
        assertTrue(page.contains("<title>Error: "), "the title says there is a problem");
        assertTrue(page.contains("<a href=\"#from\">Enter the first day of the period as a real date, like 1 4 2026</a>"), page);
        assertTrue(page.contains("id=\"from-day\" name=\"from-day\" type=\"text\" inputmode=\"numeric\" value=\"31\""), "what was typed is kept");
        HttpResponse<Buffer> backwards = PageRequests.get(client, lead, base + "&to-day=1&to-month=12&to-year=" + (YEAR - 1));
        assertEquals(400, backwards.statusCode());
        assertTrue(backwards.bodyAsString().contains("<a href=\"#to\">The last day must be the same as or after the first day</a>"));
    }

    @Test
    void theCsvHasAReadableFileNameForItsNetworkAndPeriod() {
        ProgrammeYear current = ProgrammeYear.of(Instant.now());
        Map<String, String> names = Map.of(
            "", nationalSlug + "-attendance-" + current.shortName() + ".csv",
            "?from=" + YEAR + "-04-01&to=" + (YEAR + 1) + "-04-01", nationalSlug + "-attendance-" + YEAR + "-" + String.format("%02d", (YEAR + 1) % 100) + ".csv",
            "?from=" + YEAR + "-01-01&to=" + (YEAR + 1) + "-01-01", nationalSlug + "-attendance-" + YEAR + ".csv",
            "?from=" + YEAR + "-01-01&to=" + YEAR + "-07-01", nationalSlug + "-attendance-" + YEAR + "-01-01-to-" + YEAR + "-06-30.csv");
        names.forEach((query, name) -> {
            HttpResponse<Buffer> csv = await(client.get("/api/networks/" + national + "/attendance.csv" + query)
                .putHeader("Authorization", lead.bearer()).send());
            assertEquals(200, csv.statusCode(), query);
            assertEquals("attachment; filename=\"" + name + "\"; filename*=UTF-8''" + name, csv.getHeader("Content-Disposition"), query);
        });
    }

    private static JsonObject byName(JsonObject report, String name) {
        return report.getJsonArray("networks").stream().map(JsonObject.class::cast)
            .filter(n -> name.equals(n.getString("name"))).findFirst().orElseThrow();
    }
}
