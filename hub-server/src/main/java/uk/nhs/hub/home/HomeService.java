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
import java.time.ZoneId;
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
        List<JsonObject> dates = dates(meetingRows, now);
        JsonArray upcoming = new JsonArray();
        for (JsonObject date : dates) {
            Instant start = Instant.parse(date.getString("start"));
            if (date.getString("answer") == null && start.isBefore(now.plus(ANSWER_WINDOW))) {
                needs.add(new JsonObject().put("kind", "meeting-date").put("title", date.getString("title"))
                    .put("network", date.getJsonObject("network")).put("href", date.getString("href"))
                    .put("due", date.getString("start")).put("since", date.getString("start")));
            }
            ZonedDateTime local = start.atZone(ZoneId.of((String) date.remove("zone")));
            Duration length = Duration.ofMinutes((Integer) date.remove("minutes"));
            if (upcoming.size() < UPCOMING) {
                // a weekly meeting has 52 dates in the window; only the few shown need their words
                upcoming.add(date.put("when", DateTimeWords.range(local, local.plus(length), DateTimeWords.READER)));
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

    /** The person's meeting dates from now on, soonest first, each with their answer. */
    private static List<JsonObject> dates(List<Row> rows, Instant now) {
        Instant until = now.plus(UPCOMING_WINDOW);
        List<JsonObject> dates = new ArrayList<>();
        for (Row row : rows) {
            Recurrence recurrence = Recurrence.of(row.getLocalDateTime("start_local"), row.getString("time_zone"),
                row.getString("rrule"));
            Set<Instant> only = new HashSet<>();
            boolean every = Boolean.TRUE.equals(row.getBoolean("whole"));
            OffsetDateTime[] onlyStarts = row.getArrayOfOffsetDateTimes("only_starts");
            if (onlyStarts != null) {
                for (OffsetDateTime start : onlyStarts) {
                    if (start == null) {
                        every = true;
                    } else {
                        only.add(start.toInstant());
                    }
                }
            }
            Map<Instant, JsonObject> changes = byStart(row.getValue("changes"));
            Map<Instant, JsonObject> answers = byStart(row.getValue("answers"));
            Duration length = Duration.ofMinutes(row.getInteger("duration_minutes"));
            // a date moved forward into the window starts from an original start before it
            Set<Instant> originals = new java.util.TreeSet<>();
            recurrence.between(now.minus(Duration.ofDays(1)), until).forEach(start -> originals.add(start.toInstant()));
            changes.keySet().forEach(originals::add);
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
                JsonObject answer = answers.get(original);
                dates.add(new JsonObject().put("title", row.getString("title"))
                    .put("network", new JsonObject().put("id", row.getUUID("network_id").toString())
                        .put("name", row.getString("network_name")))
                    .put("href", occurrenceHref(row.getUUID("id"), original))
                    .put("start", start.toString())
                    .put("zone", recurrence.zone().getId())
                    .put("minutes", (int) length.toMinutes())
                    .put("answer", answer == null ? null : answer.getString("response"))
                    .put("waitlisted", answer != null && Boolean.TRUE.equals(answer.getBoolean("waitlisted"))));
            }
        }
        sortByMoments(dates, "start");
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
