-- Roles for an external PostgreSQL (see "Using an external PostgreSQL" in the README), run by a superuser once
-- the owner has applied the migrations. hub_owner owns the schema and runs the migrations (start the hub as it
-- for an upgrade); hub_app is what the running hub connects as day to day. The audit log is append-only for
-- hub_app: it may read and add entries but never change or remove them.
--
--   psql -v app=hub_app -v owner=hub_owner -d hub -f conf/database-grants.sql

GRANT CONNECT ON DATABASE :"DBNAME" TO :"app";
GRANT USAGE ON SCHEMA public TO :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM :"app";
-- Flyway's history is the owner's to write; the hub only checks that no migration is pending
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON flyway_schema_history FROM :"app";
-- forgetting an erased person's address in the log, the one change allowed, through its narrow function
GRANT EXECUTE ON FUNCTION audit_log_forget_subject(text) TO :"app";
-- tables a later migration creates get the same rights; re-run this file after an upgrade for audit_log
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
