-- Customer success: the book of accounts, one row per tenant, derived on the laptop from the
-- synced mirrors (tenants, subscriptions, usage, invoices, payments, disputes, escalations,
-- touchpoints, staff) by the health score rules, after each sync that changed them and after
-- each of the member's own changes. Derived, so the book sorts and filters in SQL over 20,000
-- accounts in milliseconds, offline; wiped with the mirrors at sign-out.
CREATE TABLE cs_accounts (
    tenant_id          TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    domain             TEXT NOT NULL,
    plan_code          TEXT,
    plan_name          TEXT,
    status             TEXT,
    owner_csm          TEXT,                 -- staff id
    owner_name         TEXT,
    renewal_date       TEXT,                 -- YYYY-MM-DD
    currency           TEXT,
    seats              INTEGER,
    mrr_minor          INTEGER NOT NULL DEFAULT 0,
    arr_minor          INTEGER NOT NULL DEFAULT 0,
    health_score       INTEGER NOT NULL,
    health_band        TEXT NOT NULL,        -- healthy | watch | atRisk
    health_delta       INTEGER NOT NULL DEFAULT 0,   -- score now minus 28 days ago
    open_escalations   INTEGER NOT NULL DEFAULT 0,
    last_touchpoint_at TEXT,
    churn_signals      INTEGER NOT NULL DEFAULT 0,
    expansion_signals  INTEGER NOT NULL DEFAULT 0,
    signals            TEXT NOT NULL,        -- JSON: churn and expansion signals with reasons
    as_of              TEXT NOT NULL,        -- the day the score describes
    computed_at        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX cs_accounts_health ON cs_accounts (health_score, name);
CREATE INDEX cs_accounts_arr ON cs_accounts (arr_minor, name);
CREATE INDEX cs_accounts_renewal ON cs_accounts (renewal_date, name);
CREATE INDEX cs_accounts_owner ON cs_accounts (owner_csm, owner_name, health_score);
CREATE INDEX cs_accounts_name ON cs_accounts (name);
CREATE INDEX cs_accounts_plan ON cs_accounts (plan_code, plan_name);

-- The score's explanation and trend, read one account at a time (the account 360): kept out of
-- the book's table so the book's scans stay narrow (20,000 rows of ~2 KB would be 40 MB).
CREATE TABLE cs_account_health (
    tenant_id TEXT PRIMARY KEY,
    health    TEXT NOT NULL,                 -- JSON: the score with each factor's contribution
    trend     TEXT NOT NULL                  -- JSON: [[day, score], ...] oldest first
) WITHOUT ROWID;

-- Search on name and domain from the command palette: substrings, any case.
CREATE VIRTUAL TABLE cs_search USING fts5(name, domain, tenant_id UNINDEXED, tokenize = 'trigram');
