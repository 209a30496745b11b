package uk.nhs.hub.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.HubException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/** Every account in the hub, for administrators: searched by name or email, in keyset pages by email. */
final class AccountDirectory {

    static final int PAGE = 50;

    private final Pool pool;

    AccountDirectory(Pool pool) {
        this.pool = pool;
    }

    /** One page; {@code next} is the cursor for the page after, absent on the last. 400 for a bad cursor. */
    Future<JsonObject> search(String query, String after) {
        String q = query == null || query.isBlank() ? null : query.strip().toLowerCase(Locale.ROOT);
        if (q != null && q.length() > 200) {
            return Future.failedFuture(HubException.invalid("q", "Search for 200 characters or fewer"));
        }
        String afterEmail;
        try {
            afterEmail = after == null || after.isEmpty() ? null
                : new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(HubException.invalid("after", "This is not a cursor the hub gave"));
        }
        return pool.preparedQuery(AdminSql.ACCOUNTS).execute(Tuple.of(q, afterEmail, PAGE + 1)).map(rows -> {
            JsonArray accounts = new JsonArray();
            String last = null;
            for (Row row : rows) {
                if (accounts.size() == PAGE) {
                    break;
                }
                accounts.add(toJson(row));
                last = row.getString("email");
            }
            JsonObject page = new JsonObject().put("accounts", accounts);
            if (rows.size() > PAGE) {
                page.put("next", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(last.getBytes(StandardCharsets.UTF_8)));
            }
            return page;
        });
    }

    /** One account; 404 when there is none. */
    Future<JsonObject> get(UUID id) {
        return pool.preparedQuery(AdminSql.ACCOUNT).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(HubException.notFound("There is no account with this id"))
            : Future.succeededFuture(toJson(rows.iterator().next())));
    }

    static JsonObject toJson(Row row) {
        JsonObject json = new JsonObject()
            .put("id", row.getUUID("id").toString())
            .put("email", row.getString("email"))
            .put("displayName", row.getString("display_name"))
            .put("organisation", row.getString("organisation"))
            .put("createdAt", row.getOffsetDateTime("created_at").toString())
            .put("administrator", row.getBoolean("administrator"));
        if (row.getOffsetDateTime("suspended_at") != null) {
            json.put("suspension", new JsonObject()
                .put("since", row.getOffsetDateTime("suspended_at").toString())
                .put("reason", row.getString("suspension_reason")));
        }
        return json;
    }
}
