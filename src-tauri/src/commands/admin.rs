//! Administration: the audit trail viewer (offline too). Its export goes through the app's
//! export command (`finance_export` with the `audit` report).

use std::sync::Arc;

use desk_core::{Desk, DeskError};
use desk_store::admin::{AuditPage, AuditQuery};
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
