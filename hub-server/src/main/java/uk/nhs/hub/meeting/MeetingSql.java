package uk.nhs.hub.meeting;

import java.util.List;

/** The SQL of the meeting feature. */
final class MeetingSql {

    private MeetingSql() {
    }

    static final String COLUMNS = """
        id, network_id, title, description, start_local, time_zone, duration_minutes, rrule, location, online_url,
        capacity, sequence, updated_at, required_role_titles, reminder_hours, guest_allowance, lock_version, updated_by""";

    static final String INSERT = """
        INSERT INTO meetings (network_id, title, description, start_local, time_zone, duration_minutes, rrule,
                              location, online_url, capacity, created_by, required_role_titles, reminder_hours,
                              guest_allowance)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        RETURNING\s""" + COLUMNS;

    static final String FIND = "SELECT " + COLUMNS + " FROM meetings WHERE id = $1";

    static final String OF_NETWORK = "SELECT " + COLUMNS + " FROM meetings WHERE network_id = $1 ORDER BY start_local";

    static final String UPDATE = """
        UPDATE meetings SET title = $2, description = $3, start_local = $4, time_zone = $5, duration_minutes = $6,
               rrule = $7, location = $8, online_url = $9, capacity = $10, required_role_titles = $11,
               reminder_hours = $12, guest_allowance = $13, sequence = sequence + 1, updated_at = now(),
               updated_by = $14, lock_version = lock_version + 1
        WHERE id = $1 AND ($15::integer IS NULL OR lock_version = $15)
        RETURNING\s""" + COLUMNS;

    static final String DISPLAY_NAME = "SELECT display_name FROM users WHERE id = $1";

    /** The meeting, locked until the transaction ends, so that its schedule cannot change under a date's change. */
    static final String FIND_FOR_UPDATE = "SELECT " + COLUMNS + " FROM meetings WHERE id = $1 FOR UPDATE";

    /** How many rows each table keeps for each date (original start) of a meeting. */
    static final String KEPT_PER_DATE = """
        SELECT original_start, kind, count(*) AS n FROM (
            SELECT original_start, 'change' AS kind FROM occurrence_changes WHERE meeting_id = $1
            UNION ALL SELECT original_start, 'reply' FROM rsvps WHERE meeting_id = $1
            UNION ALL SELECT original_start, 'attendance' FROM attendance WHERE meeting_id = $1
            UNION ALL SELECT original_start, 'reminder' FROM meeting_reminders_sent WHERE meeting_id = $1
            UNION ALL SELECT original_start, 'workshop' FROM workshops WHERE meeting_id = $1
            UNION ALL SELECT original_start, 'choice' FROM workshop_choices WHERE meeting_id = $1
            UNION ALL SELECT original_start, 'invitee' FROM meeting_invitees WHERE meeting_id = $1 AND original_start IS NOT NULL
            UNION ALL SELECT original_start, 'guest' FROM meeting_guest_nominations WHERE meeting_id = $1
            UNION ALL SELECT original_start, 'item' FROM occurrence_items WHERE meeting_id = $1
            UNION ALL SELECT original_start, 'paper' FROM meeting_papers WHERE meeting_id = $1
            UNION ALL SELECT original_start, 'discussion' FROM threads WHERE meeting_id = $1
        ) AS kept GROUP BY original_start, kind
        """;

    /**
     * Moves everything kept for one date ($2) of a meeting ($1) to its new original start ($3): one statement per
     * table keyed by (meeting_id, original_start). A new such table belongs here, in KEPT_PER_DATE and in
     * DROP_DATES; a test compares this list with the database.
     */
    static final List<String> MOVE_DATE = List.of(
        "UPDATE occurrence_changes SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE rsvps SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE attendance SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE meeting_reminders_sent SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE workshops SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE workshop_choices SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE meeting_invitees SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE meeting_guest_nominations SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE occurrence_items SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE meeting_papers SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2",
        "UPDATE threads SET original_start = $3 WHERE meeting_id = $1 AND original_start = $2");

    /**
     * Removes what was kept for dates ($2, an array) that the new schedule no longer has. A date's discussion is
     * not deleted: it stays in the network's discussions, no longer tied to a date.
     */
    static final List<String> DROP_DATES = List.of(
        "DELETE FROM occurrence_changes WHERE meeting_id = $1 AND original_start = ANY($2)",
        "DELETE FROM rsvps WHERE meeting_id = $1 AND original_start = ANY($2)",
        "DELETE FROM attendance WHERE meeting_id = $1 AND original_start = ANY($2)",
        "DELETE FROM meeting_reminders_sent WHERE meeting_id = $1 AND original_start = ANY($2)",
        "DELETE FROM workshop_choices WHERE meeting_id = $1 AND original_start = ANY($2)",
        "DELETE FROM workshops WHERE meeting_id = $1 AND original_start = ANY($2)",
        "DELETE FROM meeting_invitees WHERE meeting_id = $1 AND original_start = ANY($2)",
        "DELETE FROM meeting_guest_nominations WHERE meeting_id = $1 AND original_start = ANY($2)",
        "DELETE FROM occurrence_items WHERE meeting_id = $1 AND original_start = ANY($2)",
        // the papers stay in the library; only their place on the dropped date goes
        "DELETE FROM meeting_papers WHERE meeting_id = $1 AND original_start = ANY($2)",
        "UPDATE threads SET meeting_id = NULL, original_start = NULL WHERE meeting_id = $1 AND original_start = ANY($2)");

    /** A move onto the date's new original start is no move at all. */
    static final String FORGET_MOVES_TO_ORIGINAL = """
        UPDATE occurrence_changes SET moved_start = NULL WHERE meeting_id = $1 AND moved_start = original_start
        """;

    static final String BUMP_SEQUENCE = "UPDATE meetings SET sequence = sequence + 1, updated_at = now() WHERE id = $1";

    static final String DELETE = "DELETE FROM meetings WHERE id = $1";

    static final String CHANGES = """
        SELECT original_start, cancelled, moved_start, theme, location, online_url FROM occurrence_changes WHERE meeting_id = $1
        """;

    static final String UPSERT_CHANGE = """
        INSERT INTO occurrence_changes (meeting_id, original_start, cancelled, moved_start, theme, location, online_url)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (meeting_id, original_start) DO UPDATE
        SET cancelled = EXCLUDED.cancelled, moved_start = EXCLUDED.moved_start, theme = EXCLUDED.theme,
            location = EXCLUDED.location, online_url = EXCLUDED.online_url, updated_at = now()
        """;

    static final String LOCK_MEETING = "SELECT id FROM meetings WHERE id = $1 FOR UPDATE";

    static final String FIND_RSVP = """
        SELECT response, waitlisted, delegate_user_id, delegate_email FROM rsvps
        WHERE meeting_id = $1 AND original_start = $2 AND user_id = $3
        """;

    static final String UPSERT_RSVP = """
        INSERT INTO rsvps (meeting_id, original_start, user_id, response, delegate_user_id, waitlisted, delegate_email)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (meeting_id, original_start, user_id) DO UPDATE
        SET response = EXCLUDED.response, delegate_user_id = EXCLUDED.delegate_user_id, waitlisted = EXCLUDED.waitlisted,
            delegate_email = EXCLUDED.delegate_email,
            responded_at = CASE WHEN rsvps.response = 'yes' AND EXCLUDED.response = 'yes' THEN rsvps.responded_at
                                ELSE now() END
        """;

    static final String CONFIRMED_COUNT = """
        SELECT count(*) AS confirmed FROM rsvps
        WHERE meeting_id = $1 AND original_start = $2 AND response = 'yes' AND NOT waitlisted
        """;

    /** Promotes the longest-waiting reply, if any, and says whose it was. */
    static final String PROMOTE_NEXT = """
        UPDATE rsvps SET waitlisted = false
        WHERE (meeting_id, original_start, user_id) = (
            SELECT meeting_id, original_start, user_id FROM rsvps
            WHERE meeting_id = $1 AND original_start = $2 AND waitlisted
            ORDER BY responded_at, user_id LIMIT 1)
        RETURNING user_id
        """;

    static final String COUNTS = """
        SELECT original_start,
               count(*) FILTER (WHERE response = 'yes' AND NOT waitlisted) AS yes,
               count(*) FILTER (WHERE response = 'no') AS no,
               count(*) FILTER (WHERE response = 'maybe') AS maybe,
               count(*) FILTER (WHERE waitlisted) AS waiting
        FROM rsvps WHERE meeting_id = $1 GROUP BY original_start
        """;

    static final String MY_RSVPS = """
        SELECT r.original_start, r.response, r.waitlisted, r.delegate_user_id, r.delegate_email,
               COALESCE(d.display_name, r.delegate_email) AS delegate_name
        FROM rsvps r LEFT JOIN users d ON d.id = r.delegate_user_id
        WHERE r.meeting_id = $1 AND r.user_id = $2
        """;

    /** A person's replies to dates from $2 on, across every meeting, for "Your meetings". */
    static final String REPLIES_OF_USER = """
        SELECT meeting_id, original_start, response, waitlisted FROM rsvps WHERE user_id = $1 AND original_start >= $2
        """;

    /**
     * A person's dates with someone else in them: those they send a delegate to ({@code sending}, naming the
     * delegate) and those they attend for someone ({@code attending}, naming the sender).
     */
    static final String DELEGATIONS_OF_USER = """
        SELECT r.meeting_id, r.original_start, 'sending' AS kind, COALESCE(d.display_name, r.delegate_email) AS name
        FROM rsvps r LEFT JOIN users d ON d.id = r.delegate_user_id
        WHERE r.user_id = $1 AND r.response = 'yes' AND r.original_start >= $2
          AND (r.delegate_user_id IS NOT NULL OR r.delegate_email IS NOT NULL)
        UNION ALL
        SELECT r.meeting_id, r.original_start, 'attending', s.display_name
        FROM rsvps r JOIN users s ON s.id = r.user_id
        WHERE r.delegate_user_id = $1 AND r.response = 'yes' AND r.original_start >= $2
        """;

    /** Whom a person attends one date for: the sender of a "yes" naming them as the delegate. */
    static final String ATTENDING_FOR = """
        SELECT s.display_name FROM rsvps r JOIN users s ON s.id = r.user_id
        WHERE r.meeting_id = $1 AND r.original_start = $2 AND r.delegate_user_id = $3 AND r.response = 'yes'
        ORDER BY r.responded_at LIMIT 1
        """;

    /** Takes back the date invitation a sender's delegate from outside the network was given. */
    static final String DROP_DELEGATE_INVITATION = """
        DELETE FROM meeting_invitees WHERE meeting_id = $1 AND original_start = $2 AND delegate_for = $3
        """;

    static final String INVITE_DELEGATE = """
        INSERT INTO meeting_invitees (meeting_id, email, original_start, delegate_for) VALUES ($1, $2, $3, $4)
        """;

    static final String ATTENDING_FOR_ALL = """
        SELECT r.original_start, s.display_name FROM rsvps r JOIN users s ON s.id = r.user_id
        WHERE r.meeting_id = $1 AND r.delegate_user_id = $2 AND r.response = 'yes'
        ORDER BY r.responded_at
        """;

    static final String SAVE_FEED = """
        INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
        ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()
        """;

    static final String DELETE_FEED = "DELETE FROM calendar_feeds WHERE user_id = $1";

    static final String FEED_OF_USER = "SELECT created_at FROM calendar_feeds WHERE user_id = $1";

    static final String FEED_OWNER = "SELECT user_id FROM calendar_feeds WHERE token_hash = $1";

    /** The meetings of every network where the person is a full member. */
    static final String MEETINGS_OF_MEMBER = """
        SELECT m.id, m.network_id, m.title, m.description, m.start_local, m.time_zone, m.duration_minutes, m.rrule,
               m.location, m.online_url, m.capacity, m.sequence, m.updated_at, m.required_role_titles, m.reminder_hours,
               m.guest_allowance, m.lock_version, m.updated_by
        FROM meetings m
        WHERE m.network_id IN (SELECT network_id FROM memberships WHERE user_id = $1 AND role <> 'guest')
           OR m.id IN (SELECT meeting_id FROM meeting_invitees WHERE user_id = $1)
           OR m.id IN (SELECT i.meeting_id FROM meeting_invitees i JOIN users u ON u.email = i.email WHERE u.id = $1)
           OR m.id IN (
               WITH RECURSIVE invited AS (
                   SELECT i.meeting_id, i.network_id AS id, i.include_descendants FROM meeting_invitees i
                   WHERE i.network_id IS NOT NULL
                   UNION
                   SELECT t.meeting_id, n.id, true FROM networks n JOIN invited t ON n.parent_id = t.id
                   WHERE t.include_descendants
               )
               SELECT meeting_id FROM invited
               WHERE id IN (SELECT network_id FROM memberships WHERE user_id = $1 AND role <> 'guest'))
        ORDER BY m.start_local
        """;

    static final String CHANGES_OF_MEETINGS = """
        SELECT meeting_id, original_start, cancelled, moved_start, theme, location, online_url
        FROM occurrence_changes WHERE meeting_id = ANY($1)
        """;

    static final String SAVE_MARK = """
        INSERT INTO attendance (meeting_id, original_start, user_id, mark, recorded_by) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (meeting_id, original_start, user_id) DO UPDATE
        SET mark = EXCLUDED.mark, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
        """;

    /**
     * Everyone in the meeting's network with their reply to and mark for one occurrence, grouped under the
     * network directly inside the meeting's that they belong to; someone in several of those (an organiser of
     * them all) or none represents no one network, so stays under the meeting's own. The meeting's own network
     * comes first, then the others by name.
     */
    static final String REGISTER = """
        SELECT u.id AS user_id, u.display_name, u.organisation, ms.role, ms.role_title,
               r.response, r.waitlisted, r.delegate_user_id, d.display_name AS delegate_name, a.mark,
               coalesce(g.id, own.id) AS group_id, coalesce(g.name, own.name) AS group_name
        FROM meetings m
        JOIN networks own ON own.id = m.network_id
        JOIN memberships ms ON ms.network_id = m.network_id
        JOIN users u ON u.id = ms.user_id
        LEFT JOIN LATERAL (
            SELECT min(n.id::text)::uuid AS id, min(n.name) AS name
            FROM networks n JOIN memberships cm ON cm.network_id = n.id AND cm.user_id = u.id
            WHERE n.parent_id = m.network_id HAVING count(*) = 1
        ) g ON true
        LEFT JOIN rsvps r ON r.meeting_id = m.id AND r.original_start = $2 AND r.user_id = u.id
        LEFT JOIN users d ON d.id = r.delegate_user_id
        LEFT JOIN attendance a ON a.meeting_id = m.id AND a.original_start = $2 AND a.user_id = u.id
        WHERE m.id = $1
        ORDER BY g.id IS NOT NULL, lower(g.name), g.id, lower(u.display_name), u.id
        """;

    /** The local start of a network's first meeting (its time zone is near enough for choosing programme years). */
    static final String MEETING_SPAN = """
        SELECT min(start_local) AS first_start FROM meetings WHERE network_id = $1
        """;

    static final String MEMBERS_OF_MEETING_NETWORK = """
        SELECT ms.user_id FROM meetings m JOIN memberships ms ON ms.network_id = m.network_id
        WHERE m.id = $1 AND ms.user_id = ANY($2)
        """;

    /**
     * Attendance of a network's meetings in a window, counted per network inside it (and the network itself):
     * for every occurrence, how many members of each of those networks attended, how many of those hold a role
     * title there, and how many replied yes but sent a delegate.
     */
    static final String ATTENDANCE_BY_NETWORK = """
        WITH RECURSIVE tree AS (
            SELECT id, id AS top FROM networks WHERE id = $1
            UNION ALL
            SELECT n.id, CASE WHEN t.id = $1 THEN n.id ELSE t.top END FROM networks n JOIN tree t ON n.parent_id = t.id
        ),
        came AS (
            SELECT t.top AS network_id, a.meeting_id, a.original_start, count(DISTINCT a.user_id) AS attended,
                   count(DISTINCT a.user_id) FILTER (WHERE ms.role_title IS NOT NULL) AS attended_by_title
            FROM attendance a
            JOIN meetings m ON m.id = a.meeting_id AND m.network_id = $1
            JOIN memberships ms ON ms.user_id = a.user_id
            JOIN tree t ON t.id = ms.network_id
            WHERE a.mark = 'attended' AND a.original_start >= $2 AND a.original_start < $3
            GROUP BY t.top, a.meeting_id, a.original_start
        ),
        sent AS (
            SELECT t.top AS network_id, r.meeting_id, r.original_start, count(DISTINCT r.user_id) AS delegated
            FROM rsvps r
            JOIN meetings m ON m.id = r.meeting_id AND m.network_id = $1
            JOIN memberships ms ON ms.user_id = r.user_id
            JOIN tree t ON t.id = ms.network_id
            WHERE r.delegate_user_id IS NOT NULL AND r.response = 'yes' AND r.original_start >= $2 AND r.original_start < $3
            GROUP BY t.top, r.meeting_id, r.original_start
        )
        SELECT network_id, meeting_id, original_start, coalesce(came.attended, 0) AS attended,
               coalesce(came.attended_by_title, 0) AS attended_by_title, coalesce(sent.delegated, 0) AS delegated
        FROM came FULL JOIN sent USING (network_id, meeting_id, original_start)
        """;

    /** The networks directly inside the meeting's network. */
    static final String REPRESENTED_NETWORKS = "SELECT id, name, slug FROM networks WHERE parent_id = $1 ORDER BY lower(name)";

    /** Confirmed replies to an occurrence from members of networks inside $3, with their role titles there. */
    static final String CONFIRMED_BY_NETWORK = """
        SELECT ms.network_id, ms.role_title
        FROM rsvps r
        JOIN memberships ms ON ms.user_id = r.user_id
        JOIN networks n ON n.id = ms.network_id AND n.parent_id = $3
        WHERE r.meeting_id = $1 AND r.original_start = $2 AND r.response = 'yes' AND NOT r.waitlisted
          AND ms.role_title IS NOT NULL
        """;

    static final String WITH_REMINDERS = "SELECT " + COLUMNS + " FROM meetings WHERE reminder_hours IS NOT NULL";

    /** Who to remind of an occurrence: confirmed attendees (or their delegates) and those who said maybe. */
    static final String TO_REMIND = """
        SELECT COALESCE(r.delegate_user_id, r.user_id) AS user_id
        FROM rsvps r
        WHERE r.meeting_id = $1 AND r.original_start = $2
          AND ((r.response = 'yes' AND NOT r.waitlisted) OR r.response = 'maybe')
        """;

    /** Claims a reminder; returns the person's email only the first time. */
    static final String CLAIM_REMINDER = """
        WITH claimed AS (
            INSERT INTO meeting_reminders_sent (meeting_id, original_start, user_id) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING RETURNING user_id
        )
        SELECT u.email, u.display_name FROM claimed c JOIN users u ON u.id = c.user_id
        """;

    /**
     * How the person is invited to the meeting other than through its own network: rows of
     * (original_start) where null means every occurrence. No rows: not invited.
     */
    static final String INVITATIONS_OF = """
        WITH RECURSIVE invited_networks AS (
            SELECT i.network_id AS id, i.include_descendants FROM meeting_invitees i
            WHERE i.meeting_id = $1 AND i.network_id IS NOT NULL
            UNION
            SELECT n.id, true FROM networks n JOIN invited_networks t ON n.parent_id = t.id WHERE t.include_descendants
        )
        SELECT NULL::timestamptz AS original_start
        FROM memberships ms WHERE ms.user_id = $2 AND ms.role <> 'guest' AND ms.network_id IN (SELECT id FROM invited_networks)
        UNION ALL
        SELECT i.original_start FROM meeting_invitees i WHERE i.meeting_id = $1 AND i.user_id = $2
        UNION ALL
        SELECT i.original_start FROM meeting_invitees i JOIN users u ON u.email = i.email
        WHERE i.meeting_id = $1 AND u.id = $2
        """;

    /**
     * Everyone invited to a meeting, to be told of its changes: full members of its network and of invited
     * networks (with those inside them when asked), named people and guests invited by address. only_start is
     * the one date a person is invited to, or null for every date.
     */
    static final String RECIPIENTS = """
        WITH RECURSIVE invited_networks AS (
            SELECT m.network_id AS id, false AS include_descendants FROM meetings m WHERE m.id = $1
            UNION
            SELECT i.network_id, i.include_descendants FROM meeting_invitees i
            WHERE i.meeting_id = $1 AND i.network_id IS NOT NULL
            UNION
            SELECT n.id, true FROM networks n JOIN invited_networks t ON n.parent_id = t.id WHERE t.include_descendants
        ), invited AS (
            SELECT u.email, u.display_name, NULL::timestamptz AS only_start
            FROM memberships ms JOIN users u ON u.id = ms.user_id
            WHERE ms.role <> 'guest' AND ms.network_id IN (SELECT id FROM invited_networks)
            UNION ALL
            SELECT u.email, u.display_name, i.original_start
            FROM meeting_invitees i JOIN users u ON u.id = i.user_id WHERE i.meeting_id = $1
            UNION ALL
            SELECT i.email, u.display_name, i.original_start
            FROM meeting_invitees i LEFT JOIN users u ON u.email = i.email WHERE i.meeting_id = $1 AND i.email IS NOT NULL
        )
        SELECT email, max(display_name) AS display_name, only_start FROM invited
        GROUP BY email, only_start ORDER BY email, only_start NULLS FIRST
        """;

    /** The accounts of these email addresses (the people told of a change to a date, to notify). */
    static final String ACCOUNTS_OF = "SELECT id FROM users WHERE email = ANY($1)";

    static final String INSERT_INVITEE = """
        INSERT INTO meeting_invitees (meeting_id, network_id, include_descendants, user_id, original_start)
        VALUES ($1, $2, $3, $4, $5) RETURNING id
        """;

    static final String INVITEES = """
        SELECT i.id, i.network_id, n.name AS network_name, i.include_descendants, i.user_id, u.display_name,
               COALESCE(u.email, i.email) AS email, i.original_start
        FROM meeting_invitees i LEFT JOIN networks n ON n.id = i.network_id LEFT JOIN users u ON u.id = i.user_id
        WHERE i.meeting_id = $1 ORDER BY i.created_at
        """;

    static final String DELETE_INVITEE = "DELETE FROM meeting_invitees WHERE id = $1 AND meeting_id = $2";

    /** Moves a person's workshop places for one date to whoever now goes instead, slot by slot where they have none. */
    static final String HAND_OVER_WORKSHOPS = """
        UPDATE workshop_choices c SET user_id = $4, chosen_at = now()
        WHERE c.meeting_id = $1 AND c.original_start = $2 AND c.user_id = $3
          AND NOT EXISTS (SELECT 1 FROM workshop_choices o WHERE o.meeting_id = $1 AND o.original_start = $2
                          AND o.slot = c.slot AND o.user_id = $4)
        """;

    /** The places that could not be handed over (the new holder already had one in that slot). */
    static final String DROP_WORKSHOPS = "DELETE FROM workshop_choices WHERE meeting_id = $1 AND original_start = $2 AND user_id = $3";

    static final String PERSON = "SELECT email, display_name FROM users WHERE id = $1";

    static final String USER_BY_EMAIL = "SELECT id FROM users WHERE email = $1";

    static final String INSERT_GUEST_NOMINATION = """
        INSERT INTO meeting_guest_nominations (meeting_id, original_start, nominated_by, name, email, reason)
        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
        """;

    /** Nominations that still count against a person's allowance for one occurrence. */
    static final String NOMINATIONS_USED = """
        SELECT count(*) AS used FROM meeting_guest_nominations
        WHERE meeting_id = $1 AND original_start = $2 AND nominated_by = $3 AND status <> 'declined'
        """;

    static final String GUEST_NOMINATIONS = """
        SELECT g.id, g.name, g.email, g.reason, g.status, g.created_at, g.nominated_by, u.display_name AS nominated_by_name
        FROM meeting_guest_nominations g JOIN users u ON u.id = g.nominated_by
        WHERE g.meeting_id = $1 AND g.original_start = $2 AND ($3::uuid IS NULL OR g.nominated_by = $3)
        ORDER BY g.created_at
        """;

    static final String DECIDE_GUEST = """
        UPDATE meeting_guest_nominations SET status = $4, decided_by = $5, decided_at = now()
        WHERE id = $1 AND meeting_id = $2 AND original_start = $3 AND status = 'pending'
        RETURNING name, email
        """;

    static final String INVITE_GUEST_EMAIL = """
        INSERT INTO meeting_invitees (meeting_id, email, original_start) VALUES ($1, $2, $3)
        """;
}
