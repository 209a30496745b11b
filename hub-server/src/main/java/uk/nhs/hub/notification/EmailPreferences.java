package uk.nhs.hub.notification;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.HubException;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * How a person wants each category of notice emailed, their digest hour and time zone. No saved row means the
 * defaults of V29__notifications.sql; saving always writes every field.
 */
final class EmailPreferences {

    /** The categories a person chooses for, in the order pages and the API show them. */
    static final List<String> CATEGORIES = List.of("mentions", "replies", "watching", "broadcasts", "meetings");
    static final List<String> CHOICES = List.of("immediately", "daily", "weekly", "off");
    static final String DEFAULT_ZONE = "Europe/London";
    static final int DEFAULT_HOUR = 8;

    /** IANA region zones (such as Europe/London), without the fixed offsets and legacy aliases Java also knows. */
    static final Set<String> ZONES = zones();

    /** One person's choices: category to choice, the digest hour (0 to 23) and the time zone. */
    record Choices(Map<String, String> byCategory, int digestHour, String timeZone) {

        JsonObject toJson() {
            JsonObject json = new JsonObject();
            CATEGORIES.forEach(category -> json.put(category, byCategory.get(category)));
            return json.put("digestHour", digestHour).put("timeZone", timeZone);
        }
    }

    private static final String LOAD = """
        SELECT mentions, replies, watching, broadcasts, meetings, digest_hour, time_zone FROM email_preferences
        WHERE user_id = $1
        """;
    private static final String SAVE = """
        INSERT INTO email_preferences (user_id, mentions, replies, watching, broadcasts, meetings, digest_hour, time_zone)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (user_id) DO UPDATE SET mentions = excluded.mentions, replies = excluded.replies,
            watching = excluded.watching, broadcasts = excluded.broadcasts, meetings = excluded.meetings,
            digest_hour = excluded.digest_hour, time_zone = excluded.time_zone, updated_at = now()
        """;
    /** Turns off one category ($2) or, for 'digest', every category the person gets in a digest. */
    private static final String TURN_OFF = """
        INSERT INTO email_preferences (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING
        """;
    private static final String OFF = """
        UPDATE email_preferences SET
            mentions = CASE WHEN $2 = 'mentions' OR ($2 = 'digest' AND mentions IN ('daily', 'weekly')) THEN 'off' ELSE mentions END,
            replies = CASE WHEN $2 = 'replies' OR ($2 = 'digest' AND replies IN ('daily', 'weekly')) THEN 'off' ELSE replies END,
            watching = CASE WHEN $2 = 'watching' OR ($2 = 'digest' AND watching IN ('daily', 'weekly')) THEN 'off' ELSE watching END,
            broadcasts = CASE WHEN $2 = 'broadcasts' OR ($2 = 'digest' AND broadcasts IN ('daily', 'weekly')) THEN 'off' ELSE broadcasts END,
            meetings = CASE WHEN $2 = 'meetings' OR ($2 = 'digest' AND meetings IN ('daily', 'weekly')) THEN 'off' ELSE meetings END,
            updated_at = now()
        WHERE user_id = $1
        """;

    private EmailPreferences() {
    }

    static Choices defaults() {
        return new Choices(Map.of("mentions", "immediately", "replies", "daily", "watching", "daily",
            "broadcasts", "immediately", "meetings", "daily"), DEFAULT_HOUR, DEFAULT_ZONE);
    }

    static Future<Choices> load(Pool pool, UUID userId) {
        return pool.preparedQuery(LOAD).execute(Tuple.of(userId)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return defaults();
            }
            Row row = it.next();
            Map<String, String> byCategory = new LinkedHashMap<>();
            CATEGORIES.forEach(category -> byCategory.put(category, row.getString(category)));
            return new Choices(byCategory, row.getInteger("digest_hour"), row.getString("time_zone"));
        });
    }

    static Future<Void> save(Pool pool, UUID userId, Choices choices) {
        Map<String, String> c = choices.byCategory();
        return pool.preparedQuery(SAVE).execute(Tuple.from(new Object[] {userId, c.get("mentions"), c.get("replies"),
            c.get("watching"), c.get("broadcasts"), c.get("meetings"), (short) choices.digestHour(), choices.timeZone()}))
            .mapEmpty();
    }

    /** Turns a category off (or, for {@code digest}, every category they get in a digest), in the caller's transaction. */
    static Future<Void> turnOff(SqlClient tx, UUID userId, String category) {
        return tx.preparedQuery(TURN_OFF).execute(Tuple.of(userId))
            .compose(v -> tx.preparedQuery(OFF).execute(Tuple.of(userId, category))).mapEmpty();
    }

    /**
     * Reads every field of a submission (from JSON or a form, as text), naming each one that is missing or wrong;
     * all problems are reported at once so a form can show them together.
     */
    static Choices parse(Map<String, Object> submitted, boolean fromForm) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> byCategory = new LinkedHashMap<>();
        for (String category : CATEGORIES) {
            Object value = submitted.get(category);
            if (!(value instanceof String text) || !CHOICES.contains(text)) {
                errors.put(category, fromForm ? "Select how often to email you about " + words(category)
                    : "'" + category + "' must be one of immediately, daily, weekly or off");
            } else {
                byCategory.put(category, text);
            }
        }
        Integer hour = hour(submitted.get("digestHour"), fromForm);
        if (hour == null) {
            errors.put("digestHour", fromForm ? "Select the time to send your digest"
                : "'digestHour' must be a whole number from 0 to 23");
        }
        Object zone = submitted.get("timeZone");
        if (!(zone instanceof String text) || !ZONES.contains(text)) {
            errors.put("timeZone", fromForm ? "Select your time zone"
                : "'timeZone' must be an IANA time zone such as Europe/London");
        }
        if (!errors.isEmpty()) {
            throw HubException.invalidFields(errors);
        }
        return new Choices(byCategory, hour, (String) zone);
    }

    private static Integer hour(Object value, boolean fromForm) {
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            number = ((Number) value).longValue();
        } else if (fromForm && value instanceof String text && text.matches("[0-9]{1,2}")) {
            number = Long.parseLong(text);
        } else {
            return null;
        }
        return number >= 0 && number <= 23 ? (int) number : null;
    }

    /** How the pages and messages name a category. */
    static String words(String category) {
        return switch (category) {
            case "mentions" -> "mentions of you";
            case "replies" -> "replies to your posts";
            case "watching" -> "new posts in threads you watch";
            case "broadcasts" -> "broadcasts to your networks";
            case "meetings" -> "meetings";
            default -> "your digest";
        };
    }

    private static Set<String> zones() {
        java.util.SortedSet<String> zones = new TreeSet<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            // region zones are Area/Location; the rest are offsets, legacy names (US/Pacific, SystemV/...) and aliases
            if (id.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_/-]+")) {
                zones.add(id);
            }
        }
        zones.add("UTC");
        return java.util.Collections.unmodifiableSortedSet(zones);
    }
}
