package uk.nhs.hub.document;

import io.vertx.core.Vertx;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tells the features that attach library documents (a meeting date's papers) that one of them changed after the
 * change committed: a new version, deleted or restored. They then tell their own open pages, which show the
 * current version's file and drop a deleted paper. Node-local on purpose: the node that made the change tells its
 * own features once, and they publish on the cluster-wide addresses their pages listen to.
 */
public final class PaperChanges {

    private static final String ADDRESS = "hub.local.document.changed";

    private PaperChanges() {
    }

    static void announce(Vertx vertx, UUID documentId) {
        vertx.eventBus().publish(ADDRESS, documentId.toString());
    }

    /** Calls {@code changed} with the document's id after each change to a document on this node. */
    public static void onChange(Vertx vertx, Consumer<UUID> changed) {
        vertx.eventBus().<String>localConsumer(ADDRESS, message -> changed.accept(UUID.fromString(message.body())));
    }
}
