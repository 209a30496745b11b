-- One occurrence of a meeting can be held somewhere else, or online on another link, without changing the
-- rest of the programme. NULL keeps the meeting's own venue or link.
ALTER TABLE occurrence_changes ADD COLUMN location text;
ALTER TABLE occurrence_changes ADD COLUMN online_url text;

-- Guests invited by email address find their meetings (and calendar feed) through this.
CREATE INDEX meeting_invitees_email_idx ON meeting_invitees (email) WHERE email IS NOT NULL;
