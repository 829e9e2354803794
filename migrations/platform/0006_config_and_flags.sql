-- Platform configuration and feature flags: settings and security policies, each change a new
-- version row with the current one pointed to (so any version can be restored), and feature
-- flags with rollout percentage, per-tenant/plan targeting rules, prerequisites and a
-- staleness date. Exists for the administrators' configuration work; only desk_admin reads or
-- changes these, and only through the audited functions below.

CREATE TABLE platform.platform_settings (
    key             text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.]*$'),
    description     text NOT NULL,
    -- the JSON type the value must have, and for numbers the inclusive bounds
    value_type      text NOT NULL CHECK (value_type IN ('boolean', 'number', 'string')),
    min_value       numeric,
    max_value       numeric,
    current_version integer NOT NULL DEFAULT 0     -- 0 until a first version exists
);

CREATE TABLE platform.platform_setting_versions (
    key        text NOT NULL REFERENCES platform.platform_settings,
    version    integer NOT NULL CHECK (version > 0),
    value      jsonb NOT NULL,
    rationale  text NOT NULL,                   -- why it changed (the change record)
    changed_by text NOT NULL DEFAULT session_user,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key, version)
);
CREATE TRIGGER platform_setting_versions_append_only BEFORE UPDATE OR DELETE ON platform.platform_setting_versions
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('platform.platform_setting_versions');

CREATE TABLE platform.security_policies (
    name            text PRIMARY KEY CHECK (name IN ('password', 'session', 'mfa', 'data_retention', 'ip_allowlist')),
    description     text NOT NULL,
    current_version integer NOT NULL DEFAULT 0
);

CREATE TABLE platform.security_policy_versions (
    name       text NOT NULL REFERENCES platform.security_policies,
    version    integer NOT NULL CHECK (version > 0),
    rules      jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'object'),
    rationale  text NOT NULL,
    changed_by text NOT NULL DEFAULT session_user,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, version)
);
CREATE TRIGGER security_policy_versions_append_only BEFORE UPDATE OR DELETE ON platform.security_policy_versions
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('platform.security_policy_versions');

CREATE TABLE platform.feature_flags (
    key             text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.-]*$'),
    description     text NOT NULL,
    enabled         boolean NOT NULL DEFAULT false,
    rollout_percent integer NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),  -- share of tenants (by hash of id) that get it
    prerequisites   text[] NOT NULL DEFAULT '{}',   -- flags that must be enabled for this one to be
    -- targeting: {"tenants": [uuid...], "plans": [code...], "exclude_tenants": [uuid...]}
    rules           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(rules) = 'object'),
    owner           text NOT NULL DEFAULT session_user,
    stale_after     date,                           -- past this date, clean-up lists it as stale
    archived_at     timestamptz,                    -- cleaned up: no longer evaluated
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CHECK (NOT (key = ANY (prerequisites)))
);
CREATE TRIGGER feature_flags_bump_version BEFORE UPDATE ON platform.feature_flags
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('feature_flags', 'platform.feature_flags', ARRAY['key'], 'Feature flags with rollout and targeting');

GRANT SELECT ON platform.platform_settings, platform.platform_setting_versions,
    platform.security_policies, platform.security_policy_versions, platform.feature_flags TO desk_admin;

-- Sets a setting to a new value (a new version), after validating its type and bounds.
CREATE FUNCTION desk.change_setting(key text, value jsonb, rationale text, expected_version integer DEFAULT NULL)
RETURNS platform.platform_setting_versions
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    s platform.platform_settings;
    prev jsonb;
    v platform.platform_setting_versions;
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(btrim(coalesce(rationale, '')) <> '', 'a rationale is required for a configuration change');
    SELECT * INTO s FROM platform.platform_settings x WHERE x.key = change_setting.key FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'setting % does not exist', key USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_version('setting ' || s.key, s.current_version, expected_version);
    PERFORM desk.check_input(jsonb_typeof(value) = s.value_type,
        format('setting %s takes a %s, not %s', s.key, s.value_type, coalesce(jsonb_typeof(value), 'nothing')));
    IF s.value_type = 'number' THEN
        PERFORM desk.check_input((s.min_value IS NULL OR value::text::numeric >= s.min_value)
                             AND (s.max_value IS NULL OR value::text::numeric <= s.max_value),
            format('setting %s must be between %s and %s', s.key, coalesce(s.min_value::text, '-∞'), coalesce(s.max_value::text, '∞')));
    END IF;
    SELECT x.value INTO prev FROM platform.platform_setting_versions x WHERE x.key = s.key AND x.version = s.current_version;
    INSERT INTO platform.platform_setting_versions (key, version, value, rationale)
    VALUES (s.key, s.current_version + 1, change_setting.value, change_setting.rationale) RETURNING * INTO v;
    UPDATE platform.platform_settings x SET current_version = v.version WHERE x.key = s.key;
    PERFORM desk.audit('config.setting', 'setting:' || s.key, prev, v.value, rationale);
    RETURN v;
END $$;

-- Restores an earlier version of a setting, as a new version.
CREATE FUNCTION desk.rollback_setting(key text, to_version integer, rationale text)
RETURNS platform.platform_setting_versions
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE old_value jsonb;
BEGIN
    PERFORM desk.require_role('desk_admin');
    SELECT x.value INTO old_value FROM platform.platform_setting_versions x
     WHERE x.key = rollback_setting.key AND x.version = to_version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'setting % has no version %', key, to_version USING ERRCODE = 'no_data_found';
    END IF;
    RETURN desk.change_setting(key, old_value, format('rollback to version %s: %s', to_version, rationale));
END $$;

-- The compliance violations a security policy's rules would cause (empty: compliant).
CREATE FUNCTION desk.security_policy_violations(name text, rules jsonb) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
DECLARE v text[] := '{}';
BEGIN
    CASE name
    WHEN 'password' THEN
        IF coalesce((rules ->> 'min_length')::int, 0) < 12 THEN
            v := array_append(v, 'password.min_length must be at least 12 (SOC 2)'); END IF;
        IF coalesce((rules ->> 'max_age_days')::int, 0) > 365 THEN
            v := array_append(v, 'password.max_age_days must be at most 365'); END IF;
    WHEN 'session' THEN
        IF coalesce((rules ->> 'idle_timeout_minutes')::int, 100000) > 60 THEN
            v := array_append(v, 'session.idle_timeout_minutes must be set and at most 60'); END IF;
    WHEN 'mfa' THEN
        IF coalesce((rules ->> 'required_for_staff')::boolean, false) IS NOT TRUE THEN
            v := array_append(v, 'mfa.required_for_staff must be true'); END IF;
    WHEN 'data_retention' THEN
        IF coalesce((rules ->> 'audit_days')::int, 0) < 365 THEN
            v := array_append(v, 'data_retention.audit_days must be at least 365'); END IF;
    ELSE
        NULL;
    END CASE;
    RETURN v;
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
    RETURN ARRAY['rules hold a value of the wrong type'];
END $$;
REVOKE EXECUTE ON FUNCTION desk.security_policy_violations(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.security_policy_violations(text, jsonb) TO desk_admin;

-- Changes a security policy (a new version); a change that breaks compliance is refused with
-- every violation in the error's DETAIL, one per line.
CREATE FUNCTION desk.change_security_policy(name text, rules jsonb, rationale text, expected_version integer DEFAULT NULL)
RETURNS platform.security_policy_versions
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    p platform.security_policies;
    prev jsonb;
    violations text[];
    v platform.security_policy_versions;
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(btrim(coalesce(rationale, '')) <> '', 'a rationale is required for a policy change');
    PERFORM desk.check_input(jsonb_typeof(rules) = 'object', 'policy rules are a JSON object');
    SELECT * INTO p FROM platform.security_policies x WHERE x.name = change_security_policy.name FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'security policy % does not exist', name USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_version('policy ' || p.name, p.current_version, expected_version);
    violations := desk.security_policy_violations(p.name, rules);
    IF cardinality(violations) > 0 THEN
        RAISE EXCEPTION 'the policy change violates compliance (% violation(s))', cardinality(violations)
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(violations, E'\n');
    END IF;
    SELECT x.rules INTO prev FROM platform.security_policy_versions x WHERE x.name = p.name AND x.version = p.current_version;
    INSERT INTO platform.security_policy_versions (name, version, rules, rationale)
    VALUES (p.name, p.current_version + 1, change_security_policy.rules, change_security_policy.rationale) RETURNING * INTO v;
    UPDATE platform.security_policies x SET current_version = v.version WHERE x.name = p.name;
    PERFORM desk.audit('config.policy', 'policy:' || p.name, prev, v.rules, rationale);
    RETURN v;
END $$;

-- Creates or changes a feature flag. Enabling a flag requires its prerequisites to exist and
-- be enabled; targeting rules may only name known keys.
CREATE FUNCTION desk.set_feature_flag(key text, description text, enabled boolean, rollout_percent integer,
                                      prerequisites text[], rules jsonb, stale_after date, reason text,
                                      expected_version integer DEFAULT NULL)
RETURNS platform.feature_flags
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.feature_flags;
    new platform.feature_flags;
    missing text[];
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(key ~ '^[a-z][a-z0-9_.-]*$', 'a flag key is lower-case letters, digits, dots, dashes and underscores');
    PERFORM desk.check_input(rollout_percent BETWEEN 0 AND 100, 'rollout is a percentage between 0 and 100');
    PERFORM desk.check_input(jsonb_typeof(coalesce(rules, '{}')) = 'object'
        AND (SELECT bool_and(k IN ('tenants', 'plans', 'exclude_tenants')) FROM jsonb_object_keys(coalesce(rules, '{}')) AS k) IS NOT FALSE,
        'targeting rules may name only tenants, plans and exclude_tenants');
    PERFORM desk.check_input(NOT (key = ANY (coalesce(prerequisites, '{}'))), 'a flag cannot be its own prerequisite');
    SELECT array_agg(p) INTO missing FROM unnest(coalesce(prerequisites, '{}')) AS p
     WHERE NOT EXISTS (SELECT 1 FROM platform.feature_flags f WHERE f.key = p AND f.archived_at IS NULL
                         AND (f.enabled OR NOT set_feature_flag.enabled));
    PERFORM desk.check_input(missing IS NULL,
        format('prerequisite flag(s) missing or not enabled: %s', array_to_string(missing, ', ')));
    SELECT * INTO old FROM platform.feature_flags f WHERE f.key = set_feature_flag.key FOR UPDATE;
    IF FOUND THEN
        PERFORM desk.check_version('flag ' || old.key, old.version, expected_version);
        UPDATE platform.feature_flags f
           SET description = coalesce(set_feature_flag.description, f.description),
               enabled = set_feature_flag.enabled, rollout_percent = set_feature_flag.rollout_percent,
               prerequisites = coalesce(set_feature_flag.prerequisites, '{}'),
               rules = coalesce(set_feature_flag.rules, '{}'), stale_after = set_feature_flag.stale_after,
               archived_at = NULL, updated_at = now()
         WHERE f.key = old.key RETURNING * INTO new;
    ELSE
        PERFORM desk.check_input(btrim(coalesce(description, '')) <> '', 'a new flag needs a description');
        INSERT INTO platform.feature_flags (key, description, enabled, rollout_percent, prerequisites, rules, stale_after)
        VALUES (set_feature_flag.key, set_feature_flag.description, set_feature_flag.enabled, set_feature_flag.rollout_percent,
                coalesce(set_feature_flag.prerequisites, '{}'), coalesce(set_feature_flag.rules, '{}'), set_feature_flag.stale_after)
        RETURNING * INTO new;
    END IF;
    PERFORM desk.audit('flags.set', 'flag:' || new.key,
                       CASE WHEN old.key IS NULL THEN NULL ELSE to_jsonb(old) END, to_jsonb(new), reason);
    RETURN new;
END $$;

-- Cleans up a flag (archives it); refused while an enabled flag still depends on it.
CREATE FUNCTION desk.archive_feature_flag(key text, reason text)
RETURNS platform.feature_flags
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.feature_flags;
    new platform.feature_flags;
    dependents text[];
BEGIN
    PERFORM desk.require_role('desk_admin');
    SELECT * INTO old FROM platform.feature_flags f WHERE f.key = archive_feature_flag.key FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'flag % does not exist', key USING ERRCODE = 'no_data_found';
    END IF;
    SELECT array_agg(f.key) INTO dependents FROM platform.feature_flags f
     WHERE old.key = ANY (f.prerequisites) AND f.archived_at IS NULL AND f.enabled;
    PERFORM desk.check_input(dependents IS NULL,
        format('enabled flag(s) depend on %s: %s', old.key, array_to_string(dependents, ', ')));
    UPDATE platform.feature_flags f SET enabled = false, archived_at = now(), updated_at = now()
     WHERE f.key = old.key RETURNING * INTO new;
    PERFORM desk.audit('flags.archive', 'flag:' || old.key, to_jsonb(old), to_jsonb(new), reason);
    RETURN new;
END $$;

REVOKE EXECUTE ON FUNCTION desk.change_setting(text, jsonb, text, integer),
    desk.rollback_setting(text, integer, text),
    desk.change_security_policy(text, jsonb, text, integer),
    desk.set_feature_flag(text, text, boolean, integer, text[], jsonb, date, text, integer),
    desk.archive_feature_flag(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.change_setting(text, jsonb, text, integer),
    desk.rollback_setting(text, integer, text),
    desk.change_security_policy(text, jsonb, text, integer),
    desk.set_feature_flag(text, text, boolean, integer, text[], jsonb, date, text, integer),
    desk.archive_feature_flag(text, text) TO desk_admin;
