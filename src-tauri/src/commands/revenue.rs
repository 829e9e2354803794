//! Revenue: MRR/ARR movements and the deferred revenue waterfall.

use std::sync::Arc;

use desk_core::{Desk, DeskError};
use desk_domain::revenue::mrr::MrrMonth;
use desk_domain::revenue::recognition::RevenueMonth;
use tauri::State;

/// MRR movements per month and currency, from `from` to `to` ("YYYY-MM", included).
#[tauri::command]
#[specta::specta]
pub async fn revenue_mrr(
    desk: State<'_, Arc<Desk>>,
    from: String,
    to: String,
) -> Result<Vec<MrrMonth>, DeskError> {
    desk.revenue_mrr(&from, &to).await
}

/// Recognised vs deferred revenue per month and currency (the waterfall).
#[tauri::command]
#[specta::specta]
pub async fn revenue_waterfall(
    desk: State<'_, Arc<Desk>>,
    from: String,
    to: String,
) -> Result<Vec<RevenueMonth>, DeskError> {
    desk.revenue_waterfall(&from, &to).await
}
