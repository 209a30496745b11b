-- Sign-in sessions. Every access token names its session (the JWT's sid claim), and a token is honoured only
-- while its session is live, so signing out ends it at once on every node and across restarts. Shaped for
-- listing a person's sessions and ending them one by one.
CREATE TABLE sessions (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    user_agent   text,
    address      text
);

CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC);
