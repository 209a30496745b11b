package uk.nhs.hub.account;

/** Query text for two-step sign-in. */
final class TwoStepSql {

    private TwoStepSql() {
    }

    /** Starts (or restarts) a pending set-up; returns nothing when two-step is already on. */
    static final String BEGIN = """
        INSERT INTO two_step (user_id, secret) VALUES ($1, $2)
        ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_step = NULL
          WHERE two_step.confirmed_at IS NULL
        RETURNING user_id
        """;

    static final String FIND = "SELECT secret, confirmed_at, last_step FROM two_step WHERE user_id = $1";

    /**
     * Takes a time step for the person, only if it is later than the last one used, so a code is accepted once
     * even when two nodes see it at the same moment. $3 says whether the authenticator must already be on.
     */
    static final String USE_STEP = """
        UPDATE two_step SET last_step = $2,
               confirmed_at = CASE WHEN $3 THEN confirmed_at ELSE now() END
         WHERE user_id = $1 AND (last_step IS NULL OR last_step < $2)
           AND (confirmed_at IS NOT NULL) = $3
        RETURNING user_id
        """;

    static final String DELETE_RECOVERY_CODES = "DELETE FROM two_step_recovery_codes WHERE user_id = $1";

    static final String INSERT_RECOVERY_CODE =
        "INSERT INTO two_step_recovery_codes (user_id, code_hash) VALUES ($1, $2)";

    static final String USE_RECOVERY_CODE = """
        UPDATE two_step_recovery_codes SET used_at = now()
         WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
           AND EXISTS (SELECT 1 FROM two_step t WHERE t.user_id = $1 AND t.confirmed_at IS NOT NULL)
        RETURNING user_id
        """;

    static final String RECOVERY_CODES_LEFT =
        "SELECT count(*) AS left FROM two_step_recovery_codes WHERE user_id = $1 AND used_at IS NULL";

    static final String TURN_OFF = "DELETE FROM two_step WHERE user_id = $1";

    static final String INSERT_CHALLENGE = """
        INSERT INTO two_step_challenges (token_hash, user_id, expires_at) VALUES ($1, $2, $3)
        """;

    static final String FIND_CHALLENGE = """
        SELECT user_id FROM two_step_challenges WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
        """;

    static final String USE_CHALLENGE = """
        UPDATE two_step_challenges SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING user_id
        """;

    static final String DELETE_OLD_CHALLENGES = "DELETE FROM two_step_challenges WHERE expires_at < $1";
}
