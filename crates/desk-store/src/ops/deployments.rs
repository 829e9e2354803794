//! Deployments from the synced copy: each with its automated test result, the health checks
//! the deployer ran after it and the rollbacks asked of it (with their outcome, impact and
//! lessons), newest first; and the success and rollback rates per service and month. Works
//! offline; progress of a requested deployment arrives through sync.

use std::collections::BTreeMap;

use desk_domain::operations::{rollback_offered, DeployRate};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use crate::mirrors::{day, has_mirror};
use crate::StoreError;

/// The most deployments one read returns.
pub const DEPLOYMENTS_LIMIT: usize = 1_000;

/// Which deployments to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentQuery {
    /// One service; none: all.
    pub service: Option<String>,
    /// requested, running, succeeded, failed, partially_deployed, rolled_back; empty: all.
    pub statuses: Vec<String>,
}

/// One health check the deployer ran after a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentCheck {
    /// What was checked, e.g. "health endpoint".
    pub check: String,
    /// Passed.
    pub ok: bool,
    /// How long it took, ms.
    #[serde(default)]
    pub latency_ms: Option<i64>,
    /// What it saw, e.g. "200 OK in 84 ms".
    #[serde(default)]
    pub detail: String,
    /// When.
    #[serde(default)]
    pub at: Option<String>,
}

/// A rollback asked of a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RollbackView {
    /// Id.
    pub id: String,
    /// requested, running, succeeded, failed.
    pub status: String,
    /// Why.
    pub reason: String,
    /// Who asked (login).
    pub requested_by: String,
    /// When.
    pub requested_at: String,
    /// When the deployer finished.
    pub finished_at: Option<String>,
    /// What the deployer said.
    pub outcome: Option<String>,
    /// The impact assessment.
    pub impact: Option<String>,
    /// Lessons learned.
    pub lessons: Option<String>,
    /// Who reviewed it.
    pub reviewed_by: Option<String>,
    /// When.
    pub reviewed_at: Option<String>,
}

/// A deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentView {
    /// Id.
    pub id: i64,
    /// The service.
    pub service: String,
    /// The release.
    pub version: String,
    /// The stable version before it (what a rollback returns to).
    pub previous_version: Option<String>,
    /// requested, running, succeeded, failed, partially_deployed, rolled_back.
    pub status: String,
    /// Who asked (login or CI).
    pub requested_by: String,
    /// When.
    pub requested_at: String,
    /// When the deployer started.
    pub started_at: Option<String>,
    /// When it finished.
    pub finished_at: Option<String>,
    /// The deployer's notes.
    pub notes: Option<String>,
    /// The automated test run behind it.
    pub test_result_ref: Option<String>,
    /// Why it was deployed.
    pub reason: Option<String>,
    /// The health checks run after it.
    pub health_checks: Vec<DeploymentCheck>,
    /// Rollbacks asked of it, newest first.
    pub rollbacks: Vec<RollbackView>,
    /// Whether the desk offers a rollback (a previous version, a state that has one, none in
    /// flight).
    pub can_roll_back: bool,
}

/// The deployments screen.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentBoard {
    /// Matching deployments, newest first (at most [`DEPLOYMENTS_LIMIT`]).
    pub deployments: Vec<DeploymentView>,
    /// How many matched.
    pub matched: i64,
    /// Every service that has deployments.
    pub services: Vec<String>,
    /// Success and rollback rates per service and month (of the query's service, or all),
    /// newest month first.
    pub rates: Vec<DeployRate>,
}

fn rollback(r: &sqlx::sqlite::SqliteRow) -> Result<RollbackView, StoreError> {
    Ok(RollbackView {
        id: r.try_get("id")?,
        status: r.try_get("status")?,
        reason: r.try_get("reason")?,
        requested_by: r.try_get("requested_by")?,
        requested_at: r.try_get("requested_at")?,
        finished_at: r.try_get("finished_at")?,
        outcome: r.try_get("outcome")?,
        impact: r.try_get("impact")?,
        lessons: r.try_get("lessons")?,
        reviewed_by: r.try_get("reviewed_by")?,
        reviewed_at: r.try_get("reviewed_at")?,
    })
}

async fn rollbacks(pool: &SqlitePool) -> Result<BTreeMap<i64, Vec<RollbackView>>, StoreError> {
    let mut out: BTreeMap<i64, Vec<RollbackView>> = BTreeMap::new();
    if !has_mirror(pool, "rollback_requests").await? {
        return Ok(out);
    }
    let rows = sqlx::query(
        "SELECT id, deployment_id, status, reason, requested_by, requested_at, finished_at, outcome,
                impact, lessons, reviewed_by, reviewed_at
           FROM mirror_rollback_requests ORDER BY requested_at DESC",
    )
    .fetch_all(pool)
    .await?;
    for r in &rows {
        out.entry(r.try_get("deployment_id")?)
            .or_default()
            .push(rollback(r)?);
    }
    Ok(out)
}

/// The deployments board.
pub async fn board(pool: &SqlitePool, q: &DeploymentQuery) -> Result<DeploymentBoard, StoreError> {
    let empty = DeploymentBoard {
        deployments: Vec::new(),
        matched: 0,
        services: Vec::new(),
        rates: Vec::new(),
    };
    if !has_mirror(pool, "deployments").await? {
        return Ok(empty);
    }
    let mut by_deployment = rollbacks(pool).await?;
    let rows = sqlx::query(
        "SELECT id, service, version, previous_version, status, requested_by, requested_at, started_at,
                finished_at, notes, test_result_ref, reason, health_checks
           FROM mirror_deployments ORDER BY requested_at DESC, id DESC",
    )
    .fetch_all(pool)
    .await?;
    let mut services: Vec<String> = Vec::new();
    let mut rates: BTreeMap<(String, String), DeployRate> = BTreeMap::new();
    let mut deployments = Vec::new();
    let mut matched = 0;
    for r in &rows {
        let service: String = r.try_get("service")?;
        let status: String = r.try_get("status")?;
        let requested_at: String = r.try_get("requested_at")?;
        if !services.contains(&service) {
            services.push(service.clone());
        }
        let wanted = q.service.as_ref().is_none_or(|s| *s == service);
        if wanted {
            if let Some(d) = day(&requested_at) {
                let month = d.format("%Y-%m").to_string();
                rates
                    .entry((month.clone(), service.clone()))
                    .or_insert_with(|| DeployRate {
                        service: service.clone(),
                        month,
                        ..DeployRate::default()
                    })
                    .count(&status);
            }
        }
        if !wanted || !(q.statuses.is_empty() || q.statuses.contains(&status)) {
            continue;
        }
        matched += 1;
        if deployments.len() >= DEPLOYMENTS_LIMIT {
            continue;
        }
        let id: i64 = r.try_get("id")?;
        let checks: Option<String> = r.try_get("health_checks")?;
        let health_checks: Vec<DeploymentCheck> = checks
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("deployment {id} health checks: {e}")))?
            .unwrap_or_default();
        let rollbacks = by_deployment.remove(&id).unwrap_or_default();
        let previous_version: Option<String> = r.try_get("previous_version")?;
        let in_flight = rollbacks
            .iter()
            .any(|b| matches!(b.status.as_str(), "requested" | "running"));
        deployments.push(DeploymentView {
            id,
            can_roll_back: previous_version.is_some() && rollback_offered(&status) && !in_flight,
            service,
            version: r.try_get("version")?,
            previous_version,
            status,
            requested_by: r.try_get("requested_by")?,
            requested_at,
            started_at: r.try_get("started_at")?,
            finished_at: r.try_get("finished_at")?,
            notes: r.try_get("notes")?,
            test_result_ref: r.try_get("test_result_ref")?,
            reason: r.try_get("reason")?,
            health_checks,
            rollbacks,
        });
    }
    services.sort();
    let mut rates: Vec<DeployRate> = rates.into_values().filter(|r| r.finished > 0).collect();
    rates.sort_by(|a, b| b.month.cmp(&a.month).then(a.service.cmp(&b.service)));
    Ok(DeploymentBoard {
        deployments,
        matched,
        services,
        rates,
    })
}
