//! The KPI screen: every figure for a period and the rows behind one, from the local copy
//! (offline too). Their CSV export goes through the app's export command (`finance_export`
//! with the `kpi` report).

use std::sync::Arc;

use desk_core::kpi::{KpiBoard, KpiTable};
use desk_core::{Desk, DeskError};
use desk_domain::kpi::{KpiId, KpiPeriod};
use tauri::State;

/// Every KPI figure for a period.
#[tauri::command]
#[specta::specta]
pub async fn kpis(desk: State<'_, Arc<Desk>>, period: KpiPeriod) -> Result<KpiBoard, DeskError> {
    desk.kpis(&period).await
}

/// The rows behind one figure for a period.
#[tauri::command]
#[specta::specta]
pub async fn kpi_rows(
    desk: State<'_, Arc<Desk>>,
    kpi: KpiId,
    period: KpiPeriod,
) -> Result<KpiTable, DeskError> {
    desk.kpi_rows(kpi, &period).await
}
