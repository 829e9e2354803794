//! Sign-in and sign-out; both tell the UI to refetch through `StatusChanged`.

use std::sync::Arc;

use desk_core::{Desk, DeskError, Session};
use tauri::{AppHandle, State};

use crate::events::{emit_status, start_sync};

/// Signs in with a profile, with the typed password or the keychain's.
#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    profile_id: String,
    password: Option<String>,
) -> Result<Session, DeskError> {
    let session = desk.sign_in(&profile_id, password.as_deref()).await?;
    emit_status(&app, &desk).await;
    start_sync(&app, desk.inner().clone());
    Ok(session)
}

/// A member signed in with their one-time setup code chooses their password.
#[tauri::command]
#[specta::specta]
pub async fn complete_setup(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    password: String,
    confirm: String,
) -> Result<Session, DeskError> {
    let session = desk.complete_setup(&password, &confirm).await?;
    emit_status(&app, &desk).await;
    Ok(session)
}

/// Signs out, unless changes still wait for the platform.
#[tauri::command]
#[specta::specta]
pub async fn sign_out(app: AppHandle, desk: State<'_, Arc<Desk>>) -> Result<(), DeskError> {
    desk.sign_out().await?;
    emit_status(&app, &desk).await;
    Ok(())
}
