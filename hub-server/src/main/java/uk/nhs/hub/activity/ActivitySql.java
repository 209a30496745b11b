package uk.nhs.hub.activity;

/** The monthly activity query: one row per month, oldest first. */
final class ActivitySql {

    private ActivitySql() {
    }

    /**
     * For network $1, the twelve UK calendar months up to the one holding $2: posts written in its discussions
     * (deleted ones still happened), its members marked attended at meetings of it or a network above it, and
     * its submitted broadcast responses (each person's own in individual mode).
     */
    static final String MONTHLY = """
        WITH RECURSIVE above AS (
            SELECT id, parent_id FROM networks WHERE id = $1
            UNION ALL
            SELECT n.id, n.parent_id FROM networks n JOIN above a ON n.id = a.parent_id
        ),
        months AS (
            SELECT m AS first_day,
                   m AT TIME ZONE 'Europe/London' AS starts,
                   (m + interval '1 month') AT TIME ZONE 'Europe/London' AS ends
            FROM generate_series(date_trunc('month', $2::timestamptz AT TIME ZONE 'Europe/London') - interval '11 months',
                                 date_trunc('month', $2::timestamptz AT TIME ZONE 'Europe/London'), interval '1 month') AS m
        )
        SELECT to_char(mo.first_day, 'YYYY-MM-DD') AS month,
               (SELECT count(*) FROM posts p
                WHERE p.network_id = $1 AND p.created_at >= mo.starts AND p.created_at < mo.ends) AS posts,
               (SELECT count(*) FROM attendance a
                JOIN meetings mt ON mt.id = a.meeting_id AND mt.network_id IN (SELECT id FROM above)
                JOIN memberships ms ON ms.user_id = a.user_id AND ms.network_id = $1
                WHERE a.mark = 'attended' AND a.original_start >= mo.starts AND a.original_start < mo.ends) AS attended,
               (SELECT count(*) FROM broadcast_responses r
                WHERE r.network_id = $1 AND r.status = 'submitted' AND r.submitted_at >= mo.starts AND r.submitted_at < mo.ends) AS responses
        FROM months mo ORDER BY mo.first_day
        """;
}
