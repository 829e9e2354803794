//! Proration previews checked against amounts computed by hand, as finance would check them.

use super::*;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn period(start: &str, end: &str) -> BillingPeriod {
    BillingPeriod {
        start: at(start),
        end: at(end),
    }
}

fn price(label: &str, minor: i64) -> PeriodPrice {
    PeriodPrice {
        label: label.to_string(),
        price: Money::new(minor, "USD"),
    }
}

fn amounts(p: &ProrationPreview) -> Vec<(ProrationLineKind, i64)> {
    p.lines.iter().map(|l| (l.kind, l.amount_minor)).collect()
}

fn plan(name: &str, pricing: Pricing, minor: i64, interval: BillingInterval) -> PlanTerms {
    PlanTerms {
        name: name.to_string(),
        pricing,
        unit_price: Money::new(minor, "USD"),
        interval,
    }
}

/// April 2026: 30 days.
fn april() -> BillingPeriod {
    period("2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")
}

#[test]
fn a_mid_month_upgrade_credits_half_the_old_price_and_charges_half_the_new() {
    let p = preview(
        &april(),
        at("2026-04-16T00:00:00Z"),
        &price("Starter", 2900),
        &price("Pro", 9900),
    )
    .unwrap();
    assert_eq!(
        amounts(&p),
        [
            (ProrationLineKind::Credit, -1450),
            (ProrationLineKind::Charge, 4950)
        ]
    );
    assert_eq!(p.net_minor, 3500);
    assert_eq!(p.currency, "USD");
    assert_eq!(p.unused_fraction, 0.5);
    assert_eq!(
        p.lines[0].description,
        "Unused time on Starter after 16 Apr 2026"
    );
    assert_eq!(
        p.lines[1].description,
        "Remaining time on Pro after 16 Apr 2026"
    );
    for line in &p.lines {
        assert_eq!(line.period_start, at("2026-04-16T00:00:00Z"));
        assert_eq!(line.period_end, at("2026-05-01T00:00:00Z"));
    }
}

#[test]
fn the_unused_share_is_counted_to_the_second() {
    // 19.5 of 30 days left = 13/20.
    let p = preview(
        &april(),
        at("2026-04-11T12:00:00Z"),
        &price("Starter", 2900),
        &price("Pro", 9900),
    )
    .unwrap();
    assert_eq!(p.unused_fraction, 0.65);
    assert_eq!(p.net_minor, 6435 - 1885);
    // A fraction of a second does not count: the change is truncated to its second.
    let q = preview(
        &april(),
        at("2026-04-11T12:00:00.999Z"),
        &price("Starter", 2900),
        &price("Pro", 9900),
    )
    .unwrap();
    assert_eq!(q.net_minor, p.net_minor);
}

#[test]
fn a_change_on_jan_31_of_a_leap_year_period_counts_february_29() {
    // Jan 31 → Feb 29 2028 is 29 days; at noon on Jan 31, 28.5 days (57/58) are left.
    let p = preview(
        &period("2028-01-31T00:00:00Z", "2028-02-29T00:00:00Z"),
        at("2028-01-31T12:00:00Z"),
        &price("Starter", 5000),
        &price("Pro", 12000),
    )
    .unwrap();
    // 5000 × 57/58 = 4913.79 → 4914; 12000 × 57/58 = 11793.10 → 11793.
    assert_eq!(
        amounts(&p),
        [
            (ProrationLineKind::Credit, -4914),
            (ProrationLineKind::Charge, 11793)
        ]
    );
    assert_eq!(p.net_minor, 6879);

    // The same change a year earlier: Jan 31 → Feb 28 2027 is 28 days, 55/56 left.
    let q = preview(
        &period("2027-01-31T00:00:00Z", "2027-02-28T00:00:00Z"),
        at("2027-01-31T12:00:00Z"),
        &price("Starter", 5000),
        &price("Pro", 12000),
    )
    .unwrap();
    assert_eq!(q.net_minor, 11786 - 4911);
}

#[test]
fn a_downgrade_nets_a_credit() {
    // 20 of 30 days left: 9900 × 2/3 = 6600, 2900 × 2/3 = 1933.33 → 1933.
    let p = preview(
        &april(),
        at("2026-04-11T00:00:00Z"),
        &price("Pro", 9900),
        &price("Starter", 2900),
    )
    .unwrap();
    assert_eq!(
        amounts(&p),
        [
            (ProrationLineKind::Credit, -6600),
            (ProrationLineKind::Charge, 1933)
        ]
    );
    assert_eq!(p.net_minor, -4667);
}

#[test]
fn a_change_at_the_start_swaps_the_whole_price() {
    let p = preview(
        &april(),
        at("2026-04-01T00:00:00Z"),
        &price("Starter", 2900),
        &price("Pro", 9900),
    )
    .unwrap();
    assert_eq!(
        amounts(&p),
        [
            (ProrationLineKind::Credit, -2900),
            (ProrationLineKind::Charge, 9900)
        ]
    );
    assert_eq!(p.net_minor, 7000);
    assert_eq!(p.unused_fraction, 1.0);
}

#[test]
fn a_change_at_the_very_end_has_nothing_to_prorate() {
    let p = preview(
        &april(),
        at("2026-05-01T00:00:00Z"),
        &price("Starter", 2900),
        &price("Pro", 9900),
    )
    .unwrap();
    assert!(p.lines.is_empty());
    assert_eq!(p.net_minor, 0);
    assert_eq!(p.unused_fraction, 0.0);
}

#[test]
fn a_yearly_plan_change_prorates_over_the_365_days() {
    // Mar 1 2026 → Mar 1 2027 is 365 days; from Sep 1, 181 days are left.
    let p = preview(
        &period("2026-03-01T00:00:00Z", "2027-03-01T00:00:00Z"),
        at("2026-09-01T00:00:00Z"),
        &price("Starter yearly", 29000),
        &price("Pro yearly", 99000),
    )
    .unwrap();
    // 29000 × 181/365 = 14380.82 → 14381; 99000 × 181/365 = 49093.15 → 49093.
    assert_eq!(
        amounts(&p),
        [
            (ProrationLineKind::Credit, -14381),
            (ProrationLineKind::Charge, 49093)
        ]
    );
    assert_eq!(p.net_minor, 34712);
}

#[test]
fn odd_amounts_round_half_away_from_zero_in_integers() {
    // July 2026: 31 days = 2,678,400 s; a third of it is 892,800 s (10 days 8 hours).
    let july = period("2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z");
    let two_thirds_left = at("2026-07-11T08:00:00Z");
    let p = preview(&july, two_thirds_left, &price("A", 999), &price("B", 1000)).unwrap();
    // 999 × 2/3 = 666 exactly; 1000 × 2/3 = 666.67 → 667.
    assert_eq!(p.net_minor, 667 - 666);
    let one_third_left = at("2026-07-21T16:00:00Z");
    let p = preview(&july, one_third_left, &price("A", 999), &price("B", 1000)).unwrap();
    // 999 / 3 = 333 exactly; 1000 / 3 = 333.33 → 333.
    assert_eq!(
        amounts(&p),
        [
            (ProrationLineKind::Credit, -333),
            (ProrationLineKind::Charge, 333)
        ]
    );
    // 10 days of 31 left: 999 × 10/31 = 322.26 → 322.
    let p = preview(
        &july,
        at("2026-07-22T00:00:00Z"),
        &price("A", 999),
        &price("B", 0),
    )
    .unwrap();
    assert_eq!(amounts(&p)[0], (ProrationLineKind::Credit, -322));
    // Exactly half of 5 is 2.5: the charge rounds up to 3 and the credit down to −3.
    let two_days = period("2026-07-01T00:00:00Z", "2026-07-03T00:00:00Z");
    let p = preview(
        &two_days,
        at("2026-07-02T00:00:00Z"),
        &price("A", 5),
        &price("B", 5),
    )
    .unwrap();
    assert_eq!(
        amounts(&p),
        [
            (ProrationLineKind::Credit, -3),
            (ProrationLineKind::Charge, 3)
        ]
    );
    assert_eq!(p.net_minor, 0);
}

#[test]
fn adding_seats_prorates_the_extra_seats() {
    let pro = plan("Pro", Pricing::PerSeat, 1200, BillingInterval::Month);
    // 10 → 15 seats with 10 of 30 days left: credit 12000/3, charge 18000/3.
    let p = preview_seat_change(&april(), at("2026-04-21T00:00:00Z"), &pro, 10, 15).unwrap();
    assert_eq!(
        amounts(&p),
        [
            (ProrationLineKind::Credit, -4000),
            (ProrationLineKind::Charge, 6000)
        ]
    );
    assert_eq!(p.net_minor, 2000);
    assert_eq!(
        p.lines[0].description,
        "Unused time on 10 × Pro after 21 Apr 2026"
    );
    assert_eq!(
        p.lines[1].description,
        "Remaining time on 15 × Pro after 21 Apr 2026"
    );
    // Removing seats nets a credit.
    let p = preview_seat_change(&april(), at("2026-04-21T00:00:00Z"), &pro, 15, 10).unwrap();
    assert_eq!(p.net_minor, -2000);
}

#[test]
fn seat_changes_need_a_per_seat_plan_and_seats() {
    let flat = plan("Team", Pricing::Flat, 4900, BillingInterval::Month);
    assert_eq!(
        preview_seat_change(&april(), at("2026-04-21T00:00:00Z"), &flat, 1, 2),
        Err(ProrationError::NotPerSeat("Team".into()))
    );
    let pro = plan("Pro", Pricing::PerSeat, 1200, BillingInterval::Month);
    assert_eq!(
        preview_seat_change(&april(), at("2026-04-21T00:00:00Z"), &pro, 3, 0),
        Err(ProrationError::NoSeats)
    );
}

#[test]
fn a_plan_change_on_the_same_interval_prorates_both_plans() {
    let from = PlanSelection {
        plan: plan("Team", Pricing::Flat, 4900, BillingInterval::Month),
        seats: 3,
    };
    let to = PlanSelection {
        plan: plan("Pro", Pricing::PerSeat, 1200, BillingInterval::Month),
        seats: 5,
    };
    let p = preview_plan_change(&april(), at("2026-04-16T00:00:00Z"), &from, &to).unwrap();
    // Half of 4900 and half of 5 × 1200.
    assert_eq!(p.net_minor, 3000 - 2450);
    assert_eq!(
        p.lines[0].description,
        "Unused time on Team after 16 Apr 2026"
    );
    assert_eq!(
        p.lines[1].description,
        "Remaining time on 5 × Pro after 16 Apr 2026"
    );
}

#[test]
fn moving_from_monthly_to_yearly_restarts_the_cycle_at_the_change() {
    let from = PlanSelection {
        plan: plan("Pro", Pricing::PerSeat, 1200, BillingInterval::Month),
        seats: 10,
    };
    let to = PlanSelection {
        plan: plan("Pro annual", Pricing::PerSeat, 12000, BillingInterval::Year),
        seats: 10,
    };
    let p = preview_plan_change(&april(), at("2026-04-16T00:00:00Z"), &from, &to).unwrap();
    assert_eq!(
        amounts(&p),
        [
            (ProrationLineKind::Credit, -6000),
            (ProrationLineKind::Charge, 120000)
        ]
    );
    assert_eq!(p.net_minor, 114000);
    let charge = &p.lines[1];
    assert_eq!(charge.period_start, at("2026-04-16T00:00:00Z"));
    assert_eq!(charge.period_end, at("2027-04-16T00:00:00Z"));
    assert_eq!(
        charge.description,
        "10 × Pro annual (yearly) from 16 Apr 2026 to 16 Apr 2027"
    );
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let ok = price("A", 100);
    let change = at("2026-04-16T00:00:00Z");
    assert_eq!(
        preview(
            &period("2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z"),
            change,
            &ok,
            &ok
        ),
        Err(ProrationError::EmptyPeriod)
    );
    assert_eq!(
        preview(
            &period("2026-04-01T00:00:00Z", "2026-04-01T00:00:00.500Z"),
            at("2026-04-01T00:00:00Z"),
            &ok,
            &ok
        ),
        Err(ProrationError::EmptyPeriod)
    );
    for outside in ["2026-03-31T23:59:59Z", "2026-05-01T00:00:01Z"] {
        assert!(matches!(
            preview(&april(), at(outside), &ok, &ok),
            Err(ProrationError::ChangeOutsidePeriod { .. })
        ));
    }
    assert_eq!(
        preview(&april(), change, &price("A", -1), &ok),
        Err(ProrationError::NegativePrice(-1))
    );
    let euro = PeriodPrice {
        label: "B".into(),
        price: Money::new(100, "EUR"),
    };
    assert_eq!(
        preview(&april(), change, &ok, &euro),
        Err(ProrationError::CurrencyMismatch {
            old: "USD".into(),
            new: "EUR".into()
        })
    );
    let bad_code = PeriodPrice {
        label: "B".into(),
        price: Money::new(100, "usd"),
    };
    assert_eq!(
        preview(&april(), change, &ok, &bad_code),
        Err(ProrationError::InvalidCurrency("usd".into()))
    );
    let huge = plan(
        "Huge",
        Pricing::PerSeat,
        i64::MAX / 2,
        BillingInterval::Month,
    );
    assert_eq!(
        preview_seat_change(&april(), change, &huge, 1, 3),
        Err(ProrationError::Overflow)
    );
}
