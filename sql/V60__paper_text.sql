-- Search inside papers: the text of each page (a PDF's page, a presentation's slide) of every version, filled in
-- off the request by the paper-text job once the version is uploaded. A format without pages (a Word document, a
-- spreadsheet, plain text) has one row whose page is null. Search reads only a document's current version.
CREATE TABLE document_text_pages (
    document_id uuid    NOT NULL,
    version     integer NOT NULL,
    ordinal     integer NOT NULL,
    page        integer,
    body        text    NOT NULL,
    search      tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
    PRIMARY KEY (document_id, version, ordinal),
    FOREIGN KEY (document_id, version) REFERENCES document_versions (document_id, version) ON DELETE CASCADE
);
CREATE INDEX document_text_pages_search_idx ON document_text_pages USING gin (search);
