-- The audit trail reaches the laptops of those who may read it (desk_admin, desk_security), so
-- the audit viewer searches it offline and administrators see the last known state when the
-- platform is out of reach. The trail stays append-only: syncing adds a change-feed trigger
-- after each insert; updates and deletes are still refused by its own triggers, whoever asks.
--
-- This is the last migration of schema version 7.

SELECT desk.track('audit_trail', 'desk.audit_trail', ARRAY['id'],
    'Who changed what, when and why (append-only)');

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 7 $$;
