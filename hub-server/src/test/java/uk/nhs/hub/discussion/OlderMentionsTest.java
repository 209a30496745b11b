package uk.nhs.hub.discussion;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static uk.nhs.hub.TestHub.await;

/** Posts stored before mentions were shown as plain names are brought in line by migration V28. */
class OlderMentionsTest {

    @Test
    void aBracketedMentionInAnOlderPostIsShownAsTheNameAlone() throws IOException {
        WebClient client = TestHub.get().client();
        TestUser organiser = TestUsers.create(client, "Older Mentions Organiser");
        String network = new DiscussionApiTestSupport(client).network(organiser, "Older mentions", null);
        JsonObject thread = await(client.post("/api/networks/" + network + "/threads").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Agenda").put("body", "First"))).bodyAsJsonObject();
        String threadId = thread.getString("id");
        String older = "<p>@[Priya Shah] and @[Lead nurse], thanks. Write to tom@[example] or a.b@[x] as before.</p>";
        await(TestHub.get().pool().preparedQuery("UPDATE posts SET body_html = $1 WHERE thread_id = $2")
            .execute(Tuple.of(older, java.util.UUID.fromString(threadId))));

        await(TestHub.get().pool().query(migration()).execute());

        JsonObject post = await(client.get("/api/threads/" + threadId + "/posts").putHeader("Authorization", organiser.bearer()).send())
            .bodyAsJsonObject().getJsonArray("posts").getJsonObject(0);
        assertEquals("<p>Priya Shah and Lead nurse, thanks. Write to tom@[example] or a.b@[x] as before.</p>", post.getString("bodyHtml"));
    }

    private static String migration() throws IOException {
        try (InputStream in = OlderMentionsTest.class.getResourceAsStream("/db/migration/V28__mentions_without_brackets.sql")) {
            assertNotNull(in, "the migration is packaged");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
