package uk.nhs.hub.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Delivers the outbox: every few seconds it claims due messages ({@code FOR UPDATE SKIP LOCKED}, so several
 * nodes never send one twice), sends them through SMTP when {@code smtp.host} is set or writes them to the log
 * otherwise, and marks them sent. A failed send is retried with growing delays, up to ten attempts.
 */
public final class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 20;
    private static final int MAX_ATTEMPTS = 10;

    private static final String CLAIM = """
        SELECT id, to_address, subject, body, html_body, calendar, calendar_method, headers, attempts FROM outbox
        WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= now()
        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
        """;
    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = $1";
    private static final String MARK_FAILED = """
        UPDATE outbox SET attempts = attempts + 1, last_error = $2,
               next_attempt_at = now() + make_interval(secs => 30 * power(2, attempts))
        WHERE id = $1
        """;

    private final Vertx vertx;
    private final Pool pool;
    private final HubConfig.Smtp smtp;
    private final MailClient mail;
    private long timer = -1;

    public OutboxSender(Vertx vertx, Pool pool, HubConfig.Smtp smtp) {
        this.vertx = vertx;
        this.pool = pool;
        this.smtp = smtp;
        this.mail = smtp.host().map(host -> MailClient.create(vertx, new MailConfig()
                .setHostname(host)
                .setPort(smtp.port())
                .setStarttls(smtp.startTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.OPTIONAL)
                .setUsername(smtp.username().orElse(null))
                .setPassword(smtp.password().orElse(null))))
            .orElse(null);
    }

    /** Starts polling every {@code intervalMillis}, each run recorded in {@code runs}. */
    public void start(long intervalMillis, JobRuns runs) {
        timer = vertx.setPeriodic(intervalMillis, id -> runs.record(this::deliverDue)
            .onFailure(err -> LOG.warn("outbox delivery failed: {}", err.getMessage())));
    }

    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return mail == null ? Future.succeededFuture() : mail.close();
    }

    /** Sends what is due now; completes with the number of messages delivered. */
    public Future<Integer> deliverDue() {
        return pool.withTransaction(tx -> tx.preparedQuery(CLAIM).execute(Tuple.of(MAX_ATTEMPTS, BATCH))
            .compose(rows -> {
                List<Future<Boolean>> sends = new ArrayList<>();
                for (Row row : rows) {
                    long id = row.getLong("id");
                    sends.add(send(new Outbox.Message(row.getString("to_address"), row.getString("subject"),
                            row.getString("body"), row.getString("html_body"), row.getString("calendar"),
                            row.getString("calendar_method")), (io.vertx.core.json.JsonObject) row.getValue("headers"))
                        .compose(v -> tx.preparedQuery(MARK_SENT).execute(Tuple.of(id)).map(true))
                        .recover(err -> tx.preparedQuery(MARK_FAILED).execute(Tuple.of(id, err.getMessage()))
                            .map(false)));
                }
                return Future.all(sends).map(all -> (int) sends.stream().filter(f -> f.result()).count());
            }));
    }

    private Future<Void> send(Outbox.Message message, io.vertx.core.json.JsonObject headers) {
        if (mail == null) {
            LOG.info("email (no SMTP configured) to {} subject \"{}\"{}:\n{}", message.to(), message.subject(),
                message.calendar() == null ? "" : " with a calendar " + message.calendarMethod(), message.text());
            return Future.succeededFuture();
        }
        return mail.sendMail(mailMessage(smtp.from(), message, headers)).mapEmpty();
    }

    /**
     * The message as sent. The calendar travels as an {@code .ics} attachment whose content type names the
     * iTIP method, which is what Outlook, Apple Mail and Gmail look for to add, move or remove the event.
     */
    static MailMessage mailMessage(String from, Outbox.Message message) {
        MailMessage mailMessage = new MailMessage().setFrom(from).setTo(message.to()).setSubject(message.subject())
            .setText(message.text());
        if (message.html() != null) {
            mailMessage.setHtml(message.html());
        }
        if (message.calendar() != null) {
            mailMessage.setAttachment(MailAttachment.create()
                .setName("CANCEL".equals(message.calendarMethod()) ? "cancel.ics" : "invite.ics")
                .setContentType("text/calendar; method=" + message.calendarMethod() + "; charset=UTF-8")
                .setDisposition("attachment")
                .setData(Buffer.buffer(message.calendar(), "UTF-8")));
        }
        return mailMessage;
    }

    /** The message as sent, with the extra headers stored beside it (such as RFC 8058's List-Unsubscribe). */
    static MailMessage mailMessage(String from, Outbox.Message message, io.vertx.core.json.JsonObject headers) {
        MailMessage mailMessage = mailMessage(from, message);
        if (headers != null && !headers.isEmpty()) {
            io.vertx.core.MultiMap extra = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
            headers.forEach(header -> extra.add(header.getKey(), String.valueOf(header.getValue())));
            mailMessage.setHeaders(extra);
        }
        return mailMessage;
    }
}
