//! MRR and ARR movements per month and currency, from the subscriptions' history
//! (`platform.subscription_events`), so finance can say where this month's recurring revenue
//! came from and where it went.
//!
//! Each event carries the subscription's MRR before and after it (the platform already turns a
//! yearly price into its monthly share). An event's movement is classified by its kind and the
//! sign of its change: a `created` that raises MRR is **new**, a `reactivated` that raises it
//! is **reactivation**, a `cancelled` that lowers it is **churn**; any other rise is
//! **expansion** and any other fall **contraction** (so an `upgraded` that lowered the price is
//! a contraction: the MRR says which). A change of 0 is no movement.
//!
//! Every movement is a positive magnitude, and for each month and currency, exactly:
//! `ending = starting + new + expansion − contraction − churn + reactivation`, and `ending` is
//! the sum over subscriptions of their latest `mrr_after` at the end of the month. A month
//! starts where the previous one ended; the first month starts from each subscription's MRR
//! after its last event before the range.
//!
//! When the history has a gap (an event's `mrr_before` differs from the subscription's MRR
//! after its previous event, or a subscription's first known event starts from a non-zero
//! MRR because its older history is missing), the gap is counted as its own movement at that
//! event: new for a subscription's first known event, otherwise expansion or contraction by
//! its sign. The identity and the end-state equality therefore hold on any input.
//!
//! Months are UTC calendar months. Events at the same instant are applied in input order, so
//! pass them ordered by `occurred_at, id`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::period::{MonthRange, YearMonth};
use crate::signals::PlanChangeKind;

#[cfg(test)]
mod tests;

/// One event of a subscription's history (a row of `platform.subscription_events`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionEvent {
    /// The subscription.
    pub subscription_id: i64,
    /// Its tenant (the platform's uuid, as text).
    pub tenant_id: String,
    /// What happened.
    pub kind: PlanChangeKind,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// The subscription's MRR just before, in minor units.
    pub mrr_before_minor: i64,
    /// Its MRR just after, in minor units.
    pub mrr_after_minor: i64,
    /// The currency of both.
    pub currency: String,
}

/// The kind of an MRR movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MrrMovement {
    /// A new subscription's MRR.
    New,
    /// MRR added by an existing subscription (upgrade, more seats).
    Expansion,
    /// MRR lost by a subscription that stays (downgrade, fewer seats).
    Contraction,
    /// MRR lost by a cancellation.
    Churn,
    /// MRR regained when a cancelled subscription starts again.
    Reactivation,
}

/// The movement an MRR change of `delta` (after − before) is, for an event of `kind`; `None`
/// when the MRR did not change. See the module documentation for the rule.
pub fn classify(kind: PlanChangeKind, delta: i64) -> Option<MrrMovement> {
    if delta == 0 {
        return None;
    }
    Some(match (kind, delta > 0) {
        (PlanChangeKind::Created, true) => MrrMovement::New,
        (PlanChangeKind::Reactivated, true) => MrrMovement::Reactivation,
        (PlanChangeKind::Cancelled, false) => MrrMovement::Churn,
        (_, true) => MrrMovement::Expansion,
        (_, false) => MrrMovement::Contraction,
    })
}

/// One month of MRR movements in one currency. Every movement is a positive magnitude, and
/// `ending = starting + new + expansion − contraction − churn + reactivation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MrrMonth {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// The currency of every amount of the row.
    pub currency: String,
    /// MRR at the start of the month (the previous month's ending).
    pub starting: i64,
    /// MRR of new subscriptions.
    pub new: i64,
    /// MRR added by existing subscriptions.
    pub expansion: i64,
    /// MRR lost by subscriptions that stay.
    pub contraction: i64,
    /// MRR lost by cancellations.
    pub churn: i64,
    /// MRR regained by reactivations.
    pub reactivation: i64,
    /// MRR at the end of the month.
    pub ending: i64,
    /// ARR at the end of the month: `12 × ending`.
    pub ending_arr: i64,
}

/// The five movements of one month and currency, as positive magnitudes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Movements {
    new: i64,
    expansion: i64,
    contraction: i64,
    churn: i64,
    reactivation: i64,
}

impl Movements {
    fn add(&mut self, movement: Option<MrrMovement>, delta: i64) {
        let magnitude = delta.abs();
        match movement {
            None => {}
            Some(MrrMovement::New) => self.new += magnitude,
            Some(MrrMovement::Expansion) => self.expansion += magnitude,
            Some(MrrMovement::Contraction) => self.contraction += magnitude,
            Some(MrrMovement::Churn) => self.churn += magnitude,
            Some(MrrMovement::Reactivation) => self.reactivation += magnitude,
        }
    }

    fn absorb(&mut self, other: Movements) {
        self.new += other.new;
        self.expansion += other.expansion;
        self.contraction += other.contraction;
        self.churn += other.churn;
        self.reactivation += other.reactivation;
    }
}

/// The running state while walking the history: each subscription's MRR and each currency's.
#[derive(Default)]
struct Book<'a> {
    subscriptions: HashMap<(&'a str, i64), i64>,
    totals: BTreeMap<&'a str, i64>,
}

impl<'a> Book<'a> {
    /// Applies one event; returns its movements (the gap first, then the event's own change).
    fn apply(&mut self, event: &'a SubscriptionEvent) -> Movements {
        let key = (event.currency.as_str(), event.subscription_id);
        let known = self.subscriptions.get(&key).copied();
        let tracked = known.unwrap_or(0);
        let mut moves = Movements::default();
        let gap = event.mrr_before_minor - tracked;
        let gap_kind = match known {
            None if gap > 0 => Some(MrrMovement::New),
            _ => classify(PlanChangeKind::SeatsChanged, gap),
        };
        moves.add(gap_kind, gap);
        let delta = event.mrr_after_minor - event.mrr_before_minor;
        moves.add(classify(event.kind, delta), delta);
        self.subscriptions.insert(key, event.mrr_after_minor);
        *self.totals.entry(key.0).or_insert(0) += event.mrr_after_minor - tracked;
        moves
    }
}

/// The events in the order they are applied: by time, ties in input order.
fn in_order(events: &[SubscriptionEvent]) -> Vec<&SubscriptionEvent> {
    let mut ordered: Vec<&SubscriptionEvent> = events.iter().collect();
    ordered.sort_by_key(|e| e.occurred_at);
    ordered
}

/// MRR movements for every month of `months`, one row per month and currency, ordered by
/// month then currency code. A currency has rows (for every month, zeros included, so the
/// series line up) when it has MRR at the start of the range or an event within it.
pub fn mrr_movements(events: &[SubscriptionEvent], months: &MonthRange) -> Vec<MrrMonth> {
    let ordered = in_order(events);
    let mut pending = ordered.into_iter().peekable();
    let mut book = Book::default();
    while let Some(event) =
        pending.next_if(|e| YearMonth::of_instant(e.occurred_at) < months.first())
    {
        book.apply(event);
    }
    let mut currencies: BTreeSet<&str> = book
        .totals
        .iter()
        .filter(|(_, total)| **total != 0)
        .map(|(currency, _)| *currency)
        .collect();

    let mut per_month = Vec::with_capacity(months.len());
    for month in months.months() {
        let starting = book.totals.clone();
        let mut moves: BTreeMap<&str, Movements> = BTreeMap::new();
        while let Some(event) = pending.next_if(|e| YearMonth::of_instant(e.occurred_at) <= month) {
            let applied = book.apply(event);
            currencies.insert(event.currency.as_str());
            moves
                .entry(event.currency.as_str())
                .or_default()
                .absorb(applied);
        }
        per_month.push((month, starting, moves, book.totals.clone()));
    }

    let mut rows = Vec::with_capacity(per_month.len() * currencies.len());
    for (month, starting, moves, ending) in &per_month {
        for currency in &currencies {
            let m = moves.get(currency).copied().unwrap_or_default();
            let ending = ending.get(currency).copied().unwrap_or(0);
            rows.push(MrrMonth {
                month: month.to_string(),
                currency: (*currency).to_string(),
                starting: starting.get(currency).copied().unwrap_or(0),
                new: m.new,
                expansion: m.expansion,
                contraction: m.contraction,
                churn: m.churn,
                reactivation: m.reactivation,
                ending,
                ending_arr: ending.saturating_mul(12),
            });
        }
    }
    rows
}

/// MRR per currency as of `at`: the sum over subscriptions of the `mrr_after` of their latest
/// event at or before `at`. Currencies with subscriptions but no MRR show 0.
pub fn mrr_as_of(events: &[SubscriptionEvent], at: DateTime<Utc>) -> BTreeMap<String, i64> {
    latest_after(events, |e| e.occurred_at <= at)
}

/// MRR per currency at the end of `month` (UTC): as [`mrr_as_of`] the month's last instant.
pub fn mrr_at_end_of(events: &[SubscriptionEvent], month: YearMonth) -> BTreeMap<String, i64> {
    latest_after(events, |e| YearMonth::of_instant(e.occurred_at) <= month)
}

/// The sum of each subscription's latest `mrr_after` among the events `keep` accepts.
fn latest_after(
    events: &[SubscriptionEvent],
    keep: impl Fn(&SubscriptionEvent) -> bool,
) -> BTreeMap<String, i64> {
    let mut latest: HashMap<(&str, i64), i64> = HashMap::new();
    for event in in_order(events).into_iter().filter(|e| keep(e)) {
        latest.insert(
            (event.currency.as_str(), event.subscription_id),
            event.mrr_after_minor,
        );
    }
    let mut totals = BTreeMap::new();
    for ((currency, _), mrr) in latest {
        *totals.entry(currency.to_string()).or_insert(0) += mrr;
    }
    totals
}
