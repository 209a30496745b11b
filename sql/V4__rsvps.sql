-- Replies to single occurrences: yes, no or maybe, perhaps sending a named delegate; "yes" beyond the
-- meeting's capacity waits in line (oldest reply first) and is promoted when a seat frees up.

CREATE TABLE rsvps (
    meeting_id        uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    original_start    timestamptz NOT NULL,
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    response          text        NOT NULL,
    delegate_user_id  uuid        REFERENCES users (id) ON DELETE SET NULL,
    waitlisted        boolean     NOT NULL DEFAULT false,
    responded_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, original_start, user_id),
    CONSTRAINT rsvps_response_known CHECK (response IN ('yes', 'no', 'maybe')),
    CONSTRAINT rsvps_only_yes_waits CHECK (NOT waitlisted OR response = 'yes'),
    CONSTRAINT rsvps_delegate_not_self CHECK (delegate_user_id IS DISTINCT FROM user_id)
);
CREATE INDEX rsvps_waiting_idx ON rsvps (meeting_id, original_start, responded_at) WHERE waitlisted;
