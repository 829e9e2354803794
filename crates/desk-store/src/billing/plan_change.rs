//! What a proration preview starts from: a tenant's current subscription (plan, seats, price,
//! billing period) and the plans it could move to (active, in its currency), read from the
//! local copy; and a tenant picker for finance. The arithmetic is
//! `desk_domain::billing::proration`.

use serde::Serialize;
use sqlx::SqlitePool;

use crate::mirrors::has_mirror;
use crate::StoreError;

/// A tenant for the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct TenantOption {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its current plan, if subscribed.
    pub plan_name: Option<String>,
    /// Its billing currency, if subscribed.
    pub currency: Option<String>,
}

/// A tenant's current subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct CurrentSubscription {
    /// Subscription id.
    pub id: i64,
    /// Tenant id.
    pub tenant_id: String,
    /// Tenant name.
    pub tenant_name: String,
    /// Plan code.
    pub plan_code: String,
    /// Plan name.
    pub plan_name: String,
    /// per_seat or flat.
    pub pricing: String,
    /// Seats.
    pub seats: i64,
    /// What the tenant pays per seat (or flat) and period, minor units.
    pub unit_price_minor: i64,
    /// ISO currency.
    pub currency: String,
    /// month or year.
    pub interval: String,
    /// Current period start.
    pub period_start: String,
    /// Current period end.
    pub period_end: String,
    /// trialing, active, past_due, cancelled.
    pub status: String,
}

/// A plan the tenant could move to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct PlanOption {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// per_seat or flat.
    pub pricing: String,
    /// Price per seat (or flat) and interval, minor units.
    pub price_minor: i64,
    /// ISO currency.
    pub currency: String,
    /// month or year.
    pub interval: String,
}

/// Tenants whose name contains `text` (all, by name, when it is empty), at most `limit`.
pub async fn tenant_options(
    pool: &SqlitePool,
    text: &str,
    limit: u32,
) -> Result<Vec<TenantOption>, StoreError> {
    if !has_mirror(pool, "tenants").await? {
        return Ok(Vec::new());
    }
    let subscribed = has_mirror(pool, "subscriptions").await? && has_mirror(pool, "plans").await?;
    let (cols, join) = if subscribed {
        (
            "pl.name AS plan_name, s.currency",
            "LEFT JOIN mirror_subscriptions s ON s.id = (
                 SELECT x.id FROM mirror_subscriptions x WHERE x.tenant_id = t.id
                  ORDER BY x.status IN ('active', 'past_due', 'trialing') DESC, x.started_at DESC LIMIT 1)
             LEFT JOIN mirror_plans pl ON pl.code = s.plan_code",
        )
    } else {
        ("NULL AS plan_name, NULL AS currency", "")
    };
    let pattern = format!(
        "%{}%",
        text.trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    Ok(sqlx::query_as(&format!(
        "SELECT t.id, t.name, {cols} FROM mirror_tenants t {join}
          WHERE t.name LIKE ? ESCAPE '\\' ORDER BY t.name LIMIT ?"
    ))
    .bind(pattern)
    .bind(i64::from(limit.min(100)))
    .fetch_all(pool)
    .await?)
}

/// The tenant's current subscription (the live one, else its latest) and the active plans
/// in its currency, or none when it has no subscription in the local copy.
pub async fn plan_change_context(
    pool: &SqlitePool,
    tenant_id: &str,
) -> Result<Option<(CurrentSubscription, Vec<PlanOption>)>, StoreError> {
    for c in ["tenants", "subscriptions", "plans"] {
        if !has_mirror(pool, c).await? {
            return Ok(None);
        }
    }
    let sub: Option<CurrentSubscription> = sqlx::query_as(
        "SELECT s.id, s.tenant_id, t.name AS tenant_name, s.plan_code, pl.name AS plan_name,
                pl.pricing, s.seats, s.unit_price_minor, s.currency, s.interval,
                s.current_period_start AS period_start, s.current_period_end AS period_end, s.status
           FROM mirror_subscriptions s
           JOIN mirror_tenants t ON t.id = s.tenant_id
           JOIN mirror_plans pl ON pl.code = s.plan_code
          WHERE s.tenant_id = ?
          ORDER BY s.status IN ('active', 'past_due', 'trialing') DESC, s.started_at DESC LIMIT 1",
    )
    .bind(tenant_id)
    .fetch_optional(pool)
    .await?;
    let Some(sub) = sub else {
        return Ok(None);
    };
    let plans: Vec<PlanOption> = sqlx::query_as(
        "SELECT code, name, pricing, price_minor, currency, interval FROM mirror_plans
          WHERE currency = ? AND (active OR code = ?)
          ORDER BY interval, price_minor, code",
    )
    .bind(&sub.currency)
    .bind(&sub.plan_code)
    .fetch_all(pool)
    .await?;
    Ok(Some((sub, plans)))
}
