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

    private Outbox() {
    }

    /** Queues a plain-text email. */
    public static Future<Void> enqueue(SqlClient client, String to, String subject, String body) {
        return client.preparedQuery(INSERT).execute(Tuple.of(to, subject, body)).mapEmpty();
    }
}
