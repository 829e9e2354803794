//! The KPI screen for every member: how the platform is run over a chosen period (staff
//! accounts and access, configuration, uptime, alerts, escalations, deployments, integrations,
//! security incidents, customers and revenue), computed on the laptop from the synced copy so
//! it reads offline; the rows behind any figure; and their CSV export (through
//! [`crate::export`], the `kpi` report). Each definition lives in `desk_domain::kpi`; figures
//! whose rows the member's role does not sync say so instead of showing a zero.

use desk_domain::kpi::{KpiFigure, KpiId, KpiOutcome, KpiPeriod, KpiRow, Period};
use serde::Serialize;

use crate::{Desk, DeskError};

/// The most rows [`Desk::kpi_rows`] returns; the export writes them all.
pub const KPI_ROWS_LIMIT: usize = 5_000;

/// Every figure of the screen for one period.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KpiBoard {
    /// The period, as validated.
    pub period: KpiPeriod,
    /// Every figure, in screen order (grouped by family).
    pub figures: Vec<KpiFigure>,
}

/// The rows behind one figure.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KpiTable {
    /// The period, as validated.
    pub period: KpiPeriod,
    /// The figure.
    pub figure: KpiFigure,
    /// The columns' names.
    pub columns: Vec<String>,
    /// The rows (at most [`KPI_ROWS_LIMIT`]), in the table's order.
    pub rows: Vec<KpiRow>,
    /// How many rows there are in all.
    pub total: i64,
}

/// The period, or the refusal naming the field.
pub(crate) fn period(p: &KpiPeriod) -> Result<Period, DeskError> {
    p.parse()
        .map_err(|e| DeskError::InvalidInput(e.to_string()))
}

impl Desk {
    /// One KPI computed from the local copy (works offline).
    pub(crate) async fn kpi_outcome(
        &self,
        kpi: KpiId,
        period: &Period,
    ) -> Result<KpiOutcome, DeskError> {
        Ok(desk_store::kpi::outcome(self.store()?.pool(), kpi, period).await?)
    }

    /// Every figure for `period`, from the local copy (works offline).
    pub async fn kpis(&self, p: &KpiPeriod) -> Result<KpiBoard, DeskError> {
        self.signed_in_login("to see the KPIs").await?;
        let period = period(p)?;
        let outcomes = desk_store::kpi::outcomes(self.store()?.pool(), &period).await?;
        Ok(KpiBoard {
            period: period.to_wire(),
            figures: outcomes.into_iter().map(|o| o.figure).collect(),
        })
    }

    /// The rows behind one figure for `period` (works offline).
    pub async fn kpi_rows(&self, kpi: KpiId, p: &KpiPeriod) -> Result<KpiTable, DeskError> {
        self.signed_in_login("to see the KPIs").await?;
        let period = period(p)?;
        let mut outcome = self.kpi_outcome(kpi, &period).await?;
        let total = i64::try_from(outcome.rows.len()).unwrap_or(i64::MAX);
        outcome.rows.truncate(KPI_ROWS_LIMIT);
        Ok(KpiTable {
            period: period.to_wire(),
            figure: outcome.figure,
            columns: kpi.columns().iter().map(|c| (*c).to_string()).collect(),
            rows: outcome.rows,
            total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_period_is_refused_naming_its_field() {
        let p = KpiPeriod {
            from: "2026-11-30".into(),
            to: "2026-11-01".into(),
        };
        match period(&p) {
            Err(DeskError::InvalidInput(m)) => assert!(m.starts_with("to: "), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
