package uk.nhs.hub.account;

/** The SQL behind a person's list of sign-ins. */
final class SessionSql {

    private SessionSql() {
    }

    /**
     * A person's sessions that could still be in use. One unused for longer than a token lives ($2 minutes) has
     * no token left that works, so listing it would offer to end what has already ended.
     */
    static final String LIST = """
        SELECT id, user_agent, address, created_at, last_seen_at FROM sessions
        WHERE user_id = $1 AND revoked_at IS NULL AND last_seen_at > now() - make_interval(mins => $2)
        ORDER BY last_seen_at DESC, created_at DESC
        """;

    /** Ends one of the person's own sessions; another person's, or an ended one, matches nothing. */
    static final String END_ONE = """
        UPDATE sessions SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id
        """;

    static final String END_ALL_BUT = """
        UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id
        """;
}
