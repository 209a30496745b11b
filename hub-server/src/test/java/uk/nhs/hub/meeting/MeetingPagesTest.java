package uk.nhs.hub.meeting;

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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The meeting pages as a browser uses them (cookie, CSRF field, form posts): who may open and post each one,
 * and that a mistake comes back as the NHS.UK error summary without saving anything.
 */
class MeetingPagesTest {

    private static final String FIRST = "2027-01-12T10:00:00Z";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser networkGuest;
    private static TestUser outsider;
    private static String networkId;
    private static String meeting;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Page Organiser");
        member = TestUsers.create(client, "Page Member");
        networkGuest = TestUsers.create(client, "Page Guest");
        outsider = TestUsers.create(client, "Page Outsider");
        networkId = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Page network").put("slug", "page-network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        for (var entry : Map.of(member, "member", networkGuest, "guest").entrySet()) {
            await(client.post("/api/networks/" + networkId + "/members").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", entry.getKey().email()).put("role", entry.getValue())));
        }
        meeting = await(client.post("/api/networks/" + networkId + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Cancer leads").put("start", "2027-01-12T10:00")
                .put("timeZone", "Europe/London").put("durationMinutes", 120).put("rrule", "FREQ=MONTHLY;INTERVAL=2;COUNT=6")
                .put("guestAllowance", 2)))
            .bodyAsJsonObject().getString("id");
    }

    private static String occurrence() {
        return "/meetings/" + meeting + "/occurrence?start=" + URLEncoder.encode(FIRST, StandardCharsets.UTF_8);
    }

    private static String occurrence(String action) {
        return "/meetings/" + meeting + "/occurrence/" + action + "?start=" + URLEncoder.encode(FIRST, StandardCharsets.UTF_8);
    }

    private static HttpResponse<Buffer> get(TestUser as, String path) {
        return PageRequests.get(client, as, path);
    }

    private static HttpResponse<Buffer> post(TestUser as, String path, Map<String, String> fields) {
        return PageRequests.post(client, as, path, fields);
    }



    private static String count(String sql) {
        return String.valueOf(await(TestHub.get().pool().query(sql).execute()).iterator().next().getValue(0));
    }

    @Test
    void everyMeetingPageAndFormAnswersEachRoleAsExpected() {
        String item = occurrence("items");
        Map<String, String> agenda = Map.of("kind", "agenda", "text", "Welcome");
        // page or form -> expected status for organiser, member, network guest, outsider, signed out (pages send
        // the signed-out to sign in; a form post without the session's CSRF cookie is refused)
        record Case(String name, boolean isPost, String path, Map<String, String> form, List<Integer> expected) {
        }
        List<Case> cases = List.of(
            new Case("occurrence page", false, occurrence(), Map.of(), List.of(200, 200, 404, 404, 303)),
            new Case("add an agenda item", true, item, agenda, List.of(303, 403, 404, 404, 403)),
            new Case("add a workshop", true, occurrence("workshops"), Map.of("slot", "Morning", "title", "Early diagnosis"),
                List.of(303, 403, 404, 404, 403)),
            new Case("change the date", true, occurrence("change"), Map.of("theme", "Early diagnosis", "location", "",
                "onlineUrl", "", "date", "2027-01-12", "time", "10:00"), List.of(303, 403, 404, 404, 403)),
            new Case("nominate a guest", true, occurrence("guests"), Map.of("name", "Local Partner",
                "email", "partner@example.org", "reason", "Local lead"), List.of(303, 303, 404, 404, 403)),
            new Case("invitees page", false, "/meetings/" + meeting + "/invitees", Map.of(), List.of(200, 403, 404, 404, 303)),
            new Case("invite a person", true, "/meetings/" + meeting + "/invitees", Map.of("kind", "person",
                "email", outsider.email()), List.of(303, 403, 404, 404, 403)),
            new Case("edit form", false, "/meetings/" + meeting + "/edit", Map.of(), List.of(200, 403, 404, 404, 303)),
            new Case("month calendar", false, "/networks/page-network/meetings?view=month&month=2027-01", Map.of(),
                List.of(200, 200, 403, 404, 303)));
        List<TestUser> people = new ArrayList<>(List.of(organiser, member, networkGuest, outsider));
        people.add(null);
        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        // the outsider is invited by the organiser's "invite a person" row, so everyone else goes first
        for (int who : new int[]{1, 2, 3, 4, 0}) {
            for (Case c : cases) {
                HttpResponse<Buffer> response = c.isPost() ? post(people.get(who), c.path(), c.form()) : get(people.get(who), c.path());
                actual.computeIfAbsent(c.name(), k -> new ArrayList<>(List.of(0, 0, 0, 0, 0))).set(who, response.statusCode());
                expected.put(c.name(), c.expected());
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void yourMeetingsListsThePersonsDatesAndMakesACalendarAddressShownOnce() {
        HttpResponse<Buffer> page = get(member, "/calendar");
        assertEquals(200, page.statusCode());
        assertEquals(303, get(null, "/calendar").statusCode());

        HttpResponse<Buffer> made = post(member, "/calendar-address", Map.of());
        assertEquals(200, made.statusCode());
        java.util.regex.Matcher address = java.util.regex.Pattern.compile("value=\"[^\"]*(/calendar/[^\"]+\\.ics)\"")
            .matcher(made.bodyAsString());
        assertTrue(address.find(), "the new address is shown");
        assertEquals(200, await(client.get(address.group(1)).send()).statusCode());
        assertTrue(!get(member, "/calendar").bodyAsString().contains(address.group(1)), "and never shown again");

        assertEquals(303, post(member, "/calendar-address/delete", Map.of()).statusCode());
        assertEquals(404, await(client.get(address.group(1)).send()).statusCode(), "a stopped address serves nothing");
        assertEquals(403, post(null, "/calendar-address", Map.of()).statusCode());
    }

    @Test
    void eachDateHasOneDiscussionOpenedByWhoeverGoesThereFirst() {
        HttpResponse<Buffer> first = get(member, occurrence("discussion"));
        HttpResponse<Buffer> second = get(organiser, occurrence("discussion"));
        assertEquals(303, first.statusCode(), first.bodyAsString());
        assertTrue(first.getHeader("Location").startsWith("/threads/"));
        assertEquals(first.getHeader("Location"), second.getHeader("Location"), "the same thread for everyone");
        assertEquals(200, get(member, first.getHeader("Location")).statusCode());
        assertTrue(get(member, first.getHeader("Location")).bodyAsString().contains("Cancer leads, Tuesday 12 January 2027"));
        assertEquals(404, get(networkGuest, occurrence("discussion")).statusCode());
        assertEquals(404, get(outsider, "/meetings/" + meeting + "/occurrence/discussion?start=2027-01-13T10:00:00Z").statusCode());
    }

    @Test
    void aDateIsMovedWithTheNhsDateInputAndATimeWrittenAsPeopleWriteIt() {
        String third = "2027-05-12T09:00:00Z";
        String page = "/meetings/" + meeting + "/occurrence?start=" + URLEncoder.encode(third, StandardCharsets.UTF_8);
        String form = get(organiser, page).bodyAsString();
        assertTrue(form.contains("id=\"date-day\" name=\"date-day\" type=\"text\" inputmode=\"numeric\" value=\"12\""), "the day is filled in");
        assertTrue(form.contains("value=\"5\"") && form.contains("value=\"2027\""), "the month and year are filled in");
        assertTrue(form.contains("id=\"time\" name=\"time\" type=\"text\" value=\"10am\""), "the time is written as people write it");
        assertTrue(!form.contains("type=\"date\""), "no browser date picker, which shows mm/dd/yyyy in some browsers");

        String change = "/meetings/" + meeting + "/occurrence/change?start=" + URLEncoder.encode(third, StandardCharsets.UTF_8);
        HttpResponse<Buffer> refused = post(organiser, change, Map.of("theme", "", "location", "", "onlineUrl", "",
            "date-day", "31", "date-month", "2", "date-year", "2027", "time", "25:00"));
        assertEquals(400, refused.statusCode());
        String errors = refused.bodyAsString();
        assertTrue(errors.contains("href=\"#date\"") && errors.contains("href=\"#time\""), "both mistakes are in the summary");
        assertTrue(errors.contains("value=\"31\"") && errors.contains("value=\"25:00\""), "what was typed is kept");

        HttpResponse<Buffer> moved = post(organiser, change, Map.of("theme", "", "location", "", "onlineUrl", "",
            "date-day", "13", "date-month", "5", "date-year", "2027", "time", "2pm"));
        assertEquals(303, moved.statusCode(), moved.bodyAsString());
        assertTrue(get(organiser, page).bodyAsString().contains("Thursday 13 May 2027"), "the date moved to 13 May at 2pm");
        assertEquals("1", count("SELECT count(*) FROM occurrence_changes WHERE meeting_id = '" + meeting
            + "' AND moved_start = '2027-05-13T13:00:00Z'"), "stored as 2pm London time (BST)");
    }

    @Test
    void anAgendaItemIsChangedOnItsOwnPageAndASaveOverSomeoneElsesIsRefusedKeepingWhatWasTyped() {
        String fifth = "2027-09-12T09:00:00Z";
        String encoded = URLEncoder.encode(fifth, StandardCharsets.UTF_8);
        assertEquals(201, await(client.post("/api/meetings/" + meeting + "/occurrences/" + fifth + "/items")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("kind", "agenda").put("text", "Matters arising"))).statusCode());
        String item = count("SELECT id FROM occurrence_items WHERE text = 'Matters arising'");
        String edit = "/meetings/" + meeting + "/occurrence/items/" + item + "/edit?start=" + encoded;

        assertTrue(get(organiser, "/meetings/" + meeting + "/occurrence?start=" + encoded).bodyAsString()
            .contains("href=\"/meetings/" + meeting + "/occurrence/items/" + item + "/edit?start=" + encoded + "\""),
            "the date page links to the change page");
        HttpResponse<Buffer> page = get(organiser, edit);
        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("Matters arising</textarea>") && page.bodyAsString().contains("Last saved by Page Organiser"));
        List<Integer> readers = List.of(get(member, edit).statusCode(), get(networkGuest, edit).statusCode(),
            get(outsider, edit).statusCode());
        assertEquals(List.of(403, 404, 404), readers, "member, network guest, outsider");
        Map<String, String> change = Map.of("text", "Matters arising from the last meeting", "version", "1");
        assertEquals(List.of(403, 404, 404), List.of(post(member, edit, change).statusCode(),
            post(networkGuest, edit, change).statusCode(), post(outsider, edit, change).statusCode()));
        assertEquals("Matters arising", count("SELECT text FROM occurrence_items WHERE id = '" + item + "'"), "nobody else changed it");

        assertEquals(303, post(organiser, edit, change).statusCode());
        HttpResponse<Buffer> stale = post(organiser, edit, Map.of("text", "Actions from last time", "version", "1"));
        assertEquals(409, stale.statusCode());
        String refused = stale.bodyAsString();
        assertTrue(refused.contains("href=\"#their-changes\"") && refused.contains("Matters arising from the last meeting"),
            "the other save is shown");
        assertTrue(refused.contains("Actions from last time</textarea>") && refused.contains("name=\"version\" value=\"2\""),
            "what was typed is kept, ready to save over the version now stored");
        assertEquals("Matters arising from the last meeting", count("SELECT text FROM occurrence_items WHERE id = '" + item + "'"));

        HttpResponse<Buffer> blank = post(organiser, edit, Map.of("text", " ", "version", "2"));
        assertEquals(400, blank.statusCode());
        assertTrue(blank.bodyAsString().contains("href=\"#text\""));
        assertEquals(303, post(organiser, edit, Map.of("text", "Actions from last time", "version", "2")).statusCode());
        assertEquals("Actions from last time", count("SELECT text FROM occurrence_items WHERE id = '" + item + "'"));
    }

    @Test
    void aMistakeInAFormShowsTheErrorSummaryAndSavesNothing() {
        String before = count("SELECT count(*) FROM occurrence_items");
        HttpResponse<Buffer> response = post(organiser, occurrence("items"), Map.of("kind", "pre-read",
            "text", "Framework <b>draft</b>", "url", ""));

        assertEquals(400, response.statusCode());
        String page = response.bodyAsString();
        assertTrue(page.contains("nhsuk-error-summary") && page.contains("href=\"#url\""), "the summary links to the field");
        assertTrue(page.contains("Framework &lt;b&gt;draft&lt;/b&gt;</textarea>"), "what was typed is kept, escaped");
        assertEquals(before, count("SELECT count(*) FROM occurrence_items"));

        HttpResponse<Buffer> badMove = post(organiser, occurrence("change"), Map.of("theme", "", "location", "",
            "onlineUrl", "", "date", "12/01/2027", "time", "10:00"));
        assertEquals(400, badMove.statusCode());
        assertTrue(badMove.bodyAsString().contains("href=\"#date\""));

        HttpResponse<Buffer> noDelegate = post(member, "/meetings/" + meeting + "/rsvp", Map.of("start", FIRST,
            "response", "yes", "choice", "delegate", "delegateUserId", ""));
        assertEquals(400, noDelegate.statusCode());
        assertTrue(noDelegate.bodyAsString().contains("Choose who will go in your place"));
        assertEquals("0", count("SELECT count(*) FROM rsvps WHERE meeting_id = '" + meeting + "'"), "no reply was saved");
    }

    @Test
    void theEditFormChangesTheMeetingAndDeletingNeedsTheOrganiser() {
        String created = await(client.post("/api/networks/" + networkId + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Spare meeting").put("start", "2027-02-01T14:00")
                .put("timeZone", "Europe/London").put("durationMinutes", 60)))
            .bodyAsJsonObject().getString("id");
        Map<String, String> form = new LinkedHashMap<>(Map.of("title", "Spare meeting, renamed", "description", "",
            "date", "2027-02-01", "time", "15:00", "timeZone", "Europe/London", "durationMinutes", "90", "rrule", "",
            "location", "", "onlineUrl", ""));
        form.putAll(Map.of("capacity", "40", "requiredRoleTitles", "Lead nurse, Lead doctor", "reminderHours", "24",
            "guestAllowance", "", "action", "save"));

        HttpResponse<Buffer> saved = post(organiser, "/meetings/" + created + "/edit", form);
        assertEquals(303, saved.statusCode(), saved.bodyAsString());
        JsonObject changed = await(client.get("/api/meetings/" + created).putHeader("Authorization", member.bearer()).send())
            .bodyAsJsonObject();
        assertEquals("Spare meeting, renamed", changed.getString("title"));
        assertEquals("2027-02-01T15:00", changed.getString("start"));
        assertEquals(40, changed.getInteger("capacity"));
        assertEquals(List.of("Lead nurse", "Lead doctor"), changed.getJsonArray("requiredRoleTitles").getList());

        assertEquals(403, post(member, "/meetings/" + created + "/delete", Map.of()).statusCode());
        HttpResponse<Buffer> deleted = post(organiser, "/meetings/" + created + "/delete", Map.of());
        assertEquals(303, deleted.statusCode());
        assertEquals("/networks/page-network/meetings?done=deleted", deleted.getHeader("Location"));
        assertEquals(404, get(organiser, "/meetings/" + created).statusCode());
    }

    @Test
    void theMonthCalendarPutsEachMeetingOnItsLocalDateInWeeksFromMonday() {
        Map<String, Object> march = MeetingPages.monthModel(YearMonth.of(2027, 3), List.of(
            Map.of("date", java.time.LocalDate.of(2027, 3, 12), "title", "Cancer leads")));
        @SuppressWarnings("unchecked")
        List<List<Map<String, Object>>> weeks = (List<List<Map<String, Object>>>) march.get("weeks");
        assertEquals(5, weeks.size(), "1 March 2027 is a Monday and 31 March a Wednesday");
        assertEquals(1, weeks.get(0).get(0).get("number"));
        Map<String, Object> friday = weeks.get(1).get(4);
        assertEquals(12, friday.get("number"));
        assertEquals(1, ((List<?>) friday.get("items")).size());
        assertEquals(false, weeks.get(4).get(6).get("inMonth"), "the last week runs on into April");
        assertEquals("2027-02", march.get("previous"));
        assertEquals(false, march.get("empty"));

        String page = get(member, "/networks/page-network/meetings?view=month&month=2027-03").bodyAsString();
        assertTrue(page.contains("Friday 12 March 2027") && page.contains("Cancer leads"), page);
        assertEquals(404, get(member, "/networks/page-network/meetings?view=month&month=March").statusCode());
    }
}
