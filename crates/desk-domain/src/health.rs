//! The customer-success health score: one number from 0 to 100 per account, with the six factors
//! behind it in words, so a CSM sees which accounts need a call and why, not just that they do.
//!
//! The score is computed from the account's dated history *as of* a given day: only facts dated
//! on or before that day count, so the same function gives today's score and every point of the
//! 90-day trend. Every weight and threshold lives in [`WEIGHTS`] and [`THRESHOLDS`] and nowhere
//! else. Pure: no I/O and no clock; the caller passes the day.

mod factors;
mod usage;

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use factors::Measurements;
pub(crate) use usage::{days_before, SortedUsage};

/// One day of an account's product usage (a row of `platform.usage_daily`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageDay {
    /// The UTC day.
    pub day: NaiveDate,
    /// E-mails sent that day.
    pub emails_sent: i64,
    /// Bounces recorded that day.
    pub bounces: i64,
    /// Replies received that day.
    pub replies: i64,
    /// Spam complaints received that day.
    pub spam_complaints: i64,
    /// Connected sending mailboxes that sent that day.
    pub active_mailboxes: i64,
    /// Customer user sign-ins that day.
    pub logins: i64,
}

/// A payment attempt, succeeded or failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentFact {
    /// The day of the attempt.
    pub at: NaiveDate,
    /// Whether the attempt failed.
    pub failed: bool,
}

/// An invoice, as far as being overdue goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceFact {
    /// The due day; `None` for a draft, which is never overdue.
    pub due: Option<NaiveDate>,
    /// The day it was paid, if it was.
    pub paid: Option<NaiveDate>,
    /// Whether its status is `open` in the data (false for paid, void and uncollectible).
    pub open: bool,
    /// What is left to pay, in minor units; nothing to pay is never overdue.
    pub amount_due_minor: i64,
}

impl InvoiceFact {
    /// Whether the invoice is overdue as of `as_of`: due before that day and not paid by then.
    ///
    /// An invoice that is neither open nor paid (void or uncollectible) is never overdue: the
    /// data does not say when it was written off, so it is left out of every day's score.
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        let Some(due) = self.due else {
            return false;
        };
        if self.amount_due_minor <= 0 || (!self.open && self.paid.is_none()) {
            return false;
        }
        due < as_of && self.paid.is_none_or(|paid| paid > as_of)
    }
}

/// Something that is opened and later closed: a payment dispute, a support escalation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanFact {
    /// The day it was opened.
    pub opened: NaiveDate,
    /// The day it was closed, if it was.
    pub closed: Option<NaiveDate>,
}

impl SpanFact {
    /// Whether it is open as of `as_of`: opened on or before that day, not closed by then.
    pub fn is_open(&self, as_of: NaiveDate) -> bool {
        self.opened <= as_of && self.closed.is_none_or(|closed| closed > as_of)
    }
}

/// Everything the score looks at for one account, each fact with its day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountHistory {
    /// Daily usage rows, in any order; a missing day counts as a day of zero usage.
    pub usage: Vec<UsageDay>,
    /// Payment attempts.
    pub payments: Vec<PaymentFact>,
    /// Invoices.
    pub invoices: Vec<InvoiceFact>,
    /// Payment disputes (chargebacks).
    pub disputes: Vec<SpanFact>,
    /// Support escalations.
    pub escalations: Vec<SpanFact>,
    /// Days of customer-success touchpoints (calls, e-mails, meetings, notes).
    pub touchpoints: Vec<NaiveDate>,
}

/// How much each factor counts. The score divides by [`Weights::total`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    /// Weight of [`Factor::UsageTrend`].
    pub usage_trend: u32,
    /// Weight of [`Factor::Deliverability`].
    pub deliverability: u32,
    /// Weight of [`Factor::Outcome`].
    pub outcome: u32,
    /// Weight of [`Factor::Billing`].
    pub billing: u32,
    /// Weight of [`Factor::Support`].
    pub support: u32,
    /// Weight of [`Factor::Engagement`].
    pub engagement: u32,
    /// Within the usage trend: weight of the e-mails-sent comparison.
    pub usage_emails: u32,
    /// Within the usage trend: weight of the average-active-mailboxes comparison.
    pub usage_mailboxes: u32,
    /// Within the usage trend: weight of the logins comparison.
    pub usage_logins: u32,
}

impl Weights {
    /// The weight of one factor.
    pub const fn of(&self, factor: Factor) -> u32 {
        match factor {
            Factor::UsageTrend => self.usage_trend,
            Factor::Deliverability => self.deliverability,
            Factor::Outcome => self.outcome,
            Factor::Billing => self.billing,
            Factor::Support => self.support,
            Factor::Engagement => self.engagement,
        }
    }

    /// The sum of the six factor weights: what the weighted sum is divided by.
    pub const fn total(&self) -> u32 {
        self.usage_trend
            + self.deliverability
            + self.outcome
            + self.billing
            + self.support
            + self.engagement
    }
}

/// The weights of the health score (they sum to 100, so a weight reads as points).
pub const WEIGHTS: Weights = Weights {
    usage_trend: 30,
    deliverability: 15,
    outcome: 10,
    billing: 20,
    support: 15,
    engagement: 10,
    usage_emails: 2,
    usage_mailboxes: 1,
    usage_logins: 1,
};

/// The thresholds of the health score. Rates are fractions (0.02 is 2%).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Length in days of "the last 30 days" (ending on the day scored, included) and of the
    /// window just before it that usage is compared with.
    pub window_days: u32,
    /// Usage ratio (last window ÷ previous window) from which a usage comparison scores 1.
    pub usage_full_ratio: f64,
    /// Usage ratio at or below which a usage comparison scores 0.
    pub usage_zero_ratio: f64,
    /// Bounce rate (bounces ÷ e-mails sent) up to which bounces do not lower deliverability.
    pub bounce_ok: f64,
    /// Bounce rate from which deliverability is 0.
    pub bounce_max: f64,
    /// Spam complaint rate (complaints ÷ e-mails sent) up to which complaints do not lower
    /// deliverability.
    pub complaint_ok: f64,
    /// Spam complaint rate from which deliverability is 0.
    pub complaint_max: f64,
    /// Deliverability when no e-mail was sent in the window: neither good nor bad.
    pub deliverability_no_sends: f64,
    /// Reply rate (replies ÷ e-mails sent) from which the outcome scores 1.
    pub reply_full: f64,
    /// Reply rate at or below which the outcome scores 0.
    pub reply_zero: f64,
    /// How far back, in days, failed payments count.
    pub billing_lookback_days: u32,
    /// Billing value lost per failed payment in the lookback.
    pub penalty_failed_payment: f64,
    /// Billing value lost per invoice overdue on the day scored.
    pub penalty_overdue_invoice: f64,
    /// Billing value lost per dispute open on the day scored.
    pub penalty_open_dispute: f64,
    /// Support value for 0, 1 and 2 open escalations; 3 or more score 0.
    pub support_by_open_escalations: [f64; 3],
    /// Days since the last touchpoint up to which engagement scores 1.
    pub touch_full_days: u32,
    /// Days since the last touchpoint from which engagement scores 0.
    pub touch_zero_days: u32,
    /// Lowest score of the Healthy band.
    pub healthy_from: u8,
    /// Lowest score of the Watch band; below it is At risk.
    pub watch_from: u8,
}

/// The thresholds of the health score. Between a "full" and a "zero" threshold a factor slides
/// linearly.
pub const THRESHOLDS: Thresholds = Thresholds {
    window_days: 30,
    usage_full_ratio: 1.0,
    usage_zero_ratio: 0.5,
    bounce_ok: 0.02,
    bounce_max: 0.10,
    complaint_ok: 0.001,
    complaint_max: 0.005,
    deliverability_no_sends: 0.5,
    reply_full: 0.05,
    reply_zero: 0.0,
    billing_lookback_days: 90,
    penalty_failed_payment: 0.25,
    penalty_overdue_invoice: 0.4,
    penalty_open_dispute: 0.5,
    support_by_open_escalations: [1.0, 0.6, 0.3],
    touch_full_days: 30,
    touch_zero_days: 120,
    healthy_from: 70,
    watch_from: 40,
};

/// One of the six factors of the health score.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum Factor {
    /// Product usage in the last 30 days against the 30 before.
    UsageTrend,
    /// Bounce and spam complaint rates in the last 30 days.
    Deliverability,
    /// Reply rate in the last 30 days: whether the product works for them.
    Outcome,
    /// Failed payments, overdue invoices, open disputes.
    Billing,
    /// Open support escalations.
    Support,
    /// Days since the last customer-success touchpoint.
    Engagement,
}

impl Factor {
    /// Every factor, in display order.
    pub const ALL: [Factor; 6] = [
        Factor::UsageTrend,
        Factor::Deliverability,
        Factor::Outcome,
        Factor::Billing,
        Factor::Support,
        Factor::Engagement,
    ];

    /// The serialized name, e.g. `"usageTrend"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Factor::UsageTrend => "usageTrend",
            Factor::Deliverability => "deliverability",
            Factor::Outcome => "outcome",
            Factor::Billing => "billing",
            Factor::Support => "support",
            Factor::Engagement => "engagement",
        }
    }

    /// The name shown to staff, e.g. "Usage trend".
    pub fn label(self) -> &'static str {
        match self {
            Factor::UsageTrend => "Usage trend",
            Factor::Deliverability => "Deliverability",
            Factor::Outcome => "Replies",
            Factor::Billing => "Billing",
            Factor::Support => "Support",
            Factor::Engagement => "Engagement",
        }
    }
}

/// The band of a score, for colouring and filtering the book of accounts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum HealthBand {
    /// At or above [`Thresholds::healthy_from`].
    Healthy,
    /// From [`Thresholds::watch_from`] to just below Healthy.
    Watch,
    /// Below [`Thresholds::watch_from`].
    AtRisk,
}

impl HealthBand {
    /// The band a score falls in.
    pub fn from_score(score: u8) -> HealthBand {
        if score >= THRESHOLDS.healthy_from {
            HealthBand::Healthy
        } else if score >= THRESHOLDS.watch_from {
            HealthBand::Watch
        } else {
            HealthBand::AtRisk
        }
    }

    /// The serialized name: `"healthy"`, `"watch"` or `"atRisk"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HealthBand::Healthy => "healthy",
            HealthBand::Watch => "watch",
            HealthBand::AtRisk => "atRisk",
        }
    }
}

/// One factor of a score: its value, what it gave and cost, and why, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FactorScore {
    /// Which factor.
    pub factor: Factor,
    /// Its weight in [`WEIGHTS`].
    pub weight: u32,
    /// Its value, from 0 (bad) to 1 (healthy).
    pub value: f64,
    /// The points out of 100 it gives: `100 × weight × value ÷ total weight`.
    pub contribution: f64,
    /// The points out of 100 it costs: its share of 100 less its contribution.
    pub lost: f64,
    /// What was measured, in words, e.g. "E-mails sent down 42% vs the previous 30 days".
    pub detail: String,
}

/// An account's health as of one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HealthScore {
    /// From 0 to 100: `round(100 × Σ weight × value ÷ Σ weight)`.
    pub score: u8,
    /// The band the score falls in.
    pub band: HealthBand,
    /// The six factors, in [`Factor::ALL`] order.
    pub factors: Vec<FactorScore>,
}

impl HealthScore {
    /// The score of one factor.
    pub fn factor(&self, factor: Factor) -> Option<&FactorScore> {
        self.factors.iter().find(|f| f.factor == factor)
    }
}

/// The health of the account as of `as_of`, counting only facts dated on or before that day.
///
/// `as_of` should be the last complete day of usage (yesterday when usage is loaded daily),
/// or today's partial usage makes the last 30 days look lower than they are.
pub fn score(history: &AccountHistory, as_of: NaiveDate) -> HealthScore {
    let usage = SortedUsage::new(&history.usage);
    let measured = Measurements::measure(history, &usage, as_of);
    let total = f64::from(WEIGHTS.total().max(1));
    let factors = Factor::ALL
        .iter()
        .map(|&factor| {
            let weight = WEIGHTS.of(factor);
            let value = measured.value(factor);
            let share = 100.0 * f64::from(weight) / total;
            FactorScore {
                factor,
                weight,
                value,
                contribution: share * value,
                lost: share * (1.0 - value),
                detail: measured.detail(factor),
            }
        })
        .collect();
    let score = measured.score();
    HealthScore {
        score,
        band: HealthBand::from_score(score),
        factors,
    }
}

/// The score as of every `step`-th day over the `days` days ending on `as_of`: oldest first,
/// `as_of` last, `max(1, ⌈days ÷ step⌉)` points. `trend(h, d, 90, 1)` is the daily score of
/// the last 90 days, `trend(h, d, 90, 7)` the 13 weekly points; a `step` of 0 counts as 1.
///
/// The usage is sorted once for all points and no detail text is built, so a trend costs
/// little more than one score per point.
pub fn trend(
    history: &AccountHistory,
    as_of: NaiveDate,
    days: u32,
    step: u32,
) -> Vec<(NaiveDate, u8)> {
    let step = step.max(1);
    let points = days.div_ceil(step).max(1);
    let usage = SortedUsage::new(&history.usage);
    (0..points)
        .rev()
        .map(|k| {
            let day = days_before(as_of, k.saturating_mul(step));
            (day, Measurements::measure(history, &usage, day).score())
        })
        .collect()
}
