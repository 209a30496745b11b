package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkAccess;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.StaleVersion;
import uk.nhs.hub.platform.SupportedDates;
import uk.nhs.hub.platform.JsonBodies;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Scheduling: organisers of a network create, change and cancel its meetings and single occurrences; members
 * of the network (and organisers and central teams above it) see them.
 */
public final class MeetingService {

    /** The longest window one occurrence listing may cover. */
    static final Duration MAX_WINDOW = Duration.ofDays(5 * 366);

    private final Vertx vertx;
    private final MeetingRepository meetings;
    private final NetworkService networks;
    private final Clock clock;
    private final MeetingNotices notices;

    MeetingService(Vertx vertx, MeetingRepository meetings, NetworkService networks, Clock clock, MeetingNotices notices) {
        this.vertx = vertx;
        this.meetings = meetings;
        this.networks = networks;
        this.clock = clock;
        this.notices = notices;
    }

    /**
     * A meeting with the caller's access to its network and, for people who see it only by invitation, the
     * occurrences they are invited to ({@code null}: all of them).
     */
    record Visible(Meeting meeting, NetworkAccess access, Set<Instant> onlyOccurrences) {

        /** Whether the caller may reply to (and choose workshops in) this occurrence. */
        boolean mayTakePart(Instant originalStart) {
            return onlyOccurrences == null || onlyOccurrences.contains(originalStart);
        }
    }

    /**
     * A meeting the caller may see: full members of its network, organisers and central teams above, and
     * invitees (a whole invited network, perhaps with the networks inside it, or by name). 404, the same as for
     * an unknown id, to everyone else.
     */
    Future<Visible> visible(SignedInUser actor, UUID meetingId) {
        return meetings.find(meetingId).compose(found -> {
            Meeting meeting = found.orElseThrow(() -> HubException.notFound("Meeting not found"));
            return networks.access(meeting.networkId(), actor.id()).compose(access -> {
                if (access.canViewMembers()) {
                    return Future.succeededFuture(new Visible(meeting, access, null));
                }
                return meetings.invitationsOf(meetingId, actor.id()).map(invitations -> {
                    if (invitations.isEmpty()) {
                        // exactly what an unknown id gets: a meeting id reveals nothing to those it is not for
                        throw HubException.notFound("Meeting not found");
                    }
                    Set<Instant> only = invitations.contains(null) ? null : new java.util.HashSet<>(invitations);
                    return new Visible(meeting, access, only);
                });
            });
        });
    }

    private Future<Visible> manageable(SignedInUser actor, UUID meetingId) {
        return organised(actor, meetingId, "Only an organiser of this network can change its meetings");
    }

    /** A meeting the caller organises; 403 with {@code refusal} otherwise. */
    Future<Visible> organised(SignedInUser actor, UUID meetingId, String refusal) {
        return visible(actor, meetingId).map(visible -> {
            if (!visible.access().isOrganiser()) {
                throw HubException.forbidden(refusal);
            }
            return visible;
        });
    }

    /** 404 unless the meeting has an occurrence that originally starts at {@code original}. */
    static void requireOccurrence(Meeting meeting, OffsetDateTime original) {
        if (!meeting.schedule().occursAt(original.toInstant())) {
            throw HubException.notFound("The meeting has no occurrence starting at " + original);
        }
    }

    /** An occurrence named in a path by its original start with offset; 404 for anything else. */
    static OffsetDateTime originalStart(String text) {
        try {
            OffsetDateTime start = OffsetDateTime.parse(text);
            if (SupportedDates.contains(start.toInstant())) {
                return start;
            }
        } catch (DateTimeParseException e) {
            // the same 404 as a date out of range
        }
        throw HubException.notFound("An occurrence is named by its original start with offset, like 2027-01-12T10:00:00Z");
    }

    public Future<Meeting> create(SignedInUser actor, UUID networkId, JsonObject body) {
        return networks.access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            return meetings.insert(networkId, fields(body, null), actor.id(), (tx, before, meeting) -> notices.scheduled(tx, meeting));
        });
    }

    public Future<Meeting> get(SignedInUser actor, UUID meetingId) {
        return visible(actor, meetingId).map(Visible::meeting);
    }

    /**
     * Changes a meeting. A new schedule takes each date's own changes, replies and records with it; when it leaves
     * out dates that have some, the change is refused with 409 ({@link DroppedChanges}) unless the body says
     * {@code "confirmDroppedChanges": true}.
     */
    public Future<Meeting> update(SignedInUser actor, UUID meetingId, JsonObject body) {
        boolean confirmed = body.getValue(DroppedChanges.FIELD) != null && bool(body, DroppedChanges.FIELD);
        Integer expected;
        try {
            expected = StaleVersion.expected(body);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return manageable(actor, meetingId).compose(visible -> meetings.update(meetingId, fields(body, visible.meeting()),
            confirmed, new MeetingRepository.Saver(actor.id(), expected), notices::changed))
            .onSuccess(meeting -> vertx.eventBus().publish(MeetingEvents.address(meetingId),
                MeetingEvents.saved(meeting, actor.displayName())));
    }

    /** Who last saved the meeting's details, for "Last saved by ... at ..."; null if nobody has since scheduling. */
    Future<String> savedBy(Meeting meeting) {
        return meetings.savedBy(meeting);
    }

    /** Deletes a meeting; everyone invited is sent a cancellation of every date. */
    public Future<Void> delete(SignedInUser actor, UUID meetingId) {
        return manageable(actor, meetingId).compose(visible -> meetings.delete(meetingId,
            (tx, meeting, none) -> notices.deleted(tx, meeting)));
    }

    /** A network's meetings, each with its occurrences in the window. */
    public Future<JsonArray> ofNetwork(SignedInUser actor, UUID networkId, String from, String to) {
        Instant[] window = window(from, to);
        return networks.access(networkId, actor.id()).compose(access -> {
            access.requireMemberView();
            return meetings.ofNetwork(networkId);
        }).compose(list -> {
            List<Future<JsonObject>> expanded = new ArrayList<>();
            for (Meeting meeting : list) {
                expanded.add(occurrences(meeting, window[0], window[1]).map(occurrences -> {
                    JsonArray array = new JsonArray();
                    occurrences.forEach(o -> array.add(o.toJson()));
                    return meeting.toJson().put("occurrences", array);
                }));
            }
            return Future.all(expanded).map(all -> {
                JsonArray result = new JsonArray();
                expanded.forEach(f -> result.add(f.result()));
                return result;
            });
        });
    }

    /** The occurrences of a meeting that start in the window, with cancellations, moves and themes applied. */
    Future<List<Occurrence>> occurrences(Meeting meeting, Instant from, Instant to) {
        return meetings.changes(meeting.id()).map(changes -> expand(meeting, changes, from, to));
    }

    static List<Occurrence> expand(Meeting meeting, List<MeetingRepository.Change> changes, Instant from, Instant to) {
        Map<Instant, MeetingRepository.Change> byOriginal = new HashMap<>();
        changes.forEach(change -> byOriginal.put(change.originalStart().toInstant(), change));
        List<ZonedDateTime> originals = new ArrayList<>(meeting.schedule().between(from, to));
        for (MeetingRepository.Change change : changes) {
            Instant moved = change.movedStart() == null ? null : change.movedStart().toInstant();
            Instant original = change.originalStart().toInstant();
            boolean listed = originals.stream().anyMatch(o -> o.toInstant().equals(original));
            if (!listed && moved != null && !moved.isBefore(from) && moved.isBefore(to)) {
                originals.addAll(meeting.schedule().between(original, original.plusSeconds(1)));
            }
        }
        List<Occurrence> occurrences = new ArrayList<>();
        for (ZonedDateTime original : originals) {
            MeetingRepository.Change change = byOriginal.get(original.toInstant());
            ZonedDateTime start = change != null && change.movedStart() != null
                ? change.movedStart().atZoneSameInstant(meeting.schedule().zone()) : original;
            if (change != null && change.movedStart() != null && (start.toInstant().isBefore(from) || !start.toInstant().isBefore(to))) {
                continue;
            }
            occurrences.add(occurrence(meeting, original, start, change == null ? MeetingRepository.Change.none(
                original.toOffsetDateTime()) : change));
        }
        occurrences.sort(Comparator.comparing(o -> o.start().toInstant()));
        return occurrences;
    }

    /** The occurrence that originally starts at {@code original}, with its changes applied; 404 when there is none. */
    Future<Occurrence> occurrence(Meeting meeting, OffsetDateTime original) {
        requireOccurrence(meeting, original);
        return meetings.changes(meeting.id()).map(changes -> {
            MeetingRepository.Change change = changes.stream()
                .filter(c -> c.originalStart().toInstant().equals(original.toInstant())).findFirst()
                .orElse(MeetingRepository.Change.none(original));
            java.time.ZoneId zone = meeting.schedule().zone();
            return occurrence(meeting, original.atZoneSameInstant(zone), change.movedStart() == null
                ? original.atZoneSameInstant(zone) : change.movedStart().atZoneSameInstant(zone), change);
        });
    }

    private static Occurrence occurrence(Meeting meeting, ZonedDateTime original, ZonedDateTime start,
                                         MeetingRepository.Change change) {
        return new Occurrence(original, start, start.plus(meeting.duration()), change.cancelled(),
            change.movedStart() != null, change.theme(),
            change.location() != null ? change.location() : meeting.location(),
            change.onlineUrl() != null ? change.onlineUrl() : meeting.onlineUrl());
    }

    /**
     * Cancels or reinstates, moves (or moves back), themes or relocates one occurrence, named by its original start.
     * An empty {@code theme}, {@code location} or {@code onlineUrl} removes the occurrence's own value.
     */
    public Future<Occurrence> changeOccurrence(SignedInUser actor, UUID meetingId, String originalStart, JsonObject body) {
        OffsetDateTime original = originalStart(originalStart);
        return manageable(actor, meetingId).compose(visible -> {
            Meeting meeting = visible.meeting();
            requireOccurrence(meeting, original);
            return meetings.changes(meetingId).compose(changes -> {
                MeetingRepository.Change current = changes.stream()
                    .filter(c -> c.originalStart().toInstant().equals(original.toInstant())).findFirst()
                    .orElse(MeetingRepository.Change.none(original));
                boolean cancelled = body.containsKey("cancelled") ? bool(body, "cancelled") : current.cancelled();
                OffsetDateTime moved = current.movedStart();
                if (body.containsKey("start")) {
                    String text = text(body, "start");
                    moved = text == null ? null : localDateTime(text, "start").atZone(meeting.schedule().zone()).toOffsetDateTime();
                    if (moved != null && moved.toInstant().equals(original.toInstant())) {
                        moved = null;
                    }
                }
                String theme = body.containsKey("theme") ? trimmed(text(body, "theme"), "theme", 200) : current.theme();
                String location = body.containsKey("location") ? trimmed(text(body, "location"), "location", 500)
                    : current.location();
                String onlineUrl = body.containsKey("onlineUrl") ? url(trimmed(text(body, "onlineUrl"), "onlineUrl", 2000))
                    : current.onlineUrl();
                String reason = body.containsKey("reason") ? trimmed(text(body, "reason"), "reason", 1000) : null;
                MeetingRepository.Change change = new MeetingRepository.Change(original, cancelled, moved, theme,
                    location, onlineUrl);
                Occurrence changed = expand(meeting, List.of(change),
                        original.toInstant(), original.toInstant().plusSeconds(1)).stream().findFirst()
                    .orElseGet(() -> occurrence(meeting, original.atZoneSameInstant(meeting.schedule().zone()),
                        change.movedStart().atZoneSameInstant(meeting.schedule().zone()), change));
                return meetings.saveChange(meetingId, change, (tx, before, after) -> notices.dateChanged(tx, after,
                    current, change, changed, reason)).map(told -> {
                        Notifications.announceTo(vertx, meetings.pool(), told);
                        return changed;
                    });
            });
        }).onSuccess(occurrence -> vertx.eventBus().publish(MeetingEvents.address(meetingId),
            MeetingEvents.occurrenceChanged(meetingId, occurrence.toJson())));
    }

    /** The meeting with its changes, for its calendar. */
    Future<Calendars.Entry> calendarEntry(SignedInUser actor, UUID meetingId) {
        return visible(actor, meetingId).compose(visible -> meetings.changes(meetingId)
            .map(changes -> new Calendars.Entry(visible.meeting(), changes)));
    }

    // ---- validation ---------------------------------------------------------------------------------------

    /** The fields of a new meeting, or of an edit merged over {@code current}. */
    static MeetingRepository.Fields fields(JsonObject body, Meeting current) {
        boolean create = current == null;
        String title = body.containsKey("title") || create
            ? required(text(body, "title"), "title", "Enter a title for the meeting", 200) : current.title();
        String description = body.containsKey("description") ? trimmed(text(body, "description"), "description", 5000)
            : create ? null : current.description();
        LocalDateTime start = body.containsKey("start") || create
            ? localDateTime(required(text(body, "start"), "start", "Enter when the first meeting starts, like 2027-01-12T10:00", 40), "start")
            : current.schedule().start();
        String timeZone = body.containsKey("timeZone") ? text(body, "timeZone")
            : create ? null : current.schedule().zone().getId();
        Integer duration = body.containsKey("durationMinutes") || create ? integer(body, "durationMinutes") : Integer.valueOf(current.durationMinutes());
        if (duration == null || duration < 1 || duration > 7 * 24 * 60) {
            throw HubException.invalid("durationMinutes", "Duration must be between 1 minute and 7 days, in minutes");
        }
        String rrule = body.containsKey("rrule") ? text(body, "rrule") : create ? null : current.schedule().rrule();
        Recurrence schedule = Recurrence.of(start, timeZone, rrule);
        String location = body.containsKey("location") ? trimmed(text(body, "location"), "location", 500)
            : create ? null : current.location();
        String onlineUrl = body.containsKey("onlineUrl") ? url(trimmed(text(body, "onlineUrl"), "onlineUrl", 2000))
            : create ? null : current.onlineUrl();
        Integer capacity = body.containsKey("capacity") ? integer(body, "capacity") : create ? null : current.capacity();
        if (capacity != null && capacity < 1) {
            throw HubException.invalid("capacity", "Capacity must be at least 1, or left out for no limit");
        }
        List<String> titles = body.containsKey("requiredRoleTitles") ? roleTitles(body.getValue("requiredRoleTitles"))
            : create ? List.of() : current.requiredRoleTitles();
        Integer reminderHours = body.containsKey("reminderHours") ? integer(body, "reminderHours")
            : create ? null : current.reminderHours();
        if (reminderHours != null && (reminderHours < 1 || reminderHours > 336)) {
            throw HubException.invalid("reminderHours", "Remind between 1 hour and 14 days (336 hours) before, or leave it out");
        }
        Integer guestAllowance = body.containsKey("guestAllowance") ? integer(body, "guestAllowance")
            : create ? null : current.guestAllowance();
        if (guestAllowance != null && (guestAllowance < 1 || guestAllowance > 20)) {
            throw HubException.invalid("guestAllowance", "Each participant may bring between 1 and 20 guests, or leave it out");
        }
        return new MeetingRepository.Fields(title, description, start, schedule.zone().getId(), duration,
            schedule.rrule(), location, onlineUrl, capacity, titles, reminderHours, guestAllowance);
    }

    private static List<String> roleTitles(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw HubException.invalid("requiredRoleTitles", "'requiredRoleTitles' must be a list of role titles");
        }
        List<String> titles = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String text) || text.isBlank() || text.length() > 100) {
                throw HubException.invalid("requiredRoleTitles", "Each required role title must be text of up to 100 characters");
            }
            if (titles.stream().noneMatch(t -> t.equalsIgnoreCase(text.strip()))) {
                titles.add(text.strip());
            }
        }
        if (titles.size() > 20) {
            throw HubException.invalid("requiredRoleTitles", "Require at most 20 role titles");
        }
        return titles;
    }

    Instant[] window(String from, String to) {
        Instant start = from == null || from.isBlank() ? clock.instant() : instant(from, "from");
        Instant end = to == null || to.isBlank() ? start.plus(Duration.ofDays(366)) : instant(to, "to");
        if (!end.isAfter(start)) {
            throw HubException.invalid("to", "'to' must be after 'from'");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw HubException.invalid("to", "Ask for at most five years of occurrences at a time");
        }
        return new Instant[]{start, end};
    }

    private static Instant instant(String text, String field) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException again) {
                throw HubException.invalid(field, "'" + field + "' must be a date like 2027-01-01 or a date and time with offset");
            }
        }
        return SupportedDates.require(instant, field);
    }

    static LocalDateTime localDateTime(String text, String field) {
        try {
            return SupportedDates.require(LocalDateTime.parse(text), field);
        } catch (DateTimeParseException e) {
            throw HubException.invalid(field, "'" + field + "' must be a local date and time like 2027-01-12T10:00");
        }
    }

    private static String text(JsonObject body, String field) {
        return JsonBodies.text(body, field);
    }

    private static Integer integer(JsonObject body, String field) {
        return JsonBodies.smallInteger(body, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static boolean bool(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (!(value instanceof Boolean flag)) {
            throw HubException.invalid(field, "'" + field + "' must be true or false");
        }
        return flag;
    }

    private static String required(String value, String field, String missing, int max) {
        String text = trimmed(value, field, max);
        if (text == null) {
            throw HubException.invalid(field, missing);
        }
        return text;
    }

    private static String trimmed(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > max) {
            throw HubException.invalid(field, "'" + field + "' must be " + max + " characters or fewer");
        }
        return text;
    }

    private static String url(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (java.net.URISyntaxException ignored) {
            // reported below
        }
        throw HubException.invalid("onlineUrl", "The online meeting link must be a web address starting https://");
    }
}
