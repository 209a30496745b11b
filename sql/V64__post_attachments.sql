-- Papers attached to a post: documents of the thread's network library. They are written in the post's own
-- transaction; whoever reads the thread reads them, except while the post is deleted or hidden.
CREATE TABLE post_attachments (
    post_id     uuid     NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    document_id uuid     NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position    smallint NOT NULL,
    -- uploaded from the post's form rather than chosen from the library: such a paper is not found by search
    -- while its post is withheld
    uploaded_with_post boolean NOT NULL DEFAULT false,
    PRIMARY KEY (post_id, document_id)
);
-- search and the library ask which posts a document is attached to
CREATE INDEX post_attachments_document_idx ON post_attachments (document_id);

-- an edit that changes a post's papers keeps the earlier list beside the earlier text
ALTER TABLE post_revisions ADD COLUMN document_ids uuid[];
