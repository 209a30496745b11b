-- Notifications: one row for each event that is about a person (mentioned, a reply to their post, a broadcast
-- to their network, a meeting date moved, ...), written in the same transaction as the change that causes it,
-- so none is lost and none exists for a change that rolled back. Pages of a person's inbox are keyset ranges
-- of (user_id, id DESC).
--
-- email_state records what happens by email, decided by the person's preference for the notice's kind when the
-- notice is stored: 'sent' (queued in the outbox at once), 'due' (waiting for their daily or weekly digest) or
-- 'none' (they turned that kind of email off). A digest takes the 'due' rows and marks them 'sent'.
CREATE TABLE notifications (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         text        NOT NULL,
    network_id   uuid        REFERENCES networks (id) ON DELETE CASCADE,
    title        text        NOT NULL,
    body         text        NOT NULL DEFAULT '',
    href         text        NOT NULL,
    subject      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    read_at      timestamptz,
    email_state  text        NOT NULL,
    CONSTRAINT notifications_email_state_known CHECK (email_state IN ('sent', 'due', 'none'))
);
CREATE INDEX notifications_inbox_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_subject_idx ON notifications (user_id, subject) WHERE subject IS NOT NULL AND read_at IS NULL;
CREATE INDEX notifications_digest_idx ON notifications (user_id) WHERE email_state = 'due';

-- How each person wants each kind of notice emailed. No row means the defaults: mentions and broadcasts at
-- once, the rest in a daily digest at 8am London time.
CREATE TABLE email_preferences (
    user_id      uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mentions     text        NOT NULL DEFAULT 'immediately',
    replies      text        NOT NULL DEFAULT 'daily',
    watching     text        NOT NULL DEFAULT 'daily',
    broadcasts   text        NOT NULL DEFAULT 'immediately',
    meetings     text        NOT NULL DEFAULT 'daily',
    digest_hour  smallint    NOT NULL DEFAULT 8,
    time_zone    text        NOT NULL DEFAULT 'Europe/London',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_preferences_choices CHECK (
        mentions IN ('immediately', 'daily', 'weekly', 'off') AND replies IN ('immediately', 'daily', 'weekly', 'off')
        AND watching IN ('immediately', 'daily', 'weekly', 'off') AND broadcasts IN ('immediately', 'daily', 'weekly', 'off')
        AND meetings IN ('immediately', 'daily', 'weekly', 'off')),
    CONSTRAINT email_preferences_digest_hour CHECK (digest_hour BETWEEN 0 AND 23)
);
