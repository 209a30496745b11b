package uk.nhs.hub.notification;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.platform.Outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static uk.nhs.hub.TestHub.await;

/** Networks, notices and outbox reads shared by the email control tests. */
final class EmailTestSupport {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private EmailTestSupport() {
    }

    /** A private network organised by {@code organiser}; completes with its id. */
    static UUID network(WebClient client, TestUser organiser, String name) {
        JsonObject created = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", name).put("slug", "email-" + SEQUENCE.incrementAndGet()
                + "-" + System.nanoTime() % 100_000).put("visibility", "private"))).bodyAsJsonObject();
        return UUID.fromString(created.getString("id"));
    }

    static void addMember(WebClient client, TestUser organiser, UUID network, TestUser person, String role) {
        int status = await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", person.email()).put("role", role))).statusCode();
        if (status != 201 && status != 200) {
            throw new IllegalStateException("adding a " + role + " answered " + status);
        }
    }

    /** Records one notice for {@code to}, as a feature would, with an email to send if they want it at once. */
    static List<Notifications.Stored> notify(TestUser to, Notifications.Kind kind, UUID network, String title) {
        return await(TestHub.get().pool().withTransaction(tx -> Notifications.record(tx, List.of(
            new Notifications.Notice(to.id(), kind, network, title, "Body of " + title, "/networks/x",
                "test:" + title, new Outbox.Message(to.email(), title, "caller's text", null, null, null))))));
    }

    static void preferences(TestUser who, String replies, String mentions, int hour, String zone) {
        await(TestHub.get().pool().preparedQuery("""
                INSERT INTO email_preferences (user_id, replies, mentions, watching, digest_hour, time_zone)
                VALUES ($1, $2, $3, $2, $4, $5)
                ON CONFLICT (user_id) DO UPDATE SET replies = $2, mentions = $3, watching = $2, digest_hour = $4, time_zone = $5
                """)
            .execute(Tuple.of(who.id(), replies, mentions, (short) hour, zone)));
    }

    /** Every outbox message to this address, oldest first. */
    static List<Row> outbox(String to) {
        List<Row> rows = new ArrayList<>();
        await(TestHub.get().pool().preparedQuery(
                "SELECT subject, body, html_body, headers FROM outbox WHERE to_address = $1 ORDER BY id")
            .execute(Tuple.of(to))).forEach(rows::add);
        return rows;
    }

    static String emailState(long notificationId) {
        return await(TestHub.get().pool().preparedQuery("SELECT email_state FROM notifications WHERE id = $1")
            .execute(Tuple.of(notificationId))).iterator().next().getString(0);
    }
}
