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
}
