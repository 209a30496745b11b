-- An email may carry an HTML body beside its plain text, and an iCalendar invitation (RFC 5546 iTIP) that
-- calendar apps act on by themselves; calendar_method is the invitation's METHOD (REQUEST or CANCEL).
ALTER TABLE outbox ADD COLUMN html_body text;
ALTER TABLE outbox ADD COLUMN calendar text;
ALTER TABLE outbox ADD COLUMN calendar_method text;
ALTER TABLE outbox ADD CONSTRAINT outbox_calendar_method_known
    CHECK ((calendar IS NULL) = (calendar_method IS NULL) AND (calendar_method IS NULL OR calendar_method IN ('REQUEST', 'CANCEL')));
