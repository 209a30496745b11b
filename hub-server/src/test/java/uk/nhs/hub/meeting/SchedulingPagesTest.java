package uk.nhs.hub.meeting;

import io.vertx.core.MultiMap;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The scheduling and edit form posted as a browser without JavaScript posts it: the first date as day, month and
 * year, a start time as people write it, a zone from a list and the repeat from plain choices, with every mistake
 * in the error summary at once and an existing schedule shown back in the same fields.
 */
class SchedulingPagesTest {

    private static final Pattern INPUT = Pattern.compile("<input [^>]*>");
    private static final Pattern SELECT = Pattern.compile("<select [^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", Pattern.DOTALL);
    private static final Pattern SELECTED = Pattern.compile("<option value=\"([^\"]*)\" selected>");

    private static WebClient client;
    private static TestUser organiser;
    private static String networkId;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Schedule Organiser");
        networkId = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Schedule network").put("slug", "schedule-network")
                .put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
    }

    /** A form as the page's fields send it: the plain choices for "every 2 months on the second Tuesday, 6 times". */
    private static MultiMap everyTwoMonthsOnTheSecondTuesday(String day) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        Map.ofEntries(Map.entry("title", "Leads meeting"), Map.entry("description", ""), Map.entry("date-day", day),
            Map.entry("date-month", "1"), Map.entry("date-year", "2027"), Map.entry("time", "2pm"),
            Map.entry("durationMinutes", "120"), Map.entry("timeZone", "Europe/London"), Map.entry("repeats", "yes"),
            Map.entry("interval", "2"), Map.entry("frequency", "MONTHLY"), Map.entry("monthlyOn", "weekday"),
            Map.entry("monthDay", ""), Map.entry("ordinal", "2"), Map.entry("ordinalDay", "TU"), Map.entry("ends", "after"),
            Map.entry("count", "6"), Map.entry("until-day", ""), Map.entry("until-month", ""), Map.entry("until-year", ""),
            Map.entry("rrule", ""), Map.entry("location", ""), Map.entry("onlineUrl", ""), Map.entry("capacity", ""),
            Map.entry("requiredRoleTitles", ""), Map.entry("guestAllowance", ""), Map.entry("reminderHours", ""),
            Map.entry("action", "save")).forEach(form::add);
        return form;
    }

    private static HttpResponse<Buffer> post(String path, MultiMap form) {
        MultiMap sent = MultiMap.caseInsensitiveMultiMap().addAll(form).add("csrf", organiser.csrfCookie());
        return await(client.post(path).followRedirects(false).putHeader("Accept", "text/html")
            .putHeader("Cookie", organiser.cookieHeader()).sendForm(sent));
    }

    private static JsonObject meeting(String location) {
        return await(client.get("/api/meetings/" + location.substring("/meetings/".length()))
            .putHeader("Authorization", organiser.bearer()).send()).bodyAsJsonObject();
    }

    /** A rule as the hub stores it (ical4j writes its parts in its own order). */
    private static String asStored(String rrule) {
        return Recurrence.of(java.time.LocalDateTime.of(2027, 1, 12, 10, 0), "Europe/London", rrule).rrule();
    }

    private static String meetingsCount() {
        return String.valueOf(await(TestHub.get().pool().query("SELECT count(*) FROM meetings").execute())
            .iterator().next().getValue(0));
    }

    private static String created(String rrule) {
        return await(client.post("/api/networks/" + networkId + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Stored meeting").put("start", "2027-01-12T10:00")
                .put("timeZone", "Europe/London").put("durationMinutes", 90).put("rrule", rrule)))
            .bodyAsJsonObject().getString("id");
    }

    /** What the browser would send back for the page's form unchanged: text inputs, ticked boxes and chosen options. */
    private static MultiMap formAsShown(String page) {
        int start = page.indexOf("<form action=\"/meetings/");
        String form = page.substring(start, page.indexOf("</form>", start));
        MultiMap fields = MultiMap.caseInsensitiveMultiMap();
        Matcher input = INPUT.matcher(form);
        while (input.find()) {
            String tag = input.group();
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(tag);
            Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(tag);
            boolean choice = tag.contains("type=\"radio\"") || tag.contains("type=\"checkbox\"");
            if (name.find() && value.find() && !"csrf".equals(name.group(1)) && (!choice || tag.contains(" checked"))) {
                fields.add(name.group(1), value.group(1).replace("&amp;", "&"));
            }
        }
        Matcher select = SELECT.matcher(form);
        while (select.find()) {
            Matcher selected = SELECTED.matcher(select.group(2));
            if (selected.find()) {
                fields.add(select.group(1), selected.group(1));
            }
        }
        Matcher textarea = Pattern.compile("<textarea [^>]*name=\"([^\"]+)\"[^>]*>([^<]*)</textarea>").matcher(form);
        while (textarea.find()) {
            fields.add(textarea.group(1), textarea.group(2));
        }
        return fields.add("action", "save");
    }

    private static List<String> summaryLinks(String page) {
        String summary = page.substring(page.indexOf("nhsuk-error-summary__list"), page.indexOf("</ul>", page.indexOf("nhsuk-error-summary__list")));
        List<String> links = new ArrayList<>();
        Matcher href = Pattern.compile("href=\"#([^\"]+)\"").matcher(summary);
        while (href.find()) {
            links.add(href.group(1));
        }
        return links;
    }

    @Test
    void everyTwoMonthsOnTheSecondTuesdayChosenInPlainFieldsIsSavedAsItsRrule() {
        HttpResponse<Buffer> saved = post("/networks/schedule-network/meetings", everyTwoMonthsOnTheSecondTuesday("12"));

        assertEquals(303, saved.statusCode(), saved.bodyAsString());
        JsonObject meeting = meeting(saved.getHeader("Location"));
        assertEquals("2027-01-12T14:00", meeting.getString("start"));
        assertEquals("Europe/London", meeting.getString("timeZone"));
        assertEquals(asStored("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6"), meeting.getString("rrule"));
    }

    @Test
    void theNewFormHasTheDateInputATimeFieldAndAZoneListWithLondonFirst() {
        String page = PageRequests.get(client, organiser, "/networks/schedule-network/meetings/new").bodyAsString();

        assertTrue(page.contains("id=\"date-day\"") && page.contains("id=\"date-month\"") && page.contains("id=\"date-year\""));
        assertFalse(page.contains("type=\"date\"") || page.contains("type=\"time\"") || page.contains("datetime-local"),
            "no native picker");
        assertTrue(Pattern.compile("<select class=\"nhsuk-select\" id=\"timeZone\" name=\"timeZone\">\\s*"
            + "<option value=\"Europe/London\" selected>").matcher(page).find(), "London first and chosen");
        assertTrue(page.contains("<option value=\"America/New_York\">"));
        assertTrue(page.contains("id=\"repeats\" name=\"repeats\" type=\"radio\" value=\"no\" checked"), "does not repeat");
        assertTrue(page.contains("<details class=\"nhsuk-details\" id=\"advanced\">"), "the raw rule is tucked away");
        assertTrue(page.contains("value=\"preview\">Preview the dates</button>"), "the preview works without JavaScript");
    }

    @Test
    void everyMistakeIsListedAtOnceAgainstItsOwnFieldAndNothingIsSaved() {
        String before = meetingsCount();
        MultiMap form = everyTwoMonthsOnTheSecondTuesday("31");
        form.set("title", "").set("date-month", "2").set("time", "25:00").set("durationMinutes", "long")
            .set("interval", "0").set("count", "many").set("capacity", "lots");

        HttpResponse<Buffer> refused = post("/networks/schedule-network/meetings", form);

        assertEquals(400, refused.statusCode());
        String page = refused.bodyAsString();
        assertEquals(List.of("title", "date", "time", "durationMinutes", "interval", "count", "capacity"), summaryLinks(page));
        assertTrue(page.contains("The date of the first meeting must be a real date"), "31 February is not a date");
        assertTrue(page.contains("id=\"date-day\" name=\"date-day\" type=\"text\" inputmode=\"numeric\" value=\"31\""),
            "what was typed is kept");
        assertEquals(before, meetingsCount());

        form = everyTwoMonthsOnTheSecondTuesday("12");
        form.set("ends", "on").set("until-day", "1").set("until-month", "12").set("until-year", "2026");
        assertEquals(List.of("until"), summaryLinks(post("/networks/schedule-network/meetings", form).bodyAsString()));
        form.set("rrule", "FREQ=SOMETIMES");
        assertEquals(List.of("rrule"), summaryLinks(post("/networks/schedule-network/meetings", form).bodyAsString()),
            "a raw rule is used instead of the choices");
        assertEquals(before, meetingsCount());
    }

    @Test
    void aFirstDateOffTheRuleIsNamedInThePreviewAndRefusedOnSaveInsteadOfAddingAnExtraMeeting() {
        String before = meetingsCount();
        MultiMap form = everyTwoMonthsOnTheSecondTuesday("4");
        form.set("action", "preview");

        HttpResponse<Buffer> preview = post("/networks/schedule-network/meetings", form);

        assertEquals(200, preview.statusCode());
        String page = preview.bodyAsString();
        String message = "Your first meeting, Monday 4 January 2027, is not the second Tuesday of its month";
        assertTrue(page.contains("id=\"preview-mismatch\">" + message), page);
        assertEquals(List.of("date"), summaryLinks(page));
        assertFalse(page.contains("<li>Monday 4 January 2027"), "the date off the rule is not listed as a meeting");
        assertTrue(page.contains("<li>Tuesday 12 January 2027, 2pm to 4pm"), page);

        form.set("action", "save");
        HttpResponse<Buffer> refused = post("/networks/schedule-network/meetings", form);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains(message));
        assertEquals(before, meetingsCount());
    }

    @Test
    void thePreviewWithoutJavaScriptReadsThePlainChoicesInWordsAndListsTheDates() {
        MultiMap form = everyTwoMonthsOnTheSecondTuesday("12");
        form.set("action", "preview");

        String page = post("/networks/schedule-network/meetings", form).bodyAsString();

        assertTrue(page.contains("This meeting repeats every 2 months on the 2nd Tuesday, 6 times"), page);
        assertTrue(page.contains("<li>Tuesday 9 March 2027, 2pm to 4pm"), page);
        assertFalse(page.contains("nhsuk-error-summary"));
    }

    @Test
    void theEditPageShowsAStoredRuleInThePlainFieldsAndSavesItBackUnchanged() {
        String id = created("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270630T225959Z");

        String page = PageRequests.get(client, organiser, "/meetings/" + id + "/edit").bodyAsString();

        MultiMap shown = formAsShown(page);
        assertEquals("yes", shown.get("repeats"));
        assertEquals("2", shown.get("interval"));
        assertEquals("WEEKLY", shown.get("frequency"));
        assertEquals(List.of("TU", "TH"), shown.getAll("byWeekday"));
        assertEquals("on", shown.get("ends"));
        assertEquals(List.of("30", "6", "2027"), List.of(shown.get("until-day"), shown.get("until-month"), shown.get("until-year")));
        assertEquals(List.of("12", "1", "2027", "10:00"), List.of(shown.get("date-day"), shown.get("date-month"),
            shown.get("date-year"), shown.get("time")));
        assertEquals("", shown.get("rrule"), "nothing under Advanced");
        assertTrue(page.contains("<details class=\"nhsuk-details\" id=\"advanced\">"));

        HttpResponse<Buffer> saved = post("/meetings/" + id + "/edit", shown);
        assertEquals(303, saved.statusCode(), saved.bodyAsString());
        assertEquals(asStored("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270630T225959Z"),
            meeting("/meetings/" + id).getString("rrule"));
    }

    @Test
    void aStoredRuleThePlainFieldsCannotSayOpensAdvancedWithTheRawRuleAndSavesBackUnchanged() {
        String id = created("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=4");

        String page = PageRequests.get(client, organiser, "/meetings/" + id + "/edit").bodyAsString();

        assertTrue(page.contains("<details class=\"nhsuk-details\" id=\"advanced\" open>"), page);
        MultiMap shown = formAsShown(page);
        assertEquals(asStored("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=4"), shown.get("rrule"));
        HttpResponse<Buffer> saved = post("/meetings/" + id + "/edit", shown);
        assertEquals(303, saved.statusCode(), saved.bodyAsString());
        assertEquals(asStored("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=4"), meeting("/meetings/" + id).getString("rrule"));
    }
}
