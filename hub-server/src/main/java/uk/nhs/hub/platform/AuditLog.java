package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Appends to the {@code audit_log} table: sign-ins, failed sign-ins, sign-outs, registrations and role
 * changes. Rows are never updated or deleted by the hub.
 */
public final class AuditLog {

    private static final String INSERT = """
        INSERT INTO audit_log (actor_id, action, subject, remote_address, request_id, detail)
        VALUES ($1, $2, $3, $4, $5, $6)
        """;

    private AuditLog() {
    }

    /** One audited event. {@code actorId} is null when nobody is signed in (a failed sign-in). */
    public record Entry(UUID actorId, String action, String subject, String remoteAddress, String requestId,
                        JsonObject detail) {
    }

    /** Writes the entry with the given client, which may be a transaction's connection. */
    public static Future<Void> record(SqlClient client, Entry entry) {
        return client.preparedQuery(INSERT)
            .execute(Tuple.of(entry.actorId(), entry.action(), entry.subject(), entry.remoteAddress(),
                entry.requestId(), entry.detail() == null ? new JsonObject() : entry.detail()))
            .mapEmpty();
    }
}
