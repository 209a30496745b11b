package uk.nhs.hub.meeting;

import io.vertx.core.json.JsonObject;

import java.time.ZonedDateTime;

/**
 * One dated instance of a meeting. {@code originalStart} identifies it for ever (the RECURRENCE-ID), even when
 * the occurrence has been moved. {@code location} and {@code onlineUrl} are where this occurrence is held: its
 * own venue or link when it has one, otherwise the meeting's.
 */
public record Occurrence(ZonedDateTime originalStart, ZonedDateTime start, ZonedDateTime end, boolean cancelled,
                         boolean moved, String theme, String location, String onlineUrl) {

    public JsonObject toJson() {
        return new JsonObject()
            .put("originalStart", originalStart.toOffsetDateTime().toString())
            .put("start", start.toOffsetDateTime().toString())
            .put("end", end.toOffsetDateTime().toString())
            .put("status", cancelled ? "cancelled" : moved ? "moved" : "scheduled")
            .put("theme", theme)
            .put("location", location)
            .put("onlineUrl", onlineUrl);
    }
}
