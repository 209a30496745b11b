-- Broadcasts: guidance from a central team to many networks, in versions, with acknowledgements and structured
-- feedback rolled up per network.
CREATE TABLE broadcasts (
    id                    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id            uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    created_by            uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    deadline              timestamptz,
    feedback_mode         text,
    anonymous             boolean     NOT NULL DEFAULT false,
    submitter_role_title  text,
    questions             jsonb       NOT NULL DEFAULT '[]',
    current_version       integer     NOT NULL DEFAULT 1,
    CONSTRAINT broadcasts_feedback_mode_known CHECK (feedback_mode IS NULL OR feedback_mode IN ('network', 'individual'))
);
CREATE INDEX broadcasts_network_idx ON broadcasts (network_id, created_at DESC);

CREATE TABLE broadcast_versions (
    broadcast_id    uuid        NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    version         integer     NOT NULL,
    title           text        NOT NULL,
    body            text        NOT NULL,
    body_html       text        NOT NULL,
    attachments     jsonb       NOT NULL DEFAULT '[]',
    change_summary  text,
    you_said        text,
    cited_networks  uuid[]      NOT NULL DEFAULT '{}',
    created_by      uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (broadcast_id, version)
);

-- The networks a broadcast was sent to, resolved when it was sent (a subtree is expanded then).
CREATE TABLE broadcast_targets (
    broadcast_id  uuid NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    network_id    uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    depth         integer NOT NULL,
    PRIMARY KEY (broadcast_id, network_id)
);
CREATE INDEX broadcast_targets_network_idx ON broadcast_targets (network_id);

-- One acknowledgement per person, version and target network they belong to.
CREATE TABLE broadcast_acks (
    broadcast_id  uuid        NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    version       integer     NOT NULL,
    network_id    uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    acked_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (broadcast_id, version, network_id, user_id)
);

-- Feedback. In network mode there is one response per network and version (network_key = network_id); in
-- individual mode one per person (responder_key = the person, kept even when the response is anonymous, in a
-- separate table, so that nobody answers twice and nobody can be linked to an answer).
CREATE TABLE broadcast_responses (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    broadcast_id  uuid        NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    version       integer     NOT NULL,
    network_id    uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    network_key   uuid,
    responder_id  uuid        REFERENCES users (id) ON DELETE SET NULL,
    status        text        NOT NULL,
    answers       jsonb       NOT NULL,
    revision      integer     NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    submitted_at  timestamptz,
    CONSTRAINT broadcast_responses_status_known CHECK (status IN ('draft', 'submitted')),
    CONSTRAINT broadcast_responses_one_per_network UNIQUE (broadcast_id, version, network_key)
);
CREATE INDEX broadcast_responses_broadcast_idx ON broadcast_responses (broadcast_id, version);

CREATE TABLE broadcast_responders (
    broadcast_id  uuid NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    version       integer NOT NULL,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (broadcast_id, version, user_id)
);

-- Every submitted text of a network's response, so later edits before the deadline are kept as versions.
CREATE TABLE broadcast_response_revisions (
    response_id   uuid        NOT NULL REFERENCES broadcast_responses (id) ON DELETE CASCADE,
    revision      integer     NOT NULL,
    answers       jsonb       NOT NULL,
    submitted_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (response_id, revision)
);

-- Each target network's discussion of the broadcast, opened on first use.
ALTER TABLE threads ADD COLUMN broadcast_id uuid REFERENCES broadcasts (id) ON DELETE CASCADE;
ALTER TABLE threads ADD CONSTRAINT threads_one_per_broadcast_network UNIQUE (broadcast_id, network_id);
