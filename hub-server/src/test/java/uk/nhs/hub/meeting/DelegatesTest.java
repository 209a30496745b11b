package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Sending someone in your place: the delegate is emailed an invitation for the date (and a cancellation when no
 * longer needed), and takes over the sender's workshop places.
 */
class DelegatesTest {

    private static final String DATE = "2027-06-15T09:30:00+01:00";
    private static final String DATE_PATH = "2027-06-15T09:30:00%2B01:00";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser tom;
    private static TestUser priya;
    private static TestUser sam;
    private static String network;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Delegates Organiser");
        tom = TestUsers.create(client, "Tom Reid");
        priya = TestUsers.create(client, "Priya Shah");
        sam = TestUsers.create(client, "Sam Okafor");
        network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Leeds cancer network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
        for (TestUser member : List.of(tom, priya, sam)) {
            await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
                .sendJsonObject(new JsonObject().put("email", member.email()).put("role", "member")));
        }
    }

    private static String meeting(String title, Integer capacity) {
        JsonObject body = new JsonObject().put("title", title).put("start", "2027-06-15T09:30").put("durationMinutes", 120)
            .put("timeZone", "Europe/London");
        if (capacity != null) {
            body.put("capacity", capacity);
        }
        return await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(body)).bodyAsJsonObject().getString("id");
    }

    private static HttpResponse<Buffer> reply(TestUser user, String meeting, JsonObject body) {
        return await(client.put("/api/meetings/" + meeting + "/occurrences/" + DATE_PATH + "/rsvp")
            .putHeader("Authorization", user.bearer()).sendJsonObject(body));
    }

    private static JsonObject sending(TestUser delegate) {
        return new JsonObject().put("response", "yes").put("delegateUserId", delegate.id().toString());
    }

    private static long lastMail() {
        return await(TestHub.get().pool().query("SELECT coalesce(max(id), 0) FROM outbox").execute()).iterator().next().getLong(0);
    }

    private record Mail(String to, String subject, String text, String method, String calendar) {
    }

    private static List<Mail> mailSince(long after) {
        List<Mail> mails = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery(
                "SELECT to_address, subject, body, calendar, calendar_method FROM outbox WHERE id > $1 ORDER BY id")
            .execute(Tuple.of(after)))) {
            mails.add(new Mail(row.getString("to_address"), row.getString("subject"), row.getString("body"),
                row.getString("calendar_method"), row.getString("calendar")));
        }
        return mails;
    }

    @Test
    void theDelegateIsEmailedAnInvitationForTheDateNamingWhoTheyAttendFor() {
        String meeting = meeting("Tumour site group", null);
        long before = lastMail();
        HttpResponse<Buffer> sent = reply(tom, meeting, sending(priya));
        assertEquals(200, sent.statusCode(), sent.bodyAsString());

        List<Mail> mails = mailSince(before);
        assertEquals(1, mails.size(), mails.toString());
        Mail mail = mails.get(0);
        assertEquals(priya.email(), mail.to());
        assertEquals("REQUEST", mail.method());
        assertEquals("You are attending for Tom Reid: Tumour site group, Tuesday 15 June 2027, 9:30am to 11:30am", mail.subject());
        assertTrue(mail.text().contains("Tom Reid is sending you to Tumour site group in their place"), mail.text());
        assertTrue(mail.calendar().contains("METHOD:REQUEST"), mail.calendar());
        assertTrue(mail.calendar().contains("RECURRENCE-ID") || mail.calendar().contains("DTSTART"), mail.calendar());
        assertTrue(mail.calendar().contains("mailto:" + priya.email()), mail.calendar());

        before = lastMail();
        assertEquals(200, reply(tom, meeting, sending(priya)).statusCode());
        assertTrue(mailSince(before).isEmpty(), "saving the same delegate again tells nobody");
    }

    @Test
    void changingTheDelegateCancelsTheOldOnesInvitationAndInvitesTheNewOne() {
        String meeting = meeting("Pathway board", null);
        assertEquals(200, reply(tom, meeting, sending(priya)).statusCode());
        long before = lastMail();
        assertEquals(200, reply(tom, meeting, sending(sam)).statusCode());
        List<Mail> mails = mailSince(before);
        assertEquals(2, mails.size(), mails.toString());
        assertEquals(priya.email(), mails.get(0).to());
        assertEquals("CANCEL", mails.get(0).method());
        assertTrue(mails.get(0).calendar().contains("METHOD:CANCEL"));
        assertEquals("No longer needed: Pathway board, Tuesday 15 June 2027, 9:30am to 11:30am", mails.get(0).subject());
        assertEquals(sam.email(), mails.get(1).to());
        assertEquals("REQUEST", mails.get(1).method());

        before = lastMail();
        assertEquals(200, reply(tom, meeting, new JsonObject().put("response", "yes")).statusCode());
        mails = mailSince(before);
        assertEquals(1, mails.size(), mails.toString());
        assertEquals(sam.email(), mails.get(0).to());
        assertEquals("CANCEL", mails.get(0).method(), "going yourself withdraws the delegate");
    }

    @Test
    void aRefusedDelegateTellsNobody() {
        String meeting = meeting("Refused delegate", null);
        long before = lastMail();
        TestUser outsider = TestUsers.create(client, "Not In Network");
        assertEquals(400, reply(tom, meeting, sending(outsider)).statusCode());
        assertTrue(mailSince(before).isEmpty());
    }

    private static String workshop(String meeting, String title, int capacity) {
        HttpResponse<Buffer> created = await(client.post("/api/meetings/" + meeting + "/occurrences/" + DATE_PATH + "/workshops")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("slot", "Morning").put("title", title).put("capacity", capacity)));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static List<String> holders(String workshop) {
        List<String> names = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery(
                "SELECT u.display_name FROM workshop_choices c JOIN users u ON u.id = c.user_id WHERE c.workshop_id = $1")
            .execute(Tuple.of(java.util.UUID.fromString(workshop))))) {
            names.add(row.getString("display_name"));
        }
        return names;
    }

    @Test
    void theDelegateTakesOverTheSendersWorkshopPlaceAndItReturnsWhenTheSenderGoesAgain() {
        String meeting = meeting("Workshop day", null);
        String workshop = workshop(meeting, "Early diagnosis", 1);
        assertEquals(200, reply(tom, meeting, new JsonObject().put("response", "yes")).statusCode());
        HttpResponse<Buffer> chosen = await(client.put("/api/meetings/" + meeting + "/occurrences/" + DATE_PATH + "/workshops/"
            + workshop + "/choice").putHeader("Authorization", tom.bearer()).send());
        assertEquals(200, chosen.statusCode(), chosen.bodyAsString());
        assertEquals(200, reply(sam, meeting, new JsonObject().put("response", "yes")).statusCode());

        assertEquals(200, reply(tom, meeting, sending(priya)).statusCode());
        assertEquals(List.of("Priya Shah"), holders(workshop));
        HttpResponse<Buffer> full = await(client.put("/api/meetings/" + meeting + "/occurrences/" + DATE_PATH + "/workshops/"
            + workshop + "/choice").putHeader("Authorization", sam.bearer()).send());
        assertEquals(409, full.statusCode(), "the place did not come free on the way: " + full.bodyAsString());

        assertEquals(200, reply(tom, meeting, new JsonObject().put("response", "yes")).statusCode());
        assertEquals(List.of("Tom Reid"), holders(workshop));
    }

    /** A date a month from now, so it is inside "Your meetings" (the next three months). */
    private record Soon(String meeting, String start) {
        String path() {
            return java.net.URLEncoder.encode(start, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static Soon soon(String title) {
        java.time.ZonedDateTime start = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).plusDays(30)
            .atTime(9, 30).atZone(java.time.ZoneId.of("Europe/London"));
        String meeting = await(client.post("/api/networks/" + network + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", title).put("start", start.toLocalDateTime().toString())
                .put("durationMinutes", 120).put("timeZone", "Europe/London"))).bodyAsJsonObject().getString("id");
        return new Soon(meeting, start.toOffsetDateTime().toString());
    }

    private static HttpResponse<Buffer> replySoon(TestUser user, Soon date, JsonObject body) {
        return await(client.put("/api/meetings/" + date.meeting() + "/occurrences/" + date.path() + "/rsvp")
            .putHeader("Authorization", user.bearer()).sendJsonObject(body));
    }

    @Test
    void theDelegateSeesWhomTheyAttendForOnTheDateTheMeetingAndYourMeetings() {
        Soon date = soon("Lead nurses forum");
        assertEquals(200, replySoon(tom, date, sending(priya)).statusCode());

        String datePage = PageRequests.get(client, priya, "/meetings/" + date.meeting() + "/occurrence?start=" + date.path()).bodyAsString();
        assertTrue(datePage.contains("You are attending for Tom Reid"), datePage);
        String meetingPage = PageRequests.get(client, priya, "/meetings/" + date.meeting()).bodyAsString();
        assertTrue(meetingPage.contains("You are attending for Tom Reid"), meetingPage);
        String yours = PageRequests.get(client, priya, "/calendar").bodyAsString();
        assertTrue(yours.contains("You are attending for Tom Reid"), yours);

        String others = PageRequests.get(client, sam, "/calendar").bodyAsString();
        assertFalse(others.contains("You are attending for"), "only the delegate reads it");
    }

    @Test
    void theSendersReplyReadsNotGoingSendingTheDelegateWhereverItIsShown() {
        Soon date = soon("Cancer alliance board");
        assertEquals(200, replySoon(tom, date, sending(priya)).statusCode());

        String datePage = PageRequests.get(client, tom, "/meetings/" + date.meeting() + "/occurrence?start=" + date.path()).bodyAsString();
        assertTrue(datePage.contains("Not going, sending Priya Shah"), datePage);
        String meetingPage = PageRequests.get(client, tom, "/meetings/" + date.meeting()).bodyAsString();
        assertTrue(meetingPage.contains("not going, sending Priya Shah"), meetingPage);
        String yours = PageRequests.get(client, tom, "/calendar").bodyAsString();
        assertTrue(yours.contains("Not going, sending Priya Shah"), yours);
        JsonObject mine = await(client.get("/api/meetings/" + date.meeting() + "/occurrences").putHeader("Authorization", tom.bearer()).send())
            .bodyAsJsonObject().getJsonArray("occurrences").getJsonObject(0).getJsonObject("myRsvp");
        assertEquals("Priya Shah", mine.getString("delegateName"));
    }

    @Test
    void theDelegatesCalendarFeedHoldsTheDateSayingWhomTheyAttendFor() throws Exception {
        Soon date = soon("Feed forum");
        assertEquals(200, replySoon(tom, date, sending(priya)).statusCode());
        String url = await(client.post("/api/me/calendar-feed").putHeader("Authorization", priya.bearer()).send())
            .bodyAsJsonObject().getString("url");
        String feed = await(client.get(java.net.URI.create(url).getPath()).send()).bodyAsString();
        net.fortuna.ical4j.model.Calendar calendar = new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.StringReader(feed));
        calendar.validate();
        List<net.fortuna.ical4j.model.component.VEvent> attending = new ArrayList<>();
        for (net.fortuna.ical4j.model.component.VEvent event : calendar.<net.fortuna.ical4j.model.component.VEvent>getComponents("VEVENT")) {
            boolean thisMeeting = event.getProperty("UID").orElseThrow().getValue().startsWith(date.meeting());
            if (thisMeeting && event.getProperty("DESCRIPTION").map(p -> p.getValue().contains("You are attending for Tom Reid")).orElse(false)) {
                attending.add(event);
            }
        }
        assertEquals(1, attending.size(), feed);
        assertTrue(attending.get(0).getProperty("RECURRENCE-ID").isPresent(), "the date overrides the series: " + feed);

        String senders = await(client.post("/api/me/calendar-feed").putHeader("Authorization", tom.bearer()).send())
            .bodyAsJsonObject().getString("url");
        assertFalse(await(client.get(java.net.URI.create(senders).getPath()).send()).bodyAsString().contains("You are attending for"));
    }

    @Test
    void anAddressWithoutAnAccountIsInvitedToRegisterAndBecomesTheDelegateWhenTheyDo() {
        Soon date = soon("Partners forum");
        String address = TestUsers.uniqueEmail("local.partner");
        long before = lastMail();
        HttpResponse<Buffer> sent = replySoon(tom, date, new JsonObject().put("response", "yes").put("delegateEmail", "  " + address.toUpperCase() + " "));
        assertEquals(200, sent.statusCode(), sent.bodyAsString());
        assertEquals(address, sent.bodyAsJsonObject().getString("delegateEmail"));

        List<Mail> mails = mailSince(before);
        assertEquals(1, mails.size(), mails.toString());
        assertEquals(address, mails.get(0).to());
        assertEquals("REQUEST", mails.get(0).method());
        assertTrue(mails.get(0).text().contains("Tom Reid is sending you to Partners forum in their place"), mails.get(0).text());
        assertTrue(mails.get(0).text().contains("/register?returnTo="), "a link to register: " + mails.get(0).text());
        String senders = PageRequests.get(client, tom, "/meetings/" + date.meeting() + "/occurrence?start=" + date.path()).bodyAsString();
        assertTrue(senders.contains("Not going, sending " + address), senders);

        TestUser partner = TestUsers.create(client, "Local Partner", address);
        String datePage = PageRequests.get(client, partner, "/meetings/" + date.meeting() + "/occurrence?start=" + date.path()).bodyAsString();
        assertTrue(datePage.contains("You are attending for Tom Reid"), datePage);
        JsonObject mine = await(client.get("/api/meetings/" + date.meeting() + "/occurrences").putHeader("Authorization", tom.bearer()).send())
            .bodyAsJsonObject().getJsonArray("occurrences").getJsonObject(0).getJsonObject("myRsvp");
        assertEquals("Local Partner", mine.getString("delegateName"), "the account takes the address's place");
        assertEquals(partner.id().toString(), mine.getString("delegateUserId"));

        HttpResponse<Buffer> register = await(client.get("/api/meetings/" + date.meeting() + "/occurrences/" + date.path() + "/attendance")
            .putHeader("Authorization", organiser.bearer()).send());
        assertEquals(200, register.statusCode(), register.bodyAsString());
        assertTrue(register.bodyAsString().contains("\"delegateName\":\"Local Partner\""), register.bodyAsString());
    }

    @Test
    void someoneOutsideTheNetworkWithAnAccountSeesOnlyTheDateTheyAttendUntilTheyAreWithdrawn() {
        Soon date = soon("Outside delegate forum");
        TestUser outsider = TestUsers.create(client, "Outside Colleague");
        String path = "/meetings/" + date.meeting() + "/occurrence?start=" + date.path();
        assertEquals(404, PageRequests.get(client, outsider, path).statusCode());

        assertEquals(200, replySoon(tom, date, new JsonObject().put("response", "yes").put("delegateEmail", outsider.email())).statusCode());
        HttpResponse<Buffer> page = PageRequests.get(client, outsider, path);
        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("You are attending for Tom Reid"), page.bodyAsString());

        assertEquals(200, replySoon(tom, date, new JsonObject().put("response", "yes")).statusCode());
        assertEquals(404, PageRequests.get(client, outsider, path).statusCode(), "withdrawn, the date is not theirs to see");
    }

    @Test
    void delegatesThatMakeNoSenseAreRefusedWithTheFieldNamed() {
        Soon date = soon("Refusals forum");
        record Case(JsonObject body, String field) {
        }
        List<Case> cases = List.of(
            new Case(new JsonObject().put("response", "yes").put("delegateEmail", "not an address"), "delegateEmail"),
            new Case(new JsonObject().put("response", "yes").put("delegateEmail", 42), "delegateEmail"),
            new Case(new JsonObject().put("response", "yes").put("delegateEmail", tom.email().toUpperCase()), "delegateEmail"),
            new Case(new JsonObject().put("response", "no").put("delegateEmail", "someone@example.org"), "delegateEmail"),
            new Case(sending(priya).put("delegateEmail", "someone@example.org"), "delegateEmail"),
            new Case(new JsonObject().put("response", "yes").put("delegateUserId", tom.id().toString()), "delegateUserId"));
        long before = lastMail();
        for (Case refused : cases) {
            HttpResponse<Buffer> answer = replySoon(tom, date, refused.body());
            assertEquals(400, answer.statusCode(), refused.body().encode());
            assertEquals(refused.field(), answer.bodyAsJsonObject().getJsonObject("error").getString("field"), answer.bodyAsString());
        }
        await(client.patch("/api/meetings/" + date.meeting() + "/occurrences/" + date.path()).putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("cancelled", true)));
        long afterCancel = lastMail();
        HttpResponse<Buffer> cancelled = replySoon(tom, date, sending(priya));
        assertEquals(409, cancelled.statusCode(), cancelled.bodyAsString());
        assertTrue(cancelled.bodyAsJsonObject().getJsonObject("error").getString("message").contains("cancelled"));
        assertTrue(mailSince(afterCancel).isEmpty(), "a refused delegate tells nobody");
        assertTrue(before <= afterCancel);
    }

    @Test
    void onlyThoseTakingPartMaySendADelegateAndOthersAreToldTheDateIsNotThere() {
        Soon date = soon("Who may send");
        TestUser guest = TestUsers.create(client, "Network Guest");
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", guest.email()).put("role", "guest")));
        TestUser outsider = TestUsers.create(client, "Stranger Outside");
        JsonObject body = new JsonObject().put("response", "yes").put("delegateEmail", "cover@example.org");
        assertEquals(200, replySoon(organiser, date, body).statusCode(), "organiser");
        assertEquals(200, replySoon(sam, date, body).statusCode(), "member");
        assertEquals(404, replySoon(guest, date, body).statusCode(), "guest of the network");
        assertEquals(404, replySoon(outsider, date, body).statusCode(), "outsider");
        assertEquals(401, await(client.put("/api/meetings/" + date.meeting() + "/occurrences/" + date.path() + "/rsvp")
            .sendJsonObject(body)).statusCode(), "signed out");
    }

    @Test
    void theMeetingPageSendsSomeoneByAddressWithoutJavaScriptAndKeepsAMistypedAddress() {
        Soon date = soon("Page delegate forum");
        String form = "/meetings/" + date.meeting() + "/rsvp";
        HttpResponse<Buffer> slip = PageRequests.post(client, tom, form, java.util.Map.of("start", date.start(), "response", "yes",
            "choice", "delegate", "delegateUserId", "", "delegateEmail", "priya.shah@example"));
        assertEquals(400, slip.statusCode());
        String page = slip.bodyAsString();
        assertTrue(page.contains("nhsuk-error-summary"), page);
        assertTrue(page.contains("href=\"#delegate-email-" + date.start() + "\""), "the summary links to the address field");
        assertTrue(page.contains("value=\"priya.shah@example\""), "the typed address is kept");

        String address = TestUsers.uniqueEmail("page.delegate");
        HttpResponse<Buffer> sent = PageRequests.post(client, tom, form, java.util.Map.of("start", date.start(), "response", "yes",
            "choice", "delegate", "delegateUserId", "", "delegateEmail", address));
        assertEquals(303, sent.statusCode(), sent.bodyAsString());
        String after = PageRequests.get(client, tom, "/meetings/" + date.meeting()).bodyAsString();
        assertTrue(after.contains("not going, sending " + address), after);

        HttpResponse<Buffer> nobody = PageRequests.post(client, tom, form, java.util.Map.of("start", date.start(), "response", "yes",
            "choice", "delegate", "delegateUserId", "", "delegateEmail", ""));
        assertEquals(400, nobody.statusCode());
        assertTrue(nobody.bodyAsString().contains("Choose who will go in your place, or give their email address"));
    }

    @Test
    void theDelegateChoosesTheWorkshopsAndTheSenderNoLongerTakesAPlace() {
        String meeting = meeting("Choosing workshops", null);
        String morning = workshop(meeting, "Screening uptake", 5);
        String path = "/api/meetings/" + meeting + "/occurrences/" + DATE_PATH + "/workshops/" + morning + "/choice";
        assertEquals(200, reply(tom, meeting, sending(priya)).statusCode());

        HttpResponse<Buffer> byDelegate = await(client.put(path).putHeader("Authorization", priya.bearer()).send());
        assertEquals(200, byDelegate.statusCode(), byDelegate.bodyAsString());
        HttpResponse<Buffer> bySender = await(client.put(path).putHeader("Authorization", tom.bearer()).send());
        assertEquals(409, bySender.statusCode(), "the sender is not going: " + bySender.bodyAsString());
        assertEquals(List.of("Priya Shah"), holders(morning));
    }
}
