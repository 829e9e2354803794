//! The platform's services (with their SLA), a week of five-minute health metrics, two years
//! of deployments with failures and rollbacks, and the third-party integrations with three days
//! of health checks: what the ops staff's health dashboard, deployments and integrations
//! screens show.

use chrono::Duration;
use rand::RngExt;

use super::{rng_for, uuid_from, Ctx};
use crate::load::Table;

/// (name, owning team, SLA %, p95 target ms)
pub const SERVICES: [(&str, &str, &str, i32); 12] = [
    ("api-gateway", "platform", "99.950", 250),
    ("smtp-relay", "deliverability", "99.900", 1500),
    ("campaign-scheduler", "growth", "99.900", 500),
    ("inbox-sync", "deliverability", "99.500", 2000),
    ("warmup-engine", "deliverability", "99.000", 3000),
    ("tracking-service", "growth", "99.900", 150),
    ("billing-service", "billing", "99.950", 400),
    ("auth-service", "identity", "99.990", 200),
    ("webhook-dispatcher", "platform", "99.500", 800),
    ("analytics-pipeline", "data", "99.000", 5000),
    ("deliverability-monitor", "deliverability", "99.500", 1000),
    ("search-indexer", "data", "99.000", 1200),
];

/// (name, kind, status page, API version, deprecation in days, credential rotation in days)
type Integration = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
    i64,
);

/// The ops tables.
pub struct Tables {
    /// platform.services
    pub services: Table,
    /// platform.service_metrics
    pub metrics: Table,
    /// platform.deployments
    pub deployments: Table,
    /// platform.rollback_requests
    pub rollbacks: Table,
    /// platform.integrations
    pub integrations: Table,
    /// platform.integration_checks
    pub checks: Table,
}

/// Generates the ops tables.
pub fn write(ctx: &Ctx) -> Tables {
    let mut rng = rng_for(ctx.seed, "ops", 0);
    let mut t = Tables {
        services: Table::new("platform.services", "name, team, health_url, sla_target, p95_target_ms, created_at"),
        metrics: Table::new("platform.service_metrics", "service, bucket, p95_ms, error_rate, requests"),
        deployments: Table::new(
            "platform.deployments",
            "id, service, version, previous_version, status, requested_by, requested_at, started_at, finished_at, notes",
        ),
        rollbacks: Table::new(
            "platform.rollback_requests",
            "id, deployment_id, requested_by, reason, status, requested_at, finished_at",
        ),
        integrations: Table::new(
            "platform.integrations",
            "name, kind, status, status_url, api_version, deprecation_deadline, credential_rotation_due, owner_team, notes",
        ),
        checks: Table::new("platform.integration_checks", "id, integration, checked_at, ok, latency_ms, error"),
    };
    let start = ctx.window_start_ts();
    for (name, team, sla, p95) in SERVICES {
        t.services
            .text(name)
            .text(team)
            .text(&format!("https://{name}.internal.penguinmails.com/healthz"))
            .num(sla)
            .num(p95)
            .ts(start)
            .end();
    }
    // A week of five-minute buckets; one service has a bad hour yesterday.
    let buckets = 7 * 24 * 12;
    let first = ctx.now - Duration::minutes(5 * buckets);
    for (si, (name, _, _, p95)) in SERVICES.iter().enumerate() {
        let base = f64::from(*p95) * rng.random_range(0.35..0.7);
        let volume = rng.random_range(2_000..60_000);
        for b in 0..buckets {
            let at = first + Duration::minutes(5 * b);
            let bad = si == 1 && (buckets - b) > 12 * 20 && (buckets - b) <= 12 * 21;
            let p = base * rng.random_range(0.85..1.25) * if bad { 3.5 } else { 1.0 };
            let err = if bad {
                rng.random_range(0.02..0.08)
            } else {
                rng.random_range(0.0..0.004)
            };
            t.metrics
                .text(name)
                .ts(at)
                .num(format!("{p:.1}"))
                .num(format!("{err:.5}"))
                .num(volume + rng.random_range(0..volume / 5))
                .end();
        }
    }
    // Deployments: about one per service every ten days, newest possibly still running.
    let mut id = 0i64;
    let deployers = ["ci-release", "ci-release", "ci-release", "sandbox_ops"];
    for (name, ..) in SERVICES {
        let mut version = (rng.random_range(1..4), 0u32);
        let mut at = start + Duration::hours(rng.random_range(0..240));
        let mut previous: Option<String> = None;
        while at < ctx.now {
            version.1 += 1;
            if rng.random_bool(0.1) {
                version = (version.0 + 1, 0);
            }
            let v = format!("{}.{}.{}", at.format("%Y"), version.0, version.1);
            id += 1;
            let last = at + Duration::days(10) >= ctx.now;
            let r: f64 = rng.random();
            let status = if last && r < 0.3 {
                "running"
            } else if r < 0.05 {
                "failed"
            } else if r < 0.09 {
                "rolled_back"
            } else {
                "succeeded"
            };
            let started = at + Duration::minutes(rng.random_range(1..10));
            let finished =
                (status != "running").then(|| started + Duration::minutes(rng.random_range(3..40)));
            let notes = match status {
                "failed" => Some("health checks failed after the canary; stopped automatically"),
                "rolled_back" => Some("error rate rose after release; rolled back"),
                _ => None,
            };
            t.deployments
                .num(id)
                .text(name)
                .text(&v)
                .opt_text(previous.as_deref())
                .text(status)
                .text(deployers[rng.random_range(0..deployers.len())])
                .ts(at)
                .ts(started)
                .opt_ts(finished)
                .opt_text(notes)
                .end();
            if status == "rolled_back" && previous.is_some() {
                let requested =
                    finished.unwrap_or(started) + Duration::minutes(rng.random_range(5..60));
                t.rollbacks
                    .uuid(uuid_from(&mut rng))
                    .num(id)
                    .text("sandbox_ops")
                    .text("error rate above the SLO after the release")
                    .text("succeeded")
                    .ts(requested)
                    .ts(requested + Duration::minutes(rng.random_range(2..15)))
                    .end();
            }
            if status != "failed" && status != "rolled_back" {
                previous = Some(v);
            }
            at += Duration::hours(rng.random_range(72..400));
        }
    }
    let integrations: [Integration; 10] = [
        (
            "stripe",
            "payments",
            "https://status.stripe.com",
            "2024-06-20",
            Some(200),
            45,
        ),
        (
            "google-workspace",
            "email_provider",
            "https://www.google.com/appsstatus",
            "gmail-v1",
            None,
            80,
        ),
        (
            "microsoft-365",
            "email_provider",
            "https://status.office.com",
            "graph-v1.0",
            Some(-20),
            20,
        ),
        (
            "amazon-ses",
            "email_provider",
            "https://health.aws.amazon.com",
            "sesv2",
            None,
            150,
        ),
        (
            "hubspot",
            "crm",
            "https://status.hubspot.com",
            "crm-v3",
            Some(90),
            10,
        ),
        (
            "salesforce",
            "crm",
            "https://status.salesforce.com",
            "v58.0",
            Some(30),
            120,
        ),
        (
            "okta",
            "identity",
            "https://status.okta.com",
            "v1",
            None,
            -3,
        ),
        (
            "segment",
            "analytics",
            "https://status.segment.com",
            "tracking-v1",
            None,
            60,
        ),
        (
            "slack",
            "other",
            "https://status.slack.com",
            "web-api",
            None,
            200,
        ),
        (
            "twilio",
            "other",
            "https://status.twilio.com",
            "2010-04-01",
            Some(365),
            30,
        ),
    ];
    let today = ctx.as_of;
    let mut check_id = 0i64;
    for (i, (name, kind, url, api, deprecation, rotation)) in integrations.iter().enumerate() {
        let status = match i {
            2 => "degraded",
            6 => "down",
            _ => "healthy",
        };
        t.integrations
            .text(name)
            .text(kind)
            .text(status)
            .text(url)
            .text(api)
            .opt_date(deprecation.map(|d| today + Duration::days(d)))
            .date(today + Duration::days(*rotation))
            .text(if *kind == "payments" {
                "billing"
            } else {
                "ops"
            })
            .text(match status {
                "degraded" => "Graph API throttling mailbox sync since this morning",
                "down" => "SSO logins failing: vendor incident open",
                _ => "",
            })
            .end();
        for c in 0..(3 * 24 * 4) {
            check_id += 1;
            let at = ctx.now - Duration::minutes(15 * (3 * 24 * 4 - c));
            let recent = c > 3 * 24 * 4 - 16;
            let ok = match status {
                "down" if recent => false,
                "degraded" if recent => rng.random_bool(0.6),
                _ => rng.random_bool(0.995),
            };
            t.checks
                .num(check_id)
                .text(name)
                .ts(at)
                .bool(ok)
                .opt_num(ok.then(|| rng.random_range(40..900)))
                .opt_text((!ok).then_some(if status == "down" {
                    "HTTP 503 from vendor"
                } else {
                    "timeout after 10 s"
                }))
                .end();
        }
    }
    t
}
