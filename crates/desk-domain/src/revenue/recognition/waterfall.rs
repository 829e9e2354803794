//! The month-by-month waterfall of a [`RevenueLedger`]. The rules are those of the parent
//! module; this part only makes a report over many months cheap: a line (or credit note) is
//! read at the month ends where what it has earned can change, i.e. the months its service
//! spans, instead of at every month end of the range.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{clamp, last_day, line_through, span, RevenueLedger, RevenueMonth};
use crate::period::MonthRange;

/// The days the running totals are read at: the day before the range, then each month's
/// last day (`months + 1` days, ascending).
struct Boundaries(Vec<NaiveDate>);

impl Boundaries {
    fn new(months: &MonthRange) -> Boundaries {
        let mut days = Vec::with_capacity(months.len() + 1);
        days.push(months.first().day_before());
        days.extend(months.months().map(|m| m.last_day()));
        Boundaries(days)
    }

    /// Where something dated `day` is counted: `Ok(None)` in the opening balance (on or before
    /// the day before the range), `Ok(Some(i))` in month `i`, `Err(())` after the range.
    fn slot(&self, day: NaiveDate) -> Result<Option<usize>, ()> {
        match self.0.partition_point(|b| *b < day) {
            0 => Ok(None),
            j if j < self.0.len() => Ok(Some(j - 1)),
            _ => Err(()),
        }
    }

    /// Adds to `opening` a running total's value at the day before the range, and to `deltas`
    /// its change over each month, for a total that is constant before `first` and from
    /// `last` on (so only the month ends between them are read).
    fn spread(
        &self,
        first: NaiveDate,
        last: NaiveDate,
        through: impl Fn(NaiveDate) -> i128,
        opening: &mut i128,
        deltas: &mut [i128],
    ) {
        let b = &self.0;
        *opening += through(b[0]);
        let from = b.partition_point(|d| *d < first).max(1);
        let to = b.partition_point(|d| *d < last).min(b.len() - 1);
        if from > to {
            return;
        }
        let mut previous = through(b[from - 1]);
        for j in from..=to {
            let now = through(b[j]);
            deltas[j - 1] += now - previous;
            previous = now;
        }
    }
}

/// One currency's numbers: the balances before the range and each month's movements.
struct Columns {
    opening_invoiced: i128,
    opening_credited: i128,
    opening_recognised: i128,
    invoiced: Vec<i128>,
    credited: Vec<i128>,
    recognised: Vec<i128>,
}

impl Columns {
    fn new(months: usize) -> Columns {
        Columns {
            opening_invoiced: 0,
            opening_credited: 0,
            opening_recognised: 0,
            invoiced: vec![0; months],
            credited: vec![0; months],
            recognised: vec![0; months],
        }
    }

    fn is_zero(&self) -> bool {
        self.opening_invoiced - self.opening_credited - self.opening_recognised == 0
            && [&self.invoiced, &self.credited, &self.recognised]
                .iter()
                .all(|column| column.iter().all(|v| *v == 0))
    }
}

impl RevenueLedger {
    /// The deferred revenue waterfall for every month of `months`, one row per month and
    /// currency, ordered by month then currency code. A currency has rows (for every month,
    /// zeros included, so the series line up) when anything of it moves in the range or it
    /// carries a deferred balance into it.
    pub fn schedule(&self, months: &MonthRange) -> Vec<RevenueMonth> {
        let bounds = Boundaries::new(months);
        let n = months.len();
        let mut by_currency: BTreeMap<&str, Columns> = BTreeMap::new();

        for line in &self.lines {
            let c = by_currency
                .entry(line.currency.as_str())
                .or_insert_with(|| Columns::new(n));
            match bounds.slot(line.invoiced_on) {
                Ok(None) => c.opening_invoiced += i128::from(line.amount_minor),
                Ok(Some(i)) => c.invoiced[i] += i128::from(line.amount_minor),
                Err(()) => {}
            }
            let (first, _) = span(line);
            bounds.spread(
                first,
                last_day(line),
                |day| line_through(line, day),
                &mut c.opening_recognised,
                &mut c.recognised,
            );
        }
        for note in &self.credit_notes {
            let c = by_currency
                .entry(note.currency.as_str())
                .or_insert_with(|| Columns::new(n));
            match bounds.slot(note.issued_on) {
                Ok(None) => c.opening_credited += i128::from(note.amount_minor),
                Ok(Some(i)) => c.credited[i] += i128::from(note.amount_minor),
                Err(()) => {}
            }
            // A credit note changes from its issue day to its invoice's last day of service.
            let last = match self.invoices.get(&note.invoice_id) {
                Some(invoice) if invoice.total > 0 => invoice.last_day.max(note.issued_on),
                _ => note.issued_on,
            };
            bounds.spread(
                note.issued_on,
                last,
                |day| self.credit_through(note, day),
                &mut c.opening_recognised,
                &mut c.recognised,
            );
        }

        let mut rows = Vec::with_capacity(n * by_currency.len());
        let active: Vec<(&str, Columns)> = by_currency
            .into_iter()
            .filter(|(_, c)| !c.is_zero())
            .collect();
        let mut deferred: Vec<i128> = active
            .iter()
            .map(|(_, c)| c.opening_invoiced - c.opening_credited - c.opening_recognised)
            .collect();
        for (i, month) in months.months().enumerate() {
            let month = month.to_string();
            for ((currency, c), balance) in active.iter().zip(deferred.iter_mut()) {
                let opening = *balance;
                *balance = opening + c.invoiced[i] - c.credited[i] - c.recognised[i];
                rows.push(RevenueMonth {
                    month: month.clone(),
                    currency: (*currency).to_string(),
                    invoiced: clamp(c.invoiced[i]),
                    credited: clamp(c.credited[i]),
                    recognised: clamp(c.recognised[i]),
                    deferred_opening: clamp(opening),
                    deferred_closing: clamp(*balance),
                });
            }
        }
        rows
    }
}
