package uk.nhs.hub.platform;

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
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the rows of some queries as a ZIP of JSON files (and CSV beside the tabular ones, and readable HTML pages
 * where asked) straight onto a response. Rows come from server-side cursors, a few at a time, inside one read-only
 * repeatable-read transaction (so every file describes the same moment); when the response's write queue is full
 * the cursor is paused until it drains, so a slow download holds a few chunks in memory, never the export.
 * A person's own data ({@code account/DataExport}) and a network's records ({@code admin/RecordsExport}) use it.
 */
public final class ZipExport {

    /**
     * One file of the export, from one query whose parameters are the export's.
     *
     * @param name   the file name without its extension
     * @param sql    the query; its column names become JSON keys, CSV headings and table headings
     * @param single whether the query gives one row (written as one JSON object, not an array)
     * @param csv    whether a CSV file is written beside the JSON
     * @param page   the heading of a readable HTML page of the rows, or null for none
     */
    public record Section(String name, String sql, boolean single, boolean csv, String page) {

        /** A section with no HTML page. */
        public Section(String name, String sql, boolean single, boolean csv) {
            this(name, sql, single, csv, null);
        }
    }

    /** What the HTML pages say about the export as a whole: the index page's title and its opening paragraph. */
    public record Pages(String title, String introduction) {
    }

    private final Pool pool;
    private final int fetchSize;
    private final int chunkBytes;

    public ZipExport(Pool pool, int fetchSize, int chunkBytes) {
        this.pool = pool;
        this.fetchSize = fetchSize;
        this.chunkBytes = chunkBytes;
    }

    /**
     * Streams the export onto {@code response}, whose headers the caller has set. Fails (after the response may
     * have started) when the database does; the caller then resets the connection, as a truncated ZIP must not
     * look complete. With {@code pages}, an {@code index.html} links every section's page.
     */
    public Future<Void> write(List<Section> sections, Tuple params, Pages pages, HttpServerResponse response) {
        return pool.getConnection().compose(conn -> conn.begin()
            .compose(tx -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .compose(v -> {
                    ResponseOutput out = new ResponseOutput(response, chunkBytes);
                    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
                    Future<Void> chain = Future.succeededFuture();
                    if (pages != null) {
                        chain = chain.map(x -> {
                            index(zip, pages, sections);
                            return null;
                        });
                    }
                    for (Section section : sections) {
                        chain = chain.compose(x -> writeJson(conn, section, params, zip, response));
                        if (section.csv()) {
                            chain = chain.compose(x -> writeCsv(conn, section, params, zip, response));
                        }
                        if (pages != null && section.page() != null) {
                            chain = chain.compose(x -> writeHtml(conn, section, params, zip, response));
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

    private Future<Void> writeJson(SqlConnection conn, Section section, Tuple params, ZipOutputStream zip,
                                   HttpServerResponse response) {
        uncheckedly(() -> zip.putNextEntry(new ZipEntry(section.name() + ".json")));
        boolean[] first = {true};
        if (!section.single()) {
            text(zip, "[\n");
        }
        return rows(conn, section.sql(), params, response, row -> {
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

    private Future<Void> writeCsv(SqlConnection conn, Section section, Tuple params, ZipOutputStream zip,
                                  HttpServerResponse response) {
        uncheckedly(() -> zip.putNextEntry(new ZipEntry(section.name() + ".csv")));
        boolean[] first = {true};
        return rows(conn, section.sql(), params, response, row -> {
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

    /** The rows as one accessible table: a caption, column headings, and the cells as plain escaped text. */
    private Future<Void> writeHtml(SqlConnection conn, Section section, Tuple params, ZipOutputStream zip,
                                   HttpServerResponse response) {
        uncheckedly(() -> zip.putNextEntry(new ZipEntry(section.name() + ".html")));
        text(zip, head(section.page()) + "<p><a href=\"index.html\">All the records</a></p>\n<h1>"
            + escape(section.page()) + "</h1>\n");
        int[] count = {0};
        return rows(conn, section.sql(), params, response, row -> {
            StringBuilder html = new StringBuilder();
            if (count[0] == 0) {
                html.append("<table>\n<caption>").append(escape(section.page())).append("</caption>\n<thead><tr>");
                for (int i = 0; i < row.size(); i++) {
                    html.append("<th scope=\"col\">").append(escape(heading(row.getColumnName(i)))).append("</th>");
                }
                html.append("</tr></thead>\n<tbody>\n");
            }
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                html.append("<td>").append(escape(words(row.getValue(i)))).append("</td>");
            }
            text(zip, html.append("</tr>\n").toString());
            count[0]++;
        }).map(v -> {
            text(zip, (count[0] == 0 ? "<p>There are none.</p>\n" : "</tbody>\n</table>\n") + "</body>\n</html>\n");
            uncheckedly(zip::closeEntry);
            return null;
        });
    }

    private static void index(ZipOutputStream zip, Pages pages, List<Section> sections) {
        uncheckedly(() -> zip.putNextEntry(new ZipEntry("index.html")));
        StringBuilder html = new StringBuilder(head(pages.title())).append("<h1>").append(escape(pages.title()))
            .append("</h1>\n<p>").append(escape(pages.introduction())).append("</p>\n<ul>\n");
        for (Section section : sections) {
            if (section.page() != null) {
                html.append("<li><a href=\"").append(section.name()).append(".html\">").append(escape(section.page()))
                    .append("</a> (also as <a href=\"").append(section.name()).append(".json\">JSON</a>");
                if (section.csv()) {
                    html.append(" and <a href=\"").append(section.name()).append(".csv\">CSV</a>");
                }
                html.append(")</li>\n");
            }
        }
        text(zip, html.append("</ul>\n</body>\n</html>\n").toString());
        uncheckedly(zip::closeEntry);
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
            + "</title>\n<style>body{font-family:Arial,sans-serif;margin:1rem;line-height:1.4}"
            + "table{border-collapse:collapse}th,td{border:1px solid #768692;padding:.25rem .5rem;text-align:left;"
            + "vertical-align:top}caption{text-align:left;font-weight:bold}</style>\n</head>\n<body>\n";
    }

    /** A cell as people read it: dates and times in words (UK time), yes and no, lists one item a line. */
    static String words(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof java.time.OffsetDateTime at) {
            return DateTimeWords.timestamp(at.toInstant());
        }
        if (value instanceof java.time.LocalDateTime local) {
            return DateTimeWords.date(local.toLocalDate()) + " at " + DateTimeWords.time(local.toLocalTime());
        }
        if (value instanceof java.time.LocalDate date) {
            return DateTimeWords.date(date);
        }
        if (value instanceof Boolean yes) {
            return yes ? "Yes" : "No";
        }
        return String.valueOf(plain(value));
    }

    /** A column name as a heading: "created_at" reads "Created at". */
    static String heading(String column) {
        String words = column.replace('_', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Feeds each row to {@code sink}, pausing the cursor whenever the response cannot take more yet. */
    private Future<Void> rows(SqlConnection conn, String sql, Tuple params, HttpServerResponse response,
                              Consumer<Row> sink) {
        return conn.prepare(sql).compose(statement -> {
            Promise<Void> done = Promise.promise();
            RowStream<Row> stream = statement.createStream(fetchSize, params);
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
    public static JsonObject json(Row row) {
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
    public static String csvCell(String value) {
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
