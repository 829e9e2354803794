-- Security incidents: detection, classification, severity, containment, evidence
-- (hash-stamped), an append-only timeline, and lessons learned. Exists for the security
-- engineers' incident response; only desk_security may read or write any of it (every other
-- role, desk_admin included, gets 42501: an administrator could otherwise read an
-- investigation into themselves).

CREATE TABLE platform.security_incidents (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title           text NOT NULL CHECK (btrim(title) <> ''),
    type            text NOT NULL CHECK (type IN ('phishing', 'account_takeover', 'data_breach', 'malware', 'abuse', 'vulnerability', 'dos', 'other')),
    severity        text NOT NULL CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),  -- SEV1 is the worst
    status          text NOT NULL DEFAULT 'detected' CHECK (status IN ('detected', 'investigating', 'contained', 'eradicated', 'recovered', 'closed', 'false_positive')),
    summary         text NOT NULL DEFAULT '',
    detected_by     text NOT NULL DEFAULT session_user,   -- login or monitoring source
    alert_id        bigint REFERENCES platform.alerts,    -- the alert that raised it, if any
    lead            uuid REFERENCES desk.staff,           -- incident commander
    customer_data_affected boolean NOT NULL DEFAULT false,
    affected_tenants uuid[] NOT NULL DEFAULT '{}',
    opened_at       timestamptz NOT NULL DEFAULT now(),
    contained_at    timestamptz,
    closed_at       timestamptz,
    lessons_learned text,                                 -- the post-incident review
    version         integer NOT NULL DEFAULT 1
);
CREATE TRIGGER security_incidents_bump_version BEFORE UPDATE ON platform.security_incidents
    FOR EACH ROW EXECUTE FUNCTION desk.bump_version();
SELECT desk.track('security_incidents', 'platform.security_incidents', ARRAY['id'], 'Security incidents');

-- What happened, in order: append-only, and evidence carries the SHA-256 of what was collected
-- so it can be shown later to be unaltered.
CREATE TABLE platform.incident_timeline (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    incident_id     uuid NOT NULL REFERENCES platform.security_incidents,
    at              timestamptz NOT NULL DEFAULT now(),
    author          text NOT NULL DEFAULT session_user,   -- login
    kind            text NOT NULL CHECK (kind IN ('note', 'classification', 'containment', 'evidence', 'status_change', 'lesson')),
    body            text NOT NULL,
    evidence_sha256 text CHECK (evidence_sha256 ~ '^[0-9a-f]{64}$'),   -- hex digest of the evidence file
    evidence_ref    text,                                 -- where the evidence is stored
    CHECK (kind <> 'evidence' OR evidence_sha256 IS NOT NULL)
);
CREATE INDEX incident_timeline_incident ON platform.incident_timeline (incident_id, at);
CREATE TRIGGER incident_timeline_append_only BEFORE UPDATE OR DELETE ON platform.incident_timeline
    FOR EACH ROW EXECUTE FUNCTION desk.refuse_rewrite('platform.incident_timeline');
CREATE TRIGGER incident_timeline_no_truncate BEFORE TRUNCATE ON platform.incident_timeline
    FOR EACH STATEMENT EXECUTE FUNCTION desk.refuse_rewrite('platform.incident_timeline');
SELECT desk.track('incident_timeline', 'platform.incident_timeline', ARRAY['id'], 'Security incident timelines');

GRANT SELECT ON platform.security_incidents, platform.incident_timeline TO desk_security;

-- Opens an incident (from an alert or a report).
CREATE FUNCTION desk.open_incident(id uuid, title text, type text, severity text, summary text, alert_id bigint DEFAULT NULL)
RETURNS platform.security_incidents
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE i platform.security_incidents;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(btrim(coalesce(title, '')) <> '', 'an incident needs a title');
    PERFORM desk.check_input(severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4'), format('unknown severity %L', severity));
    PERFORM desk.check_input(type IN ('phishing', 'account_takeover', 'data_breach', 'malware', 'abuse', 'vulnerability', 'dos', 'other'),
        format('unknown incident type %L', type));
    INSERT INTO platform.security_incidents (id, title, type, severity, summary, alert_id, lead)
    VALUES (coalesce(open_incident.id, gen_random_uuid()), open_incident.title, open_incident.type,
            open_incident.severity, coalesce(open_incident.summary, ''), open_incident.alert_id,
            desk.current_staff_id())
    RETURNING * INTO i;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (i.id, 'classification', format('opened as %s %s', i.severity, i.type));
    PERFORM desk.audit('incident.open', 'incident:' || i.id, NULL, to_jsonb(i), NULL);
    RETURN i;
END $$;

-- Appends a timeline entry (note, containment step, evidence with its hash, lesson).
CREATE FUNCTION desk.add_incident_entry(incident_id uuid, entry_id uuid, kind text, body text,
                                        evidence_sha256 text DEFAULT NULL, evidence_ref text DEFAULT NULL)
RETURNS platform.incident_timeline
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE e platform.incident_timeline;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(kind IN ('note', 'containment', 'evidence', 'lesson'), format('unknown entry kind %L', kind));
    PERFORM desk.check_input(btrim(coalesce(body, '')) <> '', 'a timeline entry needs text');
    PERFORM desk.check_input(kind <> 'evidence' OR coalesce(evidence_sha256 ~ '^[0-9a-f]{64}$', false),
        'evidence needs its SHA-256 digest (64 lower-case hex digits)');
    PERFORM desk.check_input(EXISTS (SELECT 1 FROM platform.security_incidents s WHERE s.id = add_incident_entry.incident_id),
        format('incident %s does not exist', incident_id));
    INSERT INTO platform.incident_timeline (id, incident_id, kind, body, evidence_sha256, evidence_ref)
    VALUES (coalesce(entry_id, gen_random_uuid()), add_incident_entry.incident_id, add_incident_entry.kind,
            add_incident_entry.body, add_incident_entry.evidence_sha256, add_incident_entry.evidence_ref)
    RETURNING * INTO e;
    PERFORM desk.audit('incident.entry', 'incident:' || e.incident_id, NULL, to_jsonb(e), NULL);
    RETURN e;
END $$;

-- Moves an incident through its life cycle; closing it requires the lessons learned.
CREATE FUNCTION desk.set_incident_status(incident_id uuid, status text, note text,
                                         lessons_learned text DEFAULT NULL, expected_version integer DEFAULT NULL)
RETURNS platform.security_incidents
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk, platform AS $$
DECLARE
    old platform.security_incidents;
    new platform.security_incidents;
BEGIN
    PERFORM desk.require_role('desk_security');
    PERFORM desk.check_input(status IN ('detected', 'investigating', 'contained', 'eradicated', 'recovered', 'closed', 'false_positive'),
        format('unknown incident status %L', status));
    SELECT * INTO old FROM platform.security_incidents s WHERE s.id = set_incident_status.incident_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'incident % does not exist', incident_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM desk.check_version('incident ' || old.title, old.version, expected_version);
    PERFORM desk.check_input(status <> 'closed' OR btrim(coalesce(lessons_learned, old.lessons_learned, '')) <> '',
        'an incident is closed only with its lessons learned');
    UPDATE platform.security_incidents s
       SET status = set_incident_status.status,
           lessons_learned = coalesce(set_incident_status.lessons_learned, s.lessons_learned),
           contained_at = CASE WHEN set_incident_status.status IN ('contained', 'eradicated', 'recovered', 'closed')
                               THEN coalesce(s.contained_at, now()) ELSE s.contained_at END,
           closed_at = CASE WHEN set_incident_status.status IN ('closed', 'false_positive') THEN now() END
     WHERE s.id = old.id RETURNING * INTO new;
    INSERT INTO platform.incident_timeline (incident_id, kind, body)
    VALUES (old.id, 'status_change', old.status || ' → ' || new.status || coalesce(': ' || note, ''));
    PERFORM desk.audit('incident.status', 'incident:' || old.id, to_jsonb(old), to_jsonb(new), note);
    RETURN new;
END $$;

REVOKE EXECUTE ON FUNCTION desk.open_incident(uuid, text, text, text, text, bigint),
    desk.add_incident_entry(uuid, uuid, text, text, text, text),
    desk.set_incident_status(uuid, text, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.open_incident(uuid, text, text, text, text, bigint),
    desk.add_incident_entry(uuid, uuid, text, text, text, text),
    desk.set_incident_status(uuid, text, text, text, integer) TO desk_security;
