-- Service change projects: a network's change run as a project through the eight steps of the collaborative
-- service change model, each step with its own checklist, a project team (people with accounts, or invited by
-- email address so that a service user or a council partner takes part once they register with it, without
-- joining the network), monthly progress updates that followers are told of, the boards hearing the case for
-- change, and a dated log of decisions, expected ones included until they are made.
CREATE TABLE projects (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id     uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    title          text        NOT NULL,
    summary        text        NOT NULL DEFAULT '',
    aims           text[]      NOT NULL DEFAULT '{}',
    status         text        NOT NULL DEFAULT 'proposed',
    outcome        text,
    current_stage  text        NOT NULL DEFAULT 'big-idea',
    -- raised by every change to the project's own fields or a stage's (optimistic concurrency on edits)
    version        integer     NOT NULL DEFAULT 1,
    -- raised by every change a live page should hear of, so a page can tell whether it missed one
    activity       bigint      NOT NULL DEFAULT 0,
    created_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT projects_status_known CHECK (status IN ('proposed', 'active', 'paused', 'closed')),
    CONSTRAINT projects_closed_with_outcome CHECK ((status = 'closed') = (outcome IS NOT NULL))
);
CREATE INDEX projects_network_idx ON projects (network_id, created_at DESC);

CREATE TABLE project_stages (
    project_id  uuid     NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    key         text     NOT NULL,
    position    smallint NOT NULL,
    status      text     NOT NULL DEFAULT 'not-started',
    notes       text     NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, key),
    CONSTRAINT project_stages_status_known CHECK (status IN ('not-started', 'in-progress', 'done', 'not-applicable'))
);

CREATE TABLE project_checklist_items (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id  uuid        NOT NULL,
    stage_key   text        NOT NULL,
    position    integer     NOT NULL,
    text        text        NOT NULL,
    done        boolean     NOT NULL DEFAULT false,
    done_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    done_at     timestamptz,
    FOREIGN KEY (project_id, stage_key) REFERENCES project_stages (project_id, key) ON DELETE CASCADE
);
CREATE INDEX project_checklist_items_stage_idx ON project_checklist_items (project_id, stage_key, position);

-- A team member is an account or, until someone registers with it, an email address.
CREATE TABLE project_team (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id  uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id     uuid        REFERENCES users (id) ON DELETE CASCADE,
    email       text,
    role_title  text        NOT NULL,
    added_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    added_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT project_team_one_target CHECK (num_nonnulls(user_id, email) = 1),
    CONSTRAINT project_team_user_once UNIQUE (project_id, user_id),
    CONSTRAINT project_team_email_once UNIQUE (project_id, email)
);
CREATE INDEX project_team_user_idx ON project_team (user_id);
CREATE INDEX project_team_email_idx ON project_team (email);

CREATE TABLE project_updates (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id    uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    period        text        NOT NULL,
    body          text        NOT NULL,
    body_html     text        NOT NULL,
    achievements  text[]      NOT NULL DEFAULT '{}',
    next_steps    text[]      NOT NULL DEFAULT '{}',
    author_id     uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT project_updates_period_format CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
CREATE INDEX project_updates_project_idx ON project_updates (project_id, period DESC, created_at DESC);

CREATE TABLE project_followers (
    project_id  uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    since       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_followers_user_idx ON project_followers (user_id);

-- The boards (governing bodies, trust boards) a paper about the project goes to, and what each decided.
CREATE TABLE project_hearings (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id  uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    body        text        NOT NULL,
    heard_on    date        NOT NULL,
    outcome     text        NOT NULL DEFAULT 'pending',
    note        text        NOT NULL DEFAULT '',
    paper_url   text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT project_hearings_outcome_known CHECK (outcome IN ('pending', 'approved', 'deferred', 'rejected'))
);
CREATE INDEX project_hearings_project_idx ON project_hearings (project_id, heard_on);

-- A decision is made (decided_on set) or expected (expected_when, in words such as "May 2027", until it is made).
CREATE TABLE project_decisions (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id     uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    decision       text        NOT NULL,
    decided_on     date,
    expected_when  text,
    decided_by     text        NOT NULL DEFAULT '',
    rationale      text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT project_decisions_made_or_expected CHECK (decided_on IS NOT NULL OR expected_when IS NOT NULL)
);
CREATE INDEX project_decisions_project_idx ON project_decisions (project_id, decided_on);
