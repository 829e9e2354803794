-- The platform database's foundation for Penguin Desk: the two schemas, the desk's group
-- roles, the schema version the desk checks at sign-in, the change feed the sync engine
-- pulls from, and the registry of synced collections.
--
-- Applied by an explicit command (`desk-sandbox migrate` / an operator), never by a staff
-- member's app.

CREATE SCHEMA IF NOT EXISTS platform;  -- the platform's own data (tenants, billing, alerts, ...)
CREATE SCHEMA IF NOT EXISTS desk;      -- the desk's own data (staff, CS notes, audit, feed)

-- The desk's group roles. Roles are cluster-wide, so a second database on the same cluster
-- finds them already there.
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['desk_admin', 'desk_finance', 'desk_cs', 'desk_ops', 'desk_security'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;  -- another database of the cluster created it at the same moment
      END;
    END IF;
  END LOOP;
END $$;

-- Every desk role may use the schemas; what it may read inside is granted table by table.
GRANT USAGE ON SCHEMA platform, desk TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;
REVOKE ALL ON SCHEMA platform, desk FROM PUBLIC;

-- The schema version the desk compares with the one it was built for.
CREATE FUNCTION desk.schema_version() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 1 $$;

-- Collections the desk can sync: a table, its key columns, and what it is.
CREATE TABLE desk.collections (
    name        text PRIMARY KEY,
    table_name  regclass NOT NULL UNIQUE,
    key_columns text[] NOT NULL CHECK (cardinality(key_columns) > 0),
    description text NOT NULL
);
GRANT SELECT ON desk.collections TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

-- The change feed: one row per changed row, with the writing transaction's id (xid8), so a
-- reader takes exactly the changes of transactions that committed since its last snapshot,
-- however late a long transaction commits.
CREATE TABLE desk.change_feed (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection text NOT NULL,
    row_key    jsonb NOT NULL,            -- the key columns as a JSON array, in key order
    op         "char" NOT NULL CHECK (op IN ('I', 'U', 'D')),
    txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_feed_collection_txid ON desk.change_feed (collection, txid);

-- How far back the feed reaches: a cursor whose snapshot is older than this must re-copy.
CREATE TABLE desk.feed_horizon (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- every transaction below this id had its feed rows pruned
    min_txid xid8 NOT NULL DEFAULT '0'::xid8
);
INSERT INTO desk.feed_horizon DEFAULT VALUES;
GRANT SELECT ON desk.feed_horizon TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

-- A reader sees only the feed rows of collections whose table it may read.
ALTER TABLE desk.change_feed ENABLE ROW LEVEL SECURITY;
CREATE POLICY change_feed_readable ON desk.change_feed FOR SELECT
    USING (collection IN (SELECT c.name FROM desk.collections c
                           WHERE has_table_privilege(c.table_name, 'SELECT')));
GRANT SELECT ON desk.change_feed TO desk_admin, desk_finance, desk_cs, desk_ops, desk_security;

-- Row trigger: records (collection, key, op) for every change. TG_ARGV[0] is the collection,
-- the other arguments are its key columns.
CREATE FUNCTION desk.record_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE
    new_rec jsonb;
    old_rec jsonb;
    new_key jsonb := '[]'::jsonb;
    old_key jsonb := '[]'::jsonb;
    i int;
BEGIN
    IF TG_OP <> 'DELETE' THEN new_rec := to_jsonb(NEW); END IF;
    IF TG_OP <> 'INSERT' THEN old_rec := to_jsonb(OLD); END IF;
    FOR i IN 1 .. TG_NARGS - 1 LOOP
        IF new_rec IS NOT NULL THEN new_key := new_key || jsonb_build_array(new_rec -> TG_ARGV[i]); END IF;
        IF old_rec IS NOT NULL THEN old_key := old_key || jsonb_build_array(old_rec -> TG_ARGV[i]); END IF;
    END LOOP;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO desk.change_feed (collection, row_key, op) VALUES (TG_ARGV[0], new_key, 'I');
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO desk.change_feed (collection, row_key, op) VALUES (TG_ARGV[0], old_key, 'D');
    ELSE
        INSERT INTO desk.change_feed (collection, row_key, op) VALUES (TG_ARGV[0], new_key, 'U');
        -- An update that changes the key removes the old key as well.
        IF old_key <> new_key THEN
            INSERT INTO desk.change_feed (collection, row_key, op) VALUES (TG_ARGV[0], old_key, 'D');
        END IF;
    END IF;
    RETURN NULL;
END $$;

-- Statement trigger: wakes listening desks once per statement (payload: the collection).
CREATE FUNCTION desk.notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('desk_changes', TG_ARGV[0]);
    RETURN NULL;
END $$;

-- Registers a table as a synced collection and installs its triggers.
CREATE FUNCTION desk.track(collection text, tbl regclass, keys text[], description text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO desk.collections (name, table_name, key_columns, description)
    VALUES (collection, tbl, keys, description);
    EXECUTE format('CREATE TRIGGER desk_record_change AFTER INSERT OR UPDATE OR DELETE ON %s
                    FOR EACH ROW EXECUTE FUNCTION desk.record_change(%s)', tbl,
                   (SELECT string_agg(quote_literal(a), ', ')
                      FROM unnest(ARRAY[collection] || keys) AS a));
    EXECUTE format('CREATE TRIGGER desk_notify_change AFTER INSERT OR UPDATE OR DELETE ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION desk.notify_change(%L)', tbl, collection);
END $$;

-- Prunes feed rows of transactions older than `keep` and moves the horizon.
CREATE FUNCTION desk.prune_feed(keep interval) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    cut xid8;
    n bigint;
BEGIN
    SELECT max(txid) INTO cut FROM desk.change_feed WHERE changed_at < now() - keep;
    IF cut IS NULL THEN RETURN 0; END IF;
    DELETE FROM desk.change_feed WHERE txid <= cut;
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE desk.feed_horizon SET min_txid = greatest(min_txid, cut);
    RETURN n;
END $$;
