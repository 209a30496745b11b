package uk.nhs.hub.account;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The {@code sessions} table: one row per sign-in, named in its access tokens. Because every node asks the
 * shared database, ending a session takes effect at once everywhere and survives restarts; the price is one
 * primary-key lookup per authenticated request (and a write at most once a minute per session, not waited for).
 */
final class Sessions {

    /** The longest user agent kept; the rest tells nobody anything. */
    private static final int MAX_USER_AGENT = 300;

    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final Pool pool;

    Sessions(Pool pool) {
        this.pool = pool;
    }

    /**
     * Starts a session for a person who has just proved who they are, unless their account is suspended (403,
     * saying why). Every way of signing in comes through here, so none of them lets a suspended person in; the
     * account row is share-locked so that a suspension committing meanwhile cannot miss the new session.
     */
    Future<UUID> start(SqlClient client, UUID userId, String userAgent, String address) {
        String agent = userAgent == null ? null
            : userAgent.substring(0, Math.min(userAgent.length(), MAX_USER_AGENT)).replace('\0', ' ');
        return client.preparedQuery(AccountSql.INSERT_SESSION).execute(Tuple.of(userId, agent, address))
            .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows.iterator().next().getUUID("id"))
                : client.preparedQuery(AccountSql.SUSPENSION).execute(Tuple.of(userId))
                    .compose(found -> Future.failedFuture(found.size() == 0
                        ? HubException.unauthenticated("This account no longer exists")
                        : HubException.forbidden(Suspensions.explanation(found.iterator().next()
                            .getString("suspension_reason"))))));
    }

    /**
     * Whether the session exists, belongs to this person and has not been ended. When it was last marked used
     * over a minute ago, it is marked again, without the request waiting for that write: the time is for
     * people reviewing their sessions, and a minute is precise enough.
     */
    Future<Boolean> isLive(UUID sessionId, UUID userId) {
        return pool.preparedQuery(AccountSql.LIVE_SESSION).execute(Tuple.of(sessionId, userId)).map(rows -> {
            if (rows.size() == 0) {
                return false;
            }
            if (Boolean.TRUE.equals(rows.iterator().next().getBoolean("stale"))) {
                pool.preparedQuery(AccountSql.TOUCH_SESSION).execute(Tuple.of(sessionId))
                    .onFailure(err -> LOG.warn("could not record the use of a session", err));
            }
            return true;
        });
    }

    /** Ends the session; tokens naming it are refused from now on. */
    Future<Void> revoke(SqlClient client, UUID sessionId, UUID userId) {
        return client.preparedQuery(AccountSql.REVOKE_SESSION).execute(Tuple.of(sessionId, userId)).mapEmpty();
    }
}
