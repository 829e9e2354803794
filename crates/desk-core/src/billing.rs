//! Billing for finance: the invoice list, one invoice in full, and receivables aging, read
//! from the local store (offline too).

use desk_store::billing::{self, AgingRow, InvoiceDetail, InvoicePage, InvoiceQuery};

use crate::{Desk, DeskError};

impl Desk {
    /// A page of invoices.
    pub async fn billing_invoices(&self, query: &InvoiceQuery) -> Result<InvoicePage, DeskError> {
        self.signed_in_login("to see billing").await?;
        Ok(billing::invoices(self.store()?.pool(), query).await?)
    }

    /// One invoice with its lines, payments and credit notes.
    pub async fn billing_invoice(&self, id: i64) -> Result<InvoiceDetail, DeskError> {
        self.signed_in_login("to see billing").await?;
        billing::invoice(self.store()?.pool(), id)
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("No invoice {id} in the local copy.")))
    }

    /// Receivables by age, per currency.
    pub async fn billing_aging(&self) -> Result<Vec<AgingRow>, DeskError> {
        self.signed_in_login("to see billing").await?;
        Ok(billing::ar_aging(self.store()?.pool()).await?)
    }
}
