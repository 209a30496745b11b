-- What an email is about, such as 'post:<id>' for an email about a notice of a post, so that hiding the post can
-- withdraw the emails about it that are still waiting to be sent. Null for emails that nothing withdraws.
ALTER TABLE outbox ADD COLUMN about text;
CREATE INDEX outbox_unsent_about_idx ON outbox (about) WHERE sent_at IS NULL AND about IS NOT NULL;
