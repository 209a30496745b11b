package uk.nhs.hub.project;

/** The project feature's SQL. */
final class ProjectSql {

    private ProjectSql() {
    }

    static final String INSERT_PROJECT = """
        INSERT INTO projects (network_id, title, summary, aims, created_by, updated_by)
        VALUES ($1, $2, $3, $4, $5, $5) RETURNING id
        """;
    static final String INSERT_STAGES = """
        INSERT INTO project_stages (project_id, key, position)
        SELECT $1, k, p FROM unnest($2::text[]) WITH ORDINALITY AS s (k, p)
        """;
    static final String INSERT_DEFAULT_ITEMS = """
        INSERT INTO project_checklist_items (project_id, stage_key, position, text)
        SELECT $1, k, p, t FROM unnest($2::text[], $3::int[], $4::text[]) AS s (k, p, t)
        """;
    static final String PROJECT = """
        SELECT p.*, u.display_name AS updated_by_name FROM projects p LEFT JOIN users u ON u.id = p.updated_by
        WHERE p.id = $1
        """;
    static final String LOCK_PROJECT = "SELECT version FROM projects WHERE id = $1 FOR UPDATE";
    /**
     * The address of account {@code $n} when it is proven theirs (an emailed link used, or single sign-on): only then
     * does a team place held for that address count as theirs, since anyone may register with any address.
     */
    static String provenEmail(String n) {
        return "(SELECT email FROM users WHERE id = " + n + " AND (email_verified_at IS NOT NULL"
            + " OR EXISTS (SELECT 1 FROM oidc_identities o WHERE o.user_id = " + n + ")))";
    }

    /** Whether a person is on a project's team: by account, or by the proven email address their account has. */
    static final String ON_TEAM = """
        SELECT EXISTS (SELECT 1 FROM project_team t WHERE t.project_id = $1
          AND (t.user_id = $2 OR t.email = """ + provenEmail("$2") + """
        )) AS on_team
        """;
    static final String NETWORK_PROJECTS = """
        SELECT p.id, p.title, p.summary, p.status, p.current_stage, p.updated_at,
               (SELECT max(period) FROM project_updates x WHERE x.project_id = p.id) AS latest_period
        FROM projects p WHERE p.network_id = $1
          AND ($2 OR EXISTS (SELECT 1 FROM project_team t WHERE t.project_id = p.id
               AND (t.user_id = $3 OR t.email = """ + provenEmail("$3") + """
        )))
        ORDER BY p.status = 'closed', p.created_at DESC
        """;
    static final String UPDATE_PROJECT = """
        UPDATE projects SET title = $2, summary = $3, aims = $4, status = $5, outcome = $6, current_stage = $7
        WHERE id = $1
        """;
    static final String TOUCH_PROJECT = """
        UPDATE projects SET version = version + 1, activity = activity + 1, updated_by = $2, updated_at = now()
        WHERE id = $1 RETURNING version
        """;
    static final String STAGES = "SELECT key, status, notes FROM project_stages WHERE project_id = $1 ORDER BY position";
    static final String UPDATE_STAGE = """
        UPDATE project_stages SET status = COALESCE($3, status), notes = COALESCE($4, notes)
        WHERE project_id = $1 AND key = $2 RETURNING status
        """;
    static final String ITEMS = """
        SELECT i.id, i.stage_key, i.text, i.done, i.done_at, i.done_by, u.display_name AS done_by_name
        FROM project_checklist_items i LEFT JOIN users u ON u.id = i.done_by
        WHERE i.project_id = $1 ORDER BY i.stage_key, i.position
        """;
    static final String ADD_ITEM = """
        INSERT INTO project_checklist_items (project_id, stage_key, position, text)
        SELECT $1, $2, COALESCE(max(position), 0) + 1, $3 FROM project_checklist_items WHERE project_id = $1 AND stage_key = $2
        RETURNING id
        """;
    static final String EDIT_ITEM = """
        UPDATE project_checklist_items SET text = $4 WHERE id = $3 AND project_id = $1 AND stage_key = $2 RETURNING id
        """;
    static final String TICK_ITEM = """
        UPDATE project_checklist_items SET done = $4, done_by = CASE WHEN $4 THEN $5::uuid END,
          done_at = CASE WHEN $4 THEN now() END
        WHERE id = $3 AND project_id = $1 AND stage_key = $2 RETURNING id
        """;
    static final String REMOVE_ITEM = "DELETE FROM project_checklist_items WHERE id = $3 AND project_id = $1 AND stage_key = $2";
    static final String TEAM = """
        SELECT t.id, t.user_id, t.email, t.role_title, COALESCE(u.id, e.id) AS account_id,
               COALESCE(u.display_name, e.display_name) AS display_name
        FROM project_team t LEFT JOIN users u ON u.id = t.user_id
        LEFT JOIN users e ON e.email = t.email
             AND (e.email_verified_at IS NOT NULL OR EXISTS (SELECT 1 FROM oidc_identities o WHERE o.user_id = e.id))
        WHERE t.project_id = $1 ORDER BY t.added_at, t.id
        """;
    static final String ACCOUNT_BY_ID = "SELECT id, email, display_name FROM users WHERE id = $1";
    static final String ACCOUNT_BY_EMAIL = "SELECT id, email, display_name FROM users WHERE email = $1";
    static final String ADD_TEAM = """
        INSERT INTO project_team (project_id, user_id, email, role_title, added_by, invite_hash) VALUES ($1, $2, $3, $4, $5, $6)
        RETURNING id
        """;
    static final String INVITED_PLACE = "SELECT id, project_id, email FROM project_team WHERE invite_hash = $1 FOR UPDATE";
    /** The place becomes the account's; if they already had one on the team by account, the address's place goes. */
    static final String CLAIM_PLACE = """
        UPDATE project_team SET user_id = $2, email = NULL, invite_hash = NULL
        WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM project_team o WHERE o.project_id = $3 AND o.user_id = $2)
        """;
    static final String DROP_PLACE = "DELETE FROM project_team WHERE id = $1";
    static final String MARK_EMAIL_PROVEN = """
        UPDATE users SET email_verified_at = now() WHERE id = $1 AND email = $2 AND email_verified_at IS NULL
        """;
    static final String REMOVE_TEAM = """
        DELETE FROM project_team t WHERE t.id = $2 AND t.project_id = $1
        RETURNING COALESCE(t.user_id, (SELECT u.id FROM users u WHERE u.email = t.email)) AS account_id, t.email, t.role_title
        """;
    static final String UPDATES = """
        SELECT x.id, x.period, x.body, x.body_html, x.achievements, x.next_steps, x.created_at, x.author_id,
               u.display_name AS author_name
        FROM project_updates x LEFT JOIN users u ON u.id = x.author_id
        WHERE x.project_id = $1 ORDER BY x.period DESC, x.created_at DESC
        """;
    static final String ADD_UPDATE = """
        INSERT INTO project_updates (project_id, period, body, body_html, achievements, next_steps, author_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
        """;
    static final String FOLLOWING = "SELECT EXISTS (SELECT 1 FROM project_followers WHERE project_id = $1 AND user_id = $2) AS following";
    static final String FOLLOW = "INSERT INTO project_followers (project_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    static final String UNFOLLOW = "DELETE FROM project_followers WHERE project_id = $1 AND user_id = $2";
    /**
     * The followers of project $1 (but $2) who may still see it, as {@link ProjectService#seen} decides: a full
     * member of its network, an organiser or central member of a network above, or on its team. Someone who has
     * left, or been taken off the team, is no longer told.
     */
    static final String FOLLOWERS = """
        WITH RECURSIVE above AS (
            SELECT n.parent_id AS id FROM networks n JOIN projects p ON p.network_id = n.id WHERE p.id = $1
            UNION
            SELECT n.parent_id FROM networks n JOIN above a ON n.id = a.id WHERE n.parent_id IS NOT NULL
        )
        SELECT u.id, u.email FROM project_followers f JOIN users u ON u.id = f.user_id JOIN projects p ON p.id = f.project_id
        WHERE f.project_id = $1 AND f.user_id IS DISTINCT FROM $2::uuid
          AND (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.network_id = p.network_id AND m.role <> 'guest')
               OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.network_id IN (SELECT id FROM above)
                          AND m.role IN ('organiser', 'central'))
               OR EXISTS (SELECT 1 FROM project_team t WHERE t.project_id = p.id AND (t.user_id = u.id OR t.email =
                          (CASE WHEN u.email_verified_at IS NOT NULL
                                  OR EXISTS (SELECT 1 FROM oidc_identities o WHERE o.user_id = u.id) THEN u.email END))))
        """;
    /** A paper from the library shows while its document is in the library (deleted ones drop out until restored). */
    static final String HEARINGS = """
        SELECT h.id, h.body, h.heard_on, h.outcome, h.note, h.paper_url,
               d.id AS document_id, d.title, d.current_version, v.filename, v.content_type, v.size
          FROM project_hearings h
          LEFT JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
          LEFT JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
         WHERE h.project_id = $1
         ORDER BY h.heard_on, h.created_at
        """;
    static final String ADD_HEARING = """
        INSERT INTO project_hearings (project_id, body, heard_on, outcome, note, paper_url, document_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        RETURNING id
        """;
    static final String PROJECTS_OF_HEARING_PAPER = "SELECT DISTINCT project_id FROM project_hearings WHERE document_id = $1";
    static final String CHANGE_HEARING = """
        UPDATE project_hearings SET outcome = COALESCE($3, outcome), note = COALESCE($4, note)
        WHERE id = $2 AND project_id = $1 RETURNING id
        """;
    static final String DECISIONS = """
        SELECT id, decision, decided_on, expected_when, decided_by, rationale FROM project_decisions WHERE project_id = $1
        ORDER BY decided_on IS NULL, decided_on, created_at
        """;
    static final String ADD_DECISION = """
        INSERT INTO project_decisions (project_id, decision, decided_on, expected_when, decided_by, rationale)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
        """;
    static final String MAKE_DECISION = """
        UPDATE project_decisions SET decided_on = $3, decision = COALESCE($4, decision),
          decided_by = COALESCE($5, decided_by), rationale = COALESCE($6, rationale)
        WHERE id = $2 AND project_id = $1 RETURNING id
        """;
}
