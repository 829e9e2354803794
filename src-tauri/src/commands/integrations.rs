//! Third-party integrations: the board and one integration in detail (from the synced copy),
//! the desk's probes of their status endpoints, a deprecation's migration status, a credential
//! rotation, and onboarding new integrations step by step.

use std::sync::Arc;

use desk_core::integrations::board::{IntegrationBoard, IntegrationDetail};
use desk_core::integrations::onboarding::{IntegrationOnboardingBoard, NewIntegrationOnboarding};
use desk_core::ops::probes::Probe;
use desk_core::{Desk, DeskError};
use tauri::State;

/// Every integration with its figures, deprecations and rotation.
#[tauri::command]
#[specta::specta]
pub async fn ops_integrations(desk: State<'_, Arc<Desk>>) -> Result<IntegrationBoard, DeskError> {
    desk.ops_integrations().await
}

/// One integration with its charts, failure timeline, checks, deprecations and rotations.
#[tauri::command]
#[specta::specta]
pub async fn ops_integration(
    desk: State<'_, Arc<Desk>>,
    name: String,
) -> Result<IntegrationDetail, DeskError> {
    desk.ops_integration(&name).await
}

/// Probes every integration's status endpoint now.
#[tauri::command]
#[specta::specta]
pub async fn ops_probe_integrations(desk: State<'_, Arc<Desk>>) -> Result<Vec<Probe>, DeskError> {
    desk.ops_probe_integrations().await
}

/// The last probes of the integrations.
#[tauri::command]
#[specta::specta]
pub async fn ops_last_integration_probes(
    desk: State<'_, Arc<Desk>>,
) -> Result<Vec<Probe>, DeskError> {
    desk.ops_last_integration_probes().await
}

/// Sets where the migration off a deprecated API version stands.
#[tauri::command]
#[specta::specta]
pub async fn ops_set_deprecation_status(
    desk: State<'_, Arc<Desk>>,
    id: String,
    status: String,
    note: String,
    expected_version: Option<i32>,
) -> Result<(), DeskError> {
    desk.ops_set_deprecation_status(&id, &status, &note, expected_version)
        .await
}

/// Records a credential rotation with the next one due (YYYY-MM-DD).
#[tauri::command]
#[specta::specta]
pub async fn ops_record_rotation(
    desk: State<'_, Arc<Desk>>,
    integration: String,
    next_due: String,
    note: String,
    expected_version: Option<i32>,
) -> Result<(), DeskError> {
    desk.ops_record_rotation(&integration, &next_due, &note, expected_version)
        .await
}

/// The onboardings of new integrations and the staff who can own a step.
#[tauri::command]
#[specta::specta]
pub async fn ops_onboardings(
    desk: State<'_, Arc<Desk>>,
) -> Result<IntegrationOnboardingBoard, DeskError> {
    desk.ops_onboardings().await
}

/// Starts onboarding a new integration; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn ops_start_onboarding(
    desk: State<'_, Arc<Desk>>,
    onboarding: NewIntegrationOnboarding,
) -> Result<String, DeskError> {
    desk.ops_start_onboarding(&onboarding).await
}

/// Gives a step of an onboarding its owner.
#[tauri::command]
#[specta::specta]
pub async fn ops_assign_onboarding_step(
    desk: State<'_, Arc<Desk>>,
    onboarding: String,
    step: String,
    owner: String,
    expected_version: Option<i32>,
) -> Result<(), DeskError> {
    desk.ops_assign_onboarding_step(&onboarding, &step, &owner, expected_version)
        .await
}

/// Completes a step of an onboarding with its evidence.
#[tauri::command]
#[specta::specta]
pub async fn ops_complete_onboarding_step(
    desk: State<'_, Arc<Desk>>,
    onboarding: String,
    step: String,
    evidence: String,
    expected_version: Option<i32>,
) -> Result<(), DeskError> {
    desk.ops_complete_onboarding_step(&onboarding, &step, &evidence, expected_version)
        .await
}
