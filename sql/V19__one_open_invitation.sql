-- One open invitation per address per network: inviting the address again updates that invitation instead of
-- sending a second one. Older duplicates are withdrawn first, keeping the newest of each.
UPDATE invitations i SET revoked_at = now()
WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL
  AND EXISTS (SELECT 1 FROM invitations newer
              WHERE newer.network_id = i.network_id AND newer.email = i.email
                AND newer.accepted_at IS NULL AND newer.revoked_at IS NULL
                AND (newer.created_at, newer.id) > (i.created_at, i.id));

CREATE UNIQUE INDEX invitations_one_open ON invitations (network_id, email)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
