package uk.nhs.hub.retention;

/** The retention feature's SQL. */
final class RetentionSql {

    private RetentionSql() {
    }

    /** The network and every network above it, nearest first. */
    private static final String CHAIN = """
        WITH RECURSIVE chain (id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM networks WHERE id = $1
            UNION ALL
            SELECT n.id, n.parent_id, c.depth + 1 FROM networks n JOIN chain c ON n.id = c.parent_id
        )
        """;

    /** The network's own settings (no row: keep forever) and the nearest network in its chain holding it. */
    static final String SETTINGS = CHAIN + """
        SELECT r.discussions_months, r.meetings_months, r.responses_months,
               coalesce(r.legal_hold, false) AS legal_hold, r.legal_hold_reason, r.hold_set_at,
               (SELECT c.id FROM chain c JOIN network_retention h ON h.network_id = c.id
                WHERE h.legal_hold ORDER BY c.depth LIMIT 1) AS held_by
        FROM networks n LEFT JOIN network_retention r ON r.network_id = n.id
        WHERE n.id = $1
        """;

    static final String SAVE = """
        INSERT INTO network_retention (network_id, discussions_months, meetings_months, responses_months,
                                       legal_hold, legal_hold_reason, hold_set_by, hold_set_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $5 THEN $8::timestamptz END, $8)
        ON CONFLICT (network_id) DO UPDATE SET
            discussions_months = EXCLUDED.discussions_months,
            meetings_months = EXCLUDED.meetings_months,
            responses_months = EXCLUDED.responses_months,
            legal_hold = EXCLUDED.legal_hold,
            legal_hold_reason = EXCLUDED.legal_hold_reason,
            hold_set_by = CASE WHEN network_retention.legal_hold IS DISTINCT FROM EXCLUDED.legal_hold
                OR network_retention.legal_hold_reason IS DISTINCT FROM EXCLUDED.legal_hold_reason
                THEN EXCLUDED.hold_set_by ELSE network_retention.hold_set_by END,
            hold_set_at = CASE WHEN NOT EXCLUDED.legal_hold THEN NULL
                WHEN network_retention.legal_hold THEN network_retention.hold_set_at
                ELSE EXCLUDED.hold_set_at END,
            updated_at = EXCLUDED.updated_at
        """;

    /**
     * A hold and the job's deletions in a network exclude each other through an advisory lock per network: the
     * job takes it shared on the network and every network above, a change of hold takes it exclusively, so a
     * hold set while a batch runs waits for the batch and every later batch sees it.
     */
    static final String HOLD_LOCK_EXCLUSIVE = "SELECT pg_advisory_xact_lock(hashtextextended('retention-hold:' || $1::uuid::text, 0))";
    static final String HOLD_LOCK_SHARED = CHAIN + """
        SELECT pg_advisory_xact_lock_shared(hashtextextended('retention-hold:' || id::text, 0)) FROM chain
        """;
    static final String HELD = CHAIN + """
        SELECT EXISTS (SELECT 1 FROM chain c JOIN network_retention h ON h.network_id = c.id WHERE h.legal_hold) AS held
        """;

    /**
     * One network that deletes something and is not yet done in this run; another node's job working on a
     * network has its row locked, so this one skips to the next.
     */
    static final String CLAIM = """
        SELECT network_id, discussions_months, meetings_months, responses_months
        FROM network_retention
        WHERE (discussions_months IS NOT NULL OR meetings_months IS NOT NULL OR responses_months IS NOT NULL)
          AND NOT network_id = ANY($1)
        ORDER BY network_id
        LIMIT 1
        FOR NO KEY UPDATE SKIP LOCKED
        """;

    /** Threads whose last post (or, with none, their start) is before $2; their posts and the rest go by cascade. */
    static final String DELETE_THREADS = """
        WITH gone AS (
            DELETE FROM threads WHERE id IN (
                SELECT id FROM threads
                WHERE network_id = $1 AND coalesce(last_post_at, created_at) < $2
                ORDER BY coalesce(last_post_at, created_at), id
                LIMIT $3)
            RETURNING post_count
        )
        SELECT count(*) AS threads, coalesce(sum(post_count), 0) AS posts FROM gone
        """;

    /**
     * The network's live events older than $2 lose their words (they may quote posts that are gone) but keep
     * their numbers: a page catching up asks for events after the last one it applied and waits for any number
     * missing, so the log must stay without gaps. An emptied event has type {@code expired}, which pages ignore.
     */
    static final String EXPIRE_EVENTS = """
        WITH gone AS (
            UPDATE network_events SET type = 'expired', payload = '{}'
            WHERE network_id = $1 AND seq IN (
                SELECT seq FROM network_events
                WHERE network_id = $1 AND created_at < $2 AND type <> 'expired'
                ORDER BY seq LIMIT $3)
            RETURNING 1
        )
        SELECT count(*) AS events FROM gone
        """;

    /**
     * Meetings whose last date ended before $2: a one-off meeting by its start, a series with an end date by that
     * date, and neither while a date of it has been moved to $2 or later. A series with no end date, or one that
     * ends after a number of dates, is kept. Dates, replies, attendance, minutes, workshops and occurrence
     * threads go with the meeting by cascade.
     */
    static final String DELETE_MEETINGS = """
        WITH gone AS (
            DELETE FROM meetings WHERE id IN (
                SELECT m.id FROM meetings m
                WHERE m.network_id = $1
                  AND CASE
                      WHEN m.rrule IS NULL THEN (m.start_local AT TIME ZONE m.time_zone)
                          + make_interval(mins => m.duration_minutes)
                      WHEN m.rrule ~ 'UNTIL=[0-9]{8}'
                          THEN (to_date(substring(m.rrule FROM 'UNTIL=([0-9]{8})'), 'YYYYMMDD') + interval '1 day')
                              AT TIME ZONE m.time_zone
                  END < $2
                  AND NOT EXISTS (SELECT 1 FROM occurrence_changes c WHERE c.meeting_id = m.id AND c.moved_start >= $2)
                ORDER BY m.id
                LIMIT $3)
            RETURNING 1
        )
        SELECT count(*) AS meetings FROM gone
        """;

    /** This network's responses to broadcasts that closed before $2 (a broadcast with no deadline never closes). */
    static final String DELETE_RESPONSES = """
        WITH gone AS (
            DELETE FROM broadcast_responses WHERE id IN (
                SELECT r.id FROM broadcast_responses r JOIN broadcasts b ON b.id = r.broadcast_id
                WHERE r.network_id = $1 AND b.deadline < $2
                ORDER BY r.id
                LIMIT $3)
            RETURNING 1
        )
        SELECT count(*) AS responses FROM gone
        """;
}
