-- Alerts on the laptop: what the desk decided about each alert it has seen (shown, counted in
-- a summary, held by quiet hours or a snooze, not routed to the member, already handled, or
-- there when they signed in), so each alert is handed to the OS at most once, across restarts
-- and re-copies of the alerts mirror; the moment each notification was handed to the OS (the
-- latency benchmark reads it); and the member's notification settings. Not a mirror: a
-- re-copy keeps it. Wiped at sign-out with the rest of the member's data.
CREATE TABLE alert_notifications (
    alert_id   INTEGER PRIMARY KEY,
    outcome    TEXT NOT NULL,        -- desk_domain::alerts::Outcome
    decided_at TEXT NOT NULL,        -- RFC 3339, UTC
    handed_at  TEXT                  -- RFC 3339 with microseconds, UTC; shown or summarised only
);

-- One row once the member's first sync of alerts is done: alerts older than it are baseline.
CREATE TABLE alert_watch (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    baseline_at TEXT NOT NULL
);

CREATE TABLE notification_settings (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    settings TEXT NOT NULL           -- JSON: desk_domain::alerts::NotificationSettings
);
