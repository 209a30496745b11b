package uk.nhs.hub.meeting;

/** The SQL of the meeting feature. */
final class MeetingSql {

    private MeetingSql() {
    }

    static final String COLUMNS = """
        id, network_id, title, description, start_local, time_zone, duration_minutes, rrule, location, online_url,
        capacity, sequence, updated_at""";

    static final String INSERT = """
        INSERT INTO meetings (network_id, title, description, start_local, time_zone, duration_minutes, rrule,
                              location, online_url, capacity, created_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        RETURNING\s""" + COLUMNS;

    static final String FIND = "SELECT " + COLUMNS + " FROM meetings WHERE id = $1";

    static final String OF_NETWORK = "SELECT " + COLUMNS + " FROM meetings WHERE network_id = $1 ORDER BY start_local";

    static final String UPDATE = """
        UPDATE meetings SET title = $2, description = $3, start_local = $4, time_zone = $5, duration_minutes = $6,
               rrule = $7, location = $8, online_url = $9, capacity = $10, sequence = sequence + 1, updated_at = now()
        WHERE id = $1
        RETURNING\s""" + COLUMNS;

    static final String BUMP_SEQUENCE = "UPDATE meetings SET sequence = sequence + 1, updated_at = now() WHERE id = $1";

    static final String DELETE = "DELETE FROM meetings WHERE id = $1";

    static final String CHANGES = """
        SELECT original_start, cancelled, moved_start, theme FROM occurrence_changes WHERE meeting_id = $1
        """;

    static final String UPSERT_CHANGE = """
        INSERT INTO occurrence_changes (meeting_id, original_start, cancelled, moved_start, theme)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (meeting_id, original_start) DO UPDATE
        SET cancelled = EXCLUDED.cancelled, moved_start = EXCLUDED.moved_start, theme = EXCLUDED.theme, updated_at = now()
        """;
}
