//! Revenue reports for finance: MRR/ARR movements and the deferred revenue waterfall over a
//! range of months, from the local store (offline too).

use desk_domain::period::{MonthRange, YearMonth};
use desk_domain::revenue::mrr::MrrMonth;
use desk_domain::revenue::recognition::RevenueMonth;

use crate::{Desk, DeskError};

/// The months from `from` to `to` (both "YYYY-MM", included).
pub fn months(from: &str, to: &str) -> Result<MonthRange, DeskError> {
    let parse = |field: &str, text: &str| {
        text.parse::<YearMonth>().map_err(|_| {
            DeskError::InvalidInput(format!("{field}: {text:?} is not a month (YYYY-MM)"))
        })
    };
    MonthRange::new(parse("from", from)?, parse("to", to)?)
        .map_err(|e| DeskError::InvalidInput(e.to_string()))
}

impl Desk {
    /// MRR movements per month and currency.
    pub async fn revenue_mrr(&self, from: &str, to: &str) -> Result<Vec<MrrMonth>, DeskError> {
        let range = months(from, to)?;
        self.signed_in_login("to see revenue").await?;
        Ok(desk_store::revenue::mrr(self.store()?.pool(), &range).await?)
    }

    /// Invoiced, credited, recognised and deferred revenue per month and currency.
    pub async fn revenue_waterfall(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<RevenueMonth>, DeskError> {
        let range = months(from, to)?;
        self.signed_in_login("to see revenue").await?;
        Ok(desk_store::revenue::waterfall(self.store()?.pool(), &range).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_range_is_checked() {
        assert!(months("2025-01", "2026-12").is_ok());
        assert!(
            matches!(months("2026-13", "2026-12"), Err(DeskError::InvalidInput(m)) if m.contains("from"))
        );
        assert!(months("2026-12", "2025-01").is_err(), "reversed");
    }
}
