-- A person's secret calendar address: one per person, replaced when rotated, removed when revoked.
CREATE TABLE calendar_feeds (
    user_id     uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT calendar_feeds_token_hash_key UNIQUE (token_hash)
);
