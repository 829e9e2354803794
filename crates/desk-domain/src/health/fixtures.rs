//! Hand-built account histories for the tests of the health score and the signals: a steady,
//! healthy account that each test then bends one way.

use chrono::NaiveDate;

use super::{days_before, AccountHistory, InvoiceFact, PaymentFact, UsageDay};

/// The day the tests score as of.
pub(crate) fn as_of() -> NaiveDate {
    day("2026-03-31")
}

pub(crate) fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

/// `n` days before `day`.
pub(crate) fn ago(day: NaiveDate, n: u32) -> NaiveDate {
    days_before(day, n)
}

/// A day of steady, healthy sending: 400 e-mails, 1% bounces, 6% replies, no complaints,
/// 8 active mailboxes, 4 logins.
pub(crate) fn steady_day(day: NaiveDate) -> UsageDay {
    UsageDay {
        day,
        emails_sent: 400,
        bounces: 4,
        replies: 24,
        spam_complaints: 0,
        active_mailboxes: 8,
        logins: 4,
    }
}

/// One row per day for the `n` days ending on `end`, made by `make`.
pub(crate) fn days(end: NaiveDate, n: u32, make: impl Fn(NaiveDate) -> UsageDay) -> Vec<UsageDay> {
    (0..n).rev().map(|k| make(ago(end, k))).collect()
}

/// An account a CSM would call healthy: 120 days of steady usage up to `end`, monthly
/// payments that succeeded, invoices paid on their due day, a touchpoint every two weeks
/// (the last 10 days before `end`), no disputes, no escalations.
pub(crate) fn steady_history(end: NaiveDate) -> AccountHistory {
    let months = [ago(end, 90), ago(end, 60), ago(end, 30)];
    AccountHistory {
        usage: days(end, 120, steady_day),
        payments: months
            .iter()
            .map(|&at| PaymentFact { at, failed: false })
            .collect(),
        invoices: months
            .iter()
            .map(|&at| InvoiceFact {
                due: Some(at),
                paid: Some(at),
                open: false,
                amount_due_minor: 49_900,
            })
            .collect(),
        disputes: Vec::new(),
        escalations: Vec::new(),
        touchpoints: (0..9).map(|k| ago(end, 10 + 14 * k)).collect(),
    }
}
