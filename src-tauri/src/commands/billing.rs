//! Billing: invoices, one invoice in full, receivables aging, reconciliation exceptions,
//! failed payments and disputes (with their offline changes), proration previews, and the
//! exports of finance's lists and reports.

use std::sync::Arc;

use desk_core::billing::{DisputeUpdate, ProrationQuote, ProrationRequest};
use desk_core::export::{ExportFormat, ExportRequest, ExportedFile};
use desk_core::{Desk, DeskError};
use desk_store::billing::{
    AgingRow, DisputeView, DunningCase, InvoiceDetail, InvoicePage, InvoiceQuery,
    ReconciliationReport, TenantOption,
};
use tauri::State;

use crate::events::emit_status;

/// A page of invoices, filtered and sorted.
#[tauri::command]
#[specta::specta]
pub async fn billing_invoices(
    desk: State<'_, Arc<Desk>>,
    query: InvoiceQuery,
) -> Result<InvoicePage, DeskError> {
    desk.billing_invoices(&query).await
}

/// One invoice with its lines (checked against the subtotal), payments and credit notes.
#[tauri::command]
#[specta::specta]
pub async fn billing_invoice(
    desk: State<'_, Arc<Desk>>,
    id: i64,
) -> Result<InvoiceDetail, DeskError> {
    desk.billing_invoice(id).await
}

/// Receivables by age (current, 1–30, 31–60, 61–90, 90+ days) per currency.
#[tauri::command]
#[specta::specta]
pub async fn billing_aging(desk: State<'_, Arc<Desk>>) -> Result<Vec<AgingRow>, DeskError> {
    desk.billing_aging().await
}

/// Reconciliation exceptions: unmatched payments, invoices paid twice or short, lines that
/// do not add up.
#[tauri::command]
#[specta::specta]
pub async fn billing_exceptions(
    desk: State<'_, Arc<Desk>>,
) -> Result<ReconciliationReport, DeskError> {
    desk.billing_exceptions().await
}

/// Failed payments with their retries and follow-up notes; `open_only`: dunning still going.
#[tauri::command]
#[specta::specta]
pub async fn billing_dunning(
    desk: State<'_, Arc<Desk>>,
    open_only: bool,
) -> Result<Vec<DunningCase>, DeskError> {
    desk.billing_dunning(open_only).await
}

/// Adds a follow-up note to a failed payment (offline too); returns the note's id.
#[tauri::command]
#[specta::specta]
pub async fn billing_add_dunning_note(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    payment_id: i64,
    body: String,
    follow_up_done: bool,
) -> Result<String, DeskError> {
    let id = desk
        .billing_add_dunning_note(payment_id, &body, follow_up_done)
        .await?;
    emit_status(&app, &desk).await;
    Ok(id)
}

/// Disputes; `open_only` leaves out won and lost ones.
#[tauri::command]
#[specta::specta]
pub async fn billing_disputes(
    desk: State<'_, Arc<Desk>>,
    open_only: bool,
) -> Result<Vec<DisputeView>, DeskError> {
    desk.billing_disputes(open_only).await
}

/// Changes a dispute's status or evidence (offline too).
#[tauri::command]
#[specta::specta]
pub async fn billing_update_dispute(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    update: DisputeUpdate,
) -> Result<(), DeskError> {
    desk.billing_update_dispute(&update).await?;
    emit_status(&app, &desk).await;
    Ok(())
}

/// Tenants whose name contains `search`, for the proration preview's picker.
#[tauri::command]
#[specta::specta]
pub async fn billing_tenants(
    desk: State<'_, Arc<Desk>>,
    search: String,
) -> Result<Vec<TenantOption>, DeskError> {
    desk.billing_tenants(&search).await
}

/// A tenant's subscription and plans, and the proration preview of the change asked for.
#[tauri::command]
#[specta::specta]
pub async fn billing_proration(
    desk: State<'_, Arc<Desk>>,
    request: ProrationRequest,
) -> Result<ProrationQuote, DeskError> {
    desk.billing_proration(&request).await
}

/// Exports a finance list or report, with its filters, to the Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn finance_export(
    app: tauri::AppHandle,
    desk: State<'_, Arc<Desk>>,
    request: ExportRequest,
    format: ExportFormat,
) -> Result<ExportedFile, DeskError> {
    let dir = crate::commands::export_dir(&app)?;
    desk.finance_export(&request, format, &dir).await
}
