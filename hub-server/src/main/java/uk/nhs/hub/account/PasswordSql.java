package uk.nhs.hub.account;

/** The SQL of password reset and change. */
final class PasswordSql {

    private PasswordSql() {
    }

    static final String FIND_PERSON_BY_EMAIL = "SELECT id, email, display_name FROM users WHERE email = $1";

    static final String FIND_CREDENTIALS_BY_ID = "SELECT email, display_name, password_hash FROM users WHERE id = $1";

    /** Reset links asked for in the last hour, used or not: the per-account limit. */
    static final String RECENT_RESETS = """
        SELECT count(*) AS recent FROM password_resets WHERE user_id = $1 AND created_at > now() - interval '1 hour'
        """;

    static final String INSERT_RESET = """
        INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')
        """;

    static final String OPEN_RESET = """
        SELECT u.id, u.email, u.display_name
        FROM password_resets r JOIN users u ON u.id = r.user_id
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()
        """;

    /** Uses the link, only if it is still open, so that two simultaneous uses cannot both succeed. */
    static final String USE_RESET = """
        UPDATE password_resets SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id
        """;

    static final String CLOSE_OPEN_RESETS = """
        UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL
        """;

    static final String SET_PASSWORD = "UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1";

    static final String REVOKE_EVERY_SESSION = """
        UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id
        """;

    static final String REVOKE_OTHER_SESSIONS = """
        UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id
        """;
}
