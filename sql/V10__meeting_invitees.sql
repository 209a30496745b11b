-- Who else is invited to a meeting besides the full members of its network: whole networks (and, when asked,
-- every network inside them) and named people, for every occurrence or just one.
CREATE TABLE meeting_invitees (
    id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    meeting_id           uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    network_id           uuid        REFERENCES networks (id) ON DELETE CASCADE,
    include_descendants  boolean     NOT NULL DEFAULT false,
    user_id              uuid        REFERENCES users (id) ON DELETE CASCADE,
    original_start       timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meeting_invitees_network_or_person CHECK ((network_id IS NULL) <> (user_id IS NULL)),
    CONSTRAINT meeting_invitees_occurrence_for_people CHECK (original_start IS NULL OR user_id IS NOT NULL)
);
CREATE INDEX meeting_invitees_meeting_idx ON meeting_invitees (meeting_id);
CREATE INDEX meeting_invitees_user_idx ON meeting_invitees (user_id) WHERE user_id IS NOT NULL;
