-- Links that let a person who has forgotten their password choose a new one. Only the SHA-256 hash of each
-- link's 256-bit token is kept, so a copy of the database opens no accounts. A link works once (used_at) and
-- for an hour (expires_at, from the database's clock so that every node agrees); created_at lets the hub
-- count recent requests per account.
CREATE TABLE password_resets (
    token_hash text        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at DESC);
