//! Customer and revenue KPIs from the synced subscriptions' history, invoices and payments
//! (finance and customer success hold them): how many paying customers stayed or left, how
//! accurate invoicing and payment processing were, and the recurring revenue existing
//! customers added. Money stays per currency.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::{rate, when, yes_no};
use super::{KpiId, KpiOutcome, KpiRow, KpiValue, Period};
use crate::money::format_minor;
use crate::revenue::{classify, MrrMovement};
use crate::signals::PlanChangeKind;
use crate::Money;

/// One event of a subscription's history (`platform.subscription_events`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionChange {
    /// Its id (events at the same instant apply in id order).
    pub id: i64,
    /// The subscription.
    pub subscription_id: i64,
    /// The tenant.
    pub tenant_id: String,
    /// The tenant's name (its id when the name is not held).
    pub tenant_name: String,
    /// What happened.
    pub kind: PlanChangeKind,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// The subscription's MRR just before, minor units.
    pub mrr_before_minor: i64,
    /// Just after.
    pub mrr_after_minor: i64,
    /// The currency of both.
    pub currency: String,
}

/// Each tenant's MRR per currency just before `at`: the sum over its subscriptions of the
/// MRR after their latest event before `at`.
fn mrr_before(
    events: &[&SubscriptionChange],
    at: DateTime<Utc>,
) -> HashMap<String, BTreeMap<String, i64>> {
    let mut latest: HashMap<i64, &SubscriptionChange> = HashMap::new();
    for e in events.iter().take_while(|e| e.occurred_at < at) {
        latest.insert(e.subscription_id, e);
    }
    let mut out: HashMap<String, BTreeMap<String, i64>> = HashMap::new();
    for e in latest.values() {
        *out.entry(e.tenant_id.clone())
            .or_default()
            .entry(e.currency.clone())
            .or_insert(0) += e.mrr_after_minor;
    }
    out.retain(|_, by_currency| by_currency.values().any(|m| *m > 0));
    out
}

fn show_mrr(by_currency: Option<&BTreeMap<String, i64>>) -> String {
    by_currency
        .map(|m| {
            m.iter()
                .filter(|(_, v)| **v != 0)
                .map(|(c, v)| format!("{} {c}", format_minor(*v, c)))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "0".into())
}

fn retention_outcome(events: &[SubscriptionChange], period: &Period, id: KpiId) -> KpiOutcome {
    let mut ordered: Vec<&SubscriptionChange> = events.iter().collect();
    ordered.sort_by_key(|e| (e.occurred_at, e.id));
    let at_start = mrr_before(&ordered, period.start());
    let at_end = mrr_before(&ordered, period.end());
    let names: HashMap<&str, &str> = ordered
        .iter()
        .map(|e| (e.tenant_id.as_str(), e.tenant_name.as_str()))
        .collect();
    let mut tenants: Vec<&String> = at_start.keys().collect();
    tenants.sort_by_key(|t| (names.get(t.as_str()).copied().unwrap_or(""), t.as_str()));
    let mut retained = 0;
    let rows: Vec<KpiRow> = tenants
        .iter()
        .map(|t| {
            let stayed = at_end.contains_key(*t);
            if stayed {
                retained += 1;
            }
            let counted = if id == KpiId::CustomerRetention {
                stayed
            } else {
                !stayed
            };
            KpiRow {
                id: (*t).clone(),
                counted,
                cells: vec![
                    (*t).clone(),
                    names.get(t.as_str()).copied().unwrap_or("").to_string(),
                    show_mrr(at_start.get(*t)),
                    show_mrr(at_end.get(*t)),
                    if stayed { "retained" } else { "churned" }.to_string(),
                ],
            }
        })
        .collect();
    let n = rows.len();
    let numerator = if id == KpiId::CustomerRetention {
        retained
    } else {
        n - retained
    };
    let value = rate(
        numerator,
        n,
        "No customer was paying at the start of the period.",
    );
    let new_customers = at_end.keys().filter(|t| !at_start.contains_key(*t)).count();
    let note = Some(format!(
        "{new_customers} customer(s) who started paying during the period are not counted."
    ));
    KpiOutcome::new(id, value, rows, note)
}

/// **Customer retention.** Of the customers paying at the start of the period (a tenant whose
/// subscriptions' MRR, each taken after its latest event before the period's first instant,
/// adds up to more than 0 in some currency), the share still paying at its end (the same, just
/// before the period's end). Customers who started paying during the period are left out (they
/// were not there to retain). None paying at the start: no data.
pub fn customer_retention(events: &[SubscriptionChange], period: &Period) -> KpiOutcome {
    retention_outcome(events, period, KpiId::CustomerRetention)
}

/// **Customer churn.** Of the customers paying at the start of the period (as for
/// [`customer_retention`]), the share no longer paying at its end: 100 % − retention. A
/// customer who cancelled and came back within the period is retained. None: no data.
pub fn customer_churn(events: &[SubscriptionChange], period: &Period) -> KpiOutcome {
    retention_outcome(events, period, KpiId::CustomerChurn)
}

/// An invoice with the sum of its lines (`platform.invoices` and `invoice_lines`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceCheck {
    /// Its id.
    pub id: i64,
    /// Its number.
    pub number: String,
    /// The tenant's name (its id when the name is not held).
    pub tenant: String,
    /// draft, open, paid, void, uncollectible.
    pub status: String,
    /// When it was issued (none while draft).
    pub issued_at: Option<DateTime<Utc>>,
    /// Its currency.
    pub currency: String,
    /// The total before tax (the platform keeps `total = subtotal + tax`).
    pub subtotal_minor: i64,
    /// How many lines it has.
    pub line_count: i64,
    /// What its lines add up to (0 with no line).
    pub lines_sum_minor: i64,
}

/// **Invoice accuracy** (revenue processing, invoicing). Of the invoices issued in the period
/// (drafts have no issue date and are not counted; voided ones were issued and are), the
/// share whose lines add up exactly to the subtotal, the invoice's total before tax (the
/// platform holds `total = subtotal + tax`, so these are the invoices whose lines sum to their
/// total). An invoice without lines is accurate only if its subtotal is 0. None issued: no
/// data.
pub fn invoice_accuracy(invoices: &[InvoiceCheck], period: &Period) -> KpiOutcome {
    let mut issued: Vec<(&InvoiceCheck, DateTime<Utc>)> = invoices
        .iter()
        .filter_map(|i| {
            i.issued_at
                .filter(|at| period.contains(*at))
                .map(|at| (i, at))
        })
        .collect();
    issued.sort_by_key(|(i, at)| (*at, i.id));
    let mut accurate = 0;
    let rows: Vec<KpiRow> = issued
        .iter()
        .map(|(i, at)| {
            let ok = i.lines_sum_minor == i.subtotal_minor;
            if ok {
                accurate += 1;
            }
            let c = &i.currency;
            KpiRow {
                id: i.id.to_string(),
                counted: ok,
                cells: vec![
                    i.id.to_string(),
                    i.number.clone(),
                    i.tenant.clone(),
                    i.status.clone(),
                    when(*at),
                    c.clone(),
                    format_minor(i.subtotal_minor, c),
                    i.line_count.to_string(),
                    format_minor(i.lines_sum_minor, c),
                    format_minor(i.lines_sum_minor - i.subtotal_minor, c),
                    yes_no(ok),
                ],
            }
        })
        .collect();
    let value = rate(accurate, rows.len(), "No invoice was issued in the period.");
    KpiOutcome::new(KpiId::InvoiceAccuracy, value, rows, None)
}

/// A payment with what reconciling it needs of its invoice (`platform.payments`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentCheck {
    /// Its id.
    pub id: i64,
    /// succeeded, failed, refunded.
    pub status: String,
    /// When it was attempted.
    pub attempted_at: DateTime<Utc>,
    /// The paying tenant.
    pub tenant_id: String,
    /// Its name (its id when the name is not held).
    pub tenant: String,
    /// Its amount, minor units.
    pub amount_minor: i64,
    /// Its currency.
    pub currency: String,
    /// The invoice it pays.
    pub invoice_number: String,
    /// The invoice's status.
    pub invoice_status: String,
    /// The invoice's tenant.
    pub invoice_tenant_id: String,
    /// The invoice's currency.
    pub invoice_currency: String,
    /// What the invoice asked (its amount due), minor units.
    pub invoice_due_minor: i64,
    /// What every payment of the invoice that was not a failure collected, minor units.
    pub invoice_collected_minor: i64,
}

/// Why a payment does not reconcile, if it does not (the reconciliation exceptions' rules).
fn unreconciled(p: &PaymentCheck) -> Option<String> {
    if matches!(p.invoice_status.as_str(), "void" | "draft") {
        Some(format!("paid against a {} invoice", p.invoice_status))
    } else if p.currency != p.invoice_currency {
        Some(format!(
            "paid in {}, invoiced in {}",
            p.currency, p.invoice_currency
        ))
    } else if p.tenant_id != p.invoice_tenant_id {
        Some("paid by another tenant".to_string())
    } else if p.invoice_collected_minor > p.invoice_due_minor {
        Some(format!(
            "invoice collected {} {c}, {} {c} was due",
            format_minor(p.invoice_collected_minor, &p.invoice_currency),
            format_minor(p.invoice_due_minor, &p.invoice_currency),
            c = p.invoice_currency
        ))
    } else {
        None
    }
}

/// **Payments reconciled** (revenue processing, collection). Of the payments attempted in the
/// period that collected money (succeeded or later refunded; failures collected nothing), the
/// share that match their invoice: the invoice is issued and not void, in the payment's
/// currency, of the paying tenant, and its payments together did not collect more than it
/// asked (a second payment of the same invoice makes both unreconciled). These are the rules
/// of the billing screen's reconciliation exceptions. None: no data.
pub fn payment_reconciliation(payments: &[PaymentCheck], period: &Period) -> KpiOutcome {
    let mut collected: Vec<&PaymentCheck> = payments
        .iter()
        .filter(|p| p.status != "failed" && period.contains(p.attempted_at))
        .collect();
    collected.sort_by_key(|p| (p.attempted_at, p.id));
    let mut ok = 0;
    let rows: Vec<KpiRow> = collected
        .iter()
        .map(|p| {
            let why = unreconciled(p);
            if why.is_none() {
                ok += 1;
            }
            KpiRow {
                id: p.id.to_string(),
                counted: why.is_none(),
                cells: vec![
                    p.id.to_string(),
                    p.invoice_number.clone(),
                    p.tenant.clone(),
                    p.status.clone(),
                    when(p.attempted_at),
                    p.currency.clone(),
                    format_minor(p.amount_minor, &p.currency),
                    yes_no(why.is_none()),
                    why.unwrap_or_default(),
                ],
            }
        })
        .collect();
    let value = rate(ok, rows.len(), "No payment collected money in the period.");
    KpiOutcome::new(KpiId::PaymentReconciliation, value, rows, None)
}

fn kind_name(kind: PlanChangeKind) -> &'static str {
    match kind {
        PlanChangeKind::Created => "created",
        PlanChangeKind::Upgraded => "upgraded",
        PlanChangeKind::Downgraded => "downgraded",
        PlanChangeKind::SeatsChanged => "seats changed",
        PlanChangeKind::Cancelled => "cancelled",
        PlanChangeKind::Reactivated => "reactivated",
    }
}

/// **Expansion revenue.** The MRR existing subscriptions added in the period: for each
/// subscription event in the period that the MRR movements classify as expansion (an event
/// other than a creation or reactivation that raised the MRR, e.g. an upgrade or more seats),
/// after − before, added up per currency (never across currencies). Every event of the period
/// is listed with its movement. No expansion event: no data.
pub fn expansion_revenue(events: &[SubscriptionChange], period: &Period) -> KpiOutcome {
    let mut inside: Vec<&SubscriptionChange> = events
        .iter()
        .filter(|e| period.contains(e.occurred_at))
        .collect();
    inside.sort_by_key(|e| (e.occurred_at, e.id));
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    let mut counted = 0i64;
    let rows: Vec<KpiRow> = inside
        .iter()
        .map(|e| {
            let delta = e.mrr_after_minor - e.mrr_before_minor;
            let movement = classify(e.kind, delta);
            let expansion = movement == Some(MrrMovement::Expansion);
            if expansion {
                *totals.entry(e.currency.clone()).or_insert(0) += delta;
                counted += 1;
            }
            let c = &e.currency;
            KpiRow {
                id: e.id.to_string(),
                counted: expansion,
                cells: vec![
                    e.id.to_string(),
                    e.tenant_id.clone(),
                    e.tenant_name.clone(),
                    kind_name(e.kind).to_string(),
                    when(e.occurred_at),
                    c.clone(),
                    format_minor(e.mrr_before_minor, c),
                    format_minor(e.mrr_after_minor, c),
                    if expansion {
                        format_minor(delta, c)
                    } else {
                        String::new()
                    },
                    match movement {
                        Some(MrrMovement::Expansion) => "yes".to_string(),
                        Some(m) => format!("no: {}", format!("{m:?}").to_lowercase()),
                        None => "no: no change".to_string(),
                    },
                ],
            }
        })
        .collect();
    let value = if totals.is_empty() {
        KpiValue::NoData {
            reason: "No existing subscription added MRR in the period.".into(),
        }
    } else {
        KpiValue::Money {
            amounts: totals.into_iter().map(|(c, m)| Money::new(m, c)).collect(),
            samples: counted,
        }
    };
    KpiOutcome::new(
        KpiId::ExpansionRevenue,
        value,
        rows,
        Some("Monthly recurring revenue added, not converted between currencies.".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{november, t};
    use super::*;

    // One event per line reads best in the histories below.
    #[allow(clippy::too_many_arguments)]
    fn ev(
        id: i64,
        sub: i64,
        tenant: &str,
        kind: PlanChangeKind,
        at: DateTime<Utc>,
        before: i64,
        after: i64,
        currency: &str,
    ) -> SubscriptionChange {
        SubscriptionChange {
            id,
            subscription_id: sub,
            tenant_id: tenant.into(),
            tenant_name: tenant.to_uppercase(),
            kind,
            occurred_at: at,
            mrr_before_minor: before,
            mrr_after_minor: after,
            currency: currency.into(),
        }
    }

    fn history() -> Vec<SubscriptionChange> {
        use PlanChangeKind::*;
        let oct = |d: i64| t(1, 0, 0) - chrono::Duration::days(d);
        vec![
            ev(1, 1, "a", Created, oct(60), 0, 1000, "USD"),
            ev(2, 2, "b", Created, oct(50), 0, 500, "EUR"),
            ev(3, 3, "c", Created, oct(40), 0, 800, "USD"),
            ev(4, 4, "d", Created, oct(30), 0, 300, "USD"),
            // e cancelled in October: not paying at the start.
            ev(5, 5, "e", Created, oct(30), 0, 300, "USD"),
            ev(6, 5, "e", Cancelled, oct(5), 300, 0, "USD"),
            // November: a upgrades, b cancels, c cancels and comes back, f is new.
            ev(7, 1, "a", Upgraded, t(3, 0, 0), 1000, 1500, "USD"),
            ev(8, 2, "b", Cancelled, t(4, 0, 0), 500, 0, "EUR"),
            ev(9, 3, "c", Cancelled, t(5, 0, 0), 800, 0, "USD"),
            ev(10, 3, "c", Reactivated, t(9, 0, 0), 0, 800, "USD"),
            ev(11, 6, "f", Created, t(10, 0, 0), 0, 2000, "GBP"),
            ev(12, 4, "d", SeatsChanged, t(11, 0, 0), 300, 450, "USD"),
            ev(13, 4, "d", Downgraded, t(12, 0, 0), 450, 400, "USD"),
            ev(14, 2, "b", Upgraded, t(13, 0, 0), 0, 0, "EUR"),
            // The first instant of December: after the period; d cancels then.
            ev(15, 4, "d", Cancelled, november().end(), 400, 0, "USD"),
        ]
    }

    #[test]
    fn retention_follows_the_customers_paying_at_the_start_to_the_end() {
        let r = customer_retention(&history(), &november());
        // a, b, c, d paid at the start; b churned; c came back; f is new (left out).
        assert_eq!(
            r.figure.value,
            KpiValue::Rate {
                percent: 75.0,
                numerator: 3,
                denominator: 4
            }
        );
        assert_eq!(r.row_ids(), ["a", "b", "c", "d"]);
        assert_eq!(r.rows[1].cells[4], "churned");
        assert_eq!(r.rows[0].cells[2], "10.00 USD");
        assert_eq!(r.rows[0].cells[3], "15.00 USD");
        assert_eq!(r.rows[1].cells[3], "0");
        assert!(r
            .figure
            .note
            .as_deref()
            .unwrap_or("")
            .starts_with("1 customer"));
        let c = customer_churn(&history(), &november());
        assert_eq!(
            c.figure.value,
            KpiValue::Rate {
                percent: 25.0,
                numerator: 1,
                denominator: 4
            }
        );
        assert!(c.rows[1].counted && !c.rows[0].counted);
    }

    #[test]
    fn retention_with_nobody_paying_at_the_start_is_no_data() {
        let only_new = [ev(
            1,
            1,
            "a",
            PlanChangeKind::Created,
            t(2, 0, 0),
            0,
            100,
            "USD",
        )];
        assert!(matches!(
            customer_retention(&only_new, &november()).figure.value,
            KpiValue::NoData { .. }
        ));
        assert!(matches!(
            customer_churn(&[], &november()).figure.value,
            KpiValue::NoData { .. }
        ));
    }

    #[test]
    fn expansion_adds_the_rises_of_existing_subscriptions_per_currency() {
        let o = expansion_revenue(&history(), &november());
        // a +500 USD (upgrade), d +150 USD (seats); the reactivation and the new one are not
        // expansion, nor is the downgrade or b's upgrade that changed nothing.
        assert_eq!(
            o.figure.value,
            KpiValue::Money {
                amounts: vec![Money::new(650, "USD")],
                samples: 2
            }
        );
        assert_eq!(o.figure.rows, 8, "every event of November is listed");
        let d = o.rows.iter().find(|r| r.id == "12").unwrap();
        assert_eq!(d.cells[8], "1.50");
        let react = o.rows.iter().find(|r| r.id == "10").unwrap();
        assert_eq!(react.cells[9], "no: reactivation");
        let flat = o.rows.iter().find(|r| r.id == "14").unwrap();
        assert_eq!(flat.cells[9], "no: no change");
        assert!(matches!(
            expansion_revenue(&history()[..6], &november()).figure.value,
            KpiValue::NoData { .. }
        ));
    }

    #[test]
    fn expansion_never_adds_currencies_together() {
        let e = [
            ev(
                1,
                1,
                "a",
                PlanChangeKind::Upgraded,
                t(2, 0, 0),
                100,
                300,
                "USD",
            ),
            ev(
                2,
                2,
                "b",
                PlanChangeKind::Upgraded,
                t(2, 0, 0),
                100,
                150,
                "EUR",
            ),
            ev(
                3,
                3,
                "c",
                PlanChangeKind::SeatsChanged,
                t(3, 0, 0),
                100,
                110,
                "USD",
            ),
        ];
        let o = expansion_revenue(&e, &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Money {
                amounts: vec![Money::new(50, "EUR"), Money::new(210, "USD")],
                samples: 3
            }
        );
    }

    fn invoice(
        id: i64,
        issued: Option<DateTime<Utc>>,
        subtotal: i64,
        lines: i64,
        sum: i64,
    ) -> InvoiceCheck {
        InvoiceCheck {
            id,
            number: format!("PM-{id}"),
            tenant: "Acme".into(),
            status: "open".into(),
            issued_at: issued,
            currency: "EUR".into(),
            subtotal_minor: subtotal,
            line_count: lines,
            lines_sum_minor: sum,
        }
    }

    #[test]
    fn an_invoice_is_accurate_when_its_lines_sum_to_its_subtotal() {
        let invoices = [
            invoice(1, Some(t(2, 0, 0)), 10_000, 2, 10_000),
            invoice(2, Some(t(3, 0, 0)), 10_000, 3, 9_999),
            invoice(3, Some(t(4, 0, 0)), 0, 0, 0),
            invoice(4, Some(t(5, 0, 0)), 500, 0, 0),
            // A draft and an October invoice: not counted.
            invoice(5, None, 100, 1, 1),
            invoice(
                6,
                Some(t(1, 0, 0) - chrono::Duration::seconds(1)),
                100,
                1,
                1,
            ),
        ];
        let o = invoice_accuracy(&invoices, &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Rate {
                percent: 50.0,
                numerator: 2,
                denominator: 4
            }
        );
        assert_eq!(o.row_ids(), ["1", "2", "3", "4"]);
        assert_eq!(o.rows[1].cells[9], "-0.01");
        assert!(matches!(
            invoice_accuracy(&invoices[4..], &november()).figure.value,
            KpiValue::NoData { .. }
        ));
    }

    fn payment(id: i64, status: &str, at: DateTime<Utc>) -> PaymentCheck {
        PaymentCheck {
            id,
            status: status.into(),
            attempted_at: at,
            tenant_id: "a".into(),
            tenant: "Acme".into(),
            amount_minor: 1000,
            currency: "USD".into(),
            invoice_number: format!("PM-{id}"),
            invoice_status: "paid".into(),
            invoice_tenant_id: "a".into(),
            invoice_currency: "USD".into(),
            invoice_due_minor: 1000,
            invoice_collected_minor: 1000,
        }
    }

    #[test]
    fn a_payment_reconciles_when_it_matches_its_invoice() {
        let payments = [
            payment(1, "succeeded", t(2, 0, 0)),
            payment(2, "refunded", t(3, 0, 0)),
            PaymentCheck {
                invoice_status: "void".into(),
                ..payment(3, "succeeded", t(4, 0, 0))
            },
            PaymentCheck {
                currency: "EUR".into(),
                ..payment(4, "succeeded", t(5, 0, 0))
            },
            PaymentCheck {
                tenant_id: "b".into(),
                ..payment(5, "succeeded", t(6, 0, 0))
            },
            PaymentCheck {
                invoice_collected_minor: 2000,
                ..payment(6, "succeeded", t(7, 0, 0))
            },
            // A failure collected nothing; an October payment is outside.
            payment(7, "failed", t(8, 0, 0)),
            payment(8, "succeeded", t(1, 0, 0) - chrono::Duration::hours(1)),
        ];
        let o = payment_reconciliation(&payments, &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Rate {
                percent: 100.0 / 3.0,
                numerator: 2,
                denominator: 6
            }
        );
        assert_eq!(o.row_ids(), ["1", "2", "3", "4", "5", "6"]);
        assert_eq!(o.rows[2].cells[8], "paid against a void invoice");
        assert_eq!(o.rows[3].cells[8], "paid in EUR, invoiced in USD");
        assert_eq!(o.rows[4].cells[8], "paid by another tenant");
        assert_eq!(
            o.rows[5].cells[8],
            "invoice collected 20.00 USD, 10.00 USD was due"
        );
        assert!(matches!(
            payment_reconciliation(&payments[6..], &november())
                .figure
                .value,
            KpiValue::NoData { .. }
        ));
    }
}
