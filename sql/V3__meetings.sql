-- Meetings of a network: one-off or recurring (RFC 5545 RRULE) in an IANA time zone, and the changes made to
-- single occurrences (cancelled, moved, given a theme), keyed by the occurrence's original start.

CREATE TABLE meetings (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id        uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    title             text        NOT NULL,
    description       text,
    start_local       timestamp   NOT NULL,
    time_zone         text        NOT NULL,
    duration_minutes  integer     NOT NULL,
    rrule             text,
    location          text,
    online_url        text,
    capacity          integer,
    sequence          integer     NOT NULL DEFAULT 0,
    created_by        uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meetings_duration_positive CHECK (duration_minutes BETWEEN 1 AND 7 * 24 * 60),
    CONSTRAINT meetings_capacity_positive CHECK (capacity IS NULL OR capacity > 0)
);
CREATE INDEX meetings_network_idx ON meetings (network_id);

CREATE TABLE occurrence_changes (
    meeting_id       uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    original_start   timestamptz NOT NULL,
    cancelled        boolean     NOT NULL DEFAULT false,
    moved_start      timestamptz,
    theme            text,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, original_start)
);
