-- The one entry point through which a laptop pushes a queued change: a command (an action
-- name and its arguments) with an idempotency key. The key is recorded in the same
-- transaction as the change, so a retry after a lost reply returns the first outcome instead
-- of applying twice. A refusal (conflict, permission, validation, not found) is recorded the
-- same way and returned as a typed outcome the desk shows on the record.
--
-- This is the last migration of schema version 3.

CREATE FUNCTION desk.apply_change(idempotency_key uuid, action text, args jsonb)
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
REVOKE EXECUTE ON FUNCTION desk.apply_change(uuid, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.apply_change(uuid, text, jsonb)
    TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 3 $$;
