-- The last health dashboard and probe results the desk read from the platform, per window,
-- so operations staff can read the last known state offline with its age. Not a mirror (the
-- metrics are not synced); wiped at sign-out with the rest of the member's data.
CREATE TABLE ops_snapshots (
    name     TEXT PRIMARY KEY,      -- e.g. 'health:day', 'probes'
    taken_at TEXT NOT NULL,         -- RFC 3339, UTC
    body     TEXT NOT NULL          -- JSON
);
