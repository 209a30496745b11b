package uk.nhs.hub.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A meeting of a network, with its schedule. */
public record Meeting(UUID id, UUID networkId, String title, String description, Recurrence schedule,
                      int durationMinutes, String location, String onlineUrl, Integer capacity, int sequence,
                      OffsetDateTime updatedAt, List<String> requiredRoleTitles, Integer reminderHours,
                      Integer guestAllowance, int version, UUID updatedBy) {

    static Meeting fromRow(Row row) {
        return new Meeting(row.getUUID("id"), row.getUUID("network_id"), row.getString("title"),
            row.getString("description"),
            Recurrence.of(row.getLocalDateTime("start_local"), row.getString("time_zone"), row.getString("rrule")),
            row.getInteger("duration_minutes"), row.getString("location"), row.getString("online_url"),
            row.getInteger("capacity"), row.getInteger("sequence"), row.getOffsetDateTime("updated_at"),
            List.of(row.getArrayOfStrings("required_role_titles")), row.getInteger("reminder_hours"),
            row.getInteger("guest_allowance"), row.getInteger("lock_version"), row.getUUID("updated_by"));
    }

    public Duration duration() {
        return Duration.ofMinutes(durationMinutes);
    }

    public JsonObject toJson() {
        return new JsonObject()
            .put("id", id.toString())
            .put("networkId", networkId.toString())
            .put("title", title)
            .put("description", description)
            .put("start", schedule.start().toString())
            .put("timeZone", schedule.zone().getId())
            .put("durationMinutes", durationMinutes)
            .put("rrule", schedule.rrule())
            .put("location", location)
            .put("onlineUrl", onlineUrl)
            .put("capacity", capacity)
            .put("sequence", sequence)
            .put("requiredRoleTitles", new JsonArray(requiredRoleTitles))
            .put("reminderHours", reminderHours)
            .put("guestAllowance", guestAllowance)
            .put("version", version)
            .put("updatedAt", updatedAt.toString());
    }
}
