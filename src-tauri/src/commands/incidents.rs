//! Security incidents: the list and one incident from the synced copy, and each step of the
//! response (a live call): opening with the proposed team, classification, notes, containment,
//! evidence with its chain of custody, the breach clock, and closure.

use std::sync::Arc;

use desk_core::incidents::{
    EvidenceFile, EvidenceOpening, FollowUpInput, NewIncident, ResponderView,
};
use desk_core::{Desk, DeskError};
use desk_store::incidents::{IncidentDetail, IncidentList, IncidentQuery};
use tauri::State;

/// The incidents matching the query, open first.
#[tauri::command]
#[specta::specta]
pub async fn security_incidents(
    desk: State<'_, Arc<Desk>>,
    query: IncidentQuery,
) -> Result<IncidentList, DeskError> {
    desk.security_incidents(&query).await
}

/// One incident with its timeline, containment checklist, evidence and follow-ups.
#[tauri::command]
#[specta::specta]
pub async fn security_incident(
    desk: State<'_, Arc<Desk>>,
    id: String,
) -> Result<IncidentDetail, DeskError> {
    desk.security_incident(&id).await
}

/// The staff proposed as the response team of an incident type.
#[tauri::command]
#[specta::specta]
pub async fn security_proposed_team(
    desk: State<'_, Arc<Desk>>,
    kind: String,
) -> Result<Vec<ResponderView>, DeskError> {
    desk.security_proposed_team(&kind).await
}

/// Opens an incident; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn security_open_incident(
    desk: State<'_, Arc<Desk>>,
    incident: NewIncident,
) -> Result<String, DeskError> {
    desk.security_open_incident(&incident).await
}

/// Reclassifies an incident.
#[tauri::command]
#[specta::specta]
pub async fn security_classify(
    desk: State<'_, Arc<Desk>>,
    id: String,
    kind: String,
    severity: String,
    reason: String,
    version: i32,
) -> Result<(), DeskError> {
    desk.security_classify(&id, &kind, &severity, &reason, version)
        .await
}

/// Appends a note or a lesson to an incident's timeline.
#[tauri::command]
#[specta::specta]
pub async fn security_add_entry(
    desk: State<'_, Arc<Desk>>,
    id: String,
    kind: String,
    body: String,
) -> Result<(), DeskError> {
    desk.security_add_entry(&id, &kind, &body).await
}

/// Adds a containment step; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn security_add_step(
    desk: State<'_, Arc<Desk>>,
    id: String,
    step: String,
    assignee: Option<String>,
) -> Result<String, DeskError> {
    desk.security_add_step(&id, &step, assignee.as_deref())
        .await
}

/// Ticks a containment step off.
#[tauri::command]
#[specta::specta]
pub async fn security_complete_step(
    desk: State<'_, Arc<Desk>>,
    step_id: String,
    note: String,
    version: i32,
) -> Result<(), DeskError> {
    desk.security_complete_step(&step_id, &note, version).await
}

/// Stores a file as evidence; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn security_attach_evidence(
    desk: State<'_, Arc<Desk>>,
    file: EvidenceFile,
) -> Result<String, DeskError> {
    desk.security_attach_evidence(&file).await
}

/// Opens a piece of evidence (recorded on its chain of custody) and re-checks its hash.
#[tauri::command]
#[specta::specta]
pub async fn security_open_evidence(
    desk: State<'_, Arc<Desk>>,
    evidence_id: String,
    purpose: String,
) -> Result<EvidenceOpening, DeskError> {
    desk.security_open_evidence(&evidence_id, &purpose).await
}

/// Confirms a data breach (starts the 72-hour clock).
#[tauri::command]
#[specta::specta]
pub async fn security_confirm_breach(
    desk: State<'_, Arc<Desk>>,
    id: String,
    note: String,
    version: i32,
) -> Result<(), DeskError> {
    desk.security_confirm_breach(&id, &note, version).await
}

/// Records that the authority was notified.
#[tauri::command]
#[specta::specta]
pub async fn security_notify_authority(
    desk: State<'_, Arc<Desk>>,
    id: String,
    reference: String,
    version: i32,
) -> Result<(), DeskError> {
    desk.security_notify_authority(&id, &reference, version)
        .await
}

/// Moves an incident on, or closes it as a false positive with the reason.
#[tauri::command]
#[specta::specta]
pub async fn security_set_status(
    desk: State<'_, Arc<Desk>>,
    id: String,
    status: String,
    note: String,
    version: i32,
) -> Result<(), DeskError> {
    desk.security_set_status(&id, &status, &note, version).await
}

/// Closes an incident with its lessons learned and follow-up actions.
#[tauri::command]
#[specta::specta]
pub async fn security_close(
    desk: State<'_, Arc<Desk>>,
    id: String,
    lessons: String,
    follow_ups: Vec<FollowUpInput>,
    version: i32,
) -> Result<(), DeskError> {
    desk.security_close(&id, &lessons, &follow_ups, version)
        .await
}
