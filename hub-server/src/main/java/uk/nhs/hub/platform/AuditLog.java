package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Appends to the {@code audit_log} table: sign-ins, failed sign-ins, sign-outs, registrations, role changes and
 * every administrative and organiser action. Rows are never updated or deleted by the hub; with an external
 * database its role is granted only INSERT and SELECT on the table (see docs/OPERATIONS.md).
 */
public final class AuditLog {

    private static final String INSERT = """
        INSERT INTO audit_log (actor_id, action, subject, remote_address, request_id, detail, network_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
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
                entry.requestId(), entry.detail() == null ? new JsonObject() : entry.detail(), networkOf(entry)))
            .mapEmpty();
    }

    /**
     * The network an entry is about, so the log can be read by network: features name it in {@code networkId}
     * of the detail, and a {@code network.*} action's subject is the network itself.
     */
    static UUID networkOf(Entry entry) {
        String named = entry.detail() == null ? null : entry.detail().getValue("networkId") instanceof String text
            ? text : null;
        if (named == null && entry.action().startsWith("network.")) {
            named = entry.subject();
        }
        if (named == null) {
            return null;
        }
        try {
            return UUID.fromString(named);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
