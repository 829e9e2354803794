-- The staff account lifecycle as administrators run it from the desk: creating a member whose
-- work e-mail is in one of the company's domains (a setting), with a one-time setup code that
-- expires and that the first sign-in trades for a password the member chooses; a welcome
-- e-mail that, when it cannot be queued, leaves the account in place and the hand-over to the
-- administrator (recorded in the audit); and deactivation that first lists what depends on the
-- member, requires it to be handed to someone able to take it, refuses to remove the last
-- administrator, and keeps an archive of the member for as long as the retention policy says.
--
-- This is the last migration of schema version 8.

-- Set while the member has not yet chosen a password: when their setup code stops working.
ALTER TABLE desk.staff ADD COLUMN setup_expires_at timestamptz;

-- The settings the account functions read (the administrators change them like any other).
INSERT INTO platform.platform_settings (key, description, value_type, min_value, max_value, current_version) VALUES
    ('staff.email_domains', 'The company''s e-mail domains (comma separated); a staff member''s work e-mail must be in one of them or a subdomain', 'string', NULL, NULL, 1),
    ('staff.setup_code_hours', 'Hours a new staff member''s one-time setup code stays valid', 'number', 1, 168, 1)
ON CONFLICT (key) DO NOTHING;
INSERT INTO platform.platform_setting_versions (key, version, value, rationale) VALUES
    ('staff.email_domains', 1, '"penguinmails.com"', 'initial value (migration 0014)'),
    ('staff.setup_code_hours', 1, '72', 'initial value (migration 0014)')
ON CONFLICT DO NOTHING;

-- A setting's current value (NULL when it has none).
CREATE FUNCTION desk.setting_value(key text) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, platform AS $$
    SELECT v.value FROM platform.platform_settings s
      JOIN platform.platform_setting_versions v ON v.key = s.key AND v.version = s.current_version
     WHERE s.key = setting_value.key
$$;
REVOKE EXECUTE ON FUNCTION desk.setting_value(text) FROM PUBLIC;

-- The company's e-mail domains, lower-case, from the setting.
CREATE FUNCTION desk.staff_email_domains() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
    SELECT coalesce(array_agg(lower(btrim(d))) FILTER (WHERE btrim(d) <> ''), '{}')
      FROM unnest(string_to_array(coalesce(desk.setting_value('staff.email_domains') #>> '{}', ''), ',')) AS d
$$;
REVOKE EXECUTE ON FUNCTION desk.staff_email_domains() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.staff_email_domains() TO desk_admin;

-- What an administrator needs to fill in the new-member form.
CREATE FUNCTION desk.staff_form() RETURNS TABLE (email_domains text[], setup_code_hours integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
    SELECT desk.staff_email_domains(),
           coalesce((desk.setting_value('staff.setup_code_hours') #>> '{}')::numeric::integer, 72)
$$;
REVOKE EXECUTE ON FUNCTION desk.staff_form() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.staff_form() TO desk_admin;

-- The problems with a new member's details, one 'field: message' per problem (empty: none).
CREATE FUNCTION desk.new_staff_problems(login text, full_name text, email text, team text, roles text[])
RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE
    p text[] := '{}';
    domains text[] := desk.staff_email_domains();
    domain text := lower(split_part(coalesce(email, ''), '@', 2));
    conflict record;
BEGIN
    IF coalesce(login, '') !~ '^[a-z][a-z0-9_]{2,62}$' OR login ~ '^desk_' THEN
        p := p || 'login: 3 to 63 lower-case letters, digits or underscores, starting with a letter, not desk_'::text;
    ELSIF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = login) THEN
        p := p || format('login: a login named %s already exists', login);
    END IF;
    IF btrim(coalesce(full_name, '')) = '' THEN
        p := p || 'fullName: a full name is required'::text;
    END IF;
    IF coalesce(email, '') !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' THEN
        p := p || format('email: %s is not an e-mail address', coalesce(email, ''));
    ELSIF NOT EXISTS (SELECT 1 FROM unnest(domains) d WHERE domain = d OR domain LIKE '%.' || d) THEN
        p := p || format('email: %s is not in the company''s domains (%s)', domain,
                         coalesce(nullif(array_to_string(domains, ', '), ''), 'none set'));
    ELSIF EXISTS (SELECT 1 FROM desk.staff x WHERE lower(x.email) = lower(new_staff_problems.email)) THEN
        p := p || format('email: a staff member with e-mail %s already exists', email);
    END IF;
    IF coalesce(team, '') NOT IN ('admin', 'finance', 'cs', 'ops', 'security') THEN
        p := p || format('team: unknown team %L', coalesce(team, ''));
    END IF;
    IF cardinality(coalesce(roles, '{}')) = 0 THEN
        p := p || 'roles: a staff member needs at least one desk role'::text;
    ELSIF NOT roles <@ ARRAY['desk_admin', 'desk_finance', 'desk_cs', 'desk_ops', 'desk_security'] THEN
        p := p || format('roles: unknown desk role in %s', roles);
    ELSE
        FOR conflict IN SELECT * FROM desk.forbidden_role_pairs f
                         WHERE f.role_a = ANY (roles) AND f.role_b = ANY (roles) LOOP
            p := p || format('roles: %s and %s may not be held together — %s', conflict.role_a, conflict.role_b, conflict.reason);
        END LOOP;
    END IF;
    RETURN p;
END $$;
REVOKE EXECUTE ON FUNCTION desk.new_staff_problems(text, text, text, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.new_staff_problems(text, text, text, text, text[]) TO desk_admin;

-- Creates a staff member from the desk: their login (which signs in with `setup_code` until it
-- expires), their memberships and staff row, and queues the welcome e-mail carrying the code,
-- all in one transaction. When the e-mail cannot be queued, the account still exists: the
-- answer carries the instructions for the administrator to hand over, and the fallback is
-- audited. Refused (22023) with every problem, one 'field: message' per line in DETAIL.
CREATE FUNCTION desk.create_staff_account(login text, full_name text, email text, team text,
                                          roles text[], setup_code text)
RETURNS TABLE (staff_id uuid, setup_expires_at timestamptz, welcome_queued boolean, handover text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    problems text[];
    hours integer;
    expires timestamptz;
    s desk.staff;
    r text;
    instructions text;
    mail_error text;
BEGIN
    PERFORM desk.require_role('desk_admin');
    problems := desk.new_staff_problems(login, full_name, email, team, roles);
    IF length(coalesce(setup_code, '')) < 12 THEN
        problems := problems || 'setupCode: a setup code has at least 12 characters'::text;
    END IF;
    IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'the new account has % problem(s)', cardinality(problems)
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(problems, E'\n');
    END IF;
    SELECT f.setup_code_hours INTO hours FROM desk.staff_form() f;
    expires := date_trunc('second', now()) + make_interval(hours => hours);
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L VALID UNTIL %L', login, setup_code, expires);
    FOREACH r IN ARRAY roles LOOP
        EXECUTE format('GRANT %I TO %I', r, login);
    END LOOP;
    INSERT INTO desk.staff (login, full_name, email, team, roles, setup_expires_at)
    VALUES (create_staff_account.login, btrim(create_staff_account.full_name), create_staff_account.email,
            create_staff_account.team, create_staff_account.roles, expires)
    RETURNING * INTO s;
    instructions := format(
        E'Hello %s,\n\nYou have a Penguin Desk account.\n\n'
        '1. Install Penguin Desk and add the platform profile your administrator gives you.\n'
        '2. Sign in as %s with this one-time setup code: %s\n'
        '3. Choose your own password when the desk asks.\n\n'
        'The setup code works once and expires at %s UTC.\n',
        s.full_name, s.login, setup_code, to_char(expires AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'));
    PERFORM desk.audit('staff.create', 'staff:' || s.login, NULL, to_jsonb(s), NULL);
    BEGIN
        INSERT INTO platform.email_outbox (to_addr, subject, body, template)
        VALUES (s.email, 'Welcome to Penguin Desk', instructions, 'staff_welcome');
    EXCEPTION WHEN OTHERS THEN
        mail_error := SQLERRM;
    END;
    IF mail_error IS NOT NULL THEN
        PERFORM desk.audit('staff.welcome_fallback', 'staff:' || s.login, NULL,
                           jsonb_build_object('email', s.email, 'error', mail_error),
                           'the welcome e-mail could not be queued; the administrator hands the setup code over');
    END IF;
    RETURN QUERY SELECT s.id, expires, mail_error IS NULL,
                        CASE WHEN mail_error IS NULL THEN NULL ELSE instructions END;
END $$;
REVOKE EXECUTE ON FUNCTION desk.create_staff_account(text, text, text, text, text[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.create_staff_account(text, text, text, text, text[], text) TO desk_admin;

-- The desk creates accounts through create_staff_account only (domains, setup code, hand-over);
-- the older function stays for the platform's own tooling (run by the migrator).
REVOKE EXECUTE ON FUNCTION desk.create_staff(text, text, text, text, text[], text) FROM desk_admin;

-- The shortest password the password policy allows (12 when it says nothing).
CREATE FUNCTION desk.password_min_length() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, platform AS $$
    SELECT greatest(12, coalesce((SELECT (v.rules ->> 'min_length')::integer
                                    FROM platform.security_policies p
                                    JOIN platform.security_policy_versions v ON v.name = p.name AND v.version = p.current_version
                                   WHERE p.name = 'password'), 12))
$$;
REVOKE EXECUTE ON FUNCTION desk.password_min_length() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.password_min_length() TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

-- The first sign-in's last step: the member, signed in with their setup code, chooses their
-- password; the code stops working at once (the password replaces it) and the login no longer
-- expires. Only for one's own login, and only while setup is pending.
CREATE FUNCTION desk.complete_setup(new_password text) RETURNS desk.staff
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE
    old desk.staff;
    new desk.staff;
    min_len integer := desk.password_min_length();
BEGIN
    SELECT * INTO old FROM desk.staff x WHERE x.login = session_user::text AND x.active FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'permission denied: % is not an active staff member', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM desk.check_input(old.setup_expires_at IS NOT NULL, 'your password is already set');
    PERFORM desk.check_input(old.setup_expires_at > now(), 'your setup code has expired; ask an administrator for a new one');
    PERFORM desk.check_input(length(coalesce(new_password, '')) >= min_len,
        format('password: at least %s characters', min_len));
    PERFORM desk.check_input(position(lower(old.login) IN lower(new_password)) = 0,
        'password: it must not contain your login');
    EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', old.login, new_password, 'infinity');
    UPDATE desk.staff x SET setup_expires_at = NULL WHERE x.id = old.id RETURNING * INTO new;
    PERFORM desk.audit('staff.setup_complete', 'staff:' || old.login, NULL, NULL, 'chose a password at first sign-in');
    RETURN new;
END $$;
REVOKE EXECUTE ON FUNCTION desk.complete_setup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.complete_setup(text) TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

-- Gives a member whose setup code expired (or was lost) a new one, re-queuing the welcome.
CREATE FUNCTION desk.renew_setup_code(login text, setup_code text)
RETURNS TABLE (setup_expires_at timestamptz, welcome_queued boolean, handover text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    s desk.staff;
    hours integer;
    expires timestamptz;
    instructions text;
    mail_error text;
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(length(coalesce(setup_code, '')) >= 12, 'setupCode: a setup code has at least 12 characters');
    SELECT * INTO s FROM desk.staff x WHERE x.login = renew_setup_code.login FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'staff member % does not exist', login USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(s.active, format('%s is deactivated', s.login));
    PERFORM desk.check_input(s.setup_expires_at IS NOT NULL, format('%s has already chosen a password', s.login));
    SELECT f.setup_code_hours INTO hours FROM desk.staff_form() f;
    expires := date_trunc('second', now()) + make_interval(hours => hours);
    EXECUTE format('ALTER ROLE %I PASSWORD %L VALID UNTIL %L', s.login, setup_code, expires);
    UPDATE desk.staff x SET setup_expires_at = expires WHERE x.id = s.id;
    instructions := format(
        E'Hello %s,\n\nHere is a new one-time setup code for your Penguin Desk login %s: %s\n'
        'Sign in with it and choose your own password. It expires at %s UTC.\n',
        s.full_name, s.login, setup_code, to_char(expires AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'));
    PERFORM desk.audit('staff.setup_renew', 'staff:' || s.login, NULL, jsonb_build_object('setup_expires_at', expires), NULL);
    BEGIN
        INSERT INTO platform.email_outbox (to_addr, subject, body, template)
        VALUES (s.email, 'Your new Penguin Desk setup code', instructions, 'staff_setup_code');
    EXCEPTION WHEN OTHERS THEN
        mail_error := SQLERRM;
    END;
    IF mail_error IS NOT NULL THEN
        PERFORM desk.audit('staff.welcome_fallback', 'staff:' || s.login, NULL,
                           jsonb_build_object('email', s.email, 'error', mail_error),
                           'the setup e-mail could not be queued; the administrator hands the setup code over');
    END IF;
    RETURN QUERY SELECT expires, mail_error IS NULL, CASE WHEN mail_error IS NULL THEN NULL ELSE instructions END;
END $$;
REVOKE EXECUTE ON FUNCTION desk.renew_setup_code(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.renew_setup_code(text, text) TO desk_admin;

-- The archive a deactivated member leaves: what they were and what was handed on, kept until
-- the retention policy's date. Append-only like the audit trail.
CREATE TABLE desk.staff_archive (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login       text NOT NULL,
    staff       jsonb NOT NULL,          -- the staff row when deactivated
    handed_over jsonb NOT NULL,          -- [{kind, id, label, to}] what was reassigned to whom
    archived_at timestamptz NOT NULL DEFAULT now(),
    archived_by text NOT NULL DEFAULT session_user,
    keep_until  date NOT NULL            -- from the data-retention policy's staff_archive_days
);
CREATE INDEX staff_archive_login ON desk.staff_archive (login);
REVOKE ALL ON desk.staff_archive FROM PUBLIC;
GRANT SELECT ON desk.staff_archive TO desk_admin, desk_security;
CREATE TRIGGER staff_archive_append_only BEFORE UPDATE OR DELETE ON desk.staff_archive
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('desk.staff_archive');

-- What depends on a member: the accounts they own as CSM, their active success plans, the
-- escalations assigned to them and the alerts they acknowledged and have not resolved. `kind`
-- is what a successor takes over: 'account' (accounts and plans go together), 'escalation',
-- 'alert'.
CREATE FUNCTION desk.staff_dependants(login text)
RETURNS TABLE (kind text, id text, label text, detail text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE sid uuid;
BEGIN
    PERFORM desk.require_role('desk_admin');
    SELECT s.id INTO sid FROM desk.staff s WHERE s.login = staff_dependants.login;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'staff member % does not exist', login USING ERRCODE = 'no_data_found';
    END IF;
    RETURN QUERY
        SELECT 'account'::text, t.id::text, t.name, 'owned as CSM (' || t.domain || ')'
          FROM platform.tenants t WHERE t.owner_csm = sid
        UNION ALL
        SELECT 'account', p.id::text, p.title, 'success plan of ' || t.name || ' (' || p.status || ')'
          FROM desk.success_plans p JOIN platform.tenants t ON t.id = p.tenant_id
         WHERE p.owner = sid AND p.status IN ('draft', 'active')
        UNION ALL
        SELECT 'escalation', e.id::text, e.title, e.severity || ', ' || replace(e.state, '_', ' ')
          FROM platform.escalations e
         WHERE e.assignee = sid AND e.state NOT IN ('resolved', 'closed')
        UNION ALL
        SELECT 'alert', a.id::text, a.title, a.severity || ' ' || a.team || ' alert, acknowledged'
          FROM platform.alerts a
         WHERE a.acknowledged_by = staff_dependants.login AND a.status = 'acknowledged'
        ORDER BY 1, 3;
END $$;
REVOKE EXECUTE ON FUNCTION desk.staff_dependants(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.staff_dependants(text) TO desk_admin;

-- Deactivation, replacing the first version: the last administrator cannot be deactivated;
-- what depends on the member must be handed to a successor per kind
-- (`successors` = {"account": login, "escalation": login, "alert": login}), each an active
-- member whose roles let them take it (accounts: desk_cs; escalations: desk_ops; alerts: the
-- alert's team's role or desk_admin); then the login loses LOGIN and its desk roles, its open
-- sessions end, the member is archived until the retention policy's date, and the audit
-- trail records it all.
DROP FUNCTION desk.deactivate_staff(text, text);
CREATE FUNCTION desk.deactivate_staff(login text, reason text, successors jsonb DEFAULT '{}')
RETURNS desk.staff
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old desk.staff;
    new desk.staff;
    r text;
    k text;
    deps jsonb;
    missing text[] := '{}';
    bad text[] := '{}';
    successor desk.staff;
    days integer;
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(btrim(coalesce(reason, '')) <> '', 'reason: say why the member is deactivated');
    PERFORM desk.check_input(jsonb_typeof(coalesce(successors, '{}')) = 'object', 'successors are a JSON object');
    SELECT * INTO old FROM desk.staff x WHERE x.login = deactivate_staff.login FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'staff member % does not exist', login USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(old.active, format('%s is already deactivated', old.login));
    PERFORM desk.check_input(old.login <> session_user::text, 'you cannot deactivate yourself');
    IF desk.is_direct_member(old.login, 'desk_admin') AND NOT EXISTS (
        SELECT 1 FROM desk.staff x WHERE x.active AND x.login <> old.login AND desk.is_direct_member(x.login, 'desk_admin')) THEN
        RAISE EXCEPTION '% is the last administrator and cannot be deactivated', old.login
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'make another active member an administrator first';
    END IF;
    SELECT coalesce(jsonb_agg(jsonb_build_object('kind', d.kind, 'id', d.id, 'label', d.label)), '[]')
      INTO deps FROM desk.staff_dependants(old.login) d;
    FOR k IN SELECT DISTINCT d ->> 'kind' FROM jsonb_array_elements(deps) d LOOP
        IF coalesce(successors ->> k, '') = '' THEN
            missing := missing || format('%s: %s %s(s) need a new owner', k,
                (SELECT count(*) FROM jsonb_array_elements(deps) d WHERE d ->> 'kind' = k), k);
            CONTINUE;
        END IF;
        SELECT * INTO successor FROM desk.staff x WHERE x.login = successors ->> k;
        IF NOT FOUND OR NOT successor.active OR successor.login = old.login THEN
            bad := bad || format('%s: %s is not an active member who can take them over', k, successors ->> k);
        ELSIF k = 'account' AND NOT pg_has_role(successor.login, 'desk_cs', 'MEMBER') THEN
            bad := bad || format('account: %s does not hold desk_cs', successor.login);
        ELSIF k = 'escalation' AND NOT pg_has_role(successor.login, 'desk_ops', 'MEMBER') THEN
            bad := bad || format('escalation: %s does not hold desk_ops', successor.login);
        ELSIF k = 'alert' AND EXISTS (
            SELECT 1 FROM platform.alerts a WHERE a.acknowledged_by = old.login AND a.status = 'acknowledged'
               AND NOT pg_has_role(successor.login, 'desk_' || a.team, 'MEMBER')
               AND NOT pg_has_role(successor.login, 'desk_admin', 'MEMBER')) THEN
            bad := bad || format('alert: %s does not serve the team of every alert', successor.login);
        END IF;
    END LOOP;
    IF cardinality(missing) > 0 OR cardinality(bad) > 0 THEN
        RAISE EXCEPTION '% has work to hand over first', old.login
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(missing || bad, E'\n');
    END IF;

    -- Hand over.
    UPDATE platform.tenants t SET owner_csm = (SELECT x.id FROM desk.staff x WHERE x.login = successors ->> 'account')
     WHERE t.owner_csm = old.id;
    UPDATE desk.success_plans p SET owner = (SELECT x.id FROM desk.staff x WHERE x.login = successors ->> 'account'),
                                    updated_at = now()
     WHERE p.owner = old.id AND p.status IN ('draft', 'active');
    UPDATE platform.escalations e SET assignee = (SELECT x.id FROM desk.staff x WHERE x.login = successors ->> 'escalation')
     WHERE e.assignee = old.id AND e.state NOT IN ('resolved', 'closed');
    UPDATE platform.alerts a SET acknowledged_by = successors ->> 'alert'
     WHERE a.acknowledged_by = old.login AND a.status = 'acknowledged';

    -- Disable.
    EXECUTE format('ALTER ROLE %I NOLOGIN', old.login);
    FOREACH r IN ARRAY ARRAY['desk_admin', 'desk_finance', 'desk_cs', 'desk_ops', 'desk_security'] LOOP
        IF desk.is_direct_member(old.login, r) THEN
            EXECUTE format('REVOKE %I FROM %I', r, old.login);
        END IF;
    END LOOP;
    PERFORM pg_terminate_backend(a.pid) FROM pg_stat_activity a
     WHERE a.usename = old.login AND a.pid <> pg_backend_pid();
    UPDATE desk.staff x SET active = false, deactivated_at = now(), setup_expires_at = NULL
     WHERE x.id = old.id RETURNING * INTO new;

    -- Archive for as long as the retention policy says (7 years when it says nothing).
    SELECT coalesce((v.rules ->> 'staff_archive_days')::integer, (v.rules ->> 'audit_days')::integer, 2555) INTO days
      FROM platform.security_policies p
      JOIN platform.security_policy_versions v ON v.name = p.name AND v.version = p.current_version
     WHERE p.name = 'data_retention';
    INSERT INTO desk.staff_archive (login, staff, handed_over, keep_until)
    VALUES (old.login, to_jsonb(old),
            (SELECT coalesce(jsonb_agg(d || jsonb_build_object('to', successors ->> (d ->> 'kind'))), '[]')
               FROM jsonb_array_elements(deps) d),
            current_date + coalesce(days, 2555));
    PERFORM desk.audit('staff.deactivate', 'staff:' || old.login, to_jsonb(old),
                       to_jsonb(new) || jsonb_build_object('handed_over', deps, 'successors', successors), reason);
    RETURN new;
END $$;
REVOKE EXECUTE ON FUNCTION desk.deactivate_staff(text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.deactivate_staff(text, text, jsonb) TO desk_admin;

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 8 $$;
