package uk.nhs.hub.account;

/** The SQL of the account feature. */
final class AccountSql {

    private AccountSql() {
    }

    static final String COLUMNS = "id, email, display_name, organisation, job_title, created_at";

    static final String INSERT = """
        INSERT INTO users (email, password_hash, display_name, organisation, job_title)
        VALUES ($1, $2, $3, $4, $5)
        RETURNING id, email, display_name, organisation, job_title, created_at
        """;

    static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = $1";

    static final String FIND_CREDENTIALS_BY_EMAIL =
        "SELECT " + COLUMNS + ", password_hash FROM users WHERE email = $1";

    static final String EMAIL_UNIQUE_CONSTRAINT = "users_email_key";

    static final String INSERT_SESSION = """
        INSERT INTO sessions (user_id, user_agent, address) VALUES ($1, $2, $3) RETURNING id
        """;

    /**
     * Whether a session is live, by its primary key. It also records when the session was last used, but writes
     * that at most once a minute, so nearly every request only reads.
     */
    static final String LIVE_SESSION = """
        WITH found AS (
            SELECT id, user_id, revoked_at, last_seen_at FROM sessions WHERE id = $1
        ), touched AS (
            UPDATE sessions SET last_seen_at = now()
            FROM found
            WHERE sessions.id = found.id AND found.revoked_at IS NULL AND found.user_id = $2
              AND found.last_seen_at < now() - interval '1 minute'
        )
        SELECT 1 FROM found WHERE user_id = $2 AND revoked_at IS NULL
        """;

    static final String REVOKE_SESSION = """
        UPDATE sessions SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
        """;
}
