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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Replying to one date from the date page that "Your meetings" links to, as a browser without JavaScript does:
 * the page shows the person's answer (or plainly that they have not replied), and a workshop waits for a "going".
 */
class OccurrenceReplyPagesTest {

    private static final String FIRST = "2027-03-09T10:00:00Z";

    private static WebClient client;
    private static TestUser organiser;
    private static String networkId;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Reply Organiser");
        networkId = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Reply network").put("slug", "reply-network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
    }

    private static TestUser member(String name) {
        TestUser member = TestUsers.create(client, name);
        await(client.post("/api/networks/" + networkId + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", member.email()).put("role", "member")));
        return member;
    }

    private static String meeting(String title) {
        return await(client.post("/api/networks/" + networkId + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", title).put("start", "2027-03-09T10:00")
                .put("timeZone", "Europe/London").put("durationMinutes", 120).put("rrule", "FREQ=MONTHLY;COUNT=3")))
            .bodyAsJsonObject().getString("id");
    }

    private static String date(String meeting, String action) {
        return "/meetings/" + meeting + "/occurrence" + action + "?start=" + URLEncoder.encode(FIRST, StandardCharsets.UTF_8);
    }

    /** The radio checked in the reply form, or null when none is. */
    private static String checkedReply(String html) {
        Matcher checked = Pattern.compile("name=\"response\" type=\"radio\" value=\"(\\w+)\" checked").matcher(html);
        return checked.find() ? checked.group(1) : null;
    }

    @Test
    void anUnansweredDateLooksUnansweredOnTheDateAndMeetingPages() {
        TestUser member = member("Unanswered Member");
        String meeting = meeting("Unanswered meeting");

        String datePage = PageRequests.get(client, member, date(meeting, "")).bodyAsString();
        assertTrue(datePage.contains("You have not replied"), datePage);
        assertEquals(null, checkedReply(datePage));

        String meetingPage = PageRequests.get(client, member, "/meetings/" + meeting).bodyAsString();
        assertTrue(meetingPage.contains("You have not replied"), meetingPage);
        // a primary (solid green) button read as an answer already given
        assertFalse(meetingPage.contains("class=\"nhsuk-button nhsuk-button--small\" data-module=\"nhsuk-button\" type=\"submit\" name=\"response\" value=\"yes\""),
            meetingPage);
    }

    @Test
    void replyingFromTheDatePageSavesTheAnswerAndShowsIt() {
        TestUser member = member("Replying Member");
        String meeting = meeting("Replying meeting");

        HttpResponse<Buffer> saved = PageRequests.post(client, member, date(meeting, "/rsvp"), Map.of("response", "maybe"));
        assertEquals(303, saved.statusCode(), saved.bodyAsString());
        assertTrue(saved.getHeader("Location").startsWith(date(meeting, "")), saved.getHeader("Location"));

        String page = PageRequests.get(client, member, saved.getHeader("Location")).bodyAsString();
        assertTrue(page.contains("Your reply has been saved"), page);
        assertFalse(page.contains("You have not replied"), page);
        assertEquals("maybe", checkedReply(page));

        PageRequests.post(client, member, date(meeting, "/rsvp"), Map.of("response", "yes"));
        assertEquals("yes", checkedReply(PageRequests.get(client, member, date(meeting, "")).bodyAsString()));
    }

    @Test
    void aReplyWithoutAChoiceShowsTheErrorSummary() {
        TestUser member = member("Forgetful Member");
        String meeting = meeting("Forgetful meeting");

        HttpResponse<Buffer> refused = PageRequests.post(client, member, date(meeting, "/rsvp"), Map.of());
        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("<a href=\"#response\">Choose going, maybe or not going</a>"),
            refused.bodyAsString());
    }

    @Test
    void yourMeetingsShowsEachDatesReplyAndAnUnansweredOneAsUnanswered() {
        TestUser member = member("Calendar Member");
        java.time.ZonedDateTime soon = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).plusDays(14)
            .atTime(10, 0).atZone(java.time.ZoneId.of("Europe/London"));
        String meeting = await(client.post("/api/networks/" + networkId + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Fortnightly huddle").put("start", soon.toLocalDateTime().toString())
                .put("timeZone", "Europe/London").put("durationMinutes", 60).put("rrule", "FREQ=WEEKLY;INTERVAL=2;COUNT=2")))
            .bodyAsJsonObject().getString("id");
        await(client.put("/api/meetings/" + meeting + "/occurrences/"
                + URLEncoder.encode(soon.toOffsetDateTime().toString(), StandardCharsets.UTF_8) + "/rsvp")
            .putHeader("Authorization", member.bearer()).sendJsonObject(new JsonObject().put("response", "no")));

        String page = PageRequests.get(client, member, "/calendar").bodyAsString();
        assertEquals(1, Pattern.compile(">Not going</strong>").matcher(page).results().count(), page);
        assertEquals(1, Pattern.compile(">You have not replied</strong>").matcher(page).results().count(), page);
    }

    @Test
    void aWorkshopIsRefusedUntilThePersonRepliesGoing() {
        TestUser member = member("Workshop Member");
        String meeting = meeting("Workshop meeting");
        String workshop = await(client.post("/api/meetings/" + meeting + "/occurrences/"
                + URLEncoder.encode(FIRST, StandardCharsets.UTF_8) + "/workshops").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("slot", "Morning").put("title", "Early diagnosis")))
            .bodyAsJsonObject().getString("id");
        String choose = "/workshops/" + workshop + "/choose";

        HttpResponse<Buffer> refused = PageRequests.post(client, member, date(meeting, choose), Map.of());
        assertEquals(409, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("<a href=\"#response\">Reply that you are going before choosing a workshop</a>"),
            refused.bodyAsString());

        PageRequests.post(client, member, date(meeting, "/rsvp"), Map.of("response", "yes"));
        assertEquals(303, PageRequests.post(client, member, date(meeting, choose), Map.of()).statusCode());
    }
}
