package uk.nhs.hub.document;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Choosing a paper from a network's library, for the features that attach one: whether a document may be chosen (it
 * is in that library and not deleted) and the list a page offers, most recently changed first.
 */
public final class LibraryChoices {

    private static final String IN_LIBRARY = """
        SELECT 1 FROM documents WHERE id = $1 AND network_id = $2 AND deleted_at IS NULL
        """;
    /** Capped, since it fills a select list. */
    private static final String OPTIONS = """
        SELECT id, title FROM documents WHERE network_id = $1 AND deleted_at IS NULL ORDER BY updated_at DESC, title LIMIT 200
        """;

    private LibraryChoices() {
    }

    /** True when the document is in the network's library and not deleted. */
    public static Future<Boolean> inLibrary(SqlClient client, UUID networkId, UUID documentId) {
        return client.preparedQuery(IN_LIBRARY).execute(Tuple.of(documentId, networkId)).map(rows -> rows.size() > 0);
    }

    /** The network's documents as {@code value}/{@code text} options for a page's select. */
    public static Future<JsonArray> options(Pool pool, UUID networkId) {
        return pool.preparedQuery(OPTIONS).execute(Tuple.of(networkId)).map(rows -> {
            JsonArray options = new JsonArray();
            rows.forEach(row -> options.add(new JsonObject().put("value", row.getUUID("id").toString())
                .put("text", row.getString("title"))));
            return options;
        });
    }
}
