-- Someone added to a project's team by email address joins it through the link emailed to that address, which
-- proves the address is theirs; until then an account that merely registered with the address is not on the team.
-- Only the token's hash is kept.
ALTER TABLE project_team ADD COLUMN invite_hash text;
CREATE UNIQUE INDEX project_team_invite_idx ON project_team (invite_hash) WHERE invite_hash IS NOT NULL;
