package uk.nhs.hub.admin;

/**
 * The statements of a network's records export, each taking the network's id as {@code $1} and reading only rows
 * of that network (never of the networks inside it, which have records of their own). Column names are the
 * headings people read in the HTML pages and CSV files. Names come from the accounts as they are now; an erased
 * account's rows show no name.
 */
final class RecordsSql {

    private RecordsSql() {
    }

    static final String NETWORK = """
        SELECT n.id, n.name, n.slug AS web_address, n.description, n.visibility, parent.name AS inside,
               n.created_at, n.updated_at
        FROM networks n LEFT JOIN networks parent ON parent.id = n.parent_id
        WHERE n.id = $1
        """;

    static final String MEMBERS = """
        SELECT u.display_name AS name, u.email, u.organisation, u.job_title, m.role, m.role_title, m.joined_at
        FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.network_id = $1
        ORDER BY lower(u.display_name), u.id
        """;

    static final String THREADS = """
        SELECT t.id, t.title, u.display_name AS started_by, t.created_at, t.post_count AS posts, t.last_post_at,
               t.pinned, t.locked, mt.title AS about_meeting, t.original_start AS about_meeting_date
        FROM threads t
        LEFT JOIN users u ON u.id = t.created_by
        LEFT JOIN meetings mt ON mt.id = t.meeting_id
        WHERE t.network_id = $1
        ORDER BY t.created_at, t.id
        """;

    /**
     * A deleted post keeps its place and dates but not its words, as in the discussion itself. A post hidden by
     * moderation is a record too: it keeps its words, marked as hidden, for those who may export (they moderate).
     */
    static final String POSTS = """
        SELECT t.title AS discussion, p.position AS number, parent.position AS reply_to_number,
               u.display_name AS author, p.created_at, p.edited_at, p.deleted_at, p.hidden_at, p.hidden_reason,
               CASE WHEN p.deleted_at IS NULL THEN p.body END AS text
        FROM posts p
        JOIN threads t ON t.id = p.thread_id
        LEFT JOIN posts parent ON parent.id = p.parent_id
        LEFT JOIN users u ON u.id = p.author_id
        WHERE p.network_id = $1
        ORDER BY t.created_at, t.id, p.path
        """;

    static final String MEETINGS = """
        SELECT m.id, m.title, m.description, m.start_local AS first_start_local_time, m.time_zone,
               m.duration_minutes, m.rrule AS repeats, m.location, m.online_url, m.capacity,
               u.display_name AS created_by, m.created_at, m.updated_at
        FROM meetings m LEFT JOIN users u ON u.id = m.created_by
        WHERE m.network_id = $1
        ORDER BY m.start_local, m.id
        """;

    static final String DATE_CHANGES = """
        SELECT m.title AS meeting, c.original_start AS date, c.cancelled, c.moved_start AS moved_to, c.theme,
               c.location, c.online_url, c.updated_at
        FROM occurrence_changes c JOIN meetings m ON m.id = c.meeting_id
        WHERE m.network_id = $1
        ORDER BY c.original_start, m.title
        """;

    static final String ITEMS = """
        SELECT m.title AS meeting, i.original_start AS date, i.kind, i.text, i.url, u.display_name AS owner, i.done,
               i.created_at, i.updated_at
        FROM occurrence_items i
        JOIN meetings m ON m.id = i.meeting_id
        LEFT JOIN users u ON u.id = i.owner_user_id
        WHERE m.network_id = $1
        ORDER BY i.original_start, m.title, i.kind, i.created_at
        """;

    static final String PAPERS = """
        SELECT m.title AS meeting, mp.original_start AS date, mp.kind, d.title AS paper, u.display_name AS added_by,
               mp.added_at
        FROM meeting_papers mp
        JOIN meetings m ON m.id = mp.meeting_id
        JOIN documents d ON d.id = mp.document_id
        LEFT JOIN users u ON u.id = mp.added_by
        WHERE m.network_id = $1
        ORDER BY mp.original_start, m.title, mp.kind
        """;

    static final String REPLIES = """
        SELECT m.title AS meeting, r.original_start AS date, u.display_name AS person, r.response, r.waitlisted,
               COALESCE(d.display_name, r.delegate_email) AS sending_instead, r.responded_at
        FROM rsvps r
        JOIN meetings m ON m.id = r.meeting_id
        LEFT JOIN users u ON u.id = r.user_id
        LEFT JOIN users d ON d.id = r.delegate_user_id
        WHERE m.network_id = $1
        ORDER BY r.original_start, m.title, lower(u.display_name)
        """;

    static final String ATTENDANCE = """
        SELECT m.title AS meeting, a.original_start AS date, u.display_name AS person, a.mark,
               rec.display_name AS recorded_by, a.recorded_at
        FROM attendance a
        JOIN meetings m ON m.id = a.meeting_id
        LEFT JOIN users u ON u.id = a.user_id
        LEFT JOIN users rec ON rec.id = a.recorded_by
        WHERE m.network_id = $1
        ORDER BY a.original_start, m.title, lower(u.display_name)
        """;

    static final String BROADCASTS = """
        SELECT b.id, v.title, sender.name AS from_network, b.created_at AS sent_at, b.deadline, b.current_version AS version,
               b.feedback_mode, b.anonymous, v.body
        FROM broadcast_targets bt
        JOIN broadcasts b ON b.id = bt.broadcast_id
        JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
        JOIN networks sender ON sender.id = b.network_id
        WHERE bt.network_id = $1
        ORDER BY b.created_at, b.id
        """;

    static final String ACKNOWLEDGEMENTS = """
        SELECT v.title AS broadcast, a.version, u.display_name AS person, a.acked_at AS acknowledged_at
        FROM broadcast_acks a
        JOIN broadcasts b ON b.id = a.broadcast_id
        JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
        LEFT JOIN users u ON u.id = a.user_id
        WHERE a.network_id = $1
        ORDER BY a.acked_at
        """;

    /** Who answered is shown only where the broadcast did not promise anonymity. */
    static final String RESPONSES = """
        SELECT v.title AS broadcast, r.version, r.status,
               CASE WHEN b.anonymous THEN NULL ELSE u.display_name END AS answered_by,
               r.answers, r.revision, r.submitted_at, r.updated_at
        FROM broadcast_responses r
        JOIN broadcasts b ON b.id = r.broadcast_id
        JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
        LEFT JOIN users u ON u.id = r.responder_id
        WHERE r.network_id = $1
        ORDER BY b.created_at, r.version, r.updated_at
        """;

    static final String DOCUMENTS = """
        SELECT d.id, d.title, d.description, d.tags, f.name AS folder, d.current_version AS versions,
               dv.filename, dv.content_type, dv.size AS bytes, dv.sha256, u.display_name AS uploaded_by,
               d.created_at, d.updated_at, d.download_count AS downloads, d.deleted_at
        FROM documents d
        LEFT JOIN document_folders f ON f.id = d.folder_id
        LEFT JOIN document_versions dv ON dv.document_id = d.id AND dv.version = d.current_version
        LEFT JOIN users u ON u.id = d.uploaded_by
        WHERE d.network_id = $1
        ORDER BY lower(d.title), d.id
        """;

    static final String PROJECTS = """
        SELECT p.id, p.title, p.summary, p.aims, p.status, p.outcome, p.current_stage, u.display_name AS started_by,
               p.created_at, p.updated_at
        FROM projects p LEFT JOIN users u ON u.id = p.created_by
        WHERE p.network_id = $1
        ORDER BY p.created_at, p.id
        """;
}
