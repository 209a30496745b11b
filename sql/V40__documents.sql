-- A network's library: folders, documents and their versions, with the bytes kept in PostgreSQL so that every
-- node of a cluster reads the same files and a backup of the database is a backup of the papers.

-- The bytes of one file, kept once however many versions hold them (deduplicated by SHA-256). A blob is written
-- while its upload streams in, with sha256 NULL until the last byte has arrived; an upload that fails or is
-- abandoned deletes its blob, and one left behind by a node that stopped mid-upload is swept at start-up.
CREATE TABLE document_blobs (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    sha256      text        UNIQUE,
    size        bigint      NOT NULL DEFAULT 0,
    chunk_count integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_blobs_pending_idx ON document_blobs (created_at) WHERE sha256 IS NULL;

-- Up to 256 KiB each, so that neither writing nor reading a file holds more than one chunk in memory.
CREATE TABLE document_chunks (
    blob_id uuid    NOT NULL REFERENCES document_blobs (id) ON DELETE CASCADE,
    seq     integer NOT NULL,
    bytes   bytea   NOT NULL,
    PRIMARY KEY (blob_id, seq)
);
-- chunks are read whole and never searched: keep them out of TOAST compression, which office files defeat anyway
ALTER TABLE document_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE TABLE document_folders (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    parent_id  uuid        REFERENCES document_folders (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    created_by uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX document_folders_name_idx ON document_folders (network_id, coalesce(parent_id, network_id), lower(name));

CREATE TABLE documents (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id     uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    folder_id      uuid        REFERENCES document_folders (id) ON DELETE SET NULL,
    title          text        NOT NULL,
    description    text        NOT NULL DEFAULT '',
    tags           text[]      NOT NULL DEFAULT '{}',
    uploaded_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    current_version integer    NOT NULL DEFAULT 1,
    download_count bigint      NOT NULL DEFAULT 0,
    -- soft delete: restorable by its uploader or an organiser for 30 days, then gone
    deleted_at     timestamptz,
    deleted_by     uuid        REFERENCES users (id) ON DELETE SET NULL
);
-- the library lists newest first in keyset pages
CREATE INDEX documents_library_idx ON documents (network_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- Every version is kept. The extracted text is filled in later, off the request, for search inside papers:
-- text_status is 'pending' until an extractor has looked, then 'done', 'failed', 'too_large' or 'none' (an image).
CREATE TABLE document_versions (
    document_id  uuid        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version      integer     NOT NULL,
    blob_id      uuid        NOT NULL REFERENCES document_blobs (id) ON DELETE RESTRICT,
    filename     text        NOT NULL,
    content_type text        NOT NULL,
    size         bigint      NOT NULL,
    sha256       text        NOT NULL,
    change_note  text        NOT NULL DEFAULT '',
    uploaded_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at  timestamptz NOT NULL DEFAULT now(),
    text_status  text        NOT NULL DEFAULT 'pending'
        CHECK (text_status IN ('pending', 'done', 'failed', 'too_large', 'none')),
    extracted_text text,
    -- where the text of each page or slide starts in extracted_text, when the format has pages: [{"page":1,"offset":0}]
    text_pages   jsonb,
    PRIMARY KEY (document_id, version)
);
CREATE INDEX document_versions_blob_idx ON document_versions (blob_id);
CREATE INDEX document_versions_text_pending_idx ON document_versions (uploaded_at) WHERE text_status = 'pending';
