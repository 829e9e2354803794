//! Totals of daily usage over windows of days, shared by the health factors and the signals.
//!
//! The rows are sorted once per call (borrowed as they are when the store already returns them
//! by day), and each window is found by binary search, so scoring many days of one account
//! stays linear in the number of rows rather than quadratic.

use std::borrow::Cow;

use chrono::{Days, NaiveDate};

use super::UsageDay;

/// An account's usage rows sorted by day.
pub(crate) struct SortedUsage<'a> {
    rows: Cow<'a, [UsageDay]>,
}

impl<'a> SortedUsage<'a> {
    /// Sorts `rows` by day, without copying them when they already are.
    pub(crate) fn new(rows: &'a [UsageDay]) -> Self {
        if rows.is_sorted_by_key(|r| r.day) {
            Self {
                rows: Cow::Borrowed(rows),
            }
        } else {
            let mut owned = rows.to_vec();
            owned.sort_by_key(|r| r.day);
            Self {
                rows: Cow::Owned(owned),
            }
        }
    }

    /// The totals over the `days` days ending on `end`, both ends included. A day without a
    /// row counts as a day of zero usage.
    pub(crate) fn window(&self, end: NaiveDate, days: u32) -> Totals {
        let mut totals = Totals {
            days,
            ..Totals::default()
        };
        if days == 0 {
            return totals;
        }
        let start = days_before(end, days - 1);
        let lo = self.rows.partition_point(|r| r.day < start);
        let hi = self.rows.partition_point(|r| r.day <= end);
        for row in self.rows.get(lo..hi).unwrap_or_default() {
            totals.emails_sent += row.emails_sent.max(0);
            totals.bounces += row.bounces.max(0);
            totals.replies += row.replies.max(0);
            totals.spam_complaints += row.spam_complaints.max(0);
            totals.mailbox_days += row.active_mailboxes.max(0);
            totals.max_mailboxes = totals.max_mailboxes.max(row.active_mailboxes);
            totals.logins += row.logins.max(0);
        }
        totals
    }
}

/// Sums of usage over a window of days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    /// The length of the window in days.
    pub(crate) days: u32,
    pub(crate) emails_sent: i64,
    pub(crate) bounces: i64,
    pub(crate) replies: i64,
    pub(crate) spam_complaints: i64,
    /// The sum of each day's active mailboxes (divide by `days` for the average).
    pub(crate) mailbox_days: i64,
    /// The most active mailboxes on any one day of the window.
    pub(crate) max_mailboxes: i64,
    pub(crate) logins: i64,
}

impl Totals {
    /// The average number of active mailboxes per day of the window, gaps counting as zero.
    pub(crate) fn avg_mailboxes(&self) -> f64 {
        if self.days == 0 {
            0.0
        } else {
            self.mailbox_days as f64 / f64::from(self.days)
        }
    }
}

/// The day `n` days before `day` (the earliest representable day if that underflows).
pub(crate) fn days_before(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MIN)
}
