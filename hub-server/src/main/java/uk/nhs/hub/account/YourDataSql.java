package uk.nhs.hub.account;

/** The SQL of "Your data": the export's sections and the erasure of an account. */
final class YourDataSql {

    private YourDataSql() {
    }

    static final String ACCOUNT = """
        SELECT id, email, display_name, organisation, job_title, created_at, updated_at FROM users WHERE id = $1
        """;

    static final String MEMBERSHIPS = """
        SELECT n.name AS network, n.slug AS network_slug, m.role, m.role_title, m.joined_at
        FROM memberships m JOIN networks n ON n.id = m.network_id WHERE m.user_id = $1 ORDER BY m.joined_at
        """;

    static final String JOIN_REQUESTS = """
        SELECT n.name AS network, r.status, r.created_at, r.decided_at
        FROM join_requests r JOIN networks n ON n.id = r.network_id WHERE r.user_id = $1 ORDER BY r.created_at
        """;

    static final String INVITATIONS = """
        SELECT n.name AS network, i.email, i.display_name, i.organisation, i.role, i.role_title, i.created_at,
               i.expires_at, i.accepted_at, i.revoked_at
        FROM invitations i JOIN networks n ON n.id = i.network_id
        WHERE i.email = (SELECT email FROM users WHERE id = $1) ORDER BY i.created_at
        """;

    static final String REPLIES = """
        SELECT m.title AS meeting, r.original_start AS date, r.response, d.display_name AS delegate, r.waitlisted,
               r.responded_at
        FROM rsvps r JOIN meetings m ON m.id = r.meeting_id LEFT JOIN users d ON d.id = r.delegate_user_id
        WHERE r.user_id = $1 ORDER BY r.original_start
        """;

    static final String ATTENDANCE = """
        SELECT m.title AS meeting, a.original_start AS date, a.mark, a.recorded_at
        FROM attendance a JOIN meetings m ON m.id = a.meeting_id WHERE a.user_id = $1 ORDER BY a.original_start
        """;

    static final String WORKSHOP_CHOICES = """
        SELECT m.title AS meeting, w.original_start AS date, w.title AS workshop
        FROM workshop_choices c JOIN workshops w ON w.id = c.workshop_id JOIN meetings m ON m.id = w.meeting_id
        WHERE c.user_id = $1 ORDER BY w.original_start
        """;

    /** Read through a cursor: a person may have written tens of thousands of posts. */
    static final String POSTS = """
        SELECT p.id, n.name AS network, t.title AS thread, p.created_at, p.edited_at, p.deleted_at, p.body
        FROM posts p JOIN threads t ON t.id = p.thread_id JOIN networks n ON n.id = p.network_id
        WHERE p.author_id = $1 ORDER BY p.created_at, p.id
        """;

    static final String REACTIONS = """
        SELECT r.post_id, t.title AS thread, r.reaction, r.created_at
        FROM post_reactions r JOIN posts p ON p.id = r.post_id JOIN threads t ON t.id = p.thread_id
        WHERE r.user_id = $1 ORDER BY r.created_at
        """;

    static final String BROADCAST_ACKNOWLEDGEMENTS = """
        SELECT v.title AS broadcast, a.version, n.name AS network, a.acked_at
        FROM broadcast_acks a JOIN broadcast_versions v ON v.broadcast_id = a.broadcast_id AND v.version = a.version
        JOIN networks n ON n.id = a.network_id WHERE a.user_id = $1 ORDER BY a.acked_at
        """;

    /** Anonymous responses name nobody, so they are not the person's to export: only those made by name. */
    static final String BROADCAST_RESPONSES = """
        SELECT v.title AS broadcast, r.version, n.name AS network, r.status, r.answers, r.updated_at, r.submitted_at
        FROM broadcast_responses r JOIN broadcasts b ON b.id = r.broadcast_id
        JOIN broadcast_versions v ON v.broadcast_id = r.broadcast_id AND v.version = r.version
        JOIN networks n ON n.id = r.network_id
        WHERE NOT b.anonymous AND (r.responder_id = $1 OR r.updated_by = $1
            OR EXISTS (SELECT 1 FROM broadcast_response_revisions rr WHERE rr.response_id = r.id AND rr.submitted_by = $1))
        ORDER BY r.updated_at
        """;

    static final String SESSIONS = """
        SELECT created_at, last_seen_at, revoked_at, user_agent AS device, address
        FROM sessions WHERE user_id = $1 ORDER BY created_at
        """;

    static final String SINGLE_SIGN_ON = """
        SELECT issuer, subject, created_at FROM oidc_identities WHERE user_id = $1 ORDER BY created_at
        """;

    static final String NOTIFICATIONS = """
        SELECT n.created_at, n.kind, net.name AS network, n.title, n.body, n.href, n.read_at, n.email_state
        FROM notifications n LEFT JOIN networks net ON net.id = n.network_id WHERE n.user_id = $1 ORDER BY n.id
        """;

    static final String EMAIL_PREFERENCES = """
        SELECT mentions, replies, watching, broadcasts, meetings, digest_hour, time_zone, updated_at
        FROM email_preferences WHERE user_id = $1
        """;

    static final String AUDIT = """
        SELECT occurred_at, action, subject, remote_address, detail
        FROM audit_log WHERE actor_id = $1 OR subject = (SELECT email FROM users WHERE id = $1) ORDER BY id
        """;

    /** Never the token: only that an address exists and since when. */
    static final String CALENDAR_FEED = "SELECT created_at FROM calendar_feeds WHERE user_id = $1";

    static final String CREDENTIALS = "SELECT email, password_hash FROM users WHERE id = $1";

    /**
     * Locks the networks this person organises, so two of their organisers erasing themselves at once are
     * decided one after the other and the second finds they are now the last.
     */
    static final String LOCK_ORGANISED_NETWORKS = """
        SELECT id FROM networks
        WHERE id IN (SELECT network_id FROM memberships WHERE user_id = $1 AND role = 'organiser')
        ORDER BY id FOR UPDATE
        """;

    static final String NETWORKS_ONLY_THEY_ORGANISE = """
        SELECT n.name FROM memberships m JOIN networks n ON n.id = m.network_id
        WHERE m.user_id = $1 AND m.role = 'organiser'
          AND NOT EXISTS (SELECT 1 FROM memberships o
                          WHERE o.network_id = m.network_id AND o.role = 'organiser' AND o.user_id <> $1)
        ORDER BY n.name
        """;

    static final String LIVE_SESSIONS = "SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL";

    static final String COUNT_POSTS = "SELECT count(*) AS posts FROM posts WHERE author_id = $1";

    /** Invitations and guest invitations hold the address itself, whatever became of them. */
    static final String DELETE_INVITATIONS = "DELETE FROM invitations WHERE email = $1";

    static final String DELETE_GUEST_INVITEES = "DELETE FROM meeting_invitees WHERE email = $1";

    static final String DELETE_MAIL = "DELETE FROM outbox WHERE to_address = $1";

    /**
     * The trail keeps what happened, not to whom: the address goes from entries that named it, through the one
     * function allowed to change the append-only log (V56__audit_log_append_only.sql).
     */
    static final String FORGET_AUDIT_SUBJECT = "SELECT audit_log_forget_subject($1)";

    /**
     * Every reference to users is ON DELETE CASCADE (the person's own records) or SET NULL (what others rely
     * on, such as posts), so deleting the row removes or detaches everything at once.
     */
    static final String DELETE_USER = "DELETE FROM users WHERE id = $1";
}
