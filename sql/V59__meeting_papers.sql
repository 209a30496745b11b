-- The papers of a meeting date: documents from the meeting's network library attached as its agenda pack,
-- pre-reads, slides or minutes. Whoever may see the meeting may download them, library reader or not.
CREATE TABLE meeting_papers (
    meeting_id     uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    original_start timestamptz NOT NULL,
    document_id    uuid        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind           text        NOT NULL CHECK (kind IN ('agenda', 'pre-read', 'slides', 'minutes')),
    added_by       uuid        REFERENCES users (id) ON DELETE SET NULL,
    added_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, original_start, document_id)
);
-- the download check asks which meetings a document is attached to
CREATE INDEX meeting_papers_document_idx ON meeting_papers (document_id);
