-- Networks nested to any depth, their members, join requests, invitations, guest nominations, the per-network
-- event log that live pages catch up from, and the outbox of email waiting to be sent.

CREATE TABLE networks (
    id                       uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    parent_id                uuid        REFERENCES networks (id) ON DELETE RESTRICT,
    name                     text        NOT NULL,
    slug                     text        NOT NULL,
    description              text,
    visibility               text        NOT NULL,
    allow_guest_nominations  boolean     NOT NULL DEFAULT false,
    event_seq                bigint      NOT NULL DEFAULT 0,
    created_by               uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT networks_slug_key UNIQUE (slug),
    CONSTRAINT networks_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT networks_visibility_known CHECK (visibility IN ('open', 'request', 'private')),
    CONSTRAINT networks_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX networks_parent_idx ON networks (parent_id);

CREATE TABLE memberships (
    network_id  uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text        NOT NULL,
    role_title  text,
    joined_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (network_id, user_id),
    CONSTRAINT memberships_role_known CHECK (role IN ('organiser', 'central', 'member', 'guest'))
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE join_requests (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id  uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      text        NOT NULL DEFAULT 'pending',
    created_at  timestamptz NOT NULL DEFAULT now(),
    decided_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    decided_at  timestamptz,
    CONSTRAINT join_requests_status_known CHECK (status IN ('pending', 'approved', 'declined'))
);
CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (network_id, user_id) WHERE status = 'pending';

CREATE TABLE invitations (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id    uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    email         text        NOT NULL,
    display_name  text,
    organisation  text,
    role          text        NOT NULL,
    role_title    text,
    token_hash    text        NOT NULL,
    invited_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    accepted_at   timestamptz,
    accepted_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    revoked_at    timestamptz,
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
    CONSTRAINT invitations_role_known CHECK (role IN ('organiser', 'central', 'member', 'guest'))
);
CREATE INDEX invitations_network_idx ON invitations (network_id, created_at DESC);

CREATE TABLE guest_nominations (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id     uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    nominated_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    name           text        NOT NULL,
    email          text        NOT NULL,
    reason         text        NOT NULL,
    status         text        NOT NULL DEFAULT 'pending',
    decided_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    decided_at     timestamptz,
    invitation_id  uuid        REFERENCES invitations (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT guest_nominations_status_known CHECK (status IN ('pending', 'approved', 'declined'))
);
CREATE INDEX guest_nominations_network_idx ON guest_nominations (network_id, status);

-- Every change a network's live pages must apply, numbered without gaps per network in the same
-- transaction as the change (networks.event_seq is the counter, locked by the UPDATE that advances it).
CREATE TABLE network_events (
    network_id  uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    seq         bigint      NOT NULL,
    type        text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (network_id, seq)
);

CREATE TABLE outbox (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address   text        NOT NULL,
    subject      text        NOT NULL,
    body         text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text,
    next_attempt_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_unsent_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL;
