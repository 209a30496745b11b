package uk.nhs.hub.moderation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * What moderation publishes on the network's address, {@code hub.client.network.<networkId>}, logged in the
 * network's gap-free event log like the discussion events. Publisher: {@link ModerationService}, after the change
 * commits. Audience: whoever may read the network's discussions.
 * <ul>
 *   <li>{@code post.hidden} {@code {threadId, postId}}: an open page replaces the post's content with the notice
 *   that organisers are reviewing it (the author's own page keeps the text, marked hidden);</li>
 *   <li>{@code post.restored} {@code {threadId, postId, bodyHtml, attachments}}: the post is shown again, with its
 *   papers as the post JSON lists them.</li>
 * </ul>
 * Hiding (and removing) also takes the post's text and papers out of the logged {@code post.created}, {@code post.edited} and
 * {@code post.restored} events, so catching up after a gap never brings it back.
 */
final class ModerationEvents {

    static final String POST_HIDDEN = "post.hidden";
    static final String POST_RESTORED = "post.restored";

    private ModerationEvents() {
    }

    static JsonObject hidden(UUID threadId, UUID postId) {
        return new JsonObject().put("threadId", threadId.toString()).put("postId", postId.toString());
    }

    static JsonObject restored(UUID threadId, UUID postId, String bodyHtml, JsonArray attachments) {
        return hidden(threadId, postId).put("bodyHtml", bodyHtml).put("attachments", attachments);
    }
}
