-- Workshops: parallel sessions inside one occurrence, grouped in time slots, each with a capacity.
-- A participant chooses at most one workshop per slot.
CREATE TABLE workshops (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    meeting_id      uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    original_start  timestamptz NOT NULL,
    slot            text        NOT NULL,
    title           text        NOT NULL,
    capacity        integer,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workshops_capacity_positive CHECK (capacity IS NULL OR capacity > 0)
);
CREATE INDEX workshops_occurrence_idx ON workshops (meeting_id, original_start);

CREATE TABLE workshop_choices (
    meeting_id      uuid        NOT NULL,
    original_start  timestamptz NOT NULL,
    slot            text        NOT NULL,
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workshop_id     uuid        NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    chosen_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, original_start, slot, user_id)
);
CREATE INDEX workshop_choices_workshop_idx ON workshop_choices (workshop_id);
