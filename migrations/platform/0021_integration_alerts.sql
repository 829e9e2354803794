-- The platform's monitor raises alerts for the integrations' deadlines (issue 10): a vendor's
-- deprecation of an API version we still call with fewer than 30 days left (or past), and a
-- credential rotation due within 14 days (or overdue). They are ordinary platform alerts routed
-- to the ops team, so they reach the integration team's alert inbox, the tray count and the
-- native notifications like any other, are deduplicated by key while open, and are resolved by
-- the monitor itself once the migration is done or the rotation recorded.
--
-- The thresholds are the desk's (desk_domain::integrations DEPRECATION_ALERT_DAYS and
-- ROTATION_SOON_DAYS), so the integrations screen and the inbox agree on what is pressing.
--
-- Who may do what here: platform.raise_integration_alerts is the platform's own (its monitor
-- runs it on a schedule as the platform's owner; the sandbox's `serve` every minute); no desk
-- role may call it.
--
-- This is the last migration of schema version 15.

CREATE FUNCTION platform.raise_integration_alerts(today date DEFAULT current_date)
RETURNS TABLE (raised integer, escalated integer, resolved integer)
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    n_raised    integer := 0;
    n_escalated integer := 0;
    n_resolved  integer := 0;
    n           integer;
    due         record;
    pressing    text[] := '{}';   -- the dedup keys that should be open now
BEGIN
    -- What should be open now: one row per deprecation or rotation that is pressing.
    FOR due IN
        SELECT 'integration.deprecation:' || d.id AS dedup_key,
               CASE WHEN d.deadline < today THEN 'critical'
                    WHEN d.deadline - today < 7 THEN 'high'
                    ELSE 'medium' END AS severity,
               coalesce(i.vendor, i.name) || ': API ' || d.api_version
                   || CASE WHEN d.deadline < today THEN ' was retired on ' ELSE ' retires on ' END
                   || to_char(d.deadline, 'YYYY-MM-DD') AS title,
               d.notice || E'\nMigration: ' || replace(d.migration_status, '_', ' ')
                   || CASE WHEN btrim(d.note) <> '' THEN ' (' || d.note || ')' ELSE '' END AS details,
               'integrations/' || d.integration AS source
          FROM platform.integration_deprecations d
          JOIN platform.integrations i ON i.name = d.integration
         WHERE d.migration_status <> 'done' AND d.deadline - today < 30
        UNION ALL
        SELECT 'integration.rotation:' || i.name,
               CASE WHEN i.credential_rotation_due < today THEN 'high' ELSE 'medium' END,
               coalesce(i.vendor, i.name) || ': credential rotation '
                   || CASE WHEN i.credential_rotation_due < today THEN 'overdue since ' ELSE 'due on ' END
                   || to_char(i.credential_rotation_due, 'YYYY-MM-DD'),
               'Rotate our credentials for ' || i.name || ' and record the rotation in the desk.',
               'integrations/' || i.name
          FROM platform.integrations i
         WHERE i.credential_rotation_due IS NOT NULL AND i.credential_rotation_due - today <= 14
    LOOP
        pressing := pressing || due.dedup_key;
        -- Raised once while open; a deadline that comes closer raises the severity (and the
        -- title, which names it), never lowers it.
        INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title, details)
        VALUES (due.dedup_key, due.source, due.severity, 'ops', due.title, due.details)
        ON CONFLICT (dedup_key) WHERE status <> 'resolved' DO NOTHING;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
            n_raised := n_raised + 1;
        ELSE
            UPDATE platform.alerts a
               SET severity = due.severity, title = due.title, details = due.details
             WHERE a.dedup_key = due.dedup_key AND a.status <> 'resolved'
               AND array_position(ARRAY['low', 'medium', 'high', 'critical'], due.severity)
                 > array_position(ARRAY['low', 'medium', 'high', 'critical'], a.severity);
            GET DIAGNOSTICS n = ROW_COUNT;
            n_escalated := n_escalated + n;
        END IF;
    END LOOP;

    -- What no longer should be: the migration is done (or the notice withdrawn), the rotation
    -- recorded. Resolved by the monitor, with the reason in the details.
    UPDATE platform.alerts a
       SET status = 'resolved', resolved_by = 'platform-monitor', resolved_at = now(),
           acknowledged_at = coalesce(a.acknowledged_at, now()),
           details = a.details || E'\nResolved by the platform monitor: '
                     || CASE WHEN a.dedup_key LIKE 'integration.deprecation:%'
                             THEN 'the migration is done.' ELSE 'the credentials were rotated.' END
     WHERE a.status <> 'resolved'
       AND (a.dedup_key LIKE 'integration.deprecation:%' OR a.dedup_key LIKE 'integration.rotation:%')
       AND a.dedup_key <> ALL (pressing);
    GET DIAGNOSTICS n_resolved = ROW_COUNT;

    RETURN QUERY SELECT n_raised, n_escalated, n_resolved;
END $$;
REVOKE EXECUTE ON FUNCTION platform.raise_integration_alerts(date) FROM PUBLIC;

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 15 $$;
