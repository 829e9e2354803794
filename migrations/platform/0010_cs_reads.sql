-- Customer success reads what its book of accounts needs, and no more:
--   * the staff directory (who owns which account, and which accounts are "mine"): id, login,
--     name, team and whether active; not e-mail addresses, roles or history;
--   * the state of disputes (an open dispute lowers an account's health): which payment, its
--     status and when it opened and closed; not the evidence, reason or amount.
-- Column grants carry this, so a reader may hold some columns of a table and not others. The
-- change feed's filter and the desk's discovery therefore ask whether the reader may read any
-- column of a collection's table, not the whole table.
--
-- This is the last migration of schema version 4.

GRANT SELECT (id, login, full_name, team, active) ON desk.staff TO desk_cs;
CREATE POLICY staff_directory_cs ON desk.staff FOR SELECT TO desk_cs USING (true);

GRANT SELECT (id, payment_id, status, opened_at, closed_at) ON platform.disputes TO desk_cs;

DROP POLICY change_feed_readable ON desk.change_feed;
CREATE POLICY change_feed_readable ON desk.change_feed FOR SELECT
    USING (collection IN (SELECT c.name FROM desk.collections c
                           WHERE has_any_column_privilege(c.table_name, 'SELECT')));

CREATE OR REPLACE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 4 $$;
