-- Alerts, the desk side: investigation notes on an alert ("checked the relay pool, queue
-- draining since 10:05"), written on a laptop, offline too, pushed later through
-- desk.apply_change, so each note has a uuid key the laptop generates and
-- desk.add_alert_note is idempotent on it. A note is visible to whoever sees its alert (the
-- alert's team and admins): the policy asks the alerts table, whose own policy decides.
--
-- Acknowledging or resolving an alert someone else already acknowledged or resolved is now
-- refused as a conflict naming who did it and when, before the version check, so the member
-- reads "already resolved by sandbox_ops at 10:02 UTC" rather than "changed since you loaded
-- it".
--
-- This is the last migration of schema version 6.

CREATE TABLE platform.alert_notes (
    id           uuid PRIMARY KEY,
    alert_id     bigint NOT NULL REFERENCES platform.alerts,
    author_login text NOT NULL DEFAULT session_user,
    body         text NOT NULL CHECK (btrim(body) <> '' AND length(body) <= 4000),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_notes_alert ON platform.alert_notes (alert_id, created_at);
SELECT desk.track('alert_notes', 'platform.alert_notes', ARRAY['id'], 'Investigation notes on alerts');
GRANT SELECT ON platform.alert_notes TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;
ALTER TABLE platform.alert_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.alert_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_notes_by_alert ON platform.alert_notes FOR SELECT
    USING (alert_id IN (SELECT a.id FROM platform.alerts a));

-- Records an investigation note on an alert the caller may act on. Idempotent: the same id
-- again returns the first note (when it is the caller's).
CREATE FUNCTION desk.add_alert_note(id uuid, alert_id bigint, body text)
RETURNS platform.alert_notes
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    n platform.alert_notes;
    a platform.alerts;
BEGIN
    PERFORM desk.require_role('desk_ops', 'desk_security', 'desk_admin', 'desk_finance', 'desk_cs');
    PERFORM desk.check_input(add_alert_note.id IS NOT NULL, 'a note needs its id');
    SELECT * INTO n FROM platform.alert_notes x WHERE x.id = add_alert_note.id;
    IF FOUND THEN
        IF n.author_login <> session_user::text THEN
            RAISE EXCEPTION 'note % belongs to someone else', n.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN n;
    END IF;
    a := desk.alert_for_update(add_alert_note.alert_id);
    PERFORM desk.check_input(btrim(coalesce(body, '')) <> '', 'a note needs some text');
    PERFORM desk.check_input(length(body) <= 4000, 'a note is at most 4000 characters');
    INSERT INTO platform.alert_notes (id, alert_id, body)
    VALUES (add_alert_note.id, a.id, btrim(add_alert_note.body))
    RETURNING * INTO n;
    PERFORM desk.audit('alert.note', 'alert:' || a.id, NULL, to_jsonb(n), NULL);
    RETURN n;
END $$;
REVOKE EXECUTE ON FUNCTION desk.add_alert_note(uuid, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.add_alert_note(uuid, bigint, text)
    TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

-- Who got there first, for a refusal: "acknowledged by x at 10:02 UTC".
CREATE FUNCTION desk.alert_taken(a platform.alerts) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT CASE a.status
        WHEN 'resolved' THEN format('alert %s was already resolved%s by %s at %s UTC', a.id,
            CASE WHEN a.false_positive THEN ' as a false positive' ELSE '' END,
            a.resolved_by, to_char(a.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'))
        ELSE format('alert %s was already acknowledged by %s at %s UTC', a.id,
            a.acknowledged_by, to_char(a.acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'))
    END
$$;
REVOKE EXECUTE ON FUNCTION desk.alert_taken(platform.alerts) FROM PUBLIC;

CREATE OR REPLACE FUNCTION desk.ack_alert(alert_id bigint, expected_version integer DEFAULT NULL)
RETURNS platform.alerts
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.alerts;
    new platform.alerts;
BEGIN
    PERFORM desk.require_role('desk_ops', 'desk_security', 'desk_admin', 'desk_finance', 'desk_cs');
    old := desk.alert_for_update(alert_id);
    IF old.status <> 'triggered' THEN
        RAISE EXCEPTION '%', desk.alert_taken(old)
            USING ERRCODE = 'PD409', DETAIL = format('status=%s', old.status);
    END IF;
    PERFORM desk.check_version('alert ' || old.id, old.version, expected_version);
    UPDATE platform.alerts x SET status = 'acknowledged', acknowledged_by = session_user, acknowledged_at = now()
     WHERE x.id = old.id RETURNING * INTO new;
    PERFORM desk.audit('alert.ack', 'alert:' || old.id, to_jsonb(old), to_jsonb(new), NULL);
    RETURN new;
END $$;

CREATE OR REPLACE FUNCTION desk.resolve_alert(alert_id bigint, false_positive boolean, note text, expected_version integer DEFAULT NULL)
RETURNS platform.alerts
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.alerts;
    new platform.alerts;
BEGIN
    PERFORM desk.require_role('desk_ops', 'desk_security', 'desk_admin', 'desk_finance', 'desk_cs');
    old := desk.alert_for_update(alert_id);
    IF old.status = 'resolved' THEN
        RAISE EXCEPTION '%', desk.alert_taken(old)
            USING ERRCODE = 'PD409', DETAIL = format('status=%s', old.status);
    END IF;
    -- Acknowledged by someone since the member loaded it: resolving still helps, so the
    -- version only guards against a concurrent resolve (handled above).
    UPDATE platform.alerts x
       SET status = 'resolved',
           false_positive = coalesce(resolve_alert.false_positive, false),
           acknowledged_by = coalesce(x.acknowledged_by, session_user),
           acknowledged_at = coalesce(x.acknowledged_at, now()),
           resolved_by = session_user, resolved_at = now()
     WHERE x.id = old.id RETURNING * INTO new;
    PERFORM desk.audit('alert.resolve', 'alert:' || old.id, to_jsonb(old), to_jsonb(new), note);
    RETURN new;
END $$;

-- The push entry point learns the new action (the rest of it is as in 0011).
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
LANGUAGE sql STABLE AS $$ SELECT 6 $$;
