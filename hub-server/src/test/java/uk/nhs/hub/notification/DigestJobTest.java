package uk.nhs.hub.notification;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.notification.Notifications.Kind;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Daily and weekly digests, with the job's clock moved to the moments that matter. Each test's people choose an
 * hour six hours away from now, so the hub's own job (on the real clock) never sends their digests meanwhile.
 */
class DigestJobTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static WebClient client;
    private static TestUser organiser;
    private static UUID cardiology;
    private static UUID respiratory;
    private static int hour;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Dina Digest");
        cardiology = EmailTestSupport.network(client, organiser, "Cardiology network");
        respiratory = EmailTestSupport.network(client, organiser, "Respiratory network");
        hour = (ZonedDateTime.now(LONDON).getHour() + 6) % 24;
    }

    private static DigestJob job(ZonedDateTime at) {
        return new DigestJob(TestHub.get().vertx(), TestHub.get().pool(), TestHub.get().hub().emailControl().emails(),
            Clock.fixed(at.toInstant(), ZoneOffset.UTC));
    }

    private static ZonedDateTime at(LocalDate date, int hourOfDay, int minute, ZoneId zone) {
        return ZonedDateTime.of(date, LocalTime.of(hourOfDay, minute), zone);
    }

    private static TestUser person(String name, String replies, int digestHour, String zone) {
        TestUser person = TestUsers.create(client, name);
        EmailTestSupport.preferences(person, replies, "daily", digestHour, zone);
        return person;
    }

    @Test
    void aDailyDigestComesAtThePersonsHourInTheirZoneOnASummerTimeDate() {
        TestUser london = person("Lon Daily", "daily", hour, "Europe/London");
        TestUser newYork = person("Nyla Daily", "daily", hour, "America/New_York");
        long londonNotice = EmailTestSupport.notify(london, Kind.REPLY, cardiology, "Reply for London").get(0).id();
        EmailTestSupport.notify(newYork, Kind.REPLY, cardiology, "Reply for New York");
        assertEquals("due", EmailTestSupport.emailState(londonNotice));
        LocalDate summer = LocalDate.of(2027, 6, 15);

        // the hour before theirs (in British Summer Time, an hour off UTC) sends nothing
        await(job(at(summer, (hour + 23) % 24, 59, LONDON)).sendDue());
        assertEquals(0, EmailTestSupport.outbox(london.email()).size());

        await(job(at(summer, hour, 5, LONDON)).sendDue());
        List<Row> sent = EmailTestSupport.outbox(london.email());
        assertEquals(1, sent.size(), "at " + hour + " o'clock London time, BST");
        assertTrue(sent.get(0).getString("subject").startsWith("Your daily network hub digest"), sent.get(0).getString("subject"));
        assertEquals("sent", EmailTestSupport.emailState(londonNotice));
        assertEquals(0, EmailTestSupport.outbox(newYork.email()).size(), "New York's hour has not come yet");

        await(job(at(summer, hour, 5, ZoneId.of("America/New_York"))).sendDue());
        assertEquals(1, EmailTestSupport.outbox(newYork.email()).size());
    }

    @Test
    void aWeeklyDigestWaitsForMonday() {
        TestUser weekly = person("Wes Weekly", "weekly", hour, "Europe/London");
        long notice = EmailTestSupport.notify(weekly, Kind.REPLY, cardiology, "Reply for the week").get(0).id();
        LocalDate sunday = LocalDate.of(2027, 3, 7);

        await(job(at(sunday, hour, 1, LONDON)).sendDue());
        assertEquals(0, EmailTestSupport.outbox(weekly.email()).size(), "not on a Sunday");
        assertEquals("due", EmailTestSupport.emailState(notice));

        await(job(at(sunday.plusDays(1), hour, 1, LONDON)).sendDue());
        List<Row> sent = EmailTestSupport.outbox(weekly.email());
        assertEquals(1, sent.size(), "on Monday");
        assertTrue(sent.get(0).getString("subject").startsWith("Your weekly network hub digest"));
        assertEquals("sent", EmailTestSupport.emailState(notice));
    }

    @Test
    void aDigestGroupsUnreadNoticesByNetworkInTextAndHtml() {
        TestUser reader = person("Gus Grouped", "daily", hour, "Europe/London");
        EmailTestSupport.notify(reader, Kind.REPLY, respiratory, "Inhaler pathway reply");
        EmailTestSupport.notify(reader, Kind.REPLY, cardiology, "Echo waiting times reply");
        EmailTestSupport.notify(reader, Kind.WATCHED_POST, cardiology, "New post on heart failure");

        await(job(at(LocalDate.of(2027, 1, 12), hour, 0, LONDON)).sendDue());

        Row digest = EmailTestSupport.outbox(reader.email()).get(0);
        String text = digest.getString("body");
        int cardiologyAt = text.indexOf("Cardiology network");
        int respiratoryAt = text.indexOf("Respiratory network");
        assertTrue(cardiologyAt >= 0 && respiratoryAt > cardiologyAt, text);
        String cardiologyPart = text.substring(cardiologyAt, respiratoryAt);
        assertTrue(cardiologyPart.contains("Echo waiting times reply") && cardiologyPart.contains("New post on heart failure"), text);
        assertTrue(text.substring(respiratoryAt).contains("Inhaler pathway reply"), text);
        assertTrue(digest.getString("subject").endsWith("3 updates"), digest.getString("subject"));
        String html = digest.getString("html_body");
        assertNotNull(html);
        assertTrue(html.contains("<h2") && html.contains("Cardiology network") && html.contains("/account/email"), html);
        assertNotNull(digest.getJsonObject("headers").getString("List-Unsubscribe"));
    }

    @Test
    void readNoticesAreLeftOutAndNothingIsSentWhenAllWereRead() {
        TestUser reader = person("Rita Read", "daily", hour, "Europe/London");
        TestUser allRead = person("Arlo AllRead", "daily", hour, "Europe/London");
        long read = EmailTestSupport.notify(reader, Kind.REPLY, cardiology, "Already read reply").get(0).id();
        long unread = EmailTestSupport.notify(reader, Kind.REPLY, cardiology, "Still unread reply").get(0).id();
        long alsoRead = EmailTestSupport.notify(allRead, Kind.REPLY, cardiology, "Read it all").get(0).id();
        await(TestHub.get().pool().preparedQuery("UPDATE notifications SET read_at = now() WHERE id = ANY($1)")
            .execute(Tuple.of((Object) new Long[] {read, alsoRead})));

        await(job(at(LocalDate.of(2027, 1, 13), hour, 0, LONDON)).sendDue());

        String text = EmailTestSupport.outbox(reader.email()).get(0).getString("body");
        assertTrue(text.contains("Still unread reply") && !text.contains("Already read reply"), text);
        assertEquals("none", EmailTestSupport.emailState(read));
        assertEquals("sent", EmailTestSupport.emailState(unread));
        assertEquals(0, EmailTestSupport.outbox(allRead.email()).size());
        assertEquals("none", EmailTestSupport.emailState(alsoRead));
    }

    @Test
    void twoJobsRacingSendEachDigestOnceAndARerunSendsNothing() {
        List<TestUser> people = List.of(person("Rae Race", "daily", hour, "Europe/London"),
            person("Rob Race", "daily", hour, "Europe/London"), person("Ria Race", "daily", hour, "Europe/London"));
        for (TestUser person : people) {
            EmailTestSupport.notify(person, Kind.REPLY, cardiology, "Racing reply for " + person.displayName());
        }
        ZonedDateTime now = at(LocalDate.of(2027, 2, 2), hour, 30, LONDON);

        await(Future.all(job(now).sendDue(), job(now).sendDue(), job(now).sendDue()));
        // a notice arriving later the same day waits for tomorrow's digest rather than making a second one today
        EmailTestSupport.notify(people.get(0), Kind.REPLY, cardiology, "Late reply");
        await(job(now.plusMinutes(10)).sendDue());

        for (TestUser person : people) {
            assertEquals(1, EmailTestSupport.outbox(person.email()).size(), person.displayName());
        }
        long runs = await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM digest_runs WHERE user_id = ANY($1)")
            .execute(Tuple.of((Object) people.stream().map(TestUser::id).toArray(UUID[]::new)))).iterator().next().getLong(0);
        assertEquals(3, runs);

        await(job(now.plusDays(1)).sendDue());
        assertEquals(2, EmailTestSupport.outbox(people.get(0).email()).size(), "the late reply goes the next day");
    }

    @Test
    void aDigestNeverGoesOutForAChangeThatRolledBack() {
        TestUser person = person("Rolf Rollback", "daily", hour, "Europe/London");
        EmailTestSupport.notify(person, Kind.REPLY, cardiology, "Kept reply");
        // the digest's email and its run row go together: if the outbox insert fails, no run row is left behind
        await(TestHub.get().pool().query("ALTER TABLE outbox ADD CONSTRAINT test_no_digests CHECK (subject NOT LIKE 'Your daily%') NOT VALID")
            .execute());
        try {
            ZonedDateTime now = at(LocalDate.of(2027, 2, 3), hour, 0, LONDON);
            assertTrue(job(now).sendDue().toCompletionStage().toCompletableFuture().handle((n, err) -> err != null).join());
            assertEquals(0L, await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM digest_runs WHERE user_id = $1")
                .execute(Tuple.of(person.id()))).iterator().next().getLong(0));
        } finally {
            await(TestHub.get().pool().query("ALTER TABLE outbox DROP CONSTRAINT test_no_digests").execute());
        }
        await(job(at(LocalDate.of(2027, 2, 3), hour, 20, LONDON)).sendDue());
        assertEquals(1, EmailTestSupport.outbox(person.email()).size(), "a failed run is tried again");
    }
}
