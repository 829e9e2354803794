//! The health score's behaviour, fixed on hand-built accounts a CSM would recognise.

use super::fixtures::{ago, as_of, day, days, steady_day, steady_history};
use super::*;

fn factor(score: &HealthScore, f: Factor) -> &FactorScore {
    score.factor(f).expect("every factor is scored")
}

fn value(history: &AccountHistory, on: NaiveDate, f: Factor) -> f64 {
    factor(&score(history, on), f).value
}

/// The steady account, with its last 30 days of usage replaced by `make`.
fn with_last_30_days(make: impl Fn(NaiveDate) -> UsageDay) -> AccountHistory {
    let mut h = steady_history(as_of());
    let cut = ago(as_of(), 30);
    h.usage.retain(|u| u.day <= cut);
    h.usage.extend(days(as_of(), 30, make));
    h
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn a_healthy_steady_account_scores_high_and_is_healthy() {
    let s = score(&steady_history(as_of()), as_of());
    assert!(s.score >= 85, "{s:#?}");
    assert_eq!(s.score, 100);
    assert_eq!(s.band, HealthBand::Healthy);
    let order: Vec<Factor> = s.factors.iter().map(|f| f.factor).collect();
    assert_eq!(order, Factor::ALL);
    assert_eq!(
        factor(&s, Factor::Billing).detail,
        "No failed payments in the last 90 days, no overdue invoices, no open disputes"
    );
    assert_eq!(factor(&s, Factor::Support).detail, "No open escalations");
}

#[test]
fn usage_halving_drops_the_usage_factor_to_zero_and_says_so() {
    let h = with_last_30_days(|d| UsageDay {
        emails_sent: 200,
        active_mailboxes: 4,
        logins: 2,
        ..steady_day(d)
    });
    let s = score(&h, as_of());
    let usage = factor(&s, Factor::UsageTrend);
    assert!(usage.value < 0.01, "{usage:#?}");
    assert!(
        usage
            .detail
            .starts_with("E-mails sent down 50% vs the previous 30 days (12,000 → 6,000)"),
        "{}",
        usage.detail
    );
    assert!(usage
        .detail
        .contains("active mailboxes down 50% (avg 8.0 → 4.0)"));
    assert!(usage.detail.contains("logins down 50% (120 → 60)"));
    assert!(close(usage.lost, 30.0));
}

#[test]
fn e_mails_count_double_in_the_usage_trend() {
    let h = with_last_30_days(|d| UsageDay {
        emails_sent: 200,
        ..steady_day(d)
    });
    // E-mails 0 (weight 2), mailboxes 1 and logins 1 (weight 1 each): (0 + 1 + 1) / 4.
    assert!(close(value(&h, as_of(), Factor::UsageTrend), 0.5));
    // A 25% drop is half way between flat (1) and a 50% drop (0).
    let h = with_last_30_days(|d| UsageDay {
        emails_sent: 300,
        ..steady_day(d)
    });
    assert!(close(value(&h, as_of(), Factor::UsageTrend), 0.75));
}

#[test]
fn missing_days_count_as_no_usage() {
    let mut h = steady_history(as_of());
    let cut = ago(as_of(), 15);
    h.usage.retain(|u| u.day <= cut);
    let s = score(&h, as_of());
    assert!(factor(&s, Factor::UsageTrend)
        .detail
        .starts_with("E-mails sent down 50%"));
}

#[test]
fn an_account_without_usage_in_both_windows_scores_zero_for_usage() {
    let h = AccountHistory {
        touchpoints: vec![ago(as_of(), 3)],
        ..AccountHistory::default()
    };
    let s = score(&h, as_of());
    let usage = factor(&s, Factor::UsageTrend);
    assert_eq!(usage.value, 0.0);
    assert!(usage.detail.starts_with("No usage in the last 60 days"));
    assert_eq!(factor(&s, Factor::Outcome).value, 0.0);
}

#[test]
fn deliverability_is_neutral_without_sends_and_falls_with_bounces_and_complaints() {
    let h = with_last_30_days(|d| UsageDay {
        day: d,
        logins: 4,
        ..UsageDay::default()
    });
    let s = score(&h, as_of());
    let deliverability = factor(&s, Factor::Deliverability);
    assert_eq!(deliverability.value, 0.5);
    assert!(deliverability
        .detail
        .contains("No e-mails sent in the last 30 days"));
    assert!(deliverability.detail.contains("neutral (50%)"));

    // 6% bounces: half way between 2% (healthy) and 10% (zero).
    let h = with_last_30_days(|d| UsageDay {
        bounces: 24,
        ..steady_day(d)
    });
    let s = score(&h, as_of());
    assert!(close(factor(&s, Factor::Deliverability).value, 0.5));
    assert!(factor(&s, Factor::Deliverability)
        .detail
        .starts_with("Bounce rate 6% (healthy up to 2%, zero from 10%)"));

    // 0.5% complaints with few bounces: the worse of the two counts.
    let h = with_last_30_days(|d| UsageDay {
        spam_complaints: 2,
        ..steady_day(d)
    });
    assert!(close(value(&h, as_of(), Factor::Deliverability), 0.0));
}

#[test]
fn the_outcome_follows_the_reply_rate() {
    let h = with_last_30_days(|d| UsageDay {
        replies: 10,
        ..steady_day(d)
    });
    let s = score(&h, as_of());
    let outcome = factor(&s, Factor::Outcome);
    assert!(close(outcome.value, 0.5));
    assert!(outcome
        .detail
        .starts_with("Reply rate 2.5% (300 replies to 12,000 e-mails)"));
}

#[test]
fn a_failed_payment_and_an_overdue_invoice_move_a_quiet_account_from_healthy_to_watch() {
    // A quiet account: e-mails down 25%, 2% replies, last call 90 days ago. Still Healthy.
    let mut h = with_last_30_days(|d| UsageDay {
        emails_sent: 300,
        bounces: 3,
        replies: 6,
        ..steady_day(d)
    });
    h.touchpoints = vec![ago(as_of(), 90)];
    let before = score(&h, as_of());
    assert_eq!(before.score, 80);
    assert_eq!(before.band, HealthBand::Healthy);

    h.payments.push(PaymentFact {
        at: ago(as_of(), 12),
        failed: true,
    });
    h.invoices.push(InvoiceFact {
        due: Some(ago(as_of(), 12)),
        paid: None,
        open: true,
        amount_due_minor: 49_900,
    });
    let after = score(&h, as_of());
    let billing = factor(&after, Factor::Billing);
    assert!(close(billing.value, 0.35));
    assert_eq!(
        billing.detail,
        "1 failed payment in the last 90 days (latest 2026-03-19); \
         1 overdue invoice (oldest 12 days past due); no open disputes"
    );
    assert_eq!(after.score, 67);
    assert_eq!(after.band, HealthBand::Watch);
}

#[test]
fn open_disputes_cost_billing_and_billing_never_goes_below_zero() {
    let mut h = steady_history(as_of());
    h.disputes.push(SpanFact {
        opened: ago(as_of(), 5),
        closed: None,
    });
    assert!(close(value(&h, as_of(), Factor::Billing), 0.5));
    for _ in 0..3 {
        h.payments.push(PaymentFact {
            at: ago(as_of(), 2),
            failed: true,
        });
    }
    assert_eq!(value(&h, as_of(), Factor::Billing), 0.0);
    // A failure 90 days back or more is out of the lookback.
    let mut h = steady_history(as_of());
    h.payments.push(PaymentFact {
        at: ago(as_of(), 90),
        failed: true,
    });
    assert_eq!(value(&h, as_of(), Factor::Billing), 1.0);
}

#[test]
fn an_escalation_closed_before_the_day_no_longer_counts() {
    let mut h = steady_history(as_of());
    h.escalations.push(SpanFact {
        opened: ago(as_of(), 20),
        closed: Some(ago(as_of(), 5)),
    });
    let now = score(&h, as_of());
    assert_eq!(factor(&now, Factor::Support).value, 1.0);
    assert_eq!(factor(&now, Factor::Support).detail, "No open escalations");

    let then = score(&h, ago(as_of(), 10));
    assert!(close(factor(&then, Factor::Support).value, 0.6));
    assert_eq!(
        factor(&then, Factor::Support).detail,
        "1 open escalation (oldest opened 10 days ago, on 2026-03-11)"
    );
}

#[test]
fn support_steps_down_with_each_open_escalation() {
    let mut h = steady_history(as_of());
    let expected = [1.0, 0.6, 0.3, 0.0, 0.0];
    for (open, want) in expected.iter().enumerate() {
        assert!(
            close(value(&h, as_of(), Factor::Support), *want),
            "{open} open"
        );
        h.escalations.push(SpanFact {
            opened: ago(as_of(), 3),
            closed: None,
        });
    }
}

#[test]
fn an_invoice_paid_after_the_day_is_overdue_on_the_days_before() {
    let due = ago(as_of(), 40);
    let paid = ago(as_of(), 10);
    let mut h = steady_history(as_of());
    h.invoices.push(InvoiceFact {
        due: Some(due),
        paid: Some(paid),
        open: false,
        amount_due_minor: 49_900,
    });
    let points = trend(&h, as_of(), 60, 1);
    assert_eq!(points.len(), 60);
    for (d, s) in points {
        // Overdue from the day after it was due until the day before it was paid:
        // billing 0.6, so 8 of billing's 20 points are lost.
        let want = if d > due && d < paid { 92 } else { 100 };
        assert_eq!(s, want, "as of {d}");
    }
}

#[test]
fn invoices_that_are_void_drafts_or_settled_are_never_overdue() {
    let on = as_of();
    let void = InvoiceFact {
        due: Some(ago(on, 30)),
        paid: None,
        open: false,
        amount_due_minor: 10_000,
    };
    assert!(!void.is_overdue(on));
    let draft = InvoiceFact {
        due: None,
        open: true,
        ..void.clone()
    };
    assert!(!draft.is_overdue(on));
    let nothing_to_pay = InvoiceFact {
        open: true,
        amount_due_minor: 0,
        ..void.clone()
    };
    assert!(!nothing_to_pay.is_overdue(on));
    let open = InvoiceFact {
        open: true,
        ..void.clone()
    };
    assert!(open.is_overdue(on));
    assert!(!open.is_overdue(ago(on, 30)), "not overdue on its due day");
    let paid_today = InvoiceFact {
        paid: Some(on),
        ..void
    };
    assert!(!paid_today.is_overdue(on));
    assert!(paid_today.is_overdue(ago(on, 1)));
}

#[test]
fn never_touched_means_no_engagement() {
    let mut h = steady_history(as_of());
    h.touchpoints.clear();
    let s = score(&h, as_of());
    assert_eq!(factor(&s, Factor::Engagement).value, 0.0);
    assert_eq!(
        factor(&s, Factor::Engagement).detail,
        "No touchpoint recorded"
    );
    // A touchpoint after the day scored does not count either.
    h.touchpoints.push(ago(as_of(), 0));
    let s = score(&h, ago(as_of(), 1));
    assert_eq!(
        factor(&s, Factor::Engagement).detail,
        "No touchpoint recorded"
    );
}

#[test]
fn engagement_fades_between_30_and_120_days_since_the_last_touchpoint() {
    let mut h = steady_history(as_of());
    h.touchpoints = vec![ago(as_of(), 30)];
    assert_eq!(value(&h, as_of(), Factor::Engagement), 1.0);
    h.touchpoints = vec![ago(as_of(), 75), ago(as_of(), 200)];
    assert!(close(value(&h, as_of(), Factor::Engagement), 0.5));
    let s = score(&h, as_of());
    assert!(factor(&s, Factor::Engagement)
        .detail
        .starts_with("Last touchpoint 75 days ago (2026-01-15)"));
    h.touchpoints = vec![ago(as_of(), 120)];
    assert_eq!(value(&h, as_of(), Factor::Engagement), 0.0);
}

#[test]
fn contributions_sum_to_the_score() {
    let mut troubled = with_last_30_days(|d| UsageDay {
        emails_sent: 310,
        bounces: 17,
        replies: 5,
        spam_complaints: 1,
        ..steady_day(d)
    });
    troubled.touchpoints = vec![ago(as_of(), 47)];
    troubled.escalations.push(SpanFact {
        opened: ago(as_of(), 4),
        closed: None,
    });
    let histories = [steady_history(as_of()), troubled, AccountHistory::default()];
    for h in &histories {
        let s = score(h, as_of());
        let sum: f64 = s.factors.iter().map(|f| f.contribution).sum();
        assert!(
            (sum - f64::from(s.score)).abs() <= 1.0,
            "{sum} vs {}",
            s.score
        );
        let lost: f64 = s.factors.iter().map(|f| f.lost).sum();
        assert!(close(sum + lost, 100.0));
        for f in &s.factors {
            let share = 100.0 * f64::from(f.weight) / f64::from(WEIGHTS.total());
            assert!(close(f.contribution + f.lost, share));
            assert!((0.0..=1.0).contains(&f.value));
        }
    }
}

#[test]
fn the_score_divides_by_the_sum_of_the_weights() {
    assert_eq!(WEIGHTS.total(), 100);
    let h = with_last_30_days(|d| UsageDay {
        emails_sent: 350,
        replies: 12,
        ..steady_day(d)
    });
    let s = score(&h, as_of());
    let weights: u32 = s.factors.iter().map(|f| f.weight).sum();
    assert_eq!(weights, WEIGHTS.total());
    let weighted: f64 = s
        .factors
        .iter()
        .map(|f| f64::from(f.weight) * f.value)
        .sum();
    let want = (100.0 * weighted / f64::from(WEIGHTS.total())).round();
    assert_eq!(f64::from(s.score), want);
    assert!(s.score < 100);
}

#[test]
fn the_trend_is_oldest_first_and_ends_on_the_day() {
    let h = steady_history(as_of());
    let weekly = trend(&h, as_of(), 90, 7);
    assert_eq!(weekly.len(), 13);
    assert_eq!(weekly.first().map(|p| p.0), Some(ago(as_of(), 84)));
    assert_eq!(weekly.last().map(|p| p.0), Some(as_of()));
    assert!(weekly.windows(2).all(|w| ago(w[1].0, 7) == w[0].0));

    let daily = trend(&h, as_of(), 90, 1);
    assert_eq!(daily.len(), 90);
    assert_eq!(daily.first().map(|p| p.0), Some(ago(as_of(), 89)));

    assert_eq!(trend(&h, as_of(), 0, 7), vec![(as_of(), 100)]);
    assert_eq!(trend(&h, as_of(), 3, 0).len(), 3, "a step of 0 counts as 1");
}

#[test]
fn each_trend_point_is_the_score_as_of_that_day() {
    let mut h = with_last_30_days(|d| UsageDay {
        emails_sent: 250,
        ..steady_day(d)
    });
    h.escalations.push(SpanFact {
        opened: ago(as_of(), 50),
        closed: Some(ago(as_of(), 20)),
    });
    h.touchpoints = vec![ago(as_of(), 100)];
    for (d, s) in trend(&h, as_of(), 90, 7) {
        assert_eq!(s, score(&h, d).score, "as of {d}");
    }
}

#[test]
fn the_order_of_usage_rows_does_not_matter() {
    let mut h = with_last_30_days(|d| UsageDay {
        emails_sent: 280,
        ..steady_day(d)
    });
    let sorted = score(&h, as_of());
    h.usage.reverse();
    assert_eq!(score(&h, as_of()), sorted);
    h.usage.swap(3, 70);
    assert_eq!(score(&h, as_of()), sorted);
}

#[test]
fn bands_follow_the_thresholds() {
    assert_eq!(HealthBand::from_score(100), HealthBand::Healthy);
    assert_eq!(HealthBand::from_score(70), HealthBand::Healthy);
    assert_eq!(HealthBand::from_score(69), HealthBand::Watch);
    assert_eq!(HealthBand::from_score(40), HealthBand::Watch);
    assert_eq!(HealthBand::from_score(39), HealthBand::AtRisk);
    assert_eq!(HealthBand::from_score(0), HealthBand::AtRisk);
    assert_eq!(HealthBand::AtRisk.as_str(), "atRisk");
    assert_eq!(HealthBand::Healthy.as_str(), "healthy");
    assert_eq!(Factor::UsageTrend.as_str(), "usageTrend");
}

#[test]
fn a_day_far_in_the_past_scores_without_panicking() {
    let h = steady_history(as_of());
    let s = score(&h, day("1970-01-01"));
    assert!(s.score <= 100);
    assert_eq!(trend(&h, NaiveDate::MIN, 90, 7).len(), 13);
}
