//! App-wide commands: the status at a glance and the diagnostics text.

use std::sync::Arc;

use desk_core::{AppStatus, Desk, DeskError, LocalCollection};
use tauri::State;

/// The desk's status: store, session, connection, last sync, queued changes.
#[tauri::command]
#[specta::specta]
pub async fn app_status(desk: State<'_, Arc<Desk>>) -> Result<AppStatus, DeskError> {
    desk.status().await
}

/// Versions, paths and the last log lines, with no secret, for a support ticket.
#[tauri::command]
#[specta::specta]
pub async fn diagnostics(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
) -> Result<String, DeskError> {
    let webview = tauri::webview_version().unwrap_or_else(|e| format!("unknown ({e})"));
    let extra = [
        ("Tauri", tauri::VERSION.to_string()),
        ("WebView", webview),
        ("App identifier", app.config().identifier.clone()),
    ];
    desk.diagnostics(&extra).await
}

/// What the laptop's encrypted copy holds, collection by collection.
#[tauri::command]
#[specta::specta]
pub async fn local_copy(desk: State<'_, Arc<Desk>>) -> Result<Vec<LocalCollection>, DeskError> {
    desk.local_copy().await
}

/// Asks the sync loop to push and pull now.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(desk: State<'_, Arc<Desk>>) -> Result<(), DeskError> {
    desk.wake_sync();
    Ok(())
}
