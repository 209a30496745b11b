-- Papers attached to a broadcast: documents from the sending network's library. Whoever may see the broadcast may
-- download them, member of the sending network or not.
CREATE TABLE broadcast_papers (
    broadcast_id uuid        NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    document_id  uuid        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    added_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    added_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (broadcast_id, document_id)
);
-- the download check asks which broadcasts a document is attached to
CREATE INDEX broadcast_papers_document_idx ON broadcast_papers (document_id);
