package uk.nhs.hub.platform;

import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

    @Test
    void anInvitationReachesTheMailServerAsATextCalendarAttachmentNamingItsMethod() {
        String calendar = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nPRODID:-//NHS//Network hub//EN\r\nVERSION:2.0\r\n"
            + "BEGIN:VEVENT\r\nUID:test@network-hub\r\nSUMMARY:Réunion\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        await(Outbox.enqueue(TestHub.get().pool(), new Outbox.Message("invited@test.nhs.uk", "Cancelled: Réunion",
            "Plain words", "<p>HTML words</p>", calendar, "CANCEL")));
        StringBuilder received = new StringBuilder();
        NetServer smtpServer = smtpServer(received);
        HubConfig.Smtp local = new HubConfig.Smtp(Optional.of("127.0.0.1"), smtpServer.actualPort(), Optional.empty(),
            Optional.empty(), "Network hub <hub@test.nhs.uk>", false);
        OutboxSender sender = new OutboxSender(TestHub.get().vertx(), TestHub.get().pool(), local);
        try {
            await(sender.deliverDue());
        } finally {
            await(sender.stop());
            await(smtpServer.close());
        }

        assertNotNull(message("invited@test.nhs.uk").getOffsetDateTime("sent_at"));
        String mime = received.toString();
        assertTrue(mime.contains("Content-Type: text/calendar; method=CANCEL; charset=UTF-8"), mime);
        assertTrue(mime.contains("text/html"), mime);
        String part = mime.substring(mime.indexOf("Content-Type: text/calendar"));
        String encoded = part.substring(part.indexOf("\r\n\r\n") + 4, part.indexOf("\r\n--"));
        assertTrue(part.substring(0, part.indexOf("\r\n\r\n")).contains("base64"), part);
        assertEquals(calendar, new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    @Test
    void extraHeadersStoredWithAMessageReachTheMailServer() {
        await(Outbox.enqueueAllWithHeaders(TestHub.get().pool(), java.util.List.of(new Outbox.Message(
                "headers@test.nhs.uk", "Someone mentioned you", "Plain words", "<p>HTML words</p>", null, null)),
            java.util.List.of(new io.vertx.core.json.JsonObject()
                .put("List-Unsubscribe", "<https://hub.test.nhs.uk/unsubscribe/abc>")
                .put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))));
        StringBuilder received = new StringBuilder();
        NetServer smtpServer = smtpServer(received);
        HubConfig.Smtp local = new HubConfig.Smtp(Optional.of("127.0.0.1"), smtpServer.actualPort(), Optional.empty(),
            Optional.empty(), "Network hub <hub@test.nhs.uk>", false);
        OutboxSender sender = new OutboxSender(TestHub.get().vertx(), TestHub.get().pool(), local);
        try {
            await(sender.deliverDue());
        } finally {
            await(sender.stop());
            await(smtpServer.close());
        }

        String mime = received.toString();
        assertTrue(mime.contains("List-Unsubscribe: <https://hub.test.nhs.uk/unsubscribe/abc>\r\n"), mime);
        assertTrue(mime.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), mime);
        assertTrue(mime.contains("text/plain") && mime.contains("text/html"), "both parts: " + mime);
    }

    /** Just enough of an SMTP server to accept one message and keep what it received. */
    private static NetServer smtpServer(StringBuilder received) {
        return await(TestHub.get().vertx().createNetServer().connectHandler(socket -> {
            boolean[] inData = {false};
            RecordParser lines = RecordParser.newDelimited("\r\n", line -> {
                String text = line.toString(StandardCharsets.UTF_8);
                if (inData[0]) {
                    if (text.equals(".")) {
                        inData[0] = false;
                        socket.write("250 OK\r\n");
                    } else {
                        received.append(text).append("\r\n");
                    }
                } else if (text.startsWith("EHLO") || text.startsWith("HELO")) {
                    socket.write("250 test.nhs.uk\r\n");
                } else if (text.startsWith("DATA")) {
                    inData[0] = true;
                    socket.write("354 go ahead\r\n");
                } else if (text.startsWith("QUIT")) {
                    socket.write("221 bye\r\n").onComplete(v -> socket.close());
                } else {
                    socket.write("250 OK\r\n");
                }
            });
            socket.handler(lines);
            socket.write("220 test.nhs.uk ESMTP\r\n");
        }).listen(0, "127.0.0.1"));
    }
}
