//! The deterministic dataset generator: the same seed, scale and "as of" date give the same
//! platform, row for row. Each area has its own module and each tenant its own seeded random
//! stream (ChaCha8, stable across platforms and rand releases), so areas do not shift each other
//! when one changes.
//!
//! Loading: every table is written as CSV and sent with COPY in one transaction with
//! `session_replication_role = replica`. That switches off the change-feed triggers (the desk
//! copies every collection in full on its first sync, so the feed is not needed for the initial
//! data, and a million feed rows would only slow the load and the first pull) and also the
//! foreign-key triggers: the generator keeps every reference and CHECK itself, and the tests
//! check it. Ids of identity columns are written explicitly, then the sequences are moved past
//! them.

pub mod alerts;
pub mod billing;
pub mod config;
pub mod cs;
pub mod escalations;
pub mod incidents;
pub mod integrations;
pub mod ops;
pub mod people;
pub mod plans;
pub mod tenants;
pub mod usage;

use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use sqlx::{Connection, PgConnection, PgPool};
use uuid::Uuid;

use crate::load::{self, progress, Table};
use crate::SandboxError;

/// Days of usage history per tenant.
pub const DAYS: usize = 730;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// The seed; the same seed gives the same data.
    pub seed: u64,
    /// How many tenants.
    pub tenants: usize,
    /// The last day of the two-year window ("today" of the dataset).
    pub as_of: NaiveDate,
}

impl Config {
    /// `tenants` tenants from `seed`, as of today (UTC).
    pub fn new(seed: u64, tenants: usize) -> Config {
        Config {
            seed,
            tenants,
            as_of: Utc::now().date_naive(),
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Rows per table, in load order.
    pub tables: Vec<(String, u64)>,
    /// Whether the platform already held data (nothing was generated).
    pub skipped: bool,
    /// Wall time.
    pub elapsed: StdDuration,
}

impl Summary {
    /// All rows.
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// The shared facts every area's generator reads.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The seed.
    pub seed: u64,
    /// Tenant count.
    pub tenants: usize,
    /// Days in the window.
    pub days: usize,
    /// The last day of the window.
    pub as_of: NaiveDate,
    /// "Now" in the dataset: noon UTC of `as_of`.
    pub now: DateTime<Utc>,
}

impl Ctx {
    fn new(cfg: &Config) -> Ctx {
        let now = cfg
            .as_of
            .and_hms_opt(12, 0, 0)
            .map(|d| d.and_utc())
            .unwrap_or_else(Utc::now);
        Ctx {
            seed: cfg.seed,
            tenants: cfg.tenants,
            days: DAYS,
            as_of: cfg.as_of,
            now,
        }
    }
    /// The first day of the window.
    pub fn window_start(&self) -> NaiveDate {
        self.as_of - Duration::days(self.days as i64 - 1)
    }
    /// Midnight UTC of the first day of the window.
    pub fn window_start_ts(&self) -> DateTime<Utc> {
        self.window_start()
            .and_hms_opt(0, 0, 0)
            .map(|d| d.and_utc())
            .unwrap_or(self.now)
    }
}

/// The random stream of one area (and one tenant, or 0).
pub fn rng_for(seed: u64, area: &str, index: u64) -> ChaCha8Rng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in area.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&h.to_le_bytes());
    key[16..24].copy_from_slice(&index.to_le_bytes());
    ChaCha8Rng::from_seed(key)
}

/// A random (v4) uuid from a seeded stream.
pub fn uuid_from(rng: &mut impl RngExt) -> Uuid {
    let mut b = [0u8; 16];
    rng.fill(&mut b);
    uuid::Builder::from_random_bytes(b).into_uuid()
}

const STREAM_CHUNK: usize = 4 << 20;

/// Fills the platform database behind `pool` (as a superuser) unless it already has tenants.
/// One transaction: a failure leaves the database as it was.
pub async fn generate(pool: &PgPool, cfg: &Config) -> Result<Summary, SandboxError> {
    let started = Instant::now();
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    let filled: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM platform.tenants)")
        .fetch_one(&mut *tx)
        .await?;
    if filled {
        return Ok(Summary {
            skipped: true,
            ..Summary::default()
        });
    }
    // Superuser only: no change-feed rows, no FK triggers during the bulk load (see above).
    sqlx::query("SET LOCAL session_replication_role = replica")
        .execute(&mut *tx)
        .await?;
    let existing_csms: Vec<Uuid> = sqlx::query_scalar::<_, String>(
        "SELECT id::text FROM desk.staff WHERE active AND 'desk_cs' = ANY (roles) ORDER BY login",
    )
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .filter_map(|s| Uuid::parse_str(s).ok())
    .collect();
    let ctx = Ctx::new(cfg);
    let mut summary = Summary::default();
    let conn: &mut PgConnection = &mut tx;

    let mut plans_t = plans::table();
    plans::write(&mut plans_t, ctx.window_start_ts() - Duration::days(1_200));
    put(conn, &plans_t, &mut summary).await?;

    let mut staff_t = people::table();
    let people = people::write(&ctx, &existing_csms, &mut staff_t);
    put(conn, &staff_t, &mut summary).await?;

    let models = tenants::build(&ctx, &people.csms);
    let (mut ten_t, mut sub_t, mut ev_t) = (
        tenants::tenants_table(),
        tenants::subscriptions_table(),
        tenants::events_table(),
    );
    let mut event_id = 0;
    for t in &models {
        tenants::write(&ctx, t, &mut event_id, &mut ten_t, &mut sub_t, &mut ev_t);
    }
    for t in [&ten_t, &sub_t, &ev_t] {
        put(conn, t, &mut summary).await?;
    }
    drop((ten_t, sub_t, ev_t));

    let mut bill = billing::Tables::new();
    let mut ids = billing::Ids::default();
    for t in &models {
        let days = usage::days(&ctx, t);
        billing::write(&ctx, t, &days, &mut ids, &mut bill);
    }
    for t in [
        &bill.invoices,
        &bill.lines,
        &bill.payments,
        &bill.retries,
        &bill.disputes,
        &bill.credit_notes,
    ] {
        put(conn, t, &mut summary).await?;
    }
    drop(bill);

    let rows = stream_usage(conn, &ctx, &models).await?;
    summary.tables.push(("platform.usage_daily".into(), rows));

    let ops_t = ops::write(&ctx);
    for t in [
        &ops_t.services,
        &ops_t.metrics,
        &ops_t.deployments,
        &ops_t.rollbacks,
    ] {
        put(conn, t, &mut summary).await?;
    }
    for t in integrations::write(&ctx).all() {
        put(conn, t, &mut summary).await?;
    }
    let mut alerts_t = alerts::table();
    let security_alerts = alerts::write(&ctx, &models, &mut alerts_t);
    put(conn, &alerts_t, &mut summary).await?;
    let esc = escalations::write(&ctx, &models, &people.engineers);
    for t in [&esc.escalations, &esc.timeline, &esc.kb] {
        put(conn, t, &mut summary).await?;
    }
    let inc = incidents::write(&ctx, &models, &people.analysts, &security_alerts);
    for t in inc.all() {
        put(conn, t, &mut summary).await?;
    }
    let cfg_t = config::write(&ctx, &models);
    for t in [
        &cfg_t.settings,
        &cfg_t.setting_versions,
        &cfg_t.policies,
        &cfg_t.policy_versions,
        &cfg_t.flags,
        &cfg_t.flag_environments,
        &cfg_t.flag_changes,
        &cfg_t.flag_evaluations,
    ] {
        put(conn, t, &mut summary).await?;
    }
    let mut cs_t = cs::Tables::new();
    for t in &models {
        cs::write(&ctx, t, &mut cs_t);
    }
    for t in [
        &cs_t.touchpoints,
        &cs_t.milestones,
        &cs_t.plans,
        &cs_t.goals,
    ] {
        put(conn, t, &mut summary).await?;
    }

    for table in [
        "platform.subscriptions",
        "platform.subscription_events",
        "platform.invoices",
        "platform.invoice_lines",
        "platform.payments",
        "platform.payment_retries",
        "platform.disputes",
        "platform.credit_notes",
        "platform.alerts",
        "platform.deployments",
        "platform.integration_checks",
    ] {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"
        ))
        .execute(&mut *conn)
        .await?;
    }
    tx.commit().await?;
    let analysed = Instant::now();
    sqlx::query("ANALYZE").execute(pool).await?;
    progress("ANALYZE", 0, analysed);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

async fn put(
    conn: &mut PgConnection,
    table: &Table,
    summary: &mut Summary,
) -> Result<(), SandboxError> {
    let rows = load::copy(conn, table).await?;
    summary.tables.push((table.name.to_string(), rows));
    Ok(())
}

/// Usage is too big to buffer at scale (20,000 tenants × 730 days): it is generated tenant
/// by tenant and streamed into one COPY.
async fn stream_usage(
    conn: &mut PgConnection,
    ctx: &Ctx,
    models: &[tenants::TenantModel],
) -> Result<u64, SandboxError> {
    let started = Instant::now();
    let mut table = usage::table();
    let mut copy = conn.copy_in_raw(&table.copy_statement()).await?;
    let step = (models.len() / 4).max(1);
    for (i, t) in models.iter().enumerate() {
        usage::write(ctx, t, &mut table);
        if table.len() >= STREAM_CHUNK {
            copy.send(table.take().into_bytes()).await?;
        }
        if models.len() >= 2_000 && (i + 1) % step == 0 && i + 1 < models.len() {
            progress("platform.usage_daily (so far)", table.rows, started);
        }
    }
    if !table.is_empty() {
        copy.send(table.take().into_bytes()).await?;
    }
    copy.finish().await?;
    progress(table.name, table.rows, started);
    Ok(table.rows)
}
