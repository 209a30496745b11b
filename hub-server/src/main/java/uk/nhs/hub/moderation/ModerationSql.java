package uk.nhs.hub.moderation;

/** The moderation feature's SQL. */
final class ModerationSql {

    private ModerationSql() {
    }

    /** A post with what deciding about it needs: its thread, network, author and state. */
    static final String POST = """
        SELECT p.id, p.thread_id, p.network_id, p.author_id, p.body, p.body_html, p.deleted_at, p.hidden_at,
               p.hidden_reason, t.title, n.name AS network_name, n.slug AS network_slug,
               (SELECT jsonb_agg(jsonb_build_object('document_id', d.id, 'title', d.title, 'current_version', d.current_version,
                           'filename', v.filename, 'content_type', v.content_type, 'size', v.size) ORDER BY a.position)
                  FROM post_attachments a JOIN documents d ON d.id = a.document_id AND d.deleted_at IS NULL
                  JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
                 WHERE a.post_id = p.id) AS attachments
        FROM posts p JOIN threads t ON t.id = p.thread_id JOIN networks n ON n.id = p.network_id
        WHERE p.id = $1
        """;

    /** The same post locked until the transaction ends, so two moderators cannot both hide or restore it. */
    static final String LOCK_POST = POST + " FOR UPDATE OF p";

    /** Adds a report unless the person already has an open one on the post (nothing returned then). */
    static final String INSERT_REPORT = """
        INSERT INTO post_reports (post_id, network_id, reporter_id, reason, category) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (post_id, reporter_id) WHERE status = 'open' DO NOTHING
        RETURNING id, status, created_at
        """;

    /** The organisers of network $1 other than $2, to tell them of a report. */
    static final String ORGANISERS = """
        SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.network_id = $1 AND m.role = 'organiser' AND u.id <> $2
        """;

    static final String HIDE = """
        UPDATE posts SET hidden_at = now(), hidden_by = $2, hidden_reason = $3 WHERE id = $1 RETURNING hidden_at
        """;

    static final String RESTORE = "UPDATE posts SET hidden_at = NULL, hidden_by = NULL, hidden_reason = NULL WHERE id = $1";

    static final String REMOVE = "UPDATE posts SET deleted_at = now(), deleted_by = $2 WHERE id = $1 AND deleted_at IS NULL";

    /**
     * Takes the post's text and papers out of the network's event log ($1 network, $2 post id as text), so that a page catching
     * up on missed events after the post was hidden is not sent what it said.
     */
    static final String SCRUB_LOGGED_EVENTS = """
        UPDATE network_events SET payload = CASE
                WHEN type = 'post.restored' THEN payload || '{"bodyHtml": null, "attachments": []}'::jsonb
                ELSE jsonb_set(payload, '{post}', (payload -> 'post')
                    || '{"body": null, "bodyHtml": null, "hidden": true, "attachments": []}'::jsonb)
            END
        WHERE network_id = $1
          AND ((type IN ('post.created', 'post.edited') AND payload -> 'post' ->> 'id' = $2)
            OR (type = 'post.restored' AND payload ->> 'postId' = $2))
        """;

    /** Notices about the post lose its words: in the inbox, and in digests not yet sent. */
    static final String SCRUB_NOTICES = "UPDATE notifications SET body = $2 WHERE subject = $1";

    /**
     * A restored post's notices ($1 their subject) say what is true now ($2) in place of what hiding made them say
     * ($3): its words again, as its page shows them, and to reporters that it was shown again. They are not marked
     * unread again.
     */
    static final String UNSCRUB_NOTICES = "UPDATE notifications SET body = $2 WHERE subject = $1 AND body = $3";

    static final String REPORT_COLUMNS = """
        r.id, r.post_id, r.network_id, r.reporter_id, ru.display_name AS reporter_name, r.reason, r.category, r.status,
        r.created_at, r.resolved_at, r.resolved_by, vu.display_name AS resolved_by_name, r.outcome, r.note,
        p.thread_id, t.title AS thread_title, p.author_id, au.display_name AS author_name, p.body,
        p.hidden_at, p.deleted_at, n.name AS network_name, n.slug AS network_slug
        FROM post_reports r JOIN posts p ON p.id = r.post_id JOIN threads t ON t.id = p.thread_id
        JOIN networks n ON n.id = r.network_id
        LEFT JOIN users ru ON ru.id = r.reporter_id LEFT JOIN users au ON au.id = p.author_id
        LEFT JOIN users vu ON vu.id = r.resolved_by
        """;

    static final String REPORT = "SELECT " + REPORT_COLUMNS + " WHERE r.id = $1";

    /** A network's reports with status $2, newest first, after the keyset ($3 created_at, $4 id); $5 rows. */
    static final String NETWORK_REPORTS = "SELECT " + REPORT_COLUMNS + """
        WHERE r.network_id = $1 AND r.status = $2
          AND ($3::timestamptz IS NULL OR (r.created_at, r.id) < ($3, $4::uuid))
        ORDER BY r.created_at DESC, r.id DESC LIMIT $5
        """;

    /** Every network's reports, for administrators; parameters as {@link #NETWORK_REPORTS} without the network. */
    static final String ALL_REPORTS = "SELECT " + REPORT_COLUMNS + """
        WHERE r.status = $1
          AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2, $3::uuid))
        ORDER BY r.created_at DESC, r.id DESC LIMIT $4
        """;

    /** Resolves every open report of post $1; returns who reported, to tell them. */
    static final String RESOLVE_OPEN = """
        UPDATE post_reports SET status = 'resolved', resolved_at = now(), resolved_by = $2, outcome = $3, note = $4
        WHERE post_id = $1 AND status = 'open' RETURNING id, reporter_id
        """;

    static final String PERSON = "SELECT email, display_name FROM users WHERE id = $1";
}
