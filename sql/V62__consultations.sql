-- A project's consultations: a question form (the same kinds as broadcast feedback) open between two moments,
-- answered by the project's team and its network's members, or also by anyone holding the consultation's link.
-- A response through the link is held unconfirmed until its sender follows the link emailed to the address they
-- gave; an unconfirmed response is never counted. One response per account, and one confirmed response per
-- email address: a later one, while the consultation is open, replaces the earlier.
CREATE TABLE consultations (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id      uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title           text        NOT NULL,
    opens_at        timestamptz NOT NULL,
    closes_at       timestamptz NOT NULL,
    questions       jsonb       NOT NULL,
    audience        text        NOT NULL DEFAULT 'members',
    anonymous       boolean     NOT NULL DEFAULT false,
    -- the link anyone may answer through; kept even while the audience is members only, and unused then
    public_token    text        NOT NULL UNIQUE,
    -- set once followers have been told the consultation is open, so that they are told once
    opened_notified boolean     NOT NULL DEFAULT false,
    created_by      uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT consultations_audience_known CHECK (audience IN ('members', 'anyone-with-link')),
    CONSTRAINT consultations_closes_after_opening CHECK (closes_at > opens_at)
);
CREATE INDEX consultations_project_idx ON consultations (project_id, opens_at);

CREATE TABLE consultation_responses (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    consultation_id  uuid        NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    user_id          uuid        REFERENCES users (id) ON DELETE CASCADE,
    email            text,
    answers          jsonb       NOT NULL,
    -- SHA-256 of the confirmation link's token, for a response through the public link until it is confirmed
    confirm_hash     text        UNIQUE,
    confirmed_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT consultation_responses_one_sender CHECK (num_nonnulls(user_id, email) = 1),
    CONSTRAINT consultation_responses_account_confirmed CHECK (user_id IS NULL OR confirmed_at IS NOT NULL)
);
CREATE UNIQUE INDEX consultation_responses_account_once ON consultation_responses (consultation_id, user_id)
    WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX consultation_responses_email_once ON consultation_responses (consultation_id, email)
    WHERE email IS NOT NULL AND confirmed_at IS NOT NULL;
CREATE INDEX consultation_responses_consultation_idx ON consultation_responses (consultation_id, confirmed_at);
