-- Security policies as typed settings with compliance rules, as administrators change them from
-- the desk: password rules, session lifetime, MFA for staff and administrators, the IP allow
-- list, data retention, and the segregation-of-duties pairs (which roles one person may not
-- hold together; until now a fixed table, from here the policy's materialisation). A change is
-- checked against every compliance rule before commit and refused listing each violated rule
-- with its field; before applying, an impact preview says who and what the change affects
-- (sessions that will end, members who hold a newly forbidden pair, audit entries that become
-- deletable). Applying a session or allow-list change ends the sessions the preview named.
-- Policies reach administrators' laptops (read-only offline).
--
-- This is the last migration of schema version 11.

ALTER TABLE platform.security_policies DROP CONSTRAINT security_policies_name_check;
ALTER TABLE platform.security_policies ADD CONSTRAINT security_policies_name_check
    CHECK (name IN ('password', 'session', 'mfa', 'data_retention', 'ip_allowlist', 'segregation_of_duties'));

-- The default of each policy, the baseline compliance asks for.
CREATE FUNCTION desk.policy_default(name text) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT CASE name
        WHEN 'password' THEN '{"min_length": 12, "max_age_days": 365}'::jsonb
        WHEN 'session' THEN '{"idle_timeout_minutes": 30, "max_lifetime_hours": 12}'::jsonb
        WHEN 'mfa' THEN '{"required_for_staff": true, "required_for_admins": true}'::jsonb
        WHEN 'data_retention' THEN '{"audit_days": 2555, "staff_archive_days": 2555}'::jsonb
        WHEN 'ip_allowlist' THEN '{"enabled": false, "cidrs": []}'::jsonb
        END
$$;

-- Brings the policies named in `names` (all when NULL) under management: a policy the platform
-- lacks gets its default (the segregation-of-duties pairs: the pairs the desk enforced
-- before), as version 1. Idempotent. This migration adopts the segregation-of-duties pairs; the
-- sandbox (and an operator, once) adopts the rest after the platform's loaders ran.
CREATE FUNCTION desk.adopt_policies(names text[] DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    n text;
    rules jsonb;
BEGIN
    FOREACH n IN ARRAY ARRAY['password', 'session', 'mfa', 'data_retention', 'ip_allowlist', 'segregation_of_duties'] LOOP
        CONTINUE WHEN names IS NOT NULL AND NOT n = ANY (names);
        CONTINUE WHEN EXISTS (SELECT 1 FROM platform.security_policies p WHERE p.name = n AND p.current_version > 0);
        IF n = 'segregation_of_duties' THEN
            SELECT jsonb_build_object('pairs', coalesce(jsonb_agg(jsonb_build_object('roles', jsonb_build_array(f.role_a, f.role_b),
                                                                                      'reason', f.reason)
                                                               ORDER BY f.role_a, f.role_b), '[]'))
              INTO rules FROM desk.forbidden_role_pairs f;
        ELSE
            rules := desk.policy_default(n);
        END IF;
        INSERT INTO platform.security_policies (name, description, current_version)
        VALUES (n, CASE n WHEN 'password' THEN 'Staff password rules'
                          WHEN 'session' THEN 'Staff session lifetime'
                          WHEN 'mfa' THEN 'Multi-factor authentication'
                          WHEN 'data_retention' THEN 'How long data is kept'
                          WHEN 'ip_allowlist' THEN 'Where staff may connect from'
                          ELSE 'Roles one person may not hold together' END, 0)
        ON CONFLICT ON CONSTRAINT security_policies_pkey DO NOTHING;
        INSERT INTO platform.security_policy_versions (name, version, rules, rationale, changed_by)
        VALUES (n, 1, rules, 'the baseline before policies were managed from the desk', session_user);
        UPDATE platform.security_policies p SET current_version = 1 WHERE p.name = n;
    END LOOP;
END $$;
REVOKE EXECUTE ON FUNCTION desk.adopt_policies(text[]) FROM PUBLIC;
SELECT desk.adopt_policies(ARRAY['segregation_of_duties']);

-- A policy's rules as live now.
CREATE FUNCTION desk.policy_rules(name text) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, platform AS $$
    SELECT v.rules FROM platform.security_policies p
      JOIN platform.security_policy_versions v ON v.name = p.name AND v.version = p.current_version
     WHERE p.name = policy_rules.name
$$;
REVOKE EXECUTE ON FUNCTION desk.policy_rules(text) FROM PUBLIC;

-- A whole number in `rules -> field` (NULL when absent or not one).
CREATE FUNCTION desk.policy_int(rules jsonb, field text) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT CASE WHEN jsonb_typeof(rules -> field) = 'number' AND (rules ->> field)::numeric = trunc((rules ->> field)::numeric)
                 AND abs((rules ->> field)::numeric) < 2147483647
                THEN (rules ->> field)::integer END
$$;

-- Every compliance rule `rules` breaks for policy `name`, one 'field: rule <name>: message' line
-- each (field first, so the desk shows it beside its input). Empty: compliant.
CREATE OR REPLACE FUNCTION desk.security_policy_violations(name text, rules jsonb) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    v text[] := '{}';
    known text[];
    k text;
    pair jsonb;
    pair_roles text[];
    bad text[];
    desk_roles text[] := ARRAY['desk_admin', 'desk_finance', 'desk_cs', 'desk_ops', 'desk_security'];
    need_int text[];
    need_bool text[];
    lo integer;
    hi integer;
BEGIN
    IF rules IS NULL OR jsonb_typeof(rules) <> 'object' THEN
        RETURN ARRAY['rules: the policy''s rules are an object of fields'];
    END IF;
    known := CASE name
        WHEN 'password' THEN ARRAY['min_length', 'max_age_days']
        WHEN 'session' THEN ARRAY['idle_timeout_minutes', 'max_lifetime_hours']
        WHEN 'mfa' THEN ARRAY['required_for_staff', 'required_for_admins', 'methods']
        WHEN 'data_retention' THEN ARRAY['audit_days', 'staff_archive_days', 'usage_days']
        WHEN 'ip_allowlist' THEN ARRAY['enabled', 'cidrs']
        WHEN 'segregation_of_duties' THEN ARRAY['pairs']
        END;
    IF known IS NULL THEN
        RETURN ARRAY[format('name: there is no security policy %L', name)];
    END IF;
    FOR k IN SELECT jsonb_object_keys(rules) LOOP
        IF NOT k = ANY (known) THEN
            v := v || format('%s: the %s policy has no field %s (it has %s)', k, name, k, array_to_string(known, ', '));
        END IF;
    END LOOP;
    need_int := CASE name
        WHEN 'password' THEN ARRAY['min_length', 'max_age_days']
        WHEN 'session' THEN ARRAY['idle_timeout_minutes', 'max_lifetime_hours']
        WHEN 'data_retention' THEN ARRAY['audit_days', 'staff_archive_days']
        ELSE '{}' END;
    FOREACH k IN ARRAY need_int LOOP
        IF desk.policy_int(rules, k) IS NULL THEN
            v := v || format('%s: a whole number is required', k);
        END IF;
    END LOOP;
    need_bool := CASE name
        WHEN 'mfa' THEN ARRAY['required_for_staff', 'required_for_admins']
        WHEN 'ip_allowlist' THEN ARRAY['enabled']
        ELSE '{}' END;
    FOREACH k IN ARRAY need_bool LOOP
        IF jsonb_typeof(rules -> k) IS DISTINCT FROM 'boolean' THEN
            v := v || format('%s: true or false is required', k);
        END IF;
    END LOOP;
    CASE name
    WHEN 'password' THEN
        IF desk.policy_int(rules, 'min_length') < 12 THEN
            v := v || 'min_length: rule soc2_password_length: passwords have at least 12 characters'::text;
        ELSIF desk.policy_int(rules, 'min_length') > 128 THEN
            v := v || 'min_length: rule usable_password_length: at most 128 characters'::text;
        END IF;
        IF desk.policy_int(rules, 'max_age_days') NOT BETWEEN 1 AND 365 THEN
            v := v || 'max_age_days: rule password_rotation: passwords are changed at least once a year (1–365 days)'::text;
        END IF;
    WHEN 'session' THEN
        IF desk.policy_int(rules, 'idle_timeout_minutes') NOT BETWEEN 5 AND 60 THEN
            v := v || 'idle_timeout_minutes: rule idle_lock: an idle session ends within an hour (5–60 minutes)'::text;
        END IF;
        lo := desk.policy_int(rules, 'max_lifetime_hours');
        IF lo NOT BETWEEN 1 AND 24 THEN
            v := v || 'max_lifetime_hours: rule daily_sign_in: a session lasts at most a working day (1–24 hours)'::text;
        ELSIF lo * 60 < desk.policy_int(rules, 'idle_timeout_minutes') THEN
            v := v || 'max_lifetime_hours: rule lifetime_covers_idle: a session lives at least as long as its idle timeout'::text;
        END IF;
    WHEN 'mfa' THEN
        IF (rules -> 'required_for_staff') = 'false'::jsonb THEN
            v := v || 'required_for_staff: rule mfa_staff: every staff member signs in with a second factor'::text;
        END IF;
        IF (rules -> 'required_for_admins') = 'false'::jsonb THEN
            v := v || 'required_for_admins: rule mfa_admins: administrators always sign in with a second factor'::text;
        END IF;
    WHEN 'data_retention' THEN
        lo := desk.policy_int(rules, 'audit_days');
        hi := desk.policy_int(rules, 'staff_archive_days');
        IF lo < 365 THEN
            v := v || 'audit_days: rule audit_retention: the audit trail is kept at least a year (365 days)'::text;
        END IF;
        IF hi < lo THEN
            v := v || format('staff_archive_days: rule archive_covers_audit: a leaver''s archive is kept as long as the audit trail (%s days)', lo);
        END IF;
    WHEN 'ip_allowlist' THEN
        IF jsonb_typeof(rules -> 'cidrs') IS DISTINCT FROM 'array' THEN
            v := v || 'cidrs: a list of networks (e.g. 10.20.0.0/16) is required'::text;
        ELSE
            SELECT array_agg(c) INTO bad FROM jsonb_array_elements(rules -> 'cidrs') AS x (j),
                   LATERAL (SELECT CASE WHEN jsonb_typeof(j) = 'string' THEN j #>> '{}' ELSE j::text END AS c) y
             WHERE jsonb_typeof(j) <> 'string' OR NOT desk.is_cidr(j #>> '{}');
            IF bad IS NOT NULL THEN
                v := v || format('cidrs: rule cidr_syntax: not a network: %s', array_to_string(bad, ', '));
            ELSIF (rules -> 'enabled') = 'true'::jsonb AND jsonb_array_length(rules -> 'cidrs') = 0 THEN
                v := v || 'cidrs: rule allowlist_not_empty: an enabled allow list names at least one network'::text;
            ELSIF (rules -> 'enabled') = 'true'::jsonb AND inet_client_addr() IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(rules -> 'cidrs') c WHERE inet_client_addr() <<= c::cidr) THEN
                v := v || format('cidrs: rule allowlist_keeps_you: your own address %s is outside the list; you would lock yourself out',
                                 host(inet_client_addr()));
            END IF;
        END IF;
    WHEN 'segregation_of_duties' THEN
        IF jsonb_typeof(rules -> 'pairs') IS DISTINCT FROM 'array' THEN
            v := v || 'pairs: a list of role pairs is required'::text;
        ELSE
            FOR pair IN SELECT * FROM jsonb_array_elements(rules -> 'pairs') LOOP
                IF jsonb_typeof(pair -> 'roles') IS DISTINCT FROM 'array' OR jsonb_array_length(pair -> 'roles') <> 2
                   OR btrim(coalesce(pair ->> 'reason', '')) = '' THEN
                    v := v || format('pairs: rule pair_shape: each pair names two roles and a reason (%s)', pair::text);
                    CONTINUE;
                END IF;
                pair_roles := ARRAY(SELECT jsonb_array_elements_text(pair -> 'roles'));
                IF NOT pair_roles <@ desk_roles OR pair_roles[1] = pair_roles[2] THEN
                    v := v || format('pairs: rule pair_shape: %s is not two different desk roles', array_to_string(pair_roles, ' + '));
                    CONTINUE;
                END IF;
                SELECT array_agg(s.login ORDER BY s.login) INTO bad FROM desk.staff s
                 WHERE s.active AND s.roles @> pair_roles;
                IF bad IS NOT NULL THEN
                    v := v || format('pairs: rule members_comply: %s hold %s together; change their roles first',
                                     array_to_string(bad, ', '), array_to_string(pair_roles, ' and '));
                END IF;
            END LOOP;
            IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(rules -> 'pairs') p
                            WHERE p -> 'roles' @> '["desk_admin", "desk_finance"]') THEN
                v := v || 'pairs: rule admin_apart_from_finance: whoever manages staff accounts must not also move money (desk_admin + desk_finance stays forbidden)'::text;
            END IF;
        END IF;
    END CASE;
    RETURN v;
END $$;

-- Whether `t` is a network in CIDR notation.
CREATE FUNCTION desk.is_cidr(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
    PERFORM t::cidr;
    RETURN t ~ '/';
EXCEPTION WHEN invalid_text_representation OR invalid_parameter_value OR data_exception THEN
    RETURN false;
END $$;

-- Who and what changing policy `name` to `rules` affects, one (subject, effect) row each: staff
-- sessions that will end (lifetime, idle time, allow list), members holding a newly forbidden
-- pair, administrators who must enrol a second factor, audit entries that become deletable.
CREATE FUNCTION desk.policy_impact(name text, rules jsonb)
RETURNS TABLE (subject text, effect text, ends_session boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    cur jsonb := desk.policy_rules(name);
    n bigint;
BEGIN
    PERFORM desk.require_role('desk_admin');
    IF name = 'session' THEN
        RETURN QUERY
        SELECT a.usename::text,
               CASE WHEN a.backend_start < now() - make_interval(hours => desk.policy_int(rules, 'max_lifetime_hours'))
                    THEN format('session open since %s ends (longer than %s h)', to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                                desk.policy_int(rules, 'max_lifetime_hours'))
                    ELSE format('idle since %s: session ends (idle longer than %s min)', to_char(a.state_change AT TIME ZONE 'UTC', 'HH24:MI "UTC"'),
                                desk.policy_int(rules, 'idle_timeout_minutes')) END,
               true
          FROM pg_stat_activity a JOIN desk.staff s ON s.login = a.usename::text
         WHERE a.pid <> pg_backend_pid()
           AND (a.backend_start < now() - make_interval(hours => desk.policy_int(rules, 'max_lifetime_hours'))
                OR (a.state = 'idle' AND a.state_change < now() - make_interval(mins => desk.policy_int(rules, 'idle_timeout_minutes'))))
         ORDER BY 1;
    ELSIF name = 'ip_allowlist' AND (rules -> 'enabled') = 'true'::jsonb AND jsonb_typeof(rules -> 'cidrs') = 'array'
          AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(rules -> 'cidrs') c WHERE NOT desk.is_cidr(c)) THEN
        RETURN QUERY
        SELECT a.usename::text, format('connected from %s, outside the list: session ends', coalesce(host(a.client_addr), 'a local socket')), true
          FROM pg_stat_activity a JOIN desk.staff s ON s.login = a.usename::text
         WHERE a.pid <> pg_backend_pid() AND a.client_addr IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(rules -> 'cidrs') c WHERE a.client_addr <<= c::cidr)
         ORDER BY 1;
    ELSIF name = 'segregation_of_duties' AND jsonb_typeof(rules -> 'pairs') = 'array' THEN
        RETURN QUERY
        SELECT s.login, format('holds %s together, which the new pairs forbid', array_to_string(r.roles, ' and ')), false
          FROM jsonb_array_elements(rules -> 'pairs') p
          CROSS JOIN LATERAL (SELECT ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(p -> 'roles') = 'array' THEN p -> 'roles' ELSE '[]' END)) AS roles) r
          JOIN desk.staff s ON s.active AND cardinality(r.roles) = 2 AND s.roles @> r.roles
         ORDER BY 1;
        RETURN QUERY
        SELECT array_to_string(ARRAY(SELECT jsonb_array_elements_text(p -> 'roles')), ' + '), 'may be held together again'::text, false
          FROM jsonb_array_elements(cur -> 'pairs') p
         WHERE NOT (rules -> 'pairs') @> jsonb_build_array(jsonb_build_object('roles', p -> 'roles'))
           AND NOT (rules -> 'pairs') @> jsonb_build_array(jsonb_build_object('roles', jsonb_build_array(p -> 'roles' -> 1, p -> 'roles' -> 0)));
    ELSIF name = 'mfa' AND (rules -> 'required_for_admins') = 'true'::jsonb
          AND (cur -> 'required_for_admins') IS DISTINCT FROM 'true'::jsonb THEN
        RETURN QUERY
        SELECT s.login, 'an administrator: signs in with a second factor from the next sign-in'::text, false
          FROM desk.staff s WHERE s.active AND 'desk_admin' = ANY (s.roles) ORDER BY 1;
    ELSIF name = 'data_retention' AND desk.policy_int(rules, 'audit_days') IS NOT NULL THEN
        SELECT count(*) INTO n FROM desk.audit_trail a
         WHERE a.at < now() - make_interval(days => desk.policy_int(rules, 'audit_days'));
        IF n > 0 THEN
            RETURN QUERY SELECT 'audit trail'::text,
                format('%s entries older than %s days become deletable', n, desk.policy_int(rules, 'audit_days')), false;
        END IF;
        IF desk.policy_int(rules, 'staff_archive_days') IS DISTINCT FROM desk.policy_int(cur, 'staff_archive_days') THEN
            RETURN QUERY SELECT 'members who leave from now on'::text,
                format('their archive is kept %s days (was %s); archives made before keep their date',
                       desk.policy_int(rules, 'staff_archive_days'), coalesce(desk.policy_int(cur, 'staff_archive_days')::text, 'unset')),
                false;
        END IF;
    ELSIF name = 'password' AND desk.policy_int(rules, 'min_length') > coalesce(desk.policy_int(cur, 'min_length'), 12) THEN
        SELECT count(*) INTO n FROM desk.staff s WHERE s.active;
        RETURN QUERY SELECT format('%s active members', n),
            format('their next password needs %s characters or more (the current ones keep working until they change)',
                   desk.policy_int(rules, 'min_length')), false;
    END IF;
END $$;

-- Changes a security policy (a new version): refused (22023) listing every violated rule with
-- its field, one per line in DETAIL, or when the policy moved on since `expected_version`. A
-- segregation-of-duties change rewrites the forbidden pairs the role checks use; a session or
-- allow-list change ends the sessions its impact named. Returns the version and how many
-- sessions ended.
DROP FUNCTION desk.change_security_policy(text, jsonb, text, integer);
CREATE FUNCTION desk.change_security_policy(name text, rules jsonb, rationale text, expected_version integer DEFAULT NULL)
RETURNS TABLE (version integer, sessions_ended integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    p platform.security_policies;
    prev jsonb;
    violations text[];
    v platform.security_policy_versions;
    ended integer := 0;
    pair jsonb;
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(btrim(coalesce(rationale, '')) <> '', 'rationale: say why the policy changes');
    SELECT * INTO p FROM platform.security_policies x WHERE x.name = change_security_policy.name FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'security policy % does not exist', name USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_version('policy ' || p.name, p.current_version, expected_version);
    violations := desk.security_policy_violations(p.name, rules);
    IF cardinality(violations) > 0 THEN
        RAISE EXCEPTION 'the % policy change violates compliance (% violation(s))', p.name, cardinality(violations)
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(violations, E'\n');
    END IF;
    prev := desk.policy_rules(p.name);
    PERFORM desk.check_input(prev IS DISTINCT FROM rules, format('rules: the %s policy already has these rules', p.name));
    IF p.name IN ('session', 'ip_allowlist') THEN
        SELECT count(pg_terminate_backend(a.pid))::integer INTO ended
          FROM pg_stat_activity a
          JOIN desk.policy_impact(p.name, rules) i ON i.subject = a.usename::text AND i.ends_session
         WHERE a.pid <> pg_backend_pid()
           AND ((p.name = 'session'
                 AND (a.backend_start < now() - make_interval(hours => desk.policy_int(rules, 'max_lifetime_hours'))
                      OR (a.state = 'idle' AND a.state_change < now() - make_interval(mins => desk.policy_int(rules, 'idle_timeout_minutes')))))
             OR (p.name = 'ip_allowlist' AND a.client_addr IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(rules -> 'cidrs') c WHERE a.client_addr <<= c::cidr)));
    END IF;
    IF p.name = 'segregation_of_duties' THEN
        DELETE FROM desk.forbidden_role_pairs;
        FOR pair IN SELECT * FROM jsonb_array_elements(rules -> 'pairs') LOOP
            INSERT INTO desk.forbidden_role_pairs (role_a, role_b, reason)
            VALUES (least(pair -> 'roles' ->> 0, pair -> 'roles' ->> 1), greatest(pair -> 'roles' ->> 0, pair -> 'roles' ->> 1),
                    btrim(pair ->> 'reason'))
            ON CONFLICT DO NOTHING;
        END LOOP;
    END IF;
    INSERT INTO platform.security_policy_versions (name, version, rules, rationale)
    VALUES (p.name, p.current_version + 1, change_security_policy.rules, change_security_policy.rationale) RETURNING * INTO v;
    UPDATE platform.security_policies x SET current_version = v.version WHERE x.name = p.name;
    PERFORM desk.audit('config.policy', 'policy:' || p.name, prev, v.rules || jsonb_build_object('sessions_ended', ended), rationale);
    version := v.version;
    sessions_ended := ended;
    RETURN NEXT;
END $$;

REVOKE EXECUTE ON FUNCTION desk.security_policy_violations(text, jsonb), desk.policy_impact(text, jsonb),
    desk.change_security_policy(text, jsonb, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.security_policy_violations(text, jsonb), desk.policy_impact(text, jsonb),
    desk.change_security_policy(text, jsonb, text, integer) TO desk_admin;

-- Administrators keep the policies on their laptops (read-only offline).
SELECT desk.track('security_policies', 'platform.security_policies', ARRAY['name'], 'Security policies');
SELECT desk.track('policy_versions', 'platform.security_policy_versions', ARRAY['name', 'version'], 'Every version of every security policy');

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 11 $$;
