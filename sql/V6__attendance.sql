-- The attendance register: who attended each occurrence, who sent apologies and who did not come.
CREATE TABLE attendance (
    meeting_id      uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    original_start  timestamptz NOT NULL,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mark            text        NOT NULL,
    recorded_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, original_start, user_id),
    CONSTRAINT attendance_mark_known CHECK (mark IN ('attended', 'apologies', 'no-show'))
);
