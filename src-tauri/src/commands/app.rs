//! App-wide commands: the status at a glance and the diagnostics text.

use std::sync::Arc;

use desk_core::{AppStatus, Desk, DeskError, LocalCollection};
use desk_store::app_prefs::AppPrefs;
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
        (
            "Installed as",
            crate::updates::install_kind().label().to_string(),
        ),
        ("Update channel", desk.update_channel().name().to_string()),
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

/// The app's preferences on this laptop (keep running in the tray, start at login).
#[tauri::command]
#[specta::specta]
pub async fn app_prefs(desk: State<'_, Arc<Desk>>) -> Result<AppPrefs, DeskError> {
    Ok(desk.app_prefs())
}

/// Saves the app's preferences and applies "start at login" to the OS at once.
#[tauri::command]
#[specta::specta]
pub async fn save_app_prefs(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    prefs: AppPrefs,
) -> Result<(), DeskError> {
    use tauri_plugin_autostart::ManagerExt;
    let launcher = app.autolaunch();
    let applied = if prefs.autostart {
        launcher.enable()
    } else {
        launcher.disable()
    };
    // Disabling what was never enabled is not a failure worth showing.
    if let Err(e) = applied {
        if prefs.autostart {
            return Err(DeskError::Internal(format!(
                "could not set the desk to start at login: {e}"
            )));
        }
        tracing::debug!(error = %e, "autostart was not enabled");
    }
    desk.save_app_prefs(&prefs)
}
