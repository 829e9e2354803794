//! Security policies from the local copy (synced to administrators): each policy's rules as
//! live now and every earlier version with its rationale. Offline it is the last known state;
//! changes go to the platform directly.

use serde::Serialize;
use sqlx::{Row, SqlitePool};

use crate::mirrors::has_mirror;
use crate::StoreError;

/// A policy as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PolicyView {
    /// password, session, mfa, data_retention, ip_allowlist or segregation_of_duties.
    pub name: String,
    /// What it governs.
    pub description: String,
    /// The live version.
    pub version: i32,
    /// Its rules, as a JSON object's text.
    pub rules: String,
    /// When it was made live.
    pub changed_at: Option<String>,
    /// Who made it.
    pub changed_by: Option<String>,
}

/// One version of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PolicyVersion {
    /// Version number.
    pub version: i32,
    /// Its rules, as a JSON object's text.
    pub rules: String,
    /// Why.
    pub rationale: String,
    /// Who.
    pub changed_by: String,
    /// When.
    pub changed_at: String,
}

/// A policy with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PolicyDetail {
    /// The policy.
    pub policy: PolicyView,
    /// Every version, newest first.
    pub versions: Vec<PolicyVersion>,
}

/// Every policy, by name, with its live rules.
pub async fn policies(pool: &SqlitePool) -> Result<Vec<PolicyView>, StoreError> {
    if !(has_mirror(pool, "security_policies").await?
        && has_mirror(pool, "policy_versions").await?)
    {
        return Ok(Vec::new());
    }
    sqlx::query(
        "SELECT p.name, p.description, p.current_version, CAST(v.rules AS TEXT), v.changed_at, v.changed_by
           FROM mirror_security_policies p
           LEFT JOIN mirror_policy_versions v ON v.name = p.name AND v.version = p.current_version
          WHERE p.current_version > 0
          ORDER BY p.name",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| {
        Ok(PolicyView {
            name: r.try_get(0)?,
            description: r.try_get(1)?,
            version: r.try_get(2)?,
            rules: r.try_get::<Option<String>, _>(3)?.unwrap_or_else(|| "{}".into()),
            changed_at: r.try_get(4)?,
            changed_by: r.try_get(5)?,
        })
    })
    .collect()
}

/// One policy with every version, newest first.
pub async fn policy(pool: &SqlitePool, name: &str) -> Result<Option<PolicyDetail>, StoreError> {
    let Some(policy) = policies(pool).await?.into_iter().find(|p| p.name == name) else {
        return Ok(None);
    };
    let versions = sqlx::query(
        "SELECT version, CAST(rules AS TEXT), rationale, changed_by, changed_at
           FROM mirror_policy_versions WHERE name = ? ORDER BY version DESC",
    )
    .bind(name)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| {
        Ok(PolicyVersion {
            version: r.try_get(0)?,
            rules: r.try_get(1)?,
            rationale: r.try_get(2)?,
            changed_by: r.try_get(3)?,
            changed_at: r.try_get(4)?,
        })
    })
    .collect::<Result<_, StoreError>>()?;
    Ok(Some(PolicyDetail { policy, versions }))
}
