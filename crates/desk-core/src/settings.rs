//! Platform settings for administrators: the list and each setting's history from the local
//! copy (offline too), and the changes, which need the platform: a change lands in staging;
//! "promote" sends what staging runs to production, after which the desk probes the health
//! check of the service the setting affects and, when it fails, restores the version
//! production ran before (as a new version) and says so; any earlier version can be rolled
//! back to in either environment.

use std::time::Duration;

use desk_platform::settings::{self as platform, RollbackKind};
use desk_store::admin::settings::{SettingDetail, SettingView};
use serde::{Deserialize, Serialize};

use crate::{Desk, DeskError};

/// How long the health check may take before it counts as failed.
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(5);

/// Where a setting runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Environment {
    /// Where every change lands first.
    Staging,
    /// Takes only what staging ran.
    Production,
}

impl Environment {
    /// As the platform names it.
    pub fn name(self) -> &'static str {
        match self {
            Environment::Staging => "staging",
            Environment::Production => "production",
        }
    }
}

/// A change of a setting (in staging).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingChange {
    /// The setting.
    pub key: String,
    /// The new value as JSON text (`14`, `true`, `"text"`).
    pub value: String,
    /// Why (kept with the version and in the audit trail).
    pub rationale: String,
    /// The version staging ran when the administrator looked (refused if it moved on).
    pub expected_version: Option<i32>,
}

/// A rollback of a setting in one environment to an earlier version's value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingRollback {
    /// The setting.
    pub key: String,
    /// Where.
    pub environment: Environment,
    /// The version whose value runs again.
    pub to_version: i32,
    /// Why.
    pub rationale: String,
}

/// What the health check after a promotion found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// The service probed.
    pub service: String,
    /// Its health check URL.
    pub url: String,
    /// Whether it answered 2xx in time.
    pub healthy: bool,
    /// What it answered, in words.
    pub detail: String,
}

/// What a promotion did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PromotionOutcome {
    /// The setting.
    pub key: String,
    /// The version promoted.
    pub version: i32,
    /// The health check, when the setting affects a service with one.
    pub health: Option<HealthCheck>,
    /// When the check failed: the new version that restored what production ran before.
    pub restored_version: Option<i32>,
    /// What happened, in a sentence.
    pub message: String,
}

/// Probes `url`: healthy when it answers 2xx within [`HEALTH_TIMEOUT`].
pub async fn probe(service: &str, url: &str) -> HealthCheck {
    let p = crate::ops::probes::probe(service, url).await;
    HealthCheck {
        service: p.service,
        url: p.url,
        healthy: p.status == desk_domain::operations::ServiceStatus::Healthy,
        detail: p.detail,
    }
}

fn needs_rationale(rationale: &str) -> Result<&str, DeskError> {
    let r = rationale.trim();
    if r.is_empty() {
        return Err(DeskError::InvalidInput(
            "rationale: say why (it is kept with the version and in the audit trail)".into(),
        ));
    }
    Ok(r)
}

impl Desk {
    async fn settings_pool(&self, what: &str) -> Result<sqlx::PgPool, DeskError> {
        self.online_platform(what, "the settings show the last synced state.")
            .await
    }

    /// Every setting with what staging and production run (offline: the last synced state).
    pub async fn admin_settings(&self) -> Result<Vec<SettingView>, DeskError> {
        self.signed_in_login("to see the settings").await?;
        Ok(desk_store::admin::settings::settings(self.store()?.pool()).await?)
    }

    /// One setting with its versions, applications and rules.
    pub async fn admin_setting(&self, key: &str) -> Result<SettingDetail, DeskError> {
        self.signed_in_login("to see the settings").await?;
        desk_store::admin::settings::setting(self.store()?.pool(), key)
            .await?
            .ok_or_else(|| {
                DeskError::NotFound(format!("There is no setting {key} in the local copy."))
            })
    }

    /// Changes a setting in staging (a new version); refused with one line per problem.
    /// Returns the new version.
    pub async fn admin_change_setting(&self, c: &SettingChange) -> Result<i32, DeskError> {
        let rationale = needs_rationale(&c.rationale)?;
        let value: serde_json::Value = serde_json::from_str(c.value.trim()).map_err(|_| {
            DeskError::InvalidInput(format!(
                "value: {:?} is not a value (a number, true/false, or text in quotes)",
                c.value
            ))
        })?;
        let pool = self.settings_pool("Changing a setting").await?;
        let version =
            platform::change(&pool, &c.key, &value, rationale, c.expected_version).await?;
        self.wake_sync();
        tracing::info!(key = %c.key, version, "setting changed in staging");
        Ok(version)
    }

    /// Promotes what staging runs to production, then runs the affected service's health
    /// check; when it fails, restores the version production ran before.
    pub async fn admin_promote_setting(
        &self,
        key: &str,
        version: i32,
        rationale: &str,
    ) -> Result<PromotionOutcome, DeskError> {
        let rationale = needs_rationale(rationale)?;
        let pool = self.settings_pool("Promoting a setting").await?;
        let before = platform::live_version(&pool, key, "production").await?;
        platform::promote(&pool, key, version, rationale).await?;
        let health = match platform::service_of(&pool, key).await? {
            Some((service, Some(url))) => Some(probe(&service, &url).await),
            _ => None,
        };
        let mut restored_version = None;
        let message = match (&health, before) {
            (None, _) => format!(
                "Version {version} of {key} runs in production. It affects no service with a health check."
            ),
            (Some(h), _) if h.healthy => format!(
                "Version {version} of {key} runs in production; {}'s health check passed ({}).",
                h.service, h.detail
            ),
            (Some(h), Some(previous)) => {
                let reason = format!(
                    "{}'s health check failed after promoting version {version}: {}",
                    h.service, h.detail
                );
                let restored = platform::rollback(
                    &pool,
                    key,
                    "production",
                    previous,
                    &reason,
                    RollbackKind::Restore,
                )
                .await?;
                restored_version = Some(restored);
                tracing::warn!(key, version, previous, "health check failed; previous version restored");
                format!(
                    "{}'s health check failed ({}), so production was restored to version {previous}'s value (as version {restored}).",
                    h.service, h.detail
                )
            }
            (Some(h), None) => format!(
                "{}'s health check failed ({}), and production had no earlier version to restore.",
                h.service, h.detail
            ),
        };
        self.wake_sync();
        Ok(PromotionOutcome {
            key: key.to_string(),
            version,
            health,
            restored_version,
            message,
        })
    }

    /// Runs an earlier version's value again in one environment, as a new version.
    pub async fn admin_rollback_setting(&self, r: &SettingRollback) -> Result<i32, DeskError> {
        let rationale = needs_rationale(&r.rationale)?;
        let pool = self.settings_pool("Rolling a setting back").await?;
        let version = platform::rollback(
            &pool,
            &r.key,
            r.environment.name(),
            r.to_version,
            rationale,
            RollbackKind::Rollback,
        )
        .await?;
        self.wake_sync();
        Ok(version)
    }
}
