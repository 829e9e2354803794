//! Profile commands: list, add or edit, remove.

use std::sync::Arc;

use desk_core::{Desk, DeskError, ProfileInput, ProfileView};
use tauri::State;

/// Every saved profile.
#[tauri::command]
#[specta::specta]
pub async fn list_profiles(desk: State<'_, Arc<Desk>>) -> Result<Vec<ProfileView>, DeskError> {
    desk.list_profiles()
}

/// Adds a profile (no id) or edits one; the password goes to the keychain.
#[tauri::command]
#[specta::specta]
pub async fn save_profile(
    desk: State<'_, Arc<Desk>>,
    input: ProfileInput,
) -> Result<ProfileView, DeskError> {
    desk.save_profile(input)
}

/// Removes a profile and its stored password.
#[tauri::command]
#[specta::specta]
pub async fn delete_profile(desk: State<'_, Arc<Desk>>, id: String) -> Result<(), DeskError> {
    desk.delete_profile(&id).await
}
