-- Guests of a meeting ("significant local others"): each participant may nominate up to guest_allowance
-- guests for an occurrence; organisers approve. An approved guest is invited by email address, so someone
-- without an account yet takes part as soon as they register with it.
ALTER TABLE meetings ADD COLUMN guest_allowance integer;
ALTER TABLE meetings ADD CONSTRAINT meetings_guest_allowance_range CHECK (guest_allowance IS NULL OR guest_allowance BETWEEN 1 AND 20);

ALTER TABLE meeting_invitees ADD COLUMN email text;
ALTER TABLE meeting_invitees DROP CONSTRAINT meeting_invitees_network_or_person;
ALTER TABLE meeting_invitees ADD CONSTRAINT meeting_invitees_one_target CHECK (num_nonnulls(network_id, user_id, email) = 1);
ALTER TABLE meeting_invitees DROP CONSTRAINT meeting_invitees_occurrence_for_people;
ALTER TABLE meeting_invitees ADD CONSTRAINT meeting_invitees_occurrence_for_people CHECK (original_start IS NULL OR network_id IS NULL);

CREATE TABLE meeting_guest_nominations (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    meeting_id      uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    original_start  timestamptz NOT NULL,
    nominated_by    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            text        NOT NULL,
    email           text        NOT NULL,
    reason          text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    decided_by      uuid        REFERENCES users (id) ON DELETE SET NULL,
    decided_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meeting_guest_nominations_status_known CHECK (status IN ('pending', 'approved', 'declined'))
);
CREATE INDEX meeting_guest_nominations_occurrence_idx ON meeting_guest_nominations (meeting_id, original_start, nominated_by);
