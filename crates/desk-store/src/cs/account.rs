//! The account 360 a CSM opens before a call: everything about one tenant from the local
//! copy, offline: the derived health (each factor's contribution, the trend, the signals),
//! plan and seats and their history, usage over 90 days and 12 months, invoices with their
//! payment state, open escalations, onboarding milestones, success plans and goals, and the
//! last touchpoints, each of the member's own records marked pending or refused until the
//! platform accepted it.

use desk_domain::health::HealthScore;
use desk_domain::signals::Signal;
use serde::Serialize;
use sqlx::{Row, SqlitePool};

use super::book::{BookRow, ROW_COLUMNS};
use crate::mirrors::has_mirror;
pub use crate::record_sync::RecordSync;
use crate::record_sync::{record_sync, sync_join};
use crate::StoreError;

/// A point of the score's trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// The day (YYYY-MM-DD).
    pub day: String,
    /// The score as of that day.
    pub score: i64,
}

/// The subscription as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    /// Plan code.
    pub plan_code: String,
    /// Seats bought.
    pub seats: i64,
    /// Price per seat (or flat) per interval, minor units.
    pub unit_price_minor: i64,
    /// Currency.
    pub currency: String,
    /// month or year.
    pub interval: String,
    /// trialing, active, past_due or cancelled.
    pub status: String,
    /// End of the current period.
    pub current_period_end: String,
    /// A scheduled cancellation.
    pub cancel_at: Option<String>,
    /// When it started.
    pub started_at: String,
}

/// A change of the subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct PlanEvent {
    /// When.
    pub occurred_at: String,
    /// created, upgraded, downgraded, seats_changed, cancelled, reactivated.
    pub kind: String,
    /// Plan before.
    pub plan_before: Option<String>,
    /// Plan after.
    pub plan_after: Option<String>,
    /// Seats before.
    pub seats_before: Option<i64>,
    /// Seats after.
    pub seats_after: Option<i64>,
    /// MRR before, minor units.
    pub mrr_before_minor: i64,
    /// MRR after, minor units.
    pub mrr_after_minor: i64,
    /// Currency.
    pub currency: String,
}

/// Usage over one day or one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct UsagePoint {
    /// The day (YYYY-MM-DD) or month (YYYY-MM).
    pub period: String,
    /// E-mails sent.
    pub emails_sent: i64,
    /// Replies.
    pub replies: i64,
    /// Bounces.
    pub bounces: i64,
    /// Spam complaints.
    pub spam_complaints: i64,
    /// Active mailboxes (for a month: the busiest day).
    pub active_mailboxes: i64,
    /// Logins.
    pub logins: i64,
}

/// An invoice with how its payment went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceView {
    /// Id.
    pub id: i64,
    /// Customer-facing number.
    pub number: String,
    /// draft, open, paid, void, uncollectible.
    pub status: String,
    /// Currency.
    pub currency: String,
    /// Total, minor units.
    pub total_minor: i64,
    /// Due after credits, minor units.
    pub amount_due_minor: i64,
    /// Paid, minor units.
    pub amount_paid_minor: i64,
    /// Issued.
    pub issued_at: Option<String>,
    /// Due.
    pub due_at: Option<String>,
    /// Paid.
    pub paid_at: Option<String>,
    /// Open and past its due date.
    pub overdue: bool,
    /// The latest payment attempt's status.
    pub last_payment_status: Option<String>,
    /// Why it failed, if it did.
    pub failure_reason: Option<String>,
}

/// An escalation not yet resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct EscalationView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// critical, high, medium, low.
    pub severity: String,
    /// Where it stands.
    pub state: String,
    /// Opened.
    pub opened_at: String,
    /// When the customer is owed the next update.
    pub next_update_due: Option<String>,
}

/// An onboarding milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Order in the plan.
    pub position: i64,
    /// Due (YYYY-MM-DD).
    pub due_on: Option<String>,
    /// Done when.
    pub completed_at: Option<String>,
    /// Not done and past due.
    pub overdue: bool,
    /// The platform's version (for a conflict check).
    pub version: i64,
    /// Whether the member's change reached the platform.
    pub sync: RecordSync,
}

/// A goal of a success plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct GoalView {
    /// Id.
    pub id: String,
    /// What the customer wants to achieve.
    pub description: String,
    /// Measured by.
    pub metric: Option<String>,
    /// Target (exact decimal text).
    pub target_value: Option<String>,
    /// Due.
    pub due_on: Option<String>,
    /// open, met, missed, dropped.
    pub status: String,
    /// Open and past due.
    pub overdue: bool,
}

/// A success plan with its goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SuccessPlanView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The customer's objective.
    pub objective: String,
    /// draft, active, achieved, abandoned.
    pub status: String,
    /// Its goals.
    pub goals: Vec<GoalView>,
}

/// A touchpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TouchpointView {
    /// Id.
    pub id: String,
    /// call, email, meeting, note.
    pub kind: String,
    /// What it was about.
    pub summary: String,
    /// What was agreed or learned.
    pub outcome: String,
    /// The follow-up.
    pub next_step: Option<String>,
    /// When it happened.
    pub happened_at: String,
    /// Who recorded it.
    pub author_name: Option<String>,
    /// Whether it reached the platform.
    pub sync: RecordSync,
}

/// A change of the member's to this account that the platform refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RefusedChange {
    /// The action, e.g. add_touchpoint.
    pub action: String,
    /// conflict, permission, validation or notFound.
    pub reason: String,
    /// The platform's words.
    pub message: String,
    /// When it was refused.
    pub at: String,
}

/// Everything about one account.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Account360 {
    /// The book's row.
    pub account: BookRow,
    /// The score with each factor's contribution.
    pub health: HealthScore,
    /// The score over the last 90 days.
    pub trend: Vec<TrendPoint>,
    /// Churn and expansion signals with their reasons.
    pub signals: Vec<Signal>,
    /// The current subscription.
    pub subscription: Option<SubscriptionView>,
    /// Its history, newest first.
    pub plan_history: Vec<PlanEvent>,
    /// Daily usage, the last 90 days of data.
    pub usage_daily: Vec<UsagePoint>,
    /// Monthly usage, the last 12 months of data.
    pub usage_monthly: Vec<UsagePoint>,
    /// The last 12 invoices, newest first.
    pub invoices: Vec<InvoiceView>,
    /// Escalations not yet resolved.
    pub escalations: Vec<EscalationView>,
    /// Onboarding milestones in order.
    pub milestones: Vec<MilestoneView>,
    /// Success plans with goals.
    pub success_plans: Vec<SuccessPlanView>,
    /// The last 20 touchpoints, newest first.
    pub touchpoints: Vec<TouchpointView>,
    /// The member's changes the platform refused.
    pub refused: Vec<RefusedChange>,
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// The account 360 of `tenant_id`, or none if it is not in the book.
pub async fn account(pool: &SqlitePool, tenant_id: &str) -> Result<Option<Account360>, StoreError> {
    let Some(row) = sqlx::query(&format!(
        "SELECT {ROW_COLUMNS}, h.health, h.trend, a.as_of FROM cs_accounts a JOIN cs_account_health h ON h.tenant_id = a.tenant_id WHERE a.tenant_id = ?"
    ))
    .bind(tenant_id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let account = <BookRow as sqlx::FromRow<_>>::from_row(&row)?;
    let health: HealthScore =
        serde_json::from_str(&row.try_get::<String, _>("health")?).map_err(corrupt)?;
    let trend: Vec<(String, i64)> =
        serde_json::from_str(&row.try_get::<String, _>("trend")?).map_err(corrupt)?;
    let signals: Vec<Signal> = account.signals.clone();
    let as_of: String = row.try_get("as_of")?;
    let t = tenant_id;

    let subscription = if has_mirror(pool, "subscriptions").await? {
        sqlx::query_as(
            "SELECT plan_code, seats, unit_price_minor, currency, \"interval\", status,
                    current_period_end, cancel_at, started_at
               FROM mirror_subscriptions WHERE tenant_id = ?
              ORDER BY status IN ('active', 'past_due', 'trialing') DESC, started_at DESC LIMIT 1",
        )
        .bind(t)
        .fetch_optional(pool)
        .await?
    } else {
        None
    };
    let plan_history = if has_mirror(pool, "subscription_events").await? {
        sqlx::query_as(
            "SELECT occurred_at, kind, plan_before, plan_after, seats_before, seats_after,
                    mrr_before_minor, mrr_after_minor, currency
               FROM mirror_subscription_events WHERE tenant_id = ? ORDER BY occurred_at DESC LIMIT 50",
        )
        .bind(t)
        .fetch_all(pool)
        .await?
    } else {
        Vec::new()
    };
    let (usage_daily, usage_monthly) = if has_mirror(pool, "usage_daily").await? {
        let daily = sqlx::query_as(
            "SELECT day AS period, emails_sent, replies, bounces, spam_complaints, active_mailboxes, logins
               FROM mirror_usage_daily WHERE tenant_id = ? AND day > date(?, '-90 days') AND day <= ?
              ORDER BY day",
        )
        .bind(t)
        .bind(&as_of)
        .bind(&as_of)
        .fetch_all(pool)
        .await?;
        let monthly = sqlx::query_as(
            "SELECT substr(day, 1, 7) AS period, sum(emails_sent) AS emails_sent, sum(replies) AS replies,
                    sum(bounces) AS bounces, sum(spam_complaints) AS spam_complaints,
                    max(active_mailboxes) AS active_mailboxes, sum(logins) AS logins
               FROM mirror_usage_daily
              WHERE tenant_id = ? AND day >= date(?, 'start of month', '-11 months') AND day <= ?
              GROUP BY substr(day, 1, 7) ORDER BY 1",
        )
        .bind(t)
        .bind(&as_of)
        .bind(&as_of)
        .fetch_all(pool)
        .await?;
        (daily, monthly)
    } else {
        (Vec::new(), Vec::new())
    };
    let invoices = if has_mirror(pool, "invoices").await? {
        let payments = has_mirror(pool, "payments").await?;
        let last_payment = if payments {
            "(SELECT p.status FROM mirror_payments p WHERE p.invoice_id = i.id ORDER BY p.attempted_at DESC LIMIT 1),
             (SELECT p.failure_reason FROM mirror_payments p WHERE p.invoice_id = i.id ORDER BY p.attempted_at DESC LIMIT 1)"
        } else {
            "NULL, NULL"
        };
        let sql = format!(
            "SELECT i.id, i.number, i.status, i.currency, i.total_minor, i.amount_due_minor,
                    i.amount_paid_minor, i.issued_at, i.due_at, i.paid_at,
                    (i.status = 'open' AND i.due_at < strftime('%Y-%m-%dT%H:%M:%S', 'now')) AS overdue,
                    {last_payment}
               FROM mirror_invoices i WHERE i.tenant_id = ?
              ORDER BY i.period_start DESC LIMIT 12"
        );
        let rows = sqlx::query(&sql).bind(t).fetch_all(pool).await?;
        rows.iter()
            .map(|r| {
                Ok(InvoiceView {
                    id: r.try_get(0)?,
                    number: r.try_get(1)?,
                    status: r.try_get(2)?,
                    currency: r.try_get(3)?,
                    total_minor: r.try_get(4)?,
                    amount_due_minor: r.try_get(5)?,
                    amount_paid_minor: r.try_get(6)?,
                    issued_at: r.try_get(7)?,
                    due_at: r.try_get(8)?,
                    paid_at: r.try_get(9)?,
                    overdue: r.try_get(10)?,
                    last_payment_status: r.try_get(11)?,
                    failure_reason: r.try_get(12)?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?
    } else {
        Vec::new()
    };
    let escalations = if has_mirror(pool, "escalations").await? {
        sqlx::query_as(
            "SELECT id, title, severity, state, opened_at, next_update_due FROM mirror_escalations
              WHERE tenant_id = ? AND resolved_at IS NULL
              ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, opened_at",
        )
        .bind(t)
        .fetch_all(pool)
        .await?
    } else {
        Vec::new()
    };
    let milestones = if has_mirror(pool, "onboarding_milestones").await? {
        let sql = format!(
            "SELECT m.id, m.title, m.position, m.due_on, m.completed_at, m.version, o.state, o.refusal,
                    (m.completed_at IS NULL AND m.due_on < date('now')) AS overdue
               FROM mirror_onboarding_milestones m {}
              WHERE m.tenant_id = ? ORDER BY m.position, m.due_on",
            sync_join("onboarding_milestones", "m.id")
        );
        let rows = sqlx::query(&sql).bind(t).fetch_all(pool).await?;
        rows.iter()
            .map(|r| {
                Ok(MilestoneView {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    position: r.try_get("position")?,
                    due_on: r.try_get("due_on")?,
                    completed_at: r.try_get("completed_at")?,
                    overdue: r.try_get("overdue")?,
                    version: r.try_get("version")?,
                    sync: record_sync(r.try_get("state")?, r.try_get("refusal")?),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?
    } else {
        Vec::new()
    };
    let success_plans = if has_mirror(pool, "success_plans").await? {
        let plans = sqlx::query(
            "SELECT id, title, objective, status FROM mirror_success_plans WHERE tenant_id = ?
              ORDER BY status = 'active' DESC, created_at DESC",
        )
        .bind(t)
        .fetch_all(pool)
        .await?;
        let with_goals = has_mirror(pool, "success_plan_goals").await?;
        let mut out = Vec::with_capacity(plans.len());
        for p in plans {
            let id: String = p.try_get("id")?;
            let goals = if with_goals {
                sqlx::query_as(
                    "SELECT id, description, metric, target_value, due_on, status,
                            (status = 'open' AND due_on < date('now')) AS overdue
                       FROM mirror_success_plan_goals WHERE plan_id = ? ORDER BY due_on IS NULL, due_on",
                )
                .bind(&id)
                .fetch_all(pool)
                .await?
            } else {
                Vec::new()
            };
            out.push(SuccessPlanView {
                id,
                title: p.try_get("title")?,
                objective: p.try_get("objective")?,
                status: p.try_get("status")?,
                goals,
            });
        }
        out
    } else {
        Vec::new()
    };
    let touchpoints = if has_mirror(pool, "cs_touchpoints").await? {
        let author = if has_mirror(pool, "staff").await? {
            "(SELECT s.full_name FROM mirror_staff s WHERE s.id = tp.author)"
        } else {
            "NULL"
        };
        let sql = format!(
            "SELECT tp.id, tp.kind, tp.summary, tp.outcome, tp.next_step, tp.happened_at,
                    {author} AS author_name, o.state, o.refusal
               FROM mirror_cs_touchpoints tp {}
              WHERE tp.tenant_id = ? ORDER BY tp.happened_at DESC LIMIT 20",
            sync_join("cs_touchpoints", "tp.id")
        );
        let rows = sqlx::query(&sql).bind(t).fetch_all(pool).await?;
        rows.iter()
            .map(|r| {
                Ok(TouchpointView {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    summary: r.try_get("summary")?,
                    outcome: r.try_get("outcome")?,
                    next_step: r.try_get("next_step")?,
                    happened_at: r.try_get("happened_at")?,
                    author_name: r.try_get("author_name")?,
                    sync: record_sync(r.try_get("state")?, r.try_get("refusal")?),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?
    } else {
        Vec::new()
    };
    let refused = sqlx::query(
        "SELECT action, refusal, updated_at FROM outbox
          WHERE state = 'refused' AND json_extract(args, '$.tenant_id') = ?
          ORDER BY id DESC LIMIT 20",
    )
    .bind(t)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let sync = record_sync(Some("refused".into()), r.try_get("refusal")?);
        let (reason, message) = match sync {
            RecordSync::Refused { reason, message } => (reason, message),
            _ => (String::new(), String::new()),
        };
        Ok(RefusedChange {
            action: r.try_get("action")?,
            reason,
            message,
            at: r.try_get("updated_at")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;

    Ok(Some(Account360 {
        account,
        health,
        trend: trend
            .into_iter()
            .map(|(day, score)| TrendPoint { day, score })
            .collect(),
        signals,
        subscription,
        plan_history,
        usage_daily,
        usage_monthly,
        invoices,
        escalations,
        milestones,
        success_plans,
        touchpoints,
        refused,
    }))
}
