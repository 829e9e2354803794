//! The sandbox's platform services, so that operations work can be tried end to end: a small
//! HTTP server on loopback answering each service's health check (`/health/<service>`) and each
//! third-party integration's status endpoint (`/status/<integration>`, a status-page JSON), some
//! slow, some failing, on a schedule; and a deployer that works the deployment and rollback
//! requests the desk writes into the platform database, with a configurable failure rate. When
//! a deployment has rolled out, the deployer checks the service's health endpoint for real and
//! records what it found (`health_checks`); a rollback gets the deployer's `outcome`. The desk
//! probes the endpoints and reads what the deployer records; it never fakes an outcome.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Timelike, Utc};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use sqlx::PgPool;
use tokio::sync::Mutex;

use crate::generate::ops::health_check;
use crate::SandboxError;

/// How a service's health endpoint behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// 200 at once.
    Healthy,
    /// 200, but only after [`SLOW_ANSWER`] (longer than the desk's probe waits).
    Slow,
    /// 503 at once.
    Failing,
}

/// How long a slow endpoint takes to answer.
pub const SLOW_ANSWER: Duration = Duration::from_secs(7);

/// The sandbox's schedule: which services misbehave when. The deliverability monitor is slow
/// in the first two minutes of every ten, the webhook dispatcher fails in minutes five and
/// six of every ten, the analytics pipeline fails for the first quarter of every hour; the
/// rest are healthy.
pub fn scheduled(service: &str, at: DateTime<Utc>) -> Behaviour {
    let minute = at.minute();
    match service {
        "deliverability-monitor" if minute % 10 < 2 => Behaviour::Slow,
        "webhook-dispatcher" if (5..7).contains(&(minute % 10)) => Behaviour::Failing,
        "analytics-pipeline" if minute < 15 => Behaviour::Failing,
        _ => Behaviour::Healthy,
    }
}

/// The schedule of the integrations' status endpoints: SendGrid (the provider that has been
/// degrading) answers 503 in minutes three to five of every ten, Microsoft 365 is slow in the
/// first two minutes of every twenty; the rest are operational.
pub fn integration_scheduled(integration: &str, at: DateTime<Utc>) -> Behaviour {
    let minute = at.minute();
    match integration {
        "sendgrid" if (3..6).contains(&(minute % 10)) => Behaviour::Failing,
        "microsoft-365" if minute % 20 < 2 => Behaviour::Slow,
        _ => Behaviour::Healthy,
    }
}

/// What the health server answers: the known services and integrations, each on its schedule
/// unless pinned.
#[derive(Debug, Clone, Default)]
pub struct HealthPlan {
    /// The services it knows (others get 404).
    pub services: Vec<String>,
    /// The integrations whose status endpoint it serves (others get 404).
    pub integrations: Vec<String>,
    /// Services and integrations pinned to one behaviour (tests; otherwise the schedule
    /// decides).
    pub pinned: BTreeMap<String, Behaviour>,
}

impl HealthPlan {
    fn behaviour(&self, service: &str, at: DateTime<Utc>) -> Option<Behaviour> {
        if !self.services.iter().any(|s| s == service) {
            return None;
        }
        Some(
            self.pinned
                .get(service)
                .copied()
                .unwrap_or_else(|| scheduled(service, at)),
        )
    }

    fn integration_behaviour(&self, integration: &str, at: DateTime<Utc>) -> Option<Behaviour> {
        if !self.integrations.iter().any(|s| s == integration) {
            return None;
        }
        Some(
            self.pinned
                .get(integration)
                .copied()
                .unwrap_or_else(|| integration_scheduled(integration, at)),
        )
    }
}

async fn health(
    State(plan): State<Arc<HealthPlan>>,
    Path(service): Path<String>,
) -> (StatusCode, String) {
    match plan.behaviour(&service, Utc::now()) {
        None => (StatusCode::NOT_FOUND, format!("no service {service}\n")),
        Some(Behaviour::Healthy) => (StatusCode::OK, "ok\n".into()),
        Some(Behaviour::Slow) => {
            tokio::time::sleep(SLOW_ANSWER).await;
            (StatusCode::OK, "ok (slowly)\n".into())
        }
        Some(Behaviour::Failing) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{service} is failing\n"),
        ),
    }
}

/// A status-page answer (the shape Atlassian Statuspage serves, which most vendors use).
fn status_page(indicator: &str, description: &str) -> String {
    serde_json::json!({ "status": { "indicator": indicator, "description": description } })
        .to_string()
}

async fn integration_status(
    State(plan): State<Arc<HealthPlan>>,
    Path(integration): Path<String>,
) -> (
    StatusCode,
    [(axum::http::HeaderName, &'static str); 1],
    String,
) {
    let json = [(axum::http::header::CONTENT_TYPE, "application/json")];
    match plan.integration_behaviour(&integration, Utc::now()) {
        None => (
            StatusCode::NOT_FOUND,
            json,
            status_page("unknown", &format!("no integration {integration}")),
        ),
        Some(Behaviour::Healthy) => (
            StatusCode::OK,
            json,
            status_page("none", "All Systems Operational"),
        ),
        Some(Behaviour::Slow) => {
            tokio::time::sleep(SLOW_ANSWER).await;
            (
                StatusCode::OK,
                json,
                status_page("minor", "Degraded Performance"),
            )
        }
        Some(Behaviour::Failing) => (
            StatusCode::SERVICE_UNAVAILABLE,
            json,
            status_page("major", &format!("{integration}: Major Outage")),
        ),
    }
}

/// Binds the health server on loopback (`port` 0: any free one) and returns its address and
/// the future that serves it.
pub async fn health_server(
    plan: HealthPlan,
    port: u16,
) -> Result<
    (
        SocketAddr,
        impl std::future::Future<Output = std::io::Result<()>>,
    ),
    SandboxError,
> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(SandboxError::io("the health server's port"))?;
    let addr = listener
        .local_addr()
        .map_err(SandboxError::io("the health server's port"))?;
    let app = Router::new()
        .route("/health/{service}", get(health))
        .route("/status/{integration}", get(integration_status))
        .with_state(Arc::new(plan));
    Ok((addr, async move { axum::serve(listener, app).await }))
}

/// Points every platform service's health check at the health server on `addr`.
pub async fn point_health_urls(pool: &PgPool, addr: SocketAddr) -> Result<u64, SandboxError> {
    Ok(sqlx::query(
        "UPDATE platform.services SET health_url = 'http://' || $1 || '/health/' || name",
    )
    .bind(addr.to_string())
    .execute(pool)
    .await?
    .rows_affected())
}

/// Points every integration's status endpoint, and that of every integration being onboarded
/// (it is copied when it reaches production), at the health server on `addr`.
pub async fn point_status_urls(pool: &PgPool, addr: SocketAddr) -> Result<u64, SandboxError> {
    let mut tx = pool.begin().await?;
    let mut n = sqlx::query(
        "UPDATE platform.integrations SET status_url = 'http://' || $1 || '/status/' || name",
    )
    .bind(addr.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    n += sqlx::query(
        "UPDATE platform.integration_onboardings SET status_url = 'http://' || $1 || '/status/' || name
          WHERE completed_at IS NULL",
    )
    .bind(addr.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(n)
}

/// How long the deployer waits for a service's health endpoint after a rollout.
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(3);

/// What one pass of the deployer did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployerPass {
    /// Deployments taken from requested to running.
    pub started: u64,
    /// Deployments finished (succeeded, failed or partially deployed).
    pub finished: u64,
    /// Rollbacks worked to their end (succeeded or failed).
    pub rolled_back: u64,
}

/// How often `serve` runs the platform's monitor of the integrations' deadlines.
pub const MONITOR_EVERY: Duration = Duration::from_secs(60);

/// What one look of the platform's monitor at the integrations' deadlines did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct MonitorPass {
    /// Alerts raised (a deprecation under 30 days, a rotation due within 14).
    pub raised: i32,
    /// Open alerts whose deadline came closer, raised in severity.
    pub escalated: i32,
    /// Open alerts resolved because the migration is done or the rotation recorded.
    pub resolved: i32,
}

impl MonitorPass {
    /// Whether it changed any alert.
    pub fn changed(&self) -> bool {
        *self != Self::default()
    }
}

impl std::fmt::Display for MonitorPass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} alerts raised, {} escalated, {} resolved",
            self.raised, self.escalated, self.resolved
        )
    }
}

/// The platform's monitor: raises (and resolves) the ops alerts for deprecated API versions
/// and credential rotations coming due, as the platform's owner
/// (`platform.raise_integration_alerts`, migration 0021).
pub async fn raise_integration_alerts(pool: &PgPool) -> Result<MonitorPass, SandboxError> {
    Ok(sqlx::query_as(
        "SELECT raised, escalated, resolved FROM platform.raise_integration_alerts()",
    )
    .fetch_one(pool)
    .await?)
}

/// What the deployer's check of a service's health endpoint found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthResult {
    /// Whether it answered 2xx in time.
    pub ok: bool,
    /// How long the answer took (none when there was none).
    pub latency_ms: Option<i64>,
    /// "200 OK in 84 ms", "503 Service Unavailable", "timed out after 3 s", …
    pub detail: String,
}

impl HealthResult {
    fn failed(detail: String) -> HealthResult {
        HealthResult {
            ok: false,
            latency_ms: None,
            detail,
        }
    }
}

/// How a finished deployment ends: the failure draw fails it; else the partial draw stops
/// it in one region; else the health check decides. Returns its status and the deployer's note.
pub fn deployment_outcome(
    failure_drawn: bool,
    partial_drawn: bool,
    health: &HealthResult,
) -> (&'static str, String) {
    if failure_drawn {
        (
            "failed",
            "deployer: the canary failed; the rollout stopped automatically".into(),
        )
    } else if partial_drawn {
        (
            "partially_deployed",
            "deployer: rolled out to 2 of 3 regions; the third stopped at the canary".into(),
        )
    } else if !health.ok {
        (
            "failed",
            format!(
                "deployer: rolled out, but the health check failed ({}); stopped",
                health.detail
            ),
        )
    } else {
        (
            "succeeded",
            "deployer: rolled out, health checks passed".into(),
        )
    }
}

/// The deployer: requested deployments start; running ones older than `work` finish after a
/// real check of the service's health endpoint, failing or stopping part-way at
/// `failure_rate` (0–1); requested rollbacks run and, unless they fail, put the deployment
/// back to its previous version (status `rolled_back`). It only works what was requested.
pub struct Deployer {
    /// How long a deployment or rollback takes.
    pub work: Duration,
    /// The share of deployments and rollbacks that fail (half as many again stop part-way).
    pub failure_rate: f64,
    rng: Mutex<ChaCha8Rng>,
    /// The health checks' client, or why there is none (then every check fails with it).
    http: Result<reqwest::Client, String>,
}

impl Deployer {
    /// A deployer with a seeded draw of failures.
    pub fn new(work: Duration, failure_rate: f64, seed: u64) -> Deployer {
        // reqwest's rustls needs a process-wide crypto provider; the first call installs ring's.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(HEALTH_TIMEOUT)
            .build()
            .map_err(|e| format!("could not make an HTTP client: {e}"));
        Deployer {
            work,
            failure_rate: failure_rate.clamp(0.0, 1.0),
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(seed)),
            http,
        }
    }

    async fn fails(&self) -> bool {
        self.rng.lock().await.random_bool(self.failure_rate)
    }

    /// The two draws of a finishing deployment: (fails, stops part-way).
    async fn draws(&self) -> (bool, bool) {
        let mut rng = self.rng.lock().await;
        let failed = rng.random_bool(self.failure_rate);
        (failed, rng.random_bool(self.failure_rate / 2.0))
    }

    /// GETs `url` once, waiting at most [`HEALTH_TIMEOUT`].
    pub async fn check_health(&self, url: &str) -> HealthResult {
        let client = match &self.http {
            Ok(c) => c,
            Err(e) => return HealthResult::failed(e.clone()),
        };
        let started = Instant::now();
        match client.get(url).send().await {
            Ok(r) => {
                let ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
                let status = r.status();
                let line = match status.canonical_reason() {
                    Some(reason) => format!("{} {reason}", status.as_u16()),
                    None => status.as_u16().to_string(),
                };
                HealthResult {
                    ok: status.is_success(),
                    latency_ms: Some(ms),
                    detail: if status.is_success() {
                        format!("{line} in {ms} ms")
                    } else {
                        line
                    },
                }
            }
            Err(e) if e.is_timeout() => {
                HealthResult::failed(format!("timed out after {} s", HEALTH_TIMEOUT.as_secs()))
            }
            Err(e) if e.is_connect() => HealthResult::failed(format!("could not connect: {e}")),
            Err(e) => HealthResult::failed(format!("failed: {e}")),
        }
    }

    /// One pass over the requests, as the platform's superuser.
    pub async fn pass(&self, pool: &PgPool) -> Result<DeployerPass, SandboxError> {
        let done = DeployerPass {
            started: sqlx::query(
                "UPDATE platform.deployments SET status = 'running', started_at = now() WHERE status = 'requested'",
            )
            .execute(pool)
            .await?
            .rows_affected(),
            finished: self.finish_deployments(pool).await?,
            rolled_back: self.work_rollbacks(pool).await?,
        };
        Ok(done)
    }

    /// Finishes the running deployments whose work time has passed.
    async fn finish_deployments(&self, pool: &PgPool) -> Result<u64, SandboxError> {
        let running: Vec<(i64, String)> = sqlx::query_as(
            "SELECT d.id, s.health_url FROM platform.deployments d
               JOIN platform.services s ON s.name = d.service
              WHERE d.status = 'running' AND d.started_at <= now() - make_interval(secs => $1)
              ORDER BY d.id",
        )
        .bind(self.work.as_secs_f64())
        .fetch_all(pool)
        .await?;
        let mut finished = 0;
        for (id, url) in running {
            let health = self.check_health(&url).await;
            let (failed, partial) = self.draws().await;
            let (status, note) = deployment_outcome(failed, partial, &health);
            let checks = serde_json::Value::Array(vec![health_check(
                "health endpoint",
                health.ok,
                health.latency_ms,
                &health.detail,
                Utc::now(),
            )]);
            // Only if it still runs: the deployer does not overwrite what happened meanwhile.
            finished += sqlx::query(
                "UPDATE platform.deployments SET status = $2, finished_at = now(),
                        notes = concat_ws(E'\\n', notes, $3), health_checks = $4::text::jsonb
                  WHERE id = $1 AND status = 'running'",
            )
            .bind(id)
            .bind(status)
            .bind(note)
            .bind(checks.to_string())
            .execute(pool)
            .await?
            .rows_affected();
        }
        Ok(finished)
    }

    /// Starts the requested rollbacks and finishes those whose work time has passed.
    async fn work_rollbacks(&self, pool: &PgPool) -> Result<u64, SandboxError> {
        sqlx::query(
            "UPDATE platform.rollback_requests SET status = 'running' WHERE status = 'requested'",
        )
        .execute(pool)
        .await?;
        let rollbacks: Vec<(String, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT r.id::text, r.deployment_id, d.version, d.previous_version
               FROM platform.rollback_requests r JOIN platform.deployments d ON d.id = r.deployment_id
              WHERE r.status = 'running' AND r.requested_at <= now() - make_interval(secs => $1)
              ORDER BY r.requested_at",
        )
        .bind(self.work.as_secs_f64())
        .fetch_all(pool)
        .await?;
        let mut done = 0;
        for (id, deployment, version, previous) in rollbacks {
            let failed = self.fails().await;
            let previous = previous.unwrap_or_else(|| "the previous version".into());
            let outcome = if failed {
                format!("deployer: rollback failed: {previous} did not start; {version} still runs")
            } else {
                format!("deployer: rolled back to {previous}")
            };
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE platform.rollback_requests SET status = $2, finished_at = now(), outcome = $3
                  WHERE id = $1::uuid",
            )
            .bind(id)
            .bind(if failed { "failed" } else { "succeeded" })
            .bind(&outcome)
            .execute(&mut *tx)
            .await?;
            if !failed {
                sqlx::query(
                    "UPDATE platform.deployments SET status = 'rolled_back', finished_at = coalesce(finished_at, now()),
                            notes = concat_ws(E'\\n', notes, $2)
                      WHERE id = $1",
                )
                .bind(deployment)
                .bind(&outcome)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            done += 1;
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_makes_some_services_misbehave_part_of_the_time() {
        let at = |m: u32| {
            DateTime::parse_from_rfc3339(&format!("2026-12-02T10:{m:02}:00Z"))
                .expect("time")
                .with_timezone(&Utc)
        };
        assert_eq!(scheduled("deliverability-monitor", at(1)), Behaviour::Slow);
        assert_eq!(
            scheduled("deliverability-monitor", at(3)),
            Behaviour::Healthy
        );
        assert_eq!(scheduled("webhook-dispatcher", at(15)), Behaviour::Failing);
        assert_eq!(scheduled("webhook-dispatcher", at(17)), Behaviour::Healthy);
        assert_eq!(scheduled("analytics-pipeline", at(14)), Behaviour::Failing);
        assert_eq!(scheduled("analytics-pipeline", at(15)), Behaviour::Healthy);
        assert_eq!(scheduled("api-gateway", at(1)), Behaviour::Healthy);
        let plan = HealthPlan {
            services: vec!["api-gateway".into()],
            integrations: vec!["stripe".into()],
            pinned: BTreeMap::from([("api-gateway".to_string(), Behaviour::Failing)]),
        };
        assert_eq!(
            plan.behaviour("api-gateway", at(1)),
            Some(Behaviour::Failing)
        );
        assert_eq!(plan.behaviour("nope", at(1)), None);
        assert_eq!(
            plan.behaviour("stripe", at(1)),
            None,
            "an integration is no service"
        );
        assert_eq!(
            plan.integration_behaviour("stripe", at(1)),
            Some(Behaviour::Healthy)
        );
        assert_eq!(plan.integration_behaviour("api-gateway", at(1)), None);
    }

    #[test]
    fn sendgrid_fails_three_minutes_in_ten_and_microsoft_is_slow_two_in_twenty() {
        let at = |m: u32| {
            DateTime::parse_from_rfc3339(&format!("2026-12-02T10:{m:02}:00Z"))
                .expect("time")
                .with_timezone(&Utc)
        };
        let failing: Vec<u32> = (0..60)
            .filter(|m| integration_scheduled("sendgrid", at(*m)) == Behaviour::Failing)
            .collect();
        assert_eq!(failing.len(), 18);
        assert_eq!(&failing[..3], [3, 4, 5]);
        assert_eq!(integration_scheduled("sendgrid", at(6)), Behaviour::Healthy);
        assert_eq!(
            integration_scheduled("microsoft-365", at(21)),
            Behaviour::Slow
        );
        assert_eq!(
            integration_scheduled("microsoft-365", at(22)),
            Behaviour::Healthy
        );
        assert!((0..60).all(|m| integration_scheduled("stripe", at(m)) == Behaviour::Healthy));
    }

    #[test]
    fn a_deployment_fails_on_the_draw_stops_part_way_or_follows_its_health_check() {
        let healthy = HealthResult {
            ok: true,
            latency_ms: Some(12),
            detail: "200 OK in 12 ms".into(),
        };
        let failing = HealthResult {
            ok: false,
            latency_ms: Some(3),
            detail: "503 Service Unavailable".into(),
        };
        assert_eq!(deployment_outcome(true, true, &healthy).0, "failed");
        let (status, note) = deployment_outcome(false, true, &healthy);
        assert_eq!(status, "partially_deployed");
        assert!(note.contains("2 of 3 regions"), "{note}");
        let (status, note) = deployment_outcome(false, false, &failing);
        assert_eq!(status, "failed");
        assert!(
            note.contains("health check failed (503 Service Unavailable)"),
            "{note}"
        );
        assert_eq!(deployment_outcome(false, false, &healthy).0, "succeeded");
    }

    #[tokio::test]
    async fn the_health_check_reports_an_answer_an_error_status_or_a_timeout() {
        let plan = HealthPlan {
            services: vec!["a".into(), "b".into(), "c".into()],
            integrations: vec!["stripe".into(), "sendgrid".into()],
            pinned: BTreeMap::from([
                ("sendgrid".to_string(), Behaviour::Failing),
                ("a".to_string(), Behaviour::Healthy),
                ("b".to_string(), Behaviour::Failing),
                ("c".to_string(), Behaviour::Slow),
            ]),
        };
        let (addr, server) = health_server(plan, 0).await.expect("bind");
        tokio::spawn(server);
        let deployer = Deployer::new(Duration::ZERO, 0.0, 1);
        let url = |s: &str| format!("http://{addr}/health/{s}");
        let ok = deployer.check_health(&url("a")).await;
        assert!(ok.ok && ok.latency_ms.is_some(), "{ok:?}");
        assert!(ok.detail.starts_with("200 OK in "), "{ok:?}");
        let failing = deployer.check_health(&url("b")).await;
        assert!(!failing.ok && failing.latency_ms.is_some(), "{failing:?}");
        assert_eq!(failing.detail, "503 Service Unavailable");
        let stripe = deployer
            .check_health(&format!("http://{addr}/status/stripe"))
            .await;
        assert!(stripe.ok, "{stripe:?}");
        let sendgrid = deployer
            .check_health(&format!("http://{addr}/status/sendgrid"))
            .await;
        assert_eq!(sendgrid.detail, "503 Service Unavailable");
        let missing = deployer
            .check_health(&format!("http://{addr}/status/nope"))
            .await;
        assert_eq!(missing.detail, "404 Not Found");
        let slow = deployer.check_health(&url("c")).await;
        assert_eq!(
            slow,
            HealthResult {
                ok: false,
                latency_ms: None,
                detail: "timed out after 3 s".into()
            }
        );
    }
}
