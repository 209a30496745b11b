package uk.nhs.hub.notification;

import io.vertx.core.buffer.Buffer;
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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The meeting, broadcast and network features record a notification for the person each event is about, in the
 * event's own transaction, and the person's email preferences decide the email.
 */
class FeatureNotificationsTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static WebClient client;
    private static TestUser organiser;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Nora Notifier");
    }

    private static HttpResponse<Buffer> send(TestUser as, String method, String path, JsonObject body) {
        var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), path).putHeader("Authorization", as.bearer());
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static String network(String visibility) {
        HttpResponse<Buffer> created = send(organiser, "POST", "/api/networks", new JsonObject().put("name", "Notices network")
            .put("slug", "notices-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8))
            .put("visibility", visibility));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getString("id");
    }

    private static void add(String network, TestUser who, String role) {
        HttpResponse<Buffer> added = send(organiser, "POST", "/api/networks/" + network + "/members",
            new JsonObject().put("email", who.email()).put("role", role));
        assertEquals(201, added.statusCode(), added.bodyAsString());
    }

    /** The person's notifications, newest first, as "kind|email_state|title". */
    private static List<String> notices(TestUser who) {
        List<String> found = new ArrayList<>();
        for (Row row : await(TestHub.get().pool().preparedQuery(
                "SELECT kind, email_state, title FROM notifications WHERE user_id = $1 ORDER BY id DESC").execute(Tuple.of(who.id())))) {
            found.add(row.getString("kind") + "|" + row.getString("email_state") + "|" + row.getString("title"));
        }
        return found;
    }

    private static long emails(String to, String subjectLike) {
        return await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject LIKE $2")
            .execute(Tuple.of(to, subjectLike))).iterator().next().getLong(0);
    }

    @Test
    void aDecidedJoinRequestIsANotificationAndAnEmailToThePersonWhoAsked() {
        String network = network("request");
        TestUser asker = TestUsers.create(client, "Asha Asker");
        String requestId = send(asker, "POST", "/api/networks/" + network + "/join", null).bodyAsJsonObject().getString("requestId");

        assertEquals(204, send(organiser, "POST", "/api/networks/" + network + "/join-requests/" + requestId + "/approve", null).statusCode());

        assertEquals(List.of("join-request-decided|sent|You have joined Notices network"), notices(asker));
        assertEquals(1, emails(asker.email(), "You have joined%"));
        assertTrue(notices(organiser).stream().noneMatch(n -> n.startsWith("join-request-decided")), "not the organiser who decided");
    }

    @Test
    void anInvitationIsInTheInboxOfSomeoneWithAnAccountAndOnlyEmailedToAnAddressWithout() {
        String network = network("private");
        TestUser existing = TestUsers.create(client, "Ivy Invited");
        String stranger = TestUsers.uniqueEmail("nobody yet");

        assertEquals(201, send(organiser, "POST", "/api/networks/" + network + "/invitations",
            new JsonObject().put("email", existing.email()).put("role", "member")).statusCode());
        assertEquals(201, send(organiser, "POST", "/api/networks/" + network + "/invitations",
            new JsonObject().put("email", stranger).put("role", "member")).statusCode());

        assertEquals(List.of("invitation|sent|You are invited to join Notices network"), notices(existing));
        assertEquals(1, emails(existing.email(), "You are invited to join%"));
        assertEquals(1, emails(stranger, "You are invited to join%"), "the address without an account is still emailed");
        long secrets = await(TestHub.get().pool().preparedQuery("SELECT count(*) FROM notifications WHERE user_id = $1 AND body LIKE '%/invitations/%'")
            .execute(Tuple.of(existing.id()))).iterator().next().getLong(0);
        assertEquals(0, secrets, "the invitation's secret link stays in the email");
    }

    @Test
    void aBroadcastIsRecordedForEveryoneItReachesAndEmailedOnlyToThoseWhoWantItEmailed() {
        String network = network("private");
        TestUser central = TestUsers.create(client, "Cal Central");
        TestUser keen = TestUsers.create(client, "Kim Keen");
        TestUser quiet = TestUsers.create(client, "Quinn Quiet");
        add(network, central, "central");
        add(network, keen, "member");
        add(network, quiet, "member");
        await(TestHub.get().pool().preparedQuery("INSERT INTO email_preferences (user_id, broadcasts) VALUES ($1, 'off')")
            .execute(Tuple.of(quiet.id())));

        HttpResponse<Buffer> sent = send(central, "POST", "/api/broadcasts", new JsonObject().put("networkId", network)
            .put("title", "Winter plan").put("body", "Please read it.")
            .put("targets", new JsonObject().put("networkIds", new JsonArray().add(network)).put("includeDescendants", false)));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());

        assertEquals(List.of("broadcast|sent|New guidance: Winter plan"), notices(keen));
        assertEquals(List.of("broadcast|none|New guidance: Winter plan"), notices(quiet));
        assertEquals(1, emails(keen.email(), "New guidance: Winter plan"));
        assertEquals(0, emails(quiet.email(), "New guidance: Winter plan"), "broadcast emails turned off");
    }

    @Test
    void theNextPersonOnTheWaitingListIsToldInTheirInboxWhenAPlaceComesFree() {
        String network = network("private");
        TestUser first = TestUsers.create(client, "Finn First");
        TestUser second = TestUsers.create(client, "Sid Second");
        add(network, first, "member");
        add(network, second, "member");
        String meeting = send(organiser, "POST", "/api/networks/" + network + "/meetings", new JsonObject().put("title", "Small room")
            .put("start", "2027-01-12T10:00").put("timeZone", "Europe/London").put("durationMinutes", 60).put("capacity", 1))
            .bodyAsJsonObject().getString("id");
        String reply = "/api/meetings/" + meeting + "/occurrences/2027-01-12T10:00:00Z/rsvp";
        assertEquals(200, send(first, "PUT", reply, new JsonObject().put("response", "yes")).statusCode());
        assertEquals(200, send(second, "PUT", reply, new JsonObject().put("response", "yes")).statusCode());

        assertEquals(200, send(first, "PUT", reply, new JsonObject().put("response", "no")).statusCode());

        List<String> told = notices(second);
        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).startsWith("waiting-list-promoted|due|You have a place at Small room"), told.toString());
        assertEquals(0, emails(second.email(), "You have a place at%"), "meeting emails go in the daily digest by default");
    }

    @Test
    void aCancelledDateIsInTheInboxWhileItsCalendarCancellationIsAlwaysEmailed() {
        String network = network("private");
        TestUser member = TestUsers.create(client, "Mo Member");
        add(network, member, "member");
        await(TestHub.get().pool().preparedQuery("INSERT INTO email_preferences (user_id, meetings) VALUES ($1, 'off')")
            .execute(Tuple.of(member.id())));
        String meeting = send(organiser, "POST", "/api/networks/" + network + "/meetings", new JsonObject().put("title", "Board")
            .put("start", "2027-02-09T14:00").put("timeZone", "Europe/London").put("durationMinutes", 60)
            .put("rrule", "FREQ=MONTHLY;COUNT=3")).bodyAsJsonObject().getString("id");

        HttpResponse<Buffer> cancelled = send(organiser, "PATCH", "/api/meetings/" + meeting + "/occurrences/2027-03-09T14:00:00Z",
            new JsonObject().put("cancelled", true));
        assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());

        List<String> told = notices(member);
        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).startsWith("date-cancelled|none|Cancelled: Board, Tuesday 9 March 2027"), told.toString());
        long calendar = await(TestHub.get().pool().preparedQuery(
                "SELECT count(*) FROM outbox WHERE to_address = $1 AND calendar_method = 'CANCEL'").execute(Tuple.of(member.email())))
            .iterator().next().getLong(0);
        assertEquals(1, calendar, "the calendar cancellation goes whatever the person chose for meeting emails");
    }
}
