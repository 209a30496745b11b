package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Idempotent creates. A client that sends {@code Idempotency-Key} may retry a POST as often as it likes: the
 * first attempt to commit claims the key and stores its response in the same transaction as the change, and
 * every retry gets that response back without acting again. A concurrent retry waits on the claim (a unique
 * row) until the first attempt commits or rolls back, so there is never a second change. Keys belong to the
 * person who sent them; reusing one for a different kind of request is a 409.
 */
public final class Idempotency {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";

    private static final String CLAIM = """
        INSERT INTO idempotency_keys (user_id, key, scope) VALUES ($1, $2, $3)
        ON CONFLICT (user_id, key) DO NOTHING RETURNING key
        """;
    private static final String STORED = "SELECT scope, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2";
    private static final String STORE = "UPDATE idempotency_keys SET status = $3, response = $4 WHERE user_id = $1 AND key = $2";

    /** What a create produced: its HTTP status and body, and the live events to publish once it has committed. */
    public record Outcome(int status, JsonObject body, List<JsonObject> events) {

        /** The same response with nothing to publish: it was published when it first happened. */
        Outcome replayed() {
            return new Outcome(status, body, List.of());
        }
    }

    private Idempotency() {
    }

    /** The request's key, or null; 400 when it is empty, too long or not printable ASCII. */
    public static String key(RoutingContext ctx) {
        String key = ctx.request().getHeader(HEADER);
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw HubException.invalid(HEADER, "Idempotency-Key must be 1 to 200 printable characters without spaces");
        }
        return key;
    }

    /**
     * Runs {@code create} inside the caller's transaction unless {@code key} was used before by {@code userId},
     * in which case the stored outcome is returned. {@code scope} names the kind of request (for example
     * {@code "post:<threadId>"}).
     */
    public static Future<Outcome> once(SqlClient tx, UUID userId, String key, String scope,
                                       Function<SqlClient, Future<Outcome>> create) {
        if (key == null) {
            return create.apply(tx);
        }
        return tx.preparedQuery(CLAIM).execute(Tuple.of(userId, key, scope)).compose(claimed -> {
            if (claimed.iterator().hasNext()) {
                return create.apply(tx).compose(outcome -> tx.preparedQuery(STORE)
                    .execute(Tuple.of(userId, key, outcome.status(), outcome.body())).map(v -> outcome));
            }
            return tx.preparedQuery(STORED).execute(Tuple.of(userId, key)).map(rows -> {
                var row = rows.iterator().next();
                if (!scope.equals(row.getString("scope")) || row.getInteger("status") == null) {
                    throw HubException.conflict(HEADER, "This Idempotency-Key was already used for a different request");
                }
                return new Outcome(row.getInteger("status"), row.getJsonObject("response"), List.of()).replayed();
            });
        });
    }
}
