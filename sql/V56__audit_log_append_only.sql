-- The audit log is append-only for the application. With an external database the hub's everyday role is
-- granted no UPDATE or DELETE on it (conf/database-grants.sql). The one change the hub makes to past entries is
-- taking an erased person's address out of the entries that named it; it does that through this function, which
-- runs with its owner's rights and can do nothing else.
CREATE FUNCTION audit_log_forget_subject(erased text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE audit_log SET subject = NULL WHERE subject = erased;
$$;

REVOKE ALL ON FUNCTION audit_log_forget_subject(text) FROM PUBLIC;
