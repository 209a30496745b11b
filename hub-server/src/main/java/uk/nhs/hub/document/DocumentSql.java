package uk.nhs.hub.document;

/** The library's SQL. */
final class DocumentSql {

    private DocumentSql() {
    }

    static final String NEW_BLOB = "INSERT INTO document_blobs DEFAULT VALUES RETURNING id";
    static final String INSERT_CHUNK = "INSERT INTO document_chunks (blob_id, seq, bytes) VALUES ($1, $2, $3)";
    static final String DELETE_BLOB = "DELETE FROM document_blobs WHERE id = $1 AND sha256 IS NULL";
    static final String LOCK_SHA = "SELECT pg_advisory_xact_lock(hashtextextended($1, 15))";
    static final String BLOB_BY_SHA = "SELECT id FROM document_blobs WHERE sha256 = $1";
    static final String SEAL_BLOB = """
        UPDATE document_blobs SET sha256 = $2, size = $3, chunk_count = $4 WHERE id = $1 AND sha256 IS NULL
        """;
    static final String DELETE_ABANDONED = """
        DELETE FROM document_blobs WHERE sha256 IS NULL AND created_at < now() - make_interval(secs => $1)
        """;
    static final String CHUNK = "SELECT bytes FROM document_chunks WHERE blob_id = $1 AND seq = $2";
    static final String COUNT_BLOBS_BY_SHA = "SELECT count(*) AS n FROM document_blobs WHERE sha256 = $1";

    static final String FOLDER = "SELECT id, network_id, parent_id, name FROM document_folders WHERE id = $1";
    static final String FOLDERS = """
        SELECT id, parent_id, name, created_at FROM document_folders WHERE network_id = $1 ORDER BY lower(name), id
        """;
    static final String INSERT_FOLDER = """
        INSERT INTO document_folders (network_id, parent_id, name, created_by) VALUES ($1, $2, $3, $4)
        RETURNING id, parent_id, name, created_at
        """;
    static final String RENAME_FOLDER = """
        UPDATE document_folders SET name = $2 WHERE id = $1 RETURNING id, parent_id, name, created_at
        """;
    static final String DELETE_FOLDER = "DELETE FROM document_folders WHERE id = $1";
    static final String FOLDER_IS_EMPTY = """
        SELECT NOT EXISTS (SELECT 1 FROM document_folders WHERE parent_id = $1)
           AND NOT EXISTS (SELECT 1 FROM documents WHERE folder_id = $1 AND deleted_at IS NULL) AS empty
        """;

    static final String INSERT_DOCUMENT = """
        INSERT INTO documents (network_id, folder_id, title, description, tags, uploaded_by)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at
        """;
    static final String INSERT_VERSION = """
        INSERT INTO document_versions (document_id, version, blob_id, filename, content_type, size, sha256,
                                       change_note, uploaded_by, text_status)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING uploaded_at
        """;
    static final String NEXT_VERSION = """
        UPDATE documents SET current_version = current_version + 1, updated_at = now()
        WHERE id = $1 AND deleted_at IS NULL RETURNING current_version
        """;

    private static final String DOCUMENT_COLUMNS = """
        d.id, d.network_id, d.folder_id, d.title, d.description, d.tags, d.uploaded_by, d.created_at, d.updated_at,
        d.current_version, d.download_count, d.deleted_at, u.display_name AS uploader_name,
        v.filename, v.content_type, v.size, v.sha256
        """;
    private static final String DOCUMENT_FROM = """
        FROM documents d
        JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
        LEFT JOIN users u ON u.id = d.uploaded_by
        """;

    static final String DOCUMENT = "SELECT " + DOCUMENT_COLUMNS + DOCUMENT_FROM + " WHERE d.id = $1";

    /** Newest first; $3/$4 are the keyset position (created_at, id) of the last row of the previous page. */
    static final String LIBRARY_PAGE = "SELECT " + DOCUMENT_COLUMNS + DOCUMENT_FROM + """
         WHERE d.network_id = $1 AND d.deleted_at IS NULL
           AND ($2::uuid IS NULL OR d.folder_id = $2)
           AND ($3::timestamptz IS NULL OR (d.created_at, d.id) < ($3, $4))
         ORDER BY d.created_at DESC, d.id DESC
         LIMIT $5
        """;

    static final String VERSIONS = """
        SELECT v.version, v.filename, v.content_type, v.size, v.sha256, v.change_note, v.uploaded_at, v.uploaded_by,
               u.display_name AS uploader_name
          FROM document_versions v LEFT JOIN users u ON u.id = v.uploaded_by
         WHERE v.document_id = $1 ORDER BY v.version DESC
        """;
    static final String VERSION_CONTENT = """
        SELECT v.version, v.blob_id, v.filename, v.content_type, v.size, v.sha256, b.chunk_count
          FROM document_versions v JOIN document_blobs b ON b.id = v.blob_id
         WHERE v.document_id = $1 AND v.version = $2
        """;
    static final String COUNT_DOWNLOAD = "UPDATE documents SET download_count = download_count + 1 WHERE id = $1";
    static final String SOFT_DELETE = """
        UPDATE documents SET deleted_at = now(), deleted_by = $2 WHERE id = $1 AND deleted_at IS NULL
        """;
    static final String RESTORE = """
        UPDATE documents SET deleted_at = NULL, deleted_by = NULL
         WHERE id = $1 AND deleted_at IS NOT NULL AND deleted_at > now() - interval '30 days'
        """;
}
