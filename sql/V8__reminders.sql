-- Reminders: a meeting may remind the people going (and those who said maybe) some hours before each
-- occurrence; each person is reminded of each occurrence once.
ALTER TABLE meetings ADD COLUMN reminder_hours integer;
ALTER TABLE meetings ADD CONSTRAINT meetings_reminder_hours_range CHECK (reminder_hours IS NULL OR reminder_hours BETWEEN 1 AND 336);

CREATE TABLE meeting_reminders_sent (
    meeting_id      uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    original_start  timestamptz NOT NULL,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sent_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, original_start, user_id)
);
