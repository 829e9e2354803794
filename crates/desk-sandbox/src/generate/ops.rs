//! The platform's services (with their SLA), thirty days of five-minute health metrics, two
//! years of deployments (with the automated test run each shipped with, its release title and
//! the health checks the deployer ran) including failures, partial rollouts and reviewed
//! rollbacks: what the ops staff's health dashboard and deployments screens show (the
//! third-party integrations are [`super::integrations`]).
//!
//! The metrics are shaped for the dashboard's comparisons: every service behaves the same this
//! week as last, except that smtp-relay had a bad hour yesterday and inbox-sync has been slower
//! and more error-prone for the last seven days (an optimisation candidate).

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rand::rngs::ChaCha8Rng;
use rand::RngExt;
use serde_json::{json, Value};

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

/// Days of five-minute metrics (the dashboard shows 24 h, 7 d and 30 d).
pub const METRIC_DAYS: i64 = 30;
const BUCKETS_PER_DAY: i64 = 24 * 12;
/// The service with a bad hour yesterday (index into [`SERVICES`]).
const SMTP_RELAY: usize = 1;
/// The service that got worse this week (index into [`SERVICES`]).
const INBOX_SYNC: usize = 3;
/// The regions a deployment rolls out to.
const REGIONS: [&str; 3] = ["us-east", "us-west", "eu-west"];

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
}

/// Generates the ops tables.
pub fn write(ctx: &Ctx) -> Tables {
    let mut rng = rng_for(ctx.seed, "ops", 0);
    let mut t = Tables {
        services: Table::new("platform.services", "name, team, health_url, sla_target, p95_target_ms, created_at"),
        metrics: Table::new("platform.service_metrics", "service, bucket, p95_ms, error_rate, requests"),
        deployments: Table::new(
            "platform.deployments",
            "id, service, version, previous_version, status, requested_by, requested_at, started_at, finished_at, notes, \
             test_result_ref, reason, health_checks",
        ),
        rollbacks: Table::new(
            "platform.rollback_requests",
            "id, deployment_id, requested_by, reason, status, requested_at, finished_at, outcome, impact, lessons, \
             reviewed_by, reviewed_at",
        ),
    };
    write_services(ctx, &mut t.services);
    write_metrics(ctx, &mut rng, &mut t.metrics);
    write_deployments(ctx, &mut rng, &mut t);
    t
}

fn write_services(ctx: &Ctx, table: &mut Table) {
    let start = ctx.window_start_ts();
    for (name, team, sla, p95) in SERVICES {
        table
            .text(name)
            .text(team)
            .text(&format!("https://{name}.internal.penguinmails.com/healthz"))
            .num(sla)
            .num(p95)
            .ts(start)
            .end();
    }
}

/// Thirty days of five-minute buckets ending at `ctx.now`.
fn write_metrics(ctx: &Ctx, rng: &mut ChaCha8Rng, table: &mut Table) {
    let buckets = METRIC_DAYS * BUCKETS_PER_DAY;
    let first = ctx.now - Duration::minutes(5 * buckets);
    for (si, (name, _, _, p95)) in SERVICES.iter().enumerate() {
        let base = f64::from(*p95) * rng.random_range(0.35..0.7);
        let volume = rng.random_range(2_000..60_000);
        for b in 0..buckets {
            let (slower, err) = bucket_shape(rng, si, buckets - b);
            let p = base * rng.random_range(0.85..1.25) * slower;
            table
                .text(name)
                .ts(first + Duration::minutes(5 * b))
                .num(format!("{p:.1}"))
                .num(format!("{err:.5}"))
                .num(volume + rng.random_range(0..volume / 5))
                .end();
        }
    }
}

/// How much slower than usual a bucket is, and its error rate, for the service at index
/// `service` and the bucket `ago` buckets before now (1 = the last one).
fn bucket_shape(rng: &mut ChaCha8Rng, service: usize, ago: i64) -> (f64, f64) {
    let bad_hour = service == SMTP_RELAY && ago > 12 * 20 && ago <= 12 * 21;
    let this_week = ago <= 7 * BUCKETS_PER_DAY;
    if bad_hour {
        (3.5, rng.random_range(0.02..0.08))
    } else if service == INBOX_SYNC && this_week {
        (1.5, rng.random_range(0.004..0.008))
    } else {
        (1.0, rng.random_range(0.0..0.004))
    }
}

/// One generated deployment, as written.
struct Deployment {
    id: i64,
    service: &'static str,
    version: String,
    previous: Option<String>,
    status: &'static str,
    requested_by: &'static str,
    requested_at: DateTime<Utc>,
    started: DateTime<Utc>,
    finished: Option<DateTime<Utc>>,
    notes: Option<String>,
    test_result_ref: String,
    reason: String,
    health_checks: Value,
}

/// Deployments: about one per service every ten days, the newest possibly still running.
fn write_deployments(ctx: &Ctx, rng: &mut ChaCha8Rng, t: &mut Tables) {
    let start = ctx.window_start_ts();
    let mut id = 0i64;
    let deployers = ["ci-release", "ci-release", "ci-release", "sandbox_ops"];
    for (name, _, _, p95_target) in SERVICES {
        let mut version = (rng.random_range(1..4), 0u32);
        let mut tests = rng.random_range(300..2_400);
        let mut at = start + Duration::hours(rng.random_range(0..240));
        let mut previous: Option<String> = None;
        while at < ctx.now {
            version.1 += 1;
            if rng.random_bool(0.1) {
                version = (version.0 + 1, 0);
            }
            tests += rng.random_range(0..8);
            id += 1;
            let v = format!("{}.{}.{}", at.format("%Y"), version.0, version.1);
            let last = at + Duration::days(10) >= ctx.now;
            let status = deployment_status(rng, last);
            let started = at + Duration::minutes(rng.random_range(1..10));
            let finished =
                (status != "running").then(|| started + Duration::minutes(rng.random_range(3..40)));
            let requested_by = deployers[rng.random_range(0..deployers.len())];
            let ci_run = 20_000 + (at - start).num_hours() * 2 + rng.random_range(0..2);
            let region = REGIONS[rng.random_range(0..REGIONS.len())];
            let d = Deployment {
                id,
                service: name,
                reason: release_title(rng, name, &v, requested_by),
                test_result_ref: format!("ci#{ci_run}: {tests} passed, 0 failed"),
                notes: deployment_notes(status, region),
                health_checks: finished
                    .map(|f| health_checks(rng, status, region, f, p95_target))
                    .unwrap_or_else(|| json!([])),
                version: v,
                previous: previous.clone(),
                status,
                requested_by,
                requested_at: at,
                started,
                finished,
            };
            write_deployment(&mut t.deployments, &d);
            if let (Some(prev), Some(finished), "rolled_back") =
                (d.previous.as_deref(), d.finished, d.status)
            {
                write_rollback(ctx, rng, &mut t.rollbacks, &d, prev, finished);
            }
            if status == "succeeded" {
                previous = Some(d.version);
            }
            at += Duration::hours(rng.random_range(72..400));
        }
    }
}

/// About 5 % fail, 4 % are rolled back, 3 % stop part-way; the newest may still run.
fn deployment_status(rng: &mut ChaCha8Rng, last: bool) -> &'static str {
    let r: f64 = rng.random();
    if last && r < 0.3 {
        "running"
    } else if r < 0.05 {
        "failed"
    } else if r < 0.09 {
        "rolled_back"
    } else if r < 0.12 {
        "partially_deployed"
    } else {
        "succeeded"
    }
}

/// `region`: where a partial rollout stopped.
fn deployment_notes(status: &str, region: &str) -> Option<String> {
    match status {
        "failed" => Some("health checks failed after the canary; stopped automatically".into()),
        "rolled_back" => Some("error rate rose after release; rolled back".into()),
        "partially_deployed" => Some(format!(
            "rolled out to 2 of 3 regions; {region} stopped at the canary"
        )),
        _ => None,
    }
}

/// What a release of `service` brought (CI's release title), or why ops deployed it by hand.
fn release_title(rng: &mut ChaCha8Rng, service: &str, version: &str, by: &str) -> String {
    let features = features(service);
    let feature = features[rng.random_range(0..features.len())];
    if by == "ci-release" {
        format!("Release {version}: {feature}")
    } else {
        format!("Hotfix {version}: {feature}, needed before the next send peak")
    }
}

fn features(service: &str) -> [&'static str; 3] {
    match service {
        "api-gateway" => [
            "per-tenant rate limits",
            "faster token introspection",
            "HTTP/2 to upstreams",
        ],
        "smtp-relay" => [
            "faster bounce parsing",
            "TLS session reuse",
            "smarter retry backoff",
        ],
        "campaign-scheduler" => [
            "lease renewal fix",
            "time-zone aware sends",
            "smaller batches at peak",
        ],
        "inbox-sync" => [
            "Graph API delta sync",
            "IMAP IDLE reconnects",
            "mailbox sync sharding",
        ],
        "warmup-engine" => [
            "gentler ramp for new domains",
            "reply simulation tuning",
            "pool rotation",
        ],
        "tracking-service" => [
            "bot-click filtering",
            "open pixel caching",
            "link redirect speed-up",
        ],
        "billing-service" => [
            "idempotent seat changes",
            "proration rounding fix",
            "dunning e-mail copy",
        ],
        "auth-service" => [
            "SAML certificate rollover",
            "session revocation",
            "login throttling",
        ],
        "webhook-dispatcher" => [
            "signed payloads v2",
            "retry queue per endpoint",
            "dead-letter replay",
        ],
        "analytics-pipeline" => [
            "late-event backfill",
            "hourly rollups",
            "cheaper compaction",
        ],
        "deliverability-monitor" => [
            "blocklist coverage",
            "Postmaster data import",
            "spam-trap alerts",
        ],
        _ => [
            "incremental reindexing",
            "typo-tolerant search",
            "index warm-up",
        ],
    }
}

fn write_deployment(table: &mut Table, d: &Deployment) {
    table
        .num(d.id)
        .text(d.service)
        .text(&d.version)
        .opt_text(d.previous.as_deref())
        .text(d.status)
        .text(d.requested_by)
        .ts(d.requested_at)
        .ts(d.started)
        .opt_ts(d.finished)
        .opt_text(d.notes.as_deref())
        .text(&d.test_result_ref)
        .text(&d.reason)
        .json(&d.health_checks)
        .end();
}

/// One element of a deployment's `health_checks`.
pub fn health_check(
    check: &str,
    ok: bool,
    latency_ms: Option<i64>,
    detail: &str,
    at: DateTime<Utc>,
) -> Value {
    json!({
        "check": check,
        "ok": ok,
        "latencyMs": latency_ms,
        "detail": detail,
        "at": at.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}

/// The three checks the deployer ran once a deployment had rolled out: the health endpoint,
/// the error rate and the p95 latency. Failed and rolled-back deployments fail at least one,
/// a partial rollout the health endpoint of the region where it stopped.
fn health_checks(
    rng: &mut ChaCha8Rng,
    status: &str,
    region: &str,
    finished: DateTime<Utc>,
    p95_target: i32,
) -> Value {
    // Which check fails: 0 health endpoint, 1 error rate, 2 p95 latency.
    let failing = match status {
        "failed" => Some(rng.random_range(0..3)),
        "rolled_back" => Some(1),
        "partially_deployed" => Some(0),
        _ => None,
    };
    let at = |i: i64| finished - Duration::seconds(30 * (3 - i));
    let endpoint = match (failing, status) {
        (Some(0), "partially_deployed") => health_check(
            "health endpoint",
            false,
            None,
            &format!("{region} canary: timed out after 3 s"),
            at(0),
        ),
        (Some(0), _) => {
            let ms = rng.random_range(5..40);
            health_check(
                "health endpoint",
                false,
                Some(ms),
                "503 Service Unavailable",
                at(0),
            )
        }
        _ => {
            let ms = rng.random_range(20..180);
            health_check(
                "health endpoint",
                true,
                Some(ms),
                &format!("200 OK in {ms} ms"),
                at(0),
            )
        }
    };
    let error_rate = if failing == Some(1) {
        rng.random_range(1.5..6.0)
    } else {
        rng.random_range(0.0..0.5)
    };
    let errors = health_check(
        "error rate",
        failing != Some(1),
        None,
        &format!("error rate {error_rate:.1} % (limit 1 %)"),
        at(1),
    );
    let target = i64::from(p95_target);
    let p95 = if failing == Some(2) {
        target * rng.random_range(130..300) / 100
    } else {
        target * rng.random_range(35..90) / 100
    };
    let latency = health_check(
        "p95 latency",
        failing != Some(2),
        Some(p95),
        &format!("p95 {p95} ms (target {target} ms)"),
        at(2),
    );
    json!([endpoint, errors, latency])
}

const IMPACTS: [&str; 4] = [
    "About {share} % of requests to {service} failed for {minutes} minutes; no data was lost",
    "{service} answered slowly for {minutes} minutes; some campaigns went out late",
    "A handful of tenants saw errors from {service} for {minutes} minutes; support got three tickets",
    "{service} retried its work after the rollback; nothing was lost, {share} % was delayed",
];

const LESSONS: [&str; 4] = [
    "Gate the canary on the error rate, not only on the health endpoint",
    "Load-test releases with production-sized queues before promoting",
    "Put risky changes behind a feature flag and roll them out by tenant",
    "Alert on the error rate per region, not only globally",
];

/// The rollback of a deployment that was rolled back: it succeeded; most have been reviewed.
fn write_rollback(
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
    table: &mut Table,
    d: &Deployment,
    previous: &str,
    finished: DateTime<Utc>,
) {
    let requested = finished + Duration::minutes(rng.random_range(5..60));
    let took = rng.random_range(2..15);
    let done = requested + Duration::minutes(took);
    let reviewed_at = done + Duration::hours(rng.random_range(2..72));
    let reviewed = rng.random_bool(0.85) && reviewed_at <= ctx.now;
    let minutes = (done - d.started).num_minutes().to_string();
    let share = rng.random_range(1..9).to_string();
    let fill = |s: &str| {
        s.replace("{service}", d.service)
            .replace("{minutes}", &minutes)
            .replace("{share}", &share)
    };
    let impact = fill(IMPACTS[rng.random_range(0..IMPACTS.len())]);
    let lessons = LESSONS[rng.random_range(0..LESSONS.len())];
    table
        .uuid(uuid_from(rng))
        .num(d.id)
        .text("sandbox_ops")
        .text("error rate above the SLO after the release")
        .text("succeeded")
        .ts(requested)
        .ts(done)
        .text(&format!(
            "deployer: rolled back to {previous} in {took} min"
        ))
        .opt_text(reviewed.then_some(impact.as_str()))
        .opt_text(reviewed.then_some(lessons))
        .opt_text(reviewed.then_some("sandbox_ops"))
        .opt_ts(reviewed.then_some(reviewed_at))
        .end();
}
