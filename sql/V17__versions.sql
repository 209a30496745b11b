-- Optimistic concurrency for everything two people can edit at once: each save names the version it was made
-- against and is refused if someone saved in between (UPDATE ... WHERE lock_version = $n), so nobody's
-- changes are overwritten unseen. updated_by and updated_at say who saved last, for "Last saved by ... at ...".
-- lock_version, not version: broadcast_responses.version already names the guidance version responded to.

ALTER TABLE broadcast_responses ADD COLUMN lock_version integer NOT NULL DEFAULT 0;
-- null for anonymous broadcasts, whose responders are not kept
ALTER TABLE broadcast_responses ADD COLUMN updated_by uuid REFERENCES users (id) ON DELETE SET NULL;
-- every stored response was saved when its row was opened; 0 is "nothing saved yet" for a page that saw none
UPDATE broadcast_responses SET lock_version = 1;

ALTER TABLE meetings ADD COLUMN lock_version integer NOT NULL DEFAULT 1;
ALTER TABLE meetings ADD COLUMN updated_by uuid REFERENCES users (id) ON DELETE SET NULL;

ALTER TABLE occurrence_items ADD COLUMN lock_version integer NOT NULL DEFAULT 1;
ALTER TABLE occurrence_items ADD COLUMN updated_by uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE occurrence_items ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
