//! Security policies: the list and each policy's history (offline too, from the local copy),
//! the preview of a change (violations and impact) and the change (on the platform).

use std::sync::Arc;

use desk_core::policies::{PolicyChange, PolicyOutcome, PolicyPreview};
use desk_core::{Desk, DeskError};
use desk_store::admin::policies::{PolicyDetail, PolicyView};
use tauri::State;

/// Every security policy with its live rules (the last synced state offline).
#[tauri::command]
#[specta::specta]
pub async fn admin_policies(desk: State<'_, Arc<Desk>>) -> Result<Vec<PolicyView>, DeskError> {
    desk.admin_policies().await
}

/// One policy with every version.
#[tauri::command]
#[specta::specta]
pub async fn admin_policy(
    desk: State<'_, Arc<Desk>>,
    name: String,
) -> Result<PolicyDetail, DeskError> {
    desk.admin_policy(&name).await
}

/// The compliance rules a change breaks and who and what it affects.
#[tauri::command]
#[specta::specta]
pub async fn admin_policy_preview(
    desk: State<'_, Arc<Desk>>,
    name: String,
    rules: String,
) -> Result<PolicyPreview, DeskError> {
    desk.admin_policy_preview(&name, &rules).await
}

/// Changes a policy's rules.
#[tauri::command]
#[specta::specta]
pub async fn admin_change_policy(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    change: PolicyChange,
) -> Result<PolicyOutcome, DeskError> {
    let outcome = desk.admin_change_policy(&change).await?;
    crate::events::emit_status(&app, &desk).await;
    Ok(outcome)
}
