package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.CsvCells;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes everything the hub holds about one person as a ZIP of JSON files (and CSV beside the tabular ones)
 * straight onto the response. Rows come from server-side cursors, a few at a time, inside one read-only
 * repeatable-read transaction (so every file describes the same moment); when the response's write queue is
 * full the cursor is paused until it drains, so a slow download holds a few chunks in memory, never the export.
 */
final class DataExport {

    /** One file (or a JSON and a CSV file) of the export. */
    record Section(String name, String sql, boolean single, boolean csv) {
    }

    static final List<Section> SECTIONS = List.of(
        new Section("account", YourDataSql.ACCOUNT, true, false),
        new Section("memberships", YourDataSql.MEMBERSHIPS, false, true),
        new Section("join-requests", YourDataSql.JOIN_REQUESTS, false, true),
        new Section("invitations", YourDataSql.INVITATIONS, false, true),
        new Section("replies", YourDataSql.REPLIES, false, true),
        new Section("attendance", YourDataSql.ATTENDANCE, false, true),
        new Section("workshop-choices", YourDataSql.WORKSHOP_CHOICES, false, true),
        new Section("posts", YourDataSql.POSTS, false, true),
        new Section("reactions", YourDataSql.REACTIONS, false, true),
        new Section("broadcast-acknowledgements", YourDataSql.BROADCAST_ACKNOWLEDGEMENTS, false, true),
        new Section("broadcast-responses", YourDataSql.BROADCAST_RESPONSES, false, false),
        new Section("notifications", YourDataSql.NOTIFICATIONS, false, true),
        new Section("email-preferences", YourDataSql.EMAIL_PREFERENCES, true, false),
        new Section("single-sign-on", YourDataSql.SINGLE_SIGN_ON, false, true),
        new Section("sessions", YourDataSql.SESSIONS, false, true),
        new Section("audit-log", YourDataSql.AUDIT, false, false),
        new Section("calendar-feed", YourDataSql.CALENDAR_FEED, true, false));

    private final Pool pool;
    private final int fetchSize;
    private final int chunkBytes;

    DataExport(Pool pool, int fetchSize, int chunkBytes) {
        this.pool = pool;
        this.fetchSize = fetchSize;
        this.chunkBytes = chunkBytes;
    }

    /**
     * Streams the export onto {@code response}, whose headers the caller has set. Fails (after the response may
     * have started) when the database does; the caller then resets the connection, as a truncated ZIP must not
     * look complete.
     */
    Future<Void> write(UUID userId, HttpServerResponse response) {
        return pool.getConnection().compose(conn -> conn.begin()
            .compose(tx -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .compose(v -> {
                    ResponseOutput out = new ResponseOutput(response, chunkBytes);
                    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
                    Future<Void> chain = Future.succeededFuture();
                    for (Section section : SECTIONS) {
                        chain = chain.compose(x -> writeJson(conn, section, userId, zip, response));
                        if (section.csv()) {
                            chain = chain.compose(x -> writeCsv(conn, section, userId, zip, response));
                        }
                    }
                    return chain.compose(x -> {
                        uncheckedly(zip::finish);
                        out.flushPending();
                        return response.end();
                    });
                })
                .eventually(() -> tx.rollback()))
            .eventually(conn::close));
    }

    private Future<Void> writeJson(SqlConnection conn, Section section, UUID userId, ZipOutputStream zip,
                                   HttpServerResponse response) {
        uncheckedly(() -> zip.putNextEntry(new ZipEntry(section.name() + ".json")));
        boolean[] first = {true};
        if (!section.single()) {
            text(zip, "[\n");
        }
        return rows(conn, section.sql(), userId, response, row -> {
            if (section.single() && !first[0]) {
                return;
            }
            text(zip, (first[0] ? "" : ",\n") + json(row).encodePrettily());
            first[0] = false;
        }).map(v -> {
            text(zip, section.single() ? (first[0] ? "null\n" : "\n") : "\n]\n");
            uncheckedly(zip::closeEntry);
            return null;
        });
    }

    private Future<Void> writeCsv(SqlConnection conn, Section section, UUID userId, ZipOutputStream zip,
                                  HttpServerResponse response) {
        uncheckedly(() -> zip.putNextEntry(new ZipEntry(section.name() + ".csv")));
        boolean[] first = {true};
        return rows(conn, section.sql(), userId, response, row -> {
            StringBuilder line = new StringBuilder();
            if (first[0]) {
                for (int i = 0; i < row.size(); i++) {
                    line.append(i == 0 ? "" : ",").append(row.getColumnName(i));
                }
                line.append("\r\n");
                first[0] = false;
            }
            for (int i = 0; i < row.size(); i++) {
                Object value = plain(row.getValue(i));
                line.append(i == 0 ? "" : ",").append(csvCell(value == null ? null : String.valueOf(value)));
            }
            text(zip, line.append("\r\n").toString());
        }).map(v -> {
            uncheckedly(zip::closeEntry);
            return null;
        });
    }

    /** Feeds each row to {@code sink}, pausing the cursor whenever the response cannot take more yet. */
    private Future<Void> rows(SqlConnection conn, String sql, UUID userId, HttpServerResponse response,
                              java.util.function.Consumer<Row> sink) {
        return conn.prepare(sql).compose(statement -> {
            Promise<Void> done = Promise.promise();
            RowStream<Row> stream = statement.createStream(fetchSize, Tuple.of(userId));
            stream.exceptionHandler(done::tryFail);
            stream.endHandler(v -> done.tryComplete());
            stream.handler(row -> {
                try {
                    sink.accept(row);
                } catch (RuntimeException e) {
                    stream.close();
                    done.tryFail(e);
                    return;
                }
                if (response.writeQueueFull()) {
                    stream.pause();
                    response.drainHandler(d -> stream.resume());
                }
            });
            response.closeHandler(v -> {
                stream.close();
                done.tryFail("the download was abandoned");
            });
            return done.future().eventually(statement::close);
        });
    }

    private static void text(ZipOutputStream zip, String text) {
        uncheckedly(() -> zip.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A row as JSON, its column names as keys. */
    static JsonObject json(Row row) {
        JsonObject object = new JsonObject();
        for (int i = 0; i < row.size(); i++) {
            object.put(row.getColumnName(i), plain(row.getValue(i)));
        }
        return object;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
            || value instanceof JsonObject || value instanceof JsonArray) {
            return value;
        }
        if (value instanceof Object[] array) {
            JsonArray items = new JsonArray();
            for (Object item : array) {
                items.add(plain(item));
            }
            return items;
        }
        if (value instanceof UUID || value instanceof TemporalAccessor) {
            return value.toString();
        }
        return value.toString();
    }

    /** RFC 4180 quoting over {@link CsvCells#safe}, so a post starting with "=" stays text in a spreadsheet. */
    static String csvCell(String value) {
        String safe = CsvCells.safe(value);
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void uncheckedly(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gathers the ZIP's bytes into chunks and writes each full chunk to the response. */
    private static final class ResponseOutput extends OutputStream {

        private final HttpServerResponse response;
        private final int chunkBytes;
        private Buffer pending;

        ResponseOutput(HttpServerResponse response, int chunkBytes) {
            this.response = response;
            this.chunkBytes = chunkBytes;
            this.pending = Buffer.buffer(chunkBytes);
        }

        @Override
        public void write(int b) {
            pending.appendByte((byte) b);
            flushIfFull();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            pending.appendBytes(bytes, offset, length);
            flushIfFull();
        }

        private void flushIfFull() {
            if (pending.length() >= chunkBytes) {
                flushPending();
            }
        }

        void flushPending() {
            if (pending.length() > 0) {
                response.write(pending);
                pending = Buffer.buffer(chunkBytes);
            }
        }
    }
}
