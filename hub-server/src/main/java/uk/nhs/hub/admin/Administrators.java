package uk.nhs.hub.admin;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.account.Account;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestOrigin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Who administers the hub. The addresses in {@code HUB_ADMIN_EMAILS} become administrators at start-up (if they
 * have an account) and whenever they sign in; administrators make and remove others in the hub, and the last one
 * cannot go. Other features use {@link #isAdministrator} and the route steps here; everyone else is answered as if
 * the administration pages did not exist.
 */
public final class Administrators {

    private static final Logger LOG = LoggerFactory.getLogger(Administrators.class);

    private final Pool pool;
    private final List<String> configured;

    public Administrators(Pool pool, List<String> configured) {
        this.pool = pool;
        this.configured = List.copyOf(configured);
    }

    /** Whether the person is an administrator of the hub. */
    public Future<Boolean> isAdministrator(UUID userId) {
        return pool.preparedQuery(AdminSql.IS_ADMINISTRATOR).execute(Tuple.of(userId)).map(rows -> rows.size() > 0);
    }

    /** For the API: 404 unless an administrator is signed in, so that nobody else learns what is here. */
    public Handler<RoutingContext> requireApi() {
        return ctx -> {
            var user = SignedInUser.of(ctx);
            if (user.isEmpty()) {
                ctx.fail(HubException.notFound("There is nothing here"));
                return;
            }
            isAdministrator(user.get().id()).onSuccess(yes -> {
                if (yes) {
                    ctx.next();
                } else {
                    ctx.fail(HubException.notFound("There is nothing here"));
                }
            }).onFailure(ctx::fail);
        };
    }

    /** For pages: a signed-out browser goes to sign in first; anyone else who is not an administrator gets 404. */
    public Handler<RoutingContext> requirePage() {
        return ctx -> {
            if (SignedInUser.of(ctx).isEmpty()) {
                Pages.seeOther(ctx, "/sign-in?returnTo=" + URLEncoder.encode(ctx.request().uri(), StandardCharsets.UTF_8));
                return;
            }
            requireApi().handle(ctx);
        };
    }

    /** At start-up: the configured addresses that already have accounts become administrators. */
    public Future<Void> applyConfigured() {
        if (configured.isEmpty()) {
            return Future.succeededFuture();
        }
        return pool.withTransaction(tx -> grantConfigured(tx, configured, null)).mapEmpty();
    }

    /** In a sign-in's transaction: a configured address becomes an administrator when its owner signs in. */
    Future<Void> signedIn(SqlClient tx, Account account) {
        return configured.contains(account.email())
            ? grantConfigured(tx, List.of(account.email()), account.id()).mapEmpty() : Future.succeededFuture();
    }

    private Future<Integer> grantConfigured(SqlClient tx, List<String> emails, UUID actor) {
        return tx.preparedQuery(AdminSql.GRANT_CONFIGURED).execute(Tuple.of(emails.toArray(String[]::new)))
            .compose(rows -> {
                Future<Void> audited = Future.succeededFuture();
                for (var row : rows) {
                    UUID granted = row.getUUID("user_id");
                    audited = audited.compose(v -> AuditLog.record(tx, new AuditLog.Entry(actor, "administrator.granted",
                        granted.toString(), null, null, new JsonObject().put("by", "HUB_ADMIN_EMAILS"))));
                }
                if (rows.size() > 0) {
                    LOG.info("{} account(s) named by HUB_ADMIN_EMAILS became administrators", rows.size());
                }
                return audited.map(rows.size());
            });
    }

    /** Every administrator, with who made them one. */
    Future<JsonArray> list() {
        return pool.preparedQuery(AdminSql.ADMINISTRATORS).execute().map(rows -> {
            JsonArray list = new JsonArray();
            rows.forEach(row -> list.add(new JsonObject()
                .put("id", row.getUUID("id").toString())
                .put("email", row.getString("email"))
                .put("displayName", row.getString("display_name"))
                .put("since", row.getOffsetDateTime("granted_at").toString())
                .put("fromConfiguration", row.getBoolean("from_config"))
                .put("grantedBy", row.getString("granted_by"))));
            return list;
        });
    }

    /** Makes an account an administrator; 404 when there is no such account, 409 when it already is one. */
    Future<Void> grant(SignedInUser actor, UUID userId, RequestOrigin origin) {
        return pool.withTransaction(tx -> email(tx, userId)
            .compose(email -> tx.preparedQuery(AdminSql.GRANT).execute(Tuple.of(userId, actor.id()))
                .compose(rows -> rows.size() == 0
                    ? Future.failedFuture(HubException.conflict(null, "This person is already an administrator"))
                    : AuditLog.record(tx, new AuditLog.Entry(actor.id(), "administrator.granted", userId.toString(),
                        origin.remoteAddress(), origin.requestId(), null)))));
    }

    /**
     * Stops an account being an administrator; 404 when it is not one, 409 when it is the last. An address still
     * in {@code HUB_ADMIN_EMAILS} becomes one again at its next sign-in, which the refusal does not hide.
     */
    Future<Void> remove(SignedInUser actor, UUID userId, RequestOrigin origin) {
        return pool.withTransaction(tx -> tx.preparedQuery(AdminSql.LOCK_ADMINISTRATORS).execute()
            .compose(rows -> {
                boolean found = false;
                for (var row : rows) {
                    found |= row.getUUID("user_id").equals(userId);
                }
                if (!found) {
                    return Future.failedFuture(HubException.notFound("This person is not an administrator"));
                }
                if (rows.size() == 1) {
                    return Future.failedFuture(HubException.conflict(null,
                        "The hub must keep at least one administrator: make someone else one first"));
                }
                return email(tx, userId).compose(email -> tx.preparedQuery(AdminSql.REMOVE).execute(Tuple.of(userId))
                    .compose(v -> AuditLog.record(tx, new AuditLog.Entry(actor.id(), "administrator.removed",
                        userId.toString(), origin.remoteAddress(), origin.requestId(), new JsonObject()
                            .put("stillConfigured", configured.contains(email))))));
            }));
    }

    private static Future<String> email(SqlClient tx, UUID userId) {
        return tx.preparedQuery(AdminSql.ACCOUNT_EMAIL).execute(Tuple.of(userId)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(HubException.notFound("There is no account with this id"))
            : Future.succeededFuture(rows.iterator().next().getString("email")));
    }
}
