-- Settings per environment (staging, production), as administrators change them from the desk.
-- A setting's versions stay one append-only history; each environment points at the version
-- live there. A change is made in staging (a new version, with its rationale, refused when it
-- breaks a cross-setting rule, which it names); production only takes a version that has been
-- applied to staging ("promote"); any earlier version can be rolled back to in an environment,
-- as a new version; and the desk, after a promotion, runs the health check of the service the
-- setting affects and restores the previous version when it fails. Every application is kept
-- in an append-only log. Settings reach administrators' laptops (read-only offline).
--
-- This is the last migration of schema version 9.

-- The typed schema: allowed values (for strings) and the service a setting affects (whose
-- health check runs after a promotion).
ALTER TABLE platform.platform_settings
    ADD COLUMN allowed_values jsonb CHECK (allowed_values IS NULL OR jsonb_typeof(allowed_values) = 'array'),
    ADD COLUMN service text;

-- Which version is live in each environment.
CREATE TABLE platform.setting_environments (
    key         text NOT NULL REFERENCES platform.platform_settings,
    environment text NOT NULL CHECK (environment IN ('staging', 'production')),
    version     integer NOT NULL CHECK (version > 0),
    applied_at  timestamptz NOT NULL DEFAULT now(),
    applied_by  text NOT NULL DEFAULT session_user,
    PRIMARY KEY (key, environment),
    FOREIGN KEY (key, version) REFERENCES platform.platform_setting_versions (key, version)
);

-- Every application of a version to an environment: append-only.
CREATE TABLE platform.setting_applications (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key         text NOT NULL REFERENCES platform.platform_settings,
    environment text NOT NULL CHECK (environment IN ('staging', 'production')),
    version     integer NOT NULL,
    -- change: a new value in staging; promote: staging's version to production; rollback: an
    -- earlier value as a new version; restore: the desk's automatic rollback after a failed
    -- health check
    action      text NOT NULL CHECK (action IN ('change', 'promote', 'rollback', 'restore')),
    from_version integer,                 -- what was live before
    rationale   text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    applied_by  text NOT NULL DEFAULT session_user,
    FOREIGN KEY (key, version) REFERENCES platform.platform_setting_versions (key, version)
);
CREATE INDEX setting_applications_key ON platform.setting_applications (key, applied_at);
CREATE TRIGGER setting_applications_append_only BEFORE UPDATE OR DELETE ON platform.setting_applications
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('platform.setting_applications');

-- Cross-setting rules: in one environment, `left_key op right_key` must hold (numbers).
CREATE TABLE platform.setting_rules (
    name        text PRIMARY KEY,
    description text NOT NULL,
    left_key    text NOT NULL REFERENCES platform.platform_settings,
    op          text NOT NULL CHECK (op IN ('<', '<=', '>', '>=')),
    right_key   text NOT NULL REFERENCES platform.platform_settings
);
-- Brings settings written without environments (those that existed before this migration,
-- and those the platform's loaders write with COPY) under environments: each runs its current
-- version in staging and production, the service it affects is set from its key, and the
-- cross-setting rules whose settings exist are added. Idempotent; the sandbox calls it after
-- loading.
CREATE FUNCTION desk.adopt_settings() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, platform AS $$
BEGIN
    UPDATE platform.platform_settings SET service = CASE
        WHEN key LIKE 'sending.%' THEN 'smtp-relay'
        WHEN key LIKE 'tracking.%' THEN 'tracking-service'
        WHEN key LIKE 'billing.%' OR key LIKE 'trial.%' THEN 'billing-service'
        WHEN key LIKE 'staff.%' THEN 'auth-service'
        END
     WHERE service IS NULL;
    INSERT INTO platform.setting_applications (key, environment, version, action, rationale)
    SELECT s.key, e.environment, s.current_version, 'change', 'live before environments were tracked'
      FROM platform.platform_settings s CROSS JOIN (VALUES ('staging'), ('production')) AS e (environment)
     WHERE s.current_version > 0
       AND NOT EXISTS (SELECT 1 FROM platform.setting_environments x WHERE x.key = s.key AND x.environment = e.environment);
    INSERT INTO platform.setting_environments (key, environment, version)
    SELECT s.key, e.environment, s.current_version
      FROM platform.platform_settings s CROSS JOIN (VALUES ('staging'), ('production')) AS e (environment)
     WHERE s.current_version > 0
    ON CONFLICT DO NOTHING;
    INSERT INTO platform.setting_rules (name, description, left_key, op, right_key)
    SELECT r.name, r.description, r.left_key, r.op, r.right_key
      FROM (VALUES ('trial_covers_warmup',
                    'a free trial lasts at least the mailbox warm-up, or trial users never send at full volume',
                    'trial.length_days', '>=', 'sending.warmup_days'),
                   ('retries_within_trial',
                    'payment retries are spaced closer than a trial lasts',
                    'billing.dunning_retry_days', '<', 'trial.length_days')) AS r (name, description, left_key, op, right_key)
     WHERE EXISTS (SELECT 1 FROM platform.platform_settings s WHERE s.key = r.left_key)
       AND EXISTS (SELECT 1 FROM platform.platform_settings s WHERE s.key = r.right_key)
    ON CONFLICT (name) DO NOTHING;
END $$;
REVOKE EXECUTE ON FUNCTION desk.adopt_settings() FROM PUBLIC;
SELECT desk.adopt_settings();

-- A setting's value live in an environment.
CREATE FUNCTION desk.setting_in(key text, environment text) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, platform AS $$
    SELECT v.value FROM platform.setting_environments e
      JOIN platform.platform_setting_versions v ON v.key = e.key AND v.version = e.version
     WHERE e.key = setting_in.key AND e.environment = setting_in.environment
$$;
REVOKE EXECUTE ON FUNCTION desk.setting_in(text, text) FROM PUBLIC;

-- The problems with giving `key` the value `value` in `environment`: its type, range and
-- allowed values, and each cross-setting rule it would break (named). Empty: none.
CREATE FUNCTION desk.setting_problems(key text, environment text, value jsonb) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    s platform.platform_settings;
    p text[] := '{}';
    r record;
    l numeric;
    rv numeric;
    ok boolean;
BEGIN
    SELECT * INTO s FROM platform.platform_settings x WHERE x.key = setting_problems.key;
    IF NOT FOUND THEN
        RETURN ARRAY[format('setting %s does not exist', key)];
    END IF;
    IF jsonb_typeof(value) IS DISTINCT FROM s.value_type THEN
        RETURN ARRAY[format('value: %s takes a %s, not %s', s.key, s.value_type, coalesce(jsonb_typeof(value), 'nothing'))];
    END IF;
    IF s.value_type = 'number' AND ((s.min_value IS NOT NULL AND value::text::numeric < s.min_value)
                                 OR (s.max_value IS NOT NULL AND value::text::numeric > s.max_value)) THEN
        p := p || format('value: %s must be between %s and %s', s.key,
                         coalesce(s.min_value::text, '-∞'), coalesce(s.max_value::text, '∞'));
    END IF;
    IF s.allowed_values IS NOT NULL AND NOT s.allowed_values @> jsonb_build_array(value) THEN
        p := p || format('value: %s must be one of %s', s.key, s.allowed_values::text);
    END IF;
    FOR r IN SELECT * FROM platform.setting_rules x WHERE x.left_key = s.key OR x.right_key = s.key ORDER BY x.name LOOP
        BEGIN
            l := (CASE WHEN r.left_key = s.key THEN value ELSE desk.setting_in(r.left_key, environment) END)::text::numeric;
            rv := (CASE WHEN r.right_key = s.key THEN value ELSE desk.setting_in(r.right_key, environment) END)::text::numeric;
        EXCEPTION WHEN OTHERS THEN
            CONTINUE;
        END;
        IF l IS NULL OR rv IS NULL THEN CONTINUE; END IF;
        ok := CASE r.op WHEN '<' THEN l < rv WHEN '<=' THEN l <= rv WHEN '>' THEN l > rv ELSE l >= rv END;
        IF NOT ok THEN
            p := p || format('rule %s: %s %s %s must hold in %s (%s %s %s) — %s', r.name, r.left_key, r.op, r.right_key,
                             environment, l, r.op, rv, r.description);
        END IF;
    END LOOP;
    RETURN p;
END $$;
REVOKE EXECUTE ON FUNCTION desk.setting_problems(text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.setting_problems(text, text, jsonb) TO desk_admin;

-- Points `environment` at `version` of `key` and logs it (the functions below call this).
CREATE FUNCTION desk.apply_setting(key text, environment text, version integer, action text, rationale text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    before_version integer;
    before_value jsonb;
BEGIN
    SELECT e.version INTO before_version FROM platform.setting_environments e
     WHERE e.key = apply_setting.key AND e.environment = apply_setting.environment FOR UPDATE;
    before_value := desk.setting_in(key, environment);
    INSERT INTO platform.setting_environments AS e (key, environment, version)
    VALUES (key, environment, version)
    ON CONFLICT ON CONSTRAINT setting_environments_pkey
    DO UPDATE SET version = EXCLUDED.version, applied_at = now(), applied_by = session_user;
    INSERT INTO platform.setting_applications (key, environment, version, action, from_version, rationale)
    VALUES (key, environment, version, action, before_version, rationale);
    PERFORM desk.audit('config.' || action, format('setting:%s@%s', key, environment),
                       jsonb_build_object('version', before_version, 'value', before_value),
                       jsonb_build_object('version', version, 'value', desk.setting_in(key, environment)),
                       rationale);
END $$;
REVOKE EXECUTE ON FUNCTION desk.apply_setting(text, text, integer, text, text) FROM PUBLIC;

-- A change, in staging: a new version with `value`, refused (22023) listing every problem,
-- one per line in DETAIL (cross-setting rules by name), or when staging moved on since
-- `expected_version`.
DROP FUNCTION desk.rollback_setting(text, integer, text);
DROP FUNCTION desk.change_setting(text, jsonb, text, integer);
CREATE FUNCTION desk.change_setting(key text, value jsonb, rationale text, expected_version integer DEFAULT NULL)
RETURNS platform.platform_setting_versions
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    s platform.platform_settings;
    live integer;
    problems text[];
    v platform.platform_setting_versions;
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(btrim(coalesce(rationale, '')) <> '', 'rationale: say why the setting changes');
    SELECT * INTO s FROM platform.platform_settings x WHERE x.key = change_setting.key FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'setting % does not exist', key USING ERRCODE = 'no_data_found';
    END IF;
    SELECT e.version INTO live FROM platform.setting_environments e WHERE e.key = s.key AND e.environment = 'staging';
    PERFORM desk.check_version('setting ' || s.key || ' in staging', coalesce(live, 0), expected_version);
    problems := desk.setting_problems(s.key, 'staging', value);
    IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'the change of % is refused (% problem(s))', s.key, cardinality(problems)
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(problems, E'\n');
    END IF;
    PERFORM desk.check_input(desk.setting_in(s.key, 'staging') IS DISTINCT FROM value,
        format('value: %s already has this value in staging', s.key));
    INSERT INTO platform.platform_setting_versions (key, version, value, rationale)
    VALUES (s.key, s.current_version + 1, change_setting.value, change_setting.rationale) RETURNING * INTO v;
    UPDATE platform.platform_settings x SET current_version = v.version WHERE x.key = s.key;
    PERFORM desk.apply_setting(s.key, 'staging', v.version, 'change', rationale);
    RETURN v;
END $$;

-- Promotes the version live in staging to production. Refused unless `version` is what
-- staging runs now (so nobody promotes what they have not seen), and when production would
-- break a cross-setting rule.
CREATE FUNCTION desk.promote_setting(key text, version integer, rationale text)
RETURNS platform.platform_setting_versions
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    v platform.platform_setting_versions;
    staged integer;
    live integer;
    problems text[];
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(btrim(coalesce(rationale, '')) <> '', 'rationale: say why it goes to production');
    SELECT e.version INTO staged FROM platform.setting_environments e
     WHERE e.key = promote_setting.key AND e.environment = 'staging' FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'setting % has no version in staging', key USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(EXISTS (SELECT 1 FROM platform.setting_applications a
                                      WHERE a.key = promote_setting.key AND a.environment = 'staging'
                                        AND a.version = promote_setting.version),
        format('version %s of %s was never applied to staging; production only takes what staging ran', version, key));
    PERFORM desk.check_input(staged = version,
        format('staging runs version %s of %s now, not %s; promote what staging runs', staged, key, version));
    SELECT e.version INTO live FROM platform.setting_environments e
     WHERE e.key = promote_setting.key AND e.environment = 'production';
    PERFORM desk.check_input(live IS DISTINCT FROM version, format('production already runs version %s of %s', version, key));
    SELECT * INTO v FROM platform.platform_setting_versions x WHERE x.key = promote_setting.key AND x.version = promote_setting.version;
    problems := desk.setting_problems(key, 'production', v.value);
    IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'the promotion of % is refused (% problem(s))', key, cardinality(problems)
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(problems, E'\n');
    END IF;
    PERFORM desk.apply_setting(key, 'production', version, 'promote', rationale);
    RETURN v;
END $$;

-- Rolls `environment` back to an earlier version's value, as a new version. In production
-- only to a value production or staging has run before. `action` is 'rollback' (an
-- administrator's) or 'restore' (the desk's own after a failed health check).
CREATE FUNCTION desk.rollback_setting(key text, environment text, to_version integer, rationale text,
                                      action text DEFAULT 'rollback')
RETURNS platform.platform_setting_versions
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    s platform.platform_settings;
    old platform.platform_setting_versions;
    v platform.platform_setting_versions;
    problems text[];
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(environment IN ('staging', 'production'), format('unknown environment %L', environment));
    PERFORM desk.check_input(action IN ('rollback', 'restore'), format('unknown action %L', action));
    PERFORM desk.check_input(btrim(coalesce(rationale, '')) <> '', 'rationale: say why the setting is rolled back');
    SELECT * INTO s FROM platform.platform_settings x WHERE x.key = rollback_setting.key FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'setting % does not exist', key USING ERRCODE = 'no_data_found';
    END IF;
    SELECT * INTO old FROM platform.platform_setting_versions x WHERE x.key = s.key AND x.version = to_version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'setting % has no version %', key, to_version USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(environment = 'staging' OR EXISTS (
        SELECT 1 FROM platform.setting_applications a WHERE a.key = s.key AND a.version = to_version),
        format('version %s of %s never ran anywhere; production only takes what ran before', to_version, key));
    PERFORM desk.check_input(desk.setting_in(s.key, environment) IS DISTINCT FROM old.value,
        format('%s already runs this value in %s', key, environment));
    problems := desk.setting_problems(s.key, environment, old.value);
    IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'the rollback of % is refused (% problem(s))', key, cardinality(problems)
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(problems, E'\n');
    END IF;
    INSERT INTO platform.platform_setting_versions (key, version, value, rationale)
    VALUES (s.key, s.current_version + 1, old.value, format('%s to version %s: %s', action, to_version, rationale))
    RETURNING * INTO v;
    UPDATE platform.platform_settings x SET current_version = v.version WHERE x.key = s.key;
    PERFORM desk.apply_setting(s.key, environment, v.version, action, format('to version %s: %s', to_version, rationale));
    RETURN v;
END $$;

REVOKE EXECUTE ON FUNCTION desk.change_setting(text, jsonb, text, integer),
    desk.promote_setting(text, integer, text),
    desk.rollback_setting(text, text, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.change_setting(text, jsonb, text, integer),
    desk.promote_setting(text, integer, text),
    desk.rollback_setting(text, text, integer, text, text) TO desk_admin;

-- The health check the desk runs after promoting a setting: the affected service's URL.
CREATE FUNCTION desk.setting_service(key text) RETURNS TABLE (service text, health_url text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, platform AS $$
    SELECT s.service, sv.health_url FROM platform.platform_settings s
      LEFT JOIN platform.services sv ON sv.name = s.service
     WHERE s.key = setting_service.key
$$;
REVOKE EXECUTE ON FUNCTION desk.setting_service(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.setting_service(text) TO desk_admin;

GRANT SELECT ON platform.setting_environments, platform.setting_applications, platform.setting_rules TO desk_admin;

-- Administrators keep the configuration on their laptops (read-only offline).
SELECT desk.track('platform_settings', 'platform.platform_settings', ARRAY['key'], 'Typed platform settings');
SELECT desk.track('setting_versions', 'platform.platform_setting_versions', ARRAY['key', 'version'], 'Every version of every setting');
SELECT desk.track('setting_environments', 'platform.setting_environments', ARRAY['key', 'environment'], 'The version live in staging and production');
SELECT desk.track('setting_applications', 'platform.setting_applications', ARRAY['id'], 'Every application of a setting version (append-only)');
SELECT desk.track('setting_rules', 'platform.setting_rules', ARRAY['name'], 'Cross-setting rules');

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 9 $$;
