package uk.nhs.hub.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The dates the hub accepts from a request: the years 1900 to 2999. Java and PostgreSQL hold dates far beyond
 * these, but recurrence arithmetic and timestamp encoding fail long before year 999999999, so a date outside
 * them is refused as invalid input rather than left to fail deep inside a change.
 */
public final class SupportedDates {

    /** The earliest moment accepted. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    /** The latest moment accepted. */
    public static final Instant LATEST = Instant.parse("2999-12-31T23:59:59Z");

    private SupportedDates() {
    }

    /** Whether the moment is one the hub accepts. */
    public static boolean contains(Instant at) {
        return !at.isBefore(EARLIEST) && !at.isAfter(LATEST);
    }

    /** The moment, or a 400 naming the field when it is outside the years the hub accepts. */
    public static Instant require(Instant at, String field) {
        if (!contains(at)) {
            throw HubException.invalid(field, "'" + field + "' must be between the years 1900 and 2999");
        }
        return at;
    }

    /** A local date and time, or a 400 naming the field when it is outside the years the hub accepts. */
    public static LocalDateTime require(LocalDateTime at, String field) {
        require(at.toInstant(ZoneOffset.UTC), field);
        return at;
    }
}
