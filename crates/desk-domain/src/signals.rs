//! Churn and expansion signals for the book of accounts: a few named rules a CSM can check by
//! hand ("Using 46 of 50 seats"), each carrying its reason in words, so proactive outreach
//! starts from a concrete fact rather than from a number.
//!
//! They read the same dated history as the health score, as of a given day, plus the seats
//! bought and the subscription's plan changes. Every threshold is in [`SIGNAL_THRESHOLDS`].
//! Pure: no I/O and no clock.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::health::{days_before, AccountHistory, SortedUsage};
use crate::words::{counted, grouped, percent};

/// What kind of change a subscription event was (`platform.subscription_events.kind`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum PlanChangeKind {
    /// The subscription started.
    Created,
    /// Moved to a dearer plan.
    Upgraded,
    /// Moved to a cheaper plan.
    Downgraded,
    /// The number of seats changed (either way; the MRR says which).
    SeatsChanged,
    /// The subscription ended.
    Cancelled,
    /// A cancelled subscription started again.
    Reactivated,
}

impl PlanChangeKind {
    /// The kind for a platform value such as `"seats_changed"`, if it is one.
    pub fn from_db(kind: &str) -> Option<PlanChangeKind> {
        Some(match kind {
            "created" => PlanChangeKind::Created,
            "upgraded" => PlanChangeKind::Upgraded,
            "downgraded" => PlanChangeKind::Downgraded,
            "seats_changed" => PlanChangeKind::SeatsChanged,
            "cancelled" => PlanChangeKind::Cancelled,
            "reactivated" => PlanChangeKind::Reactivated,
            _ => return None,
        })
    }
}

/// One subscription event, with the monthly recurring revenue before and after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChange {
    /// The day it happened.
    pub at: NaiveDate,
    /// What happened.
    pub kind: PlanChangeKind,
    /// MRR before, in minor units.
    pub mrr_before_minor: i64,
    /// MRR after, in minor units.
    pub mrr_after_minor: i64,
}

impl PlanChange {
    /// Whether it is a downgrade or lowered the MRR (fewer seats, a cancellation).
    pub fn is_contraction(&self) -> bool {
        self.kind == PlanChangeKind::Downgraded || self.mrr_after_minor < self.mrr_before_minor
    }
}

/// Whether a signal warns of churn or points to an expansion opportunity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum SignalKind {
    /// The customer may be about to leave or shrink.
    Churn,
    /// The customer may buy more.
    Expansion,
}

/// Which rule fired; stable, so the UI can branch and filter on it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum SignalCode {
    /// E-mails sent fell by the usage-drop share or more against the previous window.
    UsageDrop,
    /// A payment failed within the lookback.
    FailedPayments,
    /// A downgrade, or a change that lowered the MRR, within the lookback.
    Downgrade,
    /// Active mailboxes reached the near-limit share of the seats bought.
    SeatsNearLimit,
    /// E-mails sent grew by the usage-growth share or more against the previous window.
    UsageGrowth,
}

impl SignalCode {
    /// Whether this rule warns of churn or points to expansion.
    pub fn kind(self) -> SignalKind {
        match self {
            SignalCode::UsageDrop | SignalCode::FailedPayments | SignalCode::Downgrade => {
                SignalKind::Churn
            }
            SignalCode::SeatsNearLimit | SignalCode::UsageGrowth => SignalKind::Expansion,
        }
    }
}

/// A rule that fired for an account, with its reason in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Signal {
    /// Churn or expansion.
    pub kind: SignalKind,
    /// Which rule.
    pub code: SignalCode,
    /// Why, e.g. "Using 46 of 50 seats (92%) at the peak of the last 7 days".
    pub reason: String,
}

/// The thresholds of the signals. Shares are whole percentages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalThresholds {
    /// Length in days of the usage window (ending on the day, included) and of the window just
    /// before it that it is compared with.
    pub window_days: u32,
    /// E-mails sent this many percent or more below the previous window is a usage drop.
    pub usage_drop_pct: i64,
    /// E-mails sent this many percent or more above the previous window is usage growth.
    pub usage_growth_pct: i64,
    /// The previous window must have had at least this many e-mails sent for either usage
    /// signal, so that 4 → 2 e-mails is not reported as a 50% drop.
    pub min_baseline_emails: i64,
    /// How far back, in days, failed payments and downgrades count.
    pub lookback_days: u32,
    /// The window, in days, whose busiest day's active mailboxes are compared with the seats.
    pub seats_window_days: u32,
    /// Active mailboxes at this percentage of the seats or more is near the limit.
    pub seats_near_limit_pct: i64,
}

/// The thresholds of the signals.
pub const SIGNAL_THRESHOLDS: SignalThresholds = SignalThresholds {
    window_days: 30,
    usage_drop_pct: 30,
    usage_growth_pct: 25,
    min_baseline_emails: 100,
    lookback_days: 90,
    seats_window_days: 7,
    seats_near_limit_pct: 90,
};

/// The signals of an account as of `as_of`, churn first then expansion, each rule at most once.
///
/// `seats` is the number of seats the subscription has now (`None` when it has none, e.g. a
/// flat plan), and `plan_changes` the subscription events in any order. Only facts dated on or
/// before `as_of` count.
pub fn signals(
    history: &AccountHistory,
    seats: Option<i64>,
    plan_changes: &[PlanChange],
    as_of: NaiveDate,
) -> Vec<Signal> {
    let t = &SIGNAL_THRESHOLDS;
    let usage = SortedUsage::new(&history.usage);
    let last = usage.window(as_of, t.window_days).emails_sent;
    let previous = usage
        .window(days_before(as_of, t.window_days), t.window_days)
        .emails_sent;
    let since = days_before(as_of, t.lookback_days.saturating_sub(1));
    let in_lookback = |day: NaiveDate| day >= since && day <= as_of;

    let mut out = Vec::new();
    let mut fire = |code: SignalCode, reason: String| {
        out.push(Signal {
            kind: code.kind(),
            code,
            reason,
        });
    };

    // Churn.
    let usage_reason = || {
        format!(
            "E-mails sent {} {} vs the previous {} days ({} → {})",
            if last < previous { "down" } else { "up" },
            percent((last - previous).abs() as f64 / previous as f64),
            t.window_days,
            grouped(previous),
            grouped(last)
        )
    };
    let has_baseline = previous >= t.min_baseline_emails;
    if has_baseline
        && i128::from(last) * 100 <= i128::from(previous) * i128::from(100 - t.usage_drop_pct)
    {
        fire(SignalCode::UsageDrop, usage_reason());
    }

    let failed: Vec<NaiveDate> = history
        .payments
        .iter()
        .filter(|p| p.failed && in_lookback(p.at))
        .map(|p| p.at)
        .collect();
    if let Some(latest) = failed.iter().max() {
        fire(
            SignalCode::FailedPayments,
            format!(
                "{} in the last {} days, the latest on {latest}",
                counted(count(failed.len()), "failed payment", "failed payments"),
                t.lookback_days
            ),
        );
    }

    let contractions: Vec<&PlanChange> = plan_changes
        .iter()
        .filter(|c| c.is_contraction() && in_lookback(c.at))
        .collect();
    if let Some(latest) = contractions.iter().max_by_key(|c| c.at) {
        let mut reason = describe_contraction(latest);
        if contractions.len() > 1 {
            reason.push_str(&format!(
                " ({} in the last {} days)",
                counted(
                    count(contractions.len()),
                    "downgrade or MRR decrease",
                    "downgrades or MRR decreases"
                ),
                t.lookback_days
            ));
        }
        fire(SignalCode::Downgrade, reason);
    }

    // Expansion.
    if let Some(seats) = seats.filter(|&s| s > 0) {
        let used = usage.window(as_of, t.seats_window_days).max_mailboxes;
        if i128::from(used) * 100 >= i128::from(seats) * i128::from(t.seats_near_limit_pct) {
            fire(
                SignalCode::SeatsNearLimit,
                format!(
                    "Using {} of {} seats ({}) at the peak of the last {} days",
                    grouped(used),
                    grouped(seats),
                    percent(used as f64 / seats as f64),
                    t.seats_window_days
                ),
            );
        }
    }

    if has_baseline
        && i128::from(last) * 100 >= i128::from(previous) * i128::from(100 + t.usage_growth_pct)
    {
        fire(SignalCode::UsageGrowth, usage_reason());
    }

    out
}

/// "Downgraded on 2026-02-10: MRR down 40%".
fn describe_contraction(change: &PlanChange) -> String {
    let what = match change.kind {
        PlanChangeKind::Downgraded => "Downgraded",
        PlanChangeKind::SeatsChanged => "Seats reduced",
        PlanChangeKind::Cancelled => "Cancelled",
        PlanChangeKind::Created | PlanChangeKind::Upgraded | PlanChangeKind::Reactivated => {
            "Plan changed"
        }
    };
    let (before, after) = (change.mrr_before_minor, change.mrr_after_minor);
    if after < before && before > 0 {
        format!(
            "{what} on {}: MRR down {}",
            change.at,
            percent((before - after) as f64 / before as f64)
        )
    } else {
        format!("{what} on {} (MRR not lower)", change.at)
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
