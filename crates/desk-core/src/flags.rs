//! Feature flags for administrators: the list, each flag's history and evaluation chart and
//! the stale-flag report from the local copy (offline too), and the edits, which need the
//! platform: one environment's state (on/off, rollout, variants, targeting) with the flag's
//! description and prerequisites, the one-click rollback to the state before, and the archive.
//! An edit is checked here first and again by the platform.

use chrono::Utc;
use desk_domain::flags::FlagState;
use desk_platform::flags::{self as platform, FlagEdit};
use desk_store::admin::flags::{FlagDetail, FlagView};
use serde::{Deserialize, Serialize};

use crate::settings::Environment;
use crate::{Desk, DeskError};

/// What the flags screen shows while offline.
const MEANWHILE: &str = "the flags show the last synced state.";

/// An administrator's edit of a flag in one environment (or a new flag).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagInput {
    /// Its key (a new key creates the flag, off in both environments, then applies the state).
    pub key: String,
    /// Where the state applies.
    pub environment: Environment,
    /// What it does (required for a new flag; empty keeps the current one).
    pub description: String,
    /// The new state there.
    pub state: FlagState,
    /// Flags that must be on in an environment for this one to be on there.
    pub prerequisites: Vec<String>,
    /// Why (kept with the version and in the audit trail).
    pub reason: String,
    /// The environment's version when the administrator looked (refused if it moved on).
    pub expected_version: Option<i32>,
}

/// How many tenants a rollout would reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagReach {
    /// Tenants that are not cancelled.
    pub tenants: i64,
    /// Of which the targeting and rollout reach (before prerequisites).
    pub reached: i64,
}

/// The problems an edit has before it is sent, one `field: message` line each.
pub fn input_problems(f: &FlagInput) -> Vec<String> {
    let mut p = Vec::new();
    let key = f.key.trim();
    let key_ok = key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if !key_ok {
        p.push(
            "key: a flag key is lower-case letters, digits, dots, dashes and underscores, starting with a letter"
                .into(),
        );
    }
    if f.prerequisites.iter().any(|x| x == key) {
        p.push("prerequisites: a flag cannot be its own prerequisite".into());
    }
    if f.reason.trim().is_empty() {
        p.push("reason: say why the flag changes".into());
    }
    p.extend(f.state.problems());
    p
}

fn refused(problems: Vec<String>) -> DeskError {
    DeskError::refused("The flag change", &problems)
}

fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, DeskError> {
    serde_json::to_value(value).map_err(|e| DeskError::InvalidInput(format!("state: {e}")))
}

impl Desk {
    /// Every flag with both environments' states and whether it is stale (offline: the last
    /// synced state).
    pub async fn admin_flags(&self) -> Result<Vec<FlagView>, DeskError> {
        self.signed_in_login("to see the feature flags").await?;
        Ok(desk_store::admin::flags::flags(self.store()?.pool(), Utc::now()).await?)
    }

    /// The stale flags: fully on or off for 30 days, or not evaluated for 14.
    pub async fn admin_stale_flags(&self) -> Result<Vec<FlagView>, DeskError> {
        self.signed_in_login("to see the feature flags").await?;
        Ok(desk_store::admin::flags::stale_flags(self.store()?.pool(), Utc::now()).await?)
    }

    /// One flag with its versions, dependants and the last week's evaluations per variant in
    /// `environment`.
    pub async fn admin_flag(
        &self,
        key: &str,
        environment: Environment,
    ) -> Result<FlagDetail, DeskError> {
        self.signed_in_login("to see the feature flags").await?;
        desk_store::admin::flags::flag(self.store()?.pool(), key, environment.name(), Utc::now())
            .await?
            .ok_or_else(|| {
                DeskError::NotFound(format!("There is no flag {key} in the local copy."))
            })
    }

    /// Applies an edit (creating the flag when it is new); returns the environment's version.
    pub async fn admin_set_flag(&self, f: &FlagInput) -> Result<i32, DeskError> {
        let problems = input_problems(f);
        if !problems.is_empty() {
            return Err(refused(problems));
        }
        let pool = self.online_platform("Changing a flag", MEANWHILE).await?;
        let version = platform::set(
            &pool,
            &FlagEdit {
                key: f.key.trim(),
                environment: f.environment.name(),
                description: f.description.trim(),
                enabled: f.state.enabled,
                rollout_percent: i32::try_from(f.state.rollout_percent).unwrap_or(i32::MAX),
                variants: json(&f.state.variants)?,
                rules: json(&f.state.rules)?,
                prerequisites: &f.prerequisites,
                reason: f.reason.trim(),
                expected_version: f.expected_version,
            },
        )
        .await?;
        self.wake_sync();
        tracing::info!(key = %f.key, environment = f.environment.name(), version, "flag changed");
        Ok(version)
    }

    /// Rolls `environment` back to the state before its current one, as a new version.
    pub async fn admin_rollback_flag(
        &self,
        key: &str,
        environment: Environment,
        reason: &str,
    ) -> Result<i32, DeskError> {
        if reason.trim().is_empty() {
            return Err(refused(vec![
                "reason: say why the flag is rolled back".into()
            ]));
        }
        let pool = self
            .online_platform("Rolling a flag back", MEANWHILE)
            .await?;
        let version =
            platform::rollback(&pool, key, environment.name(), reason.trim(), None).await?;
        self.wake_sync();
        tracing::info!(
            key,
            environment = environment.name(),
            version,
            "flag rolled back"
        );
        Ok(version)
    }

    /// Archives a flag: off in both environments, no longer evaluated.
    pub async fn admin_archive_flag(&self, key: &str, reason: &str) -> Result<(), DeskError> {
        if reason.trim().is_empty() {
            return Err(refused(vec!["reason: say why the flag is archived".into()]));
        }
        let pool = self.online_platform("Archiving a flag", MEANWHILE).await?;
        platform::archive(&pool, key, reason.trim()).await?;
        self.wake_sync();
        Ok(())
    }

    /// How many tenants a rollout of `key` at `rollout_percent` with `rules` would reach.
    pub async fn admin_flag_reach(
        &self,
        key: &str,
        state: &FlagState,
    ) -> Result<FlagReach, DeskError> {
        let pool = self
            .online_platform("Counting a rollout's tenants", MEANWHILE)
            .await?;
        let (tenants, reached) = platform::reach(
            &pool,
            key,
            i32::try_from(state.rollout_percent).unwrap_or(i32::MAX),
            &json(&state.rules)?,
        )
        .await?;
        Ok(FlagReach { tenants, reached })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_domain::flags::Targeting;

    fn input(key: &str, rollout: u32, reason: &str) -> FlagInput {
        FlagInput {
            key: key.into(),
            environment: Environment::Staging,
            description: String::new(),
            state: FlagState {
                enabled: true,
                rollout_percent: rollout,
                variants: Vec::new(),
                rules: Targeting::default(),
            },
            prerequisites: vec!["new-editor".into()],
            reason: reason.into(),
            expected_version: None,
        }
    }

    #[test]
    fn an_edit_names_each_problem_by_field() {
        assert!(input_problems(&input("new-editor.ai", 10, "more tenants")).is_empty());
        let p = input_problems(&input("New Editor", 120, " "));
        assert!(p.iter().any(|l| l.starts_with("key: ")), "{p:?}");
        assert!(p.iter().any(|l| l.starts_with("reason: ")), "{p:?}");
        assert!(p.iter().any(|l| l.starts_with("rolloutPercent: ")), "{p:?}");
        let own = input_problems(&input("new-editor", 10, "x"));
        assert_eq!(
            own,
            vec!["prerequisites: a flag cannot be its own prerequisite"]
        );
    }
}
