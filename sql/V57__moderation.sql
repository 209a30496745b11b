-- Moderation: members report posts, organisers of the post's network (and administrators) hide a post while they
-- review it and resolve the reports.

-- A hidden post keeps its text (its author still sees it, and restoring brings it back) but nobody else is shown
-- it, and search does not find it.
ALTER TABLE posts
    ADD COLUMN hidden_at     timestamptz,
    ADD COLUMN hidden_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN hidden_reason text,
    ADD CONSTRAINT posts_hidden_has_reason CHECK (hidden_at IS NULL OR hidden_reason IS NOT NULL);

CREATE TABLE post_reports (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    post_id       uuid        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    network_id    uuid        NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    reporter_id   uuid        REFERENCES users (id) ON DELETE SET NULL,
    reason        text        NOT NULL,
    category      text,
    status        text        NOT NULL DEFAULT 'open',
    created_at    timestamptz NOT NULL DEFAULT now(),
    resolved_at   timestamptz,
    resolved_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    outcome       text,
    note          text,
    CONSTRAINT post_reports_status_known CHECK (status IN ('open', 'resolved')),
    CONSTRAINT post_reports_category_known
        CHECK (category IS NULL OR category IN ('abusive', 'personal-information', 'spam', 'off-topic', 'other')),
    CONSTRAINT post_reports_outcome_known CHECK (outcome IS NULL OR outcome IN ('hidden', 'no-action', 'removed')),
    CONSTRAINT post_reports_resolved_complete CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
-- One open report per person per post: a second is refused (409) until the first is resolved.
CREATE UNIQUE INDEX post_reports_one_open_idx ON post_reports (post_id, reporter_id) WHERE status = 'open';
-- A network's reports newest first, by status, in keyset pages; and every network's, for administrators.
CREATE INDEX post_reports_network_idx ON post_reports (network_id, status, created_at DESC, id DESC);
CREATE INDEX post_reports_status_idx ON post_reports (status, created_at DESC, id DESC);
