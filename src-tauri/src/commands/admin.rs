//! Administration: the audit trail viewer and the staff directory (offline too), and the
//! changes that need a connection: roles, new members (one or an HR import), setup codes,
//! deactivation; and platform settings per environment (read offline, changed online). Its export goes through the app's
//! export command (`finance_export` with the `audit` report).

use std::sync::Arc;

use desk_core::admin::RoleChange;
use desk_core::settings::{PromotionOutcome, SettingChange, SettingRollback};
use desk_core::staff_accounts::{CreatedStaff, ImportOutcome, ImportPreview, StaffForm};
use desk_core::staff_leaving::{Deactivation, DeactivationPlan};
use desk_core::{Desk, DeskError};
use desk_domain::staff::NewStaff;
use desk_store::admin::settings::{SettingDetail, SettingView};
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

/// The company's e-mail domains, the teams and the setup code's lifetime, for the new-member
/// form (needs a connection).
#[tauri::command]
#[specta::specta]
pub async fn admin_staff_form(desk: State<'_, Arc<Desk>>) -> Result<StaffForm, DeskError> {
    desk.admin_staff_form().await
}

/// Creates a staff member with a one-time setup code and queues their welcome e-mail.
#[tauri::command]
#[specta::specta]
pub async fn admin_create_staff(
    desk: State<'_, Arc<Desk>>,
    member: NewStaff,
) -> Result<CreatedStaff, DeskError> {
    desk.admin_create_staff(&member).await
}

/// Gives a member who has not signed in yet a new setup code.
#[tauri::command]
#[specta::specta]
pub async fn admin_renew_setup_code(
    desk: State<'_, Arc<Desk>>,
    login: String,
) -> Result<CreatedStaff, DeskError> {
    desk.admin_renew_setup_code(&login).await
}

/// Reads and checks an HR export (CSV text) without creating anybody.
#[tauri::command]
#[specta::specta]
pub async fn admin_import_preview(
    desk: State<'_, Arc<Desk>>,
    csv: String,
) -> Result<ImportPreview, DeskError> {
    desk.admin_import_preview(&csv).await
}

/// Creates every new, valid member of an HR export, all together or none.
#[tauri::command]
#[specta::specta]
pub async fn admin_import_apply(
    desk: State<'_, Arc<Desk>>,
    csv: String,
) -> Result<ImportOutcome, DeskError> {
    desk.admin_import_apply(&csv).await
}

/// What deactivating a member involves: dependants, successors, last administrator.
#[tauri::command]
#[specta::specta]
pub async fn admin_deactivation_plan(
    desk: State<'_, Arc<Desk>>,
    login: String,
) -> Result<DeactivationPlan, DeskError> {
    desk.admin_deactivation_plan(&login).await
}

/// Deactivates a member, handing their work to the successors chosen.
#[tauri::command]
#[specta::specta]
pub async fn admin_deactivate(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    deactivation: Deactivation,
) -> Result<StaffView, DeskError> {
    let member = desk.admin_deactivate(&deactivation).await?;
    crate::events::emit_status(&app, &desk).await;
    Ok(member)
}

/// Every setting with what staging and production run (the last synced state offline).
#[tauri::command]
#[specta::specta]
pub async fn admin_settings(desk: State<'_, Arc<Desk>>) -> Result<Vec<SettingView>, DeskError> {
    desk.admin_settings().await
}

/// One setting with its versions, applications and cross-setting rules.
#[tauri::command]
#[specta::specta]
pub async fn admin_setting(
    desk: State<'_, Arc<Desk>>,
    key: String,
) -> Result<SettingDetail, DeskError> {
    desk.admin_setting(&key).await
}

/// Changes a setting in staging; returns the new version.
#[tauri::command]
#[specta::specta]
pub async fn admin_change_setting(
    desk: State<'_, Arc<Desk>>,
    change: SettingChange,
) -> Result<i32, DeskError> {
    desk.admin_change_setting(&change).await
}

/// Promotes what staging runs to production and runs the affected service's health check,
/// restoring the previous version when it fails.
#[tauri::command]
#[specta::specta]
pub async fn admin_promote_setting(
    desk: State<'_, Arc<Desk>>,
    key: String,
    version: i32,
    rationale: String,
) -> Result<PromotionOutcome, DeskError> {
    desk.admin_promote_setting(&key, version, &rationale).await
}

/// Runs an earlier version's value again in one environment, as a new version.
#[tauri::command]
#[specta::specta]
pub async fn admin_rollback_setting(
    desk: State<'_, Arc<Desk>>,
    rollback: SettingRollback,
) -> Result<i32, DeskError> {
    desk.admin_rollback_setting(&rollback).await
}
