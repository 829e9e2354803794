//! Administration: the audit trail viewer and the staff directory (offline too), and role
//! changes (online). Its export goes through the app's
//! export command (`finance_export` with the `audit` report).

use std::sync::Arc;

use desk_core::admin::RoleChange;
use desk_core::{Desk, DeskError};
use desk_store::admin::{AuditPage, AuditQuery, StaffQuery, StaffView};
use tauri::State;

/// A page of the audit trail, newest first, with the filter menus' values.
#[tauri::command]
#[specta::specta]
pub async fn admin_audit(
    desk: State<'_, Arc<Desk>>,
    query: AuditQuery,
) -> Result<AuditPage, DeskError> {
    desk.admin_audit(&query).await
}

/// The staff directory (the last synced state when offline).
#[tauri::command]
#[specta::specta]
pub async fn admin_staff(
    desk: State<'_, Arc<Desk>>,
    query: StaffQuery,
) -> Result<Vec<StaffView>, DeskError> {
    desk.admin_staff(&query).await
}

/// Changes a member's desk roles on the platform (needs a connection).
#[tauri::command]
#[specta::specta]
pub async fn admin_set_roles(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    change: RoleChange,
) -> Result<StaffView, DeskError> {
    let member = desk.admin_set_roles(&change).await?;
    crate::events::emit_status(&app, &desk).await;
    Ok(member)
}
