-- Third-party integrations as the integration team runs them (issue 10): the integrations the
-- platform depends on (e-mail delivery providers, the payment processor, the CRM, chat) with
-- the platform's recorded call volume, error count and latency per day, a failure timeline,
-- the vendors' deprecation notices of the API versions in use (deadline and our migration
-- status), credential rotations (when the next one is due, and a history of those done), and
-- new integrations moving through requirements → design → staging test → security review →
-- production, each step with its owner and evidence of completion; completing production adds
-- the integration. The desk probes each integration's status_url itself (no table: it keeps
-- its last probes on the laptop).
--
-- Who may do what here:
--   integration_daily, integration_failures, integration_deprecations, integration_rotations
--                 desk_ops reads; the platform records calls and failures; ops changes a
--                 deprecation's migration status and records rotations through functions
--   integration_onboardings, integration_onboarding_steps
--                 desk_ops and desk_security read; ops starts an onboarding, assigns owners and
--                 completes its steps; only desk_security completes the security review
--
-- This is the last migration of schema version 14.

-- Integrations ------------------------------------------------------------------------------

ALTER TABLE platform.integrations DROP CONSTRAINT integrations_kind_check;
ALTER TABLE platform.integrations ADD CONSTRAINT integrations_kind_check
    CHECK (kind IN ('email_provider', 'payments', 'crm', 'chat', 'identity', 'analytics', 'other'));
ALTER TABLE platform.integrations
    ADD COLUMN vendor                text,            -- who provides it, e.g. 'SendGrid (Twilio)'
    ADD COLUMN credential_rotated_at timestamptz,     -- the last rotation of our credentials
    ADD COLUMN credential_rotated_by text,            -- its login
    ADD COLUMN version               integer NOT NULL DEFAULT 1;
CREATE TRIGGER integrations_bump_version BEFORE UPDATE ON platform.integrations
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();

-- The platform's calls to each integration, per UTC day: how many, how many failed, and the
-- latency's median and 95th percentile. What error rates, latency charts and the KPI screen's
-- integration reliability are computed from (offline too).
CREATE TABLE platform.integration_daily (
    integration text NOT NULL REFERENCES platform.integrations,
    day         date NOT NULL,
    calls       bigint NOT NULL CHECK (calls >= 0),
    errors      bigint NOT NULL CHECK (errors >= 0 AND errors <= calls),
    p50_ms      integer CHECK (p50_ms >= 0),
    p95_ms      integer CHECK (p95_ms >= 0 AND (p50_ms IS NULL OR p95_ms >= p50_ms)),
    PRIMARY KEY (integration, day)
);
SELECT desk.track('integration_daily', 'platform.integration_daily', ARRAY['integration', 'day'],
                  'Calls to each third-party integration per day: volume, errors, p50 and p95 latency');

-- Periods when an integration failed (the vendor's outage, expired credentials, throttling),
-- as the platform recorded them; an open one has no end yet.
CREATE TABLE platform.integration_failures (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    integration text NOT NULL REFERENCES platform.integrations,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz CHECK (ended_at IS NULL OR ended_at >= started_at),
    summary     text NOT NULL CHECK (btrim(summary) <> ''),
    impact      text NOT NULL DEFAULT ''                 -- what the platform's customers saw
);
CREATE INDEX integration_failures_by_integration ON platform.integration_failures (integration, started_at);
SELECT desk.track('integration_failures', 'platform.integration_failures', ARRAY['id'],
                  'Failure timeline of the third-party integrations');

-- A vendor's notice that an API version we call will be retired, with the deadline and where
-- our migration off it stands.
CREATE TABLE platform.integration_deprecations (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    integration      text NOT NULL REFERENCES platform.integrations,
    api_version      text NOT NULL CHECK (btrim(api_version) <> ''),   -- the version retired
    notice           text NOT NULL CHECK (btrim(notice) <> ''),        -- what the vendor said
    notice_url       text,
    announced_on     date NOT NULL,
    deadline         date NOT NULL CHECK (deadline >= announced_on),
    migration_status text NOT NULL DEFAULT 'not_started'
                     CHECK (migration_status IN ('not_started', 'in_progress', 'done')),
    note             text NOT NULL DEFAULT '',                          -- where the migration is
    updated_by       text,
    updated_at       timestamptz,
    version          integer NOT NULL DEFAULT 1
);
CREATE INDEX integration_deprecations_by_integration ON platform.integration_deprecations (integration);
CREATE TRIGGER integration_deprecations_bump_version BEFORE UPDATE ON platform.integration_deprecations
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('integration_deprecations', 'platform.integration_deprecations', ARRAY['id'],
                  'API deprecation notices of the third-party integrations and our migration status');

-- Each rotation of our credentials for an integration (append-only history; the integration
-- keeps the next due date).
CREATE TABLE platform.integration_rotations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    integration text NOT NULL REFERENCES platform.integrations,
    rotated_at  timestamptz NOT NULL DEFAULT now(),
    rotated_by  text NOT NULL DEFAULT session_user,
    next_due    date NOT NULL,
    note        text NOT NULL DEFAULT ''
);
CREATE INDEX integration_rotations_by_integration ON platform.integration_rotations (integration);
CREATE TRIGGER integration_rotations_append_only BEFORE UPDATE OR DELETE ON platform.integration_rotations
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('platform.integration_rotations');
SELECT desk.track('integration_rotations', 'platform.integration_rotations', ARRAY['id'],
                  'Credential rotations of the third-party integrations');

-- Onboarding of new integrations -------------------------------------------------------------

CREATE TABLE platform.integration_onboardings (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name         text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{1,39}$'),  -- the integration's name to be
    kind         text NOT NULL CHECK (kind IN ('email_provider', 'payments', 'crm', 'chat', 'identity', 'analytics', 'other')),
    vendor       text NOT NULL CHECK (btrim(vendor) <> ''),
    api_version  text NOT NULL CHECK (btrim(api_version) <> ''),
    status_url   text,
    purpose      text NOT NULL DEFAULT '',                 -- why the platform needs it
    requested_by text NOT NULL DEFAULT session_user,
    created_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,                              -- production reached
    version      integer NOT NULL DEFAULT 1
);
CREATE TRIGGER integration_onboardings_bump_version BEFORE UPDATE ON platform.integration_onboardings
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('integration_onboardings', 'platform.integration_onboardings', ARRAY['id'],
                  'New third-party integrations on their way to production');

-- The five steps of every onboarding, in order, each with its owner and evidence.
CREATE TABLE platform.integration_onboarding_steps (
    onboarding_id uuid NOT NULL REFERENCES platform.integration_onboardings,
    step          text NOT NULL CHECK (step IN ('requirements', 'design', 'staging_test', 'security_review', 'production')),
    position      smallint NOT NULL CHECK (position BETWEEN 1 AND 5),
    owner         text,                                    -- a staff login
    evidence      text,                                    -- what shows it is done
    completed_by  text,
    completed_at  timestamptz,
    PRIMARY KEY (onboarding_id, step),
    UNIQUE (onboarding_id, position),
    CHECK ((completed_at IS NULL) = (completed_by IS NULL)),
    CHECK (completed_at IS NULL OR btrim(coalesce(evidence, '')) <> '')
);
SELECT desk.track('integration_onboarding_steps', 'platform.integration_onboarding_steps',
                  ARRAY['onboarding_id', 'step'], 'The steps of each integration onboarding with owner and evidence');

-- The steps, in order.
CREATE FUNCTION desk.onboarding_steps() RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT ARRAY['requirements', 'design', 'staging_test', 'security_review', 'production']
$$;

-- Functions ----------------------------------------------------------------------------------

-- Sets where our migration off a deprecated API version stands. Done needs the note saying how
-- (it is the evidence); a stale version is refused as a conflict.
CREATE FUNCTION desk.set_deprecation_status(id uuid, status text, note text, expected_version integer DEFAULT NULL)
RETURNS platform.integration_deprecations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.integration_deprecations;
    new platform.integration_deprecations;
BEGIN
    PERFORM desk.require_role('desk_ops');
    PERFORM desk.check_input(status IN ('not_started', 'in_progress', 'done'),
        format('status: unknown migration status %L (not started, in progress or done)', status));
    PERFORM desk.check_input(status <> 'done' OR btrim(coalesce(note, '')) <> '',
        'note: say how the migration was done (the version now called, the change that did it)');
    SELECT * INTO old FROM platform.integration_deprecations d WHERE d.id = set_deprecation_status.id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'deprecation notice % does not exist', id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_version(format('the deprecation of %s %s', old.integration, old.api_version),
                               old.version, expected_version);
    UPDATE platform.integration_deprecations d
       SET migration_status = set_deprecation_status.status,
           note = coalesce(nullif(btrim(set_deprecation_status.note), ''), d.note),
           updated_by = session_user, updated_at = now()
     WHERE d.id = old.id RETURNING * INTO new;
    PERFORM desk.audit('integration.deprecation_status', 'integration:' || old.integration,
                       to_jsonb(old), to_jsonb(new), note);
    RETURN new;
END $$;

-- Records that our credentials for an integration were rotated now, and when the next
-- rotation is due (after today, within two years).
CREATE FUNCTION desk.record_credential_rotation(name text, next_due date, note text, expected_version integer DEFAULT NULL)
RETURNS platform.integrations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.integrations;
    new platform.integrations;
BEGIN
    PERFORM desk.require_role('desk_ops');
    PERFORM desk.check_input(next_due IS NOT NULL, 'next due: say when the next rotation is due');
    PERFORM desk.check_input(next_due > current_date, 'next due: the next rotation must be after today');
    PERFORM desk.check_input(next_due <= current_date + 730, 'next due: at most two years ahead');
    SELECT * INTO old FROM platform.integrations i WHERE i.name = record_credential_rotation.name FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'integration % does not exist', name USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_version('integration ' || old.name, old.version, expected_version);
    INSERT INTO platform.integration_rotations (integration, next_due, note)
    VALUES (old.name, record_credential_rotation.next_due, coalesce(btrim(record_credential_rotation.note), ''));
    UPDATE platform.integrations i
       SET credential_rotation_due = record_credential_rotation.next_due,
           credential_rotated_at = now(), credential_rotated_by = session_user
     WHERE i.name = old.name RETURNING * INTO new;
    PERFORM desk.audit('integration.credential_rotation', 'integration:' || old.name,
                       to_jsonb(old), to_jsonb(new), note);
    RETURN new;
END $$;

-- Starts onboarding a new integration: the onboarding and its five steps, none owned yet.
CREATE FUNCTION desk.start_integration_onboarding(id uuid, name text, kind text, vendor text, api_version text,
                                                  status_url text, purpose text)
RETURNS platform.integration_onboardings
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE o platform.integration_onboardings;
BEGIN
    PERFORM desk.require_role('desk_ops');
    PERFORM desk.check_input(coalesce(name, '') ~ '^[a-z0-9][a-z0-9-]{1,39}$',
        'name: 2 to 40 lower-case letters, digits and dashes, e.g. sendgrid');
    PERFORM desk.check_input(NOT EXISTS (SELECT 1 FROM platform.integrations i WHERE i.name = start_integration_onboarding.name),
        format('name: %s is already an integration', name));
    PERFORM desk.check_input(NOT EXISTS (SELECT 1 FROM platform.integration_onboardings x WHERE x.name = start_integration_onboarding.name),
        format('name: %s is already being onboarded', name));
    PERFORM desk.check_input(kind IN ('email_provider', 'payments', 'crm', 'chat', 'identity', 'analytics', 'other'),
        format('kind: unknown kind %L', kind));
    PERFORM desk.check_input(btrim(coalesce(vendor, '')) <> '', 'vendor: name the vendor');
    PERFORM desk.check_input(btrim(coalesce(api_version, '')) <> '', 'API version: say which API version we will call');
    PERFORM desk.check_input(nullif(btrim(status_url), '') IS NULL OR btrim(status_url) ~ '^https?://[^\s]+$',
        'status URL: an http(s) address, e.g. https://status.vendor.com/api/v2/status.json');
    INSERT INTO platform.integration_onboardings (id, name, kind, vendor, api_version, status_url, purpose)
    VALUES (coalesce(start_integration_onboarding.id, gen_random_uuid()), start_integration_onboarding.name,
            start_integration_onboarding.kind, btrim(start_integration_onboarding.vendor),
            btrim(start_integration_onboarding.api_version), nullif(btrim(start_integration_onboarding.status_url), ''),
            coalesce(btrim(start_integration_onboarding.purpose), ''))
    RETURNING * INTO o;
    INSERT INTO platform.integration_onboarding_steps (onboarding_id, step, position)
    SELECT o.id, s.step, s.position FROM unnest(desk.onboarding_steps()) WITH ORDINALITY AS s (step, position);
    PERFORM desk.audit('integration.onboarding_start', 'onboarding:' || o.name, NULL, to_jsonb(o), purpose);
    RETURN o;
END $$;

-- Finds an onboarding for a change (locked), refusing a missing or finished one and a stale
-- version; checks that `step` is one of the five.
CREATE FUNCTION desk.onboarding_for_change(onboarding_id uuid, step text, expected_version integer)
RETURNS platform.integration_onboardings
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE o platform.integration_onboardings;
BEGIN
    PERFORM desk.check_input(step = ANY (desk.onboarding_steps()),
        format('step: unknown step %L (requirements, design, staging test, security review, production)', step));
    SELECT * INTO o FROM platform.integration_onboardings x WHERE x.id = onboarding_for_change.onboarding_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'onboarding % does not exist', onboarding_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(o.completed_at IS NULL, format('%s is already in production', o.name));
    PERFORM desk.check_version('the onboarding of ' || o.name, o.version, expected_version);
    RETURN o;
END $$;

-- Gives a step its owner: an active staff member; the security review's must hold desk_security.
CREATE FUNCTION desk.assign_onboarding_step(onboarding_id uuid, step text, owner text, expected_version integer DEFAULT NULL)
RETURNS platform.integration_onboardings
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    o platform.integration_onboardings;
    before platform.integration_onboarding_steps;
    after platform.integration_onboarding_steps;
BEGIN
    PERFORM desk.require_role('desk_ops');
    o := desk.onboarding_for_change(onboarding_id, step, expected_version);
    SELECT * INTO before FROM platform.integration_onboarding_steps s
     WHERE s.onboarding_id = o.id AND s.step = assign_onboarding_step.step FOR UPDATE;
    PERFORM desk.check_input(before.completed_at IS NULL,
        format('step: %s was completed by %s', replace(step, '_', ' '), before.completed_by));
    PERFORM desk.check_input(EXISTS (SELECT 1 FROM desk.staff m WHERE m.login = owner AND m.active),
        format('owner: %s is not an active staff member', coalesce(owner, 'nobody')));
    PERFORM desk.check_input(step <> 'security_review' OR pg_has_role(owner, 'desk_security', 'MEMBER'),
        format('owner: the security review needs an owner from security (%s does not hold desk_security)', owner));
    UPDATE platform.integration_onboarding_steps s SET owner = assign_onboarding_step.owner
     WHERE s.onboarding_id = o.id AND s.step = assign_onboarding_step.step RETURNING * INTO after;
    UPDATE platform.integration_onboardings x SET version = x.version WHERE x.id = o.id RETURNING * INTO o;
    PERFORM desk.audit('integration.onboarding_assign', 'onboarding:' || o.name, to_jsonb(before), to_jsonb(after), NULL);
    RETURN o;
END $$;

-- Completes a step with its evidence: in order (every earlier step done), once, with an owner;
-- the security review only by security, every other step only by ops. Completing production
-- adds the integration to platform.integrations.
CREATE FUNCTION desk.complete_onboarding_step(onboarding_id uuid, step text, evidence text, expected_version integer DEFAULT NULL)
RETURNS platform.integration_onboardings
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    o platform.integration_onboardings;
    before platform.integration_onboarding_steps;
    after platform.integration_onboarding_steps;
    pending text;
BEGIN
    IF step = 'security_review' THEN
        PERFORM desk.require_role('desk_security');
    ELSE
        PERFORM desk.require_role('desk_ops');
    END IF;
    PERFORM desk.check_input(btrim(coalesce(evidence, '')) <> '',
        'evidence: say what shows the step is done (a document, a test run, a sign-off)');
    o := desk.onboarding_for_change(onboarding_id, step, expected_version);
    SELECT * INTO before FROM platform.integration_onboarding_steps s
     WHERE s.onboarding_id = o.id AND s.step = complete_onboarding_step.step FOR UPDATE;
    PERFORM desk.check_input(before.completed_at IS NULL,
        format('step: %s was already completed by %s', replace(step, '_', ' '), before.completed_by));
    SELECT s.step INTO pending FROM platform.integration_onboarding_steps s
     WHERE s.onboarding_id = o.id AND s.position < before.position AND s.completed_at IS NULL
     ORDER BY s.position LIMIT 1;
    PERFORM desk.check_input(pending IS NULL,
        format('step: complete %s before %s', replace(pending, '_', ' '), replace(step, '_', ' ')));
    PERFORM desk.check_input(before.owner IS NOT NULL,
        format('owner: give %s an owner before completing it', replace(step, '_', ' ')));
    IF step = 'production' THEN
        PERFORM desk.check_input(NOT EXISTS (SELECT 1 FROM platform.integrations i WHERE i.name = o.name),
            format('%s is already an integration', o.name));
    END IF;
    UPDATE platform.integration_onboarding_steps s
       SET evidence = btrim(complete_onboarding_step.evidence), completed_by = session_user, completed_at = now()
     WHERE s.onboarding_id = o.id AND s.step = complete_onboarding_step.step RETURNING * INTO after;
    UPDATE platform.integration_onboardings x
       SET completed_at = CASE WHEN complete_onboarding_step.step = 'production' THEN now() END
     WHERE x.id = o.id RETURNING * INTO o;
    IF step = 'production' THEN
        INSERT INTO platform.integrations (name, kind, vendor, status, status_url, api_version, owner_team, notes)
        VALUES (o.name, o.kind, o.vendor, 'unknown', o.status_url, o.api_version, 'ops',
                'Onboarded ' || to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ': ' || o.purpose);
    END IF;
    PERFORM desk.audit('integration.onboarding_complete', 'onboarding:' || o.name, to_jsonb(before), to_jsonb(after), evidence);
    RETURN o;
END $$;

-- Grants -------------------------------------------------------------------------------------

GRANT SELECT ON platform.integration_daily, platform.integration_failures, platform.integration_deprecations,
    platform.integration_rotations TO desk_ops;
GRANT SELECT ON platform.integration_onboardings, platform.integration_onboarding_steps TO desk_ops, desk_security;

REVOKE EXECUTE ON FUNCTION desk.onboarding_steps(),
    desk.set_deprecation_status(uuid, text, text, integer),
    desk.record_credential_rotation(text, date, text, integer),
    desk.start_integration_onboarding(uuid, text, text, text, text, text, text),
    desk.onboarding_for_change(uuid, text, integer),
    desk.assign_onboarding_step(uuid, text, text, integer),
    desk.complete_onboarding_step(uuid, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.set_deprecation_status(uuid, text, text, integer),
    desk.record_credential_rotation(text, date, text, integer),
    desk.start_integration_onboarding(uuid, text, text, text, text, text, text),
    desk.assign_onboarding_step(uuid, text, text, integer) TO desk_ops;
GRANT EXECUTE ON FUNCTION desk.complete_onboarding_step(uuid, text, text, integer) TO desk_ops, desk_security;

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 14 $$;
