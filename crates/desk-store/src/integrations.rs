//! Third-party integrations from the synced copy, so the integration team's screen works
//! offline: each integration as the platform records it, its calls per day, its failure
//! timeline, the deprecation notices of the API versions it uses, its credential rotations,
//! and the onboardings of new integrations with their five steps. A collection the member does
//! not sync (security reads only the onboardings) reads as empty.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use desk_domain::integrations::{next_step, IntegrationCallDay, StepProgress, ONBOARDING_STEPS};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use crate::mirrors::has_mirror;
use crate::StoreError;

/// An integration as the platform records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationRecord {
    /// Its name, e.g. sendgrid.
    pub name: String,
    /// email_provider, payments, crm, chat, identity, analytics, other.
    pub kind: String,
    /// Who provides it.
    pub vendor: Option<String>,
    /// The platform's recorded status: healthy, degraded, down, unknown.
    pub status: String,
    /// The vendor's status endpoint the desk probes.
    pub status_url: Option<String>,
    /// The API version we call.
    pub api_version: String,
    /// When our credentials must next be rotated.
    pub credential_rotation_due: Option<String>,
    /// When they were last rotated, and by whom.
    pub credential_rotated_at: Option<String>,
    /// Its login.
    pub credential_rotated_by: Option<String>,
    /// The owning team.
    pub owner_team: String,
    /// The platform's note (what is wrong now, say).
    pub notes: String,
    /// Its version (a rotation based on an older one is refused).
    pub version: i32,
}

/// A period when an integration failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationFailureEntry {
    /// Id.
    pub id: String,
    /// The integration.
    pub integration: String,
    /// When it started.
    pub started_at: String,
    /// When it ended (none: still failing).
    pub ended_at: Option<String>,
    /// What failed.
    pub summary: String,
    /// What the platform's customers saw.
    pub impact: String,
}

/// A vendor's deprecation notice as synced.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeprecationRecord {
    /// Id.
    pub id: String,
    /// The integration.
    pub integration: String,
    /// The API version retired.
    pub api_version: String,
    /// What the vendor said.
    pub notice: String,
    /// Where.
    pub notice_url: Option<String>,
    /// When it was announced.
    pub announced_on: String,
    /// The deadline.
    pub deadline: String,
    /// not_started, in_progress, done.
    pub migration_status: String,
    /// Where the migration stands.
    pub note: String,
    /// Who last changed it.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<String>,
    /// Its version.
    pub version: i32,
}

/// A rotation of our credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationRotation {
    /// Id.
    pub id: String,
    /// When.
    pub rotated_at: String,
    /// By whom (login).
    pub rotated_by: String,
    /// The next due date it set.
    pub next_due: String,
    /// The note.
    pub note: String,
}

/// A step of an onboarding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationOnboardingStep {
    /// requirements, design, staging_test, security_review, production.
    pub step: String,
    /// 1–5.
    pub position: i32,
    /// Its owner's login.
    pub owner: Option<String>,
    /// The owner's name, from the staff directory.
    pub owner_name: Option<String>,
    /// What shows it is done.
    pub evidence: Option<String>,
    /// Who completed it.
    pub completed_by: Option<String>,
    /// When.
    pub completed_at: Option<String>,
}

/// A new integration on its way to production.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationOnboarding {
    /// Id.
    pub id: String,
    /// The integration's name to be.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// The vendor.
    pub vendor: String,
    /// The API version we will call.
    pub api_version: String,
    /// The vendor's status endpoint.
    pub status_url: Option<String>,
    /// Why the platform needs it.
    pub purpose: String,
    /// Who asked (login).
    pub requested_by: String,
    /// When.
    pub created_at: String,
    /// When it reached production.
    pub completed_at: Option<String>,
    /// Its version (every change bumps it).
    pub version: i32,
    /// The five steps, in order.
    pub steps: Vec<IntegrationOnboardingStep>,
    /// The first step not completed (none: in production).
    pub next_step: Option<String>,
}

/// A staff member who can own an onboarding step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingPerson {
    /// Their login.
    pub login: String,
    /// Their name.
    pub full_name: String,
    /// Their team (security owns the security review).
    pub team: String,
}

/// Every synced integration, by name.
pub async fn integrations(pool: &SqlitePool) -> Result<Vec<IntegrationRecord>, StoreError> {
    if !has_mirror(pool, "integrations").await? {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(
        "SELECT name, kind, vendor, status, status_url, api_version, credential_rotation_due,
                credential_rotated_at, credential_rotated_by, owner_team, notes, version
           FROM mirror_integrations ORDER BY name",
    )
    .fetch_all(pool)
    .await?)
}

/// The integrations' calls per day from `since` on, oldest first, by integration.
pub async fn daily(
    pool: &SqlitePool,
    integration: Option<&str>,
    since: NaiveDate,
) -> Result<BTreeMap<String, Vec<IntegrationCallDay>>, StoreError> {
    let mut out: BTreeMap<String, Vec<IntegrationCallDay>> = BTreeMap::new();
    if !has_mirror(pool, "integration_daily").await? {
        return Ok(out);
    }
    let rows = sqlx::query(
        "SELECT integration, day, calls, errors, p50_ms, p95_ms FROM mirror_integration_daily
          WHERE day >= ? AND (? IS NULL OR integration = ?) ORDER BY integration, day",
    )
    .bind(since.to_string())
    .bind(integration)
    .bind(integration)
    .fetch_all(pool)
    .await?;
    for r in &rows {
        let day: String = r.try_get("day")?;
        out.entry(r.try_get("integration")?)
            .or_default()
            .push(IntegrationCallDay::new(
                day.get(..10).unwrap_or(&day).to_string(),
                r.try_get("calls")?,
                r.try_get("errors")?,
                r.try_get("p50_ms")?,
                r.try_get("p95_ms")?,
            ));
    }
    Ok(out)
}

/// The failure timeline (of one integration, or all), newest first.
pub async fn failures(
    pool: &SqlitePool,
    integration: Option<&str>,
) -> Result<Vec<IntegrationFailureEntry>, StoreError> {
    if !has_mirror(pool, "integration_failures").await? {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(
        "SELECT id, integration, started_at, ended_at, summary, impact FROM mirror_integration_failures
          WHERE ? IS NULL OR integration = ? ORDER BY started_at DESC",
    )
    .bind(integration)
    .bind(integration)
    .fetch_all(pool)
    .await?)
}

/// The deprecation notices (of one integration, or all), by deadline.
pub async fn deprecations(
    pool: &SqlitePool,
    integration: Option<&str>,
) -> Result<Vec<DeprecationRecord>, StoreError> {
    if !has_mirror(pool, "integration_deprecations").await? {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(
        "SELECT id, integration, api_version, notice, notice_url, announced_on, deadline, migration_status,
                note, updated_by, updated_at, version
           FROM mirror_integration_deprecations
          WHERE ? IS NULL OR integration = ? ORDER BY deadline, integration",
    )
    .bind(integration)
    .bind(integration)
    .fetch_all(pool)
    .await?)
}

/// One deprecation notice.
pub async fn deprecation(
    pool: &SqlitePool,
    id: &str,
) -> Result<Option<DeprecationRecord>, StoreError> {
    if !has_mirror(pool, "integration_deprecations").await? {
        return Ok(None);
    }
    Ok(sqlx::query_as(
        "SELECT id, integration, api_version, notice, notice_url, announced_on, deadline, migration_status,
                note, updated_by, updated_at, version
           FROM mirror_integration_deprecations WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// The credential rotations of an integration, newest first.
pub async fn rotations(
    pool: &SqlitePool,
    integration: &str,
) -> Result<Vec<IntegrationRotation>, StoreError> {
    if !has_mirror(pool, "integration_rotations").await? {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(
        "SELECT id, rotated_at, rotated_by, next_due, note FROM mirror_integration_rotations
          WHERE integration = ? ORDER BY rotated_at DESC",
    )
    .bind(integration)
    .fetch_all(pool)
    .await?)
}

/// The staff who can own a step: the synced directory's active members, by name.
pub async fn people(pool: &SqlitePool) -> Result<Vec<OnboardingPerson>, StoreError> {
    if !has_mirror(pool, "staff").await? {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(
        "SELECT login, full_name, team FROM mirror_staff WHERE active = 1 ORDER BY full_name COLLATE NOCASE",
    )
    .fetch_all(pool)
    .await?)
}

/// The onboardings, unfinished first, newest first, each with its steps in order.
pub async fn onboardings(pool: &SqlitePool) -> Result<Vec<IntegrationOnboarding>, StoreError> {
    if !has_mirror(pool, "integration_onboardings").await? {
        return Ok(Vec::new());
    }
    let names: BTreeMap<String, String> = people(pool)
        .await?
        .into_iter()
        .map(|p| (p.login, p.full_name))
        .collect();
    let mut steps: BTreeMap<String, Vec<IntegrationOnboardingStep>> = BTreeMap::new();
    if has_mirror(pool, "integration_onboarding_steps").await? {
        let rows = sqlx::query(
            "SELECT onboarding_id, step, position, owner, evidence, completed_by, completed_at
               FROM mirror_integration_onboarding_steps ORDER BY onboarding_id, position",
        )
        .fetch_all(pool)
        .await?;
        for r in &rows {
            let owner: Option<String> = r.try_get("owner")?;
            steps
                .entry(r.try_get("onboarding_id")?)
                .or_default()
                .push(IntegrationOnboardingStep {
                    step: r.try_get("step")?,
                    position: r.try_get("position")?,
                    owner_name: owner.as_ref().and_then(|o| names.get(o).cloned()),
                    owner,
                    evidence: r.try_get("evidence")?,
                    completed_by: r.try_get("completed_by")?,
                    completed_at: r.try_get("completed_at")?,
                });
        }
    }
    let rows = sqlx::query(
        "SELECT id, name, kind, vendor, api_version, status_url, purpose, requested_by, created_at,
                completed_at, version
           FROM mirror_integration_onboardings
          ORDER BY completed_at IS NOT NULL, created_at DESC",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("id")?;
            let mut own = steps.remove(&id).unwrap_or_default();
            // A step the sync has not brought yet still shows, empty, in its place.
            for (i, s) in ONBOARDING_STEPS.iter().enumerate() {
                if !own.iter().any(|x| x.step == *s) {
                    own.push(IntegrationOnboardingStep {
                        step: s.to_string(),
                        position: i as i32 + 1,
                        owner: None,
                        owner_name: None,
                        evidence: None,
                        completed_by: None,
                        completed_at: None,
                    });
                }
            }
            own.sort_by_key(|s| s.position);
            let progress: Vec<StepProgress> = own
                .iter()
                .map(|s| StepProgress {
                    step: s.step.clone(),
                    owner: s.owner.clone(),
                    completed: s.completed_at.is_some(),
                })
                .collect();
            Ok(IntegrationOnboarding {
                next_step: next_step(&progress).map(str::to_string),
                id,
                name: r.try_get("name")?,
                kind: r.try_get("kind")?,
                vendor: r.try_get("vendor")?,
                api_version: r.try_get("api_version")?,
                status_url: r.try_get("status_url")?,
                purpose: r.try_get("purpose")?,
                requested_by: r.try_get("requested_by")?,
                created_at: r.try_get("created_at")?,
                completed_at: r.try_get("completed_at")?,
                version: r.try_get("version")?,
                steps: own,
            })
        })
        .collect()
}

/// Every synced integration's (name, status endpoint) that has one, by name.
pub async fn status_targets(pool: &SqlitePool) -> Result<Vec<(String, String)>, StoreError> {
    if !has_mirror(pool, "integrations").await? {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(
        "SELECT name, status_url FROM mirror_integrations WHERE status_url IS NOT NULL ORDER BY name",
    )
    .fetch_all(pool)
    .await?)
}
