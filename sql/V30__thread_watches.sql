-- How closely each person follows a thread. 'watching': every new post notifies them; 'normal': only posts about
-- them (mentions, replies to their posts); 'muted': only a direct mention by name. No row is 'normal'. Authors
-- and anyone who posts start watching (unless they muted the thread), so the row is written with the post.
CREATE TABLE thread_watches (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id  uuid        NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    level      text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (thread_id, user_id),
    CONSTRAINT thread_watches_level_known CHECK (level IN ('watching', 'normal', 'muted'))
);
CREATE INDEX thread_watches_user_idx ON thread_watches (user_id);
