-- Email people control. An email about a notice carries extra headers (List-Unsubscribe and
-- List-Unsubscribe-Post, RFC 8058) that the outbox sender adds to the message as stored here.
ALTER TABLE outbox ADD COLUMN headers jsonb;

-- One-click unsubscribe links: each email about a notice gets its own token naming the person and the category
-- it turns off ('digest' turns off every category they get in a digest). Only the token's SHA-256 is kept, so a
-- copy of the database opens no links; tokens outlive sign-out on purpose, as mail clients use them much later.
CREATE TABLE unsubscribe_tokens (
    token_hash  text        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category    text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT unsubscribe_tokens_category_known
        CHECK (category IN ('mentions', 'replies', 'watching', 'broadcasts', 'meetings', 'digest'))
);
CREATE INDEX unsubscribe_tokens_user_idx ON unsubscribe_tokens (user_id);

-- A digest sent: at most one per person per local day (period is that date, such as '2027-03-01'). The row is
-- written in the same transaction as the digest's outbox message and the notices' change to 'sent', so two nodes
-- racing, or a node crashing half-way, can never send a digest twice.
CREATE TABLE digest_runs (
    user_id  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period   text        NOT NULL,
    sent_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, period)
);
