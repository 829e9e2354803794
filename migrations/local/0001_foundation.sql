-- The laptop's encrypted store: who is signed in (for offline starts), the outbox of the
-- user's changes waiting for the platform, and the sync cursors per collection.

CREATE TABLE session (
    id           INTEGER PRIMARY KEY CHECK (id = 1),  -- at most one signed-in member
    profile_id   TEXT NOT NULL,
    profile_name TEXT NOT NULL,
    login        TEXT NOT NULL,
    roles        TEXT NOT NULL,                       -- JSON array of desk roles
    signed_in_at TEXT NOT NULL                        -- RFC 3339, UTC
);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    action          TEXT NOT NULL,                    -- e.g. add_touchpoint, ack_alert
    args            TEXT NOT NULL,                    -- JSON
    base_version    TEXT,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sending', 'accepted', 'refused')),
    refusal         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX outbox_state ON outbox (state, id);

CREATE TABLE sync_cursors (
    collection TEXT PRIMARY KEY,
    cursor     TEXT NOT NULL,                         -- opaque to everyone but the sync engine
    synced_at  TEXT NOT NULL
);
