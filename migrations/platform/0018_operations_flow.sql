-- Operations flow (issue 9): what ops staff record about deployments, rollbacks and customer
-- escalations beyond what 0004 had. Deployments gain the "partially deployed" state, the
-- automated test result they shipped with and the health checks the deployer ran after them;
-- a deployment is requested from the desk (the deployer picks it up); a rollback gets its impact
-- assessment and lessons learned once it has finished. Escalations gain a validated state
-- machine, findings / root cause / vendor entries on their timeline, customer updates that set
-- when the next one is due, the tenant's CSM notified by e-mail, the customer's satisfaction
-- after resolution, and a resolution that writes its knowledge-base article in the same step
-- (linked both ways). Ops staff read the staff directory (to show the tenant's CSM).
--
-- This is the last migration of schema version 12.

-- Deployments --------------------------------------------------------------------------------

ALTER TABLE platform.deployments DROP CONSTRAINT deployments_status_check;
ALTER TABLE platform.deployments ADD CONSTRAINT deployments_status_check
    CHECK (status IN ('requested', 'running', 'succeeded', 'failed', 'partially_deployed', 'rolled_back'));
ALTER TABLE platform.deployments
    -- where the automated test run behind this release is, e.g. 'ci#48213: 1204 passed, 0 failed'
    ADD COLUMN test_result_ref text,
    -- why it was requested (from the desk) or the release title (from CI)
    ADD COLUMN reason text,
    -- the health checks the deployer ran once it had rolled out:
    -- [{"check": "health endpoint", "ok": true, "latencyMs": 120, "detail": "200 OK", "at": "…"}]
    ADD COLUMN health_checks jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(health_checks) = 'array');

ALTER TABLE platform.rollback_requests
    -- what the deployer said when it finished (or why it failed)
    ADD COLUMN outcome text,
    -- written by ops after the rollback: who and what was affected, and what we learned
    ADD COLUMN impact text,
    ADD COLUMN lessons text,
    ADD COLUMN reviewed_by text,
    ADD COLUMN reviewed_at timestamptz;

-- The service's current stable version: its latest succeeded deployment's.
CREATE FUNCTION desk.stable_version(svc text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, platform AS $$
    SELECT d.version FROM platform.deployments d
     WHERE d.service = svc AND d.status = 'succeeded'
     ORDER BY d.finished_at DESC NULLS LAST, d.id DESC LIMIT 1
$$;
REVOKE EXECUTE ON FUNCTION desk.stable_version(text) FROM PUBLIC;

-- Asks the deployer to deploy `version` of `service`. Needs the automated tests' result and a
-- reason; refused while another deployment of the service is in flight, or when the version is
-- already the stable one.
CREATE FUNCTION desk.request_deployment(service text, version text, test_result_ref text, reason text)
RETURNS platform.deployments
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    d platform.deployments;
    stable text;
    busy platform.deployments;
BEGIN
    PERFORM desk.require_role('desk_ops');
    PERFORM desk.check_input(EXISTS (SELECT 1 FROM platform.services s WHERE s.name = request_deployment.service),
        format('service: there is no service %L', service));
    PERFORM desk.check_input(coalesce(version, '') ~ '^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$',
        'version: letters, digits, dots, plus and dashes, e.g. 2026.3.14');
    PERFORM desk.check_input(btrim(coalesce(test_result_ref, '')) <> '',
        'tests: give the automated test run this release passed');
    PERFORM desk.check_input(btrim(coalesce(reason, '')) <> '', 'reason: say why it is being deployed');
    SELECT * INTO busy FROM platform.deployments x
     WHERE x.service = request_deployment.service AND x.status IN ('requested', 'running') LIMIT 1;
    PERFORM desk.check_input(NOT FOUND,
        format('service: %s is already deploying %s (requested by %s)', service, busy.version, busy.requested_by));
    stable := desk.stable_version(service);
    PERFORM desk.check_input(stable IS DISTINCT FROM version,
        format('version: %s already runs %s', service, version));
    INSERT INTO platform.deployments (service, version, previous_version, status, requested_by, test_result_ref, reason)
    VALUES (request_deployment.service, request_deployment.version, stable, 'requested', session_user,
            btrim(request_deployment.test_result_ref), btrim(request_deployment.reason))
    RETURNING * INTO d;
    PERFORM desk.audit('deployment.request', 'deployment:' || d.id, NULL, to_jsonb(d), reason);
    RETURN d;
END $$;

-- A rollback may now also undo a partial deployment.
CREATE OR REPLACE FUNCTION desk.request_rollback(id uuid, deployment_id bigint, reason text)
RETURNS platform.rollback_requests
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    d platform.deployments;
    r platform.rollback_requests;
BEGIN
    PERFORM desk.require_role('desk_ops');
    PERFORM desk.check_input(btrim(coalesce(reason, '')) <> '', 'reason: a rollback needs a reason');
    SELECT * INTO d FROM platform.deployments x WHERE x.id = request_rollback.deployment_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'deployment % does not exist', deployment_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(d.status IN ('succeeded', 'failed', 'running', 'partially_deployed'),
        format('deployment %s is %s: nothing to roll back', d.id, replace(d.status, '_', ' ')));
    PERFORM desk.check_input(d.previous_version IS NOT NULL, 'no previous stable version to roll back to');
    PERFORM desk.check_input(NOT EXISTS (SELECT 1 FROM platform.rollback_requests x
                                          WHERE x.deployment_id = d.id AND x.status IN ('requested', 'running')),
        'a rollback of this deployment is already in progress');
    INSERT INTO platform.rollback_requests (id, deployment_id, reason)
    VALUES (coalesce(request_rollback.id, gen_random_uuid()), d.id, btrim(reason)) RETURNING * INTO r;
    PERFORM desk.audit('deployment.rollback', 'deployment:' || d.id, to_jsonb(d), to_jsonb(r), reason);
    RETURN r;
END $$;

-- Records a finished rollback's impact assessment and lessons learned (can be revised).
CREATE FUNCTION desk.review_rollback(rollback_id uuid, impact text, lessons text)
RETURNS platform.rollback_requests
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.rollback_requests;
    new platform.rollback_requests;
BEGIN
    PERFORM desk.require_role('desk_ops');
    SELECT * INTO old FROM platform.rollback_requests x WHERE x.id = rollback_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'rollback % does not exist', rollback_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(old.status IN ('succeeded', 'failed'),
        'the rollback is still in progress: review it once the deployer has finished');
    PERFORM desk.check_input(btrim(coalesce(impact, '')) <> '', 'impact: say who and what was affected');
    PERFORM desk.check_input(btrim(coalesce(lessons, '')) <> '', 'lessons: say what we learned');
    UPDATE platform.rollback_requests x
       SET impact = btrim(review_rollback.impact), lessons = btrim(review_rollback.lessons),
           reviewed_by = session_user, reviewed_at = now()
     WHERE x.id = old.id RETURNING * INTO new;
    PERFORM desk.audit('deployment.rollback_review', 'deployment:' || old.deployment_id, to_jsonb(old), to_jsonb(new), NULL);
    RETURN new;
END $$;

-- Escalations --------------------------------------------------------------------------------

ALTER TABLE platform.escalations
    ADD COLUMN vendor text,                            -- the vendor contacted, if any
    ADD COLUMN satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
    ADD COLUMN satisfaction_note text,
    ADD COLUMN kb_article_id uuid REFERENCES platform.kb_articles,  -- the article written from it
    ADD COLUMN csm_notified_at timestamptz;            -- when the tenant's CSM was last e-mailed

ALTER TABLE platform.escalation_timeline DROP CONSTRAINT escalation_timeline_kind_check;
ALTER TABLE platform.escalation_timeline ADD CONSTRAINT escalation_timeline_kind_check
    CHECK (kind IN ('note', 'finding', 'root_cause', 'vendor_contact', 'customer_update', 'state_change', 'satisfaction'));

-- Whether an escalation may move from one state to another.
CREATE FUNCTION desk.escalation_step_allowed(from_state text, to_state text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT CASE from_state
        WHEN 'new' THEN to_state IN ('investigating', 'waiting_on_customer', 'waiting_on_vendor', 'resolved')
        WHEN 'investigating' THEN to_state IN ('waiting_on_customer', 'waiting_on_vendor', 'resolved')
        WHEN 'waiting_on_customer' THEN to_state IN ('investigating', 'waiting_on_vendor', 'resolved')
        WHEN 'waiting_on_vendor' THEN to_state IN ('investigating', 'waiting_on_customer', 'resolved')
        WHEN 'resolved' THEN to_state IN ('closed', 'investigating')
        ELSE false END
$$;

-- The tenant's active CSM, if it has one (every call of the escalation functions below bumps
-- the escalation's version exactly once, so the desk can chain changes made offline).
CREATE FUNCTION desk.escalation_csm(tenant uuid) RETURNS desk.staff
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
    SELECT s.* FROM platform.tenants t JOIN desk.staff s ON s.id = t.owner_csm
     WHERE t.id = tenant AND s.active
$$;
REVOKE EXECUTE ON FUNCTION desk.escalation_csm(uuid) FROM PUBLIC;

-- Queues an e-mail to the tenant's CSM about the escalation, if the tenant has one.
CREATE FUNCTION desk.mail_escalation_csm(e platform.escalations, what text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    csm desk.staff;
    tenant_name text;
BEGIN
    csm := desk.escalation_csm(e.tenant_id);
    IF csm.id IS NULL THEN
        RETURN;
    END IF;
    SELECT t.name INTO tenant_name FROM platform.tenants t WHERE t.id = e.tenant_id;
    INSERT INTO platform.email_outbox (to_addr, subject, body, template)
    VALUES (csm.email,
            format('[%s] %s: %s', upper(e.severity), tenant_name, e.title),
            format(E'Hello %s,\n\nAn escalation for your customer %s %s.\n\n%s\nState: %s\nCategory: %s\n\nOpen it in Penguin Desk: Operations, Escalations.',
                   csm.full_name, tenant_name, what, e.title, replace(e.state, '_', ' '), e.category),
            'escalation_csm');
END $$;
REVOKE EXECUTE ON FUNCTION desk.mail_escalation_csm(platform.escalations, text) FROM PUBLIC;

-- Opens an escalation (as in 0004) and tells the tenant's CSM.
CREATE OR REPLACE FUNCTION desk.open_escalation(id uuid, tenant_id uuid, title text, severity text, category text, reporter_context text)
RETURNS platform.escalations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE e platform.escalations;
BEGIN
    PERFORM desk.require_role('desk_ops', 'desk_cs');
    PERFORM desk.check_input(btrim(coalesce(title, '')) <> '', 'title: an escalation needs a title');
    PERFORM desk.check_input(severity IN ('critical', 'high', 'medium', 'low'), format('severity: unknown severity %L', severity));
    PERFORM desk.check_input(category IN ('deliverability', 'sending', 'billing', 'integration', 'account', 'performance', 'other'),
        format('category: unknown category %L', category));
    PERFORM desk.check_input(EXISTS (SELECT 1 FROM platform.tenants t WHERE t.id = open_escalation.tenant_id),
        format('tenant: tenant %s does not exist', tenant_id));
    INSERT INTO platform.escalations (id, tenant_id, title, severity, category, reporter_context, next_update_due,
                                      csm_notified_at)
    VALUES (coalesce(open_escalation.id, gen_random_uuid()), open_escalation.tenant_id, btrim(open_escalation.title),
            open_escalation.severity, open_escalation.category, coalesce(open_escalation.reporter_context, ''),
            now() + CASE open_escalation.severity WHEN 'critical' THEN interval '1 hour'
                                                  WHEN 'high' THEN interval '4 hours'
                                                  ELSE interval '1 day' END,
            CASE WHEN (desk.escalation_csm(open_escalation.tenant_id)).id IS NOT NULL THEN now() END)
    RETURNING * INTO e;
    PERFORM desk.audit('escalation.open', 'escalation:' || e.id, NULL, to_jsonb(e), NULL);
    PERFORM desk.mail_escalation_csm(e, 'was opened');
    RETURN e;
END $$;

-- Adds a timeline entry and optionally moves the escalation along its states.
--   note, finding:    text on the timeline
--   root_cause:       also sets the escalation's root cause
--   vendor_contact:   also records the vendor (`vendor`)
--   customer_update:  what was told to the customer; needs when the next update is due
-- A state change is ops' work and must follow the state machine; resolving needs the
-- resolution (`body`) and tells the CSM. Entries commute; a state change on a stale version is
-- refused as a conflict.
DROP FUNCTION desk.update_escalation(uuid, uuid, text, text, text, timestamptz, integer);
CREATE FUNCTION desk.update_escalation(escalation_id uuid, entry_id uuid, kind text, body text,
                                       new_state text DEFAULT NULL, next_update_due timestamptz DEFAULT NULL,
                                       expected_version integer DEFAULT NULL, vendor text DEFAULT NULL,
                                       kb_article_id uuid DEFAULT NULL)
RETURNS platform.escalations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.escalations;
    new platform.escalations;
BEGIN
    PERFORM desk.require_role('desk_ops', 'desk_cs');
    PERFORM desk.check_input(btrim(coalesce(body, '')) <> '', 'text: a timeline entry needs text');
    PERFORM desk.check_input(kind IN ('note', 'finding', 'root_cause', 'vendor_contact', 'customer_update'),
        format('kind: unknown entry kind %L', kind));
    PERFORM desk.check_input(kind <> 'vendor_contact' OR btrim(coalesce(vendor, '')) <> '',
        'vendor: name the vendor contacted');
    PERFORM desk.check_input(kind <> 'customer_update' OR next_update_due IS NOT NULL,
        'next update: say when the customer gets the next update');
    SELECT * INTO old FROM platform.escalations x WHERE x.id = update_escalation.escalation_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'escalation % does not exist', escalation_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(old.state <> 'closed', 'the escalation is closed');
    INSERT INTO platform.escalation_timeline (id, escalation_id, kind, body)
    VALUES (coalesce(entry_id, gen_random_uuid()), old.id, update_escalation.kind,
            CASE WHEN update_escalation.kind = 'vendor_contact'
                 THEN btrim(vendor) || ': ' || btrim(body) ELSE btrim(body) END);
    IF new_state IS NOT NULL AND new_state <> old.state THEN
        PERFORM desk.require_role('desk_ops');
        PERFORM desk.check_version('escalation ' || old.id, old.version, expected_version);
        PERFORM desk.check_input(new_state IN ('new', 'investigating', 'waiting_on_customer', 'waiting_on_vendor', 'resolved', 'closed'),
            format('state: unknown state %L', new_state));
        PERFORM desk.check_input(desk.escalation_step_allowed(old.state, new_state),
            format('state: an escalation that is %s cannot become %s',
                   replace(old.state, '_', ' '), replace(new_state, '_', ' ')));
        INSERT INTO platform.escalation_timeline (escalation_id, kind, body)
        VALUES (old.id, 'state_change', old.state || ' → ' || new_state);
    END IF;
    UPDATE platform.escalations x
       SET state = coalesce(new_state, x.state),
           next_update_due = CASE WHEN coalesce(new_state, x.state) IN ('resolved', 'closed') THEN NULL
                                  ELSE coalesce(update_escalation.next_update_due, x.next_update_due) END,
           root_cause = CASE WHEN update_escalation.kind = 'root_cause' THEN btrim(body) ELSE x.root_cause END,
           vendor = CASE WHEN update_escalation.kind = 'vendor_contact' THEN btrim(update_escalation.vendor) ELSE x.vendor END,
           resolution = CASE WHEN new_state = 'resolved' THEN btrim(body) ELSE x.resolution END,
           resolved_at = CASE WHEN new_state = 'resolved' THEN now()
                              WHEN new_state = 'investigating' THEN NULL
                              ELSE x.resolved_at END,
           kb_article_id = coalesce(update_escalation.kb_article_id, x.kb_article_id),
           csm_notified_at = CASE WHEN new_state = 'resolved' AND (desk.escalation_csm(x.tenant_id)).id IS NOT NULL
                                  THEN now() ELSE x.csm_notified_at END
     WHERE x.id = old.id RETURNING * INTO new;
    PERFORM desk.audit('escalation.update', 'escalation:' || old.id, to_jsonb(old), to_jsonb(new), body);
    IF new_state = 'resolved' AND old.state <> 'resolved' THEN
        PERFORM desk.mail_escalation_csm(new, 'was resolved');
    END IF;
    RETURN new;
END $$;

-- Resolves an escalation and, in the same step, writes the knowledge-base article from the
-- resolution, linked both ways (the article names the escalation; the escalation its article).
CREATE FUNCTION desk.resolve_escalation(escalation_id uuid, entry_id uuid, resolution text,
                                        article_id uuid, slug text, title text, body_md text, tags text[],
                                        expected_version integer DEFAULT NULL)
RETURNS platform.escalations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
BEGIN
    PERFORM desk.require_role('desk_ops');
    PERFORM desk.check_input(btrim(coalesce(resolution, '')) <> '', 'resolution: say how it was resolved');
    IF article_id IS NOT NULL THEN
        PERFORM desk.check_input(coalesce(slug, '') ~ '^[a-z0-9-]+$', 'slug: lower-case letters, digits and dashes');
        PERFORM desk.check_input(btrim(coalesce(title, '')) <> '', 'article title: an article needs a title');
        PERFORM desk.check_input(btrim(coalesce(body_md, '')) <> '', 'article: write the article');
        PERFORM desk.check_input(NOT EXISTS (SELECT 1 FROM platform.kb_articles k WHERE k.slug = resolve_escalation.slug),
            format('slug: an article %L already exists', slug));
        PERFORM desk.check_input(EXISTS (SELECT 1 FROM platform.escalations x WHERE x.id = resolve_escalation.escalation_id),
            format('escalation %s does not exist', escalation_id));
        PERFORM desk.save_kb_article(article_id, slug, title, body_md, tags, true, escalation_id, NULL);
    END IF;
    RETURN desk.update_escalation(escalation_id, entry_id, 'note', resolution, 'resolved', NULL,
                                  expected_version, NULL, article_id);
END $$;

-- Records the customer's satisfaction (1–5) once the escalation is resolved.
CREATE FUNCTION desk.record_satisfaction(escalation_id uuid, entry_id uuid, score integer, note text)
RETURNS platform.escalations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.escalations;
    new platform.escalations;
BEGIN
    PERFORM desk.require_role('desk_ops', 'desk_cs');
    PERFORM desk.check_input(score BETWEEN 1 AND 5, 'satisfaction: a score from 1 to 5');
    SELECT * INTO old FROM platform.escalations x WHERE x.id = record_satisfaction.escalation_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'escalation % does not exist', escalation_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(old.state IN ('resolved', 'closed'),
        'satisfaction: record it once the escalation is resolved');
    INSERT INTO platform.escalation_timeline (id, escalation_id, kind, body)
    VALUES (coalesce(entry_id, gen_random_uuid()), old.id, 'satisfaction',
            score || '/5' || coalesce(': ' || nullif(btrim(note), ''), ''));
    UPDATE platform.escalations x SET satisfaction = score, satisfaction_note = nullif(btrim(note), '')
     WHERE x.id = old.id RETURNING * INTO new;
    PERFORM desk.audit('escalation.satisfaction', 'escalation:' || old.id, to_jsonb(old), to_jsonb(new), note);
    RETURN new;
END $$;

-- Ops read the staff directory (to show and reach the tenant's CSM), as CS do since 0010.
GRANT SELECT (id, login, full_name, team, active) ON desk.staff TO desk_ops;
CREATE POLICY staff_directory_ops ON desk.staff FOR SELECT TO desk_ops USING (true);

REVOKE EXECUTE ON FUNCTION desk.request_deployment(text, text, text, text),
    desk.review_rollback(uuid, text, text),
    desk.update_escalation(uuid, uuid, text, text, text, timestamptz, integer, text, uuid),
    desk.resolve_escalation(uuid, uuid, text, uuid, text, text, text, text[], integer),
    desk.record_satisfaction(uuid, uuid, integer, text),
    desk.escalation_step_allowed(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.request_deployment(text, text, text, text), desk.review_rollback(uuid, text, text),
    desk.resolve_escalation(uuid, uuid, text, uuid, text, text, text, text[], integer) TO desk_ops;
GRANT EXECUTE ON FUNCTION desk.update_escalation(uuid, uuid, text, text, text, timestamptz, integer, text, uuid),
    desk.record_satisfaction(uuid, uuid, integer, text), desk.escalation_step_allowed(text, text) TO desk_ops, desk_cs;

-- The push entry point learns the escalation actions (the rest of it is as in 0012).
CREATE OR REPLACE FUNCTION desk.apply_change(idempotency_key uuid, action text, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    prior  desk.applied_changes;
    record jsonb;
    result jsonb;
    state  text;
    msg    text;
    detail text;
BEGIN
    PERFORM desk.check_input(apply_change.idempotency_key IS NOT NULL, 'a change needs its idempotency key');
    -- Two retries of the same change at once: the second waits for the first, then finds it.
    PERFORM pg_advisory_xact_lock(hashtextextended(apply_change.idempotency_key::text, 0));
    SELECT * INTO prior FROM desk.applied_changes a WHERE a.idempotency_key = apply_change.idempotency_key;
    IF FOUND THEN
        IF prior.login <> session_user::text THEN
            RAISE EXCEPTION 'change % was sent by someone else', apply_change.idempotency_key
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN prior.outcome || jsonb_build_object('replayed', true);
    END IF;

    BEGIN
        record := CASE action
            WHEN 'add_touchpoint' THEN to_jsonb(desk.add_touchpoint(
                (args->>'id')::uuid, (args->>'tenant_id')::uuid, args->>'kind', args->>'summary',
                args->>'outcome', args->>'next_step', (args->>'happened_at')::timestamptz))
            WHEN 'edit_touchpoint' THEN to_jsonb(desk.edit_touchpoint(
                (args->>'id')::uuid, args->>'summary', args->>'outcome', args->>'next_step',
                (args->>'expected_version')::integer))
            WHEN 'save_milestone' THEN to_jsonb(desk.save_milestone(
                (args->>'id')::uuid, (args->>'tenant_id')::uuid, args->>'title',
                (args->>'position')::integer, (args->>'due_on')::date, (args->>'expected_version')::integer))
            WHEN 'complete_milestone' THEN to_jsonb(desk.complete_milestone(
                (args->>'id')::uuid, (args->>'done')::boolean, (args->>'expected_version')::integer))
            WHEN 'ack_alert' THEN to_jsonb(desk.ack_alert(
                (args->>'alert_id')::bigint, (args->>'expected_version')::integer))
            WHEN 'resolve_alert' THEN to_jsonb(desk.resolve_alert(
                (args->>'alert_id')::bigint, coalesce((args->>'false_positive')::boolean, false),
                args->>'note', (args->>'expected_version')::integer))
            WHEN 'update_dispute' THEN to_jsonb(desk.update_dispute(
                (args->>'dispute_id')::bigint, args->>'status', args->>'evidence', args->>'reason',
                (args->>'expected_version')::integer))
            WHEN 'add_dunning_note' THEN to_jsonb(desk.add_dunning_note(
                (args->>'id')::uuid, (args->>'payment_id')::bigint, args->>'body',
                coalesce((args->>'follow_up_done')::boolean, false)))
            WHEN 'add_alert_note' THEN to_jsonb(desk.add_alert_note(
                (args->>'id')::uuid, (args->>'alert_id')::bigint, args->>'body'))
            WHEN 'open_escalation' THEN to_jsonb(desk.open_escalation(
                (args->>'id')::uuid, (args->>'tenant_id')::uuid, args->>'title', args->>'severity',
                args->>'category', args->>'reporter_context'))
            WHEN 'update_escalation' THEN to_jsonb(desk.update_escalation(
                (args->>'escalation_id')::uuid, (args->>'entry_id')::uuid, args->>'kind', args->>'body',
                args->>'new_state', (args->>'next_update_due')::timestamptz,
                (args->>'expected_version')::integer, args->>'vendor', NULL))
            WHEN 'resolve_escalation' THEN to_jsonb(desk.resolve_escalation(
                (args->>'escalation_id')::uuid, (args->>'entry_id')::uuid, args->>'resolution',
                (args->>'article_id')::uuid, args->>'slug', args->>'title', args->>'body_md',
                ARRAY(SELECT jsonb_array_elements_text(coalesce(args->'tags', '[]'))),
                (args->>'expected_version')::integer))
            WHEN 'record_satisfaction' THEN to_jsonb(desk.record_satisfaction(
                (args->>'escalation_id')::uuid, (args->>'entry_id')::uuid, (args->>'score')::integer,
                args->>'note'))
            ELSE NULL
        END;
        IF record IS NULL THEN
            RAISE EXCEPTION 'unknown action %', action USING ERRCODE = 'invalid_parameter_value';
        END IF;
        result := jsonb_build_object('status', 'applied', 'record', record);
    EXCEPTION
        WHEN SQLSTATE 'PD409' OR insufficient_privilege OR no_data_found
             OR invalid_parameter_value OR data_exception OR integrity_constraint_violation THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
            result := jsonb_build_object(
                'status', 'refused',
                'reason', CASE
                    WHEN state = 'PD409' THEN 'conflict'
                    WHEN state = '42501' THEN 'permission'
                    WHEN state = 'P0002' THEN 'notFound'
                    ELSE 'validation' END,
                'message', msg,
                'detail', nullif(detail, ''));
    END;
    INSERT INTO desk.applied_changes (idempotency_key, login, action, outcome)
    VALUES (apply_change.idempotency_key, session_user, action, result);
    RETURN result;
END $$;

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 12 $$;
