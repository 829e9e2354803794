-- Dunning follow-up: finance's notes on a failed payment ("called the customer, card
-- replaced, retry Friday") and whether the follow-up is done. Written on a laptop, offline
-- too, and pushed later through desk.apply_change, so every note has a uuid key the laptop
-- generates and desk.add_dunning_note is idempotent on it. Notes are never edited: a later
-- note supersedes an earlier one (the latest note says whether the follow-up is done).
--
-- Only desk_finance reads and writes them. The author is kept as the login (finance does not
-- read the staff directory).
--
-- This is the last migration of schema version 5.

CREATE TABLE platform.dunning_notes (
    id             uuid PRIMARY KEY,
    payment_id     bigint NOT NULL REFERENCES platform.payments,
    author_login   text NOT NULL DEFAULT session_user,
    body           text NOT NULL DEFAULT '',
    follow_up_done boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (btrim(body) <> '' OR follow_up_done)
);
CREATE INDEX dunning_notes_payment ON platform.dunning_notes (payment_id, created_at);
SELECT desk.track('dunning_notes', 'platform.dunning_notes', ARRAY['id'], 'Finance follow-up notes on failed payments');
GRANT SELECT ON platform.dunning_notes TO desk_finance;

-- Records a follow-up note on a failed payment. Idempotent: the same id again returns the
-- first note (when it is the caller's).
CREATE FUNCTION desk.add_dunning_note(id uuid, payment_id bigint, body text, follow_up_done boolean)
RETURNS platform.dunning_notes
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    n platform.dunning_notes;
    pay platform.payments;
BEGIN
    PERFORM desk.require_role('desk_finance');
    PERFORM desk.check_input(add_dunning_note.id IS NOT NULL, 'a note needs its id');
    SELECT * INTO n FROM platform.dunning_notes x WHERE x.id = add_dunning_note.id;
    IF FOUND THEN
        IF n.author_login <> session_user::text THEN
            RAISE EXCEPTION 'note % belongs to someone else', n.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN n;
    END IF;
    SELECT * INTO pay FROM platform.payments p WHERE p.id = add_dunning_note.payment_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payment % does not exist', payment_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_input(pay.status = 'failed', format('payment %s did not fail', pay.id));
    PERFORM desk.check_input(btrim(coalesce(body, '')) <> '' OR coalesce(follow_up_done, false),
        'a note needs some text, or marks the follow-up done');
    PERFORM desk.check_input(length(coalesce(body, '')) <= 4000, 'a note is at most 4000 characters');
    INSERT INTO platform.dunning_notes (id, payment_id, body, follow_up_done)
    VALUES (add_dunning_note.id, pay.id, btrim(coalesce(add_dunning_note.body, '')),
            coalesce(add_dunning_note.follow_up_done, false))
    RETURNING * INTO n;
    PERFORM desk.audit('dunning.note', 'payment:' || pay.id, NULL, to_jsonb(n), NULL);
    RETURN n;
END $$;
REVOKE EXECUTE ON FUNCTION desk.add_dunning_note(uuid, bigint, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.add_dunning_note(uuid, bigint, text, boolean) TO desk_finance;

-- The push entry point learns the new action (the rest of it is as in 0009).
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
LANGUAGE sql STABLE AS $$ SELECT 5 $$;
