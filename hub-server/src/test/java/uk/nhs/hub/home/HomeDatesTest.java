package uk.nhs.hub.home;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/**
 * The home's meeting dates: the next five, and those in the next 30 days not yet answered, across a person's
 * meetings, with dates cancelled, moved out of those 30 days and moved into them from beyond. The dates of the 30 days
 * are read first and the rest of the year only when they are too few, so both cases are here.
 */
class HomeDatesTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static WebClient client;
    private static TestUser weeklyMember;
    private static TestUser monthlyMember;
    private static LocalDate today;
    private static LocalDate monthlyFirst;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        TestUser organiser = TestUsers.create(client, "Dates Organiser");
        weeklyMember = TestUsers.create(client, "Weekly Member");
        monthlyMember = TestUsers.create(client, "Monthly Member");
        today = LocalDate.now(LONDON);
        // a day of the month that every month has, at least ten days ahead
        monthlyFirst = today.plusDays(10);
        while (monthlyFirst.getDayOfMonth() > 28) {
            monthlyFirst = monthlyFirst.plusDays(1);
        }

        String busy = created(post(organiser, "/api/networks", new JsonObject().put("name", "Busy network").put("visibility", "private")));
        String quiet = created(post(organiser, "/api/networks", new JsonObject().put("name", "Quiet network").put("visibility", "private")));
        member(organiser, busy, weeklyMember);
        member(organiser, quiet, monthlyMember);
        meeting(organiser, busy, "Monthly board", monthlyFirst.atTime(9, 0), "FREQ=MONTHLY");
        String weekly = meeting(organiser, busy, "Weekly huddle", today.plusDays(1).atTime(14, 0), "FREQ=WEEKLY");
        String quietMonthly = meeting(organiser, quiet, "Quiet monthly", monthlyFirst.atTime(9, 0), "FREQ=MONTHLY");
        // a date beyond the 30 days changed but not moved: read with the changes, and not again with the rest of the year
        change(organiser, quietMonthly, monthlyFirst.plusMonths(2).atTime(9, 0), new JsonObject().put("theme", "Budgets"));

        change(organiser, weekly, today.plusDays(8).atTime(14, 0), new JsonObject().put("cancelled", true));
        change(organiser, weekly, today.plusDays(15).atTime(14, 0),
            new JsonObject().put("start", today.plusDays(45).atTime(14, 0).toString()));
        change(organiser, weekly, today.plusDays(50).atTime(14, 0),
            new JsonObject().put("start", today.plusDays(19).atTime(11, 0).toString()));
    }

    private static HttpResponse<Buffer> post(TestUser as, String path, JsonObject body) {
        return await(client.post(path).putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    private static String created(HttpResponse<Buffer> response) {
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getString("id");
    }

    private static void member(TestUser organiser, String network, TestUser who) {
        assertEquals(201, post(organiser, "/api/networks/" + network + "/members",
            new JsonObject().put("email", who.email()).put("role", "member")).statusCode());
    }

    private static String meeting(TestUser organiser, String network, String title, LocalDateTime first, String rrule) {
        return created(post(organiser, "/api/networks/" + network + "/meetings", new JsonObject().put("title", title)
            .put("start", first.toString()).put("durationMinutes", 60).put("rrule", rrule)));
    }

    private static void change(TestUser organiser, String meeting, LocalDateTime original, JsonObject body) {
        HttpResponse<Buffer> response = await(client.patch("/api/meetings/" + meeting + "/occurrences/" + instant(original))
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(body));
        assertEquals(200, response.statusCode(), response.bodyAsString());
    }

    private static String instant(LocalDateTime local) {
        return local.atZone(LONDON).toInstant().toString();
    }

    private static JsonObject home(TestUser as) {
        HttpResponse<Buffer> response = await(client.get("/api/me/home").putHeader("Authorization", as.bearer()).send());
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static List<String> upcoming(JsonObject home) {
        return home.getJsonArray("upcoming").stream().map(JsonObject.class::cast)
            .map(date -> date.getString("title") + " " + date.getString("start")).toList();
    }

    private static List<String> datesNeedingAnAnswer(JsonObject home) {
        return home.getJsonArray("needsYou").stream().map(JsonObject.class::cast)
            .filter(item -> "meeting-date".equals(item.getString("kind")))
            .map(item -> item.getString("title") + " " + item.getString("due")).toList();
    }

    @Test
    void theNextFiveDatesLeaveOutTheCancelledAndTakeInTheMovedWhereverTheyNowFall() {
        JsonObject home = home(weeklyMember);
        List<String> expected = List.of(
            "Weekly huddle " + instant(today.plusDays(1).atTime(14, 0)),
            "Monthly board " + instant(monthlyFirst.atTime(9, 0)),
            "Weekly huddle " + instant(today.plusDays(19).atTime(11, 0)),
            "Weekly huddle " + instant(today.plusDays(22).atTime(14, 0)),
            "Weekly huddle " + instant(today.plusDays(29).atTime(14, 0)));
        // the monthly board's first date may fall after the moved one: soonest first either way
        assertEquals(expected.stream().sorted(java.util.Comparator.comparing(s -> s.substring(s.lastIndexOf(' ')))).toList(),
            upcoming(home));
        assertEquals(upcoming(home), datesNeedingAnAnswer(home).stream().sorted(
            java.util.Comparator.comparing(s -> s.substring(s.lastIndexOf(' ')))).toList(),
            "every one of them is within 30 days and unanswered; the date moved to 45 days ahead is not asked about yet");
    }

    @Test
    void datesBeyondThirtyDaysFillTheUpcomingListWhenTheThirtyDaysHoldTooFewEachOnceChangedOrNot() {
        JsonObject home = home(monthlyMember);
        List<String> expected = new java.util.ArrayList<>();
        for (int month = 0; month < 5; month++) {
            expected.add("Quiet monthly " + instant(monthlyFirst.plusMonths(month).atTime(9, 0)));
        }
        assertEquals(expected, upcoming(home));
        List<String> asked = monthlyFirst.isBefore(today.plusDays(30)) ? List.of(expected.get(0)) : List.of();
        assertEquals(asked, datesNeedingAnAnswer(home), "only a date within 30 days is asked about");
    }
}
