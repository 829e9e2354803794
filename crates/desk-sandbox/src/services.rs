//! The sandbox's platform services, so that operations work can be tried end to end: a small
//! HTTP server on loopback answering each service's health check (`/health/<service>`), some
//! slow, some failing, on a schedule; and a deployer that works the deployment and rollback
//! requests the desk writes into the platform database, with a configurable failure rate. The
//! desk probes the endpoints and reads what the deployer records; it never fakes an outcome.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Timelike, Utc};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use sqlx::PgPool;
use tokio::sync::Mutex;

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

/// What the health server answers: the known services, each on the schedule unless pinned.
#[derive(Debug, Clone, Default)]
pub struct HealthPlan {
    /// The services it knows (others get 404).
    pub services: Vec<String>,
    /// Services pinned to one behaviour (tests; otherwise the schedule decides).
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

/// What one pass of the deployer did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployerPass {
    /// Deployments taken from requested to running.
    pub started: u64,
    /// Deployments finished (succeeded or failed).
    pub finished: u64,
    /// Rollbacks worked to their end.
    pub rolled_back: u64,
}

/// The deployer: requested deployments start; running ones older than `work` finish,
/// failing at `failure_rate` (0–1); requested rollbacks run and, unless they fail, put the
/// deployment back to its previous version (status `rolled_back`).
pub struct Deployer {
    /// How long a deployment or rollback takes.
    pub work: Duration,
    /// The share of deployments and rollbacks that fail.
    pub failure_rate: f64,
    rng: Mutex<ChaCha8Rng>,
}

impl Deployer {
    /// A deployer with a seeded draw of failures.
    pub fn new(work: Duration, failure_rate: f64, seed: u64) -> Deployer {
        Deployer {
            work,
            failure_rate: failure_rate.clamp(0.0, 1.0),
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(seed)),
        }
    }

    async fn fails(&self) -> bool {
        self.rng.lock().await.random_bool(self.failure_rate)
    }

    /// One pass over the requests, as the platform's superuser.
    pub async fn pass(&self, pool: &PgPool) -> Result<DeployerPass, SandboxError> {
        let mut done = DeployerPass::default();
        let work = self.work.as_secs_f64();
        done.started = sqlx::query(
            "UPDATE platform.deployments SET status = 'running', started_at = now() WHERE status = 'requested'",
        )
        .execute(pool)
        .await?
        .rows_affected();
        let running: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM platform.deployments
              WHERE status = 'running' AND started_at <= now() - make_interval(secs => $1)
              ORDER BY id",
        )
        .bind(work)
        .fetch_all(pool)
        .await?;
        for id in running {
            let failed = self.fails().await;
            sqlx::query(
                "UPDATE platform.deployments SET status = $2, finished_at = now(),
                        notes = concat_ws(E'\\n', notes, $3) WHERE id = $1",
            )
            .bind(id)
            .bind(if failed { "failed" } else { "succeeded" })
            .bind(if failed {
                "deployer: health checks failed after the rollout"
            } else {
                "deployer: rolled out, health checks passed"
            })
            .execute(pool)
            .await?;
            done.finished += 1;
        }
        sqlx::query(
            "UPDATE platform.rollback_requests SET status = 'running' WHERE status = 'requested'",
        )
        .execute(pool)
        .await?;
        let rollbacks: Vec<(String, i64)> = sqlx::query_as(
            "SELECT id::text, deployment_id FROM platform.rollback_requests
              WHERE status = 'running' AND requested_at <= now() - make_interval(secs => $1)
              ORDER BY requested_at",
        )
        .bind(work)
        .fetch_all(pool)
        .await?;
        for (id, deployment) in rollbacks {
            let failed = self.fails().await;
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE platform.rollback_requests SET status = $2, finished_at = now() WHERE id = $1::uuid",
            )
            .bind(id)
            .bind(if failed { "failed" } else { "succeeded" })
            .execute(&mut *tx)
            .await?;
            if !failed {
                sqlx::query(
                    "UPDATE platform.deployments SET status = 'rolled_back', finished_at = coalesce(finished_at, now()),
                            notes = concat_ws(E'\\n', notes, 'deployer: rolled back to ' || coalesce(previous_version, 'the previous version'))
                      WHERE id = $1",
                )
                .bind(deployment)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            done.rolled_back += 1;
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
            pinned: BTreeMap::from([("api-gateway".to_string(), Behaviour::Failing)]),
        };
        assert_eq!(
            plan.behaviour("api-gateway", at(1)),
            Some(Behaviour::Failing)
        );
        assert_eq!(plan.behaviour("nope", at(1)), None);
    }
}
