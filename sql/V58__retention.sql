-- How long a network keeps its records, and the legal hold that stops any deletion in it and in every network
-- inside it. No row, or a null period, means keep forever, so networks that never set one lose nothing.
CREATE TABLE network_retention (
    network_id         uuid        PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
    discussions_months integer,
    meetings_months    integer,
    responses_months   integer,
    legal_hold         boolean     NOT NULL DEFAULT false,
    legal_hold_reason  text,
    hold_set_by        uuid        REFERENCES users (id) ON DELETE SET NULL,
    hold_set_at        timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT network_retention_months_sane CHECK (
        coalesce(discussions_months, 1) BETWEEN 1 AND 1200
        AND coalesce(meetings_months, 1) BETWEEN 1 AND 1200
        AND coalesce(responses_months, 1) BETWEEN 1 AND 1200),
    CONSTRAINT network_retention_hold_has_reason CHECK (NOT legal_hold OR legal_hold_reason IS NOT NULL)
);

-- The nightly job looks only at networks that delete something.
CREATE INDEX network_retention_active_idx ON network_retention (network_id)
    WHERE discussions_months IS NOT NULL OR meetings_months IS NOT NULL OR responses_months IS NOT NULL;
-- Finding expired threads, and events by age, without reading a whole network.
CREATE INDEX threads_last_activity_idx ON threads (network_id, (coalesce(last_post_at, created_at)));
CREATE INDEX network_events_age_idx ON network_events (network_id, created_at);
