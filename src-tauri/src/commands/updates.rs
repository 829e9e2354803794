//! Updates and the About panel: check for a newer version on the member's channel, download
//! and install it (progress as events), restart into it, and what the About panel shows.

use std::sync::Arc;

use desk_core::{Desk, DeskError};
use tauri::{AppHandle, State};

use crate::updates::{self, About, UpdateCheck, UpdateOutcome};

/// The version, channel and kind of install, for the About panel.
#[tauri::command]
#[specta::specta]
pub async fn app_about(desk: State<'_, Arc<Desk>>) -> Result<About, DeskError> {
    Ok(updates::about(&desk))
}

/// Looks for a newer version now; an unreachable server is a quiet outcome, not an error.
#[tauri::command]
#[specta::specta]
pub async fn update_check(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
) -> Result<UpdateCheck, DeskError> {
    Ok(updates::check(&app, &desk).await)
}

/// Downloads, verifies and (where this install allows) installs the update found.
#[tauri::command]
#[specta::specta]
pub async fn update_install(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
) -> Result<UpdateOutcome, DeskError> {
    updates::install(&app, &desk).await
}

/// Restarts the desk into the installed version.
#[tauri::command]
#[specta::specta]
pub async fn update_restart(app: AppHandle) -> Result<(), DeskError> {
    tracing::info!("restarting into the installed update");
    app.restart()
}
