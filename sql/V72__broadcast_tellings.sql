-- Telling a broadcast's recipients (a notice each, and an email as they choose), queued in the transaction that
-- sends the broadcast or issues a new version of it. That transaction tells the first people itself; a broadcast
-- reaching more is told after its commit in chunks, each chunk in a transaction of its own that moves the cursor
-- on, so sending to hundreds of networks answers at once and no one is told twice. A queued telling that a node
-- stopped before finishing is finished by the minute's check on any node (FOR UPDATE SKIP LOCKED).

CREATE TABLE broadcast_tellings (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    broadcast_id uuid        NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    kind         text        NOT NULL,
    subject      text        NOT NULL,
    message      text        NOT NULL,
    -- the last person told, in id order; null before anyone
    told_through uuid,
    created_at   timestamptz NOT NULL DEFAULT now()
);
