package uk.nhs.hub.broadcast;

/** The broadcast feature's SQL. */
final class BroadcastSql {

    private BroadcastSql() {
    }

    /** A network and every network below it, with their depth below it. */
    static final String SUBTREE = """
        WITH RECURSIVE tree AS (
            SELECT id, parent_id, name, slug, 0 AS depth FROM networks WHERE id = $1
            UNION ALL
            SELECT n.id, n.parent_id, n.name, n.slug, t.depth + 1 FROM networks n JOIN tree t ON n.parent_id = t.id
        )
        SELECT id, parent_id, name, slug, depth FROM tree ORDER BY depth, name
        """;

    static final String INSERT_BROADCAST = """
        INSERT INTO broadcasts (id, network_id, created_by, deadline, feedback_mode, anonymous, submitter_role_title, questions)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """;

    static final String INSERT_VERSION = """
        INSERT INTO broadcast_versions (broadcast_id, version, title, body, body_html, attachments, change_summary, you_said,
                                        cited_networks, created_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING created_at
        """;

    static final String INSERT_TARGET = "INSERT INTO broadcast_targets (broadcast_id, network_id, depth) VALUES ($1, $2, $3)";

    static final String BROADCAST = """
        SELECT b.id, b.network_id, n.name AS network_name, n.slug AS network_slug, b.created_by, u.display_name AS created_by_name,
               b.created_at, b.deadline, b.feedback_mode, b.anonymous, b.submitter_role_title, b.questions, b.current_version,
               v.title, v.attachments
        FROM broadcasts b JOIN networks n ON n.id = b.network_id LEFT JOIN users u ON u.id = b.created_by
        JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
        WHERE b.id = $1
        """;

    static final String LOCK_BROADCAST = "SELECT current_version FROM broadcasts WHERE id = $1 FOR UPDATE";

    static final String NEXT_VERSION = "UPDATE broadcasts SET current_version = current_version + 1 WHERE id = $1 RETURNING current_version";

    static final String VERSIONS = """
        SELECT v.version, v.title, v.body, v.body_html, v.attachments, v.change_summary, v.you_said, v.cited_networks,
               v.created_at, u.display_name AS created_by_name
        FROM broadcast_versions v LEFT JOIN users u ON u.id = v.created_by
        WHERE v.broadcast_id = $1 ORDER BY v.version DESC
        """;

    static final String TARGETS = """
        SELECT t.network_id, t.depth, n.name, n.slug FROM broadcast_targets t JOIN networks n ON n.id = t.network_id
        WHERE t.broadcast_id = $1 ORDER BY t.depth, n.name
        """;

    /** The target networks in which the person is a full member, with their role there. */
    static final String MY_TARGETS = """
        SELECT t.network_id, n.name, n.slug, m.role, m.role_title
        FROM broadcast_targets t JOIN networks n ON n.id = t.network_id
        JOIN memberships m ON m.network_id = t.network_id AND m.user_id = $2 AND m.role <> 'guest'
        WHERE t.broadcast_id = $1 ORDER BY n.name
        """;

    static final String ACK = """
        INSERT INTO broadcast_acks (broadcast_id, version, network_id, user_id)
        SELECT t.broadcast_id, $2, t.network_id, $3 FROM broadcast_targets t
        JOIN memberships m ON m.network_id = t.network_id AND m.user_id = $3 AND m.role <> 'guest'
        WHERE t.broadcast_id = $1
        ON CONFLICT DO NOTHING
        RETURNING network_id
        """;

    static final String ACK_COUNTS = """
        SELECT network_id, count(*) AS acks, min(acked_at) AS first_acked_at FROM broadcast_acks
        WHERE broadcast_id = $1 AND version = $2 GROUP BY network_id
        """;

    static final String MY_ACK = """
        SELECT version, min(acked_at) AS acked_at FROM broadcast_acks WHERE broadcast_id = $1 AND user_id = $2 GROUP BY version
        """;

    static final String SUBMITTED = """
        SELECT network_id, answers, submitted_at FROM broadcast_responses
        WHERE broadcast_id = $1 AND version = $2 AND status = 'submitted'
        """;

    static final String OPEN_NETWORK_RESPONSE = """
        INSERT INTO broadcast_responses (broadcast_id, version, network_id, network_key, status, answers)
        VALUES ($1, $2, $3, $3, 'draft', '{}') ON CONFLICT (broadcast_id, version, network_key) DO NOTHING
        """;

    static final String LOCK_NETWORK_RESPONSE = """
        SELECT r.id, r.status, r.answers, r.revision, r.submitted_at, r.updated_at, r.lock_version,
               u.display_name AS updated_by_name
        FROM broadcast_responses r LEFT JOIN users u ON u.id = r.updated_by
        WHERE r.broadcast_id = $1 AND r.version = $2 AND r.network_key = $3 FOR UPDATE OF r
        """;

    static final String NETWORK_RESPONSE = """
        SELECT r.id, r.status, r.answers, r.revision, r.submitted_at, r.updated_at, r.lock_version,
               u.display_name AS updated_by_name
        FROM broadcast_responses r LEFT JOIN users u ON u.id = r.updated_by
        WHERE r.broadcast_id = $1 AND r.version = $2 AND r.network_key = $3
        """;

    /** Saves only over the version the saver saw ($6); no row back means someone saved in between. */
    static final String SAVE_NETWORK_RESPONSE = """
        UPDATE broadcast_responses SET answers = $2, status = $3, revision = $4, updated_at = now(),
               submitted_at = CASE WHEN $3 = 'submitted' THEN now() ELSE submitted_at END, responder_id = $5,
               updated_by = $5, lock_version = lock_version + 1
        WHERE id = $1 AND lock_version = $6
        RETURNING lock_version, updated_at
        """;

    static final String SAVE_REVISION = """
        INSERT INTO broadcast_response_revisions (response_id, revision, answers, submitted_by) VALUES ($1, $2, $3, $4)
        """;

    static final String REVISIONS = """
        SELECT r.revision, r.answers, r.submitted_at, u.display_name AS submitted_by_name
        FROM broadcast_response_revisions r LEFT JOIN users u ON u.id = r.submitted_by
        WHERE r.response_id = $1 ORDER BY r.revision DESC
        """;

    static final String CLAIM_RESPONDER = """
        INSERT INTO broadcast_responders (broadcast_id, version, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id
        """;

    static final String INSERT_INDIVIDUAL_RESPONSE = """
        INSERT INTO broadcast_responses (broadcast_id, version, network_id, responder_id, status, answers, revision, submitted_at)
        VALUES ($1, $2, $3, $4, 'submitted', $5, 1, now())
        """;

    static final String MY_INDIVIDUAL_RESPONSE = """
        SELECT answers, submitted_at FROM broadcast_responses WHERE broadcast_id = $1 AND version = $2 AND responder_id = $3
        """;

    static final String HAS_RESPONDED = "SELECT 1 FROM broadcast_responders WHERE broadcast_id = $1 AND version = $2 AND user_id = $3";

    static final String RECEIVED = """
        SELECT b.id, v.title, b.created_at, b.deadline, b.current_version, n.name AS network_name,
               EXISTS (SELECT 1 FROM broadcast_acks a WHERE a.broadcast_id = b.id AND a.version = b.current_version
                       AND a.user_id = $1) AS acknowledged
        FROM broadcasts b JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
        JOIN networks n ON n.id = b.network_id
        WHERE b.id IN (SELECT t.broadcast_id FROM broadcast_targets t
                       JOIN memberships m ON m.network_id = t.network_id AND m.user_id = $1 AND m.role <> 'guest')
        ORDER BY b.created_at DESC LIMIT 200
        """;

    /**
     * Broadcasts to network $1 still open (no deadline, or one still to come) that person $2 may read: as a full
     * member of the network, or as the central team that sent it. Newest first, $3 rows.
     */
    static final String OPEN_TO_NETWORK = """
        SELECT b.id, v.title, b.deadline, n.name AS network_name
        FROM broadcast_targets t JOIN broadcasts b ON b.id = t.broadcast_id
        JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
        JOIN networks n ON n.id = b.network_id
        WHERE t.network_id = $1 AND (b.deadline IS NULL OR b.deadline > now())
          AND (EXISTS (SELECT 1 FROM memberships m WHERE m.network_id = $1 AND m.user_id = $2 AND m.role <> 'guest')
               OR EXISTS (SELECT 1 FROM memberships m WHERE m.network_id = b.network_id AND m.user_id = $2
                          AND m.role = 'central'))
        ORDER BY b.created_at DESC, b.id
        LIMIT $3
        """;

    static final String SENT = """
        SELECT b.id, v.title, b.created_at, b.deadline, b.current_version, n.name AS network_name,
               (SELECT count(*) FROM broadcast_targets t WHERE t.broadcast_id = b.id) AS targets
        FROM broadcasts b JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
        JOIN networks n ON n.id = b.network_id
        WHERE b.network_id IN (SELECT network_id FROM memberships WHERE user_id = $1 AND role = 'central')
        ORDER BY b.created_at DESC LIMIT 200
        """;

    /** The next people a broadcast reaches after {@code $2} (null: from the first), in id order, {@code $3} at most. */
    static final String RECIPIENTS_AFTER = """
        SELECT u.id, u.email, u.display_name FROM users u
        WHERE u.id IN (SELECT m.user_id FROM broadcast_tellings q JOIN broadcast_targets t ON t.broadcast_id = q.broadcast_id
                       JOIN memberships m ON m.network_id = t.network_id AND m.role <> 'guest'
                       WHERE q.id = $1)
          AND ($2::uuid IS NULL OR u.id > $2)
        ORDER BY u.id
        LIMIT $3
        """;

    static final String QUEUE_TELLING = """
        INSERT INTO broadcast_tellings (broadcast_id, kind, subject, message) VALUES ($1, $2, $3, $4) RETURNING id
        """;

    /** One queued telling no other transaction is working on, oldest first, or the one asked for. */
    static final String NEXT_TELLING = """
        SELECT id, broadcast_id, kind, subject, message, told_through FROM broadcast_tellings
        WHERE $1::bigint IS NULL OR id = $1
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
        """;

    static final String TOLD_THROUGH = "UPDATE broadcast_tellings SET told_through = $2 WHERE id = $1";

    static final String TELLING_DONE = "DELETE FROM broadcast_tellings WHERE id = $1";

    /** How many distinct people {@link #RECIPIENTS_AFTER} would tell for these networks, before the broadcast exists. */
    static final String PEOPLE_IN = """
        SELECT count(DISTINCT m.user_id) AS people FROM memberships m WHERE m.network_id = ANY($1) AND m.role <> 'guest'
        """;

    static final String ORGANISERS_OF = """
        SELECT u.id, u.email, u.display_name, n.name AS network_name FROM memberships m
        JOIN users u ON u.id = m.user_id JOIN networks n ON n.id = m.network_id
        WHERE m.network_id = ANY($1) AND m.role = 'organiser'
        """;

    static final String CENTRAL_NETWORKS = """
        SELECT n.id, n.name, n.slug FROM memberships m JOIN networks n ON n.id = m.network_id
        WHERE m.user_id = $1 AND m.role = 'central' ORDER BY n.name
        """;
}
