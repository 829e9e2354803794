//! Alerts across services, teams and severities over the last 90 days: most resolved (some as
//! false positives), recent ones acknowledged or still triggered (with the time they escalate
//! if nobody acknowledges), duplicates folded into one open alert per dedup key. Security
//! alerts reach only the security team; CS alerts name a tenant whose health dropped. Three
//! hours before "now" one failure cascades: auth-service's token validation breaks and, within
//! four minutes, api-gateway, campaign-scheduler and webhook-dispatcher alert too (the desk
//! groups alerts of different services that fire close together).

use chrono::Duration;
use rand::RngExt;

use super::tenants::TenantModel;
use super::{rng_for, Ctx};
use crate::load::Table;

/// (team, source service, title template, details)
const KINDS: [(&str, &str, &str, &str); 12] = [
    (
        "ops",
        "smtp-relay",
        "SMTP relay queue depth above 50k",
        "Outbound queue growing faster than it drains on relay pool {n}",
    ),
    (
        "ops",
        "api-gateway",
        "API p95 latency above SLO",
        "p95 over 250 ms for 10 minutes in region {n}",
    ),
    (
        "ops",
        "inbox-sync",
        "Inbox sync failures for Microsoft 365 mailboxes",
        "{n} mailboxes failed to sync in the last 15 minutes",
    ),
    (
        "ops",
        "webhook-dispatcher",
        "Webhook delivery retries piling up",
        "{n} webhooks waiting for retry",
    ),
    (
        "ops",
        "warmup-engine",
        "Warm-up pool reputation dropped",
        "Sender score fell below 80 on pool {n}",
    ),
    (
        "security",
        "auth-service",
        "Credential-stuffing pattern on customer logins",
        "{n} failed logins from one ASN in 5 minutes",
    ),
    (
        "security",
        "auth-service",
        "Staff login from a new country",
        "Login {n} signed in from an unusual location",
    ),
    (
        "security",
        "smtp-relay",
        "Outbound phishing content detected",
        "Content filter matched {n} messages",
    ),
    (
        "finance",
        "billing-service",
        "Payment failure rate spike",
        "{n}% of renewals failed in the last hour",
    ),
    (
        "finance",
        "billing-service",
        "Stripe webhook signature failures",
        "{n} webhook events rejected",
    ),
    (
        "cs",
        "deliverability-monitor",
        "Bounce rate above 8% for {tenant}",
        "Hard bounces rose to {n}% over 24 hours",
    ),
    (
        "cs",
        "analytics-pipeline",
        "Sending volume dropped 60% for {tenant}",
        "Week-over-week volume down for {n} days",
    ),
];

/// The cascade: (minutes after auth-service's alert, source service, severity, title, details).
const CASCADE: [(i64, &str, &str, &str, &str); 4] = [
    (
        0,
        "auth-service",
        "critical",
        "auth-service: token validation errors above 5 %",
        "7.4 % of token validations failed in the last 5 minutes (signing key cache empty)",
    ),
    (
        1,
        "api-gateway",
        "high",
        "api-gateway: 5xx rate above 2 % (upstream auth-service)",
        "401/503 answers from auth-service turned into 5xx for 3.1 % of API requests",
    ),
    (
        2,
        "campaign-scheduler",
        "high",
        "campaign-scheduler: scheduled sends failing to authenticate",
        "212 scheduled sends could not get a service token and were re-queued",
    ),
    (
        4,
        "webhook-dispatcher",
        "medium",
        "webhook-dispatcher: delivery retries piling up",
        "1,840 webhooks waiting for retry: token refresh failing",
    ),
];

/// When the cascade's first alert fired, before "now".
pub const CASCADE_AGO: Duration = Duration::hours(3);

/// The alerts table.
pub fn table() -> Table {
    Table::new(
        "platform.alerts",
        "id, dedup_key, source_service, severity, team, title, details, status, false_positive, occurrences, \
         acknowledged_by, acknowledged_at, resolved_by, resolved_at, escalate_after, created_at",
    )
}

/// Writes the alerts; returns the ids of the security alerts (incidents point at some).
pub fn write(ctx: &Ctx, tenants: &[TenantModel], table: &mut Table) -> Vec<i64> {
    let mut rng = rng_for(ctx.seed, "alerts", 0);
    let count = 300 + ctx.tenants / 20;
    let mut security = Vec::new();
    let mut open_keys: std::collections::HashSet<String> =
        CASCADE.iter().map(|c| cascade_key(c.1)).collect();
    let severities = [("critical", 1), ("high", 3), ("medium", 5), ("low", 4)];
    for i in 0..count {
        let id = i as i64 + 1;
        let (team, service, title, details) = KINDS[rng.random_range(0..KINDS.len())];
        let age_minutes = clear_of_cascade(rng.random_range(5..90 * 24 * 60));
        let created = ctx.now - Duration::minutes(age_minutes);
        let n = rng.random_range(2..400);
        let tenant = if tenants.is_empty() {
            None
        } else {
            Some(&tenants[rng.random_range(0..tenants.len())])
        };
        let tenant_name = tenant.map(|t| t.name.as_str()).unwrap_or("a tenant");
        let title = title.replace("{tenant}", tenant_name);
        let details = details.replace("{n}", &n.to_string());
        let mut w = rng.random_range(0..13);
        let mut severity = "low";
        for (s, weight) in severities {
            if w < weight {
                severity = s;
                break;
            }
            w -= weight;
        }
        // Older than two days: resolved; newer: any state.
        let r: f64 = rng.random();
        let status = if age_minutes > 2 * 24 * 60 || r < 0.4 {
            "resolved"
        } else if r < 0.7 {
            "acknowledged"
        } else {
            "triggered"
        };
        let slot = tenant.map(|t| t.index).unwrap_or(0) % 50;
        let mut dedup = format!(
            "{service}:{}:{slot}",
            title
                .split_whitespace()
                .next()
                .unwrap_or("alert")
                .to_lowercase()
        );
        if status != "resolved" && !open_keys.insert(dedup.clone()) {
            dedup = format!("{dedup}:{id}");
            open_keys.insert(dedup.clone());
        }
        let responder = match team {
            "security" => "sandbox_security",
            "finance" => "sandbox_finance",
            "cs" => "sandbox_cs",
            _ => "sandbox_ops",
        };
        let acked =
            (status != "triggered").then(|| created + Duration::minutes(rng.random_range(1..45)));
        let resolved = (status == "resolved")
            .then(|| acked.unwrap_or(created) + Duration::minutes(rng.random_range(5..600)));
        let escalate = (status == "triggered")
            .then(|| created + Duration::minutes(if severity == "critical" { 15 } else { 60 }));
        table
            .num(id)
            .text(&dedup)
            .text(service)
            .text(severity)
            .text(team)
            .text(&title)
            .text(&details)
            .text(status)
            .bool(status == "resolved" && rng.random_bool(0.12))
            .num(if rng.random_bool(0.25) {
                rng.random_range(2..30)
            } else {
                1
            })
            .opt_text(acked.map(|_| responder))
            .opt_ts(acked)
            .opt_text(resolved.map(|_| responder))
            .opt_ts(resolved.map(|r| r.min(ctx.now)))
            .opt_ts(escalate)
            .ts(created)
            .end();
        if team == "security" {
            security.push(id);
        }
    }
    write_cascade(ctx, count as i64, table);
    security
}

/// An alert's age in minutes, moved out of the ten minutes around the cascade so that no
/// other alert joins it (the desk chains alerts at most five minutes apart).
fn clear_of_cascade(age_minutes: i64) -> i64 {
    let first = CASCADE_AGO.num_minutes();
    let last = first - CASCADE.iter().map(|c| c.0).max().unwrap_or(0);
    if (last - 10..=first + 10).contains(&age_minutes) {
        age_minutes + 30
    } else {
        age_minutes
    }
}

fn cascade_key(service: &str) -> String {
    format!("{service}:cascade:token-validation")
}

/// The cascade's four alerts, ids after `last_id`: the first two acknowledged, the rest
/// still triggered.
fn write_cascade(ctx: &Ctx, last_id: i64, table: &mut Table) {
    let first = ctx.now - CASCADE_AGO;
    for (k, (after, service, severity, title, details)) in CASCADE.into_iter().enumerate() {
        let created = first + Duration::minutes(after);
        let acked = (k < 2).then(|| created + Duration::minutes(6 - after));
        let escalate = acked
            .is_none()
            .then(|| created + Duration::minutes(if severity == "critical" { 15 } else { 60 }));
        table
            .num(last_id + 1 + k as i64)
            .text(&cascade_key(service))
            .text(service)
            .text(severity)
            .text("ops")
            .text(title)
            .text(details)
            .text(if acked.is_some() {
                "acknowledged"
            } else {
                "triggered"
            })
            .bool(false)
            .num(1 + 2 * k as i64)
            .opt_text(acked.map(|_| "sandbox_ops"))
            .opt_ts(acked)
            .null()
            .null()
            .opt_ts(escalate)
            .ts(created)
            .end();
    }
}
