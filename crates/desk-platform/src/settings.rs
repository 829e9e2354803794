//! Platform settings per environment: a change (in staging, a new version), a promotion of
//! what staging runs to production, a rollback to an earlier value as a new version (or the
//! desk's automatic restore after a failed health check), and the service a setting affects.
//! The database checks types, ranges, allowed values and cross-setting rules and refuses with
//! one line per problem.

use sqlx::PgPool;

use crate::staff::problems;
use crate::PlatformError;

/// Changes `key` in staging to `value` (a new version); returns the version.
pub async fn change(
    pool: &PgPool,
    key: &str,
    value: &serde_json::Value,
    rationale: &str,
    expected_version: Option<i32>,
) -> Result<i32, PlatformError> {
    sqlx::query_scalar("SELECT version FROM desk.change_setting($1, $2, $3, $4)")
        .bind(key)
        .bind(value)
        .bind(rationale)
        .bind(expected_version)
        .fetch_one(pool)
        .await
        .map_err(problems)
}

/// Promotes `version` of `key`, which staging runs, to production.
pub async fn promote(
    pool: &PgPool,
    key: &str,
    version: i32,
    rationale: &str,
) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.promote_setting($1, $2, $3)")
        .bind(key)
        .bind(version)
        .bind(rationale)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// Whether a rollback is an administrator's or the desk's own restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollbackKind {
    /// An administrator rolled back.
    Rollback,
    /// The desk restored the previous version after a failed health check.
    Restore,
}

/// Runs the value of `to_version` in `environment` again, as a new version; returns it.
pub async fn rollback(
    pool: &PgPool,
    key: &str,
    environment: &str,
    to_version: i32,
    rationale: &str,
    kind: RollbackKind,
) -> Result<i32, PlatformError> {
    let action = match kind {
        RollbackKind::Rollback => "rollback",
        RollbackKind::Restore => "restore",
    };
    sqlx::query_scalar("SELECT version FROM desk.rollback_setting($1, $2, $3, $4, $5)")
        .bind(key)
        .bind(environment)
        .bind(to_version)
        .bind(rationale)
        .bind(action)
        .fetch_one(pool)
        .await
        .map_err(problems)
}

/// The version `environment` runs of `key` now.
pub async fn live_version(
    pool: &PgPool,
    key: &str,
    environment: &str,
) -> Result<Option<i32>, PlatformError> {
    Ok(sqlx::query_scalar(
        "SELECT version FROM platform.setting_environments WHERE key = $1 AND environment = $2",
    )
    .bind(key)
    .bind(environment)
    .fetch_optional(pool)
    .await?)
}

/// The service `key` affects and its health check URL, if any.
pub async fn service_of(
    pool: &PgPool,
    key: &str,
) -> Result<Option<(String, Option<String>)>, PlatformError> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT service, health_url FROM desk.setting_service($1)")
            .bind(key)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(s, url)| s.map(|s| (s, url))))
}
