//! Billing on the laptop, for finance: the invoice list (paged, filtered and sorted in SQL
//! over the synced invoices), an invoice with its lines, payments and credit notes and the
//! check that its lines add up, accounts-receivable aging per currency, reconciliation
//! exceptions, failed payments with their retries and follow-up notes, disputes, and what a
//! proration preview starts from. All of it reads the encrypted local store, so it works
//! offline. The money rules are in `desk_domain::{money, billing, revenue}`.

pub mod aging;
pub mod disputes;
pub mod dunning;
pub mod exceptions;
pub mod invoices;
pub mod plan_change;

pub use aging::{ar_aging, AgingRow};
pub use disputes::{disputes, DisputeView};
pub use dunning::{dunning, DunningCase, DunningNote, RetryView};
pub use exceptions::{exceptions, ExceptionKind, ReconciliationException, ReconciliationReport};
pub use invoices::{
    for_each_invoice, invoice, invoices, prepare, InvoiceDetail, InvoicePage, InvoiceQuery,
    InvoiceRow, InvoiceSort, INDEXED,
};
pub use plan_change::{
    plan_change_context, tenant_options, CurrentSubscription, PlanOption, TenantOption,
};
