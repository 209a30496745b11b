package uk.nhs.hub.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.CsvCells;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.HubException;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the audit log for administrators: filtered by who, which network, what and when, newest first in keyset
 * pages, or every matching entry as CSV written a page at a time so a large export never sits in memory.
 */
final class AuditReader {

    static final int PAGE = 100;
    /** Rows fetched per query while exporting. */
    private static final int EXPORT_BATCH = 1000;
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z.-]{0,79}");
    static final String CSV_HEADER = "id,when,actor_id,actor_email,action,subject,network_id,network,remote_address,"
        + "request_id,detail\r\n";

    /** A reading of the filters: who, which network, what, from (inclusive) and to (exclusive), and the cursor. */
    record Filter(String actor, String network, String action, String from, String to, String after) {

        static Filter of(Map<String, String> query) {
            return new Filter(query.get("actor"), query.get("network"), query.get("action"), query.get("from"),
                query.get("to"), query.get("after"));
        }
    }

    private record Resolved(UUID actor, UUID network, String action, OffsetDateTime from, OffsetDateTime to,
                            Long after, boolean nothing) {
    }

    private final Pool pool;

    AuditReader(Pool pool) {
        this.pool = pool;
    }

    /** One page of entries and, unless it is the last, the {@code next} cursor; 400 naming a bad filter. */
    Future<JsonObject> page(Filter filter) {
        return resolve(filter).compose(resolved -> resolved.nothing()
            ? Future.succeededFuture(new JsonObject().put("entries", new JsonArray()))
            : query(resolved, resolved.after(), PAGE + 1).map(rows -> {
                JsonArray entries = new JsonArray();
                Long last = null;
                for (Row row : rows) {
                    if (entries.size() == PAGE) {
                        break;
                    }
                    entries.add(toJson(row));
                    last = row.getLong("id");
                }
                JsonObject page = new JsonObject().put("entries", entries);
                if (rows.size() > PAGE) {
                    page.put("next", String.valueOf(last));
                }
                return page;
            }));
    }

    /** Fails with the 400 a bad filter gets, before a CSV response starts. */
    Future<Void> validate(Filter filter) {
        return resolve(filter).mapEmpty();
    }

    /**
     * Writes every matching entry as CSV lines to {@code out}, a batch at a time, each batch after {@code ready}
     * says the last one was taken (the response's back-pressure).
     */
    Future<Void> exportCsv(Filter filter, Consumer<String> out, java.util.function.Supplier<Future<Void>> ready) {
        return resolve(filter).compose(resolved -> resolved.nothing() ? Future.succeededFuture()
            : batch(resolved, resolved.after(), out, ready));
    }

    private Future<Void> batch(Resolved resolved, Long before, Consumer<String> out,
                               java.util.function.Supplier<Future<Void>> ready) {
        return query(resolved, before, EXPORT_BATCH).compose(rows -> {
            StringBuilder lines = new StringBuilder();
            Long last = null;
            for (Row row : rows) {
                lines.append(csvLine(row));
                last = row.getLong("id");
            }
            if (lines.length() > 0) {
                out.accept(lines.toString());
            }
            if (rows.size() < EXPORT_BATCH) {
                return Future.succeededFuture();
            }
            Long next = last;
            return ready.get().compose(v -> batch(resolved, next, out, ready));
        });
    }

    private Future<io.vertx.sqlclient.RowSet<Row>> query(Resolved r, Long before, int limit) {
        return pool.preparedQuery(AdminSql.AUDIT).execute(Tuple.from(new Object[] {
            r.actor(), r.network(), r.action(), r.from(), r.to(), before, limit}));
    }

    /** Turns the filters into values; an actor or network named that does not exist matches nothing. */
    private Future<Resolved> resolve(Filter f) {
        String action;
        OffsetDateTime from;
        OffsetDateTime to;
        Long after;
        try {
            action = blank(f.action()) ? null : f.action().strip();
            if (action != null && !ACTION.matcher(action).matches()) {
                throw HubException.invalid("action", "An action is lower-case words joined by dots and hyphens,"
                    + " like role.changed or network");
            }
            from = blank(f.from()) ? null : day(f.from(), "from").atStartOfDay(DateTimeWords.READER).toOffsetDateTime();
            to = blank(f.to()) ? null
                : day(f.to(), "to").plusDays(1).atStartOfDay(DateTimeWords.READER).toOffsetDateTime();
            after = blank(f.after()) ? null : cursor(f.after());
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return who(f.actor()).compose(actor -> which(f.network()).map(network -> new Resolved(
            actor == null || actor.isEmpty() ? null : actor.get(), network == null || network.isEmpty() ? null : network.get(),
            action, from, to, after,
            actor != null && actor.isEmpty() || network != null && network.isEmpty())));
    }

    /** Null when not filtered; empty when the named person does not exist. */
    private Future<java.util.Optional<UUID>> who(String actor) {
        if (blank(actor)) {
            return Future.succeededFuture(null);
        }
        String text = actor.strip();
        UUID id = uuid(text);
        if (id != null) {
            return Future.succeededFuture(java.util.Optional.of(id));
        }
        String email = EmailAddresses.normalise(text);
        if (!EmailAddresses.isValid(email)) {
            return Future.failedFuture(HubException.invalid("actor", "Enter the person's email address"));
        }
        return pool.preparedQuery(AdminSql.USER_BY_EMAIL).execute(Tuple.of(email)).map(rows -> rows.size() == 0
            ? java.util.Optional.empty() : java.util.Optional.of(rows.iterator().next().getUUID("id")));
    }

    private Future<java.util.Optional<UUID>> which(String network) {
        if (blank(network)) {
            return Future.succeededFuture(null);
        }
        String text = network.strip();
        UUID id = uuid(text);
        if (id != null) {
            return Future.succeededFuture(java.util.Optional.of(id));
        }
        if (text.length() > 60) {
            return Future.failedFuture(HubException.invalid("network", "Enter the network's web address, like leeds-cancer"));
        }
        return pool.preparedQuery(AdminSql.NETWORK_BY_SLUG).execute(Tuple.of(text)).map(rows -> rows.size() == 0
            ? java.util.Optional.empty() : java.util.Optional.of(rows.iterator().next().getUUID("id")));
    }

    private static LocalDate day(String text, String field) {
        try {
            LocalDate day = LocalDate.parse(text.strip());
            if (day.getYear() < 2000 || day.getYear() > 2999) {
                throw HubException.invalid(field, "Enter a date between the years 2000 and 2999");
            }
            return day;
        } catch (DateTimeParseException e) {
            throw HubException.invalid(field, "Enter a real date, with a day, month and year");
        }
    }

    private static Long cursor(String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw HubException.invalid("after", "This is not a cursor the hub gave");
        }
    }

    private static UUID uuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    static JsonObject toJson(Row row) {
        JsonObject json = new JsonObject()
            .put("id", String.valueOf(row.getLong("id")))
            .put("occurredAt", row.getOffsetDateTime("occurred_at").toString())
            .put("action", row.getString("action"))
            .put("subject", row.getString("subject"))
            .put("remoteAddress", row.getString("remote_address"))
            .put("requestId", row.getString("request_id"))
            .put("detail", row.getJsonObject("detail"));
        if (row.getUUID("actor_id") != null) {
            json.put("actor", new JsonObject().put("id", row.getUUID("actor_id").toString())
                .put("email", row.getString("actor_email")).put("displayName", row.getString("actor_name")));
        }
        if (row.getUUID("network_id") != null) {
            json.put("network", new JsonObject().put("id", row.getUUID("network_id").toString())
                .put("name", row.getString("network_name")));
        }
        return json;
    }

    private static String csvLine(Row row) {
        String[] cells = {
            String.valueOf(row.getLong("id")),
            row.getOffsetDateTime("occurred_at").toString(),
            row.getUUID("actor_id") == null ? "" : row.getUUID("actor_id").toString(),
            row.getString("actor_email"),
            row.getString("action"),
            row.getString("subject"),
            row.getUUID("network_id") == null ? "" : row.getUUID("network_id").toString(),
            row.getString("network_name"),
            row.getString("remote_address"),
            row.getString("request_id"),
            row.getJsonObject("detail") == null ? "" : row.getJsonObject("detail").encode()};
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : ",").append(quoted(CsvCells.safe(cells[i] == null ? "" : cells[i])));
        }
        return line.append("\r\n").toString();
    }

    private static String quoted(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
}
