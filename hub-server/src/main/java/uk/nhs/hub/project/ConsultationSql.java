package uk.nhs.hub.project;

/** The SQL of project consultations. */
final class ConsultationSql {

    private ConsultationSql() {
    }

    static final String INSERT = """
        INSERT INTO consultations (project_id, title, opens_at, closes_at, questions, audience, anonymous, public_token,
          opened_notified, created_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
        """;
    private static final String COLUMNS = """
        c.id, c.project_id, c.title, c.opens_at, c.closes_at, c.questions, c.audience, c.anonymous, c.public_token,
        (SELECT count(*) FROM consultation_responses r WHERE r.consultation_id = c.id AND r.confirmed_at IS NOT NULL) AS responses
        """;
    static final String ONE = "SELECT " + COLUMNS + " FROM consultations c WHERE c.id = $1";
    static final String BY_TOKEN = "SELECT " + COLUMNS + " FROM consultations c WHERE c.public_token = $1";
    static final String OF_PROJECT = "SELECT " + COLUMNS + " FROM consultations c WHERE c.project_id = $1 ORDER BY c.opens_at, c.created_at";
    static final String LOCK = """
        SELECT opens_at, closes_at, EXISTS (SELECT 1 FROM consultation_responses r WHERE r.consultation_id = c.id)::int AS answered
        FROM consultations c WHERE id = $1 FOR UPDATE OF c
        """;
    static final String UPDATE = """
        UPDATE consultations SET title = $2, opens_at = $3, closes_at = $4, questions = $5, audience = $6, anonymous = $7
        WHERE id = $1
        """;
    static final String BUMP_PROJECT = "UPDATE projects SET activity = activity + 1 WHERE id = $1 RETURNING activity";
    static final String YOUR_RESPONSE = """
        SELECT answers, updated_at FROM consultation_responses WHERE consultation_id = $1 AND user_id = $2
        """;
    static final String RESPOND = """
        INSERT INTO consultation_responses (consultation_id, user_id, answers, confirmed_at) VALUES ($1, $2, $3, now())
        ON CONFLICT (consultation_id, user_id) WHERE user_id IS NOT NULL
        DO UPDATE SET answers = EXCLUDED.answers, updated_at = now(), confirmed_at = now()
        RETURNING (xmax = 0) AS created
        """;
    static final String HOLD = """
        INSERT INTO consultation_responses (consultation_id, email, answers, confirm_hash) VALUES ($1, $2, $3, $4)
        """;
    static final String HELD = """
        SELECT r.id, r.consultation_id, r.email, c.project_id, c.opens_at, c.closes_at
        FROM consultation_responses r JOIN consultations c ON c.id = r.consultation_id
        WHERE r.confirm_hash = $1 AND r.confirmed_at IS NULL FOR UPDATE OF r, c
        """;
    /**
     * A confirmed response through the link replaces the earlier one of the same person: by that address, or by the
     * account of that address (the confirmation proves the address is theirs).
     */
    static final String DROP_EARLIER = """
        DELETE FROM consultation_responses WHERE consultation_id = $1 AND confirmed_at IS NOT NULL
          AND (email = $2 OR user_id IN (SELECT id FROM users WHERE email = $2))
        """;
    /** A signed-in response replaces one confirmed through the link from the account's address, once that is proven. */
    static final String DROP_BY_PROVEN_ADDRESS = """
        DELETE FROM consultation_responses WHERE consultation_id = $1 AND email = """ + ProjectSql.provenEmail("$2") + """

        """;
    static final String CONFIRM = """
        UPDATE consultation_responses SET confirmed_at = now(), confirm_hash = NULL, updated_at = now() WHERE id = $1
        """;
    static final String ANSWERS = """
        SELECT r.answers, r.user_id, r.email, r.updated_at, u.display_name
        FROM consultation_responses r LEFT JOIN users u ON u.id = r.user_id
        WHERE r.consultation_id = $1 AND r.confirmed_at IS NOT NULL ORDER BY r.updated_at, r.id
        """;
    /** Consultations whose opening has come and whose project's followers have not been told. */
    static final String JUST_OPENED = """
        UPDATE consultations c SET opened_notified = true
        WHERE c.id IN (SELECT id FROM consultations WHERE NOT opened_notified AND opens_at <= now() AND closes_at > now()
                       ORDER BY opens_at LIMIT 50 FOR UPDATE SKIP LOCKED)
        RETURNING c.id, c.project_id, c.title, c.closes_at,
          (SELECT p.title FROM projects p WHERE p.id = c.project_id) AS project_title,
          (SELECT p.network_id FROM projects p WHERE p.id = c.project_id) AS network_id
        """;

}
