-- Feature flags per environment (staging, production), as administrators run them from the
-- desk. A flag keeps its key, description, owner and prerequisites; each environment has its
-- own state: on/off, the share of tenants it is rolled out to (stable bucketing by tenant, the
-- same SHA-256 bucket the desk computes), variants with weights, and targeting by plan and
-- tenant list. Every change is a new version of that environment's state, kept in an
-- append-only log, so "roll back" re-applies the previous version in one click. The platform's
-- services record how often each flag was evaluated, per variant and hour, and how many of
-- those evaluations ended in an error: the desk charts them during a rollout and lists stale
-- flags (fully on or off for 30 days, or not evaluated for 14) for archiving.
--
-- Production's state is written through to platform.feature_flags' columns, so what the
-- platform's services read keeps meaning "production". This is the last migration of schema
-- version 10.

CREATE TABLE platform.flag_environments (
    key             text NOT NULL REFERENCES platform.feature_flags,
    environment     text NOT NULL CHECK (environment IN ('staging', 'production')),
    enabled         boolean NOT NULL DEFAULT false,
    rollout_percent integer NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    -- [{"name": "control", "weight": 50}, {"name": "compact", "weight": 50}]: who is in the
    -- rollout gets one by weight (weights add up to 100); empty: a plain on/off flag
    variants        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(variants) = 'array'),
    -- {"tenants": [uuid...], "plans": [code...], "exclude_tenants": [uuid...]}
    rules           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(rules) = 'object'),
    version         integer NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text NOT NULL DEFAULT session_user,
    PRIMARY KEY (key, environment)
);

-- Every version of every environment's state: append-only.
CREATE TABLE platform.flag_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key         text NOT NULL REFERENCES platform.feature_flags,
    environment text NOT NULL CHECK (environment IN ('staging', 'production')),
    version     integer NOT NULL CHECK (version > 0),
    -- create: the flag appeared; change: an administrator's edit; rollback: an earlier
    -- version's state again; archive: cleaned up (off everywhere)
    action      text NOT NULL CHECK (action IN ('create', 'change', 'rollback', 'archive')),
    -- {"enabled", "rolloutPercent", "variants", "rules"} after the change
    state       jsonb NOT NULL CHECK (jsonb_typeof(state) = 'object'),
    reason      text NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text NOT NULL DEFAULT session_user,
    UNIQUE (key, environment, version)
);
CREATE TRIGGER flag_changes_append_only BEFORE UPDATE OR DELETE ON platform.flag_changes
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('platform.flag_changes');

-- The platform's flag metrics: evaluations and errors per flag, environment, variant and hour
-- ("off" counts the evaluations that answered off).
CREATE TABLE platform.flag_evaluations (
    key         text NOT NULL REFERENCES platform.feature_flags,
    environment text NOT NULL CHECK (environment IN ('staging', 'production')),
    variant     text NOT NULL,
    hour        timestamptz NOT NULL CHECK (date_trunc('hour', hour) = hour),
    evaluations bigint NOT NULL CHECK (evaluations >= 0),
    errors      bigint NOT NULL DEFAULT 0 CHECK (errors BETWEEN 0 AND evaluations),
    PRIMARY KEY (key, environment, variant, hour)
);

-- The state of one environment as JSON (what flag_changes keeps).
CREATE FUNCTION desk.flag_state(e platform.flag_environments) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT jsonb_build_object('enabled', e.enabled, 'rolloutPercent', e.rollout_percent,
                              'variants', e.variants, 'rules', e.rules)
$$;

-- Targeting without its empty lists (`{"plans": []}` targets the same as `{}`), so an edit
-- that changes nothing is seen as such.
CREATE FUNCTION desk.flag_rules(rules jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT CASE WHEN jsonb_typeof(rules) = 'object'
                THEN coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(rules) AS x (k, v) WHERE v <> '[]'), '{}')
                ELSE rules END
$$;

-- A tenant's stable bucket for a flag, 0–9999: the first four bytes of
-- SHA-256('flag:tenant'), big-endian, modulo 10,000 (desk_domain::flags::bucket).
CREATE FUNCTION desk.flag_bucket(flag text, tenant text) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT (('x' || substr(encode(sha256(convert_to(flag || ':' || tenant, 'UTF8')), 'hex'), 1, 8))::bit(32)::bigint % 10000)::integer
$$;

-- Brings flags written without environments (those before this migration, and those the
-- platform's loaders write with COPY) under environments: production and staging both take
-- the flag's own state, logged as 'create' at the flag's last update. Idempotent; the sandbox
-- calls it after loading.
CREATE FUNCTION desk.adopt_flags() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    f platform.feature_flags;
    env text;
    e platform.flag_environments;
BEGIN
    FOR f IN SELECT * FROM platform.feature_flags x
              WHERE NOT EXISTS (SELECT 1 FROM platform.flag_environments y WHERE y.key = x.key) LOOP
        FOREACH env IN ARRAY ARRAY['staging', 'production'] LOOP
            INSERT INTO platform.flag_environments (key, environment, enabled, rollout_percent, rules, updated_at)
            VALUES (f.key, env, f.enabled AND f.archived_at IS NULL, f.rollout_percent, f.rules, f.updated_at)
            RETURNING * INTO e;
            INSERT INTO platform.flag_changes (key, environment, version, action, state, reason, changed_at, changed_by)
            VALUES (f.key, env, 1, 'create', desk.flag_state(e), 'live before environments were tracked',
                    f.updated_at, f.owner);
        END LOOP;
    END LOOP;
END $$;
REVOKE EXECUTE ON FUNCTION desk.adopt_flags() FROM PUBLIC;
SELECT desk.adopt_flags();

-- The problems with giving flag `key` this state in `environment`, one 'field: message' line
-- each. Empty: none.
CREATE FUNCTION desk.flag_problems(key text, environment text, enabled boolean, rollout_percent integer,
                                   variants jsonb, rules jsonb, prerequisites text[]) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    p text[] := '{}';
    k text;
    names text[];
    total numeric;
    bad text[];
    before integer;
BEGIN
    IF environment IS NULL OR environment NOT IN ('staging', 'production') THEN
        RETURN ARRAY[format('environment: unknown environment %L', environment)];
    END IF;
    IF key IS NULL OR key !~ '^[a-z][a-z0-9_.-]*$' THEN
        p := p || 'key: a flag key is lower-case letters, digits, dots, dashes and underscores, starting with a letter'::text;
    END IF;
    IF rollout_percent IS NULL OR rollout_percent NOT BETWEEN 0 AND 100 THEN
        p := p || 'rolloutPercent: the rollout is a percentage between 0 and 100'::text;
    END IF;
    -- variants
    IF variants IS NULL OR jsonb_typeof(variants) <> 'array' THEN
        p := p || 'variants: variants are a list of names with weights'::text;
    ELSIF jsonb_array_length(variants) > 0 THEN
        IF jsonb_array_length(variants) = 1 THEN
            p := p || 'variants: a flag with variants needs at least two (a plain on/off flag has none)'::text;
        END IF;
        IF EXISTS (SELECT 1 FROM jsonb_array_elements(variants) v
                    WHERE jsonb_typeof(v) <> 'object' OR jsonb_typeof(v -> 'name') <> 'string'
                       OR jsonb_typeof(v -> 'weight') <> 'number') THEN
            p := p || 'variants: each variant has a name and a weight'::text;
        ELSE
            SELECT array_agg(v ->> 'name'), sum((v ->> 'weight')::numeric) INTO names, total FROM jsonb_array_elements(variants) v;
            IF EXISTS (SELECT 1 FROM unnest(names) n WHERE n !~ '^[a-z][a-z0-9_-]*$' OR n = 'off') THEN
                p := p || 'variants: a variant''s name is lower-case letters, digits, dashes and underscores, and not "off"'::text;
            END IF;
            IF (SELECT count(DISTINCT n) FROM unnest(names) n) <> cardinality(names) THEN
                p := p || 'variants: two variants have the same name'::text;
            END IF;
            IF EXISTS (SELECT 1 FROM jsonb_array_elements(variants) v
                        WHERE (v ->> 'weight')::numeric < 0 OR (v ->> 'weight')::numeric <> trunc((v ->> 'weight')::numeric)) THEN
                p := p || 'variants: weights are whole percentages'::text;
            ELSIF total <> 100 THEN
                p := p || format('variants: the weights add up to %s, not 100', total);
            END IF;
        END IF;
    END IF;
    -- targeting
    IF rules IS NULL OR jsonb_typeof(rules) <> 'object' THEN
        p := p || 'rules: targeting is an object'::text;
    ELSE
        before := cardinality(p);
        FOR k IN SELECT jsonb_object_keys(rules) LOOP
            IF k NOT IN ('tenants', 'plans', 'exclude_tenants') THEN
                p := p || format('rules: targeting may name only tenants, plans and exclude_tenants, not %s', k);
            ELSIF jsonb_typeof(rules -> k) <> 'array'
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(rules -> k) x WHERE jsonb_typeof(x) <> 'string') THEN
                p := p || format('rules: %s is a list of texts', k);
            END IF;
        END LOOP;
        IF cardinality(p) = before THEN
            SELECT array_agg(t) INTO bad FROM (
                SELECT jsonb_array_elements_text(coalesce(rules -> 'tenants', '[]') || coalesce(rules -> 'exclude_tenants', '[]')) t) x
             WHERE t !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                OR NOT EXISTS (SELECT 1 FROM platform.tenants tn WHERE tn.id::text = lower(t));
            IF bad IS NOT NULL THEN
                p := p || format('tenants: no such tenant: %s', array_to_string(bad, ', '));
            END IF;
            SELECT array_agg(c) INTO bad FROM jsonb_array_elements_text(coalesce(rules -> 'plans', '[]')) c
             WHERE NOT EXISTS (SELECT 1 FROM platform.plans pl WHERE pl.code = c);
            IF bad IS NOT NULL THEN
                p := p || format('plans: no such plan: %s', array_to_string(bad, ', '));
            END IF;
            SELECT array_agg(t) INTO bad FROM jsonb_array_elements_text(coalesce(rules -> 'tenants', '[]')) t
             WHERE rules -> 'exclude_tenants' ? t;
            IF bad IS NOT NULL THEN
                p := p || format('tenants: listed and excluded at once: %s', array_to_string(bad, ', '));
            END IF;
        END IF;
    END IF;
    -- prerequisites: known, not itself, no cycle, on in this environment when this one is
    IF key = ANY (coalesce(prerequisites, '{}')) THEN
        p := p || 'prerequisites: a flag cannot be its own prerequisite'::text;
    END IF;
    SELECT array_agg(x) INTO bad FROM unnest(coalesce(prerequisites, '{}')) x
     WHERE x <> key AND NOT EXISTS (SELECT 1 FROM platform.feature_flags f WHERE f.key = x AND f.archived_at IS NULL);
    IF bad IS NOT NULL THEN
        p := p || format('prerequisites: no such flag (or archived): %s', array_to_string(bad, ', '));
    END IF;
    IF EXISTS (WITH RECURSIVE up (k) AS (
                   SELECT unnest(coalesce(prerequisites, '{}'))
                   UNION SELECT unnest(f.prerequisites) FROM up JOIN platform.feature_flags f ON f.key = up.k)
               SELECT 1 FROM up WHERE up.k = flag_problems.key) THEN
        p := p || 'prerequisites: they would depend on this flag in turn (a cycle)'::text;
    END IF;
    IF enabled THEN
        SELECT array_agg(x) INTO bad FROM unnest(coalesce(prerequisites, '{}')) x
         WHERE NOT EXISTS (SELECT 1 FROM platform.flag_environments e
                            WHERE e.key = x AND e.environment = flag_problems.environment AND e.enabled);
        IF bad IS NOT NULL THEN
            p := p || format('enabled: turn on its prerequisite(s) in %s first: %s', environment, array_to_string(bad, ', '));
        END IF;
    ELSE
        SELECT array_agg(f.key ORDER BY f.key) INTO bad FROM platform.feature_flags f
          JOIN platform.flag_environments e ON e.key = f.key AND e.environment = flag_problems.environment
         WHERE flag_problems.key = ANY (f.prerequisites) AND e.enabled AND f.archived_at IS NULL;
        IF bad IS NOT NULL THEN
            p := p || format('enabled: these flags need it on in %s; turn them off first: %s', environment, array_to_string(bad, ', '));
        END IF;
    END IF;
    RETURN p;
EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
    RETURN p || 'variants: a weight is not a number'::text;
END $$;
REVOKE EXECUTE ON FUNCTION desk.flag_problems(text, text, boolean, integer, jsonb, jsonb, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.flag_problems(text, text, boolean, integer, jsonb, jsonb, text[]) TO desk_admin;

-- Writes a new version of `environment`'s state and logs it (the functions below call this).
CREATE FUNCTION desk.apply_flag(key text, environment text, enabled boolean, rollout_percent integer,
                                variants jsonb, rules jsonb, action text, reason text)
RETURNS platform.flag_environments
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.flag_environments;
    e platform.flag_environments;
BEGIN
    SELECT * INTO old FROM platform.flag_environments x
     WHERE x.key = apply_flag.key AND x.environment = apply_flag.environment FOR UPDATE;
    IF FOUND THEN
        UPDATE platform.flag_environments x
           SET enabled = apply_flag.enabled, rollout_percent = apply_flag.rollout_percent,
               variants = apply_flag.variants, rules = apply_flag.rules,
               version = x.version + 1, updated_at = now(), updated_by = session_user
         WHERE x.key = apply_flag.key AND x.environment = apply_flag.environment RETURNING * INTO e;
    ELSE
        INSERT INTO platform.flag_environments (key, environment, enabled, rollout_percent, variants, rules)
        VALUES (key, environment, enabled, rollout_percent, variants, rules) RETURNING * INTO e;
    END IF;
    INSERT INTO platform.flag_changes (key, environment, version, action, state, reason)
    VALUES (key, environment, e.version, action, desk.flag_state(e), reason);
    IF environment = 'production' THEN
        UPDATE platform.feature_flags f
           SET enabled = e.enabled, rollout_percent = e.rollout_percent, rules = e.rules, updated_at = now()
         WHERE f.key = apply_flag.key;
    END IF;
    PERFORM desk.audit('flags.' || action, format('flag:%s@%s', key, environment),
                       CASE WHEN old.key IS NULL THEN NULL
                            ELSE desk.flag_state(old) || jsonb_build_object('version', old.version) END,
                       desk.flag_state(e) || jsonb_build_object('version', e.version), reason);
    RETURN e;
END $$;
REVOKE EXECUTE ON FUNCTION desk.apply_flag(text, text, boolean, integer, jsonb, jsonb, text, text) FROM PUBLIC;

-- Creates a flag (off in both environments) or changes one environment's state and the flag's
-- description and prerequisites; refused (22023) listing every problem, one per line in
-- DETAIL, or when the environment moved on since `expected_version`.
CREATE FUNCTION desk.set_flag(key text, environment text, description text, enabled boolean,
                              rollout_percent integer, variants jsonb, rules jsonb, prerequisites text[],
                              reason text, expected_version integer DEFAULT NULL)
RETURNS platform.flag_environments
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    f platform.feature_flags;
    cur platform.flag_environments;
    problems text[];
    other text;
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(btrim(coalesce(reason, '')) <> '', 'reason: say why the flag changes');
    rules := desk.flag_rules(coalesce(rules, '{}'));
    problems := desk.flag_problems(key, environment, enabled, rollout_percent, coalesce(variants, '[]'),
                                   coalesce(rules, '{}'), coalesce(prerequisites, '{}'));
    SELECT * INTO f FROM platform.feature_flags x WHERE x.key = set_flag.key FOR UPDATE;
    IF NOT FOUND AND btrim(coalesce(description, '')) = '' THEN
        problems := problems || 'description: a new flag needs a description'::text;
    END IF;
    IF FOUND AND f.archived_at IS NOT NULL THEN
        problems := problems || format('key: %s is archived; archived flags are no longer evaluated', key);
    END IF;
    IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'the change of flag % is refused (% problem(s))', key, cardinality(problems)
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(problems, E'\n');
    END IF;
    IF f.key IS NULL THEN
        INSERT INTO platform.feature_flags (key, description, prerequisites)
        VALUES (key, btrim(description), coalesce(prerequisites, '{}')) RETURNING * INTO f;
        FOREACH other IN ARRAY ARRAY['staging', 'production'] LOOP
            PERFORM desk.apply_flag(key, other, false, 0, '[]', '{}', 'create', reason);
        END LOOP;
    ELSE
        UPDATE platform.feature_flags x
           SET description = coalesce(nullif(btrim(set_flag.description), ''), x.description),
               prerequisites = coalesce(set_flag.prerequisites, '{}'), updated_at = now()
         WHERE x.key = f.key AND (x.description IS DISTINCT FROM coalesce(nullif(btrim(set_flag.description), ''), x.description)
                                  OR x.prerequisites IS DISTINCT FROM coalesce(set_flag.prerequisites, '{}'));
    END IF;
    SELECT * INTO cur FROM platform.flag_environments x
     WHERE x.key = set_flag.key AND x.environment = set_flag.environment FOR UPDATE;
    PERFORM desk.check_version(format('flag %s in %s', key, environment), cur.version, expected_version);
    IF (cur.enabled, cur.rollout_percent, cur.variants, cur.rules)
       IS NOT DISTINCT FROM (enabled, rollout_percent, coalesce(variants, '[]'), coalesce(rules, '{}')) THEN
        RETURN cur;   -- nothing changes in this environment (a description or prerequisite edit)
    END IF;
    RETURN desk.apply_flag(key, environment, enabled, rollout_percent, coalesce(variants, '[]'),
                           coalesce(rules, '{}'), 'change', reason);
END $$;

-- Re-applies an earlier version of an environment's state (by default the one before the
-- current: the one-click rollback), as a new version.
CREATE FUNCTION desk.rollback_flag(key text, environment text, reason text, to_version integer DEFAULT NULL)
RETURNS platform.flag_environments
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    f platform.feature_flags;
    cur platform.flag_environments;
    target platform.flag_changes;
    problems text[];
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(btrim(coalesce(reason, '')) <> '', 'reason: say why the flag is rolled back');
    SELECT * INTO f FROM platform.feature_flags x WHERE x.key = rollback_flag.key FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'flag % does not exist', key USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(f.archived_at IS NULL, format('key: %s is archived', key));
    SELECT * INTO cur FROM platform.flag_environments x
     WHERE x.key = rollback_flag.key AND x.environment = rollback_flag.environment FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'flag % has no state in %', key, environment USING ERRCODE = 'no_data_found';
    END IF;
    SELECT * INTO target FROM platform.flag_changes c
     WHERE c.key = rollback_flag.key AND c.environment = rollback_flag.environment
       AND c.version = coalesce(to_version, cur.version - 1);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'flag % has no version % in %', key, coalesce(to_version, cur.version - 1), environment
            USING ERRCODE = 'no_data_found', HINT = 'there is nothing earlier to roll back to';
    END IF;
    PERFORM desk.check_input(target.state <> desk.flag_state(cur),
        format('flag %s already runs version %s''s state in %s', key, target.version, environment));
    problems := desk.flag_problems(key, environment, (target.state ->> 'enabled')::boolean,
                                   (target.state ->> 'rolloutPercent')::integer, target.state -> 'variants',
                                   target.state -> 'rules', f.prerequisites);
    IF cardinality(problems) > 0 THEN
        RAISE EXCEPTION 'the rollback of flag % is refused (% problem(s))', key, cardinality(problems)
            USING ERRCODE = 'invalid_parameter_value', DETAIL = array_to_string(problems, E'\n');
    END IF;
    RETURN desk.apply_flag(key, environment, (target.state ->> 'enabled')::boolean,
                           (target.state ->> 'rolloutPercent')::integer, target.state -> 'variants',
                           target.state -> 'rules', 'rollback', format('to version %s: %s', target.version, reason));
END $$;

-- Archives (cleans up) a flag: off in both environments and no longer evaluated. Refused while
-- a flag that is not archived still lists it as a prerequisite.
CREATE OR REPLACE FUNCTION desk.archive_feature_flag(key text, reason text)
RETURNS platform.feature_flags
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.feature_flags;
    new platform.feature_flags;
    dependents text[];
    e platform.flag_environments;
BEGIN
    PERFORM desk.require_role('desk_admin');
    PERFORM desk.check_input(btrim(coalesce(reason, '')) <> '', 'reason: say why the flag is archived');
    SELECT * INTO old FROM platform.feature_flags f WHERE f.key = archive_feature_flag.key FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'flag % does not exist', key USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(old.archived_at IS NULL, format('key: %s is already archived', key));
    SELECT array_agg(f.key ORDER BY f.key) INTO dependents FROM platform.feature_flags f
     WHERE old.key = ANY (f.prerequisites) AND f.archived_at IS NULL;
    PERFORM desk.check_input(dependents IS NULL,
        format('prerequisites: these flags depend on %s; archive them or drop the prerequisite first: %s',
               old.key, array_to_string(dependents, ', ')));
    FOR e IN SELECT * FROM platform.flag_environments x WHERE x.key = old.key ORDER BY x.environment LOOP
        PERFORM desk.apply_flag(old.key, e.environment, false, e.rollout_percent, e.variants, e.rules, 'archive', reason);
    END LOOP;
    UPDATE platform.feature_flags f SET enabled = false, archived_at = now(), updated_at = now()
     WHERE f.key = old.key RETURNING * INTO new;
    RETURN new;
END $$;

-- How many tenants a state would reach in an environment (targeting and rollout; not counting
-- prerequisites, which the platform evaluates per tenant at run time).
CREATE FUNCTION desk.flag_reach(key text, rollout_percent integer, rules jsonb)
RETURNS TABLE (tenants bigint, reached bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
    SELECT count(*),
           count(*) FILTER (WHERE NOT coalesce(rules -> 'exclude_tenants', '[]') ? t.id::text
                              AND (coalesce(rules -> 'tenants', '[]') ? t.id::text
                                   OR ((jsonb_array_length(coalesce(rules -> 'plans', '[]')) = 0
                                        OR coalesce(rules -> 'plans', '[]') ? t.plan_code)
                                       AND desk.flag_bucket(flag_reach.key, t.id::text) < rollout_percent * 100)))
      FROM platform.tenants t
     WHERE t.status <> 'cancelled'
$$;

REVOKE EXECUTE ON FUNCTION desk.set_flag(text, text, text, boolean, integer, jsonb, jsonb, text[], text, integer),
    desk.rollback_flag(text, text, text, integer), desk.flag_reach(text, integer, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.set_flag(text, text, text, boolean, integer, jsonb, jsonb, text[], text, integer),
    desk.rollback_flag(text, text, text, integer), desk.flag_reach(text, integer, jsonb) TO desk_admin;
-- The old single-environment function is replaced by set_flag.
REVOKE EXECUTE ON FUNCTION desk.set_feature_flag(text, text, boolean, integer, text[], jsonb, date, text, integer) FROM desk_admin;

GRANT SELECT ON platform.flag_environments, platform.flag_changes, platform.flag_evaluations TO desk_admin;

-- Administrators keep flags on their laptops (read-only offline).
SELECT desk.track('flag_environments', 'platform.flag_environments', ARRAY['key', 'environment'], 'Each flag''s state in staging and production');
SELECT desk.track('flag_changes', 'platform.flag_changes', ARRAY['id'], 'Every version of every flag''s state (append-only)');
SELECT desk.track('flag_evaluations', 'platform.flag_evaluations', ARRAY['key', 'environment', 'variant', 'hour'], 'Hourly flag evaluations and errors per variant');

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 10 $$;
