package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.account.AccountEvents;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.JobRuns;
import uk.nhs.hub.platform.Outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends meeting reminders: for every meeting with {@code reminderHours}, each occurrence starting within that
 * many hours reminds the people going (a delegate instead of the person they stand in for) and those who said
 * maybe, by email through the outbox and in their open pages. A reminder is claimed in
 * {@code meeting_reminders_sent} in the same transaction as its email, so each person gets it once, whichever
 * node sends it.
 */
final class Reminders {

    private static final Logger LOG = LoggerFactory.getLogger(Reminders.class);

    private final Vertx vertx;
    private final Pool pool;
    private final MeetingService meetings;
    private final String baseUrl;
    private final MeetingPapers papers;
    private long timer = -1;

    Reminders(Vertx vertx, Pool pool, MeetingService meetings, String baseUrl, MeetingPapers papers) {
        this.vertx = vertx;
        this.pool = pool;
        this.meetings = meetings;
        this.baseUrl = baseUrl;
        this.papers = papers;
    }

    void start(long intervalMillis, JobRuns runs) {
        timer = vertx.setPeriodic(intervalMillis, id -> runs.record(() -> sendDue(Instant.now()))
            .onFailure(err -> LOG.warn("meeting reminders failed: {}", err.getMessage())));
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Sends the reminders due at {@code now}; completes with how many were sent. */
    Future<Integer> sendDue(Instant now) {
        return pool.preparedQuery(MeetingSql.WITH_REMINDERS).execute().compose(rows -> {
            List<Meeting> list = new ArrayList<>();
            rows.forEach(row -> list.add(Meeting.fromRow(row)));
            Future<Integer> total = Future.succeededFuture(0);
            for (Meeting meeting : list) {
                total = total.compose(sent -> meetings.occurrences(meeting, now, now.plus(Duration.ofHours(meeting.reminderHours())))
                    .compose(occurrences -> {
                        Future<Integer> chain = Future.succeededFuture(sent);
                        for (Occurrence occurrence : occurrences) {
                            if (!occurrence.cancelled()) {
                                chain = chain.compose(n -> remind(meeting, occurrence).map(m -> n + m));
                            }
                        }
                        return chain;
                    }));
            }
            return total;
        });
    }

    private Future<Integer> remind(Meeting meeting, Occurrence occurrence) {
        List<JsonObject> notices = new ArrayList<>();
        List<Notifications.Stored> stored = new ArrayList<>();
        return papers.of(meeting.id(), occurrence.originalStart().toOffsetDateTime()).compose(pack -> pool.withTransaction(tx -> tx.preparedQuery(MeetingSql.TO_REMIND)
                .execute(Tuple.of(meeting.id(), occurrence.originalStart().toOffsetDateTime()))
                .compose(people -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (Row person : people) {
                        UUID userId = person.getUUID("user_id");
                        chain = chain.compose(v -> claim(tx, meeting, occurrence, userId, pack, notices, stored));
                    }
                    return chain;
                })))
            .compose(v -> {
                notices.forEach(notice -> vertx.eventBus().publish(
                    AccountEvents.userAddress(UUID.fromString(notice.getString("userId"))), notice));
                return Notifications.announce(vertx, pool, stored).map(notices.size());
            });
    }

    private Future<Void> claim(SqlClient tx, Meeting meeting, Occurrence occurrence, UUID userId, List<JsonObject> pack,
                               List<JsonObject> notices,
                               List<Notifications.Stored> stored) {
        return tx.preparedQuery(MeetingSql.CLAIM_REMINDER)
            .execute(Tuple.of(meeting.id(), occurrence.originalStart().toOffsetDateTime(), userId))
            .compose(rows -> {
                if (!rows.iterator().hasNext()) {
                    return Future.succeededFuture();
                }
                Row row = rows.iterator().next();
                ZonedDateTime start = occurrence.start();
                String when = DateTimeWords.range(start, occurrence.end(), DateTimeWords.READER);
                notices.add(new JsonObject().put("type", "meeting.reminder").put("userId", userId.toString())
                    .put("meetingId", meeting.id().toString()).put("title", meeting.title()).put("when", when)
                    .put("href", "/meetings/" + meeting.id()));
                String subject = "Reminder: " + meeting.title() + ", " + when;
                String text = "Hello " + row.getString("display_name") + ",\n\n" + meeting.title() + " is on " + when + "."
                    + (occurrence.location() == null ? "" : "\nVenue: " + occurrence.location())
                    + (occurrence.onlineUrl() == null ? "" : "\nOnline: " + occurrence.onlineUrl())
                    + "\n\nDetails and your reply: " + baseUrl + "/meetings/" + meeting.id() + paperLinks(pack) + "\n";
                return Notifications.record(tx, List.of(new Notifications.Notice(userId, Notifications.Kind.MEETING_REMINDER,
                        meeting.networkId(), subject, meeting.title() + " is on " + when + "." + paperLinks(pack),
                        "/meetings/" + meeting.id(),
                        "meeting:" + meeting.id(), new Outbox.Message(row.getString("email"), subject, text, null, null, null))))
                    .map(recorded -> {
                        stored.addAll(recorded);
                        return null;
                    });
            });
    }

    /** The date's papers as links, each a download for whoever may see the meeting; nothing when there are none. */
    private String paperLinks(List<JsonObject> pack) {
        if (pack.isEmpty()) {
            return "";
        }
        StringBuilder links = new StringBuilder("\n\nPapers:");
        for (JsonObject paper : pack) {
            links.append("\n- ").append(paper.getString("title")).append(": ").append(baseUrl).append(paper.getString("href"));
        }
        return links.toString();
    }
}
