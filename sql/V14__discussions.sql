-- Threaded discussions. A thread belongs to a network; a meeting occurrence has at most one thread of its own.
-- Posts are numbered per thread (position, in the order they were posted) and carry a path, the order they
-- are shown in: each reply sits under the post it answers, to a limited depth, so one index serves keyset
-- pages of any thread however long.
CREATE TABLE threads (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id      uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    meeting_id      uuid        REFERENCES meetings (id) ON DELETE CASCADE,
    original_start  timestamptz,
    title           text        NOT NULL,
    created_by      uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    pinned          boolean     NOT NULL DEFAULT false,
    locked          boolean     NOT NULL DEFAULT false,
    post_count      integer     NOT NULL DEFAULT 0,
    last_post_at    timestamptz,
    CONSTRAINT threads_one_per_occurrence UNIQUE (meeting_id, original_start),
    CONSTRAINT threads_occurrence_complete CHECK ((meeting_id IS NULL) = (original_start IS NULL))
);
CREATE INDEX threads_network_idx ON threads (network_id, pinned DESC, last_post_at DESC NULLS LAST);

CREATE TABLE posts (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    thread_id   uuid        NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    network_id  uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    position    integer     NOT NULL,
    seq         bigint      NOT NULL,
    parent_id   uuid        REFERENCES posts (id) ON DELETE SET NULL,
    depth       smallint    NOT NULL,
    path        text        COLLATE "C" NOT NULL,
    author_id   uuid        REFERENCES users (id) ON DELETE SET NULL,
    body        text        NOT NULL,
    body_html   text        NOT NULL,
    search      tsvector    NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    edited_at   timestamptz,
    deleted_at  timestamptz,
    deleted_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT posts_position_key UNIQUE (thread_id, position)
);
CREATE INDEX posts_thread_path_idx ON posts (thread_id, path);
CREATE INDEX posts_search_idx ON posts USING gin (search);
CREATE INDEX posts_network_idx ON posts (network_id);

-- Every earlier text of an edited post, so the history stays visible.
CREATE TABLE post_revisions (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id     uuid        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    body        text        NOT NULL,
    body_html   text        NOT NULL,
    written_at  timestamptz NOT NULL,
    replaced_at timestamptz NOT NULL DEFAULT now(),
    replaced_by uuid        REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX post_revisions_post_idx ON post_revisions (post_id, id);

CREATE TABLE post_reactions (
    post_id     uuid        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reaction    text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, user_id, reaction),
    CONSTRAINT post_reactions_known CHECK (reaction IN ('like', 'thanks', 'agree', 'question'))
);

-- How far each person has read each thread (by position).
CREATE TABLE thread_reads (
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id      uuid        NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    read_position  integer     NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, thread_id)
);

-- Creates made with an Idempotency-Key: a retried request returns the stored result instead of acting again.
-- The key is claimed and the result stored in the same transaction as the change itself.
CREATE TABLE idempotency_keys (
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key         text        NOT NULL,
    scope       text        NOT NULL,
    status      integer,
    response    jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
