package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/** Reads and writes the {@code users} table. */
public final class AccountRepository {

    /** An account with its stored password hash, for sign-in only. */
    record Credentials(Account account, String passwordHash) {
    }

    private final Pool pool;

    public AccountRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a new account; fails with the unique violation on {@code users_email_key} for a duplicate. */
    Future<Account> insert(SqlClient client, String email, String passwordHash, String displayName,
                           String organisation, String jobTitle) {
        return client.preparedQuery(AccountSql.INSERT)
            .execute(Tuple.of(email, passwordHash, displayName, organisation, jobTitle))
            .map(rows -> Account.fromRow(rows.iterator().next()));
    }

    /** The account with this id, if it exists. */
    public Future<Optional<Account>> findById(UUID id) {
        return pool.preparedQuery(AccountSql.FIND_BY_ID).execute(Tuple.of(id))
            .map(rows -> first(rows).map(Account::fromRow));
    }

    Future<Optional<Credentials>> findCredentials(String email) {
        return pool.preparedQuery(AccountSql.FIND_CREDENTIALS_BY_EMAIL).execute(Tuple.of(email))
            .map(rows -> first(rows).map(row -> new Credentials(Account.fromRow(row), row.getString("password_hash"))));
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }
}
