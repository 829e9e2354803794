//! Typed events the shell emits so the UI refetches: after sign-in, sign-out, reconnects and
//! (later) each sync.

use std::sync::Arc;

use desk_core::{AppStatus, Desk};
use serde::Serialize;
use tauri::AppHandle;
use tauri_specta::Event;

/// The desk's status changed; the payload is the new status.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct StatusChanged {
    /// The status now.
    pub status: AppStatus,
}

/// Open an alert (or, with no id, the alert inbox): a click on a notification or the tray
/// menu asked for it.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct OpenAlert {
    /// The alert, or none for the inbox.
    pub alert_id: Option<i64>,
}

/// Emits [`StatusChanged`] with the desk's current status (logged, not fatal, on failure).
pub async fn emit_status(app: &AppHandle, desk: &Desk) {
    match desk.status().await {
        Ok(status) => {
            crate::tray::update(app, &status.alerts);
            if let Err(e) = (StatusChanged { status }).emit(app) {
                tracing::warn!(error = %e, "could not emit status-changed");
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not read the status"),
    }
}

/// Starts the sync loop of the signed-in member in the background; every status change it
/// makes is emitted as [`StatusChanged`]. The loop ends by itself at sign-out.
pub fn start_sync(app: &AppHandle, desk: Arc<Desk>) {
    let app = app.clone();
    let for_loop = desk.clone();
    tauri::async_runtime::spawn(async move {
        for_loop
            .run_sync(move || {
                let app = app.clone();
                let desk = desk.clone();
                tauri::async_runtime::spawn(async move { emit_status(&app, &desk).await });
            })
            .await;
    });
}
