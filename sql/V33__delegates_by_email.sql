-- A delegate may be someone outside the network, named by email address before they have an account. The
-- reply keeps the address until an account has it; then the account takes its place, so the register,
-- reminders and "attending for" read delegate_user_id alone whichever way the delegate was named.
ALTER TABLE rsvps ADD COLUMN delegate_email text;
ALTER TABLE rsvps ADD CONSTRAINT rsvps_one_delegate CHECK (delegate_user_id IS NULL OR delegate_email IS NULL);
ALTER TABLE rsvps ADD CONSTRAINT rsvps_delegate_email_lower CHECK (delegate_email = lower(delegate_email));
CREATE INDEX rsvps_delegate_email_idx ON rsvps (delegate_email) WHERE delegate_email IS NOT NULL;

-- The date invitation that lets a delegate from outside the network see the date; it goes when the sender
-- withdraws or changes that delegate.
ALTER TABLE meeting_invitees ADD COLUMN delegate_for uuid REFERENCES users (id) ON DELETE CASCADE;

-- Done in the database so that every way an account gets an address (registering, changing it) claims the
-- delegations waiting for it, in the same transaction.
CREATE FUNCTION rsvps_claim_delegations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rsvps SET delegate_user_id = NEW.id, delegate_email = NULL
    WHERE delegate_email = NEW.email AND user_id <> NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER users_claim_delegations AFTER INSERT OR UPDATE OF email ON users
    FOR EACH ROW EXECUTE FUNCTION rsvps_claim_delegations();
