-- Representation rules: the role titles each network inside the meeting's network should send
-- (for example lead nurse, lead doctor and manager).
ALTER TABLE meetings ADD COLUMN required_role_titles text[] NOT NULL DEFAULT '{}';
