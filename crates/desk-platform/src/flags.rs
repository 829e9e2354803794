//! Feature flags per environment on the platform: an administrator's edit of one environment's
//! state (creating the flag when it is new), the one-click rollback to the state before, the
//! archive, and how many tenants a state would reach. The database checks every edit again
//! (tenants, plans, prerequisites in that environment, variant weights) and refuses with one
//! `field: message` line per problem.

use sqlx::PgPool;

use crate::staff::problems;
use crate::PlatformError;

/// One environment's new state of a flag, with the flag's description and prerequisites.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagEdit<'a> {
    /// Its key.
    pub key: &'a str,
    /// staging or production.
    pub environment: &'a str,
    /// The description (required for a new flag; unchanged when empty).
    pub description: &'a str,
    /// On at all.
    pub enabled: bool,
    /// 0–100.
    pub rollout_percent: i32,
    /// `[{"name", "weight"}]`.
    pub variants: serde_json::Value,
    /// `{"tenants", "plans", "exclude_tenants"}`.
    pub rules: serde_json::Value,
    /// Flags that must be on in the environment for this one to be.
    pub prerequisites: &'a [String],
    /// Why.
    pub reason: &'a str,
    /// The environment's version the administrator saw (refused if it moved on).
    pub expected_version: Option<i32>,
}

/// Applies an edit; returns the environment's version now.
pub async fn set(pool: &PgPool, e: &FlagEdit<'_>) -> Result<i32, PlatformError> {
    sqlx::query_scalar("SELECT version FROM desk.set_flag($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(e.key)
        .bind(e.environment)
        .bind(e.description)
        .bind(e.enabled)
        .bind(e.rollout_percent)
        .bind(&e.variants)
        .bind(&e.rules)
        .bind(e.prerequisites)
        .bind(e.reason)
        .bind(e.expected_version)
        .fetch_one(pool)
        .await
        .map_err(problems)
}

/// Re-applies an earlier state of `environment` (the one before the current when
/// `to_version` is `None`) as a new version; returns it.
pub async fn rollback(
    pool: &PgPool,
    key: &str,
    environment: &str,
    reason: &str,
    to_version: Option<i32>,
) -> Result<i32, PlatformError> {
    sqlx::query_scalar("SELECT version FROM desk.rollback_flag($1, $2, $3, $4)")
        .bind(key)
        .bind(environment)
        .bind(reason)
        .bind(to_version)
        .fetch_one(pool)
        .await
        .map_err(problems)
}

/// Archives a flag: off everywhere, no longer evaluated.
pub async fn archive(pool: &PgPool, key: &str, reason: &str) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.archive_feature_flag($1, $2)")
        .bind(key)
        .bind(reason)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// How many tenants (not cancelled) there are, and how many a rollout with these rules would
/// reach (before prerequisites).
pub async fn reach(
    pool: &PgPool,
    key: &str,
    rollout_percent: i32,
    rules: &serde_json::Value,
) -> Result<(i64, i64), PlatformError> {
    sqlx::query_as("SELECT tenants, reached FROM desk.flag_reach($1, $2, $3)")
        .bind(key)
        .bind(rollout_percent)
        .bind(rules)
        .fetch_one(pool)
        .await
        .map_err(problems)
}
