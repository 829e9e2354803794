//! The six factors of the health score: what each measures as of a day, the value from 0 to 1
//! it gives, and the sentence that explains it to a CSM.
//!
//! Measuring is kept apart from wording so the trend (many days, numbers only) does not build
//! sentences nobody reads.

use chrono::NaiveDate;

use super::usage::Totals;
use super::{days_before, AccountHistory, Factor, SortedUsage, THRESHOLDS, WEIGHTS};
use crate::words::{counted, grouped, percent};

/// What was measured for each factor as of one day.
pub(super) struct Measurements {
    usage: UsageTrend,
    deliverability: Deliverability,
    outcome: Outcome,
    billing: Billing,
    support: Support,
    engagement: Engagement,
}

impl Measurements {
    /// Measures every factor from the facts dated on or before `as_of`.
    pub(super) fn measure(
        history: &AccountHistory,
        usage: &SortedUsage<'_>,
        as_of: NaiveDate,
    ) -> Self {
        let t = &THRESHOLDS;
        let last = usage.window(as_of, t.window_days);
        let previous = usage.window(days_before(as_of, t.window_days), t.window_days);
        Measurements {
            usage: UsageTrend::new(&last, &previous),
            deliverability: Deliverability(last),
            outcome: Outcome(last),
            billing: Billing::measure(history, as_of),
            support: Support::measure(history, as_of),
            engagement: Engagement::measure(history, as_of),
        }
    }

    /// The value of one factor, from 0 (bad) to 1 (healthy).
    pub(super) fn value(&self, factor: Factor) -> f64 {
        match factor {
            Factor::UsageTrend => self.usage.value(),
            Factor::Deliverability => self.deliverability.value(),
            Factor::Outcome => self.outcome.value(),
            Factor::Billing => self.billing.value(),
            Factor::Support => self.support.value(),
            Factor::Engagement => self.engagement.value(),
        }
    }

    /// Why the factor has its value, in words.
    pub(super) fn detail(&self, factor: Factor) -> String {
        match factor {
            Factor::UsageTrend => self.usage.detail(),
            Factor::Deliverability => self.deliverability.detail(),
            Factor::Outcome => self.outcome.detail(),
            Factor::Billing => self.billing.detail(),
            Factor::Support => self.support.detail(),
            Factor::Engagement => self.engagement.detail(),
        }
    }

    /// The score from 0 to 100: `round(100 × Σ weight × value ÷ Σ weight)`.
    pub(super) fn score(&self) -> u8 {
        let total = WEIGHTS.total();
        if total == 0 {
            return 0;
        }
        let weighted: f64 = Factor::ALL
            .iter()
            .map(|&f| f64::from(WEIGHTS.of(f)) * self.value(f))
            .sum();
        (100.0 * weighted / f64::from(total))
            .round()
            .clamp(0.0, 100.0) as u8
    }
}

/// A usage figure in the last window and in the one before.
#[derive(Clone, Copy)]
struct Change {
    last: f64,
    previous: f64,
}

impl Change {
    /// 1 when flat or growing, 0 at the zero ratio (a 50% drop) or below; something that
    /// started from nothing scores 1, nothing in both windows scores 0.
    fn value(self) -> f64 {
        if self.previous <= 0.0 {
            return if self.last > 0.0 { 1.0 } else { 0.0 };
        }
        ramp(
            self.last / self.previous,
            THRESHOLDS.usage_zero_ratio,
            THRESHOLDS.usage_full_ratio,
        )
    }

    fn is_none(self) -> bool {
        self.last <= 0.0 && self.previous <= 0.0
    }

    /// "down 42%", "up 8%", "unchanged" or "up from none" (only called when not both none).
    fn movement(self) -> String {
        if self.previous <= 0.0 {
            return "up from none".to_string();
        }
        // Worded as the signals word it, so both say the same percentage for the same data.
        let change = percent((self.last - self.previous).abs() / self.previous);
        if change == "0%" {
            "unchanged".to_string()
        } else if self.last < self.previous {
            format!("down {change}")
        } else {
            format!("up {change}")
        }
    }
}

/// Usage in the last window against the one before: e-mails sent, average active mailboxes,
/// logins.
struct UsageTrend {
    emails: Change,
    mailboxes: Change,
    logins: Change,
    window_days: u32,
}

impl UsageTrend {
    fn new(last: &Totals, previous: &Totals) -> Self {
        UsageTrend {
            emails: Change {
                last: last.emails_sent as f64,
                previous: previous.emails_sent as f64,
            },
            mailboxes: Change {
                last: last.avg_mailboxes(),
                previous: previous.avg_mailboxes(),
            },
            logins: Change {
                last: last.logins as f64,
                previous: previous.logins as f64,
            },
            window_days: last.days,
        }
    }

    fn value(&self) -> f64 {
        let w = &WEIGHTS;
        let parts = [
            (w.usage_emails, self.emails.value()),
            (w.usage_mailboxes, self.mailboxes.value()),
            (w.usage_logins, self.logins.value()),
        ];
        let total: u32 = parts.iter().map(|(weight, _)| weight).sum();
        if total == 0 {
            return 0.0;
        }
        let sum: f64 = parts.iter().map(|(w, v)| f64::from(*w) * v).sum();
        sum / f64::from(total)
    }

    fn detail(&self) -> String {
        let days = self.window_days;
        if self.emails.is_none() && self.mailboxes.is_none() && self.logins.is_none() {
            return format!(
                "No usage in the last {} days: no e-mails sent, no active mailboxes, no logins",
                days * 2
            );
        }
        let emails = if self.emails.is_none() {
            format!("No e-mails sent in the last {} days", days * 2)
        } else {
            format!(
                "E-mails sent {} vs the previous {days} days ({} → {})",
                self.emails.movement(),
                grouped(self.emails.previous as i64),
                grouped(self.emails.last as i64),
            )
        };
        let mailboxes = if self.mailboxes.is_none() {
            "no active mailboxes".to_string()
        } else {
            format!(
                "active mailboxes {} (avg {:.1} → {:.1})",
                self.mailboxes.movement(),
                self.mailboxes.previous,
                self.mailboxes.last
            )
        };
        let logins = if self.logins.is_none() {
            "no logins".to_string()
        } else {
            format!(
                "logins {} ({} → {})",
                self.logins.movement(),
                grouped(self.logins.previous as i64),
                grouped(self.logins.last as i64),
            )
        };
        format!("{emails}; {mailboxes}; {logins}")
    }
}

/// Bounce and spam complaint rates over the last window.
struct Deliverability(Totals);

impl Deliverability {
    fn rates(&self) -> Option<(f64, f64)> {
        let sent = self.0.emails_sent;
        (sent > 0).then(|| {
            (
                self.0.bounces as f64 / sent as f64,
                self.0.spam_complaints as f64 / sent as f64,
            )
        })
    }

    /// The worse of the bounce and complaint sub-scores (either one gets mail blocked).
    fn value(&self) -> f64 {
        let t = &THRESHOLDS;
        match self.rates() {
            None => t.deliverability_no_sends,
            Some((bounce, complaint)) => ramp(bounce, t.bounce_max, t.bounce_ok).min(ramp(
                complaint,
                t.complaint_max,
                t.complaint_ok,
            )),
        }
    }

    fn detail(&self) -> String {
        let t = &THRESHOLDS;
        match self.rates() {
            None => format!(
                "No e-mails sent in the last {} days, so bounce and spam complaint rates cannot \
                 be measured; scored neutral ({}) rather than as good or bad",
                self.0.days,
                percent(t.deliverability_no_sends)
            ),
            Some((bounce, complaint)) => format!(
                "Bounce rate {} (healthy up to {}, zero from {}), spam complaint rate {} \
                 (healthy up to {}, zero from {}) over {} e-mails in the last {} days",
                percent(bounce),
                percent(t.bounce_ok),
                percent(t.bounce_max),
                percent(complaint),
                percent(t.complaint_ok),
                percent(t.complaint_max),
                grouped(self.0.emails_sent),
                self.0.days
            ),
        }
    }
}

/// Reply rate over the last window.
struct Outcome(Totals);

impl Outcome {
    fn value(&self) -> f64 {
        let sent = self.0.emails_sent;
        if sent <= 0 {
            return 0.0;
        }
        let rate = self.0.replies as f64 / sent as f64;
        ramp(rate, THRESHOLDS.reply_zero, THRESHOLDS.reply_full)
    }

    fn detail(&self) -> String {
        let sent = self.0.emails_sent;
        if sent <= 0 {
            return format!(
                "No e-mails sent in the last {} days, so no replies to measure",
                self.0.days
            );
        }
        format!(
            "Reply rate {} ({} replies to {} e-mails) in the last {} days; full marks from {}",
            percent(self.0.replies as f64 / sent as f64),
            grouped(self.0.replies),
            grouped(sent),
            self.0.days,
            percent(THRESHOLDS.reply_full)
        )
    }
}

/// Failed payments in the lookback, and invoices overdue and disputes open on the day.
struct Billing {
    as_of: NaiveDate,
    failed_payments: u32,
    latest_failure: Option<NaiveDate>,
    overdue_invoices: u32,
    oldest_due: Option<NaiveDate>,
    open_disputes: u32,
}

impl Billing {
    fn measure(history: &AccountHistory, as_of: NaiveDate) -> Self {
        let since = days_before(as_of, THRESHOLDS.billing_lookback_days.saturating_sub(1));
        let mut b = Billing {
            as_of,
            failed_payments: 0,
            latest_failure: None,
            overdue_invoices: 0,
            oldest_due: None,
            open_disputes: 0,
        };
        for p in &history.payments {
            if p.failed && p.at >= since && p.at <= as_of {
                b.failed_payments += 1;
                b.latest_failure = b.latest_failure.max(Some(p.at));
            }
        }
        for invoice in &history.invoices {
            if invoice.is_overdue(as_of) {
                b.overdue_invoices += 1;
                b.oldest_due = match (b.oldest_due, invoice.due) {
                    (Some(a), Some(d)) => Some(a.min(d)),
                    (a, d) => a.or(d),
                };
            }
        }
        let open_disputes = history.disputes.iter().filter(|d| d.is_open(as_of)).count();
        b.open_disputes = u32::try_from(open_disputes).unwrap_or(u32::MAX);
        b
    }

    fn value(&self) -> f64 {
        let t = &THRESHOLDS;
        let lost = f64::from(self.failed_payments) * t.penalty_failed_payment
            + f64::from(self.overdue_invoices) * t.penalty_overdue_invoice
            + f64::from(self.open_disputes) * t.penalty_open_dispute;
        (1.0 - lost).clamp(0.0, 1.0)
    }

    fn detail(&self) -> String {
        let days = THRESHOLDS.billing_lookback_days;
        if self.failed_payments == 0 && self.overdue_invoices == 0 && self.open_disputes == 0 {
            return format!(
                "No failed payments in the last {days} days, no overdue invoices, no open disputes"
            );
        }
        let failed = match self.latest_failure {
            Some(latest) if self.failed_payments > 0 => format!(
                "{} in the last {days} days (latest {latest})",
                counted(self.failed_payments, "failed payment", "failed payments")
            ),
            _ => format!("no failed payments in the last {days} days"),
        };
        let overdue = match self.oldest_due {
            Some(due) if self.overdue_invoices > 0 => format!(
                "{} (oldest {} past due)",
                counted(self.overdue_invoices, "overdue invoice", "overdue invoices"),
                counted(days_between(due, self.as_of), "day", "days")
            ),
            _ => "no overdue invoices".to_string(),
        };
        let disputes = match self.open_disputes {
            0 => "no open disputes".to_string(),
            n => counted(n, "open dispute", "open disputes"),
        };
        capitalized(&format!("{failed}; {overdue}; {disputes}"))
    }
}

/// Escalations open on the day.
struct Support {
    as_of: NaiveDate,
    open: u32,
    oldest_opened: Option<NaiveDate>,
}

impl Support {
    fn measure(history: &AccountHistory, as_of: NaiveDate) -> Self {
        let mut s = Support {
            as_of,
            open: 0,
            oldest_opened: None,
        };
        for e in history.escalations.iter().filter(|e| e.is_open(as_of)) {
            s.open += 1;
            s.oldest_opened = Some(s.oldest_opened.map_or(e.opened, |o| o.min(e.opened)));
        }
        s
    }

    fn value(&self) -> f64 {
        let table = &THRESHOLDS.support_by_open_escalations;
        usize::try_from(self.open)
            .ok()
            .and_then(|i| table.get(i))
            .copied()
            .unwrap_or(0.0)
    }

    fn detail(&self) -> String {
        match (self.open, self.oldest_opened) {
            (0, _) | (_, None) => "No open escalations".to_string(),
            (n, Some(opened)) => format!(
                "{} (oldest opened {} ago, on {opened})",
                counted(n, "open escalation", "open escalations"),
                counted(days_between(opened, self.as_of), "day", "days")
            ),
        }
    }
}

/// The last touchpoint on or before the day.
struct Engagement {
    as_of: NaiveDate,
    last: Option<NaiveDate>,
}

impl Engagement {
    fn measure(history: &AccountHistory, as_of: NaiveDate) -> Self {
        let last = history
            .touchpoints
            .iter()
            .copied()
            .filter(|&d| d <= as_of)
            .max();
        Engagement { as_of, last }
    }

    fn value(&self) -> f64 {
        let t = &THRESHOLDS;
        match self.last {
            None => 0.0,
            Some(last) => ramp(
                f64::from(days_between(last, self.as_of)),
                f64::from(t.touch_zero_days),
                f64::from(t.touch_full_days),
            ),
        }
    }

    fn detail(&self) -> String {
        match self.last {
            None => "No touchpoint recorded".to_string(),
            Some(last) if last == self.as_of => format!("Last touchpoint today ({last})"),
            Some(last) => format!(
                "Last touchpoint {} ago ({last}); full marks up to {} days, zero from {} days",
                counted(days_between(last, self.as_of), "day", "days"),
                THRESHOLDS.touch_full_days,
                THRESHOLDS.touch_zero_days
            ),
        }
    }
}

/// 0 at `zero_at`, 1 at `full_at`, linear between and flat beyond; works whichever of the
/// two is larger (a rate where lower is better has `zero_at > full_at`).
fn ramp(x: f64, zero_at: f64, full_at: f64) -> f64 {
    let span = full_at - zero_at;
    if span.abs() < f64::EPSILON {
        return if (x - full_at) * span.signum() >= 0.0 {
            1.0
        } else {
            0.0
        };
    }
    ((x - zero_at) / span).clamp(0.0, 1.0)
}

/// Whole days from `from` to `to` (0 when `to` is not after `from`).
fn days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days().max(0)).unwrap_or(u32::MAX)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
