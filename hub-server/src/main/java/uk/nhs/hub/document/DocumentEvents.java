package uk.nhs.hub.document;

/**
 * The library's events, published on the network's own address ({@code hub.client.network.<id>}, see
 * {@link uk.nhs.hub.network.NetworkEvents}) after the change commits, so that open library and document pages
 * show a new paper or version without a reload. Audience: that address's (full members and the organisers and
 * central team above), who are exactly the people who may read the library. Payload: {@code document}, the
 * document's summary as {@code GET /api/networks/{id}/documents} lists it.
 */
final class DocumentEvents {

    /** A document was added to the library. */
    static final String CREATED = "document.created";
    /** A new version of a document was uploaded. */
    static final String VERSION = "document.version";
    /** A document was deleted (it stays restorable for 30 days). */
    static final String DELETED = "document.deleted";
    /** A deleted document was restored. */
    static final String RESTORED = "document.restored";

    private DocumentEvents() {
    }
}
