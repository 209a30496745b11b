-- The signed-in home looks things up by person across every network: the open actions assigned to them and the
-- invitations to their address not yet used. Without these, each home read would scan every action item and
-- every invitation in the hub.
CREATE INDEX occurrence_items_owner_open_idx ON occurrence_items (owner_user_id) WHERE kind = 'action' AND NOT done;
CREATE INDEX invitations_open_email_idx ON invitations (lower(email)) WHERE accepted_at IS NULL AND revoked_at IS NULL;
