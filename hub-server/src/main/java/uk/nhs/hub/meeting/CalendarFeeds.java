package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.SecretTokens;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Personal calendar feeds: a secret address ({@code /calendar/<token>.ics}) that calendar apps poll without
 * signing in, holding every meeting of the person's networks. Only the token's hash is stored; making a new
 * address revokes the old one.
 */
final class CalendarFeeds {

    private final Pool pool;
    private final String baseUrl;
    private final Clock clock;

    CalendarFeeds(Pool pool, String baseUrl, Clock clock) {
        this.pool = pool;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** A new secret address for the person, replacing any earlier one. */
    Future<String> create(SignedInUser user) {
        String token = SecretTokens.newToken();
        return pool.preparedQuery(MeetingSql.SAVE_FEED).execute(Tuple.of(user.id(), SecretTokens.hash(token)))
            .map(v -> baseUrl + "/calendar/" + token + ".ics");
    }

    Future<Void> revoke(SignedInUser user) {
        return pool.preparedQuery(MeetingSql.DELETE_FEED).execute(Tuple.of(user.id())).mapEmpty();
    }

    /** The feed behind a token; 404 for an unknown or revoked one. */
    Future<String> render(String token) {
        return pool.preparedQuery(MeetingSql.FEED_OWNER).execute(Tuple.of(SecretTokens.hash(token))).compose(rows -> {
            if (!rows.iterator().hasNext()) {
                return Future.failedFuture(HubException.notFound("This calendar address is not valid or has been replaced"));
            }
            UUID owner = rows.iterator().next().getUUID("user_id");
            // a delegate's feed says whom they go for on that date, as their pages do
            return Future.all(meetingsOf(owner), delegationsOf(owner, clock.instant().minus(java.time.Duration.ofDays(366))));
        }).map(all -> Calendars.write(Calendars.build(all.resultAt(0), baseUrl, clock.instant(),
            all.<Delegations>resultAt(1).attendingFor())));
    }

    /** Whether the person has a calendar address (its token cannot be shown again: only its hash is kept). */
    Future<Boolean> exists(SignedInUser user) {
        return pool.preparedQuery(MeetingSql.FEED_OF_USER).execute(Tuple.of(user.id())).map(rows -> rows.iterator().hasNext());
    }

    /**
     * The person's reply status ({@link RsvpService#status}) to each date whose original start is from
     * {@code since} on, keyed by {@link #replyKey}.
     */
    Future<Map<String, String>> replyStatusesOf(UUID userId, java.time.Instant since) {
        return pool.preparedQuery(MeetingSql.REPLIES_OF_USER)
            .execute(Tuple.of(userId, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC)))
            .map(rows -> {
                Map<String, String> statuses = new HashMap<>();
                rows.forEach(row -> statuses.put(replyKey(row.getUUID("meeting_id"), row.getOffsetDateTime("original_start")
                    .toInstant()), RsvpService.status(row.getString("response"), row.getBoolean("waitlisted"))));
                return statuses;
            });
    }

    /** Who stands in for whom on a person's dates, keyed by {@link #replyKey}: the delegate's and the sender's names. */
    record Delegations(Map<String, String> sending, Map<String, String> attendingFor) {
    }

    /** The dates from {@code since} on where the person sends someone, or goes for someone. */
    Future<Delegations> delegationsOf(UUID userId, java.time.Instant since) {
        return pool.preparedQuery(MeetingSql.DELEGATIONS_OF_USER)
            .execute(Tuple.of(userId, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC)))
            .map(rows -> {
                Delegations delegations = new Delegations(new HashMap<>(), new HashMap<>());
                rows.forEach(row -> ("sending".equals(row.getString("kind")) ? delegations.sending() : delegations.attendingFor())
                    .put(replyKey(row.getUUID("meeting_id"), row.getOffsetDateTime("original_start").toInstant()),
                        row.getString("name")));
                return delegations;
            });
    }

    static String replyKey(UUID meetingId, java.time.Instant originalStart) {
        return meetingId + "@" + originalStart;
    }

    /** Every meeting the person takes part in, with the changes to its occurrences. */
    Future<List<Calendars.Entry>> meetingsOf(UUID userId) {
        return pool.preparedQuery(MeetingSql.MEETINGS_OF_MEMBER).execute(Tuple.of(userId)).compose(rows -> {
            List<Meeting> meetings = new ArrayList<>();
            rows.forEach(row -> meetings.add(Meeting.fromRow(row)));
            UUID[] ids = meetings.stream().map(Meeting::id).toArray(UUID[]::new);
            return pool.preparedQuery(MeetingSql.CHANGES_OF_MEETINGS).execute(Tuple.of(ids)).map(changes -> {
                Map<UUID, List<MeetingRepository.Change>> byMeeting = new HashMap<>();
                for (Row row : changes) {
                    byMeeting.computeIfAbsent(row.getUUID("meeting_id"), id -> new ArrayList<>())
                        .add(MeetingRepository.Change.fromRow(row));
                }
                List<Calendars.Entry> entries = new ArrayList<>();
                meetings.forEach(meeting -> entries.add(new Calendars.Entry(meeting,
                    byMeeting.getOrDefault(meeting.id(), List.of()))));
                return entries;
            });
        });
    }
}
