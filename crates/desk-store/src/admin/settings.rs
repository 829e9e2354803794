//! Platform settings from the local copy (synced to administrators): each setting's typed
//! schema, the version staging and production run, every version with its rationale, the log
//! of applications (changes, promotions, rollbacks, automatic restores) and the cross-setting
//! rules. Offline it is the last known state; changes go to the platform directly.

use serde::Serialize;
use sqlx::{Row, SqlitePool};

use crate::mirrors::has_mirror;
use crate::StoreError;

/// The version an environment runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LiveValue {
    /// Version number.
    pub version: i32,
    /// Its value, as JSON text.
    pub value: String,
    /// When it was applied.
    pub applied_at: String,
    /// Who applied it.
    pub applied_by: String,
}

/// A setting as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingView {
    /// Key, e.g. `sending.warmup_days`.
    pub key: String,
    /// What it does.
    pub description: String,
    /// boolean, number or string.
    pub value_type: String,
    /// Smallest allowed number.
    pub min_value: Option<String>,
    /// Largest allowed number.
    pub max_value: Option<String>,
    /// The allowed values, as JSON texts (strings with a fixed set).
    pub allowed_values: Option<Vec<String>>,
    /// The service it affects (its health check runs after a promotion).
    pub service: Option<String>,
    /// What staging runs.
    pub staging: Option<LiveValue>,
    /// What production runs.
    pub production: Option<LiveValue>,
}

/// One version of a setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingVersion {
    /// Version number.
    pub version: i32,
    /// Value, as JSON text.
    pub value: String,
    /// Why it was made.
    pub rationale: String,
    /// Who made it.
    pub changed_by: String,
    /// When.
    pub changed_at: String,
}

/// One application of a version to an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingApplication {
    /// staging or production.
    pub environment: String,
    /// The version applied.
    pub version: i32,
    /// change, promote, rollback or restore.
    pub action: String,
    /// What ran before.
    pub from_version: Option<i32>,
    /// Why.
    pub rationale: String,
    /// When.
    pub applied_at: String,
    /// Who.
    pub applied_by: String,
}

/// A cross-setting rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingRule {
    /// Its name.
    pub name: String,
    /// Why it exists.
    pub description: String,
    /// `left op right`.
    pub left_key: String,
    /// <, <=, >, >=.
    pub op: String,
    /// `left op right`.
    pub right_key: String,
}

/// A setting with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingDetail {
    /// The setting.
    pub setting: SettingView,
    /// Every version, newest first.
    pub versions: Vec<SettingVersion>,
    /// Every application, newest first.
    pub applications: Vec<SettingApplication>,
    /// The rules that involve it.
    pub rules: Vec<SettingRule>,
}

fn allowed(text: Option<String>) -> Result<Option<Vec<String>>, StoreError> {
    text.map(|t| {
        let values: Vec<serde_json::Value> = serde_json::from_str(&t)
            .map_err(|e| StoreError::Corrupt(format!("allowed values {t:?}: {e}")))?;
        Ok(values.iter().map(|v| v.to_string()).collect())
    })
    .transpose()
}

/// Whether the settings are in the local copy (an administrator's, after a sync).
async fn held(pool: &SqlitePool) -> Result<bool, StoreError> {
    Ok(has_mirror(pool, "platform_settings").await?
        && has_mirror(pool, "setting_versions").await?
        && has_mirror(pool, "setting_environments").await?)
}

/// Every setting, by key, with what each environment runs.
pub async fn settings(pool: &SqlitePool) -> Result<Vec<SettingView>, StoreError> {
    if !held(pool).await? {
        return Ok(Vec::new());
    }
    // One query: each setting with the version (and its value) staging and production run.
    let rows = sqlx::query(
        "SELECT s.key, s.description, s.value_type, CAST(s.min_value AS TEXT), CAST(s.max_value AS TEXT),
                CAST(s.allowed_values AS TEXT), s.service,
                st.version, CAST(stv.value AS TEXT), st.applied_at, st.applied_by,
                pr.version, CAST(prv.value AS TEXT), pr.applied_at, pr.applied_by
           FROM mirror_platform_settings s
           LEFT JOIN mirror_setting_environments st ON st.key = s.key AND st.environment = 'staging'
           LEFT JOIN mirror_setting_versions stv ON stv.key = st.key AND stv.version = st.version
           LEFT JOIN mirror_setting_environments pr ON pr.key = s.key AND pr.environment = 'production'
           LEFT JOIN mirror_setting_versions prv ON prv.key = pr.key AND prv.version = pr.version
          ORDER BY s.key",
    )
    .fetch_all(pool)
    .await?;
    let live = |r: &sqlx::sqlite::SqliteRow, at: usize| -> Result<Option<LiveValue>, StoreError> {
        let version: Option<i32> = r.try_get(at)?;
        let value: Option<String> = r.try_get(at + 1)?;
        Ok(match (version, value) {
            (Some(version), Some(value)) => Some(LiveValue {
                version,
                value,
                applied_at: r.try_get(at + 2)?,
                applied_by: r.try_get(at + 3)?,
            }),
            _ => None,
        })
    };
    rows.iter()
        .map(|r| {
            Ok(SettingView {
                key: r.try_get(0)?,
                description: r.try_get(1)?,
                value_type: r.try_get(2)?,
                min_value: r.try_get(3)?,
                max_value: r.try_get(4)?,
                allowed_values: allowed(r.try_get(5)?)?,
                service: r.try_get(6)?,
                staging: live(r, 7)?,
                production: live(r, 11)?,
            })
        })
        .collect()
}

/// One setting with its versions, applications and rules.
pub async fn setting(pool: &SqlitePool, key: &str) -> Result<Option<SettingDetail>, StoreError> {
    let Some(setting) = settings(pool).await?.into_iter().find(|s| s.key == key) else {
        return Ok(None);
    };
    let versions = sqlx::query(
        "SELECT version, CAST(value AS TEXT), rationale, changed_by, changed_at
           FROM mirror_setting_versions WHERE key = ? ORDER BY version DESC",
    )
    .bind(key)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| {
        Ok(SettingVersion {
            version: r.try_get(0)?,
            value: r.try_get(1)?,
            rationale: r.try_get(2)?,
            changed_by: r.try_get(3)?,
            changed_at: r.try_get(4)?,
        })
    })
    .collect::<Result<_, StoreError>>()?;
    let applications = if has_mirror(pool, "setting_applications").await? {
        sqlx::query(
            "SELECT environment, version, action, from_version, rationale, applied_at, applied_by
               FROM mirror_setting_applications WHERE key = ? ORDER BY id DESC",
        )
        .bind(key)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok(SettingApplication {
                environment: r.try_get(0)?,
                version: r.try_get(1)?,
                action: r.try_get(2)?,
                from_version: r.try_get(3)?,
                rationale: r.try_get(4)?,
                applied_at: r.try_get(5)?,
                applied_by: r.try_get(6)?,
            })
        })
        .collect::<Result<_, StoreError>>()?
    } else {
        Vec::new()
    };
    let rules = if has_mirror(pool, "setting_rules").await? {
        sqlx::query(
            "SELECT name, description, left_key, op, right_key FROM mirror_setting_rules
              WHERE left_key = ? OR right_key = ? ORDER BY name",
        )
        .bind(key)
        .bind(key)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok(SettingRule {
                name: r.try_get(0)?,
                description: r.try_get(1)?,
                left_key: r.try_get(2)?,
                op: r.try_get(3)?,
                right_key: r.try_get(4)?,
            })
        })
        .collect::<Result<_, StoreError>>()?
    } else {
        Vec::new()
    };
    Ok(Some(SettingDetail {
        setting,
        versions,
        applications,
        rules,
    }))
}
