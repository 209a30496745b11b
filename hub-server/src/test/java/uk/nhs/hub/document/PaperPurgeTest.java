package uk.nhs.hub.document;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The nightly purge of papers deleted more than 30 days ago, run with a clock the test sets. */
class PaperPurgeTest {

    private static WebClient client;
    private static TestUser organiser;
    private static String network;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Purge Organiser");
        network = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("name", "Purge network").put("visibility", "private")))
            .bodyAsJsonObject().getString("id");
    }

    private static String upload(String title, String text) {
        HttpResponse<Buffer> uploaded = await(client.post("/api/networks/" + network + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(MultipartForm.create().attribute("title", title)
                .binaryFileUpload("file", "paper.txt", Buffer.buffer(text), "text/plain")));
        assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
        return uploaded.bodyAsJsonObject().getString("id");
    }

    private static void delete(String documentId) {
        assertEquals(204, await(client.delete("/api/documents/" + documentId).putHeader("Authorization", organiser.bearer())
            .send()).statusCode());
    }

    private static long count(String sql, Object value) {
        return await(TestHub.get().pool().preparedQuery(sql).execute(Tuple.of(value))).iterator().next().getLong(0);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void deletedPapersGoAfterThirtyDaysWithContentNoOtherVersionUses() throws Exception {
        String shared = "Content two documents share " + UUID.randomUUID();
        String unique = "Content only one document has " + UUID.randomUUID();
        String deletedSharer = upload("Deleted sharer", shared);
        String keptSharer = upload("Kept sharer", shared);
        String deletedAlone = upload("Deleted alone", unique);
        delete(deletedSharer);
        delete(deletedAlone);
        String documentCount = "SELECT count(*) FROM documents WHERE id = $1::uuid";
        String blobCount = "SELECT count(*) FROM document_blobs WHERE sha256 = $1";
        String chunkCount = "SELECT count(*) FROM document_chunks c JOIN document_blobs b ON b.id = c.blob_id WHERE b.sha256 = $1";

        // still restorable after 29 days
        await(TestHub.get().hub().documents().purgeDeletedPapers(Instant.now().plus(Duration.ofDays(29))));
        assertEquals(1, count(documentCount, deletedSharer));
        assertEquals(1, count(documentCount, deletedAlone));

        JsonObject purged = await(TestHub.get().hub().documents().purgeDeletedPapers(Instant.now().plus(Duration.ofDays(31))));
        assertTrue(purged.getLong("documents") >= 2, purged.encode());
        assertEquals(0, count(documentCount, deletedSharer));
        assertEquals(0, count(documentCount, deletedAlone));
        assertEquals(0, count("SELECT count(*) FROM document_versions WHERE document_id = $1::uuid", deletedAlone));
        assertEquals(0, count(blobCount, sha256(unique)), "content nothing uses any more is gone");
        assertEquals(0, count(chunkCount, sha256(unique)));
        assertEquals(1, count(blobCount, sha256(shared)), "content another document uses stays");
        assertTrue(count(chunkCount, sha256(shared)) > 0);
        HttpResponse<Buffer> kept = await(client.get("/api/documents/" + keptSharer + "/content")
            .putHeader("Authorization", organiser.bearer()).send());
        assertEquals(200, kept.statusCode());
        assertEquals(shared, kept.bodyAsString());

        JsonObject audited = await(TestHub.get().pool().query(
                "SELECT detail FROM audit_log WHERE action = 'document.purged' ORDER BY id DESC LIMIT 1").execute())
            .iterator().next().getJsonObject("detail");
        assertEquals(purged.getLong("documents"), audited.getLong("documents"));
        assertEquals(purged.getLong("blobs"), audited.getLong("blobs"));
        assertTrue(audited.getLong("versions") >= 2);
    }

    @Test
    void twoNodesPurgingAtOnceDoTheWorkOnce() {
        String deleted = upload("Raced", "Raced content " + UUID.randomUUID());
        delete(deleted);
        Instant later = Instant.now().plus(Duration.ofDays(31));
        var first = TestHub.get().hub().documents().purgeDeletedPapers(later);
        var second = TestHub.get().hub().documents().purgeDeletedPapers(later);
        long total = await(first).getLong("documents") + await(second).getLong("documents");
        assertTrue(total >= 1, "purged " + total);
        assertEquals(0, count("SELECT count(*) FROM documents WHERE id = $1::uuid", deleted));
    }
}
