package uk.nhs.hub.discussion;

import io.vertx.core.json.JsonObject;
import uk.nhs.hub.platform.DateTimeWords;

import java.util.UUID;

/**
 * What discussions publish on the network's address, {@code hub.client.network.<networkId>} (see
 * {@link uk.nhs.hub.network.NetworkEvents}). Publisher: {@link DiscussionService}, after the change's
 * transaction commits. Audience: whoever may read the network's discussions (full members, and organisers or
 * central members above), checked on every register and again on every delivery.
 *
 * <p>Logged events, numbered by the network's gap-free {@code seq} in the same transaction as the change and
 * served again by {@code GET /api/networks/{id}/events?after=}:
 * <ul>
 *   <li>{@code thread.created} {@code {thread}}; {@code thread.updated} {@code {thread}} (title, pin, lock);</li>
 *   <li>{@code post.created} and {@code post.edited} {@code {threadId, post}} with the post's sanitised HTML and
 *   {@code when}, its time as pages show it;</li>
 *   <li>{@code post.deleted} {@code {threadId, postId}};</li>
 *   <li>{@code reaction.changed} {@code {threadId, postId, reactions}} with the counts per reaction.</li>
 * </ul>
 *
 * <p>Presence is not logged (it is only true while it lasts): {@code presence} {@code {threadId, userId,
 * displayName, state}} with state {@code here} (repeated every 20 seconds while the page is open) or
 * {@code left}; it carries no {@code seq}.
 */
final class DiscussionEvents {

    static final String THREAD_CREATED = "thread.created";
    static final String THREAD_UPDATED = "thread.updated";
    static final String POST_CREATED = "post.created";
    static final String POST_EDITED = "post.edited";
    static final String POST_DELETED = "post.deleted";
    static final String REACTION_CHANGED = "reaction.changed";
    static final String PRESENCE = "presence";

    private DiscussionEvents() {
    }

    static JsonObject thread(JsonObject thread) {
        return new JsonObject().put("thread", thread);
    }

    static JsonObject post(UUID threadId, JsonObject post) {
        JsonObject shared = post.copy();
        shared.remove("myReactions");
        // the page shows times in the one house style, which the browser cannot reproduce by itself
        if (shared.getString("createdAt") != null) {
            shared.put("when", DateTimeWords.timestamp(shared.getString("createdAt")));
        }
        return new JsonObject().put("threadId", threadId.toString()).put("post", shared);
    }

    static JsonObject deleted(UUID threadId, UUID postId) {
        return new JsonObject().put("threadId", threadId.toString()).put("postId", postId.toString());
    }

    static JsonObject reactions(UUID threadId, UUID postId, JsonObject counts) {
        return new JsonObject().put("threadId", threadId.toString()).put("postId", postId.toString())
            .put("reactions", counts);
    }

    static JsonObject presence(UUID networkId, UUID threadId, UUID userId, String displayName, String state) {
        return new JsonObject().put("type", PRESENCE).put("networkId", networkId.toString())
            .put("threadId", threadId.toString()).put("userId", userId.toString()).put("displayName", displayName)
            .put("state", state);
    }
}
