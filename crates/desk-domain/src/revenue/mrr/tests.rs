//! MRR movements on hand-built histories, then the identities on a long pseudo-random one.

use super::*;

use PlanChangeKind::{Cancelled, Created, Downgraded, Reactivated, SeatsChanged, Upgraded};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn ym(text: &str) -> YearMonth {
    text.parse().unwrap()
}

fn range(first: &str, last: &str) -> MonthRange {
    MonthRange::new(ym(first), ym(last)).unwrap()
}

fn ev(
    sub: i64,
    kind: PlanChangeKind,
    when: &str,
    before: i64,
    after: i64,
    currency: &str,
) -> SubscriptionEvent {
    SubscriptionEvent {
        subscription_id: sub,
        tenant_id: format!("tenant-{sub}"),
        kind,
        occurred_at: at(when),
        mrr_before_minor: before,
        mrr_after_minor: after,
        currency: currency.to_string(),
    }
}

/// (month, starting, new, expansion, contraction, churn, reactivation, ending)
type Row<'a> = (&'a str, i64, i64, i64, i64, i64, i64, i64);

fn rows_of<'a>(rows: &'a [MrrMonth], currency: &str) -> Vec<Row<'a>> {
    rows.iter()
        .filter(|r| r.currency == currency)
        .map(|r| {
            (
                r.month.as_str(),
                r.starting,
                r.new,
                r.expansion,
                r.contraction,
                r.churn,
                r.reactivation,
                r.ending,
            )
        })
        .collect()
}

fn identity_holds(r: &MrrMonth) -> bool {
    r.ending == r.starting + r.new + r.expansion - r.contraction - r.churn + r.reactivation
}

fn a_quarter_of_history() -> Vec<SubscriptionEvent> {
    vec![
        ev(1, Created, "2025-12-10T09:00:00Z", 0, 5000, "USD"),
        ev(2, Created, "2026-01-05T10:00:00Z", 0, 3000, "USD"),
        ev(1, Upgraded, "2026-01-20T11:00:00Z", 5000, 8000, "USD"),
        ev(2, SeatsChanged, "2026-02-03T12:00:00Z", 3000, 2000, "USD"),
        ev(1, Cancelled, "2026-02-28T13:00:00Z", 8000, 0, "USD"),
        ev(1, Reactivated, "2026-03-15T14:00:00Z", 0, 6000, "USD"),
        ev(3, Created, "2026-03-31T23:59:59Z", 0, 1000, "USD"),
        ev(3, Upgraded, "2026-04-01T00:00:00Z", 1000, 9000, "USD"),
    ]
}

#[test]
fn a_quarter_shows_each_movement_in_its_month() {
    let rows = mrr_movements(&a_quarter_of_history(), &range("2026-01", "2026-03"));
    assert_eq!(
        rows_of(&rows, "USD"),
        [
            ("2026-01", 5000, 3000, 3000, 0, 0, 0, 11000),
            ("2026-02", 11000, 0, 0, 1000, 8000, 0, 2000),
            ("2026-03", 2000, 1000, 0, 0, 0, 6000, 9000),
        ]
    );
    assert_eq!(rows[2].ending_arr, 108_000);
    assert!(rows.iter().all(identity_holds));
    // The upgrade at midnight on April 1 belongs to April.
    let april = mrr_movements(&a_quarter_of_history(), &range("2026-04", "2026-04"));
    assert_eq!(
        rows_of(&april, "USD"),
        [("2026-04", 9000, 0, 8000, 0, 0, 0, 17000)]
    );
}

#[test]
fn currencies_are_never_mixed_and_quiet_ones_still_line_up() {
    let mut events = a_quarter_of_history();
    events.push(ev(10, Created, "2025-06-01T00:00:00Z", 0, 4000, "EUR"));
    events.push(ev(11, Created, "2026-02-10T00:00:00Z", 0, 700_000, "JPY"));
    // A currency whose only subscription churned before the range has no rows.
    events.push(ev(12, Created, "2025-01-01T00:00:00Z", 0, 900, "GBP"));
    events.push(ev(12, Cancelled, "2025-02-01T00:00:00Z", 900, 0, "GBP"));
    let rows = mrr_movements(&events, &range("2026-01", "2026-03"));
    assert_eq!(rows.len(), 9, "three months × EUR, JPY, USD");
    let order: Vec<(&str, &str)> = rows
        .iter()
        .take(3)
        .map(|r| (r.month.as_str(), r.currency.as_str()))
        .collect();
    assert_eq!(
        order,
        [("2026-01", "EUR"), ("2026-01", "JPY"), ("2026-01", "USD")]
    );
    assert_eq!(
        rows_of(&rows, "EUR"),
        [
            ("2026-01", 4000, 0, 0, 0, 0, 0, 4000),
            ("2026-02", 4000, 0, 0, 0, 0, 0, 4000),
            ("2026-03", 4000, 0, 0, 0, 0, 0, 4000),
        ]
    );
    assert_eq!(
        rows_of(&rows, "JPY"),
        [
            ("2026-01", 0, 0, 0, 0, 0, 0, 0),
            ("2026-02", 0, 700_000, 0, 0, 0, 0, 700_000),
            ("2026-03", 700_000, 0, 0, 0, 0, 0, 700_000),
        ]
    );
    assert_eq!(rows_of(&rows, "USD")[2].7, 9000);
}

#[test]
fn the_sign_of_the_change_decides_when_the_kind_does_not_match() {
    assert_eq!(classify(Created, 100), Some(MrrMovement::New));
    assert_eq!(classify(Reactivated, 100), Some(MrrMovement::Reactivation));
    assert_eq!(classify(Cancelled, -100), Some(MrrMovement::Churn));
    assert_eq!(classify(Upgraded, 100), Some(MrrMovement::Expansion));
    assert_eq!(classify(SeatsChanged, 100), Some(MrrMovement::Expansion));
    assert_eq!(classify(Downgraded, -100), Some(MrrMovement::Contraction));
    assert_eq!(classify(SeatsChanged, -100), Some(MrrMovement::Contraction));
    // An "upgrade" to a discounted price lowers MRR: a contraction.
    assert_eq!(classify(Upgraded, -100), Some(MrrMovement::Contraction));
    assert_eq!(classify(Downgraded, 100), Some(MrrMovement::Expansion));
    assert_eq!(classify(Created, -100), Some(MrrMovement::Contraction));
    assert_eq!(classify(Upgraded, 0), None);
    assert_eq!(classify(Created, 0), None);

    let events = [
        ev(1, Created, "2026-05-01T00:00:00Z", 0, 5000, "USD"),
        ev(1, Upgraded, "2026-05-10T00:00:00Z", 5000, 4500, "USD"),
        ev(1, Downgraded, "2026-05-11T00:00:00Z", 4500, 4500, "USD"),
        ev(2, Created, "2026-05-12T00:00:00Z", 0, 0, "USD"),
    ];
    let rows = mrr_movements(&events, &range("2026-05", "2026-05"));
    assert_eq!(
        rows_of(&rows, "USD"),
        [("2026-05", 0, 5000, 0, 500, 0, 0, 4500)]
    );
}

#[test]
fn gaps_in_the_history_are_counted_so_the_books_still_balance() {
    let events = [
        // History starts mid-life: the first known event is an upgrade from 5000.
        ev(1, Upgraded, "2026-05-02T00:00:00Z", 5000, 8000, "USD"),
        // An event is missing between these two: MRR went 1000 → 1500 unrecorded.
        ev(2, Created, "2026-05-03T00:00:00Z", 0, 1000, "USD"),
        ev(2, SeatsChanged, "2026-05-04T00:00:00Z", 1500, 2000, "USD"),
    ];
    let rows = mrr_movements(&events, &range("2026-05", "2026-05"));
    assert_eq!(
        rows_of(&rows, "USD"),
        [("2026-05", 0, 6000, 4000, 0, 0, 0, 10000)]
    );
    assert_eq!(mrr_at_end_of(&events, ym("2026-05"))["USD"], 10000);
}

#[test]
fn mrr_as_of_an_instant_takes_each_subscriptions_latest_event() {
    let events = a_quarter_of_history();
    let usd = |t: &str| mrr_as_of(&events, at(t)).get("USD").copied().unwrap_or(0);
    assert_eq!(usd("2025-12-10T08:59:59Z"), 0);
    assert_eq!(usd("2025-12-10T09:00:00Z"), 5000);
    assert_eq!(usd("2026-02-28T13:00:00Z"), 2000);
    assert_eq!(usd("2026-04-01T00:00:00Z"), 17000);
    // Input order does not matter when the instants differ.
    let mut reversed = events.clone();
    reversed.reverse();
    assert_eq!(
        mrr_movements(&reversed, &range("2025-12", "2026-04")),
        mrr_movements(&events, &range("2025-12", "2026-04"))
    );
}

/// A small deterministic generator (Knuth's MMIX linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> i64 {
        i64::try_from(self.next() % n).unwrap()
    }
}

/// Subscriptions with random histories from 2024 to 2027 in three currencies; about one
/// event in twenty has an `mrr_before` that does not match the history (a gap).
fn random_history(seed: u64, subscriptions: i64) -> Vec<SubscriptionEvent> {
    let mut rng = Lcg(seed);
    let kinds = [Upgraded, Downgraded, SeatsChanged, Cancelled];
    let currencies = ["EUR", "JPY", "USD"];
    let mut events = Vec::new();
    for sub in 1..=subscriptions {
        let currency = currencies[usize::try_from(rng.below(3)).unwrap()];
        let mut when = at("2024-01-01T00:00:00Z")
            + chrono::Duration::seconds(rng.below(3 * 365 * 86_400) + sub);
        let mut mrr = 0;
        let mut alive = false;
        let steps = rng.below(12);
        for step in 0..=steps {
            let (kind, after) = if step == 0 {
                (Created, rng.below(20) * 500)
            } else if !alive {
                (Reactivated, rng.below(20) * 500)
            } else {
                let kind = kinds[usize::try_from(rng.below(4)).unwrap()];
                let after = if kind == Cancelled {
                    0
                } else {
                    rng.below(40) * 250
                };
                (kind, after)
            };
            let before = if rng.below(20) == 0 {
                rng.below(10_000)
            } else {
                mrr
            };
            events.push(SubscriptionEvent {
                subscription_id: sub,
                tenant_id: format!("tenant-{}", sub % 97),
                kind,
                occurred_at: when,
                mrr_before_minor: before,
                mrr_after_minor: after,
                currency: currency.to_string(),
            });
            alive = kind != Cancelled;
            mrr = after;
            // Strictly later than the subscription's previous event, so its order is fixed.
            when += chrono::Duration::seconds((1 + rng.below(90)) * 86_400 + 1_000 * sub);
        }
    }
    events
}

#[test]
fn on_a_random_history_every_month_balances_and_ends_where_the_subscriptions_are() {
    for seed in [1, 7, 2026] {
        let events = random_history(seed, 400);
        let months = range("2024-06", "2026-09");
        let rows = mrr_movements(&events, &months);
        assert!(!rows.is_empty());
        let mut previous: BTreeMap<String, i64> = BTreeMap::new();
        for month in months.months() {
            let expected = mrr_at_end_of(&events, month);
            let month_rows: Vec<&MrrMonth> = rows
                .iter()
                .filter(|r| r.month == month.to_string())
                .collect();
            for r in &month_rows {
                assert!(identity_holds(r), "{r:?}");
                for movement in [r.new, r.expansion, r.contraction, r.churn, r.reactivation] {
                    assert!(movement >= 0, "{r:?}");
                }
                assert_eq!(
                    r.ending,
                    expected.get(&r.currency).copied().unwrap_or(0),
                    "{r:?}"
                );
                if let Some(before) = previous.get(&r.currency) {
                    assert_eq!(r.starting, *before, "{r:?}");
                }
                previous.insert(r.currency.clone(), r.ending);
            }
            // A currency without a row has no MRR that month.
            for (currency, mrr) in &expected {
                if !month_rows.iter().any(|r| &r.currency == currency) {
                    assert_eq!(*mrr, 0, "{month} {currency}");
                }
            }
        }
        let first = months.first();
        let opening = mrr_at_end_of(&events, first.prev().unwrap());
        for r in rows.iter().filter(|r| r.month == first.to_string()) {
            assert_eq!(r.starting, opening.get(&r.currency).copied().unwrap_or(0));
        }
        // The order the events arrive in does not matter (each subscription's instants differ).
        let mut shuffled = events.clone();
        shuffled.reverse();
        assert_eq!(mrr_movements(&shuffled, &months), rows);
    }
}
