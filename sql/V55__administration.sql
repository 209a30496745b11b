-- Platform administration: who runs the hub, suspended accounts, requests for new top-level networks, and an
-- audit log that can be read by network.

-- Administrators of the whole hub. from_config marks those named by HUB_ADMIN_EMAILS, so the hub can say why
-- someone is one; an administrator made in the hub names who made them.
CREATE TABLE platform_administrators (
    user_id     uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    granted_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    from_config boolean     NOT NULL DEFAULT false
);

-- A suspended person cannot sign in; their sessions were ended when they were suspended.
ALTER TABLE users
    ADD COLUMN suspended_at      timestamptz,
    ADD COLUMN suspension_reason text,
    ADD COLUMN suspended_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    ADD CONSTRAINT users_suspension_has_reason CHECK (suspended_at IS NULL OR suspension_reason IS NOT NULL);

-- Searching accounts by name or email for the administrators' accounts page.
CREATE INDEX users_display_name_lower_idx ON users (lower(display_name));

-- A person asks for a new top-level network when HUB_NETWORK_CREATION=request.
CREATE TABLE network_requests (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    requester_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    purpose        text        NOT NULL,
    status         text        NOT NULL DEFAULT 'pending',
    created_at     timestamptz NOT NULL DEFAULT now(),
    decided_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    decided_at     timestamptz,
    decline_reason text,
    network_id     uuid        REFERENCES networks (id) ON DELETE SET NULL,
    CONSTRAINT network_requests_status_known CHECK (status IN ('pending', 'approved', 'declined'))
);
CREATE INDEX network_requests_pending_idx ON network_requests (created_at, id) WHERE status = 'pending';
CREATE INDEX network_requests_requester_idx ON network_requests (requester_id, created_at DESC);

-- The network an audited action was about, kept after the network is deleted (no foreign key), so the log can
-- answer "what happened in this network".
ALTER TABLE audit_log ADD COLUMN network_id uuid;
CREATE INDEX audit_log_network_idx ON audit_log (network_id, id DESC) WHERE network_id IS NOT NULL;
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);

-- Entries written before the column existed name their network in detail.networkId, or are the network.
UPDATE audit_log SET network_id = (detail ->> 'networkId')::uuid
WHERE detail ->> 'networkId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
UPDATE audit_log SET network_id = subject::uuid
WHERE network_id IS NULL AND action LIKE 'network.%'
  AND subject ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
