-- Customer success: touchpoints (call, e-mail, meeting and note records), onboarding
-- milestones, and success plans with their goals. Exists for the CS managers' call prep and
-- account management, done offline on a laptop and pushed later, so every record has a uuid
-- key the laptop generates and the functions are idempotent on it.
--
-- Chosen rule: desk_cs reads every row (the team shares one book of accounts) and writes only
-- through the SECURITY DEFINER functions below; it holds no INSERT/UPDATE/DELETE grant. A
-- touchpoint's author is always the caller's own staff row and only its author may edit it.
-- No other role reads these tables.
--
-- This is the last migration of schema version 2.

CREATE TABLE desk.cs_touchpoints (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES platform.tenants,
    author      uuid NOT NULL REFERENCES desk.staff,
    kind        text NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'note')),
    summary     text NOT NULL DEFAULT '',
    outcome     text NOT NULL DEFAULT '',      -- what was agreed or learned
    next_step   text,                          -- the follow-up, if any
    happened_at timestamptz NOT NULL,          -- when the contact took place (may be before created_at)
    created_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1
);
CREATE INDEX cs_touchpoints_tenant ON desk.cs_touchpoints (tenant_id, happened_at);
CREATE TRIGGER cs_touchpoints_bump_version BEFORE UPDATE ON desk.cs_touchpoints
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('cs_touchpoints', 'desk.cs_touchpoints', ARRAY['id'], 'Customer-success touchpoints');

CREATE TABLE desk.onboarding_milestones (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES platform.tenants,
    title        text NOT NULL CHECK (btrim(title) <> ''),
    position     integer NOT NULL DEFAULT 0,   -- order within the tenant's onboarding plan
    due_on       date,
    completed_at timestamptz,
    completed_by uuid REFERENCES desk.staff,
    created_at   timestamptz NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 1,
    CHECK ((completed_at IS NULL) = (completed_by IS NULL))
);
CREATE INDEX onboarding_milestones_tenant ON desk.onboarding_milestones (tenant_id, position);
CREATE TRIGGER onboarding_milestones_bump_version BEFORE UPDATE ON desk.onboarding_milestones
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('onboarding_milestones', 'desk.onboarding_milestones', ARRAY['id'], 'Onboarding milestones per tenant');

CREATE TABLE desk.success_plans (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES platform.tenants,
    title      text NOT NULL CHECK (btrim(title) <> ''),
    objective  text NOT NULL DEFAULT '',       -- the customer's business outcome, in their words
    status     text NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'achieved', 'abandoned')),
    owner      uuid NOT NULL REFERENCES desk.staff,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1
);
CREATE INDEX success_plans_tenant ON desk.success_plans (tenant_id);
CREATE TRIGGER success_plans_bump_version BEFORE UPDATE ON desk.success_plans
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('success_plans', 'desk.success_plans', ARRAY['id'], 'Success plans per tenant');

CREATE TABLE desk.success_plan_goals (
    id           uuid PRIMARY KEY,
    plan_id      uuid NOT NULL REFERENCES desk.success_plans ON DELETE CASCADE,
    description  text NOT NULL CHECK (btrim(description) <> ''),
    metric       text,                         -- e.g. 'replies_per_week', measured from usage
    target_value numeric,
    due_on       date,
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'missed', 'dropped')),
    version      integer NOT NULL DEFAULT 1
);
CREATE INDEX success_plan_goals_plan ON desk.success_plan_goals (plan_id);
CREATE TRIGGER success_plan_goals_bump_version BEFORE UPDATE ON desk.success_plan_goals
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('success_plan_goals', 'desk.success_plan_goals', ARRAY['id'], 'Goals of success plans');

GRANT SELECT ON desk.cs_touchpoints, desk.onboarding_milestones, desk.success_plans, desk.success_plan_goals TO desk_cs;

-- Records a touchpoint by the caller. Idempotent: the same id again returns the first record.
CREATE FUNCTION desk.add_touchpoint(id uuid, tenant_id uuid, kind text, summary text, outcome text,
                                    next_step text, happened_at timestamptz)
RETURNS desk.cs_touchpoints
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    me uuid;
    t desk.cs_touchpoints;
BEGIN
    PERFORM desk.require_role('desk_cs');
    me := desk.require_staff();
    PERFORM desk.check_input(add_touchpoint.id IS NOT NULL, 'a touchpoint needs its id');
    SELECT * INTO t FROM desk.cs_touchpoints x WHERE x.id = add_touchpoint.id;
    IF FOUND THEN
        IF t.author <> me THEN
            RAISE EXCEPTION 'touchpoint % belongs to someone else', t.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN t;
    END IF;
    PERFORM desk.check_input(kind IN ('call', 'email', 'meeting', 'note'), format('unknown touchpoint kind %L', kind));
    PERFORM desk.check_input(happened_at IS NOT NULL AND happened_at <= now() + interval '1 day',
        'a touchpoint happened at a time not in the future');
    PERFORM desk.check_input(EXISTS (SELECT 1 FROM platform.tenants x WHERE x.id = add_touchpoint.tenant_id),
        format('tenant %s does not exist', tenant_id));
    INSERT INTO desk.cs_touchpoints (id, tenant_id, author, kind, summary, outcome, next_step, happened_at)
    VALUES (add_touchpoint.id, add_touchpoint.tenant_id, me, add_touchpoint.kind, coalesce(add_touchpoint.summary, ''),
            coalesce(add_touchpoint.outcome, ''), add_touchpoint.next_step, add_touchpoint.happened_at)
    RETURNING * INTO t;
    PERFORM desk.audit('cs.touchpoint.add', 'tenant:' || t.tenant_id, NULL, to_jsonb(t), NULL);
    RETURN t;
END $$;

-- Edits the caller's own touchpoint (summary, outcome, next step).
CREATE FUNCTION desk.edit_touchpoint(id uuid, summary text, outcome text, next_step text, expected_version integer DEFAULT NULL)
RETURNS desk.cs_touchpoints
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old desk.cs_touchpoints;
    new desk.cs_touchpoints;
BEGIN
    PERFORM desk.require_role('desk_cs');
    SELECT * INTO old FROM desk.cs_touchpoints x WHERE x.id = edit_touchpoint.id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'touchpoint % does not exist', id USING ERRCODE = 'no_data_found';
    END IF;
    IF old.author IS DISTINCT FROM desk.require_staff() THEN
        RAISE EXCEPTION 'only its author may edit a touchpoint' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM desk.check_version('touchpoint', old.version, expected_version);
    UPDATE desk.cs_touchpoints x
       SET summary = coalesce(edit_touchpoint.summary, x.summary), outcome = coalesce(edit_touchpoint.outcome, x.outcome),
           next_step = edit_touchpoint.next_step
     WHERE x.id = old.id RETURNING * INTO new;
    PERFORM desk.audit('cs.touchpoint.edit', 'tenant:' || old.tenant_id, to_jsonb(old), to_jsonb(new), NULL);
    RETURN new;
END $$;

-- Adds an onboarding milestone, or changes its title and due date. Idempotent on id.
CREATE FUNCTION desk.save_milestone(id uuid, tenant_id uuid, title text, "position" integer, due_on date,
                                    expected_version integer DEFAULT NULL)
RETURNS desk.onboarding_milestones
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old desk.onboarding_milestones;
    new desk.onboarding_milestones;
BEGIN
    PERFORM desk.require_role('desk_cs');
    PERFORM desk.require_staff();
    PERFORM desk.check_input(save_milestone.id IS NOT NULL, 'a milestone needs its id');
    PERFORM desk.check_input(btrim(coalesce(title, '')) <> '', 'a milestone needs a title');
    SELECT * INTO old FROM desk.onboarding_milestones x WHERE x.id = save_milestone.id FOR UPDATE;
    IF FOUND THEN
        PERFORM desk.check_version('milestone ' || old.title, old.version, expected_version);
        UPDATE desk.onboarding_milestones x
           SET title = save_milestone.title, position = coalesce(save_milestone.position, x.position),
               due_on = save_milestone.due_on
         WHERE x.id = old.id RETURNING * INTO new;
    ELSE
        PERFORM desk.check_input(EXISTS (SELECT 1 FROM platform.tenants x WHERE x.id = save_milestone.tenant_id),
            format('tenant %s does not exist', tenant_id));
        INSERT INTO desk.onboarding_milestones (id, tenant_id, title, position, due_on)
        VALUES (save_milestone.id, save_milestone.tenant_id, save_milestone.title,
                coalesce(save_milestone.position, 0), save_milestone.due_on)
        RETURNING * INTO new;
    END IF;
    PERFORM desk.audit('cs.milestone.save', 'tenant:' || new.tenant_id,
                       CASE WHEN old.id IS NULL THEN NULL ELSE to_jsonb(old) END, to_jsonb(new), NULL);
    RETURN new;
END $$;

-- Marks a milestone done by the caller (or reopens it with done = false).
CREATE FUNCTION desk.complete_milestone(id uuid, done boolean, expected_version integer DEFAULT NULL)
RETURNS desk.onboarding_milestones
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    me uuid;
    old desk.onboarding_milestones;
    new desk.onboarding_milestones;
BEGIN
    PERFORM desk.require_role('desk_cs');
    me := desk.require_staff();
    SELECT * INTO old FROM desk.onboarding_milestones x WHERE x.id = complete_milestone.id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'milestone % does not exist', id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_version('milestone ' || old.title, old.version, expected_version);
    UPDATE desk.onboarding_milestones x
       SET completed_at = CASE WHEN done THEN coalesce(x.completed_at, now()) END,
           completed_by = CASE WHEN done THEN coalesce(x.completed_by, me) END
     WHERE x.id = old.id RETURNING * INTO new;
    PERFORM desk.audit('cs.milestone.complete', 'tenant:' || old.tenant_id, to_jsonb(old), to_jsonb(new), NULL);
    RETURN new;
END $$;

-- Creates or edits a success plan (the caller owns a plan they create). Idempotent on id.
CREATE FUNCTION desk.save_success_plan(id uuid, tenant_id uuid, title text, objective text, status text,
                                       expected_version integer DEFAULT NULL)
RETURNS desk.success_plans
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    me uuid;
    old desk.success_plans;
    new desk.success_plans;
BEGIN
    PERFORM desk.require_role('desk_cs');
    me := desk.require_staff();
    PERFORM desk.check_input(save_success_plan.id IS NOT NULL, 'a success plan needs its id');
    PERFORM desk.check_input(btrim(coalesce(title, '')) <> '', 'a success plan needs a title');
    PERFORM desk.check_input(status IN ('draft', 'active', 'achieved', 'abandoned'), format('unknown plan status %L', status));
    SELECT * INTO old FROM desk.success_plans x WHERE x.id = save_success_plan.id FOR UPDATE;
    IF FOUND THEN
        PERFORM desk.check_version('success plan ' || old.title, old.version, expected_version);
        UPDATE desk.success_plans x
           SET title = save_success_plan.title, objective = coalesce(save_success_plan.objective, x.objective),
               status = save_success_plan.status, updated_at = now()
         WHERE x.id = old.id RETURNING * INTO new;
    ELSE
        PERFORM desk.check_input(EXISTS (SELECT 1 FROM platform.tenants x WHERE x.id = save_success_plan.tenant_id),
            format('tenant %s does not exist', tenant_id));
        INSERT INTO desk.success_plans (id, tenant_id, title, objective, status, owner)
        VALUES (save_success_plan.id, save_success_plan.tenant_id, save_success_plan.title,
                coalesce(save_success_plan.objective, ''), save_success_plan.status, me)
        RETURNING * INTO new;
    END IF;
    PERFORM desk.audit('cs.plan.save', 'tenant:' || new.tenant_id,
                       CASE WHEN old.id IS NULL THEN NULL ELSE to_jsonb(old) END, to_jsonb(new), NULL);
    RETURN new;
END $$;

-- Creates or edits a goal of a success plan. Idempotent on id.
CREATE FUNCTION desk.save_success_plan_goal(id uuid, plan_id uuid, description text, metric text,
                                            target_value numeric, due_on date, status text,
                                            expected_version integer DEFAULT NULL)
RETURNS desk.success_plan_goals
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old desk.success_plan_goals;
    new desk.success_plan_goals;
    plan desk.success_plans;
BEGIN
    PERFORM desk.require_role('desk_cs');
    PERFORM desk.require_staff();
    PERFORM desk.check_input(save_success_plan_goal.id IS NOT NULL, 'a goal needs its id');
    PERFORM desk.check_input(btrim(coalesce(description, '')) <> '', 'a goal needs a description');
    PERFORM desk.check_input(status IN ('open', 'met', 'missed', 'dropped'), format('unknown goal status %L', status));
    SELECT * INTO old FROM desk.success_plan_goals x WHERE x.id = save_success_plan_goal.id FOR UPDATE;
    SELECT * INTO plan FROM desk.success_plans p WHERE p.id = coalesce(old.plan_id, save_success_plan_goal.plan_id);
    PERFORM desk.check_input(plan.id IS NOT NULL, format('success plan %s does not exist', plan_id));
    IF old.id IS NOT NULL THEN
        PERFORM desk.check_version('goal', old.version, expected_version);
        UPDATE desk.success_plan_goals x
           SET description = save_success_plan_goal.description, metric = save_success_plan_goal.metric,
               target_value = save_success_plan_goal.target_value, due_on = save_success_plan_goal.due_on,
               status = save_success_plan_goal.status
         WHERE x.id = old.id RETURNING * INTO new;
    ELSE
        INSERT INTO desk.success_plan_goals (id, plan_id, description, metric, target_value, due_on, status)
        VALUES (save_success_plan_goal.id, plan.id, save_success_plan_goal.description, save_success_plan_goal.metric,
                save_success_plan_goal.target_value, save_success_plan_goal.due_on, save_success_plan_goal.status)
        RETURNING * INTO new;
    END IF;
    PERFORM desk.audit('cs.goal.save', 'tenant:' || plan.tenant_id,
                       CASE WHEN old.id IS NULL THEN NULL ELSE to_jsonb(old) END, to_jsonb(new), NULL);
    RETURN new;
END $$;

REVOKE EXECUTE ON FUNCTION desk.add_touchpoint(uuid, uuid, text, text, text, text, timestamptz),
    desk.edit_touchpoint(uuid, text, text, text, integer),
    desk.save_milestone(uuid, uuid, text, integer, date, integer),
    desk.complete_milestone(uuid, boolean, integer),
    desk.save_success_plan(uuid, uuid, text, text, text, integer),
    desk.save_success_plan_goal(uuid, uuid, text, text, numeric, date, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.add_touchpoint(uuid, uuid, text, text, text, text, timestamptz),
    desk.edit_touchpoint(uuid, text, text, text, integer),
    desk.save_milestone(uuid, uuid, text, integer, date, integer),
    desk.complete_milestone(uuid, boolean, integer),
    desk.save_success_plan(uuid, uuid, text, text, text, integer),
    desk.save_success_plan_goal(uuid, uuid, text, text, numeric, date, text, integer) TO desk_cs;

-- Schema version 2: the platform's tables, permissions and the desk's write functions.
CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 2 $$;
