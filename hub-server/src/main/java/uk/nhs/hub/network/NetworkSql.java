package uk.nhs.hub.network;

/** The SQL of the network feature. */
final class NetworkSql {

    private NetworkSql() {
    }

    static final String NETWORK_COLUMNS =
        "n.id, n.parent_id, n.name, n.slug, n.description, n.visibility, n.allow_guest_nominations, n.created_at,"
        + " n.require_two_step";

    static final String INSERT_NETWORK = """
        INSERT INTO networks AS n (parent_id, name, slug, description, visibility, allow_guest_nominations, created_by,
                                   require_two_step)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING\s""" + NETWORK_COLUMNS;

    static final String FIND_BY_ID = "SELECT " + NETWORK_COLUMNS + " FROM networks n WHERE n.id = $1";

    static final String FIND_BY_SLUG = "SELECT " + NETWORK_COLUMNS + " FROM networks n WHERE n.slug = $1";

    /** The person's roles on the network (depth 0) and every network above it. */
    static final String ROLES_UP_THE_TREE = """
        WITH RECURSIVE chain AS (
            SELECT id, parent_id, 0 AS depth FROM networks WHERE id = $1
            UNION ALL
            SELECT n.id, n.parent_id, c.depth + 1 FROM networks n JOIN chain c ON n.id = c.parent_id
        )
        SELECT c.depth, m.role FROM chain c JOIN memberships m ON m.network_id = c.id AND m.user_id = $2
        """;

    /** The networks above this one, nearest last. */
    static final String ANCESTORS = """
        WITH RECURSIVE chain AS (
            SELECT id, parent_id, 0 AS depth FROM networks WHERE id = $1
            UNION ALL
            SELECT n.id, n.parent_id, c.depth + 1 FROM networks n JOIN chain c ON n.id = c.parent_id
        )
        SELECT n.id, n.name, n.slug FROM chain c JOIN networks n ON n.id = c.id WHERE c.depth > 0
        ORDER BY c.depth DESC
        """;

    /** The direct children, each with the size of its own subtree and the person's role there. */
    static final String CHILDREN_WITH_COUNTS = """
        WITH RECURSIVE tree AS (
            SELECT id, id AS top FROM networks WHERE parent_id = $1
            UNION ALL
            SELECT n.id, t.top FROM networks n JOIN tree t ON n.parent_id = t.id
        ), counts AS (
            SELECT t.top, count(*) - 1 AS descendants FROM tree t GROUP BY t.top
        )
        SELECT\s""" + NETWORK_COLUMNS + """
        , c.descendants, (SELECT count(*) FROM subtree_members s WHERE s.ancestor_id = n.id) AS members,
          my.role AS my_role
        FROM networks n
        JOIN counts c ON c.top = n.id
        LEFT JOIN memberships my ON my.network_id = n.id AND my.user_id = $2
        ORDER BY lower(n.name)
        """;

    /** Networks and distinct full members in the whole subtree (the network itself included). */
    static final String SUBTREE_COUNTS = """
        WITH RECURSIVE tree AS (
            SELECT id FROM networks WHERE id = $1
            UNION ALL
            SELECT n.id FROM networks n JOIN tree t ON n.parent_id = t.id
        )
        SELECT (SELECT count(*) FROM tree) - 1 AS descendants,
               (SELECT count(*) FROM subtree_members WHERE ancestor_id = $1) AS members,
               (SELECT count(*) FROM memberships m WHERE m.network_id = $1 AND m.role <> 'guest') AS own_members
        """;

    /** Every network the person may see: theirs, the discoverable ones, and everything below what they run. */
    static final String VISIBLE_NETWORKS = """
        WITH RECURSIVE managed AS (
            SELECT network_id AS id FROM memberships WHERE user_id = $1 AND role IN ('organiser', 'central')
            UNION
            SELECT n.id FROM networks n JOIN managed m ON n.parent_id = m.id
        )
        SELECT\s""" + NETWORK_COLUMNS + """
        , my.role AS my_role, my.role_title AS my_role_title,
          (SELECT count(*) FROM memberships mm WHERE mm.network_id = n.id AND mm.role <> 'guest') AS members
        FROM networks n
        LEFT JOIN memberships my ON my.network_id = n.id AND my.user_id = $1
        WHERE my.user_id IS NOT NULL OR n.visibility <> 'private' OR n.id IN (SELECT id FROM managed)
        ORDER BY lower(n.name)
        """;

    /**
     * The directory in one statement with one walk down the tree: every network the person ($1) may see (their own,
     * those not private, and everything at or below a network they organise or serve as central team), with the
     * visible networks above it (ids and names, top first; a hidden one is skipped, so its name never shows) and
     * counts rolled up over its whole subtree. Filters: every word in $2 (LIKE patterns) in the name, description or
     * a name above it; $3 anywhere below that network; $4 only the person's own; $5 only those they could join.
     * Keyset paged in name order after ($6 name, $7 id), $8 rows.
     */
    static final String DIRECTORY = """
        WITH RECURSIVE walk AS (
            SELECT n.id, n.name, ARRAY[]::uuid[] AS up, ARRAY[]::uuid[] AS above_ids, ARRAY[]::text[] AS above,
                   coalesce(my.role IN ('organiser', 'central'), false) AS manages,
                   (n.visibility <> 'private' OR my.user_id IS NOT NULL) AS visible
            FROM networks n LEFT JOIN memberships my ON my.network_id = n.id AND my.user_id = $1
            WHERE n.parent_id IS NULL
            UNION ALL
            SELECT n.id, n.name, w.up || w.id,
                   CASE WHEN w.visible THEN w.above_ids || w.id ELSE w.above_ids END,
                   CASE WHEN w.visible THEN w.above || w.name ELSE w.above END,
                   w.manages OR coalesce(my.role IN ('organiser', 'central'), false),
                   n.visibility <> 'private' OR my.user_id IS NOT NULL OR w.manages
            FROM walk w JOIN networks n ON n.parent_id = w.id
            LEFT JOIN memberships my ON my.network_id = n.id AND my.user_id = $1
        ), counts AS (
            SELECT a.top, count(*) - 1 AS descendants
            FROM walk w CROSS JOIN LATERAL unnest(w.up || w.id) AS a (top)
            GROUP BY a.top
        )
        SELECT\s""" + NETWORK_COLUMNS + """
        , cardinality(w.above_ids) AS depth, w.above, w.above_ids, c.descendants,
          (SELECT count(*) FROM subtree_members s WHERE s.ancestor_id = n.id) AS subtree_members,
          my.role AS my_role, my.role_title AS my_role_title,
          (SELECT count(*) FROM memberships mm WHERE mm.network_id = n.id AND mm.role <> 'guest') AS members
        FROM walk w
        JOIN networks n ON n.id = w.id
        JOIN counts c ON c.top = w.id
        LEFT JOIN memberships my ON my.network_id = n.id AND my.user_id = $1
        WHERE w.visible
          AND ($2::text[] IS NULL OR NOT EXISTS (
                  SELECT 1 FROM unnest($2::text[]) q (word)
                  WHERE NOT (n.name ILIKE q.word OR coalesce(n.description, '') ILIKE q.word
                             OR array_to_string(w.above, ' ') ILIKE q.word)))
          AND ($3::uuid IS NULL OR $3 = ANY (w.above_ids))
          AND (NOT $4 OR my.user_id IS NOT NULL)
          AND (NOT $5 OR (my.user_id IS NULL AND n.visibility <> 'private'))
          AND ($6::text IS NULL OR (lower(n.name), n.id) > ($6, $7::uuid))
        ORDER BY lower(n.name), n.id
        LIMIT $8
        """;

    /** The network's own id and every id below it. */
    static final String SUBTREE_IDS = """
        WITH RECURSIVE tree AS (
            SELECT id FROM networks WHERE id = $1
            UNION ALL
            SELECT n.id FROM networks n JOIN tree t ON n.parent_id = t.id
        )
        SELECT n.id, n.slug FROM tree t JOIN networks n ON n.id = t.id
        """;

    static final String UPDATE_NETWORK = """
        UPDATE networks AS n SET name = $2, slug = $3, description = $4, visibility = $5,
               allow_guest_nominations = $6, require_two_step = $7, updated_at = now()
        WHERE n.id = $1
        RETURNING\s""" + NETWORK_COLUMNS;

    static final String HAS_CHILDREN = "SELECT EXISTS (SELECT 1 FROM networks WHERE parent_id = $1) AS has_children";

    static final String DELETE_NETWORK = "DELETE FROM networks WHERE id = $1";

    static final String FIND_MEMBERSHIP = "SELECT role, role_title FROM memberships WHERE network_id = $1 AND user_id = $2";

    static final String INSERT_MEMBERSHIP = """
        INSERT INTO memberships (network_id, user_id, role, role_title) VALUES ($1, $2, $3, $4)
        ON CONFLICT (network_id, user_id) DO NOTHING
        RETURNING role
        """;

    static final String UPDATE_MEMBERSHIP = """
        UPDATE memberships SET role = $3, role_title = $4 WHERE network_id = $1 AND user_id = $2
        RETURNING role
        """;

    static final String DELETE_MEMBERSHIP = "DELETE FROM memberships WHERE network_id = $1 AND user_id = $2 RETURNING role";

    /** Locks the organisers' rows, so that two changes cannot both remove the last organiser. */
    static final String LOCK_ORGANISERS = """
        SELECT user_id FROM memberships WHERE network_id = $1 AND role = 'organiser' FOR UPDATE
        """;

    static final String MEMBER_COLUMNS = """
        u.id AS user_id, u.display_name, u.email, u.organisation, u.job_title, m.role, m.role_title, m.joined_at
        """;

    /** One page of the directory, in name order, after the keyset cursor ($3 name, $4 id), matching $2 if set. */
    static final String MEMBERS_PAGE = "SELECT " + MEMBER_COLUMNS + """
        FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.network_id = $1
          AND ($2::text IS NULL OR u.display_name ILIKE $2 OR u.organisation ILIKE $2 OR m.role_title ILIKE $2
               OR u.email ILIKE $2 OR u.job_title ILIKE $2)
          AND ($3::text IS NULL OR (lower(u.display_name), u.id) > ($3, $4::uuid))
        ORDER BY lower(u.display_name), u.id
        LIMIT $5
        """;

    static final String FIND_MEMBER = "SELECT " + MEMBER_COLUMNS + """
        FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.network_id = $1 AND m.user_id = $2
        """;

    static final String ADVANCE_EVENT_SEQ = "UPDATE networks SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq";

    static final String INSERT_EVENT = """
        INSERT INTO network_events (network_id, seq, type, payload) VALUES ($1, $2, $3, $4) RETURNING created_at
        """;

    static final String EVENTS_AFTER = """
        SELECT seq, type, payload, created_at FROM network_events WHERE network_id = $1 AND seq > $2
        ORDER BY seq LIMIT $3
        """;

    static final String LATEST_SEQ = "SELECT event_seq FROM networks WHERE id = $1";

    static final String INSERT_JOIN_REQUEST = """
        INSERT INTO join_requests (network_id, user_id) VALUES ($1, $2) RETURNING id
        """;

    static final String PENDING_JOIN_REQUESTS = """
        SELECT r.id, r.created_at, u.id AS user_id, u.display_name, u.email, u.organisation, u.job_title
        FROM join_requests r JOIN users u ON u.id = r.user_id
        WHERE r.network_id = $1 AND r.status = 'pending'
        ORDER BY r.created_at
        """;

    static final String COUNT_PENDING_JOIN_REQUESTS =
        "SELECT count(*) AS pending FROM join_requests WHERE network_id = $1 AND status = 'pending'";

    static final String DECIDE_JOIN_REQUEST = """
        UPDATE join_requests SET status = $3, decided_by = $4, decided_at = now()
        WHERE id = $1 AND network_id = $2 AND status = 'pending'
        RETURNING user_id
        """;

    static final String INSERT_INVITATION = """
        INSERT INTO invitations (network_id, email, display_name, organisation, role, role_title, token_hash,
                                 invited_by, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (network_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL DO UPDATE
            SET role = EXCLUDED.role, role_title = EXCLUDED.role_title, token_hash = EXCLUDED.token_hash,
                invited_by = EXCLUDED.invited_by, expires_at = EXCLUDED.expires_at,
                display_name = coalesce(EXCLUDED.display_name, invitations.display_name),
                organisation = coalesce(EXCLUDED.organisation, invitations.organisation)
        RETURNING id, expires_at, (xmax <> 0) AS updated
        """;

    /**
     * Someone joined: the open invitations to their account's address (and to the address of the invitation they
     * accepted, $3) are fulfilled, so their links say "already used" and organisers no longer see them pending.
     */
    static final String RETIRE_INVITATIONS = """
        UPDATE invitations SET accepted_at = now(), accepted_by = $2
        WHERE network_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
          AND email IN ((SELECT email FROM users WHERE id = $2), $3)
        """;

    static final String PENDING_INVITATIONS = """
        SELECT i.id, i.email, i.display_name, i.role, i.role_title, i.created_at, i.expires_at, u.display_name AS invited_by
        FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.network_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
        ORDER BY i.created_at DESC
        """;

    static final String REVOKE_INVITATION = """
        UPDATE invitations SET revoked_at = now()
        WHERE id = $1 AND network_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL
        RETURNING id
        """;

    static final String FIND_INVITATION_BY_TOKEN = """
        SELECT i.id, i.network_id, i.email, i.role, i.role_title, i.expires_at, i.accepted_at, i.revoked_at,
               i.declined_at, n.name AS network_name, n.slug AS network_slug, u.display_name AS invited_by
        FROM invitations i JOIN networks n ON n.id = i.network_id LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.token_hash = $1
        """;

    /**
     * The open invitations to a person's own address ($1 is their id), newest first, and whether they have shown
     * they receive mail there (only then may they answer one here rather than through its emailed link). An
     * invitation to a network they already belong to is left out, as joining retires it.
     */
    static final String MY_INVITATIONS = """
        SELECT i.id, i.network_id, i.email, i.role, i.role_title, i.expires_at, i.accepted_at, i.revoked_at,
               i.declined_at, i.created_at, n.name AS network_name, n.slug AS network_slug, u.display_name AS invited_by
        FROM users me JOIN invitations i ON lower(i.email) = lower(me.email)
        JOIN networks n ON n.id = i.network_id LEFT JOIN users u ON u.id = i.invited_by
        WHERE me.id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
          AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.network_id = i.network_id AND m.user_id = me.id)
        ORDER BY i.created_at DESC, i.id
        """;

    /** Whether a person has shown they receive mail at their account's address. */
    static final String EMAIL_VERIFIED = """
        SELECT u.email_verified_at IS NOT NULL OR EXISTS (SELECT 1 FROM oidc_identities o WHERE o.user_id = u.id) AS verified
        FROM users u WHERE u.id = $1
        """;

    /** Using an emailed invitation link sent to the account's own address proves the account receives mail there. */
    static final String MARK_EMAIL_VERIFIED = """
        UPDATE users SET email_verified_at = now() WHERE id = $1 AND email = lower($2) AND email_verified_at IS NULL
        """;

    /** Closes an open invitation its invitee turned down; only an invitation to the person's own address matches. */
    static final String DECLINE_INVITATION = """
        UPDATE invitations i SET declined_at = now(), revoked_at = now()
        FROM users me
        WHERE i.id = $1 AND me.id = $2 AND lower(i.email) = lower(me.email)
          AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
        RETURNING i.network_id
        """;

    /** Uses the invitation up, once: only one of two concurrent acceptances gets a row back. */
    static final String CLAIM_INVITATION = """
        UPDATE invitations SET accepted_at = now(), accepted_by = $2
        WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING network_id, role, role_title
        """;

    static final String INSERT_NOMINATION = """
        INSERT INTO guest_nominations (network_id, nominated_by, name, email, reason)
        VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at
        """;

    static final String PENDING_NOMINATIONS = """
        SELECT g.id, g.name, g.email, g.reason, g.created_at, u.display_name AS nominated_by
        FROM guest_nominations g LEFT JOIN users u ON u.id = g.nominated_by
        WHERE g.network_id = $1 AND g.status = 'pending'
        ORDER BY g.created_at
        """;

    static final String DECIDE_NOMINATION = """
        UPDATE guest_nominations SET status = $3, decided_by = $4, decided_at = now()
        WHERE id = $1 AND network_id = $2 AND status = 'pending'
        RETURNING name, email, nominated_by
        """;

    /**
     * The account an invitation's address belongs to, if any; addresses are stored in lower case, so the unique index
     * on them serves it.
     */
    static final String ACCOUNT_BY_EMAIL = "SELECT id FROM users WHERE email = lower($1)";

    static final String PERSON_EMAIL = "SELECT email, display_name FROM users WHERE id = $1";

    static final String LINK_NOMINATION_INVITATION = "UPDATE guest_nominations SET invitation_id = $2 WHERE id = $1";

    static final String USERS_BY_EMAIL = """
        SELECT id, email, display_name FROM users WHERE email = ANY($1)
        """;

    static final String NETWORKS_BY_SLUG = "SELECT " + NETWORK_COLUMNS + " FROM networks n WHERE n.slug = ANY($1)";

    static final String MEMBERSHIPS_OF_USERS = """
        SELECT network_id, user_id, role, role_title FROM memberships WHERE user_id = ANY($1)
        """;

    static final String ORGANISER_EMAILS = """
        SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.network_id = $1 AND m.role = 'organiser'
        """;
}
