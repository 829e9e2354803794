//! Revenue recognition, ratable and daily, with the deferred revenue waterfall, so finance can
//! close a month: what was invoiced, what was earned, and what is still owed as service.
//!
//! **Lines.** An invoice line is earned evenly over the days of its service period; a line
//! without one (a one-off charge) is earned on its invoice day. The days of a period are UTC
//! dates, its start included and its end excluded ([`ServicePeriod`]). Day `k` of an `N`-day
//! line of amount `A` earns `⌊|A|·k/N⌋ − ⌊|A|·(k−1)/N⌋` (with the sign of `A`), so every day
//! earns `⌊A/N⌋` or `⌈A/N⌉`, the rounding remainder is spread evenly over the period, and the
//! days add up to `A` exactly. Negative lines (credits, downgrade prorations) are earned the
//! same way, negatively.
//!
//! **Credit notes** lower the price of their invoice, with a cumulative catch-up: on its issue
//! day a credit note reverses the same share of itself as the share of the invoice already
//! earned by the end of that day, and the rest lowers each later day of the invoice in
//! proportion to what the day earns. Precisely, with `C(d)` what the invoice has earned
//! through day `d` and `T` its total, a credit `c` has earned `−round(c·C(d)/T)` through any
//! day on or after its issue day. So a credit on an invoice whose service is over is earned
//! whole on its issue day, one on an invoice paid in advance lowers the months still to come,
//! and the deferred balance of a fully credited invoice drops to zero at once. When the
//! invoice's lines are not in the input, or its total is not positive, the credit is earned
//! whole on its issue day.
//!
//! **Refunds** give cash back and are not revenue: they are left out here (see
//! [`crate::billing::payments`]). Finance lowers revenue by issuing a credit note.
//!
//! **The waterfall**, per month and currency: `deferred_closing = deferred_opening + invoiced −
//! credited − recognised`, exactly. Over all time, recognised = invoiced − credited, and once
//! every service period is over the deferred balance is zero. A negative deferred balance is
//! revenue earned before it was invoiced (usage billed in arrears).
//!
//! Which invoices to pass is the caller's choice: issued ones (open, paid, uncollectible: a
//! write-off is a bad-debt expense, not less revenue), never drafts or void invoices.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::money::{div_round_half_away, is_currency_code};
use crate::period::MonthRange;

#[cfg(test)]
mod tests;
mod waterfall;

/// The days a line pays for: UTC dates from `start` up to, not including, `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServicePeriod {
    /// The first day of service.
    pub start: NaiveDate,
    /// The day after the last day of service.
    pub end: NaiveDate,
}

impl ServicePeriod {
    /// The days from `start` up to, not including, `end`; refused unless `end` is later.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<ServicePeriod, RecognitionError> {
        if end <= start {
            return Err(RecognitionError::EmptyServicePeriod { line_id: None });
        }
        Ok(ServicePeriod { start, end })
    }

    /// The days of a service period stored as instants (`service_period_start/end`): from the
    /// start's UTC date up to, not including, the end's UTC date, and at least the start's
    /// day. Anchor to anchor, `2026-04-15 09:12 → 2026-05-15 09:12` is the 30 days from
    /// April 15 to May 14. Refused unless `end` is after `start`.
    pub fn from_instants(
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<ServicePeriod, RecognitionError> {
        if end <= start {
            return Err(RecognitionError::EmptyServicePeriod { line_id: None });
        }
        let first = start.date_naive();
        let after = first
            .checked_add_days(Days::new(1))
            .ok_or(RecognitionError::AmountTooLarge { invoice_id: None })?;
        Ok(ServicePeriod {
            start: first,
            end: end.date_naive().max(after),
        })
    }

    /// How many days of service: at least 1 for a valid period.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }
}

/// An invoice line to recognise (a row of `platform.invoice_lines` with its invoice's day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecognisableLine {
    /// The invoice it is on.
    pub invoice_id: i64,
    /// The line.
    pub line_id: i64,
    /// The invoice's currency.
    pub currency: String,
    /// In minor units; negative for credits and downgrade prorations.
    pub amount_minor: i64,
    /// The service it pays for; `None` for a one-off charge, earned on `invoiced_on`.
    pub service_period: Option<ServicePeriod>,
    /// The UTC day the invoice was issued: the line counts as invoiced that day.
    pub invoiced_on: NaiveDate,
}

/// A credit note against an invoice (a row of `platform.credit_notes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditNote {
    /// The invoice it credits.
    pub invoice_id: i64,
    /// Its currency (the invoice's).
    pub currency: String,
    /// The amount credited, in minor units (positive).
    pub amount_minor: i64,
    /// The UTC day it was issued.
    pub issued_on: NaiveDate,
}

/// One month of the deferred revenue waterfall in one currency:
/// `deferred_closing = deferred_opening + invoiced − credited − recognised`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RevenueMonth {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// The currency of every amount of the row.
    pub currency: String,
    /// Invoice lines issued in the month (negative lines included).
    pub invoiced: i64,
    /// Credit notes issued in the month.
    pub credited: i64,
    /// Revenue earned in the month, credit notes' share deducted.
    pub recognised: i64,
    /// Deferred revenue at the start of the month (the previous month's closing).
    pub deferred_opening: i64,
    /// Deferred revenue at the end of the month.
    pub deferred_closing: i64,
}

/// Running totals of one currency from the beginning through a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RevenueBalance {
    /// Invoice lines issued so far.
    pub invoiced: i64,
    /// Credit notes issued so far.
    pub credited: i64,
    /// Revenue earned so far.
    pub recognised: i64,
    /// `invoiced − credited − recognised`: billed, not yet earned.
    pub deferred: i64,
}

/// Why lines or credit notes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecognitionError {
    /// A service period that does not end after it starts.
    #[error("the service period{} must end after it starts", line_suffix(*.line_id))]
    EmptyServicePeriod {
        /// The line, when known.
        line_id: Option<i64>,
    },
    /// A currency that is not a three-letter ISO code.
    #[error("{0:?} is not an ISO currency code")]
    InvalidCurrency(String),
    /// Lines of one invoice in different currencies.
    #[error("invoice {invoice_id} has lines in {first} and in {second}")]
    MixedCurrencyInvoice {
        /// The invoice.
        invoice_id: i64,
        /// One currency.
        first: String,
        /// Another.
        second: String,
    },
    /// A credit note in another currency than its invoice.
    #[error("a credit note in {note} cannot credit invoice {invoice_id}, which is in {invoice}")]
    CreditNoteCurrency {
        /// The invoice.
        invoice_id: i64,
        /// The invoice's currency.
        invoice: String,
        /// The credit note's.
        note: String,
    },
    /// A credit note of zero or less.
    #[error("a credit note on invoice {invoice_id} must be for a positive amount, not {amount}")]
    NonPositiveCreditNote {
        /// The invoice.
        invoice_id: i64,
        /// The amount given.
        amount: i64,
    },
    /// Amounts or dates beyond what can be computed exactly.
    #[error("the amounts{} are too large to compute", invoice_suffix(*.invoice_id))]
    AmountTooLarge {
        /// The invoice, when known.
        invoice_id: Option<i64>,
    },
}

fn line_suffix(line_id: Option<i64>) -> String {
    line_id
        .map(|id| format!(" of line {id}"))
        .unwrap_or_default()
}

fn invoice_suffix(invoice_id: Option<i64>) -> String {
    invoice_id
        .map(|id| format!(" of invoice {id}"))
        .unwrap_or_default()
}

/// The first day of a line's recognition and its number of days.
fn span(line: &RecognisableLine) -> (NaiveDate, i64) {
    match line.service_period {
        Some(period) => (period.start, period.days()),
        None => (line.invoiced_on, 1),
    }
}

/// The last day a line earns on.
fn last_day(line: &RecognisableLine) -> NaiveDate {
    let (start, days) = span(line);
    start
        .checked_add_days(Days::new(days.unsigned_abs().saturating_sub(1)))
        .unwrap_or(NaiveDate::MAX)
}

/// What a line has earned from its first day through `day`.
fn line_through(line: &RecognisableLine, day: NaiveDate) -> i128 {
    let (start, days) = span(line);
    let k = ((day - start).num_days() + 1).clamp(0, days);
    let magnitude = i128::from(line.amount_minor.unsigned_abs()) * i128::from(k) / i128::from(days);
    if line.amount_minor < 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// The day-by-day recognition of one line: each day of its service period (or its invoice
/// day) with what it earns; the amounts add up to the line's amount exactly.
pub fn daily_schedule(line: &RecognisableLine) -> Result<Vec<(NaiveDate, i64)>, RecognitionError> {
    check_line(line)?;
    let (start, days) = span(line);
    let mut out = Vec::with_capacity(usize::try_from(days).unwrap_or(0));
    let mut earned = 0i128;
    for day in start.iter_days().take(usize::try_from(days).unwrap_or(0)) {
        let through = line_through(line, day);
        let amount =
            i64::try_from(through - earned).map_err(|_| RecognitionError::AmountTooLarge {
                invoice_id: Some(line.invoice_id),
            })?;
        out.push((day, amount));
        earned = through;
    }
    Ok(out)
}

/// The deferred revenue waterfall for every month of `months`: see [`RevenueLedger::schedule`].
pub fn revenue_schedule(
    lines: &[RecognisableLine],
    credit_notes: &[CreditNote],
    months: &MonthRange,
) -> Result<Vec<RevenueMonth>, RecognitionError> {
    Ok(RevenueLedger::new(lines.to_vec(), credit_notes.to_vec())?.schedule(months))
}

fn check_line(line: &RecognisableLine) -> Result<(), RecognitionError> {
    if !is_currency_code(&line.currency) {
        return Err(RecognitionError::InvalidCurrency(line.currency.clone()));
    }
    if let Some(period) = line.service_period {
        if period.end <= period.start {
            return Err(RecognitionError::EmptyServicePeriod {
                line_id: Some(line.line_id),
            });
        }
    }
    Ok(())
}

/// An invoice as credit notes see it: its lines and its total.
#[derive(Debug)]
struct Invoice {
    /// Indexes of its lines in the ledger (never empty); the first gives the currency.
    lines: Vec<usize>,
    total: i128,
    /// The sum of its lines' absolute amounts: bounded so products stay within `i128`.
    magnitude: i128,
    /// The last day any of its lines earns on: its credit notes change nothing after it.
    last_day: NaiveDate,
}

/// Validated lines and credit notes, ready to report on any day or month range.
#[derive(Debug)]
pub struct RevenueLedger {
    lines: Vec<RecognisableLine>,
    credit_notes: Vec<CreditNote>,
    invoices: HashMap<i64, Invoice>,
}

impl RevenueLedger {
    /// Checks every line and credit note: valid currency codes, service periods that end after
    /// they start, one currency per invoice, credit notes positive and in their invoice's
    /// currency, and amounts small enough to compute exactly (an invoice's absolute line
    /// amounts must add up within `i64`).
    pub fn new(
        lines: Vec<RecognisableLine>,
        credit_notes: Vec<CreditNote>,
    ) -> Result<RevenueLedger, RecognitionError> {
        let mut invoices: HashMap<i64, Invoice> = HashMap::with_capacity(lines.len());
        for (index, line) in lines.iter().enumerate() {
            check_line(line)?;
            let invoice = invoices.entry(line.invoice_id).or_insert_with(|| Invoice {
                lines: Vec::with_capacity(1),
                total: 0,
                magnitude: 0,
                last_day: NaiveDate::MIN,
            });
            if let Some(first) = invoice.lines.first().map(|&i| &lines[i]) {
                if first.currency != line.currency {
                    return Err(RecognitionError::MixedCurrencyInvoice {
                        invoice_id: line.invoice_id,
                        first: first.currency.clone(),
                        second: line.currency.clone(),
                    });
                }
            }
            invoice.lines.push(index);
            invoice.last_day = invoice.last_day.max(last_day(line));
            invoice.total += i128::from(line.amount_minor);
            invoice.magnitude += i128::from(line.amount_minor.unsigned_abs());
            if invoice.magnitude > i128::from(i64::MAX) {
                return Err(RecognitionError::AmountTooLarge {
                    invoice_id: Some(line.invoice_id),
                });
            }
        }
        for note in &credit_notes {
            if !is_currency_code(&note.currency) {
                return Err(RecognitionError::InvalidCurrency(note.currency.clone()));
            }
            if note.amount_minor <= 0 {
                return Err(RecognitionError::NonPositiveCreditNote {
                    invoice_id: note.invoice_id,
                    amount: note.amount_minor,
                });
            }
            let invoice_currency = invoices
                .get(&note.invoice_id)
                .and_then(|invoice| invoice.lines.first())
                .map(|&i| &lines[i].currency);
            if let Some(currency) = invoice_currency {
                if *currency != note.currency {
                    return Err(RecognitionError::CreditNoteCurrency {
                        invoice_id: note.invoice_id,
                        invoice: currency.clone(),
                        note: note.currency.clone(),
                    });
                }
            }
        }
        Ok(RevenueLedger {
            lines,
            credit_notes,
            invoices,
        })
    }

    /// What a credit note has earned (zero or negative) from its issue day through `day`.
    fn credit_through(&self, note: &CreditNote, day: NaiveDate) -> i128 {
        if day < note.issued_on {
            return 0;
        }
        let credit = i128::from(note.amount_minor);
        match self.invoices.get(&note.invoice_id) {
            Some(invoice) if invoice.total > 0 => {
                let earned: i128 = invoice
                    .lines
                    .iter()
                    .map(|&i| line_through(&self.lines[i], day))
                    .sum();
                // |credit| and |earned| are each within i64 (checked in `new`): no overflow.
                -div_round_half_away(credit * earned, invoice.total).unwrap_or(credit)
            }
            _ => -credit,
        }
    }

    /// Running totals per currency from the beginning through `day` (included).
    pub fn balances_through(&self, day: NaiveDate) -> BTreeMap<String, RevenueBalance> {
        self.totals_through(day)
            .into_iter()
            .map(|(currency, t)| (currency.to_string(), t.to_balance()))
            .collect()
    }

    fn totals_through(&self, day: NaiveDate) -> BTreeMap<&str, Totals> {
        let mut totals: BTreeMap<&str, Totals> = BTreeMap::new();
        for line in &self.lines {
            let t = totals.entry(line.currency.as_str()).or_default();
            if line.invoiced_on <= day {
                t.invoiced += i128::from(line.amount_minor);
            }
            t.recognised += line_through(line, day);
        }
        for note in &self.credit_notes {
            let t = totals.entry(note.currency.as_str()).or_default();
            if note.issued_on <= day {
                t.credited += i128::from(note.amount_minor);
            }
            t.recognised += self.credit_through(note, day);
        }
        totals
    }
}

/// Running totals in 128 bits, so sums of many `i64` amounts never overflow.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    invoiced: i128,
    credited: i128,
    recognised: i128,
}

impl Totals {
    fn deferred(&self) -> i128 {
        self.invoiced - self.credited - self.recognised
    }

    fn to_balance(self) -> RevenueBalance {
        RevenueBalance {
            invoiced: clamp(self.invoiced),
            credited: clamp(self.credited),
            recognised: clamp(self.recognised),
            deferred: clamp(self.deferred()),
        }
    }
}

/// A 128-bit total as `i64`. Each amount is an `i64` of minor units (at most 92 quadrillion
/// cents); totals beyond that are not real money, so they saturate instead of failing.
fn clamp(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}
