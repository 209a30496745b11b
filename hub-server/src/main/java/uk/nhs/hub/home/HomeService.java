package uk.nhs.hub.home;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.meeting.Recurrence;
import uk.nhs.hub.platform.DateTimeWords;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Gathers a person's home: what needs them, their next meeting dates and their unread threads, in two statements. */
final class HomeService {

    /** Meeting dates this close that the person has not answered need them. */
    static final Duration ANSWER_WINDOW = Duration.ofDays(30);
    /** How far ahead the next meeting dates are looked for. */
    static final Duration UPCOMING_WINDOW = Duration.ofDays(366);
    static final int UPCOMING = 5;

    /** What the person is asked to do, by kind: the words before the item's title. */
    private static final Map<String, String> ASKS = Map.ofEntries(
        Map.entry("broadcast-acknowledgement", "Acknowledge the broadcast"),
        Map.entry("broadcast-response", "Respond to the broadcast"),
        Map.entry("meeting-date", "Say if you are coming to"),
        Map.entry("mention", "You were mentioned:"),
        Map.entry("reply", "New reply:"),
        Map.entry("join-request", "Decide on a request to join from"),
        Map.entry("guest-nomination", "Decide on a guest nomination for"),
        Map.entry("meeting-guest", "Decide on a meeting guest:"),
        Map.entry("action", "Your action:"),
        Map.entry("invitation", "Accept your invitation to"));

    private final Pool pool;
    private final Clock clock;

    HomeService(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    Future<JsonObject> of(UUID userId) {
        Instant now = clock.instant();
        Future<List<Row>> listed = pool.preparedQuery(HomeSql.NEEDS_AND_ACTIVITY).execute(Tuple.of(userId))
            .map(rows -> {
                List<Row> all = new ArrayList<>();
                rows.forEach(all::add);
                return all;
            });
        Future<List<Row>> meetings = pool.preparedQuery(HomeSql.MEETINGS)
            .execute(Tuple.of(userId, now.atOffset(java.time.ZoneOffset.UTC), now.plus(UPCOMING_WINDOW).atOffset(java.time.ZoneOffset.UTC)))
            .map(rows -> {
                List<Row> all = new ArrayList<>();
                rows.forEach(all::add);
                return all;
            });
        return Future.all(listed, meetings).map(both -> assemble(listed.result(), meetings.result(), now));
    }

    private static JsonObject assemble(List<Row> listed, List<Row> meetingRows, Instant now) {
        List<JsonObject> needs = new ArrayList<>();
        JsonArray activity = new JsonArray();
        JsonArray networks = new JsonArray();
        for (Row row : listed) {
            if ("network".equals(row.getString("section"))) {
                networks.add(row.getUUID("network_id").toString());
                continue;
            }
            JsonObject item = item(row);
            if ("activity".equals(row.getString("section"))) {
                item.remove("since");
                item.put("unread", row.getInteger("unread"));
                if (row.getOffsetDateTime("since") != null) {
                    item.put("lastPostAt", row.getOffsetDateTime("since").toInstant().toString())
                        .put("lastPostText", DateTimeWords.timestamp(row.getOffsetDateTime("since").toInstant()));
                }
                activity.add(item);
            } else {
                needs.add(item);
            }
        }
        Instant soon = now.plus(ANSWER_WINDOW);
        JsonArray upcoming = new JsonArray();
        for (MeetingDate date : dates(meetingRows, now)) {
            if (date.answer() == null && date.start().isBefore(soon)) {
                needs.add(new JsonObject().put("kind", "meeting-date").put("title", date.series().title)
                    .put("network", date.series().network()).put("href", date.href())
                    .put("due", date.start().toString()).put("since", date.start().toString()));
            }
            if (upcoming.size() < UPCOMING) {
                // only the few dates shown need their words
                ZonedDateTime local = date.start().atZone(date.series().recurrence.zone());
                upcoming.add(new JsonObject().put("title", date.series().title).put("network", date.series().network())
                    .put("href", date.href()).put("start", date.start().toString())
                    .put("answer", date.answer() == null ? null : date.answer().getString("response"))
                    .put("waitlisted", date.answer() != null && Boolean.TRUE.equals(date.answer().getBoolean("waitlisted")))
                    .put("when", DateTimeWords.range(local, local.plus(date.series().length), DateTimeWords.READER)));
            } else if (!date.start().isBefore(soon)) {
                // sorted by start: nothing later needs an answer, and the dates shown are all chosen
                break;
            }
        }
        sortByMoments(needs, "due", "since");
        JsonArray needsYou = new JsonArray();
        for (JsonObject item : needs) {
            item.put("ask", ASKS.get(item.getString("kind")));
            if (item.getString("due") != null) {
                item.put("dueText", DateTimeWords.moment(Instant.parse(item.getString("due")).atZone(DateTimeWords.READER),
                    DateTimeWords.READER));
            }
            item.remove("since");
            needsYou.add(item);
        }
        return new JsonObject().put("needsYou", needsYou).put("upcoming", upcoming).put("activity", activity)
            .put("networks", networks);
    }

    private static JsonObject item(Row row) {
        String kind = row.getString("kind");
        UUID ref = row.getUUID("ref_id");
        String slug = row.getString("slug");
        OffsetDateTime refStart = row.getOffsetDateTime("ref_start");
        String href = switch (kind) {
            case "broadcast-acknowledgement", "broadcast-response" -> "/broadcasts/" + ref;
            case "join-request", "guest-nomination" -> "/networks/" + slug + "/requests";
            case "meeting-guest", "action" -> occurrenceHref(ref, refStart.toInstant());
            case "invitation" -> "/invitations";
            case "thread" -> "/threads/" + ref;
            default -> row.getString("href");
        };
        JsonObject item = new JsonObject().put("kind", kind).put("title", row.getString("title"))
            .put("network", row.getUUID("network_id") == null ? null
                : new JsonObject().put("id", row.getUUID("network_id").toString()).put("name", row.getString("network_name")))
            .put("href", href);
        if (row.getOffsetDateTime("due") != null) {
            item.put("due", row.getOffsetDateTime("due").toInstant().toString());
        }
        if (row.getOffsetDateTime("since") != null) {
            item.put("since", row.getOffsetDateTime("since").toInstant().toString());
        }
        return item;
    }

    static String occurrenceHref(UUID meetingId, Instant originalStart) {
        return "/meetings/" + meetingId + "/occurrence?start="
            + URLEncoder.encode(originalStart.toString(), StandardCharsets.UTF_8);
    }

    /** One meeting series of the person's, read once: its dates, which of them they are invited to, changes, answers. */
    private static final class Series {
        private final Row row;
        private final UUID meetingId;
        private final String title;
        private final Recurrence recurrence;
        private final Duration length;
        private final boolean every;
        private final Set<Instant> only = new HashSet<>();
        private final Map<Instant, JsonObject> changes;
        private final Map<Instant, JsonObject> answers;

        Series(Row row) {
            this.row = row;
            this.meetingId = row.getUUID("id");
            this.title = row.getString("title");
            this.recurrence = Recurrence.of(row.getLocalDateTime("start_local"), row.getString("time_zone"), row.getString("rrule"));
            this.length = Duration.ofMinutes(row.getInteger("duration_minutes"));
            boolean whole = Boolean.TRUE.equals(row.getBoolean("whole"));
            OffsetDateTime[] onlyStarts = row.getArrayOfOffsetDateTimes("only_starts");
            if (onlyStarts != null) {
                for (OffsetDateTime start : onlyStarts) {
                    if (start == null) {
                        whole = true;
                    } else {
                        only.add(start.toInstant());
                    }
                }
            }
            this.every = whole;
            this.changes = byStart(row.getValue("changes"));
            this.answers = byStart(row.getValue("answers"));
        }

        JsonObject network() {
            return new JsonObject().put("id", row.getUUID("network_id").toString()).put("name", row.getString("network_name"));
        }

        /**
         * Adds the dates the person is invited to whose original start is in {@code [from, to)} and whose start, moved
         * or not, is in {@code [now, until)}; with {@code changed}, every changed date too, wherever it was moved from
         * (a date moved forward into the window starts from an original before it), and without, none of them.
         */
        void datesBetween(Instant from, Instant to, boolean changed, Instant now, Instant until, List<MeetingDate> into) {
            Set<Instant> originals = new java.util.TreeSet<>();
            recurrence.between(from, to).forEach(start -> originals.add(start.toInstant()));
            if (changed) {
                originals.addAll(changes.keySet());
            } else {
                originals.removeAll(changes.keySet());
            }
            for (Instant original : originals) {
                if (!every && !only.contains(original)) {
                    continue;
                }
                JsonObject change = changes.get(original);
                if (change != null && (Boolean.TRUE.equals(change.getBoolean("cancelled")) || !recurrence.occursAt(original))) {
                    continue;
                }
                Instant start = change != null && change.getString("movedStart") != null
                    ? OffsetDateTime.parse(change.getString("movedStart")).toInstant() : original;
                if (start.isBefore(now) || !start.isBefore(until)) {
                    continue;
                }
                into.add(new MeetingDate(this, original, start, answers.get(original)));
            }
        }
    }

    /** One date of a series: where it started and starts now, and the person's answer (null if none). */
    private record MeetingDate(Series series, Instant original, Instant start, JsonObject answer) {

        String href() {
            return occurrenceHref(series.meetingId, original);
        }
    }

    /**
     * The person's meeting dates from now on, soonest first, each with their answer. Those in the answer window are
     * read first: every date not yet read then starts on its own original start, after the window, so when enough
     * dates fall in it to fill the upcoming list, the rest of the year (52 dates of each weekly meeting) is not read.
     */
    private static List<MeetingDate> dates(List<Row> rows, Instant now) {
        Instant soon = now.plus(ANSWER_WINDOW);
        Instant until = now.plus(UPCOMING_WINDOW);
        List<Series> series = new ArrayList<>(rows.size());
        rows.forEach(row -> series.add(new Series(row)));
        List<MeetingDate> dates = new ArrayList<>();
        for (Series one : series) {
            one.datesBetween(now.minus(Duration.ofDays(1)), soon, true, now, until, dates);
        }
        if (dates.stream().filter(date -> date.start().isBefore(soon)).count() < UPCOMING) {
            for (Series one : series) {
                one.datesBetween(soon, until, false, now, until, dates);
            }
        }
        // dates at the same moment in a fixed order, whichever reading found them
        dates.sort(Comparator.comparing(MeetingDate::start).thenComparing(date -> date.series().meetingId)
            .thenComparing(MeetingDate::original));
        return dates;
    }

    /**
     * Sorts by the moments in {@code fields}, earliest first and missing ones last, reading each moment once: a
     * member of many networks has hundreds of items, and parsing inside the comparison was the page's hottest code.
     */
    private static void sortByMoments(List<JsonObject> items, String... fields) {
        Map<JsonObject, Instant[]> keys = new java.util.IdentityHashMap<>();
        for (JsonObject item : items) {
            Instant[] moments = new Instant[fields.length];
            for (int i = 0; i < fields.length; i++) {
                String iso = item.getString(fields[i]);
                moments[i] = iso == null ? null : Instant.parse(iso);
            }
            keys.put(item, moments);
        }
        Comparator<Instant> earliest = Comparator.nullsLast(Comparator.naturalOrder());
        items.sort((a, b) -> {
            Instant[] x = keys.get(a);
            Instant[] y = keys.get(b);
            for (int i = 0; i < fields.length; i++) {
                int order = earliest.compare(x[i], y[i]);
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        });
    }

    private static Map<Instant, JsonObject> byStart(Object json) {
        Map<Instant, JsonObject> byStart = new HashMap<>();
        if (json instanceof JsonArray array) {
            for (Object entry : array) {
                JsonObject object = (JsonObject) entry;
                byStart.put(OffsetDateTime.parse(object.getString("originalStart")).toInstant(), object);
            }
        }
        return byStart;
    }
}
