package uk.nhs.hub.platform;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * 409 {@code stale_version}: a save was made against an older version of something another person saved since
 * (a draft response, a meeting's details, an agenda item or minutes). Nothing is written. The error carries
 * {@code current}, what is stored now with its {@code version}, so the client can show the other person's
 * changes beside its own and save again against that version.
 */
public final class StaleVersion extends HubException {

    /** The request field that carries the version a save was made against. */
    public static final String FIELD = "version";

    private final transient JsonObject current;

    /**
     * @param savedBy who saved the current version, or null when that is not kept (anonymous responses)
     * @param savedAt when they saved it
     * @param current what is stored now, including its {@code version}
     */
    public StaleVersion(String savedBy, Instant savedAt, JsonObject current) {
        super(409, "stale_version", (savedBy == null ? "Someone else" : savedBy) + " saved this at " + clockTime(savedAt)
            + ", after you opened it. Nothing you sent has been saved: check their changes, then save again.", FIELD);
        this.current = current;
    }

    /** What is stored now, with its version. */
    public JsonObject current() {
        return current;
    }

    /**
     * The version a save names, or null when the body names none (an API client that accepts the last save
     * winning).
     */
    public static Integer expected(JsonObject body) {
        Object value = body.getValue(FIELD);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || number.doubleValue() != number.intValue() || number.intValue() < 0) {
            throw HubException.invalid(FIELD, "'version' must be the whole number you were given with what you are changing");
        }
        return number.intValue();
    }

    /** {@link DateTimeWords#savedAt}, now. */
    public static String clockTime(Instant at) {
        return DateTimeWords.savedAt(at, Instant.now());
    }
}
