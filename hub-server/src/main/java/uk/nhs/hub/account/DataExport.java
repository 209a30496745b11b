package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.ZipExport;

import java.util.List;
import java.util.UUID;

/**
 * Everything the hub holds about one person, as a ZIP of JSON files (and CSV beside the tabular ones) streamed
 * onto the response by {@link ZipExport}.
 */
final class DataExport {

    static final List<ZipExport.Section> SECTIONS = List.of(
        new ZipExport.Section("account", YourDataSql.ACCOUNT, true, false),
        new ZipExport.Section("memberships", YourDataSql.MEMBERSHIPS, false, true),
        new ZipExport.Section("join-requests", YourDataSql.JOIN_REQUESTS, false, true),
        new ZipExport.Section("invitations", YourDataSql.INVITATIONS, false, true),
        new ZipExport.Section("replies", YourDataSql.REPLIES, false, true),
        new ZipExport.Section("attendance", YourDataSql.ATTENDANCE, false, true),
        new ZipExport.Section("workshop-choices", YourDataSql.WORKSHOP_CHOICES, false, true),
        new ZipExport.Section("posts", YourDataSql.POSTS, false, true),
        new ZipExport.Section("reactions", YourDataSql.REACTIONS, false, true),
        new ZipExport.Section("broadcast-acknowledgements", YourDataSql.BROADCAST_ACKNOWLEDGEMENTS, false, true),
        new ZipExport.Section("broadcast-responses", YourDataSql.BROADCAST_RESPONSES, false, false),
        new ZipExport.Section("notifications", YourDataSql.NOTIFICATIONS, false, true),
        new ZipExport.Section("email-preferences", YourDataSql.EMAIL_PREFERENCES, true, false),
        new ZipExport.Section("single-sign-on", YourDataSql.SINGLE_SIGN_ON, false, true),
        new ZipExport.Section("sessions", YourDataSql.SESSIONS, false, true),
        new ZipExport.Section("audit-log", YourDataSql.AUDIT, false, false),
        new ZipExport.Section("calendar-feed", YourDataSql.CALENDAR_FEED, true, false));

    private final ZipExport zip;

    DataExport(Pool pool, int fetchSize, int chunkBytes) {
        this.zip = new ZipExport(pool, fetchSize, chunkBytes);
    }

    /**
     * Streams the export onto {@code response}, whose headers the caller has set. Fails (after the response may
     * have started) when the database does; the caller then resets the connection, as a truncated ZIP must not
     * look complete.
     */
    Future<Void> write(UUID userId, HttpServerResponse response) {
        return zip.write(SECTIONS, Tuple.of(userId), null, response);
    }
}
