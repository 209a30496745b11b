-- Two-step sign-in (RFC 6238). A person has at most one authenticator: pending until a first code confirms it.
-- last_step is the last time step whose code was accepted, so each code works once even across nodes.
CREATE TABLE two_step (
    user_id      uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz,
    last_step    bigint
);

-- Recovery codes are random and long, so a SHA-256 hash is enough to keep a database copy from using them.
CREATE TABLE two_step_recovery_codes (
    user_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash text        NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The step between a right password and a code: short-lived, bound to one account, used once.
CREATE TABLE two_step_challenges (
    token_hash text        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX two_step_challenges_expiry_idx ON two_step_challenges (expires_at);

ALTER TABLE networks ADD COLUMN require_two_step boolean NOT NULL DEFAULT false;
