-- Who is in each network's subtree (the network and every network below it), kept up to date as memberships
-- change, so that a network page, its children and the directory count a subtree's members by reading one range
-- of an index instead of every membership in the tree. On a national day (2,000 networks, 20,000 members) those
-- counts took 30 ms a network page and most of the database's time (issue 17).
--
-- A row says that user_id holds `memberships` full (not guest) memberships in ancestor_id's subtree; the row goes
-- when that falls to none. A subtree's members are its rows.

CREATE TABLE subtree_members (
    ancestor_id uuid    NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id     uuid    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    memberships integer NOT NULL CONSTRAINT subtree_members_some CHECK (memberships > 0),
    PRIMARY KEY (ancestor_id, user_id)
);

-- Adds delta (1 or -1) to member's count at from_network and every network above it. A network being deleted is
-- no longer there to start from: its ancestors were told before it went (networks_subtree_members_leave).
CREATE FUNCTION adjust_subtree_members(from_network uuid, member uuid, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF delta > 0 THEN
        INSERT INTO subtree_members (ancestor_id, user_id, memberships)
        WITH RECURSIVE chain AS (
            SELECT id, parent_id FROM networks WHERE id = from_network
            UNION ALL
            SELECT n.id, n.parent_id FROM networks n JOIN chain c ON n.id = c.parent_id
        )
        SELECT id, member, delta FROM chain
        ON CONFLICT (ancestor_id, user_id) DO UPDATE SET memberships = subtree_members.memberships + EXCLUDED.memberships;
    ELSE
        WITH RECURSIVE chain AS (
            SELECT id, parent_id FROM networks WHERE id = from_network
            UNION ALL
            SELECT n.id, n.parent_id FROM networks n JOIN chain c ON n.id = c.parent_id
        ), gone AS (
            DELETE FROM subtree_members s USING chain
            WHERE s.ancestor_id = chain.id AND s.user_id = member AND s.memberships + delta <= 0
        )
        UPDATE subtree_members s SET memberships = s.memberships + delta
        FROM chain
        WHERE s.ancestor_id = chain.id AND s.user_id = member AND s.memberships + delta > 0;
    END IF;
END $$;

CREATE FUNCTION memberships_subtree_members() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.role <> 'guest' THEN
        PERFORM adjust_subtree_members(OLD.network_id, OLD.user_id, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.role <> 'guest' THEN
        PERFORM adjust_subtree_members(NEW.network_id, NEW.user_id, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER memberships_subtree_members_insert AFTER INSERT ON memberships
    FOR EACH ROW EXECUTE FUNCTION memberships_subtree_members();
CREATE TRIGGER memberships_subtree_members_delete AFTER DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION memberships_subtree_members();
-- a role change counts only when it makes a guest a full member or a full member a guest
CREATE TRIGGER memberships_subtree_members_update AFTER UPDATE OF role, network_id, user_id ON memberships
    FOR EACH ROW
    WHEN ((OLD.role = 'guest') IS DISTINCT FROM (NEW.role = 'guest')
          OR OLD.network_id IS DISTINCT FROM NEW.network_id OR OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION memberships_subtree_members();

-- A network is deleted (only one without children can be): its full members leave every network above it while
-- it is still there to walk up from. Its own rows go with it (the foreign key), and the deletes of its memberships
-- that follow find no network to start from.
CREATE FUNCTION networks_subtree_members_leave() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    member uuid;
BEGIN
    IF OLD.parent_id IS NOT NULL THEN
        FOR member IN SELECT user_id FROM memberships WHERE network_id = OLD.id AND role <> 'guest' LOOP
            PERFORM adjust_subtree_members(OLD.parent_id, member, -1);
        END LOOP;
    END IF;
    RETURN OLD;
END $$;

CREATE TRIGGER networks_subtree_members_leave BEFORE DELETE ON networks
    FOR EACH ROW EXECUTE FUNCTION networks_subtree_members_leave();

-- A network that moves under another parent takes its members from the old chain above it to the new one.
CREATE FUNCTION networks_subtree_members_move() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    moved record;
BEGIN
    FOR moved IN SELECT user_id, memberships FROM subtree_members WHERE ancestor_id = NEW.id LOOP
        FOR i IN 1..moved.memberships LOOP
            IF OLD.parent_id IS NOT NULL THEN
                PERFORM adjust_subtree_members(OLD.parent_id, moved.user_id, -1);
            END IF;
            IF NEW.parent_id IS NOT NULL THEN
                PERFORM adjust_subtree_members(NEW.parent_id, moved.user_id, 1);
            END IF;
        END LOOP;
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER networks_subtree_members_move AFTER UPDATE OF parent_id ON networks
    FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
    EXECUTE FUNCTION networks_subtree_members_move();

INSERT INTO subtree_members (ancestor_id, user_id, memberships)
WITH RECURSIVE up AS (
    SELECT m.user_id, n.id AS ancestor_id, n.parent_id
    FROM memberships m JOIN networks n ON n.id = m.network_id
    WHERE m.role <> 'guest'
    UNION ALL
    SELECT up.user_id, n.id, n.parent_id FROM up JOIN networks n ON n.id = up.parent_id
)
SELECT ancestor_id, user_id, count(*) FROM up GROUP BY ancestor_id, user_id;
