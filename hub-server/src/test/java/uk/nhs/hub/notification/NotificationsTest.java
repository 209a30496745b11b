package uk.nhs.hub.notification;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.account.AccountEvents;
import uk.nhs.hub.notification.Notifications.Kind;
import uk.nhs.hub.notification.Notifications.Notice;
import uk.nhs.hub.notification.Notifications.Stored;
import uk.nhs.hub.platform.Outbox;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static uk.nhs.hub.TestHub.await;

class NotificationsTest {

    private static Pool pool;
    private static TestUser priya;
    private static TestUser tom;

    @BeforeAll
    static void start() {
        pool = TestHub.get().pool();
        priya = TestUsers.create(TestHub.get().client(), "Priya Notified");
        tom = TestUsers.create(TestHub.get().client(), "Tom Notified");
    }

    private static Notice notice(TestUser to, Kind kind, String title) {
        return new Notice(to.id(), kind, null, title, "", "/threads/x", "post:" + title,
            new Outbox.Message(to.email(), title, "text of " + title, null, null, null));
    }

    private static long count(String sql, Object... params) {
        return await(pool.preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
    }

    @Test
    void eachNoticeIsEmailedAtOnceLeftForTheDigestOrNotAtAllAsThePersonChose() {
        await(pool.preparedQuery("INSERT INTO email_preferences (user_id, broadcasts) VALUES ($1, 'off')").execute(Tuple.of(tom.id())));

        List<Stored> stored = await(pool.withTransaction(tx -> Notifications.record(tx, List.of(
            notice(priya, Kind.MENTION, "Priya mentioned"), notice(priya, Kind.REPLY, "Priya replied to"),
            notice(tom, Kind.BROADCAST, "Tom broadcast"), notice(tom, Kind.INVITATION, "Tom invited")))));

        assertEquals(List.of("sent", "due", "none", "sent"), stored.stream().map(Stored::emailState).toList(),
            "mentions at once and replies daily by default; broadcasts off for Tom; invitations always");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE to_address = $1", priya.email()));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE to_address = $1 AND subject = 'Tom invited'", tom.email()));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE subject IN ('Priya replied to', 'Tom broadcast')"));
        assertEquals(2, count("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL", priya.id()));
    }

    @Test
    void aChangeThatRollsBackLeavesNeitherNoticeNorEmail() {
        assertThrows(RuntimeException.class, () -> await(pool.withTransaction(tx -> Notifications.record(tx,
                List.of(notice(priya, Kind.MENTION, "Rolled back mention")))
            .compose(v -> Future.failedFuture(new IllegalStateException("the change failed"))))));
        assertEquals(0, count("SELECT count(*) FROM notifications WHERE title = 'Rolled back mention'"));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE subject = 'Rolled back mention'"));
    }

    @Test
    void afterCommitEachPersonsOpenPagesAreToldTheirUnreadCount() throws Exception {
        CompletableFuture<JsonObject> told = new CompletableFuture<>();
        MessageConsumer<JsonObject> consumer = TestHub.get().vertx().eventBus()
            .consumer(AccountEvents.userAddress(tom.id()), message -> told.complete(message.body()));
        await(consumer.completion());
        long before = count("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL", tom.id());
        List<Stored> stored = await(pool.withTransaction(tx -> Notifications.record(tx,
            List.of(notice(tom, Kind.DATE_MOVED, "Tom's date moved")))));
        await(Notifications.announce(TestHub.get().vertx(), pool, stored));
        JsonObject event = told.get(10, TimeUnit.SECONDS);
        assertEquals("notification.created", event.getString("type"));
        assertEquals(before + 1, event.getLong("unread"));
        await(consumer.unregister());
    }
}
