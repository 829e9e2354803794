//! Customer success: the book of accounts, search, the account 360, touchpoints, milestones
//! and the exported call-prep brief.

use std::sync::Arc;

use desk_core::brief::BriefFormat;
use desk_core::cs::TouchpointDraft;
use desk_core::{Desk, DeskError};
use desk_store::cs::{Account360, BookPage, BookQuery, SearchHit};
use tauri::State;

use crate::events::emit_status;

/// A page of the book of accounts, filtered and sorted.
#[tauri::command]
#[specta::specta]
pub async fn cs_book(desk: State<'_, Arc<Desk>>, query: BookQuery) -> Result<BookPage, DeskError> {
    desk.cs_book(&query).await
}

/// Accounts whose name or domain contains the text.
#[tauri::command]
#[specta::specta]
pub async fn cs_search(
    desk: State<'_, Arc<Desk>>,
    text: String,
    limit: u32,
) -> Result<Vec<SearchHit>, DeskError> {
    desk.cs_search(&text, limit).await
}

/// Everything about one account, for call prep.
#[tauri::command]
#[specta::specta]
pub async fn cs_account(
    desk: State<'_, Arc<Desk>>,
    tenant_id: String,
) -> Result<Account360, DeskError> {
    desk.cs_account(&tenant_id).await
}

/// Records a touchpoint (works offline); returns its id. The status (queued changes) is
/// emitted at once, offline too.
#[tauri::command]
#[specta::specta]
pub async fn cs_add_touchpoint(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    draft: TouchpointDraft,
) -> Result<String, DeskError> {
    let id = desk.cs_add_touchpoint(&draft).await?;
    emit_status(&app, &desk).await;
    Ok(id)
}

/// Ticks an onboarding milestone off, or back on (works offline).
#[tauri::command]
#[specta::specta]
pub async fn cs_complete_milestone(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    milestone_id: String,
    done: bool,
) -> Result<(), DeskError> {
    desk.cs_complete_milestone(&milestone_id, done).await?;
    emit_status(&app, &desk).await;
    Ok(())
}

/// Writes the account's call-prep brief (Markdown or a one-page PDF) into the Downloads
/// folder (else Documents, else home); returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn cs_export_brief(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    tenant_id: String,
    format: BriefFormat,
) -> Result<String, DeskError> {
    let dir = crate::commands::export_dir(&app)?;
    let file = desk.cs_export_brief(&tenant_id, format, &dir).await?;
    Ok(file.display().to_string())
}
