//! Alerts: the inbox, one alert, acknowledge / resolve / false positive / note (through the
//! outbox, offline too), and the member's notification settings.

use std::sync::Arc;

use desk_core::{Desk, DeskError};
use desk_domain::alerts::NotificationSettings;
use desk_store::alerts::{AlertDetail, AlertInbox, AlertQuery};
use tauri::State;

use crate::events::emit_status;

/// The inbox: one row per dedup key, filtered, with the open/overdue/critical counts.
#[tauri::command]
#[specta::specta]
pub async fn alerts_inbox(
    desk: State<'_, Arc<Desk>>,
    query: AlertQuery,
) -> Result<AlertInbox, DeskError> {
    desk.alerts_inbox(&query).await
}

/// One alert with its investigation notes and the earlier alerts of its dedup key.
#[tauri::command]
#[specta::specta]
pub async fn alert_detail(desk: State<'_, Arc<Desk>>, id: i64) -> Result<AlertDetail, DeskError> {
    desk.alert(id).await
}

/// Acknowledges an alert (pending until the platform has it).
#[tauri::command]
#[specta::specta]
pub async fn alert_ack(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    id: i64,
) -> Result<(), DeskError> {
    desk.alert_ack(id).await?;
    emit_status(&app, &desk).await;
    Ok(())
}

/// Resolves an alert, possibly as a false positive, with an optional note.
#[tauri::command]
#[specta::specta]
pub async fn alert_resolve(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    id: i64,
    false_positive: bool,
    note: Option<String>,
) -> Result<(), DeskError> {
    desk.alert_resolve(id, false_positive, note.as_deref())
        .await?;
    emit_status(&app, &desk).await;
    Ok(())
}

/// Adds an investigation note to an alert; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn alert_add_note(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    id: i64,
    body: String,
) -> Result<String, DeskError> {
    let note = desk.alert_add_note(id, &body).await?;
    emit_status(&app, &desk).await;
    Ok(note)
}

/// The member's notification settings (their defaults until they save some).
#[tauri::command]
#[specta::specta]
pub async fn notification_settings(
    desk: State<'_, Arc<Desk>>,
) -> Result<NotificationSettings, DeskError> {
    desk.notification_settings().await
}

/// Checks and saves the member's notification settings.
#[tauri::command]
#[specta::specta]
pub async fn save_notification_settings(
    desk: State<'_, Arc<Desk>>,
    settings: NotificationSettings,
) -> Result<(), DeskError> {
    desk.save_notification_settings(&settings).await
}
