package uk.nhs.hub.account;

/** SQL of a person's own sign-ins (the {@code sessions} table). */
final class SignInsSql {

    private SignInsSql() {
    }

    /** The person's sign-ins still in use: not ended, and used within the life of an access token ($2 minutes). */
    static final String LIVE = """
        SELECT id, user_agent, address, created_at, last_seen_at FROM sessions
        WHERE user_id = $1 AND revoked_at IS NULL AND last_seen_at > now() - make_interval(mins => $2)
        ORDER BY last_seen_at DESC, id
        """;

    /** Ends one of the person's sign-ins; no row when it is not theirs or already ended. */
    static final String END_ONE = """
        UPDATE sessions SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id
        """;

    /** Ends every sign-in of the person except $2. */
    static final String END_OTHERS = """
        UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id
        """;
}
