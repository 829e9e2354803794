//! Security policies on the platform: the compliance rules a policy's new rules would break
//! (one `field: rule name: message` line each), who and what the change affects (sessions that
//! end, members holding a newly forbidden pair, audit entries that become deletable), and the
//! change itself, which the database checks again and refuses listing every violation.

use sqlx::PgPool;

use crate::staff::problems;
use crate::PlatformError;

/// One subject a policy change affects.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Impact {
    /// Who or what (a login, "audit trail", "members who leave from now on").
    pub subject: String,
    /// What happens to it.
    pub effect: String,
    /// Whether applying the change ends one of its database sessions.
    pub ends_session: bool,
}

/// The compliance rules `rules` would break for policy `name` (empty: compliant).
pub async fn violations(
    pool: &PgPool,
    name: &str,
    rules: &serde_json::Value,
) -> Result<Vec<String>, PlatformError> {
    sqlx::query_scalar("SELECT desk.security_policy_violations($1, $2)")
        .bind(name)
        .bind(rules)
        .fetch_one(pool)
        .await
        .map_err(problems)
}

/// Who and what changing `name` to `rules` would affect.
pub async fn impact(
    pool: &PgPool,
    name: &str,
    rules: &serde_json::Value,
) -> Result<Vec<Impact>, PlatformError> {
    sqlx::query_as("SELECT subject, effect, ends_session FROM desk.policy_impact($1, $2)")
        .bind(name)
        .bind(rules)
        .fetch_all(pool)
        .await
        .map_err(problems)
}

/// Changes policy `name` to `rules`; returns the new version and how many sessions ended.
pub async fn change(
    pool: &PgPool,
    name: &str,
    rules: &serde_json::Value,
    rationale: &str,
    expected_version: Option<i32>,
) -> Result<(i32, i32), PlatformError> {
    sqlx::query_as(
        "SELECT version, sessions_ended FROM desk.change_security_policy($1, $2, $3, $4)",
    )
    .bind(name)
    .bind(rules)
    .bind(rationale)
    .bind(expected_version)
    .fetch_one(pool)
    .await
    .map_err(problems)
}
