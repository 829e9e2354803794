//! Billing on the laptop, for finance: the invoice list (paged, filtered and sorted in SQL
//! over the synced invoices), an invoice with its lines, payments and credit notes and the
//! check that its lines add up, and accounts-receivable aging per currency. All of it reads
//! the encrypted local store, so it works offline. The money rules are in
//! `desk_domain::{money, billing, revenue}`.

pub mod aging;
pub mod invoices;

pub use aging::{ar_aging, AgingRow};
pub use invoices::{
    invoice, invoices, prepare, InvoiceDetail, InvoicePage, InvoiceQuery, InvoiceRow, InvoiceSort,
};
