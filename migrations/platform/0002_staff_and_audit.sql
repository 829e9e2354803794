-- Staff, the append-only audit trail and the shared helpers every later migration's functions
-- use. Exists because every permission rule below needs to know who the caller is (their
-- staff row, their desk roles) and every change made through the desk writes the audit trail.
--
-- Conventions for the whole platform schema (later migrations follow them):
-- * Grants go to the desk group roles only, never to PUBLIC; functions are REVOKEd from PUBLIC
--   and granted role by role.
-- * The desk writes through SECURITY DEFINER functions in schema `desk`. Each pins
--   `search_path`, checks the caller with `pg_has_role(session_user, ..., 'MEMBER')` (the
--   login, not the function owner), and writes the audit trail.
-- * Errors a function raises carry a stable SQLSTATE the desk maps to a typed reason:
--     42501 insufficient_privilege  permission refused
--     22023 invalid_parameter_value validation failed (the message says which rule)
--     P0002 no_data_found           the record does not exist (or the caller cannot see it)
--     PD409 (our own)               conflict: the record changed since `expected_version`
-- * Row-level-security policies name `session_user`, so a row filter holds inside SECURITY
--   DEFINER functions too; tables with policies are FORCE'd, so only a superuser (the
--   platform's own writers, the migrator) is exempt, never a mere table owner.
-- * Records the desk can change carry `version`, bumped by a trigger on every update; push
--   commands send the version they were based on.
-- * Records the desk creates (possibly offline) use uuid keys the laptop can generate;
--   records only the platform creates use bigint identities.

-- The feed's trigger function runs as its owner; it is only ever fired by triggers (which need
-- no EXECUTE privilege), so nobody needs to be able to call it.
REVOKE EXECUTE ON FUNCTION desk.record_change() FROM PUBLIC;

-- Who is calling: the session's login, which is what a staff member signs in as.
CREATE FUNCTION desk.has_role(role text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT pg_has_role(session_user, role, 'MEMBER')
$$;
COMMENT ON FUNCTION desk.has_role(text) IS
    'True when the session''s login is a member (directly or not) of the given desk role.';
REVOKE EXECUTE ON FUNCTION desk.has_role(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.has_role(text)
    TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

-- Refuses the call (42501) unless the caller holds one of `roles`.
CREATE FUNCTION desk.require_role(VARIADIC roles text[]) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY roles LOOP
        IF pg_has_role(session_user, r, 'MEMBER') THEN RETURN; END IF;
    END LOOP;
    RAISE EXCEPTION 'permission denied: % needs role %', session_user, array_to_string(roles, ' or ')
        USING ERRCODE = 'insufficient_privilege';
END $$;
REVOKE EXECUTE ON FUNCTION desk.require_role(text[]) FROM PUBLIC;

-- Refuses the call (22023) with `message` unless `ok`.
CREATE FUNCTION desk.check_input(ok boolean, message text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION '%', message USING ERRCODE = 'invalid_parameter_value';
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION desk.check_input(boolean, text) FROM PUBLIC;

-- Refuses the call (PD409) when the caller based a change on an older version of a record.
CREATE FUNCTION desk.check_version(what text, current_version integer, expected integer)
RETURNS void LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
    IF expected IS NOT NULL AND expected <> current_version THEN
        RAISE EXCEPTION '% changed since you loaded it (your version %, now %)',
            what, expected, current_version
            USING ERRCODE = 'PD409', DETAIL = format('expected=%s current=%s', expected, current_version);
    END IF;
END $$;
REVOKE EXECUTE ON FUNCTION desk.check_version(text, integer, integer) FROM PUBLIC;

-- Trigger: every update of a versioned record bumps its version.
CREATE FUNCTION desk.bump_version() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END $$;
REVOKE EXECUTE ON FUNCTION desk.bump_version() FROM PUBLIC;

-- Trigger: refuses UPDATE, DELETE and TRUNCATE on an append-only table, whoever asks
-- (the owner and a superuser included). TG_ARGV[0] names the table in the message.
CREATE FUNCTION desk.refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_ARGV[0], TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
REVOKE EXECUTE ON FUNCTION desk.refuse_rewrite() FROM PUBLIC;

-- The staff: one row per staff member, whose login is their own PostgreSQL role.
CREATE TABLE desk.staff (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- the PostgreSQL login role of this person (cluster-wide); the staff member signs in as it
    login          text NOT NULL UNIQUE CHECK (login ~ '^[a-z][a-z0-9_]{2,62}$' AND login !~ '^desk_'),
    full_name      text NOT NULL CHECK (btrim(full_name) <> ''),
    email          text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    team           text NOT NULL CHECK (team IN ('admin', 'finance', 'cs', 'ops', 'security')),
    -- the desk roles the desk granted this login (pg_auth_members is the truth; this mirrors
    -- it for display and sync, and keeps the roles a deactivated login held)
    roles          text[] NOT NULL DEFAULT '{}'
                   CHECK (roles <@ ARRAY['desk_admin', 'desk_finance', 'desk_cs', 'desk_ops', 'desk_security']),
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    deactivated_at timestamptz,
    version        integer NOT NULL DEFAULT 1,
    CHECK (active = (deactivated_at IS NULL))
);
CREATE UNIQUE INDEX staff_email_unique ON desk.staff (lower(email));
CREATE TRIGGER staff_bump_version BEFORE UPDATE ON desk.staff
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('staff', 'desk.staff', ARRAY['id'], 'Staff members and their desk roles (administrators and security)');

-- Pairs of roles one person may not hold together (segregation of duties).
CREATE TABLE desk.forbidden_role_pairs (
    role_a text NOT NULL,
    role_b text NOT NULL,
    reason text NOT NULL,
    PRIMARY KEY (role_a, role_b),
    CHECK (role_a < role_b)
);
INSERT INTO desk.forbidden_role_pairs VALUES
    ('desk_admin', 'desk_finance', 'whoever manages staff accounts must not also move money'),
    ('desk_admin', 'desk_security', 'whoever audits administrators must not be one');
GRANT SELECT ON desk.forbidden_role_pairs TO desk_admin, desk_security;

-- Administrators and security read every staff row; the other roles have no access to the
-- table at all (a finance login cannot read staff) and read their own row with desk.whoami().
GRANT SELECT ON desk.staff TO desk_admin, desk_security;
ALTER TABLE desk.staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE desk.staff FORCE ROW LEVEL SECURITY;
CREATE POLICY staff_read ON desk.staff FOR SELECT
    USING (login = session_user::text
           OR (SELECT desk.has_role('desk_admin')) OR (SELECT desk.has_role('desk_security')));

-- The caller's staff id (NULL if the login is not staff).
CREATE FUNCTION desk.current_staff_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
    SELECT id FROM desk.staff WHERE login = session_user::text AND active
$$;
REVOKE EXECUTE ON FUNCTION desk.current_staff_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.current_staff_id()
    TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

-- The caller's staff id, or 42501 if the login is not an active staff member.
CREATE FUNCTION desk.require_staff() RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE sid uuid;
BEGIN
    SELECT id INTO sid FROM desk.staff WHERE login = session_user::text AND active;
    IF sid IS NULL THEN
        RAISE EXCEPTION 'permission denied: % is not an active staff member', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN sid;
END $$;
REVOKE EXECUTE ON FUNCTION desk.require_staff() FROM PUBLIC;

-- Every desk role reads its own staff row through this.
CREATE FUNCTION desk.whoami() RETURNS SETOF desk.staff
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
    SELECT * FROM desk.staff WHERE login = session_user::text
$$;
REVOKE EXECUTE ON FUNCTION desk.whoami() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.whoami()
    TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

-- The audit trail: append-only. Nobody has UPDATE, DELETE or TRUNCATE on it, nobody but the
-- desk's functions inserts, and a trigger refuses rewrites even from the owner or a superuser.
CREATE TABLE desk.audit_trail (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor  text NOT NULL DEFAULT session_user,   -- the login that made the change
    action text NOT NULL,                        -- e.g. 'staff.deactivate', 'invoice.void'
    target text NOT NULL,                        -- e.g. 'staff:jdoe', 'invoice:42'
    before jsonb,                                -- the record before (NULL when created)
    after  jsonb,                                -- the record after (NULL when removed)
    reason text
);
CREATE INDEX audit_trail_target ON desk.audit_trail (target, at);
CREATE INDEX audit_trail_actor ON desk.audit_trail (actor, at);
REVOKE ALL ON desk.audit_trail FROM PUBLIC;
GRANT SELECT ON desk.audit_trail TO desk_admin, desk_security;
CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON desk.audit_trail
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('desk.audit_trail');
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON desk.audit_trail
    FOR EACH STATEMENT EXECUTE FUNCTION desk.refuse_rewrite('desk.audit_trail');

-- Appends one audit row (called by the desk's functions only).
CREATE FUNCTION desk.audit(action text, target text, before jsonb, after jsonb, reason text)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
    INSERT INTO desk.audit_trail (action, target, before, after, reason)
    VALUES (action, target, before, after, reason)
$$;
REVOKE EXECUTE ON FUNCTION desk.audit(text, text, jsonb, jsonb, text) FROM PUBLIC;

-- Push commands already applied, so a retried command returns its first outcome instead of
-- applying twice. Written in the same transaction as the change by the push functions.
CREATE TABLE desk.applied_changes (
    idempotency_key uuid PRIMARY KEY,
    login           text NOT NULL DEFAULT session_user,
    action          text NOT NULL,               -- the command name, e.g. 'add_touchpoint'
    outcome         jsonb NOT NULL,              -- what the first application returned
    applied_at      timestamptz NOT NULL DEFAULT now()
);
-- A login may look up the outcome of its own commands, nobody else's.
GRANT SELECT ON desk.applied_changes TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;
ALTER TABLE desk.applied_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE desk.applied_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY applied_changes_own ON desk.applied_changes FOR SELECT
    USING (login = session_user::text);
