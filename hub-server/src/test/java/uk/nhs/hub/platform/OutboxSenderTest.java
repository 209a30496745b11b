package uk.nhs.hub.platform;

import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static uk.nhs.hub.TestHub.await;

class OutboxSenderTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    private static Row message(String to) {
        return await(TestHub.get().pool().preparedQuery("SELECT sent_at, attempts, last_error FROM outbox WHERE to_address = $1")
            .execute(io.vertx.sqlclient.Tuple.of(to))).iterator().next();
    }

    @Test
    void withoutSmtpMessagesAreLoggedAndMarkedSentOnce() {
        await(Outbox.enqueue(TestHub.get().pool(), "logged@test.nhs.uk", "Subject", "Body"));
        OutboxSender sender = new OutboxSender(TestHub.get().vertx(), TestHub.get().pool(), TestHub.get().config().smtp());

        await(sender.deliverDue());
        await(sender.deliverDue());

        Row row = message("logged@test.nhs.uk");
        assertNotNull(row.getOffsetDateTime("sent_at"));
        assertEquals(1, row.getInteger("attempts"), "a sent message is not sent again");
    }

    @Test
    void anUnreachableMailServerLeavesTheMessageQueuedForARetry() {
        await(Outbox.enqueue(TestHub.get().pool(), "retry@test.nhs.uk", "Subject", "Body"));
        HubConfig.Smtp unreachable = new HubConfig.Smtp(Optional.of("127.0.0.1"), 1, Optional.empty(), Optional.empty(),
            "hub@test.nhs.uk", false);
        OutboxSender sender = new OutboxSender(TestHub.get().vertx(), TestHub.get().pool(), unreachable);

        await(sender.deliverDue());

        Row row = message("retry@test.nhs.uk");
        assertNull(row.getOffsetDateTime("sent_at"));
        assertEquals(1, row.getInteger("attempts"));
        assertNotNull(row.getString("last_error"));
        await(sender.stop());
    }
}
