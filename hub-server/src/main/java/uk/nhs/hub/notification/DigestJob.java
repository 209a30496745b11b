package uk.nhs.hub.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.platform.JobRuns;
import uk.nhs.hub.platform.Outbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends daily and weekly digests: at a person's digest hour in their time zone (weekly ones on Mondays), one
 * email of their unread 'due' notices grouped by network. Safe on several nodes: each digest is one transaction
 * that claims a person with {@code FOR NO KEY UPDATE SKIP LOCKED}, writes the person's {@code digest_runs} row for
 * their local date (a second node or a retry after a crash finds it there and sends nothing), queues the email
 * and marks the notices, so all of it happens or none does.
 */
public final class DigestJob {

    private static final Logger LOG = LoggerFactory.getLogger(DigestJob.class);

    /**
     * Someone whose digest hour is now ($1, in their zone) and who has a due notice, with no digest yet for their
     * local date. Their users row is locked (NO KEY UPDATE, which foreign key checks do not wait for) so another
     * node skips them and picks someone else.
     */
    private static final String CLAIM = """
        SELECT n.user_id, u.email, u.display_name,
               to_char($1::timestamptz AT TIME ZONE coalesce(p.time_zone, 'Europe/London'), 'YYYY-MM-DD') AS period,
               extract(isodow FROM $1::timestamptz AT TIME ZONE coalesce(p.time_zone, 'Europe/London')) = 1 AS monday
        FROM notifications n
        JOIN users u ON u.id = n.user_id
        LEFT JOIN email_preferences p ON p.user_id = n.user_id
        WHERE n.email_state = 'due'
          AND extract(hour FROM $1::timestamptz AT TIME ZONE coalesce(p.time_zone, 'Europe/London'))
              = coalesce(p.digest_hour, 8)
          AND NOT EXISTS (SELECT 1 FROM digest_runs r WHERE r.user_id = n.user_id
              AND r.period = to_char($1::timestamptz AT TIME ZONE coalesce(p.time_zone, 'Europe/London'), 'YYYY-MM-DD'))
        LIMIT 1
        FOR NO KEY UPDATE OF u SKIP LOCKED
        """;
    private static final String RUN = """
        INSERT INTO digest_runs (user_id, period) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id
        """;
    /** The person's due notices with the choice their category has now (they may have changed it since). */
    private static final String DUE = """
        SELECT n.id, n.title, n.body, n.href, n.read_at IS NOT NULL AS read, coalesce(w.name, '') AS network,
               CASE
                   WHEN n.kind = 'mention' THEN coalesce(p.mentions, 'immediately')
                   WHEN n.kind IN ('reply', 'report-decided') THEN coalesce(p.replies, 'daily')
                   WHEN n.kind IN ('watched-post', 'project-update', 'post-reported') THEN coalesce(p.watching, 'daily')
                   WHEN n.kind IN ('broadcast', 'broadcast-version', 'response-chase') THEN coalesce(p.broadcasts, 'immediately')
                   WHEN n.kind IN ('meeting-reminder', 'waiting-list-promoted', 'date-cancelled', 'date-moved')
                       THEN coalesce(p.meetings, 'daily')
                   ELSE 'daily'
               END AS choice
        FROM notifications n
        LEFT JOIN networks w ON w.id = n.network_id
        LEFT JOIN email_preferences p ON p.user_id = n.user_id
        WHERE n.user_id = $1 AND n.email_state = 'due'
        ORDER BY w.name NULLS LAST, n.id
        FOR UPDATE OF n
        """;
    private static final String MARK = "UPDATE notifications SET email_state = $2 WHERE id = ANY($1)";

    private final Vertx vertx;
    private final Pool pool;
    private final NoticeEmails emails;
    private final Clock clock;
    private long timer = -1;
    /** A tick still running when the next is due is left to finish rather than joined by a second one. */
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();

    /** {@code clock} says what time it is, so tests can move it to a person's digest hour. */
    public DigestJob(Vertx vertx, Pool pool, NoticeEmails emails, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.emails = emails;
        this.clock = clock;
    }

    /** Checks for digests every {@code intervalMillis}, each run recorded in {@code runs}. */
    public void start(long intervalMillis, JobRuns runs) {
        timer = vertx.setPeriodic(intervalMillis, id -> {
            if (running.compareAndSet(false, true)) {
                runs.record(this::sendDue).onComplete(done -> running.set(false))
                    .onFailure(err -> LOG.warn("digests failed: {}", err.getMessage()));
            }
        });
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Sends every digest due now, one transaction each, until none is left (a digest hour missed is a day
     * missed, so it does not stop at a batch); completes with how many were sent.
     */
    public Future<Integer> sendDue() {
        return next(0);
    }

    private Future<Integer> next(int sent) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return pool.withTransaction(tx -> tx.preparedQuery(CLAIM).execute(Tuple.of(now)).compose(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return Future.succeededFuture(Optional.<Boolean>empty());
            }
            Row person = it.next();
            return digest(tx, person).map(Optional::of);
        })).compose(outcome -> outcome.isEmpty() ? Future.succeededFuture(sent)
            : next(outcome.get() ? sent + 1 : sent));
    }

    /** Completes with whether an email went out (nothing is sent when every due notice was read or turned off). */
    private Future<Boolean> digest(SqlClient tx, Row person) {
        UUID userId = person.getUUID("user_id");
        boolean monday = person.getBoolean("monday");
        return tx.preparedQuery(RUN).execute(Tuple.of(userId, person.getString("period"))).compose(run -> {
            if (run.rowCount() == 0) {
                return Future.succeededFuture(false);
            }
            return tx.preparedQuery(DUE).execute(Tuple.of(userId)).compose(rows -> {
                List<Long> included = new ArrayList<>();
                List<Long> dropped = new ArrayList<>();
                Map<String, List<Map<String, Object>>> byNetwork = new LinkedHashMap<>();
                for (Row row : rows) {
                    String choice = row.getString("choice");
                    if (row.getBoolean("read") || "off".equals(choice)) {
                        dropped.add(row.getLong("id"));
                    } else if (!"weekly".equals(choice) || monday) {
                        included.add(row.getLong("id"));
                        Map<String, Object> item = new HashMap<>();
                        item.put("title", row.getString("title"));
                        item.put("body", row.getString("body"));
                        item.put("href", row.getString("href"));
                        byNetwork.computeIfAbsent(row.getString("network"), k -> new ArrayList<>()).add(item);
                    }
                    // a weekly notice on another day waits for Monday
                }
                Future<Void> marked = mark(tx, dropped, "none").compose(v -> mark(tx, included, "sent"));
                if (included.isEmpty()) {
                    return marked.map(false);
                }
                List<Map<String, Object>> groups = new ArrayList<>();
                byNetwork.forEach((network, items) -> groups.add(Map.of(
                    "network", network.isEmpty() ? "Across the hub" : network, "items", items)));
                boolean weekly = monday && rows.stream().anyMatch(row -> "weekly".equals(row.getString("choice")));
                return marked.compose(v -> Unsubscribes.issue(tx,
                        List.of(new Unsubscribes.Target(userId, Unsubscribes.DIGEST))))
                    .compose(tokens -> {
                        EmailTemplates.Rendered email = emails.digest(person.getString("display_name"), weekly, groups,
                            tokens.get(0));
                        JsonObject headers = emails.unsubscribeHeaders(tokens.get(0));
                        return Outbox.enqueueAllWithHeaders(tx, List.of(new Outbox.Message(person.getString("email"),
                            email.subject(), email.text(), email.html(), null, null)), List.of(headers));
                    })
                    .map(true);
            });
        });
    }

    private static Future<Void> mark(SqlClient tx, List<Long> ids, String state) {
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        return tx.preparedQuery(MARK).execute(Tuple.of(ids.toArray(Long[]::new), state)).mapEmpty();
    }
}
