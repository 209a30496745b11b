package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Email waiting to be sent. Features add messages in the same transaction as the change that causes them, so
 * a message exists exactly when its change committed; {@link OutboxSender} delivers them.
 */
public final class Outbox {

    private static final String INSERT = "INSERT INTO outbox (to_address, subject, body) VALUES ($1, $2, $3)";
    private static final String INSERT_MESSAGE = """
        INSERT INTO outbox (to_address, subject, body, html_body, calendar, calendar_method)
        VALUES ($1, $2, $3, $4, $5, $6)
        """;

    /**
     * One email: plain text, optionally an HTML alternative, and optionally an iCalendar invitation whose
     * {@code calendarMethod} (REQUEST or CANCEL) must match the METHOD inside it.
     */
    public record Message(String to, String subject, String text, String html, String calendar, String calendarMethod) {
    }

    private Outbox() {
    }

    /** Queues a plain-text email. */
    public static Future<Void> enqueue(SqlClient client, String to, String subject, String body) {
        return client.preparedQuery(INSERT).execute(Tuple.of(to, subject, body)).mapEmpty();
    }

    /** Queues several emails at once (one round trip), each with its HTML body and calendar, if it has them. */
    public static Future<Void> enqueueAll(SqlClient client, java.util.List<Message> messages) {
        if (messages.isEmpty()) {
            return Future.succeededFuture();
        }
        return enqueueAllAbout(client, messages, java.util.Collections.nCopies(messages.size(), null),
            java.util.Collections.nCopies(messages.size(), null));
    }

    /** Many emails in one statement, one array a column, in order: a broadcast's thousands cost one round trip. */
    private static final String INSERT_WITH_HEADERS = """
        INSERT INTO outbox (to_address, subject, body, html_body, calendar, calendar_method, headers, about)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]::jsonb[],
                             $8::text[])
        """;

    /**
     * Queues several emails, each with extra mail headers (such as {@code List-Unsubscribe}); {@code headers}
     * holds one object of header names to values for each message, in the same order.
     */
    public static Future<Void> enqueueAllWithHeaders(SqlClient client, java.util.List<Message> messages,
                                                     java.util.List<io.vertx.core.json.JsonObject> headers) {
        return enqueueAllAbout(client, messages, headers, java.util.Collections.nCopies(messages.size(), null));
    }

    /**
     * As {@link #enqueueAllWithHeaders}, each message also naming what it is about ({@code post:<id>}, or null), so
     * that {@link #withdraw} can take it back while it waits.
     */
    public static Future<Void> enqueueAllAbout(SqlClient client, java.util.List<Message> messages,
                                               java.util.List<io.vertx.core.json.JsonObject> headers,
                                               java.util.List<String> about) {
        if (messages.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = messages.size();
        String[][] columns = new String[8][n];
        for (int i = 0; i < n; i++) {
            Message message = messages.get(i);
            columns[0][i] = message.to();
            columns[1][i] = message.subject();
            columns[2][i] = message.text();
            columns[3][i] = message.html();
            columns[4][i] = message.calendar();
            columns[5][i] = message.calendarMethod();
            columns[6][i] = headers.get(i) == null ? null : headers.get(i).encode();
            columns[7][i] = about.get(i);
        }
        return client.preparedQuery(INSERT_WITH_HEADERS).execute(Tuple.from(columns)).mapEmpty();
    }

    // A message being sent is locked by the sender until it is marked sent; this waits for that, and then the
    // sent_at test leaves it alone, so withdrawing never deletes what has gone.
    private static final String WITHDRAW = "DELETE FROM outbox WHERE about = $1 AND sent_at IS NULL";

    /**
     * Deletes, in the caller's transaction, the emails about {@code about} that have not been sent; returns how
     * many were withdrawn.
     */
    public static Future<Integer> withdraw(SqlClient client, String about) {
        return client.preparedQuery(WITHDRAW).execute(Tuple.of(about)).map(rows -> rows.rowCount());
    }

    /** Queues an email with its HTML body and calendar invitation, if it has them. */
    public static Future<Void> enqueue(SqlClient client, Message message) {
        return client.preparedQuery(INSERT_MESSAGE).execute(Tuple.of(message.to(), message.subject(), message.text(),
            message.html(), message.calendar(), message.calendarMethod())).mapEmpty();
    }
}
