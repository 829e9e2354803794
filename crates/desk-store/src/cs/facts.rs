//! Reading the facts the health score needs out of the synced mirrors, for every tenant or for
//! one: small tables into maps keyed by tenant, and daily usage as a stream in tenant order (it
//! is the big one: 20,000 tenants × 180 days). A mirror the member does not sync (no grant, or
//! not synced yet) counts as empty, so a partial copy still gives a book.

use std::collections::HashMap;

use chrono::NaiveDate;
use desk_domain::health::{InvoiceFact, PaymentFact, SpanFact, UsageDay};
use desk_domain::signals::{PlanChange, PlanChangeKind};
use sqlx::{Row, SqlitePool};

use crate::mirrors::{day, has_mirror};
use crate::StoreError;

fn opt_day(text: Option<String>) -> Option<NaiveDate> {
    text.as_deref().and_then(day)
}

/// A tenant as the book shows it.
#[derive(Debug, Clone, Default)]
pub struct TenantFacts {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its sending domain.
    pub domain: String,
    /// Its plan's code.
    pub plan_code: Option<String>,
    /// trial, active, past_due or cancelled.
    pub status: Option<String>,
    /// The owning CSM's staff id.
    pub owner_csm: Option<String>,
    /// The next renewal (YYYY-MM-DD).
    pub renewal_date: Option<String>,
    /// Its billing currency.
    pub currency: Option<String>,
}

/// The tenant's current subscription, for seats and recurring revenue.
#[derive(Debug, Clone, Default)]
pub struct SubscriptionFacts {
    /// Seats bought.
    pub seats: i64,
    /// Monthly recurring revenue, minor units of its currency.
    pub mrr_minor: i64,
}

/// Everything but usage, keyed by tenant id.
#[derive(Debug, Default)]
pub struct Facts {
    /// Tenants, in id order.
    pub tenants: Vec<TenantFacts>,
    /// Plan names by code.
    pub plan_names: HashMap<String, String>,
    /// Staff names by id.
    pub staff_names: HashMap<String, String>,
    /// Current subscriptions.
    pub subscriptions: HashMap<String, SubscriptionFacts>,
    /// Payments in the lookback.
    pub payments: HashMap<String, Vec<PaymentFact>>,
    /// Invoices that were open at some point of the lookback.
    pub invoices: HashMap<String, Vec<InvoiceFact>>,
    /// Disputes open at some point of the lookback.
    pub disputes: HashMap<String, Vec<SpanFact>>,
    /// Escalations open at some point of the lookback.
    pub escalations: HashMap<String, Vec<SpanFact>>,
    /// Touchpoint days, all of them.
    pub touchpoints: HashMap<String, Vec<NaiveDate>>,
    /// Subscription events in the lookback.
    pub plan_changes: HashMap<String, Vec<PlanChange>>,
}

/// `AND <column> = ?` when reading one tenant; empty for all.
fn only(tenant: Option<&str>, column: &str) -> String {
    match tenant {
        Some(_) => format!(" AND {column} = ?"),
        None => String::new(),
    }
}

async fn rows(
    pool: &SqlitePool,
    sql: &str,
    since: Option<&str>,
    tenant: Option<&str>,
) -> Result<Vec<sqlx::sqlite::SqliteRow>, StoreError> {
    let mut q = sqlx::query(sql);
    if let Some(s) = since {
        q = q.bind(s);
    }
    if let Some(t) = tenant {
        q = q.bind(t);
    }
    Ok(q.fetch_all(pool).await?)
}

/// Reads every fact but usage, from `since` (YYYY-MM-DD) on where history is dated, for all
/// tenants or just `tenant`.
pub async fn load(
    pool: &SqlitePool,
    since: NaiveDate,
    tenant: Option<&str>,
) -> Result<Facts, StoreError> {
    let mut f = Facts::default();
    if !has_mirror(pool, "tenants").await? {
        return Ok(f);
    }
    let since = since.format("%Y-%m-%d").to_string();
    let s = Some(since.as_str());
    for r in rows(
        pool,
        &format!(
            "SELECT id, name, domain, plan_code, status, owner_csm, renewal_date, currency
               FROM mirror_tenants WHERE 1 = 1{} ORDER BY id",
            only(tenant, "id")
        ),
        None,
        tenant,
    )
    .await?
    {
        f.tenants.push(TenantFacts {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            domain: r.try_get("domain")?,
            plan_code: r.try_get("plan_code")?,
            status: r.try_get("status")?,
            owner_csm: r.try_get("owner_csm")?,
            renewal_date: r.try_get("renewal_date")?,
            currency: r.try_get("currency")?,
        });
    }
    let mut per_seat: HashMap<String, bool> = HashMap::new();
    if has_mirror(pool, "plans").await? {
        for r in rows(
            pool,
            "SELECT code, name, pricing FROM mirror_plans",
            None,
            None,
        )
        .await?
        {
            let code: String = r.try_get("code")?;
            let pricing: String = r.try_get("pricing")?;
            per_seat.insert(code.clone(), pricing == "per_seat");
            f.plan_names.insert(code, r.try_get("name")?);
        }
    }
    if has_mirror(pool, "staff").await? {
        for r in rows(pool, "SELECT id, full_name FROM mirror_staff", None, None).await? {
            f.staff_names
                .insert(r.try_get("id")?, r.try_get("full_name")?);
        }
    }
    if has_mirror(pool, "subscriptions").await? {
        // The live subscription if any, else the latest; ordered so the chosen one comes last.
        let sql = format!(
            "SELECT tenant_id, plan_code, seats, unit_price_minor, \"interval\", status
               FROM mirror_subscriptions WHERE 1 = 1{}
              ORDER BY tenant_id, status IN ('active', 'past_due', 'trialing'), started_at",
            only(tenant, "tenant_id")
        );
        for r in rows(pool, &sql, None, tenant).await? {
            let t: String = r.try_get("tenant_id")?;
            let seats: i64 = r.try_get("seats")?;
            let unit: i64 = r.try_get("unit_price_minor")?;
            let plan: String = r.try_get("plan_code")?;
            let status: String = r.try_get("status")?;
            let interval: String = r.try_get("interval")?;
            let per_period = if per_seat.get(&plan).copied().unwrap_or(true) {
                seats * unit
            } else {
                unit
            };
            let monthly = if interval == "year" {
                per_period / 12
            } else {
                per_period
            };
            let live = matches!(status.as_str(), "active" | "past_due" | "trialing");
            f.subscriptions.insert(
                t,
                SubscriptionFacts {
                    seats,
                    mrr_minor: if live { monthly } else { 0 },
                },
            );
        }
    }
    if has_mirror(pool, "payments").await? {
        let sql = format!(
            "SELECT tenant_id, attempted_at, status FROM mirror_payments
              WHERE attempted_at >= ?{}",
            only(tenant, "tenant_id")
        );
        for r in rows(pool, &sql, s, tenant).await? {
            let at: String = r.try_get("attempted_at")?;
            let status: String = r.try_get("status")?;
            if let Some(at) = day(&at) {
                f.payments
                    .entry(r.try_get("tenant_id")?)
                    .or_default()
                    .push(PaymentFact {
                        at,
                        failed: status == "failed",
                    });
            }
        }
    }
    if has_mirror(pool, "invoices").await? {
        let sql = format!(
            "SELECT tenant_id, due_at, paid_at, status, amount_due_minor - amount_paid_minor AS left_minor
               FROM mirror_invoices
              WHERE (status = 'open' OR (status = 'paid' AND paid_at >= ?)){}",
            only(tenant, "tenant_id")
        );
        for r in rows(pool, &sql, s, tenant).await? {
            let status: String = r.try_get("status")?;
            f.invoices
                .entry(r.try_get("tenant_id")?)
                .or_default()
                .push(InvoiceFact {
                    due: opt_day(r.try_get("due_at")?),
                    paid: opt_day(r.try_get("paid_at")?),
                    open: status == "open",
                    amount_due_minor: r.try_get::<i64, _>("left_minor")?.max(0),
                });
        }
    }
    if has_mirror(pool, "disputes").await? && has_mirror(pool, "payments").await? {
        let sql = format!(
            "SELECT p.tenant_id, d.opened_at, d.closed_at FROM mirror_disputes d
               JOIN mirror_payments p ON p.id = d.payment_id
              WHERE (d.closed_at IS NULL OR d.closed_at >= ?){}",
            only(tenant, "p.tenant_id")
        );
        for r in rows(pool, &sql, s, tenant).await? {
            push_span(&mut f.disputes, &r, "opened_at", "closed_at")?;
        }
    }
    if has_mirror(pool, "escalations").await? {
        let sql = format!(
            "SELECT tenant_id, opened_at, resolved_at FROM mirror_escalations
              WHERE (resolved_at IS NULL OR resolved_at >= ?){}",
            only(tenant, "tenant_id")
        );
        for r in rows(pool, &sql, s, tenant).await? {
            push_span(&mut f.escalations, &r, "opened_at", "resolved_at")?;
        }
    }
    if has_mirror(pool, "cs_touchpoints").await? {
        let sql = format!(
            "SELECT tenant_id, happened_at FROM mirror_cs_touchpoints WHERE 1 = 1{}",
            only(tenant, "tenant_id")
        );
        for r in rows(pool, &sql, None, tenant).await? {
            let at: String = r.try_get("happened_at")?;
            if let Some(d) = day(&at) {
                f.touchpoints
                    .entry(r.try_get("tenant_id")?)
                    .or_default()
                    .push(d);
            }
        }
    }
    if has_mirror(pool, "subscription_events").await? {
        let sql = format!(
            "SELECT tenant_id, occurred_at, kind, mrr_before_minor, mrr_after_minor
               FROM mirror_subscription_events WHERE occurred_at >= ?{}",
            only(tenant, "tenant_id")
        );
        for r in rows(pool, &sql, s, tenant).await? {
            let at: String = r.try_get("occurred_at")?;
            let kind: String = r.try_get("kind")?;
            if let (Some(at), Some(kind)) = (day(&at), PlanChangeKind::from_db(&kind)) {
                f.plan_changes
                    .entry(r.try_get("tenant_id")?)
                    .or_default()
                    .push(PlanChange {
                        at,
                        kind,
                        mrr_before_minor: r.try_get("mrr_before_minor")?,
                        mrr_after_minor: r.try_get("mrr_after_minor")?,
                    });
            }
        }
    }
    Ok(f)
}

fn push_span(
    into: &mut HashMap<String, Vec<SpanFact>>,
    r: &sqlx::sqlite::SqliteRow,
    opened: &str,
    closed: &str,
) -> Result<(), StoreError> {
    let tenant: String = r.try_get(0)?;
    let opened: String = r.try_get(opened)?;
    if let Some(opened) = day(&opened) {
        into.entry(tenant).or_default().push(SpanFact {
            opened,
            closed: opt_day(r.try_get(closed)?),
        });
    }
    Ok(())
}

/// Each tenant's daily usage from `since` on, packed by SQLite into one text per tenant
/// (`day,sent,bounces,replies,complaints,mailboxes,logins;…`), tenants in id order: one row
/// per tenant instead of one per day, which spares a few microseconds of row transfer for each
/// of the 3.6 million days a 20,000-tenant book reads (measured: 9× faster).
pub fn usage_sql(tenant: Option<&str>) -> String {
    format!(
        "SELECT t.id, (SELECT group_concat(u.day || ',' || u.emails_sent || ',' || u.bounces || ','
                              || u.replies || ',' || u.spam_complaints || ',' || u.active_mailboxes
                              || ',' || u.logins, ';')
                         FROM mirror_usage_daily u WHERE u.tenant_id = t.id AND u.day >= ?)
           FROM mirror_tenants t WHERE 1 = 1{} ORDER BY t.id",
        only(tenant, "t.id")
    )
}

/// The days of one tenant's packed usage (see [`usage_sql`]); malformed entries are skipped.
pub fn unpack_usage(packed: Option<&str>) -> Vec<UsageDay> {
    let Some(packed) = packed else {
        return Vec::new();
    };
    packed
        .split(';')
        .filter_map(|entry| {
            let mut f = entry.split(',');
            let day = day(f.next()?)?;
            let mut n = || f.next().and_then(|v| v.parse::<i64>().ok());
            Some(UsageDay {
                day,
                emails_sent: n()?,
                bounces: n()?,
                replies: n()?,
                spam_complaints: n()?,
                active_mailboxes: n()?,
                logins: n()?,
            })
        })
        .collect()
}

/// The latest usage day held locally: the day the synced data describes ("today" of the data).
pub async fn latest_usage_day(pool: &SqlitePool) -> Result<Option<NaiveDate>, StoreError> {
    if !has_mirror(pool, "usage_daily").await? {
        return Ok(None);
    }
    // The key is (tenant_id, day): take each tenant's last day through the index, then the max.
    let d: Option<String> = sqlx::query_scalar(
        "SELECT max((SELECT max(u.day) FROM mirror_usage_daily u WHERE u.tenant_id = t.id))
           FROM mirror_tenants t",
    )
    .fetch_one(pool)
    .await?;
    Ok(d.as_deref().and_then(day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_usage_unpacks_and_skips_what_it_cannot_read() {
        let days = unpack_usage(Some(
            "2026-11-01,100,2,5,0,3,7;garbage;2026-11-02,50,1,2,0,2,4",
        ));
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].emails_sent, 100);
        assert_eq!(days[1].logins, 4);
        assert_eq!(
            days[1].day,
            NaiveDate::from_ymd_opt(2026, 11, 2).expect("day")
        );
        assert!(unpack_usage(None).is_empty());
    }
}
