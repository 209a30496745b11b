package uk.nhs.hub.discussion;

/** The discussion feature's SQL. */
final class DiscussionSql {

    private DiscussionSql() {
    }

    static final String THREAD_COLUMNS = """
        t.id, t.network_id, t.meeting_id, t.original_start, t.title, t.created_by, cu.display_name AS created_by_name,
        t.created_at, t.pinned, t.locked, t.post_count, t.last_post_at
        """;

    static final String THREAD = "SELECT " + THREAD_COLUMNS + """
        , GREATEST(t.post_count - COALESCE(r.read_position, 0), 0) AS unread
        FROM threads t LEFT JOIN users cu ON cu.id = t.created_by
        LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $2
        WHERE t.id = $1
        """;

    /** Pinned threads first, then the most recently active; keyset on (last activity, id) after the pinned ones. */
    static final String THREADS_OF_NETWORK = "SELECT " + THREAD_COLUMNS + """
        , GREATEST(t.post_count - COALESCE(r.read_position, 0), 0) AS unread
        FROM threads t LEFT JOIN users cu ON cu.id = t.created_by
        LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $2
        WHERE t.network_id = $1 AND t.meeting_id IS NULL
          AND ($3::timestamptz IS NULL OR (NOT t.pinned AND (COALESCE(t.last_post_at, t.created_at), t.id) < ($3, $4)))
        ORDER BY t.pinned DESC, COALESCE(t.last_post_at, t.created_at) DESC, t.id DESC
        LIMIT $5
        """;

    static final String UNREAD_IN_NETWORK = """
        SELECT COALESCE(sum(GREATEST(t.post_count - COALESCE(r.read_position, 0), 0)), 0) AS unread
        FROM threads t LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $2
        WHERE t.network_id = $1
        """;

    static final String INSERT_THREAD = """
        INSERT INTO threads (id, network_id, meeting_id, original_start, broadcast_id, title, created_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT DO NOTHING RETURNING id
        """;

    static final String OCCURRENCE_THREAD = "SELECT id FROM threads WHERE meeting_id = $1 AND original_start = $2";

    static final String BROADCAST_THREAD = "SELECT id FROM threads WHERE broadcast_id = $1 AND network_id = $2";

    static final String UPDATE_THREAD = """
        UPDATE threads SET title = $2, pinned = $3, locked = $4 WHERE id = $1
        """;

    /**
     * Takes the thread's next position and the network's next event number in one statement: both rows stay
     * locked until the transaction ends, so positions and numbers commit in order without gaps.
     */
    static final String ADVANCE_THREAD_AND_NETWORK = """
        WITH thread AS (
            UPDATE threads SET post_count = post_count + 1, last_post_at = now() WHERE id = $1 RETURNING post_count, locked
        ), network AS (
            UPDATE networks SET event_seq = event_seq + 1 WHERE id = $2 RETURNING event_seq
        )
        SELECT thread.post_count, thread.locked, network.event_seq, now() AS now FROM thread, network
        """;

    /**
     * {@link #ADVANCE_THREAD_AND_NETWORK} for a whole group commit at once: threads $1 each take $2 more positions and
     * network $3 takes $4 more event numbers; one row per thread, with the last numbers taken.
     */
    static final String ADVANCE_THREADS_AND_NETWORK = """
        WITH thread AS (
            UPDATE threads t SET post_count = t.post_count + x.k, last_post_at = now()
            FROM unnest($1::uuid[], $2::int[]) AS x(id, k) WHERE t.id = x.id
            RETURNING t.id, t.post_count, t.locked
        ), network AS (
            UPDATE networks SET event_seq = event_seq + $4 WHERE id = $3 RETURNING event_seq
        )
        SELECT thread.id, thread.post_count, thread.locked, network.event_seq, now() AS now FROM thread, network
        """;

    static final String PARENT = """
        SELECT p.thread_id, p.parent_id, p.depth, p.path, u.display_name AS author_name
        FROM posts p LEFT JOIN users u ON u.id = p.author_id WHERE p.id = $1
        """;

    static final String INSERT_POST = """
        INSERT INTO posts (id, thread_id, network_id, position, seq, parent_id, depth, path, author_id, body, body_html, search)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                setweight(to_tsvector('english', COALESCE($12, '')), 'A') || setweight(to_tsvector('english', $10), 'B'))
        RETURNING created_at
        """;

    static final String POST_COLUMNS = """
        p.id, p.thread_id, p.network_id, p.position, p.seq, p.parent_id, p.depth, p.path, p.author_id,
        u.display_name AS author_name, p.body, p.body_html, p.created_at, p.edited_at, p.deleted_at,
        p.hidden_at, (p.author_id IS NOT DISTINCT FROM $2) AS own,
        pu.display_name AS parent_author_name, pp.depth AS parent_depth,
        (SELECT jsonb_object_agg(x.reaction, x.n) FROM (SELECT reaction, count(*) AS n FROM post_reactions
            WHERE post_id = p.id GROUP BY reaction) x) AS reactions,
        (SELECT array_agg(reaction ORDER BY reaction) FROM post_reactions WHERE post_id = p.id AND user_id = $2) AS mine,
        (SELECT jsonb_agg(jsonb_build_object('document_id', d.id, 'title', d.title, 'current_version', d.current_version,
                    'filename', v.filename, 'content_type', v.content_type, 'size', v.size) ORDER BY a.position)
            FROM post_attachments a JOIN documents d ON d.id = a.document_id AND d.deleted_at IS NULL
            JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
            WHERE a.post_id = p.id) AS attachments
        """;

    static final String POST_FROM = """
        FROM posts p LEFT JOIN users u ON u.id = p.author_id
        LEFT JOIN posts pp ON pp.id = p.parent_id LEFT JOIN users pu ON pu.id = pp.author_id
        """;

    static final String POST = "SELECT " + POST_COLUMNS + POST_FROM + " WHERE p.id = $1";

    /** One page of a thread in reading order: the posts after {@code path} $3 (one range scan of the path index). */
    static final String POSTS_AFTER = "SELECT " + POST_COLUMNS + POST_FROM + """
        WHERE p.thread_id = $1 AND p.path > $3 ORDER BY p.path LIMIT $4
        """;

    /** One page of a thread in reading order starting at {@code path} $3. */
    static final String POSTS_FROM = "SELECT " + POST_COLUMNS + POST_FROM + """
        WHERE p.thread_id = $1 AND p.path >= $3 ORDER BY p.path LIMIT $4
        """;

    static final String PATH_OF = "SELECT path FROM posts WHERE id = $1 AND thread_id = $2";

    /** The post before the first unread one in reading order, so a page can start at the first unread post. */
    /**
     * A page starting at the first post after position $3 (the reader's read position), or from the start when
     * they have read nothing or everything: finding the start and reading the page in one statement.
     */
    static final String POSTS_FROM_FIRST_UNREAD = "SELECT " + POST_COLUMNS + POST_FROM + """
        WHERE p.thread_id = $1
          AND p.path >= COALESCE((SELECT f.path FROM posts f WHERE f.thread_id = $1 AND f.position > $3 AND $3 > 0
                                  ORDER BY f.position LIMIT 1), '')
        ORDER BY p.path LIMIT $4
        """;

    static final String LOCK_POST = """
        SELECT p.thread_id, p.network_id, p.author_id, p.position, p.body, p.body_html, p.created_at, p.edited_at,
               p.deleted_at, p.hidden_at, t.title, t.locked
        FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1 FOR UPDATE OF p
        """;

    /** Keeps the earlier text and the earlier list of papers (null when it had none). */
    static final String SAVE_REVISION = """
        INSERT INTO post_revisions (post_id, body, body_html, written_at, replaced_by, document_ids)
        VALUES ($1, $2, $3, $4, $5,
                (SELECT array_agg(document_id ORDER BY position) FROM post_attachments WHERE post_id = $1))
        """;

    // ---- papers attached to posts ----------------------------------------------------------------------------

    /** The documents of ids $1 in network $2's library (not deleted), in the order asked for. */
    static final String PAPERS_TO_ATTACH = """
        SELECT d.id AS document_id, d.title, d.current_version, v.filename, v.content_type, v.size
        FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)
        JOIN documents d ON d.id = t.id AND d.network_id = $2 AND d.deleted_at IS NULL
        JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
        ORDER BY t.n
        """;

    /**
     * Attaches all of a post's papers in one statement: $1 post, $2 documents in order, $3 those the form says were
     * uploaded with it. The form's word is not taken alone (its list comes back from the browser): a paper counts as
     * uploaded with the post only if the post's author uploaded it from a discussion form and no other post has it
     * as its own upload, so nobody can have a library document withheld by attaching it to a post they then delete.
     */
    static final String ATTACH_PAPERS = """
        INSERT INTO post_attachments (post_id, document_id, position, uploaded_with_post)
        SELECT $1, t.id, t.n, t.id = ANY($3::uuid[])
               AND EXISTS (SELECT 1 FROM documents d WHERE d.id = t.id AND 'discussion' = ANY(d.tags)
                           AND d.uploaded_by = (SELECT author_id FROM posts WHERE id = $1))
               AND NOT EXISTS (SELECT 1 FROM post_attachments o WHERE o.document_id = t.id AND o.uploaded_with_post
                               AND o.post_id <> $1)
        FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, n)
        """;

    /** Takes every paper off post $1 (before an edit attaches its new list). */
    static final String DETACH_PAPERS = "DELETE FROM post_attachments WHERE post_id = $1 RETURNING document_id, uploaded_with_post";

    /**
     * Takes a deleted post's papers out of the logged events about it ($1 network, $2 post id as text), so a page
     * catching up after the deletion is not sent them.
     */
    static final String SCRUB_LOGGED_PAPERS = """
        UPDATE network_events SET payload = CASE
                WHEN type = 'post.restored' THEN payload || '{"bodyHtml": null, "attachments": []}'::jsonb
                ELSE jsonb_set(payload, '{post,attachments}', '[]'::jsonb)
            END
        WHERE network_id = $1
          AND ((type IN ('post.created', 'post.edited') AND payload -> 'post' ->> 'id' = $2)
            OR (type = 'post.restored' AND payload ->> 'postId' = $2))
        """;

    static final String EDIT_POST = """
        UPDATE posts SET body = $2, body_html = $3, edited_at = now(),
               search = setweight(to_tsvector('english', COALESCE($4, '')), 'A') || setweight(to_tsvector('english', $2), 'B')
        WHERE id = $1
        """;

    static final String DELETE_POST = "UPDATE posts SET deleted_at = now(), deleted_by = $2 WHERE id = $1 AND deleted_at IS NULL";

    static final String REVISIONS = """
        SELECT r.body_html, r.written_at, r.replaced_at,
               (SELECT array_agg(d.title ORDER BY x.n) FROM unnest(r.document_ids) WITH ORDINALITY AS x(id, n)
                  JOIN documents d ON d.id = x.id AND d.deleted_at IS NULL) AS paper_titles
        FROM post_revisions r WHERE r.post_id = $1 ORDER BY r.id DESC
        """;

    static final String ADD_REACTION = """
        INSERT INTO post_reactions (post_id, user_id, reaction) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
        """;

    static final String REMOVE_REACTION = "DELETE FROM post_reactions WHERE post_id = $1 AND user_id = $2 AND reaction = $3";

    static final String REACTION_COUNTS = """
        SELECT reaction, count(*) AS n FROM post_reactions WHERE post_id = $1 GROUP BY reaction
        """;

    static final String MARK_READ = """
        INSERT INTO thread_reads (user_id, thread_id, read_position) VALUES ($1, $2, $3)
        ON CONFLICT (user_id, thread_id) DO UPDATE
        SET read_position = GREATEST(thread_reads.read_position, EXCLUDED.read_position), updated_at = now()
        RETURNING read_position
        """;

    static final String POSITION_OF = "SELECT position FROM posts WHERE id = $1 AND thread_id = $2";

    /** The names and role titles of a network's full members: what "@" followed by them mentions. */
    static final String MENTIONABLE_NAMES = """
        SELECT u.display_name AS name FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.network_id = $1 AND m.role <> 'guest'
        UNION
        SELECT role_title FROM memberships WHERE network_id = $1 AND role <> 'guest' AND role_title IS NOT NULL
        """;

    /**
     * Up to ten people (other than $3) and role titles of the network whose name, or a word of it, starts with $2
     * (lower case, LIKE wildcards escaped); people first.
     */
    static final String MENTIONABLES = """
        WITH candidates AS (
            SELECT u.display_name AS label, 'person' AS kind, m.role_title AS detail, 0 AS rank
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.network_id = $1 AND m.role <> 'guest' AND u.id <> $3
            UNION ALL
            SELECT role_title, 'role', count(*) || CASE WHEN count(*) = 1 THEN ' person' ELSE ' people' END, 1
            FROM memberships WHERE network_id = $1 AND role <> 'guest' AND role_title IS NOT NULL AND role_title <> ''
            GROUP BY role_title
        )
        SELECT label, kind, detail FROM candidates
        WHERE lower(label) LIKE $2 || '%' OR lower(label) LIKE '% ' || $2 || '%'
        ORDER BY rank, lower(label)
        LIMIT 10
        """;

    /**
     * Search over the posts the person may read: networks where they are a full member, and every network
     * below one they organise or are central in. Deleted posts, and posts hidden while organisers review them, are
     * never found.
     */
    /**
     * The headlines of search results: each of $2 (a post's plain text, in order) with up to two passages around the
     * words of the query $1, matched words between ⟦ and ⟧.
     */
    static final String HEADLINES = """
        SELECT ts_headline('english', t.plain, websearch_to_tsquery('english', $1),
                   'StartSel=⟦, StopSel=⟧, MaxFragments=2, MaxWords=30, MinWords=12, ShortWord=0, FragmentDelimiter=" … "') AS headline
        FROM unnest($2::text[]) WITH ORDINALITY AS t(plain, n)
        ORDER BY t.n
        """;

    /**
     * What search reads for person $1 with the words $2: {@code scope}, the networks whose discussions and
     * libraries they read (full member, or running a network above), and {@code query}.
     */
    private static final String SEARCH_SCOPE = """
        WITH RECURSIVE managed AS (
            SELECT network_id AS id FROM memberships WHERE user_id = $1 AND role IN ('organiser', 'central')
            UNION
            SELECT n.id FROM networks n JOIN managed m ON n.parent_id = m.id
        ), scope AS (
            SELECT network_id AS id FROM memberships WHERE user_id = $1 AND role <> 'guest'
            UNION SELECT id FROM managed
        ), query AS (SELECT websearch_to_tsquery('english', $2) AS q),
        """;

    static final String SEARCH = SEARCH_SCOPE + """
        ranked AS (
            SELECT p.id, p.thread_id, p.network_id, p.author_id, p.body, p.created_at, ts_rank(p.search, query.q) AS rank
            FROM posts p JOIN query ON p.search @@ query.q
            WHERE p.network_id IN (SELECT id FROM scope) AND p.deleted_at IS NULL AND p.hidden_at IS NULL
        )
        SELECT r.id, r.thread_id, r.created_at, r.rank, t.title, n.name AS network_name, n.slug AS network_slug,
               u.display_name AS author_name, r.body
        FROM ranked r CROSS JOIN query
        JOIN threads t ON t.id = r.thread_id JOIN networks n ON n.id = r.network_id
        LEFT JOIN users u ON u.id = r.author_id
        WHERE $4::real IS NULL OR (r.rank, r.id) < ($4::real, $5::uuid)
        ORDER BY r.rank DESC, r.id DESC
        LIMIT $3
        """;

    /**
     * Papers in the libraries the person reads (the same networks as posts: full member, or running a network
     * above), found by the text of their current version's pages: each document once, at its best page.
     */
    static final String SEARCH_PAPERS = SEARCH_SCOPE + """
        best AS (
            SELECT DISTINCT ON (d.id) d.id, d.title, d.network_id, p.page, left(p.body, 20000) AS body,
                   ts_rank(p.search, query.q) AS rank, v.content_type
            FROM document_text_pages p
            JOIN documents d ON d.id = p.document_id AND p.version = d.current_version
            JOIN document_versions v ON v.document_id = p.document_id AND v.version = p.version
            JOIN query ON p.search @@ query.q
            WHERE d.network_id IN (SELECT id FROM scope) AND d.deleted_at IS NULL
              -- a paper uploaded with a post is not found while that post is deleted or hidden
              AND NOT EXISTS (SELECT 1 FROM post_attachments a JOIN posts ap ON ap.id = a.post_id
                              WHERE a.document_id = d.id AND a.uploaded_with_post
                                AND (ap.deleted_at IS NOT NULL OR ap.hidden_at IS NOT NULL))
            ORDER BY d.id, rank DESC, p.ordinal
        )
        SELECT b.id, b.title, b.page, b.body, b.rank, b.content_type, n.name AS network_name, n.slug AS network_slug
        FROM best b JOIN networks n ON n.id = b.network_id
        ORDER BY b.rank DESC, b.id
        LIMIT $3
        """;

    /**
     * Candidates among papers outside the person's libraries that are attached somewhere (a meeting date, a
     * broadcast, a project hearing): each is then shown only if the feature it is attached to lets the person read
     * it, the same check a download makes. Capped, since each candidate costs that check.
     */
    static final String SEARCH_ATTACHED_PAPERS = SEARCH_SCOPE + """
        best AS (
            SELECT DISTINCT ON (d.id) d.id, d.title, d.network_id, d.current_version, p.page, left(p.body, 20000) AS body,
                   ts_rank(p.search, query.q) AS rank, v.content_type
            FROM document_text_pages p
            JOIN documents d ON d.id = p.document_id AND p.version = d.current_version
            JOIN document_versions v ON v.document_id = p.document_id AND v.version = p.version
            JOIN query ON p.search @@ query.q
            WHERE d.network_id NOT IN (SELECT id FROM scope) AND d.deleted_at IS NULL
              AND (EXISTS (SELECT 1 FROM meeting_papers m WHERE m.document_id = d.id)
                   OR EXISTS (SELECT 1 FROM broadcast_papers b WHERE b.document_id = d.id)
                   OR EXISTS (SELECT 1 FROM project_hearings h WHERE h.document_id = d.id))
            ORDER BY d.id, rank DESC, p.ordinal
        )
        SELECT b.id, b.title, b.page, b.body, b.rank, b.content_type, b.current_version, n.name AS network_name,
               n.slug AS network_slug
        FROM best b JOIN networks n ON n.id = b.network_id
        ORDER BY b.rank DESC, b.id
        LIMIT $3
        """;

    // ---- notifications and watching (issue 14) ---------------------------------------------------------------

    /** The author of a post ($1) watches its thread ($2) from now on, unless they muted it. */
    static final String WATCH_ON_POSTING = """
        INSERT INTO thread_watches (user_id, thread_id, level) VALUES ($1, $2, 'watching')
        ON CONFLICT (thread_id, user_id) DO UPDATE SET level = 'watching', updated_at = now()
        WHERE thread_watches.level <> 'muted'
        """;

    /**
     * Who a new post in thread $1 (network $2, by $3, answering post $4 or null, mentioning the lower-case names
     * $5) notifies, one row each with the most specific reason: 1 mentioned, 2 replied to, 3 watching. Only full
     * members of the network, never the author; a muted thread lets through only a mention of the person's own
     * name, not of their role title. A watcher who has not read the notice of an earlier post (gathered under $6,
     * "thread:" and the thread's id) is not told again (watched posts gather: see V70).
     */
    static final String TO_NOTIFY = """
        WITH candidates AS (
            -- most posts mention nobody: then both mention branches are skipped. Each branch reads only the people
            -- it names (by index), never the whole membership of the network, which may be thousands
            SELECT u.id AS user_id, 1 AS rank, true AS by_name FROM users u
            WHERE cardinality($5::text[]) > 0 AND (lower(u.display_name) = ANY($5) OR u.email = ANY($5))
            UNION ALL
            SELECT m.user_id, 1, false FROM memberships m
            WHERE cardinality($5::text[]) > 0 AND m.network_id = $2 AND m.role_title IS NOT NULL
              AND lower(m.role_title) = ANY($5)
            UNION ALL
            SELECT p.author_id, 2, false FROM posts p WHERE p.id = $4::uuid AND p.deleted_at IS NULL
            UNION ALL
            -- each watcher's unread notice of an earlier post is looked up by its own key: as an anti-join the
            -- planner may scan every watcher's notices of the thread once per watcher, as it did on a young table
            SELECT w.user_id, 3, false FROM thread_watches w
            LEFT JOIN LATERAL (SELECT true AS unread FROM notifications n
                               WHERE n.user_id = w.user_id AND n.gather = $6 AND n.read_at IS NULL LIMIT 1) g ON true
            WHERE w.thread_id = $1 AND w.level = 'watching' AND g.unread IS NULL
        )
        SELECT DISTINCT ON (c.user_id) c.user_id, c.rank, u.email, u.display_name
        FROM candidates c
        JOIN memberships r ON r.network_id = $2 AND r.user_id = c.user_id AND r.role <> 'guest'
        JOIN users u ON u.id = c.user_id
        LEFT JOIN thread_watches w ON w.thread_id = $1 AND w.user_id = c.user_id
        WHERE c.user_id <> $3 AND (coalesce(w.level, 'normal') <> 'muted' OR (c.rank = 1 AND c.by_name))
        -- a person named both by name and by role title is mentioned by name, which a muted thread lets through
        ORDER BY c.user_id, c.rank, c.by_name DESC
        LIMIT 5000
        """;

    /** Sets how closely $1 follows thread $2 ($3: watching, normal or muted). */
    static final String SET_WATCH = """
        INSERT INTO thread_watches (user_id, thread_id, level) VALUES ($1, $2, $3)
        ON CONFLICT (thread_id, user_id) DO UPDATE SET level = EXCLUDED.level, updated_at = now()
        """;

    /**
     * What the thread page shows reader $1 of thread $2 beyond its posts, in one statement: how closely they follow it
     * (null means normal) and, when $4 (they may reply), what the reply form offers to attach from network $3's
     * library, most recently changed first, capped for a select list.
     */
    static final String READER_STATE = """
        SELECT (SELECT level FROM thread_watches WHERE user_id = $1 AND thread_id = $2) AS level,
               CASE WHEN $4 THEN (
                   SELECT jsonb_agg(jsonb_build_object('value', c.id, 'text', c.title) ORDER BY c.n)
                   FROM (SELECT id, title, row_number() OVER (ORDER BY updated_at DESC, title) AS n
                         FROM documents WHERE network_id = $3 AND deleted_at IS NULL
                         ORDER BY updated_at DESC, title LIMIT 200) c
               ) END AS paper_choices
        """;

    /** Marks read $1's unread notices about posts of thread $2; returns how many changed. */
    static final String READ_NOTICES_OF_THREAD = """
        UPDATE notifications SET read_at = now()
        WHERE user_id = $1 AND read_at IS NULL AND subject LIKE 'post:%'
          AND subject IN (SELECT 'post:' || p.id FROM posts p WHERE p.thread_id = $2)
        """;
}
