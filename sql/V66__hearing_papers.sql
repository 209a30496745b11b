-- A hearing's paper can be a document in the project network's library rather than a web address. Whoever may see
-- the project may download it, a project guest too; a document purged from the library leaves the hearing without
-- a paper.
ALTER TABLE project_hearings ADD COLUMN document_id uuid REFERENCES documents (id) ON DELETE SET NULL;
-- the download check asks which hearings a document is the paper of
CREATE INDEX project_hearings_document_idx ON project_hearings (document_id) WHERE document_id IS NOT NULL;
