//! Billing: invoices, one invoice in full, receivables aging.

use std::sync::Arc;

use desk_core::{Desk, DeskError};
use desk_store::billing::{AgingRow, InvoiceDetail, InvoicePage, InvoiceQuery};
use tauri::State;

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
