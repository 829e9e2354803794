//! Exports of finance's lists and reports for the accounting team, as CSV or XLSX, with the
//! filters the user applied. Amounts are written as decimal numbers in their currency's minor
//! unit (12.34 EUR, 1234 JPY) beside a currency column, never summed across currencies. A
//! file is written under a temporary name and renamed when complete, so a failed export never
//! leaves half a file behind.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::Utc;
use desk_domain::kpi::{KpiId, KpiPeriod};
use desk_domain::money::{format_minor, minor_unit_exponent};
use desk_store::admin::AuditQuery;
use desk_store::billing::{self, InvoiceQuery};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde::{Deserialize, Serialize};

use crate::{revenue, Desk, DeskError};

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    /// Comma-separated values (UTF-8, a header row).
    Csv,
    /// An Excel workbook with one sheet.
    Xlsx,
}

/// What to export, with its filters.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(tag = "report", rename_all = "camelCase")]
pub enum ExportRequest {
    /// The invoice list with these filters and sort (all pages).
    Invoices {
        /// The list's query.
        query: InvoiceQuery,
    },
    /// Receivables aging per currency.
    Aging,
    /// Reconciliation exceptions.
    Exceptions,
    /// Failed payments; `open` keeps those whose invoice is still open.
    Dunning {
        /// Only active dunning.
        open: bool,
    },
    /// Disputes; `open` leaves out won and lost.
    Disputes {
        /// Only open disputes.
        open: bool,
    },
    /// MRR movements from `from` to `to` ("YYYY-MM").
    Mrr {
        /// First month.
        from: String,
        /// Last month.
        to: String,
    },
    /// The revenue waterfall from `from` to `to` ("YYYY-MM").
    Waterfall {
        /// First month.
        from: String,
        /// Last month.
        to: String,
    },
    /// The audit trail with the viewer's filters (every matching entry).
    Audit {
        /// The viewer's query.
        query: AuditQuery,
    },
    /// The rows behind one KPI figure for a period (every row).
    Kpi {
        /// The figure.
        kpi: KpiId,
        /// Its period.
        period: KpiPeriod,
    },
}

impl ExportRequest {
    fn name(&self) -> &'static str {
        match self {
            ExportRequest::Invoices { .. } => "invoices",
            ExportRequest::Aging => "ar-aging",
            ExportRequest::Exceptions => "reconciliation-exceptions",
            ExportRequest::Dunning { .. } => "failed-payments",
            ExportRequest::Disputes { .. } => "disputes",
            ExportRequest::Mrr { .. } => "mrr-movements",
            ExportRequest::Waterfall { .. } => "revenue-waterfall",
            ExportRequest::Audit { .. } => "audit-trail",
            ExportRequest::Kpi { kpi, .. } => kpi.slug(),
        }
    }
}

/// A file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    /// Where.
    pub path: String,
    /// Data rows (the header not counted).
    pub rows: u64,
}

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text (also dates and times, as the platform wrote them).
    Text(String),
    /// A whole number.
    Int(i64),
    /// An amount: minor units and the currency that gives its decimals.
    Money(i64, String),
    /// Nothing.
    Empty,
}

impl Cell {
    fn text(v: impl Into<String>) -> Cell {
        Cell::Text(v.into())
    }
    fn opt(v: Option<String>) -> Cell {
        v.map_or(Cell::Empty, Cell::Text)
    }
    fn money(minor: i64, currency: &str) -> Cell {
        Cell::Money(minor, currency.to_string())
    }
    fn csv(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Money(m, c) => format_minor(*m, c),
            Cell::Empty => String::new(),
        }
    }
}

fn io(e: impl std::fmt::Display) -> DeskError {
    DeskError::Internal(format!("could not write the export: {e}"))
}

/// An XLSX sheet being filled.
struct Sheet {
    sheet: Worksheet,
    bold: Format,
    /// Number formats by decimals (0 to 3).
    amounts: [Format; 4],
}

enum Writer {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Xlsx(Box<Sheet>),
}

/// One export being written: rows go in, then `finish` puts the file in place.
struct Exporter {
    writer: Writer,
    tmp: PathBuf,
    path: PathBuf,
    /// Rows written, the header included.
    written: u32,
}

impl Exporter {
    fn create(
        dir: &Path,
        name: &str,
        format: ExportFormat,
        header: &[&str],
    ) -> Result<Exporter, DeskError> {
        std::fs::create_dir_all(dir).map_err(io)?;
        let ext = match format {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        };
        let stamp = Utc::now().format("%Y%m%d-%H%M%S");
        let path = dir.join(format!("penguin-desk-{name}-{stamp}.{ext}"));
        let tmp = dir.join(format!(".penguin-desk-{name}-{stamp}.{ext}.part"));
        let writer = match format {
            ExportFormat::Csv => Writer::Csv(Box::new(csv::Writer::from_writer(BufWriter::new(
                File::create(&tmp).map_err(io)?,
            )))),
            ExportFormat::Xlsx => {
                let mut sheet = Worksheet::new();
                sheet.set_name(name.get(..31).unwrap_or(name)).map_err(io)?;
                let amounts = ["0", "0.0", "0.00", "0.000"]
                    .map(|d| Format::new().set_num_format(format!("#,##{d}")));
                Writer::Xlsx(Box::new(Sheet {
                    sheet,
                    bold: Format::new().set_bold(),
                    amounts,
                }))
            }
        };
        let mut e = Exporter {
            writer,
            tmp,
            path,
            written: 0,
        };
        e.row(&header.iter().map(|h| Cell::text(*h)).collect::<Vec<_>>())?;
        Ok(e)
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), DeskError> {
        let r = self.written;
        match &mut self.writer {
            Writer::Csv(w) => w.write_record(cells.iter().map(Cell::csv)).map_err(io)?,
            Writer::Xlsx(x) => {
                for (col, cell) in cells.iter().enumerate() {
                    let col = u16::try_from(col).map_err(io)?;
                    match cell {
                        Cell::Text(t) if r == 0 => {
                            x.sheet.write_with_format(r, col, t, &x.bold).map(|_| ())
                        }
                        Cell::Text(t) => x.sheet.write(r, col, t).map(|_| ()),
                        #[allow(clippy::cast_precision_loss)] // exact below 2^53
                        Cell::Int(i) => x.sheet.write(r, col, *i as f64).map(|_| ()),
                        Cell::Money(m, c) => {
                            let exp = minor_unit_exponent(c).min(3);
                            #[allow(clippy::cast_precision_loss)] // the format shows exp decimals
                            let value = *m as f64 / 10f64.powi(exp as i32);
                            x.sheet
                                .write_with_format(r, col, value, &x.amounts[exp as usize])
                                .map(|_| ())
                        }
                        Cell::Empty => Ok(()),
                    }
                    .map_err(io)?;
                }
            }
        }
        self.written = r
            .checked_add(1)
            .ok_or_else(|| io("more rows than a file holds"))?;
        Ok(())
    }

    fn finish(self) -> Result<ExportedFile, DeskError> {
        let result = match self.writer {
            Writer::Csv(mut w) => w.flush().map_err(io),
            Writer::Xlsx(x) => {
                let mut sheet = x.sheet;
                sheet.autofit();
                let mut book = Workbook::new();
                book.push_worksheet(sheet);
                book.save(&self.tmp).map_err(io)
            }
        };
        if let Err(e) = result.and_then(|()| std::fs::rename(&self.tmp, &self.path).map_err(io)) {
            // Nothing half-written is left behind.
            let _ = std::fs::remove_file(&self.tmp);
            return Err(e);
        }
        Ok(ExportedFile {
            path: self.path.display().to_string(),
            rows: u64::from(self.written.saturating_sub(1)),
        })
    }
}

impl Desk {
    /// Writes `request` as a `format` file into `dir`.
    pub async fn finance_export(
        &self,
        request: &ExportRequest,
        format: ExportFormat,
        dir: &Path,
    ) -> Result<ExportedFile, DeskError> {
        self.signed_in_login("to export").await?;
        let pool = self.store()?.pool();
        let name = request.name();
        let new = |header: &[&str]| Exporter::create(dir, name, format, header);
        let mut out;
        match request {
            ExportRequest::Invoices { query } => {
                out = new(&[
                    "Number",
                    "Tenant",
                    "Tenant ID",
                    "Status",
                    "Period start",
                    "Period end",
                    "Currency",
                    "Total",
                    "Amount due",
                    "Paid",
                    "Outstanding",
                    "Issued",
                    "Due",
                    "Paid at",
                    "Days overdue",
                ])?;
                let mut failed = None;
                billing::for_each_invoice(pool, query, |i| {
                    let c = &i.currency;
                    let cells = [
                        Cell::text(i.number.clone()),
                        Cell::opt(i.tenant_name.clone()),
                        Cell::text(i.tenant_id.clone()),
                        Cell::text(i.status.clone()),
                        Cell::text(i.period_start.clone()),
                        Cell::text(i.period_end.clone()),
                        Cell::text(c.clone()),
                        Cell::money(i.total_minor, c),
                        Cell::money(i.amount_due_minor, c),
                        Cell::money(i.amount_paid_minor, c),
                        Cell::money(i.outstanding_minor, c),
                        Cell::opt(i.issued_at.clone()),
                        Cell::opt(i.due_at.clone()),
                        Cell::opt(i.paid_at.clone()),
                        i.days_overdue.map_or(Cell::Empty, Cell::Int),
                    ];
                    if let Err(e) = out.row(&cells) {
                        failed = Some(e);
                        return Err(desk_store::StoreError::Corrupt("export stopped".into()));
                    }
                    Ok(())
                })
                .await
                .map_err(|e| failed.take().unwrap_or_else(|| e.into()))?;
            }
            ExportRequest::Audit { query } => {
                crate::admin::check_audit_query(query)?;
                out = new(&[
                    "Id", "At", "Actor", "Action", "Target", "Reason", "Before", "After",
                ])?;
                let mut failed = None;
                desk_store::admin::for_each_audit_entry(pool, query, |e| {
                    let cells = [
                        Cell::Int(e.id),
                        Cell::text(e.at),
                        Cell::text(e.actor),
                        Cell::text(e.action),
                        Cell::text(e.target),
                        Cell::opt(e.reason),
                        Cell::opt(e.before),
                        Cell::opt(e.after),
                    ];
                    if let Err(e) = out.row(&cells) {
                        failed = Some(e);
                        return Err(desk_store::StoreError::Corrupt("export stopped".into()));
                    }
                    Ok(())
                })
                .await
                .map_err(|e| failed.take().unwrap_or_else(|| e.into()))?;
            }
            ExportRequest::Kpi { kpi, period } => {
                let period = crate::kpi::period(period)?;
                let outcome = self.kpi_outcome(*kpi, &period).await?;
                out = new(kpi.columns())?;
                for r in outcome.rows {
                    out.row(&r.cells.into_iter().map(Cell::Text).collect::<Vec<_>>())?;
                }
            }
            ExportRequest::Aging => {
                out = new(&[
                    "Currency",
                    "Current",
                    "1-30 days",
                    "31-60 days",
                    "61-90 days",
                    "Over 90 days",
                    "Total",
                    "Invoices",
                ])?;
                for a in billing::ar_aging(pool).await? {
                    let c = &a.currency;
                    out.row(&[
                        Cell::text(c.clone()),
                        Cell::money(a.current_minor, c),
                        Cell::money(a.days_1_30_minor, c),
                        Cell::money(a.days_31_60_minor, c),
                        Cell::money(a.days_61_90_minor, c),
                        Cell::money(a.over_90_minor, c),
                        Cell::money(a.total_minor, c),
                        Cell::Int(a.invoices),
                    ])?;
                }
            }
            ExportRequest::Exceptions => {
                out = new(&[
                    "Exception",
                    "Invoice",
                    "Invoice status",
                    "Payment",
                    "Tenant",
                    "Tenant ID",
                    "Currency",
                    "Expected",
                    "Actual",
                    "Difference",
                    "At",
                    "Detail",
                ])?;
                for x in billing::exceptions(pool).await?.rows {
                    let c = &x.currency;
                    out.row(&[
                        Cell::text(x.kind.as_str()),
                        Cell::text(x.invoice_number.clone()),
                        Cell::text(x.invoice_status.clone()),
                        x.payment_id.map_or(Cell::Empty, Cell::Int),
                        Cell::opt(x.tenant_name.clone()),
                        Cell::text(x.tenant_id.clone()),
                        Cell::text(c.clone()),
                        Cell::money(x.expected_minor, c),
                        Cell::money(x.actual_minor, c),
                        Cell::money(x.difference_minor, c),
                        Cell::opt(x.at.clone()),
                        Cell::text(x.detail.clone()),
                    ])?;
                }
            }
            ExportRequest::Dunning { open } => {
                out = new(&[
                    "Payment",
                    "Invoice",
                    "Invoice status",
                    "Tenant",
                    "Tenant ID",
                    "Currency",
                    "Amount",
                    "Failure reason",
                    "Failed at",
                    "Retries run",
                    "Next retry",
                    "Follow-up done",
                    "Latest note",
                ])?;
                for d in billing::dunning(pool, *open).await? {
                    let c = &d.currency;
                    let run = d.retries.iter().filter(|r| r.outcome.is_some()).count();
                    out.row(&[
                        Cell::Int(d.payment_id),
                        Cell::text(d.invoice_number.clone()),
                        Cell::text(d.invoice_status.clone()),
                        Cell::opt(d.tenant_name.clone()),
                        Cell::text(d.tenant_id.clone()),
                        Cell::text(c.clone()),
                        Cell::money(d.amount_minor, c),
                        Cell::text(d.failure_reason.clone()),
                        Cell::text(d.failed_at.clone()),
                        Cell::Int(i64::try_from(run).unwrap_or(i64::MAX)),
                        Cell::opt(d.next_retry_at.clone()),
                        Cell::text(if d.follow_up_done { "yes" } else { "no" }),
                        Cell::opt(d.notes.first().map(|n| n.body.clone())),
                    ])?;
                }
            }
            ExportRequest::Disputes { open } => {
                out = new(&[
                    "Dispute",
                    "Payment",
                    "Invoice",
                    "Tenant",
                    "Tenant ID",
                    "Currency",
                    "Amount",
                    "Reason",
                    "Status",
                    "Evidence due",
                    "Days left",
                    "Opened",
                    "Closed",
                    "Evidence",
                ])?;
                for d in billing::disputes(pool, *open).await? {
                    let c = &d.currency;
                    out.row(&[
                        Cell::Int(d.id),
                        Cell::Int(d.payment_id),
                        Cell::opt(d.invoice_number.clone()),
                        Cell::opt(d.tenant_name.clone()),
                        Cell::opt(d.tenant_id.clone()),
                        Cell::text(c.clone()),
                        Cell::money(d.amount_minor, c),
                        Cell::text(d.reason.clone()),
                        Cell::text(d.status.clone()),
                        Cell::opt(d.evidence_due_at.clone()),
                        d.days_left.map_or(Cell::Empty, Cell::Int),
                        Cell::text(d.opened_at.clone()),
                        Cell::opt(d.closed_at.clone()),
                        Cell::opt(d.evidence.clone()),
                    ])?;
                }
            }
            ExportRequest::Mrr { from, to } => {
                let range = revenue::months(from, to)?;
                out = new(&[
                    "Month",
                    "Currency",
                    "Starting MRR",
                    "New",
                    "Expansion",
                    "Contraction",
                    "Churn",
                    "Reactivation",
                    "Ending MRR",
                    "Ending ARR",
                ])?;
                for m in desk_store::revenue::mrr(pool, &range).await? {
                    let c = &m.currency;
                    out.row(&[
                        Cell::text(m.month.clone()),
                        Cell::text(c.clone()),
                        Cell::money(m.starting, c),
                        Cell::money(m.new, c),
                        Cell::money(m.expansion, c),
                        Cell::money(m.contraction, c),
                        Cell::money(m.churn, c),
                        Cell::money(m.reactivation, c),
                        Cell::money(m.ending, c),
                        Cell::money(m.ending_arr, c),
                    ])?;
                }
            }
            ExportRequest::Waterfall { from, to } => {
                let range = revenue::months(from, to)?;
                out = new(&[
                    "Month",
                    "Currency",
                    "Invoiced",
                    "Credited",
                    "Recognised",
                    "Deferred opening",
                    "Deferred closing",
                ])?;
                for m in desk_store::revenue::waterfall(pool, &range).await? {
                    let c = &m.currency;
                    out.row(&[
                        Cell::text(m.month.clone()),
                        Cell::text(c.clone()),
                        Cell::money(m.invoiced, c),
                        Cell::money(m.credited, c),
                        Cell::money(m.recognised, c),
                        Cell::money(m.deferred_opening, c),
                        Cell::money(m.deferred_closing, c),
                    ])?;
                }
            }
        }
        let file = out.finish()?;
        tracing::info!(report = name, rows = file.rows, path = %file.path, "exported");
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, reason = "tests")]
    use super::*;

    #[test]
    fn a_csv_export_has_a_header_and_decimal_amounts_per_currency() {
        let dir = tempfile::tempdir().expect("dir");
        let mut e = Exporter::create(dir.path(), "test", ExportFormat::Csv, &["Name", "Amount"])
            .expect("create");
        e.row(&[Cell::text("Acme, Inc."), Cell::money(123_456, "EUR")])
            .expect("row");
        e.row(&[Cell::text("Kyoto"), Cell::money(5_000, "JPY")])
            .expect("row");
        let file = e.finish().expect("finish");
        assert_eq!(file.rows, 2);
        let text = std::fs::read_to_string(&file.path).expect("read");
        assert_eq!(text, "Name,Amount\n\"Acme, Inc.\",1234.56\nKyoto,5000\n");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|f| f.file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
    }

    #[test]
    fn an_xlsx_export_is_a_workbook() {
        let dir = tempfile::tempdir().expect("dir");
        let mut e =
            Exporter::create(dir.path(), "test", ExportFormat::Xlsx, &["Amount"]).expect("create");
        e.row(&[Cell::money(1, "EUR")]).expect("row");
        let file = e.finish().expect("finish");
        let bytes = std::fs::read(&file.path).expect("read");
        assert_eq!(&bytes[..2], b"PK", "an XLSX file is a zip archive");
        assert!(file.path.ends_with(".xlsx"));
    }
}
