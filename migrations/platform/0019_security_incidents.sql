-- Security incident response as the security engineers run it (issue 10): the incident types
-- they classify by, the response team proposed from the type (a setting per type), containment
-- as a checklist with who and when, evidence stored in the platform with its SHA-256 and size
-- and a chain of custody recording every later access (the hash is re-checked on every
-- opening), the 72-hour regulatory clock of a confirmed data breach, false positives closed
-- with their reason, and lessons learned with follow-up actions at closure. As in 0005, only
-- desk_security may read or write any of it.

-- ---------------------------------------------------------------------------------------------
-- The types the security team classifies by.
ALTER TABLE platform.security_incidents DROP CONSTRAINT security_incidents_type_check;
UPDATE platform.security_incidents SET type = 'credential_compromise' WHERE type = 'account_takeover';
UPDATE platform.security_incidents SET type = 'other' WHERE type IN ('abuse', 'vulnerability');
ALTER TABLE platform.security_incidents ADD CONSTRAINT security_incidents_type_check
    CHECK (type IN ('credential_compromise', 'phishing', 'malware', 'dos', 'data_breach', 'insider', 'other'));

ALTER TABLE platform.incident_timeline ALTER COLUMN at SET DEFAULT clock_timestamp();  -- entries of one step keep their order

ALTER TABLE platform.security_incidents
    ADD COLUMN response_team         text[] NOT NULL DEFAULT '{}',   -- logins
    ADD COLUMN resolved_at           timestamptz,                    -- first reached recovered
    ADD COLUMN breach_confirmed_at   timestamptz,                    -- starts the 72-hour clock
    ADD COLUMN authority_notified_at timestamptz,
    ADD COLUMN authority_reference   text,                           -- the authority's case number
    ADD COLUMN false_positive_reason text;

-- Timeline kinds for what this migration adds.
ALTER TABLE platform.incident_timeline DROP CONSTRAINT incident_timeline_kind_check;
ALTER TABLE platform.incident_timeline ADD CONSTRAINT incident_timeline_kind_check
    CHECK (kind IN ('note', 'classification', 'containment', 'evidence', 'status_change', 'lesson',
                    'team', 'breach', 'authority_notified', 'custody', 'evidence_mismatch', 'follow_up'));

-- ---------------------------------------------------------------------------------------------
-- The response team proposed for each type: a setting per type naming desk roles (comma
-- separated); the active staff holding one of them are proposed.
INSERT INTO platform.platform_settings (key, description, value_type, min_value, max_value, current_version) VALUES
    ('security.response_team.credential_compromise', 'Desk roles proposed as the response team of a credential compromise (comma separated)', 'string', NULL, NULL, 1),
    ('security.response_team.phishing', 'Desk roles proposed as the response team of a phishing incident (comma separated)', 'string', NULL, NULL, 1),
    ('security.response_team.malware', 'Desk roles proposed as the response team of a malware incident (comma separated)', 'string', NULL, NULL, 1),
    ('security.response_team.dos', 'Desk roles proposed as the response team of a denial of service (comma separated)', 'string', NULL, NULL, 1),
    ('security.response_team.data_breach', 'Desk roles proposed as the response team of a data breach (comma separated)', 'string', NULL, NULL, 1),
    ('security.response_team.insider', 'Desk roles proposed as the response team of an insider incident (comma separated)', 'string', NULL, NULL, 1),
    ('security.response_team.other', 'Desk roles proposed as the response team of any other incident (comma separated)', 'string', NULL, NULL, 1)
ON CONFLICT (key) DO NOTHING;
INSERT INTO platform.platform_setting_versions (key, version, value, rationale) VALUES
    ('security.response_team.credential_compromise', 1, '"desk_security,desk_admin"', 'initial value (migration 0019)'),
    ('security.response_team.phishing', 1, '"desk_security,desk_cs"', 'initial value (migration 0019)'),
    ('security.response_team.malware', 1, '"desk_security,desk_ops"', 'initial value (migration 0019)'),
    ('security.response_team.dos', 1, '"desk_security,desk_ops"', 'initial value (migration 0019)'),
    ('security.response_team.data_breach', 1, '"desk_security,desk_admin,desk_cs"', 'initial value (migration 0019)'),
    ('security.response_team.insider', 1, '"desk_security,desk_admin"', 'initial value (migration 0019)'),
    ('security.response_team.other', 1, '"desk_security"', 'initial value (migration 0019)')
ON CONFLICT DO NOTHING;
-- Both environments hold the value (0015 keeps one version per environment).
INSERT INTO platform.setting_environments (key, environment, version)
SELECT s.key, e.environment, 1
  FROM platform.platform_settings s
 CROSS JOIN (VALUES ('staging'), ('production')) AS e (environment)
 WHERE s.key LIKE 'security.response_team.%'
ON CONFLICT DO NOTHING;

-- The active staff proposed for an incident of `type`, from its setting.
CREATE FUNCTION desk.proposed_response_team(type text)
RETURNS TABLE (login text, full_name text, roles text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(proposed_response_team.type IN
        ('credential_compromise', 'phishing', 'malware', 'dos', 'data_breach', 'insider', 'other'),
        format('unknown incident type %L', proposed_response_team.type));
    RETURN QUERY
    SELECT s.login, s.full_name, s.roles
      FROM desk.staff s
     WHERE s.active
       AND s.roles && ARRAY(
            SELECT btrim(r) FROM unnest(string_to_array(
                coalesce(desk.setting_in('security.response_team.' || proposed_response_team.type, 'production'),
                         desk.setting_value('security.response_team.' || proposed_response_team.type)) #>> '{}', ',')) AS r
             WHERE btrim(r) <> '')
     ORDER BY 'desk_security' <> ALL (s.roles), s.full_name;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Containment as a checklist: each step with who does it, and who did it when.
CREATE TABLE platform.incident_containment_steps (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    incident_id uuid NOT NULL REFERENCES platform.security_incidents,
    position    integer NOT NULL,
    step        text NOT NULL CHECK (btrim(step) <> ''),
    assignee    text,                                   -- login
    added_by    text NOT NULL DEFAULT session_user,
    added_at    timestamptz NOT NULL DEFAULT now(),
    done_by     text,
    done_at     timestamptz,
    version     integer NOT NULL DEFAULT 1,
    CHECK ((done_by IS NULL) = (done_at IS NULL)),
    UNIQUE (incident_id, position)
);
CREATE TRIGGER incident_containment_steps_bump_version BEFORE UPDATE ON platform.incident_containment_steps
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('incident_containment_steps', 'platform.incident_containment_steps', ARRAY['id'], 'Security incident containment checklists');

-- ---------------------------------------------------------------------------------------------
-- Evidence: what was collected (tracked, so the desk lists it offline), its bytes (never
-- synced, reachable only through desk.open_evidence, which records the access), and the chain
-- of custody (append-only).
CREATE TABLE platform.incident_evidence (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    incident_id  uuid NOT NULL REFERENCES platform.security_incidents,
    file_name    text NOT NULL CHECK (btrim(file_name) <> ''),
    media_type   text NOT NULL DEFAULT 'application/octet-stream',
    description  text NOT NULL DEFAULT '',
    size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    collected_by text NOT NULL DEFAULT session_user,
    collected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_evidence_incident ON platform.incident_evidence (incident_id, collected_at);
CREATE TRIGGER incident_evidence_append_only BEFORE UPDATE OR DELETE ON platform.incident_evidence
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('platform.incident_evidence');
CREATE TRIGGER incident_evidence_no_truncate BEFORE TRUNCATE ON platform.incident_evidence
    FOR EACH STATEMENT EXECUTE FUNCTION desk.refuse_rewrite('platform.incident_evidence');
SELECT desk.track('incident_evidence', 'platform.incident_evidence', ARRAY['id'], 'Security incident evidence (what was collected, its hash and size)');

CREATE TABLE platform.incident_evidence_content (
    evidence_id uuid PRIMARY KEY REFERENCES platform.incident_evidence,
    content     bytea NOT NULL
);
CREATE TRIGGER incident_evidence_content_append_only BEFORE UPDATE OR DELETE ON platform.incident_evidence_content
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('platform.incident_evidence_content');
CREATE TRIGGER incident_evidence_content_no_truncate BEFORE TRUNCATE ON platform.incident_evidence_content
    FOR EACH STATEMENT EXECUTE FUNCTION desk.refuse_rewrite('platform.incident_evidence_content');

CREATE TABLE platform.evidence_custody (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    evidence_id  uuid NOT NULL REFERENCES platform.incident_evidence,
    at           timestamptz NOT NULL DEFAULT now(),
    login        text NOT NULL DEFAULT session_user,
    action       text NOT NULL CHECK (action IN ('collected', 'opened', 'exported')),
    purpose      text NOT NULL DEFAULT '',
    -- the SHA-256 of the stored bytes at that moment, and whether it matched the recorded one
    sha256_seen  text NOT NULL,
    hash_matched boolean NOT NULL
);
CREATE INDEX evidence_custody_evidence ON platform.evidence_custody (evidence_id, at);
CREATE TRIGGER evidence_custody_append_only BEFORE UPDATE OR DELETE ON platform.evidence_custody
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('platform.evidence_custody');
CREATE TRIGGER evidence_custody_no_truncate BEFORE TRUNCATE ON platform.evidence_custody
    FOR EACH STATEMENT EXECUTE FUNCTION desk.refuse_rewrite('platform.evidence_custody');
SELECT desk.track('evidence_custody', 'platform.evidence_custody', ARRAY['id'], 'Chain of custody of security incident evidence');

-- ---------------------------------------------------------------------------------------------
-- Follow-up actions decided at closure (or before it).
CREATE TABLE platform.incident_followups (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    incident_id uuid NOT NULL REFERENCES platform.security_incidents,
    action      text NOT NULL CHECK (btrim(action) <> ''),
    owner       text NOT NULL CHECK (btrim(owner) <> ''),   -- login
    due_on      date,
    added_by    text NOT NULL DEFAULT session_user,
    added_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_followups_incident ON platform.incident_followups (incident_id);
SELECT desk.track('incident_followups', 'platform.incident_followups', ARRAY['id'], 'Security incident follow-up actions');

GRANT SELECT ON platform.incident_containment_steps, platform.incident_evidence, platform.evidence_custody,
    platform.incident_followups TO desk_security;

-- ---------------------------------------------------------------------------------------------
-- An incident of the security team, for update: NotFound when it does not exist, PD409 when
-- `expected_version` is stale.
CREATE FUNCTION desk.incident_for_update(incident_id uuid, expected_version integer)
RETURNS platform.security_incidents
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE i platform.security_incidents;
BEGIN
    SELECT * INTO i FROM platform.security_incidents s WHERE s.id = incident_for_update.incident_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'incident % does not exist', incident_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_version('incident ' || i.title, i.version, expected_version);
    RETURN i;
END $$;
REVOKE EXECUTE ON FUNCTION desk.incident_for_update(uuid, integer) FROM PUBLIC;

-- Opens an incident (from an alert or by hand) with its response team (logins of active
-- staff; the desk proposes them from the type).
DROP FUNCTION desk.open_incident(uuid, text, text, text, text, bigint);
CREATE FUNCTION desk.open_incident(id uuid, title text, type text, severity text, summary text,
                                   alert_id bigint DEFAULT NULL, response_team text[] DEFAULT '{}')
RETURNS platform.security_incidents
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    i platform.security_incidents;
    unknown text[];
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(btrim(coalesce(title, '')) <> '', 'an incident needs a title');
    PERFORM desk.check_input(severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4'), format('unknown severity %L', severity));
    PERFORM desk.check_input(type IN ('credential_compromise', 'phishing', 'malware', 'dos', 'data_breach', 'insider', 'other'),
        format('unknown incident type %L', type));
    PERFORM desk.check_input(open_incident.alert_id IS NULL
        OR EXISTS (SELECT 1 FROM platform.alerts a WHERE a.id = open_incident.alert_id),
        format('alert %s does not exist', open_incident.alert_id));
    SELECT array_agg(m) INTO unknown FROM unnest(coalesce(response_team, '{}')) AS m
     WHERE NOT EXISTS (SELECT 1 FROM desk.staff s WHERE s.login = m AND s.active);
    PERFORM desk.check_input(unknown IS NULL,
        format('the response team names %s, who %s not active staff', array_to_string(unknown, ', '),
               CASE WHEN cardinality(unknown) = 1 THEN 'is' ELSE 'are' END));
    INSERT INTO platform.security_incidents (id, title, type, severity, summary, alert_id, lead,
                                             response_team, customer_data_affected)
    VALUES (coalesce(open_incident.id, gen_random_uuid()), btrim(open_incident.title), open_incident.type,
            open_incident.severity, btrim(coalesce(open_incident.summary, '')), open_incident.alert_id,
            desk.current_staff_id(),
            ARRAY(SELECT DISTINCT m FROM unnest(coalesce(open_incident.response_team, '{}')) AS m ORDER BY 1),
            open_incident.type = 'data_breach')
    RETURNING * INTO i;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (i.id, 'classification', format('opened as %s %s%s', i.severity, replace(i.type, '_', ' '),
            CASE WHEN i.alert_id IS NULL THEN '' ELSE format(' from alert #%s', i.alert_id) END));
    IF cardinality(i.response_team) > 0 THEN
        INSERT INTO platform.incident_timeline (incident_id, kind, body)
        VALUES (i.id, 'team', 'response team: ' || array_to_string(i.response_team, ', '));
    END IF;
    PERFORM desk.audit('incident.open', 'incident:' || i.id, NULL, to_jsonb(i), NULL);
    RETURN i;
END $$;

-- Reclassifies an incident (type and severity), with the reason on the timeline.
CREATE FUNCTION desk.classify_incident(incident_id uuid, type text, severity text, reason text,
                                       expected_version integer DEFAULT NULL)
RETURNS platform.security_incidents
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.security_incidents;
    new platform.security_incidents;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4'), format('unknown severity %L', severity));
    PERFORM desk.check_input(type IN ('credential_compromise', 'phishing', 'malware', 'dos', 'data_breach', 'insider', 'other'),
        format('unknown incident type %L', type));
    PERFORM desk.check_input(btrim(coalesce(reason, '')) <> '', 'a reclassification needs its reason');
    old := desk.incident_for_update(incident_id, expected_version);
    UPDATE platform.security_incidents s
       SET type = classify_incident.type, severity = classify_incident.severity,
           customer_data_affected = s.customer_data_affected OR classify_incident.type = 'data_breach'
     WHERE s.id = old.id RETURNING * INTO new;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (old.id, 'classification', format('%s %s → %s %s: %s', old.severity, replace(old.type, '_', ' '),
            new.severity, replace(new.type, '_', ' '), btrim(reason)));
    PERFORM desk.audit('incident.classify', 'incident:' || old.id, to_jsonb(old), to_jsonb(new), reason);
    RETURN new;
END $$;

-- Appends a note or lesson to the timeline (evidence goes through desk.attach_evidence, and
-- containment through the checklist).
DROP FUNCTION desk.add_incident_entry(uuid, uuid, text, text, text, text);
CREATE FUNCTION desk.add_incident_entry(incident_id uuid, entry_id uuid, kind text, body text)
RETURNS platform.incident_timeline
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE e platform.incident_timeline;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(kind IN ('note', 'lesson'), format('unknown entry kind %L (notes and lessons only)', kind));
    PERFORM desk.check_input(btrim(coalesce(body, '')) <> '', 'a timeline entry needs text');
    PERFORM desk.check_input(EXISTS (SELECT 1 FROM platform.security_incidents s WHERE s.id = add_incident_entry.incident_id),
        format('incident %s does not exist', incident_id));
    INSERT INTO platform.incident_timeline (id, incident_id, kind, body)
    VALUES (coalesce(entry_id, gen_random_uuid()), add_incident_entry.incident_id, add_incident_entry.kind,
            btrim(add_incident_entry.body))
    RETURNING * INTO e;
    PERFORM desk.audit('incident.entry', 'incident:' || e.incident_id, NULL, to_jsonb(e), NULL);
    RETURN e;
END $$;

-- Adds a containment step to the checklist.
CREATE FUNCTION desk.add_containment_step(incident_id uuid, step_id uuid, step text, assignee text)
RETURNS platform.incident_containment_steps
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    i platform.security_incidents;
    c platform.incident_containment_steps;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(btrim(coalesce(step, '')) <> '', 'a containment step needs its text');
    PERFORM desk.check_input(assignee IS NULL OR EXISTS (SELECT 1 FROM desk.staff s WHERE s.login = assignee AND s.active),
        format('%s is not active staff', assignee));
    i := desk.incident_for_update(incident_id, NULL);
    PERFORM desk.check_input(i.status NOT IN ('closed', 'false_positive'),
        format('incident %s is %s; it takes no more containment steps', i.title, replace(i.status, '_', ' ')));
    INSERT INTO platform.incident_containment_steps (id, incident_id, position, step, assignee)
    VALUES (coalesce(step_id, gen_random_uuid()), i.id,
            coalesce((SELECT max(position) + 1 FROM platform.incident_containment_steps x WHERE x.incident_id = i.id), 1),
            btrim(step), nullif(btrim(assignee), ''))
    RETURNING * INTO c;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (i.id, 'containment', format('step %s added: %s%s', c.position, c.step,
            coalesce(' (assigned to ' || c.assignee || ')', '')));
    PERFORM desk.audit('incident.containment_step', 'incident:' || i.id, NULL, to_jsonb(c), NULL);
    RETURN c;
END $$;

-- Ticks a containment step off (who and when are recorded); `note` says what was done.
CREATE FUNCTION desk.complete_containment_step(step_id uuid, note text, expected_version integer DEFAULT NULL)
RETURNS platform.incident_containment_steps
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.incident_containment_steps;
    new platform.incident_containment_steps;
BEGIN
    PERFORM desk.require_role('desk_security');
    SELECT * INTO old FROM platform.incident_containment_steps c WHERE c.id = step_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'containment step % does not exist', step_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_version('containment step ' || old.position, old.version, expected_version);
    PERFORM desk.check_input(old.done_at IS NULL,
        format('step %s was done by %s at %s', old.position, old.done_by, old.done_at));
    UPDATE platform.incident_containment_steps c SET done_by = session_user, done_at = now()
     WHERE c.id = old.id RETURNING * INTO new;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (old.incident_id, 'containment', format('step %s done: %s%s', old.position, old.step,
            coalesce(' — ' || nullif(btrim(note), ''), '')));
    PERFORM desk.audit('incident.containment_done', 'incident:' || old.incident_id, to_jsonb(old), to_jsonb(new), note);
    RETURN new;
END $$;

-- Stores a piece of evidence. The desk sends the bytes with the SHA-256 it computed; the
-- platform recomputes it and refuses a mismatch (the file changed on the way).
CREATE FUNCTION desk.attach_evidence(incident_id uuid, evidence_id uuid, file_name text, media_type text,
                                     description text, content bytea, sha256 text)
RETURNS platform.incident_evidence
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    i platform.security_incidents;
    e platform.incident_evidence;
    digest text;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(btrim(coalesce(file_name, '')) <> '', 'evidence needs its file name');
    PERFORM desk.check_input(content IS NOT NULL, 'evidence needs its content');
    PERFORM desk.check_input(length(content) <= 50 * 1024 * 1024,
        format('%s is %s MB; evidence is limited to 50 MB per file', file_name, round(length(content) / 1048576.0, 1)));
    digest := encode(pg_catalog.sha256(content), 'hex');
    PERFORM desk.check_input(lower(coalesce(sha256, '')) = digest,
        format('%s arrived with SHA-256 %s but was sent as %s; it changed on the way and was not stored',
               file_name, digest, coalesce(sha256, 'nothing')));
    i := desk.incident_for_update(incident_id, NULL);
    INSERT INTO platform.incident_evidence (id, incident_id, file_name, media_type, description, size_bytes, sha256)
    VALUES (coalesce(evidence_id, gen_random_uuid()), i.id, btrim(file_name),
            coalesce(nullif(btrim(media_type), ''), 'application/octet-stream'),
            btrim(coalesce(description, '')), length(content), digest)
    RETURNING * INTO e;
    INSERT INTO platform.incident_evidence_content (evidence_id, content) VALUES (e.id, content);
    INSERT INTO platform.evidence_custody (evidence_id, action, purpose, sha256_seen, hash_matched)
    VALUES (e.id, 'collected', e.description, digest, true);
    INSERT INTO platform.incident_timeline (incident_id, kind, body, evidence_sha256, evidence_ref)
    VALUES (i.id, 'evidence', format('%s (%s bytes) collected by %s', e.file_name, e.size_bytes, e.collected_by),
            digest, 'evidence:' || e.id);
    PERFORM desk.audit('incident.evidence', 'incident:' || i.id, NULL, to_jsonb(e), NULL);
    RETURN e;
END $$;

-- Opens a piece of evidence: the bytes, the recorded hash and the hash of the bytes as stored
-- now. Every opening is written to the chain of custody, with whether the hash still matched;
-- a mismatch is also put on the incident's timeline.
CREATE FUNCTION desk.open_evidence(evidence_id uuid, purpose text)
RETURNS TABLE (file_name text, media_type text, size_bytes bigint, recorded_sha256 text,
               stored_sha256 text, content bytea, custody_id bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    e platform.incident_evidence;
    bytes bytea;
    digest text;
    custody bigint;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(btrim(coalesce(purpose, '')) <> '', 'say why the evidence is opened (the chain of custody records it)');
    SELECT * INTO e FROM platform.incident_evidence x WHERE x.id = open_evidence.evidence_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'evidence % does not exist', evidence_id USING ERRCODE = 'no_data_found';
    END IF;
    SELECT c.content INTO bytes FROM platform.incident_evidence_content c WHERE c.evidence_id = e.id;
    digest := CASE WHEN bytes IS NULL THEN 'missing' ELSE encode(pg_catalog.sha256(bytes), 'hex') END;
    INSERT INTO platform.evidence_custody (evidence_id, action, purpose, sha256_seen, hash_matched)
    VALUES (e.id, 'opened', btrim(purpose), digest, digest = e.sha256)
    RETURNING id INTO custody;
    IF digest <> e.sha256 THEN
        INSERT INTO platform.incident_timeline (incident_id, kind, body, evidence_sha256, evidence_ref)
        VALUES (e.incident_id, 'evidence_mismatch',
                format('%s no longer matches its recorded SHA-256: recorded %s, stored now %s (opened by %s)',
                       e.file_name, e.sha256, digest, session_user),
                e.sha256, 'evidence:' || e.id);
    END IF;
    PERFORM desk.audit('incident.evidence_opened', 'incident:' || e.incident_id, NULL,
                       jsonb_build_object('evidence_id', e.id, 'hash_matched', digest = e.sha256), purpose);
    RETURN QUERY SELECT e.file_name, e.media_type, e.size_bytes, e.sha256, digest, bytes, custody;
END $$;

-- Confirms a data breach: starts the 72-hour clock to notify the authority (the incident
-- becomes a data breach with customer data affected).
CREATE FUNCTION desk.confirm_breach(incident_id uuid, note text, expected_version integer DEFAULT NULL)
RETURNS platform.security_incidents
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.security_incidents;
    new platform.security_incidents;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(btrim(coalesce(note, '')) <> '', 'say what confirmed the breach');
    old := desk.incident_for_update(incident_id, expected_version);
    PERFORM desk.check_input(old.breach_confirmed_at IS NULL,
        format('the breach was confirmed at %s', old.breach_confirmed_at));
    PERFORM desk.check_input(old.status <> 'false_positive', 'a false positive is not a breach');
    UPDATE platform.security_incidents s
       SET breach_confirmed_at = now(), type = 'data_breach', customer_data_affected = true
     WHERE s.id = old.id RETURNING * INTO new;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (old.id, 'breach', format('data breach confirmed: %s; the authority must be notified by %s',
            btrim(note), to_char((new.breach_confirmed_at + interval '72 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')));
    PERFORM desk.audit('incident.breach_confirmed', 'incident:' || old.id, to_jsonb(old), to_jsonb(new), note);
    RETURN new;
END $$;

-- Records that the authority was notified (stops the clock), with its case reference.
CREATE FUNCTION desk.record_authority_notified(incident_id uuid, reference text, expected_version integer DEFAULT NULL)
RETURNS platform.security_incidents
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.security_incidents;
    new platform.security_incidents;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(btrim(coalesce(reference, '')) <> '', 'the notification needs the authority''s reference');
    old := desk.incident_for_update(incident_id, expected_version);
    PERFORM desk.check_input(old.breach_confirmed_at IS NOT NULL, 'only a confirmed breach is notified to the authority');
    PERFORM desk.check_input(old.authority_notified_at IS NULL,
        format('the authority was notified at %s', old.authority_notified_at));
    UPDATE platform.security_incidents s SET authority_notified_at = now(), authority_reference = btrim(reference)
     WHERE s.id = old.id RETURNING * INTO new;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (old.id, 'authority_notified', format('authority notified (%s), %s after the breach was confirmed',
            new.authority_reference, justify_interval(date_trunc('minute', new.authority_notified_at - new.breach_confirmed_at))));
    PERFORM desk.audit('incident.authority_notified', 'incident:' || old.id, to_jsonb(old), to_jsonb(new), reference);
    RETURN new;
END $$;

-- Moves an incident along detected → investigating → contained → eradicated → recovered
-- (never back); `false_positive` closes it with its reason. Closing for good goes through
-- desk.close_incident (lessons learned and follow-ups).
DROP FUNCTION desk.set_incident_status(uuid, text, text, text, integer);
CREATE FUNCTION desk.set_incident_status(incident_id uuid, status text, note text, expected_version integer DEFAULT NULL)
RETURNS platform.security_incidents
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.security_incidents;
    new platform.security_incidents;
    steps constant text[] := ARRAY['detected', 'investigating', 'contained', 'eradicated', 'recovered'];
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(status = ANY (steps || ARRAY['false_positive']),
        format('unknown incident status %L (closing takes the lessons learned)', status));
    old := desk.incident_for_update(incident_id, expected_version);
    PERFORM desk.check_input(old.status NOT IN ('closed', 'false_positive'),
        format('incident %s is already %s', old.title, replace(old.status, '_', ' ')));
    PERFORM desk.check_input(status = 'false_positive' OR array_position(steps, status) > array_position(steps, old.status),
        format('incident %s is %s; it cannot move back to %s', old.title, old.status, status));
    PERFORM desk.check_input(status <> 'false_positive' OR btrim(coalesce(note, '')) <> '',
        'a false positive is closed with its reason');
    PERFORM desk.check_input(status <> 'false_positive' OR old.breach_confirmed_at IS NULL,
        'a confirmed breach is not a false positive');
    UPDATE platform.security_incidents s
       SET status = set_incident_status.status,
           contained_at = CASE WHEN set_incident_status.status IN ('contained', 'eradicated', 'recovered')
                               THEN coalesce(s.contained_at, now()) ELSE s.contained_at END,
           resolved_at = CASE WHEN set_incident_status.status = 'recovered' THEN coalesce(s.resolved_at, now())
                              ELSE s.resolved_at END,
           false_positive_reason = CASE WHEN set_incident_status.status = 'false_positive' THEN btrim(note) END,
           closed_at = CASE WHEN set_incident_status.status = 'false_positive' THEN now() END
     WHERE s.id = old.id RETURNING * INTO new;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (old.id, 'status_change', replace(old.status, '_', ' ') || ' → ' || replace(new.status, '_', ' ')
            || coalesce(': ' || nullif(btrim(note), ''), ''));
    PERFORM desk.audit('incident.status', 'incident:' || old.id, to_jsonb(old), to_jsonb(new), note);
    RETURN new;
END $$;

-- Closes an incident with its lessons learned and follow-up actions ([{action, owner,
-- due_on}]), in one step. A confirmed breach closes only once the authority was notified.
CREATE FUNCTION desk.close_incident(incident_id uuid, lessons_learned text, follow_ups jsonb,
                                    expected_version integer DEFAULT NULL)
RETURNS platform.security_incidents
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.security_incidents;
    new platform.security_incidents;
    f jsonb;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(btrim(coalesce(lessons_learned, '')) <> '', 'an incident is closed only with its lessons learned');
    PERFORM desk.check_input(jsonb_typeof(coalesce(follow_ups, '[]')) = 'array', 'follow-ups are a list');
    old := desk.incident_for_update(incident_id, expected_version);
    PERFORM desk.check_input(old.status NOT IN ('closed', 'false_positive'),
        format('incident %s is already %s', old.title, replace(old.status, '_', ' ')));
    PERFORM desk.check_input(old.contained_at IS NOT NULL OR old.status IN ('contained', 'eradicated', 'recovered'),
        format('incident %s is %s; contain it before closing', old.title, old.status));
    PERFORM desk.check_input(old.breach_confirmed_at IS NULL OR old.authority_notified_at IS NOT NULL,
        'a confirmed breach closes only once the authority was notified');
    FOR f IN SELECT * FROM jsonb_array_elements(coalesce(follow_ups, '[]')) LOOP
        PERFORM desk.check_input(btrim(coalesce(f->>'action', '')) <> '', 'each follow-up needs its action');
        PERFORM desk.check_input(EXISTS (SELECT 1 FROM desk.staff s WHERE s.login = f->>'owner' AND s.active),
            format('follow-up %L: its owner %s is not active staff', f->>'action', coalesce(f->>'owner', 'is missing and')));
        INSERT INTO platform.incident_followups (id, incident_id, action, owner, due_on)
        VALUES (coalesce((f->>'id')::uuid, gen_random_uuid()), old.id, btrim(f->>'action'), f->>'owner', (f->>'due_on')::date);
        INSERT INTO platform.incident_timeline (incident_id, kind, body)
        VALUES (old.id, 'follow_up', format('follow-up: %s (owner %s%s)', btrim(f->>'action'), f->>'owner',
                coalesce(', due ' || (f->>'due_on'), '')));
    END LOOP;
    UPDATE platform.security_incidents s
       SET status = 'closed', lessons_learned = btrim(close_incident.lessons_learned),
           resolved_at = coalesce(s.resolved_at, now()), closed_at = now()
     WHERE s.id = old.id RETURNING * INTO new;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (old.id, 'lesson', new.lessons_learned);
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (old.id, 'status_change', replace(old.status, '_', ' ') || ' → closed');
    PERFORM desk.audit('incident.close', 'incident:' || old.id, to_jsonb(old), to_jsonb(new), NULL);
    RETURN new;
END $$;

REVOKE EXECUTE ON FUNCTION desk.proposed_response_team(text),
    desk.open_incident(uuid, text, text, text, text, bigint, text[]),
    desk.classify_incident(uuid, text, text, text, integer),
    desk.add_incident_entry(uuid, uuid, text, text),
    desk.add_containment_step(uuid, uuid, text, text),
    desk.complete_containment_step(uuid, text, integer),
    desk.attach_evidence(uuid, uuid, text, text, text, bytea, text),
    desk.open_evidence(uuid, text),
    desk.confirm_breach(uuid, text, integer),
    desk.record_authority_notified(uuid, text, integer),
    desk.set_incident_status(uuid, text, text, integer),
    desk.close_incident(uuid, text, jsonb, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.proposed_response_team(text),
    desk.open_incident(uuid, text, text, text, text, bigint, text[]),
    desk.classify_incident(uuid, text, text, text, integer),
    desk.add_incident_entry(uuid, uuid, text, text),
    desk.add_containment_step(uuid, uuid, text, text),
    desk.complete_containment_step(uuid, text, integer),
    desk.attach_evidence(uuid, uuid, text, text, text, bytea, text),
    desk.open_evidence(uuid, text),
    desk.confirm_breach(uuid, text, integer),
    desk.record_authority_notified(uuid, text, integer),
    desk.set_incident_status(uuid, text, text, integer),
    desk.close_incident(uuid, text, jsonb, integer) TO desk_security;

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 13 $$;
