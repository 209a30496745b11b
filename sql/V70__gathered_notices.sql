-- Notices that gather: while a person has an unread notice with a given gather key (a watched thread's new posts:
-- 'thread:<id>'), the next one with that key adds nothing, so a busy watched thread leaves one notice, pointing at
-- the first post they have not seen, until they read it. Reading it (or opening the thread) lets the next post
-- tell them again. Mentions and replies to a person's own post never gather.
ALTER TABLE notifications ADD COLUMN gather text;
CREATE UNIQUE INDEX notifications_gather_idx ON notifications (user_id, gather) WHERE gather IS NOT NULL AND read_at IS NULL;
