package uk.nhs.hub.admin;

/** The administration feature's queries. */
final class AdminSql {

    private AdminSql() {
    }

    static final String IS_ADMINISTRATOR = "SELECT 1 FROM platform_administrators WHERE user_id = $1";

    /** Makes the configured addresses' accounts administrators; those already one keep how they became one. */
    static final String GRANT_CONFIGURED = """
        INSERT INTO platform_administrators (user_id, from_config)
        SELECT id, true FROM users WHERE email = ANY($1)
        ON CONFLICT (user_id) DO NOTHING
        RETURNING user_id
        """;

    static final String GRANT = """
        INSERT INTO platform_administrators (user_id, granted_by) VALUES ($1, $2)
        ON CONFLICT (user_id) DO NOTHING RETURNING user_id
        """;

    /** Every administrator, locked, so that two removals at once cannot leave none. */
    static final String LOCK_ADMINISTRATORS = "SELECT user_id FROM platform_administrators ORDER BY user_id FOR UPDATE";

    static final String REMOVE = "DELETE FROM platform_administrators WHERE user_id = $1";

    static final String ADMINISTRATORS = """
        SELECT u.id, u.email, u.display_name, a.granted_at, a.from_config, g.display_name AS granted_by
        FROM platform_administrators a JOIN users u ON u.id = a.user_id
        LEFT JOIN users g ON g.id = a.granted_by
        ORDER BY u.display_name, u.email
        """;

    static final String ACCOUNT_EMAIL = "SELECT email FROM users WHERE id = $1";

    /** One page of accounts whose name or email contains $1 (all when null), by email after $2. */
    static final String ACCOUNTS = """
        SELECT u.id, u.email, u.display_name, u.organisation, u.created_at, u.suspended_at, u.suspension_reason,
               (a.user_id IS NOT NULL) AS administrator
        FROM users u LEFT JOIN platform_administrators a ON a.user_id = u.id
        WHERE ($1::text IS NULL OR strpos(lower(u.display_name), $1) > 0 OR strpos(u.email, $1) > 0)
          AND ($2::text IS NULL OR u.email > $2)
        ORDER BY u.email
        LIMIT $3
        """;

    static final String ACCOUNT = """
        SELECT u.id, u.email, u.display_name, u.organisation, u.created_at, u.suspended_at, u.suspension_reason,
               (a.user_id IS NOT NULL) AS administrator
        FROM users u LEFT JOIN platform_administrators a ON a.user_id = u.id
        WHERE u.id = $1
        """;

    static final String INSERT_REQUEST = """
        INSERT INTO network_requests (requester_id, name, purpose) VALUES ($1, $2, $3)
        RETURNING id, name, purpose, status, created_at, decline_reason, network_id
        """;

    /**
     * Locks the asker's account before their waiting requests are counted (in a statement of its own, so the count
     * sees a request another transaction committed meanwhile): two asks at once cannot both slip under the limit.
     */
    static final String LOCK_ASKER = "SELECT 1 FROM users WHERE id = $1 FOR UPDATE";

    static final String PENDING_OF = "SELECT id FROM network_requests WHERE requester_id = $1 AND status = 'pending'";

    static final String REQUESTS_OF = """
        SELECT r.id, r.name, r.purpose, r.status, r.created_at, r.decline_reason, r.network_id, n.slug
        FROM network_requests r LEFT JOIN networks n ON n.id = r.network_id
        WHERE r.requester_id = $1 ORDER BY r.created_at DESC LIMIT 50
        """;

    static final String REQUESTS = """
        SELECT r.id, r.name, r.purpose, r.status, r.created_at, r.decline_reason, r.network_id, r.decided_at,
               u.id AS requester_id, u.email AS requester_email, u.display_name AS requester_name,
               u.organisation AS requester_organisation, n.slug
        FROM network_requests r JOIN users u ON u.id = r.requester_id LEFT JOIN networks n ON n.id = r.network_id
        WHERE r.status = $1
        ORDER BY CASE WHEN r.status = 'pending' THEN r.created_at END, r.decided_at DESC
        LIMIT 200
        """;

    static final String PENDING_REQUEST = """
        SELECT r.id, r.name, r.purpose, r.requester_id FROM network_requests r
        WHERE r.id = $1 AND r.status = 'pending' FOR UPDATE
        """;

    static final String DECIDE_REQUEST = """
        UPDATE network_requests SET status = $2, decided_by = $3, decided_at = now(), decline_reason = $4,
            network_id = $5
        WHERE id = $1
        """;

    static final String PERSON = "SELECT email, display_name FROM users WHERE id = $1";

    /**
     * One page of the audit log, newest first, by id before $6. Filters: actor ($1), network ($2), action exactly or
     * as a prefix before a dot ($3), from ($4, inclusive) and to ($5, exclusive).
     */
    static final String AUDIT = """
        SELECT l.id, l.occurred_at, l.actor_id, u.email AS actor_email, u.display_name AS actor_name, l.action,
               l.subject, l.network_id, n.name AS network_name, l.remote_address, l.request_id, l.detail
        FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id LEFT JOIN networks n ON n.id = l.network_id
        WHERE ($1::uuid IS NULL OR l.actor_id = $1)
          AND ($2::uuid IS NULL OR l.network_id = $2)
          AND ($3::text IS NULL OR l.action = $3 OR l.action LIKE $3 || '.%')
          AND ($4::timestamptz IS NULL OR l.occurred_at >= $4)
          AND ($5::timestamptz IS NULL OR l.occurred_at < $5)
          AND ($6::bigint IS NULL OR l.id < $6)
        ORDER BY l.id DESC
        LIMIT $7
        """;

    static final String USER_BY_EMAIL = "SELECT id FROM users WHERE email = $1";
    static final String NETWORK_BY_SLUG = "SELECT id FROM networks WHERE slug = $1";

    /** Networks whose lower-cased name contains $1 (all when null), by name; $2 rows. */
    static final String NETWORKS = """
        SELECT n.id, n.name, n.slug, p.name AS parent_name, coalesce(r.legal_hold, false) AS legal_hold
        FROM networks n LEFT JOIN networks p ON p.id = n.parent_id
        LEFT JOIN network_retention r ON r.network_id = n.id
        WHERE $1::text IS NULL OR strpos(lower(n.name), $1) > 0
        ORDER BY lower(n.name), n.id LIMIT $2
        """;

    /**
     * Networks with a legal hold of their own, by name, with who set it and how many networks inside them it covers
     * as well (a hold covers the whole subtree).
     */
    static final String LEGAL_HOLDS = """
        WITH RECURSIVE held AS (
            SELECT network_id AS root, network_id AS id FROM network_retention WHERE legal_hold
            UNION ALL
            SELECT h.root, n.id FROM networks n JOIN held h ON n.parent_id = h.id
        )
        SELECT n.id, n.name, n.slug, p.name AS parent_name, r.legal_hold_reason, r.hold_set_at,
               u.display_name AS set_by_name, (SELECT count(*) - 1 FROM held h WHERE h.root = n.id) AS inside
        FROM network_retention r JOIN networks n ON n.id = r.network_id
        LEFT JOIN networks p ON p.id = n.parent_id
        LEFT JOIN users u ON u.id = r.hold_set_by
        WHERE r.legal_hold
        ORDER BY lower(n.name), n.id
        """;
}
