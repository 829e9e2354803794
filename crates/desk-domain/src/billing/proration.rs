//! The proration preview of a mid-cycle change, so finance (and the customer) see before the
//! change what will be credited and charged, computed the way Stripe prorates.
//!
//! The rule, to the second: `unused = (period end − change) ÷ (period end − period start)`,
//! both measured in whole seconds (instants are truncated to the second). The customer is
//! credited the unused share of the old price and charged the same share of the new one:
//! `credit = −round(old × unused)`, `charge = round(new × unused)`, each rounded to the minor
//! unit with halves away from zero, computed exactly in integers (never floats). A change at
//! the very start of the period credits the whole old price and charges the whole new one; a
//! change at the very end leaves nothing to prorate, so the preview has no lines and a net of 0
//! (the next period is billed at the new price by the regular invoice).
//!
//! A plan change that also changes the billing interval (monthly ↔ yearly) restarts the
//! billing cycle at the change, as Stripe does: the unused time of the old plan is credited as
//! above and the new plan's full price is charged for a new period starting at the change.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};

use crate::money::{is_currency_code, scale_rounded, Money};

#[cfg(test)]
mod tests;

/// A subscription's current billing period, `start` included, `end` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BillingPeriod {
    /// When the period started (`current_period_start`).
    pub start: DateTime<Utc>,
    /// When it ends (`current_period_end`).
    pub end: DateTime<Utc>,
}

/// What the subscription costs for one whole period, before or after the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodPrice {
    /// What the line descriptions call it, e.g. "10 × Pro".
    pub label: String,
    /// The price of one whole period (for a per-seat plan: seats × unit price).
    pub price: Money,
}

/// How a plan is priced (`platform.plans.pricing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Pricing {
    /// The unit price is per seat and period.
    PerSeat,
    /// The unit price is the whole period's price, whatever the seats.
    Flat,
}

impl Pricing {
    /// The pricing for a platform value, `"per_seat"` or `"flat"`.
    pub fn from_db(pricing: &str) -> Option<Pricing> {
        match pricing {
            "per_seat" => Some(Pricing::PerSeat),
            "flat" => Some(Pricing::Flat),
            _ => None,
        }
    }
}

/// How long a billing period is (`platform.plans.interval`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum BillingInterval {
    /// One calendar month.
    Month,
    /// One calendar year.
    Year,
}

impl BillingInterval {
    /// The interval for a platform value, `"month"` or `"year"`.
    pub fn from_db(interval: &str) -> Option<BillingInterval> {
        match interval {
            "month" => Some(BillingInterval::Month),
            "year" => Some(BillingInterval::Year),
            _ => None,
        }
    }

    /// The interval in calendar months: 1 or 12.
    pub fn months(self) -> u32 {
        match self {
            BillingInterval::Month => 1,
            BillingInterval::Year => 12,
        }
    }

    /// The word used in descriptions: "monthly" or "yearly".
    pub fn adjective(self) -> &'static str {
        match self {
            BillingInterval::Month => "monthly",
            BillingInterval::Year => "yearly",
        }
    }
}

/// A plan's price terms (a row of `platform.plans`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTerms {
    /// The plan's name, e.g. "Pro".
    pub name: String,
    /// Per seat or flat.
    pub pricing: Pricing,
    /// The price per seat and period (per seat) or per period (flat).
    pub unit_price: Money,
    /// The length of a billing period.
    pub interval: BillingInterval,
}

/// A plan with a number of seats: what a subscription is on before or after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSelection {
    /// The plan.
    pub plan: PlanTerms,
    /// The seats (ignored for the price of a flat plan, but at least 1 as for any subscription).
    pub seats: u32,
}

impl PlanSelection {
    /// The price of one whole period with its label: `seats × unit price` labelled "10 × Pro"
    /// for a per-seat plan, the unit price labelled "Pro" for a flat one.
    pub fn period_price(&self) -> Result<PeriodPrice, ProrationError> {
        if self.seats == 0 {
            return Err(ProrationError::NoSeats);
        }
        let unit = &self.plan.unit_price;
        Ok(match self.plan.pricing {
            Pricing::PerSeat => PeriodPrice {
                label: format!("{} × {}", self.seats, self.plan.name),
                price: Money::new(
                    unit.minor
                        .checked_mul(i64::from(self.seats))
                        .ok_or(ProrationError::Overflow)?,
                    unit.currency.clone(),
                ),
            },
            Pricing::Flat => PeriodPrice {
                label: self.plan.name.clone(),
                price: unit.clone(),
            },
        })
    }
}

/// Whether a preview line gives money back or asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ProrationLineKind {
    /// The unused time of the old price, given back (a negative amount).
    Credit,
    /// The remaining time (or a new period) at the new price (a positive amount).
    Charge,
}

/// One line of a proration preview, as it would appear on the invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProrationLine {
    /// Credit or charge.
    pub kind: ProrationLineKind,
    /// E.g. "Unused time on 10 × Pro after 16 Apr 2026".
    pub description: String,
    /// In minor units of the preview's currency: negative for a credit.
    pub amount_minor: i64,
    /// The service this line is for starts here (the change)…
    pub period_start: DateTime<Utc>,
    /// …and ends here (the period end, or the end of a new period).
    pub period_end: DateTime<Utc>,
}

/// What a mid-cycle change will credit and charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProrationPreview {
    /// The credit line first, then the charge line; none when nothing is left to prorate.
    pub lines: Vec<ProrationLine>,
    /// The sum of the lines: positive means the customer pays, negative that they get credit.
    pub net_minor: i64,
    /// The currency of every amount.
    pub currency: String,
    /// The unused share of the current period, 0 to 1. For display only: the amounts are
    /// computed from whole seconds in integers, not from this number.
    pub unused_fraction: f64,
}

/// Why a preview was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProrationError {
    /// The period does not last at least one second.
    #[error("the billing period must end at least a second after it starts")]
    EmptyPeriod,
    /// The change is before the period starts or after it ends.
    #[error("the change at {change_at} is outside the billing period ({start} to {end})")]
    ChangeOutsidePeriod {
        /// The change asked for.
        change_at: DateTime<Utc>,
        /// The period's start.
        start: DateTime<Utc>,
        /// The period's end.
        end: DateTime<Utc>,
    },
    /// A price is below zero.
    #[error("a price cannot be negative (got {0} minor units)")]
    NegativePrice(i64),
    /// A currency is not a three-letter ISO code.
    #[error("{0:?} is not an ISO currency code")]
    InvalidCurrency(String),
    /// The old and the new price are in different currencies.
    #[error("the old price is in {old} and the new one in {new}: a change cannot switch currency")]
    CurrencyMismatch {
        /// The old price's currency.
        old: String,
        /// The new price's currency.
        new: String,
    },
    /// A subscription with no seats.
    #[error("a subscription needs at least one seat")]
    NoSeats,
    /// A seat change on a plan that is not priced per seat.
    #[error("{0} is a flat-priced plan: changing seats does not change its price")]
    NotPerSeat(String),
    /// An amount or a date beyond what can be represented.
    #[error("the amount or date is too large to compute")]
    Overflow,
}

/// The preview of a change at `change_at` from `old` to `new`, both priced for one whole
/// period of the same length (same billing cycle). See the module documentation for the rule.
pub fn preview(
    period: &BillingPeriod,
    change_at: DateTime<Utc>,
    old: &PeriodPrice,
    new: &PeriodPrice,
) -> Result<ProrationPreview, ProrationError> {
    prorate(period, change_at, old, new, None)
}

/// The preview of going from `seats_before` to `seats_after` seats of a per-seat `plan`.
pub fn preview_seat_change(
    period: &BillingPeriod,
    change_at: DateTime<Utc>,
    plan: &PlanTerms,
    seats_before: u32,
    seats_after: u32,
) -> Result<ProrationPreview, ProrationError> {
    if plan.pricing != Pricing::PerSeat {
        return Err(ProrationError::NotPerSeat(plan.name.clone()));
    }
    let selection = |seats| PlanSelection {
        plan: plan.clone(),
        seats,
    };
    let old = selection(seats_before).period_price()?;
    let new = selection(seats_after).period_price()?;
    preview(period, change_at, &old, &new)
}

/// The preview of moving from one plan (and seat count) to another. When both plans bill on
/// the same interval the new plan takes over the current period; when the interval changes
/// the cycle restarts at the change and the new plan's full price is charged for a new period.
pub fn preview_plan_change(
    period: &BillingPeriod,
    change_at: DateTime<Utc>,
    from: &PlanSelection,
    to: &PlanSelection,
) -> Result<ProrationPreview, ProrationError> {
    let old = from.period_price()?;
    let new = to.period_price()?;
    let restart = (from.plan.interval != to.plan.interval).then_some(to.plan.interval);
    prorate(period, change_at, &old, &new, restart)
}

/// The rule itself; `restart` is the new interval when the billing cycle restarts.
fn prorate(
    period: &BillingPeriod,
    change_at: DateTime<Utc>,
    old: &PeriodPrice,
    new: &PeriodPrice,
    restart: Option<BillingInterval>,
) -> Result<ProrationPreview, ProrationError> {
    for price in [&old.price, &new.price] {
        if !is_currency_code(&price.currency) {
            return Err(ProrationError::InvalidCurrency(price.currency.clone()));
        }
        if price.minor < 0 {
            return Err(ProrationError::NegativePrice(price.minor));
        }
    }
    if old.price.currency != new.price.currency {
        return Err(ProrationError::CurrencyMismatch {
            old: old.price.currency.clone(),
            new: new.price.currency.clone(),
        });
    }
    let total = period.end.timestamp() - period.start.timestamp();
    if total <= 0 {
        return Err(ProrationError::EmptyPeriod);
    }
    if change_at < period.start || change_at > period.end {
        return Err(ProrationError::ChangeOutsidePeriod {
            change_at,
            start: period.start,
            end: period.end,
        });
    }
    // Truncating every instant to its second keeps 0 ≤ unused ≤ total.
    let unused = period.end.timestamp() - change_at.timestamp();
    let after = change_at.format("%-d %b %Y");

    let mut lines = Vec::with_capacity(2);
    if unused > 0 {
        let credit =
            scale_rounded(old.price.minor, unused, total).ok_or(ProrationError::Overflow)?;
        lines.push(ProrationLine {
            kind: ProrationLineKind::Credit,
            description: format!("Unused time on {} after {after}", old.label),
            amount_minor: -credit,
            period_start: change_at,
            period_end: period.end,
        });
    }
    match restart {
        None if unused > 0 => {
            let charge =
                scale_rounded(new.price.minor, unused, total).ok_or(ProrationError::Overflow)?;
            lines.push(ProrationLine {
                kind: ProrationLineKind::Charge,
                description: format!("Remaining time on {} after {after}", new.label),
                amount_minor: charge,
                period_start: change_at,
                period_end: period.end,
            });
        }
        None => {}
        Some(interval) => {
            let end = change_at
                .checked_add_months(Months::new(interval.months()))
                .ok_or(ProrationError::Overflow)?;
            lines.push(ProrationLine {
                kind: ProrationLineKind::Charge,
                description: format!(
                    "{} ({}) from {after} to {}",
                    new.label,
                    interval.adjective(),
                    end.format("%-d %b %Y")
                ),
                amount_minor: new.price.minor,
                period_start: change_at,
                period_end: end,
            });
        }
    }
    let net_minor = lines
        .iter()
        .try_fold(0i64, |sum, line| sum.checked_add(line.amount_minor))
        .ok_or(ProrationError::Overflow)?;
    Ok(ProrationPreview {
        lines,
        net_minor,
        currency: new.price.currency.clone(),
        // Display only; precision loss on astronomically long periods is harmless here.
        unused_fraction: unused as f64 / total as f64,
    })
}
