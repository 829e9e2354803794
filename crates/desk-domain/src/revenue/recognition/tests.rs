//! Recognition and the waterfall on hand-computed invoices, then its identities on random ones.

use super::*;
use crate::period::YearMonth;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn ym(text: &str) -> YearMonth {
    text.parse().unwrap()
}

fn range(first: &str, last: &str) -> MonthRange {
    MonthRange::new(ym(first), ym(last)).unwrap()
}

fn line(invoice: i64, amount: i64, start: &str, end: &str, invoiced: &str) -> RecognisableLine {
    RecognisableLine {
        invoice_id: invoice,
        line_id: invoice * 100 + amount.rem_euclid(97),
        currency: "USD".into(),
        amount_minor: amount,
        service_period: Some(ServicePeriod::new(day(start), day(end)).unwrap()),
        invoiced_on: day(invoiced),
    }
}

fn one_off(invoice: i64, amount: i64, invoiced: &str) -> RecognisableLine {
    RecognisableLine {
        service_period: None,
        ..line(invoice, amount, "2000-01-01", "2000-01-02", invoiced)
    }
}

fn credit(invoice: i64, amount: i64, issued: &str) -> CreditNote {
    CreditNote {
        invoice_id: invoice,
        currency: "USD".into(),
        amount_minor: amount,
        issued_on: day(issued),
    }
}

/// (month, invoiced, credited, recognised, opening, closing) of one currency.
type Row<'a> = (&'a str, i64, i64, i64, i64, i64);

fn rows<'a>(months: &'a [RevenueMonth], currency: &str) -> Vec<Row<'a>> {
    months
        .iter()
        .filter(|m| m.currency == currency)
        .map(|m| {
            (
                m.month.as_str(),
                m.invoiced,
                m.credited,
                m.recognised,
                m.deferred_opening,
                m.deferred_closing,
            )
        })
        .collect()
}

fn amounts(line: &RecognisableLine) -> Vec<i64> {
    daily_schedule(line)
        .unwrap()
        .into_iter()
        .map(|(_, a)| a)
        .collect()
}

#[test]
fn a_monthly_line_is_split_at_the_month_boundary_by_days() {
    // April 15 → May 15 is 30 days: 16 in April, 14 in May, 100 a day.
    let lines = [line(1, 3000, "2026-04-15", "2026-05-15", "2026-04-15")];
    let s = revenue_schedule(&lines, &[], &range("2026-03", "2026-06")).unwrap();
    assert_eq!(
        rows(&s, "USD"),
        [
            ("2026-03", 0, 0, 0, 0, 0),
            ("2026-04", 3000, 0, 1600, 0, 1400),
            ("2026-05", 0, 0, 1400, 1400, 0),
            ("2026-06", 0, 0, 0, 0, 0),
        ]
    );
}

#[test]
fn daily_amounts_spread_the_remainder_and_add_up_exactly() {
    let l = line(1, 1000, "2026-04-01", "2026-04-04", "2026-04-01");
    assert_eq!(amounts(&l), [333, 333, 334]);
    let l = line(1, 100, "2026-04-01", "2026-04-08", "2026-04-01");
    assert_eq!(amounts(&l), [14, 14, 14, 15, 14, 14, 15]);
    let l = line(1, -1000, "2026-04-01", "2026-04-04", "2026-04-01");
    assert_eq!(amounts(&l), [-333, -333, -334]);
    let l = line(1, 2, "2026-04-01", "2026-04-06", "2026-04-01");
    assert_eq!(amounts(&l), [0, 0, 1, 0, 1]);
    let schedule = daily_schedule(&line(1, 999, "2026-07-01", "2026-08-01", "2026-07-01")).unwrap();
    assert_eq!(schedule.len(), 31);
    assert_eq!(schedule[0].0, day("2026-07-01"));
    assert_eq!(schedule[30].0, day("2026-07-31"));
    assert_eq!(schedule.iter().map(|(_, a)| a).sum::<i64>(), 999);
    assert!(schedule.iter().all(|(_, a)| *a == 32 || *a == 33));
}

#[test]
fn the_leap_day_earns_its_share() {
    // February 2028 has 29 days: 100 a day, February 29 included.
    let feb = line(1, 2900, "2028-02-01", "2028-03-01", "2028-02-01");
    let schedule = daily_schedule(&feb).unwrap();
    assert_eq!(schedule.len(), 29);
    assert_eq!(schedule.last(), Some(&(day("2028-02-29"), 100)));
    // A year from January 1 2028 is 366 days: February earns 29 of them.
    let year = line(2, 36600, "2028-01-01", "2029-01-01", "2028-01-01");
    let s = revenue_schedule(&[year], &[], &range("2028-02", "2028-02")).unwrap();
    assert_eq!(rows(&s, "USD"), [("2028-02", 0, 0, 2900, 33500, 30600)]);
}

#[test]
fn a_one_day_period_and_a_line_without_period_are_earned_on_their_day() {
    let lines = [
        line(1, 500, "2026-06-30", "2026-07-01", "2026-06-30"),
        one_off(2, 250, "2026-06-15"),
    ];
    assert_eq!(amounts(&lines[0]), [500]);
    assert_eq!(
        daily_schedule(&lines[1]).unwrap(),
        [(day("2026-06-15"), 250)]
    );
    let s = revenue_schedule(&lines, &[], &range("2026-06", "2026-07")).unwrap();
    assert_eq!(
        rows(&s, "USD"),
        [("2026-06", 750, 0, 750, 0, 0), ("2026-07", 0, 0, 0, 0, 0)]
    );
}

#[test]
fn a_period_across_the_year_end_is_split_between_the_years() {
    // December 16 → January 16 is 31 days: 16 in December, 15 in January.
    let lines = [line(1, 3100, "2026-12-16", "2027-01-16", "2026-12-16")];
    let s = revenue_schedule(&lines, &[], &range("2026-12", "2027-01")).unwrap();
    assert_eq!(
        rows(&s, "USD"),
        [
            ("2026-12", 3100, 0, 1600, 0, 1500),
            ("2027-01", 0, 0, 1500, 1500, 0)
        ]
    );
}

#[test]
fn a_negative_line_is_earned_negatively_and_its_deferral_unwinds() {
    let lines = [line(1, -3100, "2026-12-16", "2027-01-16", "2026-12-16")];
    let s = revenue_schedule(&lines, &[], &range("2026-12", "2027-01")).unwrap();
    assert_eq!(
        rows(&s, "USD"),
        [
            ("2026-12", -3100, 0, -1600, 0, -1500),
            ("2027-01", 0, 0, -1500, -1500, 0)
        ]
    );
}

#[test]
fn usage_billed_in_arrears_shows_as_negative_deferred_revenue_until_invoiced() {
    let lines = [line(1, 3100, "2026-03-01", "2026-04-01", "2026-04-01")];
    let s = revenue_schedule(&lines, &[], &range("2026-03", "2026-04")).unwrap();
    assert_eq!(
        rows(&s, "USD"),
        [
            ("2026-03", 0, 0, 3100, 0, -3100),
            ("2026-04", 3100, 0, 0, -3100, 0)
        ]
    );
}

/// A yearly invoice of 36,500 for 2026: 100 a day.
fn yearly() -> RecognisableLine {
    line(7, 36500, "2026-01-01", "2027-01-01", "2026-01-01")
}

#[test]
fn a_full_credit_reverses_what_was_earned_and_clears_the_deferral_at_once() {
    // Through March 31, 90 days (9,000) were earned; the credit reverses them that day.
    let notes = [credit(7, 36500, "2026-03-31")];
    let s = revenue_schedule(&[yearly()], &notes, &range("2026-01", "2026-05")).unwrap();
    assert_eq!(
        rows(&s, "USD"),
        [
            ("2026-01", 36500, 0, 3100, 0, 33400),
            ("2026-02", 0, 0, 2800, 33400, 30600),
            ("2026-03", 0, 36500, 3100 - 9000, 30600, 0),
            ("2026-04", 0, 0, 0, 0, 0),
            ("2026-05", 0, 0, 0, 0, 0),
        ]
    );
}

#[test]
fn a_partial_credit_catches_up_then_lowers_the_months_to_come() {
    // Through July 1, 182 days (18,200) were earned. A 10,000 credit:
    // through July 31 it has earned −round(10000 × 21200 / 36500) = −5808.
    let notes = [credit(7, 10000, "2026-07-01")];
    let ledger = RevenueLedger::new(vec![yearly()], notes.to_vec()).unwrap();
    let on_issue = ledger.balances_through(day("2026-07-01"))["USD"];
    // −round(10000 × 18200 / 36500) = −round(4986.30) = −4986.
    assert_eq!(on_issue.recognised, 18200 - 4986);
    let s = ledger.schedule(&range("2026-06", "2026-12"));
    let r = rows(&s, "USD");
    assert_eq!(r[0], ("2026-06", 0, 0, 3000, 21400, 18400));
    assert_eq!(r[1], ("2026-07", 0, 10000, 3100 - 5808, 18400, 11108));
    assert_eq!(r[6].5, 0, "nothing deferred once the year is over");
    let total: i64 = rows(
        &revenue_schedule(&[yearly()], &notes, &range("2026-01", "2026-12")).unwrap(),
        "USD",
    )
    .iter()
    .map(|r| r.3)
    .sum();
    assert_eq!(total, 36500 - 10000);
    // August: 3,100 of the line less the credit's share, −6658 − (−5808) = −850.
    assert_eq!(r[2].3, 2250);
}

#[test]
fn a_credit_after_the_service_or_before_it_lands_where_the_service_is() {
    // After the service is over: earned whole on its issue day.
    let jan = line(1, 3100, "2026-01-01", "2026-02-01", "2026-01-01");
    let s = revenue_schedule(
        &[jan],
        &[credit(1, 1000, "2026-03-10")],
        &range("2026-03", "2026-03"),
    )
    .unwrap();
    assert_eq!(rows(&s, "USD"), [("2026-03", 0, 1000, -1000, 0, 0)]);

    // Billed in advance and credited in full before the service starts: nothing is ever earned.
    let ahead = line(2, 3100, "2027-01-01", "2027-02-01", "2026-12-20");
    let s = revenue_schedule(
        &[ahead],
        &[credit(2, 3100, "2026-12-22")],
        &range("2026-12", "2027-01"),
    )
    .unwrap();
    assert_eq!(
        rows(&s, "USD"),
        [("2026-12", 3100, 3100, 0, 0, 0), ("2027-01", 0, 0, 0, 0, 0)]
    );

    // A credit note whose invoice is not in the input: earned whole on its issue day.
    let s = revenue_schedule(
        &[],
        &[credit(99, 500, "2026-05-05")],
        &range("2026-05", "2026-05"),
    )
    .unwrap();
    assert_eq!(rows(&s, "USD"), [("2026-05", 0, 500, -500, 0, 0)]);
}

#[test]
fn currencies_get_their_own_rows_and_idle_ones_none() {
    let mut eur = line(2, 3100, "2026-01-01", "2026-02-01", "2026-01-01");
    eur.currency = "EUR".into();
    let mut gbp = line(3, 500, "2025-01-01", "2025-01-02", "2025-01-01");
    gbp.currency = "GBP".into();
    let lines = [yearly(), eur, gbp];
    let s = revenue_schedule(&lines, &[], &range("2026-01", "2026-02")).unwrap();
    let order: Vec<(&str, &str)> = s
        .iter()
        .map(|r| (r.month.as_str(), r.currency.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("2026-01", "EUR"),
            ("2026-01", "USD"),
            ("2026-02", "EUR"),
            ("2026-02", "USD")
        ]
    );
    assert_eq!(rows(&s, "EUR")[0], ("2026-01", 3100, 0, 3100, 0, 0));
}

#[test]
fn service_periods_from_instants_count_utc_days_end_excluded() {
    let at = |t: &str| t.parse::<DateTime<Utc>>().unwrap();
    let p = ServicePeriod::from_instants(at("2026-04-15T09:12:00Z"), at("2026-05-15T09:12:00Z"))
        .unwrap();
    assert_eq!(
        (p.start, p.end, p.days()),
        (day("2026-04-15"), day("2026-05-15"), 30)
    );
    let p = ServicePeriod::from_instants(at("2026-04-15T10:00:00Z"), at("2026-04-15T14:00:00Z"))
        .unwrap();
    assert_eq!(p.days(), 1);
    let p = ServicePeriod::from_instants(at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"))
        .unwrap();
    assert_eq!(p.days(), 28);
    assert!(
        ServicePeriod::from_instants(at("2026-04-15T10:00:00Z"), at("2026-04-15T10:00:00Z"))
            .is_err()
    );
    assert!(ServicePeriod::new(day("2026-04-15"), day("2026-04-15")).is_err());
}

#[test]
fn bad_lines_and_credit_notes_are_refused_with_a_reason() {
    let mut bad_period = yearly();
    bad_period.service_period = Some(ServicePeriod {
        start: day("2026-02-01"),
        end: day("2026-01-01"),
    });
    assert_eq!(
        RevenueLedger::new(vec![bad_period.clone()], vec![]).err(),
        Some(RecognitionError::EmptyServicePeriod {
            line_id: Some(bad_period.line_id)
        })
    );
    assert!(daily_schedule(&bad_period).is_err());
    let mut eur = yearly();
    eur.currency = "EUR".into();
    assert!(matches!(
        RevenueLedger::new(vec![yearly(), eur], vec![]),
        Err(RecognitionError::MixedCurrencyInvoice { invoice_id: 7, .. })
    ));
    let mut eur_note = credit(7, 100, "2026-02-01");
    eur_note.currency = "EUR".into();
    assert!(matches!(
        RevenueLedger::new(vec![yearly()], vec![eur_note]),
        Err(RecognitionError::CreditNoteCurrency { invoice_id: 7, .. })
    ));
    assert_eq!(
        RevenueLedger::new(vec![yearly()], vec![credit(7, 0, "2026-02-01")]).err(),
        Some(RecognitionError::NonPositiveCreditNote {
            invoice_id: 7,
            amount: 0
        })
    );
    let mut lower = yearly();
    lower.currency = "usd".into();
    assert_eq!(
        RevenueLedger::new(vec![lower], vec![]).err(),
        Some(RecognitionError::InvalidCurrency("usd".into()))
    );
    let huge = [
        line(8, i64::MAX, "2026-01-01", "2026-02-01", "2026-01-01"),
        line(8, -5, "2026-01-01", "2026-02-01", "2026-01-01"),
    ];
    assert_eq!(
        RevenueLedger::new(huge.to_vec(), vec![]).err(),
        Some(RecognitionError::AmountTooLarge {
            invoice_id: Some(8)
        })
    );
}

/// Knuth's MMIX linear congruential generator: deterministic and dependency-free.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        i64::try_from((self.0 >> 33) % n).unwrap()
    }
}

/// Random invoices in 2025–2026 in two currencies: subscription lines of 1 to 400 days,
/// negative proration lines, one-off charges, and credit notes of up to the invoice total.
fn random_book(seed: u64, invoices: i64) -> (Vec<RecognisableLine>, Vec<CreditNote>) {
    let mut rng = Lcg(seed);
    let base = day("2025-01-01");
    let later = |d: NaiveDate, n: i64| d + chrono::Duration::days(n);
    let (mut lines, mut notes) = (Vec::new(), Vec::new());
    for invoice in 1..=invoices {
        let currency = if rng.below(3) == 0 { "EUR" } else { "USD" };
        let invoiced_on = later(base, rng.below(700));
        let mut total = 0;
        for k in 0..=rng.below(3) {
            let start = later(invoiced_on, rng.below(60) - 30);
            let days = 1 + rng.below(400);
            let amount = match k {
                0 => rng.below(1_000_000),
                _ if rng.below(2) == 0 => -rng.below(50_000),
                _ => rng.below(7_777),
            };
            total += amount;
            lines.push(RecognisableLine {
                invoice_id: invoice,
                line_id: invoice * 10 + k,
                currency: currency.to_string(),
                amount_minor: amount,
                service_period: (rng.below(5) != 0)
                    .then(|| ServicePeriod::new(start, later(start, days)).unwrap()),
                invoiced_on,
            });
        }
        let mut left = total;
        while left > 0 && rng.below(3) == 0 {
            let amount = 1 + rng.below(u64::try_from(left).unwrap());
            left -= amount;
            notes.push(CreditNote {
                invoice_id: invoice,
                currency: currency.to_string(),
                amount_minor: amount,
                issued_on: later(invoiced_on, rng.below(500)),
            });
        }
    }
    (lines, notes)
}

#[test]
fn on_random_invoices_the_waterfall_balances_and_empties_when_service_ends() {
    for seed in [3, 11, 2028] {
        let (lines, notes) = random_book(seed, 300);
        for l in &lines {
            let days = daily_schedule(l).unwrap();
            assert_eq!(days.iter().map(|(_, a)| a).sum::<i64>(), l.amount_minor);
            let n = i64::try_from(days.len()).unwrap();
            let (low, high) = (
                l.amount_minor.div_euclid(n),
                -(-l.amount_minor).div_euclid(n),
            );
            assert!(days.iter().all(|(_, a)| *a == low || *a == high), "{l:?}");
        }
        let ledger = RevenueLedger::new(lines.clone(), notes.clone()).unwrap();
        // From before the first invoice to after every period and credit note.
        let months = range("2024-12", "2028-12");
        let schedule = ledger.schedule(&months);
        for currency in ["EUR", "USD"] {
            let r: Vec<&RevenueMonth> =
                schedule.iter().filter(|m| m.currency == currency).collect();
            assert_eq!(r.len(), months.len());
            assert_eq!(r[0].deferred_opening, 0);
            for pair in r.windows(2) {
                assert_eq!(pair[1].deferred_opening, pair[0].deferred_closing);
            }
            for m in &r {
                assert_eq!(
                    m.deferred_closing,
                    m.deferred_opening + m.invoiced - m.credited - m.recognised,
                    "{m:?}"
                );
            }
            let sum = |f: fn(&RevenueMonth) -> i64| r.iter().map(|m| f(m)).sum::<i64>();
            let invoiced: i64 = lines
                .iter()
                .filter(|l| l.currency == currency)
                .map(|l| l.amount_minor)
                .sum();
            let credited: i64 = notes
                .iter()
                .filter(|n| n.currency == currency)
                .map(|n| n.amount_minor)
                .sum();
            assert_eq!(sum(|m| m.invoiced), invoiced);
            assert_eq!(sum(|m| m.credited), credited);
            assert_eq!(sum(|m| m.recognised), invoiced - credited);
            assert_eq!(r.last().unwrap().deferred_closing, 0);
            // The month rows agree with the running balances read at every month end.
            let mut recognised = 0;
            for (m, month) in r.iter().zip(months.months()) {
                recognised += m.recognised;
                let balance = ledger.balances_through(month.last_day())[currency];
                assert_eq!(balance.deferred, m.deferred_closing, "{m:?}");
                assert_eq!(balance.recognised, recognised, "{m:?}");
            }
        }
    }
}
