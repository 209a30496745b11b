package uk.nhs.hub.notification;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.SecretTokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One-click unsubscribe tokens. Each email about notices gets a fresh random token naming its person and
 * category; only its hash is stored (see V31__email_control.sql), so holding the email is the only way in.
 */
final class Unsubscribes {

    /** What a token turns off. */
    record Target(UUID userId, String category) {
    }

    static final String DIGEST = "digest";

    /** Every token of a batch in one statement. */
    private static final String INSERT = """
        INSERT INTO unsubscribe_tokens (token_hash, user_id, category) SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[])
        """;
    private static final String FIND = "SELECT user_id, category FROM unsubscribe_tokens WHERE token_hash = $1";
    private static final int LONGEST_TOKEN = 100;

    private Unsubscribes() {
    }

    /** New tokens, one for each (person, category) pair, stored in the caller's transaction. */
    static Future<List<String>> issue(SqlClient tx, List<Target> targets) {
        if (targets.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        int n = targets.size();
        List<String> tokens = new ArrayList<>(n);
        String[] hashes = new String[n];
        java.util.UUID[] users = new java.util.UUID[n];
        String[] categories = new String[n];
        for (int i = 0; i < n; i++) {
            String token = SecretTokens.newToken();
            tokens.add(token);
            hashes[i] = SecretTokens.hash(token);
            users[i] = targets.get(i).userId();
            categories[i] = targets.get(i).category();
        }
        return tx.preparedQuery(INSERT).execute(Tuple.of(hashes, users, categories)).map(tokens);
    }

    /** Whom and what a token is for; empty for a token the hub never issued. */
    static Future<Optional<Target>> find(SqlClient client, String token) {
        if (token == null || token.isEmpty() || token.length() > LONGEST_TOKEN) {
            return Future.succeededFuture(Optional.empty());
        }
        return client.preparedQuery(FIND).execute(Tuple.of(SecretTokens.hash(token))).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.<Target>empty();
            }
            var row = it.next();
            return Optional.of(new Target(row.getUUID("user_id"), row.getString("category")));
        });
    }
}
