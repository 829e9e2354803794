//! Calendar months for finance reports: MRR movements and the deferred revenue waterfall are
//! both "per month", so the month, its first and last day, and a validated range of months
//! live here once. Months are UTC calendar months; a report month is written `YYYY-MM`.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

/// The longest month range a report accepts: 100 years.
pub const MAX_MONTHS: u32 = 1200;

/// One calendar month, e.g. March 2026. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    /// Months since year 0: `year × 12 + (month − 1)`, so order and arithmetic are plain.
    index: i64,
}

impl YearMonth {
    /// The month `month` (1–12) of `year`, if it is a month chrono can represent.
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(YearMonth {
            index: i64::from(year) * 12 + i64::from(month) - 1,
        })
    }

    /// The month a day falls in.
    pub fn of(day: NaiveDate) -> YearMonth {
        YearMonth {
            index: i64::from(day.year()) * 12 + i64::from(day.month0()),
        }
    }

    /// The UTC month an instant falls in.
    pub fn of_instant(at: DateTime<Utc>) -> YearMonth {
        YearMonth::of(at.date_naive())
    }

    /// The year, e.g. 2026.
    pub fn year(self) -> i32 {
        // The index was built from an i32 year, so the quotient fits back.
        i32::try_from(self.index.div_euclid(12)).unwrap_or(i32::MAX)
    }

    /// The month of the year, 1 to 12.
    pub fn month(self) -> u32 {
        // rem_euclid(12) is 0..=11.
        u32::try_from(self.index.rem_euclid(12)).unwrap_or(0) + 1
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        // Every YearMonth was built from (or moved within) representable first days.
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the month (the 28th to the 31st).
    pub fn last_day(self) -> NaiveDate {
        match self.next() {
            Some(next) => next.first_day().pred_opt().unwrap_or(NaiveDate::MAX),
            None => NaiveDate::MAX,
        }
    }

    /// How many days the month has.
    pub fn days(self) -> i64 {
        (self.last_day() - self.first_day()).num_days() + 1
    }

    /// The month after, if representable.
    pub fn next(self) -> Option<YearMonth> {
        self.plus(1)
    }

    /// The month before, if representable.
    pub fn prev(self) -> Option<YearMonth> {
        self.plus(-1)
    }

    /// The month `n` months later (earlier when negative), if representable.
    pub fn plus(self, n: i64) -> Option<YearMonth> {
        let index = self.index.checked_add(n)?;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
        YearMonth::new(year, month)
    }

    /// The day before the month starts: where the balance carried into it is measured.
    pub fn day_before(self) -> NaiveDate {
        self.first_day()
            .checked_sub_days(Days::new(1))
            .unwrap_or(NaiveDate::MIN)
    }
}

impl fmt::Display for YearMonth {
    /// `YYYY-MM`, e.g. `2026-03`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// Why a month or a month range was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The text is not a month written `YYYY-MM`.
    #[error("{0:?} is not a month: write it as YYYY-MM, e.g. 2026-03")]
    NotAMonth(String),
    /// The range ends before it starts.
    #[error("the month range ends ({last}) before it starts ({first})")]
    Reversed {
        /// The first month asked for.
        first: String,
        /// The last month asked for.
        last: String,
    },
    /// The range is longer than [`MAX_MONTHS`].
    #[error("the month range is {months} months long; at most {MAX_MONTHS} are allowed")]
    TooLong {
        /// How many months were asked for.
        months: i64,
    },
}

impl FromStr for YearMonth {
    type Err = PeriodError;

    /// Parses `YYYY-MM`, e.g. `2026-03`.
    fn from_str(text: &str) -> Result<YearMonth, PeriodError> {
        let bad = || PeriodError::NotAMonth(text.to_string());
        let (year, month) = text.trim().split_once('-').ok_or_else(bad)?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || month.len() != 2 || !digits(year) || !digits(month) {
            return Err(bad());
        }
        let year = year.parse::<i32>().map_err(|_| bad())?;
        let month = month.parse::<u32>().map_err(|_| bad())?;
        YearMonth::new(year, month).ok_or_else(bad)
    }
}

/// A non-empty run of consecutive months, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRange {
    first: YearMonth,
    last: YearMonth,
}

impl MonthRange {
    /// The months from `first` to `last`, both included; refused when reversed or longer than
    /// [`MAX_MONTHS`].
    pub fn new(first: YearMonth, last: YearMonth) -> Result<MonthRange, PeriodError> {
        if last < first {
            return Err(PeriodError::Reversed {
                first: first.to_string(),
                last: last.to_string(),
            });
        }
        let months = last.index - first.index + 1;
        if months > i64::from(MAX_MONTHS) {
            return Err(PeriodError::TooLong { months });
        }
        Ok(MonthRange { first, last })
    }

    /// The first month.
    pub fn first(&self) -> YearMonth {
        self.first
    }

    /// The last month.
    pub fn last(&self) -> YearMonth {
        self.last
    }

    /// How many months the range holds (at least 1).
    pub fn len(&self) -> usize {
        usize::try_from(self.last.index - self.first.index + 1).unwrap_or(0)
    }

    /// Always false: a range holds at least one month.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The months in order.
    pub fn months(&self) -> impl Iterator<Item = YearMonth> + '_ {
        let first = self.first;
        (0..self.len()).filter_map(move |k| first.plus(i64::try_from(k).ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    #[test]
    fn months_know_their_days_including_leap_february() {
        assert_eq!(ym("2028-02").days(), 29);
        assert_eq!(ym("2027-02").days(), 28);
        assert_eq!(ym("2026-12").last_day().to_string(), "2026-12-31");
        assert_eq!(ym("2026-12").next(), Some(ym("2027-01")));
        assert_eq!(ym("2027-01").prev(), Some(ym("2026-12")));
        assert_eq!(ym("2026-03").day_before().to_string(), "2026-02-28");
    }

    #[test]
    fn months_read_and_write_as_yyyy_mm() {
        assert_eq!(ym("2026-03").to_string(), "2026-03");
        assert_eq!(ym("0999-01").year(), 999);
        for bad in [
            "2026-13", "2026-00", "2026-3", "26-03", "2026/03", "", "abcd-ef",
        ] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_range_lists_its_months_and_refuses_reversed_or_huge_ones() {
        let r = MonthRange::new(ym("2026-11"), ym("2027-02")).unwrap();
        let names: Vec<String> = r.months().map(|m| m.to_string()).collect();
        assert_eq!(names, ["2026-11", "2026-12", "2027-01", "2027-02"]);
        assert_eq!(r.len(), 4);
        assert!(matches!(
            MonthRange::new(ym("2026-02"), ym("2026-01")),
            Err(PeriodError::Reversed { .. })
        ));
        assert!(matches!(
            MonthRange::new(ym("1900-01"), ym("2026-01")),
            Err(PeriodError::TooLong { .. })
        ));
    }
}
