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
        INSERT INTO sessions (user_id, user_agent, address)
        SELECT id, $2, $3 FROM users WHERE id = $1 AND suspended_at IS NULL FOR SHARE
        RETURNING id
        """;

    /** Why an account cannot sign in: its suspension, if any. */
    static final String SUSPENSION = "SELECT suspension_reason FROM users WHERE id = $1 AND suspended_at IS NOT NULL";

    /** Whether a session is live, by its primary key, and whether its last use is over a minute old. */
    static final String LIVE_SESSION = """
        SELECT last_seen_at < now() - interval '1 minute' AS stale
        FROM sessions WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
        """;

    static final String TOUCH_SESSION = "UPDATE sessions SET last_seen_at = now() WHERE id = $1";

    static final String REVOKE_SESSION = """
        UPDATE sessions SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
        """;
}
