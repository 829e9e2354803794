//! Feature flags: the list, each flag's detail and the stale report (offline too, from the
//! local copy), and the edits, rollback and archive (on the platform).

use std::sync::Arc;

use desk_core::flags::{FlagInput, FlagReach};
use desk_core::settings::Environment;
use desk_core::{Desk, DeskError};
use desk_domain::flags::FlagState;
use desk_store::admin::flags::{FlagDetail, FlagView};
use tauri::State;

/// Every flag with its staging and production states (the last synced state offline).
#[tauri::command]
#[specta::specta]
pub async fn admin_flags(desk: State<'_, Arc<Desk>>) -> Result<Vec<FlagView>, DeskError> {
    desk.admin_flags().await
}

/// The stale flags: fully on or off for 30 days, or not evaluated for 14.
#[tauri::command]
#[specta::specta]
pub async fn admin_stale_flags(desk: State<'_, Arc<Desk>>) -> Result<Vec<FlagView>, DeskError> {
    desk.admin_stale_flags().await
}

/// One flag with its history, dependants and a week of evaluations per variant.
#[tauri::command]
#[specta::specta]
pub async fn admin_flag(
    desk: State<'_, Arc<Desk>>,
    key: String,
    environment: Environment,
) -> Result<FlagDetail, DeskError> {
    desk.admin_flag(&key, environment).await
}

/// Creates a flag or changes its state in one environment; returns that state's version.
#[tauri::command]
#[specta::specta]
pub async fn admin_set_flag(desk: State<'_, Arc<Desk>>, flag: FlagInput) -> Result<i32, DeskError> {
    desk.admin_set_flag(&flag).await
}

/// Rolls one environment back to the flag's previous state.
#[tauri::command]
#[specta::specta]
pub async fn admin_rollback_flag(
    desk: State<'_, Arc<Desk>>,
    key: String,
    environment: Environment,
    reason: String,
) -> Result<i32, DeskError> {
    desk.admin_rollback_flag(&key, environment, &reason).await
}

/// Archives a flag (off everywhere, no longer evaluated).
#[tauri::command]
#[specta::specta]
pub async fn admin_archive_flag(
    desk: State<'_, Arc<Desk>>,
    key: String,
    reason: String,
) -> Result<(), DeskError> {
    desk.admin_archive_flag(&key, &reason).await
}

/// How many tenants a rollout state would reach.
#[tauri::command]
#[specta::specta]
pub async fn admin_flag_reach(
    desk: State<'_, Arc<Desk>>,
    key: String,
    state: FlagState,
) -> Result<FlagReach, DeskError> {
    desk.admin_flag_reach(&key, &state).await
}
