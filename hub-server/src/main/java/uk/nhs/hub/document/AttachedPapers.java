package uk.nhs.hub.document;

import io.vertx.core.Future;
import uk.nhs.hub.account.SignedInUser;

import java.util.List;
import java.util.UUID;

/**
 * Whether someone who does not read a network's library may still download one of its documents because it is
 * attached where they may look (a meeting date's papers, a broadcast's). Provided by the features that attach documents, which
 * the library does not depend on.
 */
@FunctionalInterface
public interface AttachedPapers {

    /** True when the document is attached to something the reader may see. */
    Future<Boolean> mayRead(SignedInUser reader, UUID documentId);

    /** Asks each in turn, stopping at the first that lets the reader in. */
    static AttachedPapers anyOf(List<AttachedPapers> readers) {
        return (reader, documentId) -> {
            Future<Boolean> found = Future.succeededFuture(false);
            for (AttachedPapers each : readers) {
                found = found.compose(already -> already ? Future.succeededFuture(true) : each.mayRead(reader, documentId));
            }
            return found;
        };
    }

        /** Until a feature that attaches documents is wired in, only library readers read documents. */
    AttachedPapers NONE = (reader, documentId) -> Future.succeededFuture(false);
}
