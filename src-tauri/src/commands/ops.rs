//! Operations: the service health dashboard and the desk's probes, deployments with rollback
//! requests and reviews, customer escalations (worked offline through the outbox) and the
//! knowledge base.

use std::sync::Arc;

use desk_core::ops::deployments::DeploymentRequest;
use desk_core::ops::escalations::{ArticleDraft, EscalationEntry, NewEscalation};
use desk_core::ops::health::HealthDashboard;
use desk_core::ops::probes::Probe;
use desk_core::{Desk, DeskError};
use desk_domain::operations::HealthWindow;
use desk_store::ops::deployments::{DeploymentBoard, DeploymentQuery};
use desk_store::ops::escalations::{
    EscalationDetail, EscalationList, EscalationPatterns, EscalationQuery,
};
use desk_store::ops::kb::{Article, ArticleHit};
use desk_store::ops::tenants::TenantHit;
use tauri::State;

/// Every service's health over a window: live when online, else the last known with its age.
#[tauri::command]
#[specta::specta]
pub async fn ops_health(
    desk: State<'_, Arc<Desk>>,
    window: HealthWindow,
) -> Result<HealthDashboard, DeskError> {
    desk.ops_health(window).await
}

/// Probes every service's health endpoint now.
#[tauri::command]
#[specta::specta]
pub async fn ops_probe(desk: State<'_, Arc<Desk>>) -> Result<Vec<Probe>, DeskError> {
    desk.ops_probe().await
}

/// The last probes the desk ran.
#[tauri::command]
#[specta::specta]
pub async fn ops_last_probes(desk: State<'_, Arc<Desk>>) -> Result<Vec<Probe>, DeskError> {
    desk.ops_last_probes().await
}

/// Deployments with their rollbacks, and the success and rollback rates.
#[tauri::command]
#[specta::specta]
pub async fn ops_deployments(
    desk: State<'_, Arc<Desk>>,
    query: DeploymentQuery,
) -> Result<DeploymentBoard, DeskError> {
    desk.ops_deployments(&query).await
}

/// Asks the deployer for a deployment; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn ops_request_deployment(
    desk: State<'_, Arc<Desk>>,
    request: DeploymentRequest,
) -> Result<i64, DeskError> {
    desk.ops_request_deployment(&request).await
}

/// Asks the deployer to roll a deployment back; returns the request's id.
#[tauri::command]
#[specta::specta]
pub async fn ops_request_rollback(
    desk: State<'_, Arc<Desk>>,
    deployment: i64,
    reason: String,
) -> Result<String, DeskError> {
    desk.ops_request_rollback(deployment, &reason).await
}

/// Records a finished rollback's impact and lessons learned.
#[tauri::command]
#[specta::specta]
pub async fn ops_review_rollback(
    desk: State<'_, Arc<Desk>>,
    rollback: String,
    impact: String,
    lessons: String,
) -> Result<(), DeskError> {
    desk.ops_review_rollback(&rollback, &impact, &lessons).await
}

/// The escalations list.
#[tauri::command]
#[specta::specta]
pub async fn ops_escalations(
    desk: State<'_, Arc<Desk>>,
    query: EscalationQuery,
) -> Result<EscalationList, DeskError> {
    desk.ops_escalations(&query).await
}

/// One escalation with its timeline.
#[tauri::command]
#[specta::specta]
pub async fn ops_escalation(
    desk: State<'_, Arc<Desk>>,
    id: String,
) -> Result<EscalationDetail, DeskError> {
    desk.ops_escalation(&id).await
}

/// Tenants to open an escalation for, by words in their name or domain.
#[tauri::command]
#[specta::specta]
pub async fn ops_tenants(
    desk: State<'_, Arc<Desk>>,
    query: String,
) -> Result<Vec<TenantHit>, DeskError> {
    desk.ops_tenants(&query).await
}

/// The escalation patterns report.
#[tauri::command]
#[specta::specta]
pub async fn ops_escalation_patterns(
    desk: State<'_, Arc<Desk>>,
) -> Result<EscalationPatterns, DeskError> {
    desk.ops_escalation_patterns().await
}

/// Opens an escalation (queued); returns its id.
#[tauri::command]
#[specta::specta]
pub async fn ops_open_escalation(
    desk: State<'_, Arc<Desk>>,
    escalation: NewEscalation,
) -> Result<String, DeskError> {
    desk.ops_open_escalation(&escalation).await
}

/// Adds a timeline entry, optionally moving the escalation on (queued).
#[tauri::command]
#[specta::specta]
pub async fn ops_escalation_entry(
    desk: State<'_, Arc<Desk>>,
    id: String,
    entry: EscalationEntry,
) -> Result<(), DeskError> {
    desk.ops_escalation_entry(&id, &entry).await
}

/// Resolves an escalation, optionally writing its knowledge-base article (queued).
#[tauri::command]
#[specta::specta]
pub async fn ops_resolve_escalation(
    desk: State<'_, Arc<Desk>>,
    id: String,
    resolution: String,
    article: Option<ArticleDraft>,
) -> Result<(), DeskError> {
    desk.ops_resolve_escalation(&id, &resolution, article.as_ref())
        .await
}

/// Records the customer's satisfaction (queued).
#[tauri::command]
#[specta::specta]
pub async fn ops_record_satisfaction(
    desk: State<'_, Arc<Desk>>,
    id: String,
    score: i32,
    note: String,
) -> Result<(), DeskError> {
    desk.ops_record_satisfaction(&id, score, &note).await
}

/// Knowledge-base articles matching every word.
#[tauri::command]
#[specta::specta]
pub async fn kb_search(
    desk: State<'_, Arc<Desk>>,
    query: String,
) -> Result<Vec<ArticleHit>, DeskError> {
    desk.kb_search(&query).await
}

/// One knowledge-base article.
#[tauri::command]
#[specta::specta]
pub async fn kb_article(desk: State<'_, Arc<Desk>>, id: String) -> Result<Article, DeskError> {
    desk.kb_article(&id).await
}
