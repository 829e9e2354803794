//! The KPI screen's figures from the local copy, so they read offline: each KPI's synced rows
//! are read from the mirrors into the domain's plain inputs and handed to its pure function
//! (`desk_domain::kpi`). A member's role decides which mirrors exist; a KPI whose rows this
//! member's copy does not hold comes back as "not available" with the collection it needs,
//! never as a zero. Rows are pre-filtered in SQL by the period with a day of margin each side
//! (the domain then keeps exactly the period's), and KPIs that share a source read it once.

mod customers;
mod ops;
mod people;
mod security;

use chrono::{DateTime, Days, NaiveDate, Utc};
use desk_domain::kpi::{KpiId, KpiOutcome, Period};
use sqlx::SqlitePool;

use crate::mirrors::{has_mirror, instant};
use crate::StoreError;

/// What a KPI reads: KPIs of one source are computed together from one read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    AccountSetup,
    AccessChanges,
    Compliance,
    Settings,
    Uptime,
    Alerts,
    Escalations,
    Deployments,
    Integrations,
    Incidents,
    Subscriptions,
    Invoices,
    Payments,
}

impl Source {
    const ALL: [Source; 13] = [
        Source::AccountSetup,
        Source::AccessChanges,
        Source::Compliance,
        Source::Settings,
        Source::Uptime,
        Source::Alerts,
        Source::Escalations,
        Source::Deployments,
        Source::Integrations,
        Source::Incidents,
        Source::Subscriptions,
        Source::Invoices,
        Source::Payments,
    ];

    fn of(id: KpiId) -> Source {
        use KpiId::*;
        match id {
            StaffAccountSetup => Source::AccountSetup,
            PermissionChange => Source::AccessChanges,
            PolicyCompliance => Source::Compliance,
            ConfigChangeSuccess => Source::Settings,
            Uptime => Source::Uptime,
            AlertAcknowledge | AlertResolve => Source::Alerts,
            EscalationResolutionRate | EscalationResolutionTime => Source::Escalations,
            DeploymentSuccess | DeploymentRollback => Source::Deployments,
            IntegrationReliability => Source::Integrations,
            ProactiveDetection | IncidentContain | IncidentResolve => Source::Incidents,
            CustomerRetention | CustomerChurn | ExpansionRevenue => Source::Subscriptions,
            InvoiceAccuracy => Source::Invoices,
            PaymentReconciliation => Source::Payments,
        }
    }

    fn kpis(self) -> Vec<KpiId> {
        KpiId::ALL
            .into_iter()
            .filter(|k| Source::of(*k) == self)
            .collect()
    }

    async fn compute(
        self,
        pool: &SqlitePool,
        period: &Period,
    ) -> Result<Vec<KpiOutcome>, StoreError> {
        match self {
            Source::AccountSetup => people::account_setup(pool, period).await,
            Source::AccessChanges => people::access_changes(pool, period).await,
            Source::Compliance => people::compliance(pool, period).await,
            Source::Settings => ops::settings(pool, period).await,
            Source::Uptime => ops::uptime(pool, period).await,
            Source::Alerts => ops::alerts(pool, period).await,
            Source::Escalations => ops::escalations(pool, period).await,
            Source::Deployments => ops::deployments(pool, period).await,
            Source::Integrations => ops::integrations(pool, period).await,
            Source::Incidents => security::incidents(pool, period).await,
            Source::Subscriptions => customers::subscriptions(pool, period).await,
            Source::Invoices => customers::invoices(pool, period).await,
            Source::Payments => customers::payments(pool, period).await,
        }
    }
}

/// Every KPI of the screen for `period`, in screen order.
pub async fn outcomes(pool: &SqlitePool, period: &Period) -> Result<Vec<KpiOutcome>, StoreError> {
    let mut all = Vec::new();
    for source in Source::ALL {
        all.extend(source.compute(pool, period).await?);
    }
    all.sort_by_key(|o| KpiId::ALL.iter().position(|k| *k == o.figure.id));
    Ok(all)
}

/// One KPI for `period`, with the rows behind it.
pub async fn outcome(
    pool: &SqlitePool,
    id: KpiId,
    period: &Period,
) -> Result<KpiOutcome, StoreError> {
    Source::of(id)
        .compute(pool, period)
        .await?
        .into_iter()
        .find(|o| o.figure.id == id)
        .ok_or_else(|| StoreError::Corrupt(format!("the KPI {id:?} was not computed")))
}

/// Every KPI of `source`'s as not available: this member's copy lacks `what`.
fn not_held(source: Source, what: &str) -> Vec<KpiOutcome> {
    source
        .kpis()
        .into_iter()
        .map(|k| KpiOutcome::not_available(k, format!("Your role does not sync {what}.")))
        .collect()
}

/// The first collection of `needed` (collection, what it is called) this copy lacks.
async fn missing<'a>(
    pool: &SqlitePool,
    needed: &[(&str, &'a str)],
) -> Result<Option<&'a str>, StoreError> {
    for (collection, what) in needed {
        if !has_mirror(pool, collection).await? {
            return Ok(Some(what));
        }
    }
    Ok(None)
}

/// Whether `mirror_<collection>` has `column` (columns follow the platform's schema and the
/// member's column grants).
async fn has_column(pool: &SqlitePool, collection: &str, column: &str) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?")
        .bind(format!("mirror_{collection}"))
        .bind(column)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// The day `n` days from `day` as SQL text bounds compare it with synced timestamps
/// (`2026-11-01T…` sorts after `2026-10-31`).
fn day_text(day: NaiveDate, minus: u64, plus: u64) -> String {
    day.checked_sub_days(Days::new(minus))
        .and_then(|d| d.checked_add_days(Days::new(plus)))
        .unwrap_or(day)
        .to_string()
}

/// The SQL bounds of a period with a day's margin: `[first − 1 day, last + 2 days)`.
fn bounds(period: &Period) -> (String, String) {
    (
        day_text(period.first(), 1, 0),
        day_text(period.last(), 0, 2),
    )
}

/// A synced timestamp, or why the copy is corrupt.
fn at(text: &str, what: &str) -> Result<DateTime<Utc>, StoreError> {
    instant(text).ok_or_else(|| StoreError::Corrupt(format!("{what}: {text:?} is not a time")))
}

/// An optional synced timestamp.
fn at_opt(text: Option<String>, what: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.map(|t| at(&t, what)).transpose()
}

#[cfg(test)]
mod tests;
