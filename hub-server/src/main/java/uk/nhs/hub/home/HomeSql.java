package uk.nhs.hub.home;

/**
 * The home page's two statements: everything except meeting dates in one, and the meetings whose dates are
 * expanded in Java (repeat rules are not something SQL can expand) in the other. $1 is the person.
 */
final class HomeSql {

    private HomeSql() {
    }

    /**
     * Rows of section 'needs' (at most 100), 'activity' (at most 10) and 'network' (each network the person is in,
     * for the page to listen to), each with the columns below.
     */
    static final String NEEDS_AND_ACTIVITY = """
        WITH mine AS (
            SELECT network_id, role FROM memberships WHERE user_id = $1
        ), needs AS (
            SELECT DISTINCT ON (b.id) 'broadcast-acknowledgement' AS kind, v.title, n.id AS network_id,
                   n.name AS network_name, n.slug, b.id AS ref_id, NULL::timestamptz AS ref_start,
                   b.deadline AS due, b.created_at AS since, 0 AS unread, NULL::text AS href
            FROM broadcast_targets t
            JOIN mine ON mine.network_id = t.network_id AND mine.role <> 'guest'
            JOIN broadcasts b ON b.id = t.broadcast_id
            JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
            JOIN networks n ON n.id = t.network_id
            WHERE NOT EXISTS (SELECT 1 FROM broadcast_acks a
                              WHERE a.broadcast_id = b.id AND a.version = b.current_version AND a.user_id = $1)
            UNION ALL
            SELECT 'broadcast-response', v.title, n.id, n.name, n.slug, b.id, NULL, b.deadline, b.created_at, 0, NULL
            FROM broadcast_targets t
            JOIN mine ON mine.network_id = t.network_id AND mine.role = 'organiser'
            JOIN broadcasts b ON b.id = t.broadcast_id AND b.feedback_mode = 'network'
            JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
            JOIN networks n ON n.id = t.network_id
            WHERE (b.deadline IS NULL OR b.deadline > now())
              AND NOT EXISTS (SELECT 1 FROM broadcast_responses r WHERE r.broadcast_id = b.id
                              AND r.version = b.current_version AND r.network_key = t.network_id AND r.status = 'submitted')
            UNION ALL
            SELECT * FROM (
                SELECT DISTINCT ON (b.id) 'broadcast-response', v.title, n.id, n.name, n.slug, b.id, NULL::timestamptz,
                       b.deadline, b.created_at, 0, NULL
                FROM broadcast_targets t
                JOIN mine ON mine.network_id = t.network_id AND mine.role <> 'guest'
                JOIN broadcasts b ON b.id = t.broadcast_id AND b.feedback_mode = 'individual'
                JOIN broadcast_versions v ON v.broadcast_id = b.id AND v.version = b.current_version
                JOIN networks n ON n.id = t.network_id
                WHERE (b.deadline IS NULL OR b.deadline > now())
                  AND NOT EXISTS (SELECT 1 FROM broadcast_responders r WHERE r.broadcast_id = b.id
                                  AND r.version = b.current_version AND r.user_id = $1)
            ) individual
            UNION ALL
            SELECT x.kind, x.title, n.id, n.name, n.slug, NULL, NULL, NULL, x.created_at, 0, x.href
            FROM (SELECT kind, title, network_id, created_at, href FROM notifications
                  WHERE user_id = $1 AND read_at IS NULL AND kind IN ('mention', 'reply')
                  ORDER BY id DESC LIMIT 50) x
            LEFT JOIN networks n ON n.id = x.network_id
            UNION ALL
            SELECT 'join-request', u.display_name, n.id, n.name, n.slug, jr.id, NULL, NULL, jr.created_at, 0, NULL
            FROM join_requests jr
            JOIN mine ON mine.network_id = jr.network_id AND mine.role = 'organiser'
            JOIN networks n ON n.id = jr.network_id JOIN users u ON u.id = jr.user_id
            WHERE jr.status = 'pending'
            UNION ALL
            SELECT 'guest-nomination', g.name, n.id, n.name, n.slug, g.id, NULL, NULL, g.created_at, 0, NULL
            FROM guest_nominations g
            JOIN mine ON mine.network_id = g.network_id AND mine.role = 'organiser'
            JOIN networks n ON n.id = g.network_id
            WHERE g.status = 'pending'
            UNION ALL
            SELECT 'meeting-guest', g.name || ' for ' || mt.title, n.id, n.name, n.slug, mt.id, g.original_start,
                   NULL, g.created_at, 0, NULL
            FROM meeting_guest_nominations g JOIN meetings mt ON mt.id = g.meeting_id
            JOIN mine ON mine.network_id = mt.network_id AND mine.role = 'organiser'
            JOIN networks n ON n.id = mt.network_id
            WHERE g.status = 'pending'
            UNION ALL
            SELECT 'action', i.text, n.id, n.name, n.slug, mt.id, i.original_start, NULL, i.created_at, 0, NULL
            FROM occurrence_items i JOIN meetings mt ON mt.id = i.meeting_id JOIN networks n ON n.id = mt.network_id
            WHERE i.owner_user_id = $1 AND i.kind = 'action' AND NOT i.done
              AND (mt.network_id IN (SELECT network_id FROM mine)
                   OR EXISTS (SELECT 1 FROM meeting_invitees mi WHERE mi.meeting_id = mt.id AND mi.user_id = $1))
            UNION ALL
            SELECT 'invitation', n.name, n.id, n.name, n.slug, inv.id, NULL, inv.expires_at, inv.created_at, 0, NULL
            FROM invitations inv JOIN users me ON me.id = $1 AND lower(inv.email) = lower(me.email)
            JOIN networks n ON n.id = inv.network_id
            WHERE inv.accepted_at IS NULL AND inv.revoked_at IS NULL AND inv.expires_at > now()
              AND inv.network_id NOT IN (SELECT network_id FROM mine)
        ), activity AS (
            SELECT 'thread' AS kind, t.title, n.id AS network_id, n.name AS network_name, n.slug, t.id AS ref_id,
                   NULL::timestamptz AS ref_start, NULL::timestamptz AS due, t.last_post_at AS since,
                   t.post_count - COALESCE(r.read_position, 0) AS unread, NULL::text AS href
            FROM threads t
            JOIN mine ON mine.network_id = t.network_id AND mine.role <> 'guest'
            JOIN networks n ON n.id = t.network_id
            LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $1
            WHERE t.last_post_at > now() - interval '30 days' AND t.post_count > COALESCE(r.read_position, 0)
            ORDER BY unread DESC, t.last_post_at DESC
            LIMIT 10
        )
        SELECT * FROM (SELECT 'needs' AS section, needs.* FROM needs
                       ORDER BY due ASC NULLS LAST, since ASC LIMIT 100) n
        UNION ALL
        SELECT 'activity', activity.* FROM activity
        UNION ALL
        SELECT 'network', 'network', n.name, n.id, n.name, n.slug, NULL, NULL, NULL, NULL, 0, NULL
        FROM mine JOIN networks n ON n.id = mine.network_id
        """;

    /**
     * The meetings whose dates may concern the person: those of networks they are a full member of, and those they
     * are invited to by name ({@code only_starts} lists the single dates, or holds a null for every date), with
     * the changed dates and the person's answers near the window [$2, $3).
     */
    static final String MEETINGS = """
        WITH invited AS (
            SELECT meeting_id, original_start FROM meeting_invitees WHERE user_id = $1
        )
        SELECT mt.id, mt.title, mt.start_local, mt.time_zone, mt.duration_minutes, mt.rrule,
               n.id AS network_id, n.name AS network_name,
               mt.network_id IN (SELECT network_id FROM memberships WHERE user_id = $1 AND role <> 'guest') AS whole,
               (SELECT array_agg(i.original_start) FROM invited i WHERE i.meeting_id = mt.id) AS only_starts,
               (SELECT json_agg(json_build_object('originalStart', c.original_start, 'cancelled', c.cancelled,
                                                  'movedStart', c.moved_start))
                FROM occurrence_changes c WHERE c.meeting_id = mt.id
                  AND c.original_start >= $2::timestamptz - interval '370 days' AND c.original_start < $3::timestamptz + interval '370 days') AS changes,
               (SELECT json_agg(json_build_object('originalStart', r.original_start, 'response', r.response,
                                                  'waitlisted', r.waitlisted))
                FROM rsvps r WHERE r.meeting_id = mt.id AND r.user_id = $1
                  AND r.original_start >= $2::timestamptz - interval '370 days' AND r.original_start < $3::timestamptz + interval '370 days') AS answers
        FROM meetings mt JOIN networks n ON n.id = mt.network_id
        WHERE (mt.network_id IN (SELECT network_id FROM memberships WHERE user_id = $1 AND role <> 'guest')
               OR mt.id IN (SELECT meeting_id FROM invited))
          AND (mt.rrule IS NOT NULL OR mt.start_local > ($2::timestamptz AT TIME ZONE 'UTC') - interval '2 days'
               OR EXISTS (SELECT 1 FROM occurrence_changes c WHERE c.meeting_id = mt.id AND c.moved_start >= $2::timestamptz))
        """;
}
