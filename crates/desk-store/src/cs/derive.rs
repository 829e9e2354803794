//! Deriving the book of accounts (`cs_accounts`, `cs_search`) from the synced mirrors: for each
//! tenant its recurring revenue, health score with every factor's contribution, the score's
//! 90-day trend, churn and expansion signals, open escalations and last touchpoint. Run after a
//! sync that changed the mirrors (all tenants) and after the member's own change (one tenant).
//! The rows are computed first and written in one short transaction, so the book never shows a
//! half-derived state and the store is not held while scores are computed.

use chrono::{Duration, NaiveDate, Utc};
use desk_domain::health::{self, AccountHistory, UsageDay};
use desk_domain::signals::{self, SignalKind};
use futures_util::TryStreamExt;
use sqlx::{Row, SqlitePool};

use super::facts::{self, Facts, TenantFacts};
use crate::mirrors;
use crate::StoreError;

/// Days of the score's trend, and the step between its points.
pub const TREND_DAYS: u32 = 91;
/// See [`TREND_DAYS`]: a point a week.
pub const TREND_STEP: u32 = 7;
/// The trend point the book's arrow compares today's score with: four weeks back.
const DELTA_WEEKS: usize = 4;
/// How far back facts are read: the trend's span plus the score's longest lookback (90 days
/// of payments).
const LOOKBACK_DAYS: i64 = TREND_DAYS as i64 + 90;

/// What a refresh did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefreshReport {
    /// Accounts written.
    pub accounts: usize,
    /// The day the scores describe (the latest usage day synced, at most today).
    pub as_of: Option<NaiveDate>,
}

/// One derived row of `cs_accounts`.
struct AccountRow {
    t: TenantFacts,
    plan_name: Option<String>,
    owner_name: Option<String>,
    seats: Option<i64>,
    mrr_minor: i64,
    score: u8,
    band: &'static str,
    delta: i64,
    open_escalations: i64,
    last_touchpoint: Option<NaiveDate>,
    churn: i64,
    expansion: i64,
    health: String,
    trend: String,
    signals: String,
}

fn derive(
    f: &mut Facts,
    t: TenantFacts,
    usage: Vec<UsageDay>,
    as_of: NaiveDate,
) -> Result<AccountRow, StoreError> {
    let history = AccountHistory {
        usage,
        payments: f.payments.remove(&t.id).unwrap_or_default(),
        invoices: f.invoices.remove(&t.id).unwrap_or_default(),
        disputes: f.disputes.remove(&t.id).unwrap_or_default(),
        escalations: f.escalations.remove(&t.id).unwrap_or_default(),
        touchpoints: f.touchpoints.remove(&t.id).unwrap_or_default(),
    };
    let sub = f.subscriptions.remove(&t.id);
    let changes = f.plan_changes.remove(&t.id).unwrap_or_default();
    let score = health::score(&history, as_of);
    let trend = health::trend(&history, as_of, TREND_DAYS, TREND_STEP);
    let then = trend
        .len()
        .checked_sub(DELTA_WEEKS + 1)
        .and_then(|i| trend.get(i))
        .map_or(score.score, |(_, s)| *s);
    let found = signals::signals(&history, sub.as_ref().map(|s| s.seats), &changes, as_of);
    Ok(AccountRow {
        plan_name: t
            .plan_code
            .as_ref()
            .and_then(|c| f.plan_names.get(c).cloned()),
        owner_name: t
            .owner_csm
            .as_ref()
            .and_then(|o| f.staff_names.get(o).cloned()),
        seats: sub.as_ref().map(|s| s.seats),
        mrr_minor: sub.as_ref().map_or(0, |s| s.mrr_minor),
        score: score.score,
        band: score.band.as_str(),
        delta: i64::from(score.score) - i64::from(then),
        open_escalations: history
            .escalations
            .iter()
            .filter(|e| e.closed.is_none())
            .count() as i64,
        last_touchpoint: history.touchpoints.iter().max().copied(),
        churn: found.iter().filter(|s| s.kind == SignalKind::Churn).count() as i64,
        expansion: found
            .iter()
            .filter(|s| s.kind == SignalKind::Expansion)
            .count() as i64,
        health: to_json(&score)?,
        trend: to_json(
            &trend
                .iter()
                .map(|(d, s)| (d.format("%Y-%m-%d").to_string(), *s))
                .collect::<Vec<_>>(),
        )?,
        signals: to_json(&found)?,
        t,
    })
}

/// A JSON column's text.
fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Which accounts to re-derive.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every account (after a full copy, or when too much changed to say).
    All,
    /// These accounts (their synced rows changed, or the member changed them).
    Tenants(&'a [String]),
}

/// Re-derives the book, all of it or some accounts. All: as of the latest usage day synced
/// (at most `today`). Some: as of the day the book already describes, so they line up with
/// the rest (a new usage day changes every tenant, which re-derives all).
pub async fn refresh(
    pool: &SqlitePool,
    today: NaiveDate,
    scope: Scope<'_>,
) -> Result<RefreshReport, StoreError> {
    if !mirrors::has_mirror(pool, "tenants").await? {
        return Ok(RefreshReport::default());
    }
    let current: Option<String> = match scope {
        Scope::All => None,
        Scope::Tenants(_) => {
            sqlx::query_scalar("SELECT as_of FROM cs_accounts LIMIT 1")
                .fetch_optional(pool)
                .await?
        }
    };
    let as_of = match current.as_deref().and_then(mirrors::day) {
        Some(d) => d,
        None => match facts::latest_usage_day(pool).await? {
            Some(d) if d < today => d,
            _ => today,
        },
    };
    let started = std::time::Instant::now();
    let out = match scope {
        Scope::All => derive_scope(pool, as_of, None).await?,
        Scope::Tenants(ids) => {
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                out.extend(derive_scope(pool, as_of, Some(id)).await?);
            }
            out
        }
    };
    let derive_took = started.elapsed();
    let accounts = out.len();
    write(pool, scope, &out, as_of).await?;
    tracing::debug!(
        accounts,
        derive = ?derive_took,
        write = ?(started.elapsed() - derive_took),
        "book derived"
    );
    Ok(RefreshReport {
        accounts,
        as_of: Some(as_of),
    })
}

/// The derived rows of every tenant (`tenant` none) or one.
async fn derive_scope(
    pool: &SqlitePool,
    as_of: NaiveDate,
    tenant: Option<&str>,
) -> Result<Vec<AccountRow>, StoreError> {
    let since = as_of - Duration::days(LOOKBACK_DAYS);
    let mut f = facts::load(pool, since, tenant).await?;
    let tenants = std::mem::take(&mut f.tenants);
    let mut pending = tenants.into_iter().peekable();
    let mut out: Vec<AccountRow> = Vec::with_capacity(pending.len());

    // Tenants (in id order) with their usage, one packed row each, in the same order.
    if mirrors::has_mirror(pool, "usage_daily").await? {
        let sql = facts::usage_sql(tenant);
        let since_text = since.format("%Y-%m-%d").to_string();
        let mut q = sqlx::query(&sql).bind(since_text);
        if let Some(t) = tenant {
            q = q.bind(t);
        }
        let mut stream = q.fetch(pool);
        while let Some(r) = stream.try_next().await? {
            let id: String = r.try_get(0)?;
            let packed: Option<String> = r.try_get(1)?;
            emit(
                &mut f,
                &mut pending,
                &mut out,
                &id,
                facts::unpack_usage(packed.as_deref()),
                as_of,
            )?;
        }
    }
    for t in pending {
        out.push(derive(&mut f, t, Vec::new(), as_of)?);
    }
    Ok(out)
}

/// Derives every tenant up to `id` (those before it had no usage in the window), then `id`
/// with its usage.
fn emit(
    f: &mut Facts,
    pending: &mut std::iter::Peekable<std::vec::IntoIter<TenantFacts>>,
    out: &mut Vec<AccountRow>,
    id: &str,
    usage: Vec<UsageDay>,
    as_of: NaiveDate,
) -> Result<(), StoreError> {
    while let Some(t) = pending.next_if(|t| t.id.as_str() < id) {
        out.push(derive(f, t, Vec::new(), as_of)?);
    }
    if let Some(t) = pending.next_if(|t| t.id == id) {
        out.push(derive(f, t, usage, as_of)?);
    }
    Ok(())
}

const COLUMNS: &str =
    "tenant_id, name, domain, plan_code, plan_name, status, owner_csm, owner_name,
    renewal_date, currency, seats, mrr_minor, arr_minor, health_score, health_band, health_delta,
    open_escalations, last_touchpoint_at, churn_signals, expansion_signals, signals,
    as_of, computed_at";
const PER_ROW: usize = 23;
const ROWS_PER_STATEMENT: usize = 200;

async fn write(
    pool: &SqlitePool,
    scope: Scope<'_>,
    rows: &[AccountRow],
    as_of: NaiveDate,
) -> Result<(), StoreError> {
    let as_of = as_of.format("%Y-%m-%d").to_string();
    let now = Utc::now().to_rfc3339();
    let mut tx = pool.begin().await?;
    match scope {
        Scope::Tenants(ids) => {
            for t in ids {
                for table in ["cs_accounts", "cs_search", "cs_account_health"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE tenant_id = ?"))
                        .bind(t)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        Scope::All => {
            for table in ["cs_accounts", "cs_search", "cs_account_health"] {
                sqlx::query(&format!("DELETE FROM {table}"))
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    let slots = format!("({})", vec!["?"; PER_ROW].join(", "));
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO cs_accounts ({COLUMNS}) VALUES {}",
            vec![slots.as_str(); chunk.len()].join(", ")
        );
        let mut q = sqlx::query(&sql);
        for a in chunk {
            q = q
                .bind(&a.t.id)
                .bind(&a.t.name)
                .bind(&a.t.domain)
                .bind(&a.t.plan_code)
                .bind(&a.plan_name)
                .bind(&a.t.status)
                .bind(&a.t.owner_csm)
                .bind(&a.owner_name)
                .bind(&a.t.renewal_date)
                .bind(&a.t.currency)
                .bind(a.seats)
                .bind(a.mrr_minor)
                .bind(a.mrr_minor * 12)
                .bind(i64::from(a.score))
                .bind(a.band)
                .bind(a.delta)
                .bind(a.open_escalations)
                .bind(a.last_touchpoint.map(|d| d.format("%Y-%m-%d").to_string()))
                .bind(a.churn)
                .bind(a.expansion)
                .bind(&a.signals)
                .bind(&as_of)
                .bind(&now);
        }
        q.execute(&mut *tx).await?;
        let sql = format!(
            "INSERT INTO cs_account_health (tenant_id, health, trend) VALUES {}",
            vec!["(?, ?, ?)"; chunk.len()].join(", ")
        );
        let mut q = sqlx::query(&sql);
        for a in chunk {
            q = q.bind(&a.t.id).bind(&a.health).bind(&a.trend);
        }
        q.execute(&mut *tx).await?;
        let sql = format!(
            "INSERT INTO cs_search (name, domain, tenant_id) VALUES {}",
            vec!["(?, ?, ?)"; chunk.len()].join(", ")
        );
        let mut q = sqlx::query(&sql);
        for a in chunk {
            q = q.bind(&a.t.name).bind(&a.t.domain).bind(&a.t.id);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
