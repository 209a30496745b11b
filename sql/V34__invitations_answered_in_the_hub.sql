-- Invitations can be answered from the person's own "Your invitations" page, by id rather than by the secret link.
-- That is safe only for an address the account has shown it receives mail at: using an emailed invitation link
-- sent to that address proves it (single sign-on with a verified address proves it too, through oidc_identities).
-- No account is marked from older rows: an invitation closed when someone joined by another route also records
-- who joined, so those rows prove nothing about the mailbox.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;

-- A declined invitation is closed as a withdrawn one is (revoked_at is set too), so every query that looks for open
-- invitations leaves it out; declined_at lets its link page say who closed it.
ALTER TABLE invitations ADD COLUMN declined_at timestamptz;
