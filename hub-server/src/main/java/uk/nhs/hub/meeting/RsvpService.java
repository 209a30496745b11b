package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.AccountEvents;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.Outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Replies to occurrences. A "yes" takes a seat while the meeting has room and otherwise waits in line; when a
 * confirmed person changes their reply, the longest-waiting person is promoted in the same transaction. Replies
 * to one meeting are serialised by locking its row, so that the last seat goes to exactly one person.
 */
public final class RsvpService {

    private static final Set<String> RESPONSES = Set.of("yes", "no", "maybe");

    private final Vertx vertx;
    private final MeetingService meetings;
    private final MeetingRepository repository;
    private final NetworkService networks;
    private final Clock clock;
    private final String baseUrl;
    private final MeetingNotices notices;

    RsvpService(Vertx vertx, MeetingService meetings, MeetingRepository repository, NetworkService networks, Clock clock,
                String baseUrl, MeetingNotices notices) {
        this.vertx = vertx;
        this.notices = notices;
        this.baseUrl = baseUrl;
        this.meetings = meetings;
        this.repository = repository;
        this.networks = networks;
        this.clock = clock;
    }

    static String status(String response, boolean waitlisted) {
        return switch (response) {
            case "yes" -> waitlisted ? "waitlisted" : "confirmed";
            case "no" -> "declined";
            default -> "maybe";
        };
    }

    private static String when(Meeting meeting, OffsetDateTime original) {
        java.time.ZonedDateTime start = original.atZoneSameInstant(meeting.schedule().zone());
        return DateTimeWords.range(start, start.plus(meeting.duration()), DateTimeWords.READER);
    }

    /** Emails the person who has just been given a seat, in the transaction that gave it to them. */
    private Future<Optional<UUID>> tellPromoted(SqlClient tx, Meeting meeting, OffsetDateTime original, Optional<UUID> promoted) {
        if (promoted.isEmpty()) {
            return Future.succeededFuture(promoted);
        }
        return tx.preparedQuery(MeetingSql.PERSON).execute(Tuple.of(promoted.get())).compose(rows -> {
            Row person = rows.iterator().next();
            String when = when(meeting, original);
            String subject = "You have a place at " + meeting.title() + ", " + when;
            String text = "Hello " + person.getString("display_name") + ",\n\nA place has come free at " + meeting.title() + " on "
                + when + " and it is yours: you are no longer on the waiting list.\n\nIf you can no longer come, "
                + "please change your reply so the next person can have the place: " + baseUrl + "/meetings/"
                + meeting.id() + "\n";
            return Notifications.record(tx, List.of(new Notifications.Notice(promoted.get(), Notifications.Kind.WAITING_LIST_PROMOTED,
                meeting.networkId(), subject, "A place has come free and it is yours: you are no longer on the waiting list.",
                "/meetings/" + meeting.id(), "meeting:" + meeting.id(),
                new Outbox.Message(person.getString("email"), subject, text, null, null, null))));
        }).map(v -> promoted);
    }

    /** Records the caller's reply to the occurrence that originally starts at {@code originalStart}. */
    public Future<JsonObject> reply(SignedInUser actor, UUID meetingId, String originalStart, JsonObject body) {
        OffsetDateTime original;
        try {
            original = MeetingService.originalStart(originalStart);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        Object rawResponse = body.getValue("response");
        if (!(rawResponse instanceof String response) || !RESPONSES.contains(response)) {
            return Future.failedFuture(HubException.invalid("response", "Reply yes, no or maybe"));
        }
        UUID delegate;
        try {
            Object rawDelegate = body.getValue("delegateUserId");
            delegate = rawDelegate == null ? null : UUID.fromString(rawDelegate.toString());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(HubException.invalid("delegateUserId", "The delegate is not a valid person id"));
        }
        if (delegate != null && !"yes".equals(response)) {
            return Future.failedFuture(HubException.invalid("delegateUserId", "Only a yes can send a delegate"));
        }
        if (actor.id().equals(delegate)) {
            return Future.failedFuture(HubException.invalid("delegateUserId", "Choose someone else as your delegate"));
        }
        String delegateEmail = null;
        if (body.getValue("delegateEmail") != null) {
            if (!(body.getValue("delegateEmail") instanceof String text)
                || !EmailAddresses.isValid(EmailAddresses.normalise(text))) {
                return Future.failedFuture(HubException.invalid("delegateEmail", EmailAddresses.FORMAT_MESSAGE));
            }
            delegateEmail = EmailAddresses.normalise(text);
            if (delegate != null) {
                return Future.failedFuture(HubException.invalid("delegateEmail",
                    "Choose a member or give an email address, not both"));
            }
            if (!"yes".equals(response)) {
                return Future.failedFuture(HubException.invalid("delegateEmail", "Only a yes can send a delegate"));
            }
            if (delegateEmail.equals(EmailAddresses.normalise(actor.email()))) {
                return Future.failedFuture(HubException.invalid("delegateEmail", "Give someone else's email address"));
            }
        }
        String invitedEmail = delegateEmail;
        return meetings.visible(actor, meetingId).compose(visible -> {
            Meeting meeting = visible.meeting();
            if (!visible.mayTakePart(original.toInstant())) {
                throw HubException.forbidden("You are invited to another date of this meeting, not this one");
            }
            return meetings.occurrences(meeting, original.toInstant(), original.toInstant().plusSeconds(1))
                .compose(found -> {
                    Occurrence occurrence = found.stream()
                        .filter(o -> o.originalStart().toInstant().equals(original.toInstant())).findFirst()
                        .orElse(null);
                    if (occurrence == null) {
                        MeetingService.requireOccurrence(meeting, original);
                    }
                    if (occurrence != null && occurrence.cancelled()) {
                        throw HubException.conflict(null, "This meeting has been cancelled");
                    }
                    if (occurrence != null && !occurrence.start().toInstant().isAfter(clock.instant())) {
                        throw HubException.conflict(null, "This meeting has already started");
                    }
                    Future<UUID> delegateCheck = delegate == null ? Future.succeededFuture()
                        : networks.access(meeting.networkId(), delegate).compose(access ->
                            access.ownRole() != null && access.ownRole().isFullMember() ? Future.succeededFuture(delegate)
                                : Future.failedFuture(HubException.invalid("delegateUserId",
                                    "Your delegate must be a member of the network")));
                    // an address that already has an account names that person, inside the network or not
                    Future<UUID> named = invitedEmail == null ? delegateCheck
                        : repository.pool().preparedQuery(MeetingSql.USER_BY_EMAIL).execute(Tuple.of(invitedEmail))
                            .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("id") : null);
                    Occurrence date = occurrence;
                    return named.compose(id -> save(actor, meeting, date, original, response,
                        new Delegate(id, id == null ? invitedEmail : null, invitedEmail)));
                });
        });
    }

    /**
     * Who goes instead: an account ({@code id}) or an address no account has yet ({@code email}); {@code invited}
     * is the address when the sender named them by address, so they are invited to the date by it.
     */
    private record Delegate(UUID id, String email, String invited) {

        boolean sameAs(Optional<MeetingRepository.Reply> reply) {
            return java.util.Objects.equals(id, reply.map(MeetingRepository.Reply::delegateId).orElse(null))
                && java.util.Objects.equals(email, reply.map(MeetingRepository.Reply::delegateEmail).orElse(null));
        }
    }

    private Future<JsonObject> save(SignedInUser actor, Meeting meeting, Occurrence occurrence, OffsetDateTime original,
                                    String response, Delegate named) {
        UUID delegate = named.id();
        String key = original.toString();
        return repository.pool().withTransaction(tx -> repository.lock(tx, meeting.id())
            .compose(v -> repository.reply(tx, meeting.id(), original, actor.id()))
            .compose(current -> {
                boolean wasConfirmed = current.map(r -> "yes".equals(r.response()) && !r.waitlisted()).orElse(false);
                Future<Boolean> waits;
                if (!"yes".equals(response)) {
                    waits = Future.succeededFuture(false);
                } else if (current.isPresent() && "yes".equals(current.get().response())) {
                    waits = Future.succeededFuture(current.get().waitlisted());
                } else if (meeting.capacity() == null) {
                    waits = Future.succeededFuture(false);
                } else {
                    waits = repository.confirmed(tx, meeting.id(), original).map(taken -> taken >= meeting.capacity());
                }
                return waits.compose(waitlisted -> repository.saveReply(tx, meeting.id(), original, actor.id(),
                        new MeetingRepository.Reply(response, waitlisted, delegate, named.email()))
                    .compose(v -> handOver(tx, meeting, occurrence, original, actor, current, named))
                    .compose(v -> wasConfirmed && !"yes".equals(response)
                        ? repository.promoteNext(tx, meeting.id(), original)
                            .compose(promoted -> tellPromoted(tx, meeting, original, promoted))
                        : Future.succeededFuture(Optional.<UUID>empty()))
                    .compose(promoted -> repository.counts(tx, meeting.id()).map(all -> {
                        JsonObject counts = countsOf(all.get(original.toInstant()), meeting.capacity());
                        return new JsonObject()
                            .put("response", response)
                            .put("status", status(response, waitlisted))
                            .put("delegateUserId", delegate == null ? null : delegate.toString())
                            .put("delegateEmail", named.email())
                            .put("counts", counts)
                            .put("promoted", promoted.map(UUID::toString).orElse(null));
                    })));
            }))
            .onSuccess(result -> {
                vertx.eventBus().publish(MeetingEvents.address(meeting.id()),
                    MeetingEvents.rsvpChanged(meeting.id(), key, result.getJsonObject("counts")));
                if (result.getString("promoted") != null) {
                    UUID promoted = UUID.fromString(result.getString("promoted"));
                    vertx.eventBus().publish(MeetingEvents.address(meeting.id()), MeetingEvents.promoted(meeting.id(), key, promoted));
                    vertx.eventBus().publish(AccountEvents.userAddress(promoted), new JsonObject().put("type", "meeting.promoted")
                        .put("userId", promoted.toString()).put("meetingId", meeting.id().toString())
                        .put("title", meeting.title()).put("when", when(meeting, original))
                        .put("href", "/meetings/" + meeting.id()));
                    Notifications.announceTo(vertx, repository.pool(), List.of(promoted));
                }
            })
            .map(result -> {
                result.remove("promoted");
                return result;
            });
    }

    /**
     * Whoever goes on the sender's reply (the delegate, or the sender) holds the sender's workshop places, so a
     * delegate arriving or leaving moves them in the same transaction rather than freeing them for someone else.
     * A delegate who is told in this transaction gets the date in their calendar; one no longer needed gets it
     * taken out.
     */
    private Future<Void> handOver(SqlClient tx, Meeting meeting, Occurrence occurrence, OffsetDateTime original,
                                  SignedInUser actor, Optional<MeetingRepository.Reply> current, Delegate named) {
        UUID before = current.map(MeetingRepository.Reply::delegateId).orElse(null);
        String beforeEmail = current.map(MeetingRepository.Reply::delegateEmail).orElse(null);
        boolean wasGoing = current.map(r -> "yes".equals(r.response())).orElse(false);
        UUID oldHolder = before != null ? before : actor.id();
        UUID newHolder = named.id() != null ? named.id() : actor.id();
        Future<Void> places = wasGoing && !oldHolder.equals(newHolder)
            ? tx.preparedQuery(MeetingSql.HAND_OVER_WORKSHOPS).execute(Tuple.of(meeting.id(), original, oldHolder, newHolder))
                .compose(v -> tx.preparedQuery(MeetingSql.DROP_WORKSHOPS).execute(Tuple.of(meeting.id(), original, oldHolder)))
                .mapEmpty()
            : Future.succeededFuture();
        if (named.sameAs(current)) {
            return places;
        }
        String sender = actor.displayName();
        return places
            .compose(v -> tx.preparedQuery(MeetingSql.DROP_DELEGATE_INVITATION).execute(Tuple.of(meeting.id(), original, actor.id())))
            .compose(v -> named.invited() == null ? Future.succeededFuture()
                : tx.preparedQuery(MeetingSql.INVITE_DELEGATE).execute(Tuple.of(meeting.id(), named.invited(), original, actor.id())))
            .compose(v -> occurrence == null ? Future.<Void>succeededFuture()
                : tellDelegate(tx, meeting, occurrence, before, beforeEmail, sender, true))
            .compose(v -> occurrence == null ? Future.<Void>succeededFuture()
                : tellDelegate(tx, meeting, occurrence, named.id(), named.email(), sender, false));
    }

    /** Tells a delegate (an account, or an address with none yet, or nobody when both are null). */
    private Future<Void> tellDelegate(SqlClient tx, Meeting meeting, Occurrence occurrence, UUID delegate, String email,
                                      String sender, boolean withdrawn) {
        if (delegate == null && email == null) {
            return Future.succeededFuture();
        }
        if (delegate == null) {
            return notices.delegated(tx, meeting, occurrence, new Itip.Recipient(email, null), sender, withdrawn, true);
        }
        return tx.preparedQuery(MeetingSql.PERSON).execute(Tuple.of(delegate)).compose(rows -> {
            Row person = rows.iterator().next();
            return notices.delegated(tx, meeting, occurrence,
                new Itip.Recipient(person.getString("email"), person.getString("display_name")), sender, withdrawn, false);
        });
    }

    /** The occurrences in the window with their reply counts and the caller's own reply. */
    public Future<JsonArray> occurrencesWithReplies(SignedInUser actor, UUID meetingId, String from, String to) {
        Instant[] window = meetings.window(from, to);
        return meetings.visible(actor, meetingId)
            .compose(visible -> occurrencesWithReplies(actor, visible.meeting(), window[0], window[1]));
    }

    /** The same, for a meeting the caller is already known to see. */
    Future<JsonArray> occurrencesWithReplies(SignedInUser actor, Meeting meeting, Instant from, Instant to) {
        return Future.all(meetings.occurrences(meeting, from, to), repository.counts(repository.pool(), meeting.id()),
                repository.repliesOf(meeting.id(), actor.id()))
            .map(all -> {
                List<Occurrence> list = all.resultAt(0);
                Map<Instant, JsonObject> counts = all.resultAt(1);
                Map<Instant, JsonObject> mine = all.resultAt(2);
                JsonArray array = new JsonArray();
                for (Occurrence occurrence : list) {
                    Instant key = occurrence.originalStart().toInstant();
                    array.add(occurrence.toJson()
                        .put("counts", countsOf(counts.get(key), meeting.capacity()))
                        .put("myRsvp", mine.get(key)));
                }
                return array;
            });
    }

    /** The caller's own reply to one occurrence (with the delegate's name), or null when they have not replied. */
    Future<JsonObject> replyOf(SignedInUser actor, UUID meetingId, OffsetDateTime original) {
        return repository.repliesOf(meetingId, actor.id()).map(replies -> replies.get(original.toInstant()));
    }

    /** The name of the person {@code userId} attends this date for, or null when they go for nobody. */
    Future<String> attendingFor(UUID userId, UUID meetingId, OffsetDateTime original) {
        return repository.pool().preparedQuery(MeetingSql.ATTENDING_FOR).execute(Tuple.of(meetingId, original, userId))
            .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("display_name") : null);
    }

    /** Whom a person attends each date of a meeting for, by original start. */
    Future<Map<Instant, String>> attendingFor(UUID userId, UUID meetingId) {
        return repository.pool().preparedQuery(MeetingSql.ATTENDING_FOR_ALL).execute(Tuple.of(meetingId, userId))
            .map(rows -> {
                Map<Instant, String> senders = new java.util.HashMap<>();
                rows.forEach(row -> senders.putIfAbsent(row.getOffsetDateTime("original_start").toInstant(),
                    row.getString("display_name")));
                return senders;
            });
    }

    static JsonObject countsOf(JsonObject counts, Integer capacity) {
        JsonObject result = counts == null
            ? new JsonObject().put("yes", 0L).put("no", 0L).put("maybe", 0L).put("waiting", 0L) : counts.copy();
        return result.put("capacity", capacity);
    }
}
