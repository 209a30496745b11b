package uk.nhs.hub.document;

import io.vertx.core.Future;
import uk.nhs.hub.account.SignedInUser;

import java.util.UUID;

/**
 * Whether someone who does not read a network's library may still download one of its documents because it is
 * attached where they may look (a meeting date's papers). Provided by the features that attach documents, which
 * the library does not depend on.
 */
@FunctionalInterface
public interface AttachedPapers {

    /** True when the document is attached to something the reader may see. */
    Future<Boolean> mayRead(SignedInUser reader, UUID documentId);

    /** Until a feature that attaches documents is wired in, only library readers read documents. */
    AttachedPapers NONE = (reader, documentId) -> Future.succeededFuture(false);
}
