//! Third-party integrations on the platform, live: the platform's recent status checks of an
//! integration (not synced: read fresh for the failure timeline), the integrations' status
//! endpoints (for probing before the first sync), and the changes the integration team makes
//! through the platform's functions — a deprecation's migration status, a credential
//! rotation, and onboarding a new integration step by step. The database checks every change
//! again and refuses with `field: message` lines; a stale version is refused as a conflict.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgPool, Row};

use crate::staff::problems;
use crate::PlatformError;

/// One of the platform's status checks of an integration.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckRow {
    /// When.
    pub checked_at: DateTime<Utc>,
    /// Passed.
    pub ok: bool,
    /// How long it took, ms.
    pub latency_ms: Option<i32>,
    /// What failed.
    pub error: Option<String>,
}

/// The platform's checks of `integration` in the last `hours`, oldest first.
pub async fn recent_checks(
    pool: &PgPool,
    integration: &str,
    hours: i32,
) -> Result<Vec<CheckRow>, PlatformError> {
    let rows = sqlx::query(
        "SELECT checked_at, ok, latency_ms, error FROM platform.integration_checks
          WHERE integration = $1 AND checked_at > now() - make_interval(hours => $2)
          ORDER BY checked_at",
    )
    .bind(integration)
    .bind(hours)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CheckRow {
                checked_at: r.try_get(0)?,
                ok: r.try_get(1)?,
                latency_ms: r.try_get(2)?,
                error: r.try_get(3)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(PlatformError::from)
}

/// Every integration's (name, status endpoint) that has one, by name.
pub async fn status_targets(pool: &PgPool) -> Result<Vec<(String, String)>, PlatformError> {
    Ok(sqlx::query_as(
        "SELECT name, status_url FROM platform.integrations WHERE status_url IS NOT NULL ORDER BY name",
    )
    .fetch_all(pool)
    .await?)
}

/// Sets where the migration off a deprecated API version stands; returns the notice's new
/// version.
pub async fn set_deprecation_status(
    pool: &PgPool,
    id: &str,
    status: &str,
    note: &str,
    expected_version: Option<i32>,
) -> Result<i32, PlatformError> {
    sqlx::query_scalar(
        "SELECT version FROM desk.set_deprecation_status($1::text::uuid, $2, $3, $4)",
    )
    .bind(id)
    .bind(status)
    .bind(note)
    .bind(expected_version)
    .fetch_one(pool)
    .await
    .map_err(problems)
}

/// Records a rotation of our credentials for `integration` now, with the next one due;
/// returns the integration's new version.
pub async fn record_credential_rotation(
    pool: &PgPool,
    integration: &str,
    next_due: NaiveDate,
    note: &str,
    expected_version: Option<i32>,
) -> Result<i32, PlatformError> {
    sqlx::query_scalar("SELECT version FROM desk.record_credential_rotation($1, $2, $3, $4)")
        .bind(integration)
        .bind(next_due)
        .bind(note)
        .bind(expected_version)
        .fetch_one(pool)
        .await
        .map_err(problems)
}

/// A new integration to onboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOnboarding<'a> {
    /// Its id (the desk's, so a retried call finds it taken).
    pub id: &'a str,
    /// The integration's name to be, e.g. postmark.
    pub name: &'a str,
    /// email_provider, payments, crm, chat, identity, analytics or other.
    pub kind: &'a str,
    /// The vendor.
    pub vendor: &'a str,
    /// The API version we will call.
    pub api_version: &'a str,
    /// The vendor's status endpoint, if any.
    pub status_url: Option<&'a str>,
    /// Why the platform needs it.
    pub purpose: &'a str,
}

/// Starts onboarding a new integration (its five steps, none owned yet); returns its id.
pub async fn start_onboarding(
    pool: &PgPool,
    o: &NewOnboarding<'_>,
) -> Result<String, PlatformError> {
    sqlx::query_scalar(
        "SELECT id::text FROM desk.start_integration_onboarding($1::text::uuid, $2, $3, $4, $5, $6, $7)",
    )
    .bind(o.id)
    .bind(o.name)
    .bind(o.kind)
    .bind(o.vendor)
    .bind(o.api_version)
    .bind(o.status_url)
    .bind(o.purpose)
    .fetch_one(pool)
    .await
    .map_err(problems)
}

/// Gives a step of an onboarding its owner (a login); returns the onboarding's new version.
pub async fn assign_onboarding_step(
    pool: &PgPool,
    onboarding: &str,
    step: &str,
    owner: &str,
    expected_version: Option<i32>,
) -> Result<i32, PlatformError> {
    sqlx::query_scalar(
        "SELECT version FROM desk.assign_onboarding_step($1::text::uuid, $2, $3, $4)",
    )
    .bind(onboarding)
    .bind(step)
    .bind(owner)
    .bind(expected_version)
    .fetch_one(pool)
    .await
    .map_err(problems)
}

/// Completes a step of an onboarding with its evidence; returns the onboarding's new version.
pub async fn complete_onboarding_step(
    pool: &PgPool,
    onboarding: &str,
    step: &str,
    evidence: &str,
    expected_version: Option<i32>,
) -> Result<i32, PlatformError> {
    sqlx::query_scalar(
        "SELECT version FROM desk.complete_onboarding_step($1::text::uuid, $2, $3, $4)",
    )
    .bind(onboarding)
    .bind(step)
    .bind(evidence)
    .bind(expected_version)
    .fetch_one(pool)
    .await
    .map_err(problems)
}
