-- What belongs to one occurrence: agenda items, pre-reads (links), minutes and action items. Open action
-- items are carried into the agendas of later occurrences until they are done.
CREATE TABLE occurrence_items (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    meeting_id      uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    original_start  timestamptz NOT NULL,
    kind            text        NOT NULL,
    text            text        NOT NULL,
    url             text,
    owner_user_id   uuid        REFERENCES users (id) ON DELETE SET NULL,
    done            boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT occurrence_items_kind_known CHECK (kind IN ('agenda', 'pre-read', 'minutes', 'action'))
);
CREATE INDEX occurrence_items_occurrence_idx ON occurrence_items (meeting_id, original_start);
CREATE INDEX occurrence_items_open_actions_idx ON occurrence_items (meeting_id, original_start) WHERE kind = 'action' AND NOT done;
