//! Billing: an invoice per billing period (monthly plans every month, annual plans every
//! year) with its lines (the subscription, e-mail overage from the tenant's usage, prorations
//! of mid-period plan and seat changes, occasional service credits) summing to the subtotal,
//! tax on top; then what happened to it: paid, paid after failed attempts and dunning retries,
//! written off (uncollectible), voided and reissued, still open, or a draft for the coming
//! period. A few payments are refunded (with a credit note) or disputed.
//!
//! A few things go wrong the way they do in real books, so reconciliation has something to
//! find: a customer pays a voided invoice as well as its reissue, pays one invoice twice
//! (card and bank transfer), or pays short (bank fees taken off) with the invoice still
//! marked paid; and now and then an invoice's lines do not add up to its subtotal. These
//! quirks draw from their own random stream so the rest of the data does not move.

use chrono::{DateTime, Datelike, Duration, Utc};
use rand::RngExt;

use super::plans::{self, Interval};
use super::tenants::{TenantModel, Trend};
use super::usage::Day;
use super::{rng_for, Ctx};
use crate::load::Table;

/// Next id per table (identity columns are loaded explicitly, then the sequences are moved).
#[derive(Debug, Default)]
pub struct Ids {
    invoice: i64,
    line: i64,
    payment: i64,
    retry: i64,
    dispute: i64,
    credit_note: i64,
}

/// The billing tables.
pub struct Tables {
    /// platform.invoices
    pub invoices: Table,
    /// platform.invoice_lines
    pub lines: Table,
    /// platform.payments
    pub payments: Table,
    /// platform.payment_retries
    pub retries: Table,
    /// platform.disputes
    pub disputes: Table,
    /// platform.credit_notes
    pub credit_notes: Table,
}

impl Tables {
    /// Empty buffers.
    pub fn new() -> Tables {
        Tables {
            invoices: Table::new(
                "platform.invoices",
                "id, number, tenant_id, subscription_id, status, period_start, period_end, currency, subtotal_minor, \
                 tax_minor, total_minor, amount_due_minor, amount_paid_minor, issued_at, due_at, paid_at, voided_at",
            ),
            lines: Table::new(
                "platform.invoice_lines",
                "id, invoice_id, kind, description, quantity, unit_amount_minor, amount_minor, service_period_start, \
                 service_period_end",
            ),
            payments: Table::new(
                "platform.payments",
                "id, invoice_id, tenant_id, amount_minor, currency, status, failure_reason, processor_ref, attempted_at, \
                 refunded_amount_minor",
            ),
            retries: Table::new(
                "platform.payment_retries",
                "id, payment_id, attempt, scheduled_at, attempted_at, outcome, failure_reason",
            ),
            disputes: Table::new(
                "platform.disputes",
                "id, payment_id, amount_minor, currency, reason, status, evidence_due_at, evidence, opened_at, closed_at",
            ),
            credit_notes: Table::new(
                "platform.credit_notes",
                "id, number, invoice_id, tenant_id, amount_minor, currency, reason, issued_by, issued_at",
            ),
        }
    }
}

impl Default for Tables {
    fn default() -> Self {
        Self::new()
    }
}

struct Line {
    kind: &'static str,
    description: String,
    quantity: i64,
    unit: i64,
    amount: i64,
    period: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

const DECLINES: [&str; 6] = [
    "card_declined: generic_decline",
    "card_declined: insufficient_funds",
    "expired_card",
    "authentication_required",
    "processing_error",
    "card_declined: do_not_honor",
];

fn processor_ref(rng: &mut impl RngExt) -> String {
    let mut b = [0u8; 12];
    rng.fill(&mut b);
    format!("ch_{}", hex::encode(b))
}

/// The lines of the invoice for the period starting at `ps` (ending at `pe`), `prev` being
/// the previous period's start.
fn lines_for(
    t: &TenantModel,
    usage: &[Day],
    ctx: &Ctx,
    ps: DateTime<Utc>,
    pe: DateTime<Utc>,
    prev: Option<DateTime<Utc>>,
    rng: &mut impl RngExt,
) -> Vec<Line> {
    let Some((tier, seats)) = t.state_at(ps) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let unit = plans::price(tier, t.interval, t.currency);
    let quantity = if tier.per_seat() { i64::from(seats) } else { 1 };
    let sub_amount = unit * quantity;
    lines.push(Line {
        kind: "subscription",
        description: if tier.per_seat() {
            format!(
                "{} plan ({}ly), {} seats",
                tier.name(),
                t.interval.word(),
                seats
            )
        } else {
            format!("{} plan ({}ly)", tier.name(), t.interval.word())
        },
        quantity,
        unit,
        amount: sub_amount,
        period: Some((ps, pe)),
    });
    if let Some(prev) = prev {
        // Mid-period changes in the previous period, prorated for the part of it left.
        let span = (ps - prev).num_seconds().max(1);
        for c in t.changes.iter().filter(|c| c.at > prev && c.at < ps) {
            let (Some((bt, bs)), Some((at, as_))) = (c.before, c.after) else {
                continue;
            };
            let before = plans::period_amount(bt, t.interval, t.currency, bs);
            let after = plans::period_amount(at, t.interval, t.currency, as_);
            let left = (ps - c.at).num_seconds();
            let amount = ((after - before) as i128 * left as i128 / span as i128) as i64;
            if amount == 0 {
                continue;
            }
            let what = if bt != at {
                format!("{} → {}", bt.name(), at.name())
            } else {
                format!("{bs} → {as_} seats")
            };
            lines.push(Line {
                kind: "proration",
                description: format!("Proration: {what} for {} days left", (ps - c.at).num_days()),
                quantity: 1,
                unit: amount,
                amount,
                period: Some((c.at, ps)),
            });
        }
        // E-mail overage of the previous (monthly) period.
        if t.interval == Interval::Month {
            if let (Some(per_seat), Some((_, prev_seats))) =
                (tier.included_emails_per_seat(), t.state_at(prev))
            {
                let from = prev.date_naive();
                let to = ps.date_naive();
                let sent: i64 = usage
                    .iter()
                    .filter(|d| d.day.is_some_and(|d| d >= from && d < to))
                    .map(|d| d.emails_sent)
                    .sum();
                let over = sent - per_seat * i64::from(prev_seats);
                if over > 0 {
                    let thousands = (over + 999) / 1000;
                    let price = t.currency.overage_per_thousand();
                    lines.push(Line {
                        kind: "usage",
                        description: format!(
                            "E-mails over the included {} (per 1,000)",
                            per_seat * i64::from(prev_seats)
                        ),
                        quantity: thousands,
                        unit: price,
                        amount: thousands * price,
                        period: Some((prev, ps)),
                    });
                }
            }
        }
    }
    if rng.random_bool(0.03) && ps < ctx.now {
        let amount = -(sub_amount / 10).max(1);
        lines.push(Line {
            kind: "credit",
            description: "Service credit: delayed sending during a platform incident".into(),
            quantity: 1,
            unit: amount,
            amount,
            period: None,
        });
    }
    lines
}

enum Outcome {
    Paid,
    Recovered,
    Uncollectible,
    PastDue,
    Open,
    Void,
    Draft,
}

/// Writes the billing of one tenant.
pub fn write(ctx: &Ctx, t: &TenantModel, usage: &[Day], ids: &mut Ids, out: &mut Tables) {
    let mut rng = rng_for(ctx.seed, "billing", t.index as u64);
    if t.trial {
        return;
    }
    let window_start = ctx.window_start_ts();
    let mut k = 0;
    let mut periods = Vec::new();
    loop {
        let ps = t.period_start(k);
        if ps >= ctx.now {
            // The coming period: a draft if it is days away and the tenant stays.
            if t.interval == Interval::Month
                && !t.cancelled()
                && !t.cancel_scheduled
                && ps < ctx.now + Duration::days(7)
            {
                periods.push((
                    ps,
                    t.period_start(k + 1),
                    k.checked_sub(1).map(|p| t.period_start(p)),
                    true,
                ));
            }
            break;
        }
        if ps >= window_start {
            periods.push((
                ps,
                t.period_start(k + 1),
                k.checked_sub(1).map(|p| t.period_start(p)),
                false,
            ));
        }
        k += 1;
    }
    let last_issued = periods.iter().rposition(|p| !p.3);
    for (n, (ps, pe, prev, draft)) in periods.into_iter().enumerate() {
        let lines = lines_for(t, usage, ctx, ps, pe, prev, &mut rng);
        let subtotal: i64 = lines.iter().map(|l| l.amount).sum();
        if lines.is_empty() || subtotal <= 0 {
            continue;
        }
        let outcome = if draft {
            Outcome::Draft
        } else if t.past_due && Some(n) == last_issued {
            Outcome::PastDue
        } else if ps > ctx.now - Duration::days(3) {
            Outcome::Open
        } else {
            let r: f64 = rng.random();
            let risky = t.trend == Trend::Declining || t.cancelled();
            if r < 0.006 {
                Outcome::Void
            } else if r < 0.05 {
                Outcome::Recovered
            } else if r < 0.065 && risky {
                Outcome::Uncollectible
            } else {
                Outcome::Paid
            }
        };
        if matches!(outcome, Outcome::Void) {
            // Issued with a mistake, voided, and reissued the next day.
            write_invoice(ctx, t, &lines, ps, pe, Outcome::Void, ids, out, &mut rng);
            write_invoice(ctx, t, &lines, ps, pe, Outcome::Paid, ids, out, &mut rng);
        } else {
            write_invoice(ctx, t, &lines, ps, pe, outcome, ids, out, &mut rng);
        }
    }
}

#[allow(clippy::too_many_arguments)] // one invoice's parts; a struct would only rename them
fn write_invoice<R: RngExt>(
    ctx: &Ctx,
    t: &TenantModel,
    lines: &[Line],
    ps: DateTime<Utc>,
    pe: DateTime<Utc>,
    outcome: Outcome,
    ids: &mut Ids,
    out: &mut Tables,
    rng: &mut R,
) {
    ids.invoice += 1;
    let id = ids.invoice;
    let mut quirks = rng_for(ctx.seed, "billing-quirks", id.unsigned_abs());
    let number = format!("PM-{}-{:07}", ps.year(), id);
    let subtotal: i64 = lines.iter().map(|l| l.amount).sum();
    let tax = (subtotal * t.currency.tax_percent() + 50) / 100;
    let total = subtotal + tax;
    let cur = t.currency.code();
    let issued = ps + Duration::minutes(rng.random_range(5..90));
    let due = issued + Duration::days(14);
    let attempt_at = (issued + Duration::minutes(rng.random_range(1..60))).min(ctx.now);
    let (status, issued_at, due_at) = match outcome {
        Outcome::Draft => ("draft", None, None),
        Outcome::Paid | Outcome::Recovered => ("paid", Some(issued), Some(due)),
        Outcome::Uncollectible => ("uncollectible", Some(issued), Some(due)),
        Outcome::Void => ("void", Some(issued), Some(due)),
        Outcome::PastDue | Outcome::Open => ("open", Some(issued), Some(due)),
    };
    let mut amount_due = if status == "void" { 0 } else { total };
    let mut amount_paid = 0;
    let mut paid_at = None;
    let voided_at = (status == "void").then(|| issued + Duration::hours(20));
    let payment = |out: &mut Tables,
                   ids: &mut Ids,
                   amount: i64,
                   status: &str,
                   reason: Option<&str>,
                   at: DateTime<Utc>,
                   refunded: i64,
                   rng: &mut R| {
        ids.payment += 1;
        out.payments
            .num(ids.payment)
            .num(id)
            .uuid(t.id)
            .num(amount)
            .text(cur)
            .text(status)
            .opt_text(reason)
            .text(&processor_ref(rng))
            .ts(at)
            .num(refunded)
            .end();
        ids.payment
    };
    let mut status = status;
    match outcome {
        Outcome::Paid => {
            let r: f64 = rng.random();
            let refund = (r < 0.01).then(|| (total * rng.random_range(30..=100) / 100).max(1));
            let pay_status = if refund == Some(total) {
                "refunded"
            } else {
                "succeeded"
            };
            // Quirks only on a payment nothing else happened to.
            let quirk = (refund.is_none() && r >= 0.014).then(|| quirks.random::<f64>());
            let short = match quirk {
                Some(q) if (0.004..0.008).contains(&q) && total > 1 => {
                    (total * quirks.random_range(1..=5) / 100).clamp(1, total - 1)
                }
                _ => 0,
            };
            let pid = payment(
                out,
                ids,
                total - short,
                pay_status,
                None,
                attempt_at,
                refund.unwrap_or(0),
                rng,
            );
            amount_paid = total - short;
            paid_at = Some(attempt_at);
            if quirk.is_some_and(|q| q < 0.004) {
                // Paid again by bank transfer a few days later.
                let again = (attempt_at + Duration::days(quirks.random_range(1..6))).min(ctx.now);
                payment(out, ids, total, "succeeded", None, again, 0, rng);
            }
            if let Some(refund) = refund {
                ids.credit_note += 1;
                out.credit_notes
                    .num(ids.credit_note)
                    .text(&format!("{number}-CN1"))
                    .num(id)
                    .uuid(t.id)
                    .num(refund)
                    .text(cur)
                    .text(REFUND_REASONS[rng.random_range(0..REFUND_REASONS.len())])
                    .text("sandbox_finance")
                    .ts((attempt_at + Duration::days(rng.random_range(1..20))).min(ctx.now))
                    .end();
            } else if r < 0.014 {
                dispute(ctx, t, pid, total, attempt_at, ids, out, rng);
            }
        }
        Outcome::Recovered | Outcome::Uncollectible | Outcome::PastDue => {
            let reason = DECLINES[rng.random_range(0..DECLINES.len())];
            let failed = payment(out, ids, total, "failed", Some(reason), attempt_at, 0, rng);
            let recover_on = match outcome {
                Outcome::Recovered => rng.random_range(1..=3),
                _ => 0,
            };
            let mut pending = false;
            for attempt in 1..=3 {
                let scheduled = attempt_at + Duration::days([3, 5, 7][attempt as usize - 1]);
                ids.retry += 1;
                out.retries
                    .num(ids.retry)
                    .num(failed)
                    .num(attempt)
                    .ts(scheduled);
                if scheduled > ctx.now {
                    out.retries.null().null().null().end();
                    pending = true;
                    continue;
                }
                if attempt == recover_on {
                    out.retries.ts(scheduled).text("succeeded").null().end();
                    payment(out, ids, total, "succeeded", None, scheduled, 0, rng);
                    amount_paid = total;
                    paid_at = Some(scheduled);
                    break;
                }
                out.retries.ts(scheduled).text("failed").text(reason).end();
            }
            if paid_at.is_none() && (pending || !matches!(outcome, Outcome::Uncollectible)) {
                // Retries are still ahead: the invoice is open and the tenant is dunned.
                status = "open";
            }
        }
        Outcome::Open => {
            if rng.random_bool(0.1) {
                // A goodwill credit note lowers what is still due.
                let amount = (total / 5).max(1);
                ids.credit_note += 1;
                out.credit_notes
                    .num(ids.credit_note)
                    .text(&format!("{number}-CN1"))
                    .num(id)
                    .uuid(t.id)
                    .num(amount)
                    .text(cur)
                    .text("Goodwill credit after a deliverability complaint")
                    .text("sandbox_finance")
                    .ts((issued + Duration::hours(6)).min(ctx.now))
                    .end();
                amount_due = total - amount;
            }
        }
        Outcome::Void => {
            if quirks.random_bool(0.2) {
                // The customer paid the voided invoice before the reissue reached them.
                let at = (issued + Duration::hours(quirks.random_range(1..19))).min(ctx.now);
                payment(out, ids, total, "succeeded", None, at, 0, rng);
            }
        }
        Outcome::Draft => {}
    }
    out.invoices
        .num(id)
        .text(&number)
        .uuid(t.id)
        .num(t.subscription_id)
        .text(status)
        .ts(ps)
        .ts(pe)
        .text(cur)
        .num(subtotal)
        .num(tax)
        .num(total)
        .num(amount_due)
        .num(amount_paid)
        .opt_ts(issued_at)
        .opt_ts(due_at)
        .opt_ts(paid_at)
        .opt_ts(voided_at)
        .end();
    // Now and then a line was amended after the invoice was issued.
    let amended =
        (status != "draft" && quirks.random_bool(0.001)).then(|| quirks.random_range(1..=500));
    for (n, l) in lines.iter().enumerate() {
        ids.line += 1;
        let amount = l.amount + if n == 0 { amended.unwrap_or(0) } else { 0 };
        out.lines
            .num(ids.line)
            .num(id)
            .text(l.kind)
            .text(&l.description)
            .num(l.quantity)
            .num(l.unit)
            .num(amount)
            .opt_ts(l.period.map(|p| p.0))
            .opt_ts(l.period.map(|p| p.1))
            .end();
    }
}

const REFUND_REASONS: [&str; 3] = [
    "Refund: customer billed after cancelling",
    "Refund: duplicate seats",
    "Refund: service outage",
];

#[allow(clippy::too_many_arguments)] // the disputed payment's parts
fn dispute(
    ctx: &Ctx,
    t: &TenantModel,
    payment_id: i64,
    amount: i64,
    paid_at: DateTime<Utc>,
    ids: &mut Ids,
    out: &mut Tables,
    rng: &mut impl RngExt,
) {
    let opened = paid_at + Duration::days(rng.random_range(5..40));
    if opened > ctx.now {
        return;
    }
    ids.dispute += 1;
    let reasons = [
        "fraudulent",
        "duplicate",
        "product_not_received",
        "unrecognized",
        "subscription_cancelled",
        "other",
    ];
    let reason = reasons[rng.random_range(0..reasons.len())];
    let recent = opened > ctx.now - Duration::days(10);
    let status = if recent {
        "needs_response"
    } else {
        ["won", "lost", "under_review", "won"][rng.random_range(0..4)]
    };
    let closed = matches!(status, "won" | "lost")
        .then(|| (opened + Duration::days(rng.random_range(20..50))).min(ctx.now));
    out.disputes
        .num(ids.dispute)
        .num(payment_id)
        .num(amount)
        .text(t.currency.code())
        .text(reason)
        .text(status)
        .ts(opened + Duration::days(7))
        .opt_text((!recent).then_some(
            "Signed order form, login history and delivery logs for the disputed period",
        ))
        .ts(opened)
        .opt_ts(closed)
        .end();
}
