//! The signals' rules, fixed on hand-built accounts: each fires with its reason, and a steady
//! account raises none.

use super::*;
use crate::health::fixtures::{ago, as_of, days, steady_day, steady_history};
use crate::health::{PaymentFact, UsageDay};

/// The steady account with its last 30 days sending `emails` a day.
fn sending_lately(emails: i64) -> AccountHistory {
    let mut h = steady_history(as_of());
    let cut = ago(as_of(), 30);
    h.usage.retain(|u| u.day <= cut);
    h.usage.extend(days(as_of(), 30, |d| UsageDay {
        emails_sent: emails,
        ..steady_day(d)
    }));
    h
}

fn codes(found: &[Signal]) -> Vec<SignalCode> {
    found.iter().map(|s| s.code).collect()
}

fn change(days_ago: u32, kind: PlanChangeKind, before: i64, after: i64) -> PlanChange {
    PlanChange {
        at: ago(as_of(), days_ago),
        kind,
        mrr_before_minor: before,
        mrr_after_minor: after,
    }
}

#[test]
fn a_steady_account_raises_no_signal() {
    let plan = [change(200, PlanChangeKind::Created, 0, 49_900)];
    let found = signals(&steady_history(as_of()), Some(50), &plan, as_of());
    assert_eq!(found, Vec::new());
}

#[test]
fn a_usage_drop_of_30_percent_or_more_is_a_churn_signal() {
    let found = signals(&sending_lately(240), None, &[], as_of());
    assert_eq!(
        found,
        vec![Signal {
            kind: SignalKind::Churn,
            code: SignalCode::UsageDrop,
            reason: "E-mails sent down 40% vs the previous 30 days (12,000 → 7,200)".to_string(),
        }]
    );
    assert_eq!(
        codes(&signals(&sending_lately(280), None, &[], as_of())),
        [SignalCode::UsageDrop],
        "exactly 30% down fires"
    );
    assert!(signals(&sending_lately(284), None, &[], as_of()).is_empty());
}

#[test]
fn usage_signals_need_a_baseline_worth_comparing() {
    let h = AccountHistory {
        usage: days(ago(as_of(), 30), 30, |d| UsageDay {
            emails_sent: 3,
            ..steady_day(d)
        }),
        ..AccountHistory::default()
    };
    assert!(signals(&h, None, &[], as_of()).is_empty(), "90 → 0 e-mails");
}

#[test]
fn a_failed_payment_in_the_last_90_days_is_a_churn_signal() {
    let mut h = steady_history(as_of());
    h.payments.push(PaymentFact {
        at: ago(as_of(), 95),
        failed: true,
    });
    assert!(signals(&h, None, &[], as_of()).is_empty(), "too long ago");
    h.payments.push(PaymentFact {
        at: ago(as_of(), 30),
        failed: true,
    });
    h.payments.push(PaymentFact {
        at: ago(as_of(), 2),
        failed: true,
    });
    let found = signals(&h, None, &[], as_of());
    assert_eq!(codes(&found), [SignalCode::FailedPayments]);
    assert_eq!(found[0].kind, SignalKind::Churn);
    assert_eq!(
        found[0].reason,
        "2 failed payments in the last 90 days, the latest on 2026-03-29"
    );
    // As of 5 days earlier, the last one has not happened yet and the first is 90 days back.
    let found = signals(&h, None, &[], ago(as_of(), 5));
    assert_eq!(
        found[0].reason,
        "1 failed payment in the last 90 days, the latest on 2026-03-01"
    );
}

#[test]
fn a_downgrade_or_lower_mrr_in_the_last_90_days_is_a_churn_signal() {
    let h = steady_history(as_of());
    let downgrade = [change(20, PlanChangeKind::Downgraded, 50_000, 30_000)];
    let found = signals(&h, None, &downgrade, as_of());
    assert_eq!(codes(&found), [SignalCode::Downgrade]);
    assert_eq!(found[0].reason, "Downgraded on 2026-03-11: MRR down 40%");

    let fewer_seats = [
        change(60, PlanChangeKind::SeatsChanged, 40_000, 50_000),
        change(10, PlanChangeKind::SeatsChanged, 50_000, 40_000),
        change(40, PlanChangeKind::Downgraded, 60_000, 50_000),
    ];
    let found = signals(&h, None, &fewer_seats, as_of());
    assert_eq!(
        found[0].reason,
        "Seats reduced on 2026-03-21: MRR down 20% \
         (2 downgrades or MRR decreases in the last 90 days)"
    );

    let growing = [
        change(10, PlanChangeKind::Upgraded, 30_000, 50_000),
        change(5, PlanChangeKind::SeatsChanged, 50_000, 55_000),
        change(120, PlanChangeKind::Downgraded, 60_000, 30_000),
    ];
    assert!(signals(&h, None, &growing, as_of()).is_empty());
}

#[test]
fn seats_nearly_all_in_use_are_an_expansion_signal() {
    let mut h = steady_history(as_of());
    if let Some(peak) = h.usage.iter_mut().find(|u| u.day == ago(as_of(), 3)) {
        peak.active_mailboxes = 46;
    }
    let found = signals(&h, Some(50), &[], as_of());
    assert_eq!(
        found,
        vec![Signal {
            kind: SignalKind::Expansion,
            code: SignalCode::SeatsNearLimit,
            reason: "Using 46 of 50 seats (92%) at the peak of the last 7 days".to_string(),
        }]
    );
    assert!(
        signals(&h, Some(52), &[], as_of()).is_empty(),
        "46 of 52 is 88%"
    );
    assert!(
        signals(&h, None, &[], as_of()).is_empty(),
        "no seats bought"
    );
    assert!(
        signals(&h, Some(50), &[], ago(as_of(), 10)).is_empty(),
        "the peak is after that day"
    );
    let later = |n: u64| as_of().checked_add_days(chrono::Days::new(n));
    let on_day_7 = later(3).expect("a date");
    assert_eq!(
        signals(&h, Some(50), &[], on_day_7).len(),
        1,
        "peak 6 days before"
    );
    let on_day_8 = later(4).expect("a date");
    assert!(
        signals(&h, Some(50), &[], on_day_8).is_empty(),
        "peak 7 days before"
    );
}

#[test]
fn usage_growth_of_25_percent_or_more_is_an_expansion_signal() {
    let found = signals(&sending_lately(500), None, &[], as_of());
    assert_eq!(
        found,
        vec![Signal {
            kind: SignalKind::Expansion,
            code: SignalCode::UsageGrowth,
            reason: "E-mails sent up 25% vs the previous 30 days (12,000 → 15,000)".to_string(),
        }]
    );
    assert!(signals(&sending_lately(496), None, &[], as_of()).is_empty());
}

#[test]
fn churn_signals_come_before_expansion_signals() {
    let mut h = sending_lately(600);
    h.payments.push(PaymentFact {
        at: ago(as_of(), 1),
        failed: true,
    });
    let plan = [change(3, PlanChangeKind::Cancelled, 49_900, 0)];
    let found = signals(&h, Some(8), &plan, as_of());
    assert_eq!(
        codes(&found),
        [
            SignalCode::FailedPayments,
            SignalCode::Downgrade,
            SignalCode::SeatsNearLimit,
            SignalCode::UsageGrowth
        ]
    );
    assert_eq!(found[1].reason, "Cancelled on 2026-03-28: MRR down 100%");
}

#[test]
fn plan_change_kinds_read_the_platform_values() {
    assert_eq!(
        PlanChangeKind::from_db("seats_changed"),
        Some(PlanChangeKind::SeatsChanged)
    );
    assert_eq!(
        PlanChangeKind::from_db("downgraded"),
        Some(PlanChangeKind::Downgraded)
    );
    assert_eq!(PlanChangeKind::from_db("paused"), None);
}
