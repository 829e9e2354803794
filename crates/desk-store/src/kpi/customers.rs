//! The customer and revenue KPIs' reads: the subscriptions' history up to the period's end
//! (retention needs each customer's MRR at its start), the invoices issued in the period with
//! their lines' sum, and the payments collected in it with what their invoice asked and
//! collected (finance and customer success hold these).

use std::collections::HashMap;

use desk_domain::kpi::customers::{self, InvoiceCheck, PaymentCheck, SubscriptionChange};
use desk_domain::kpi::{KpiOutcome, Period};
use desk_domain::signals::PlanChangeKind;
use sqlx::{Row, SqlitePool};

use super::{at, bounds, missing, not_held, Source};
use crate::mirrors::has_mirror;
use crate::StoreError;

/// Tenant names by id, when the copy holds the tenants.
async fn names(pool: &SqlitePool) -> Result<HashMap<String, String>, StoreError> {
    if !has_mirror(pool, "tenants").await? {
        return Ok(HashMap::new());
    }
    Ok(sqlx::query_as("SELECT id, name FROM mirror_tenants")
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect())
}

/// Retention, churn and expansion revenue: every subscription event before the period's end.
pub(super) async fn subscriptions(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if let Some(what) = missing(
        pool,
        &[("subscription_events", "the subscriptions' history")],
    )
    .await?
    {
        return Ok(not_held(Source::Subscriptions, what));
    }
    let names = names(pool).await?;
    let (_, to) = bounds(period);
    let mut events = Vec::new();
    for r in sqlx::query(
        "SELECT id, subscription_id, tenant_id, kind, occurred_at, mrr_before_minor, mrr_after_minor,
                currency
           FROM mirror_subscription_events WHERE occurred_at < ?",
    )
    .bind(&to)
    .fetch_all(pool)
    .await?
    {
        let kind: String = r.try_get("kind")?;
        let tenant_id: String = r.try_get("tenant_id")?;
        events.push(SubscriptionChange {
            id: r.try_get("id")?,
            subscription_id: r.try_get("subscription_id")?,
            tenant_name: names.get(&tenant_id).cloned().unwrap_or_else(|| tenant_id.clone()),
            tenant_id,
            kind: PlanChangeKind::from_db(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("subscription event kind {kind:?}")))?,
            occurred_at: at(&r.try_get::<String, _>("occurred_at")?, "subscription event")?,
            mrr_before_minor: r.try_get("mrr_before_minor")?,
            mrr_after_minor: r.try_get("mrr_after_minor")?,
            currency: r.try_get("currency")?,
        });
    }
    Ok(vec![
        customers::customer_retention(&events, period),
        customers::customer_churn(&events, period),
        customers::expansion_revenue(&events, period),
    ])
}

/// Invoice accuracy: the invoices issued in the period with their lines' count and sum.
pub(super) async fn invoices(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    let needed = [("invoices", "invoices"), ("invoice_lines", "invoice lines")];
    if let Some(what) = missing(pool, &needed).await? {
        return Ok(not_held(Source::Invoices, what));
    }
    let names = names(pool).await?;
    let (from, to) = bounds(period);
    let mut invoices = Vec::new();
    for r in sqlx::query(
        "SELECT i.id, i.number, i.tenant_id, i.status, i.issued_at, i.currency, i.subtotal_minor,
                (SELECT count(*) FROM mirror_invoice_lines l WHERE l.invoice_id = i.id) AS lines,
                (SELECT coalesce(sum(l.amount_minor), 0) FROM mirror_invoice_lines l
                  WHERE l.invoice_id = i.id) AS lines_sum
           FROM mirror_invoices i WHERE i.issued_at >= ? AND i.issued_at < ?",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?
    {
        let tenant_id: String = r.try_get("tenant_id")?;
        invoices.push(InvoiceCheck {
            id: r.try_get("id")?,
            number: r.try_get("number")?,
            tenant: names.get(&tenant_id).cloned().unwrap_or(tenant_id),
            status: r.try_get("status")?,
            issued_at: Some(at(
                &r.try_get::<String, _>("issued_at")?,
                "invoice issued_at",
            )?),
            currency: r.try_get("currency")?,
            subtotal_minor: r.try_get("subtotal_minor")?,
            line_count: r.try_get("lines")?,
            lines_sum_minor: r.try_get("lines_sum")?,
        });
    }
    Ok(vec![customers::invoice_accuracy(&invoices, period)])
}

/// Payments reconciled: payments attempted in the period that collected money, with their
/// invoice's status, tenant, currency, amount due and what all its payments collected.
pub(super) async fn payments(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    let needed = [("payments", "payments"), ("invoices", "invoices")];
    if let Some(what) = missing(pool, &needed).await? {
        return Ok(not_held(Source::Payments, what));
    }
    let names = names(pool).await?;
    let (from, to) = bounds(period);
    let mut payments = Vec::new();
    for r in sqlx::query(
        "SELECT p.id, p.status, p.attempted_at, p.tenant_id, p.amount_minor, p.currency,
                i.number, i.status AS invoice_status, i.tenant_id AS invoice_tenant_id,
                i.currency AS invoice_currency, i.amount_due_minor,
                (SELECT coalesce(sum(q.amount_minor), 0) FROM mirror_payments q
                  WHERE q.invoice_id = p.invoice_id AND q.status <> 'failed') AS collected
           FROM mirror_payments p JOIN mirror_invoices i ON i.id = p.invoice_id
          WHERE p.status <> 'failed' AND p.attempted_at >= ? AND p.attempted_at < ?",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?
    {
        let tenant_id: String = r.try_get("tenant_id")?;
        payments.push(PaymentCheck {
            id: r.try_get("id")?,
            status: r.try_get("status")?,
            attempted_at: at(&r.try_get::<String, _>("attempted_at")?, "payment")?,
            tenant: names
                .get(&tenant_id)
                .cloned()
                .unwrap_or_else(|| tenant_id.clone()),
            tenant_id,
            amount_minor: r.try_get("amount_minor")?,
            currency: r.try_get("currency")?,
            invoice_number: r.try_get("number")?,
            invoice_status: r.try_get("invoice_status")?,
            invoice_tenant_id: r.try_get("invoice_tenant_id")?,
            invoice_currency: r.try_get("invoice_currency")?,
            invoice_due_minor: r.try_get("amount_due_minor")?,
            invoice_collected_minor: r.try_get("collected")?,
        });
    }
    Ok(vec![customers::payment_reconciliation(&payments, period)])
}
