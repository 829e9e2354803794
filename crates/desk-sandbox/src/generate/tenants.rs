//! Tenants (PenguinMails' customers) and their subscription histories. Each tenant is a small
//! model built from its own seeded random stream: who it is (a faked company in its billing
//! currency's locale), when it signed up, whether it is growing, flat or declining, and the
//! subscription changes that follow (upgrades, downgrades, seat changes, cancellations,
//! reactivations), with the MRR before and after each one. Usage and billing read the model.

use chrono::{DateTime, Duration, Months, Utc};
use fake::faker::company::raw::CompanyName;
use fake::faker::internet::raw::DomainSuffix;
use fake::locales::{DE_DE, EN, FR_FR};
use fake::Fake;
use rand::RngExt;
use uuid::Uuid;

use super::plans::{self, Currency, Interval, Tier};
use super::{rng_for, uuid_from, Ctx};
use crate::load::Table;

/// How a tenant's usage moves over the two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// Sending more and more.
    Growing,
    /// Steady.
    Flat,
    /// Sending less and less (churn risk).
    Declining,
}

/// One change of a subscription.
#[derive(Debug, Clone)]
pub struct Change {
    /// The schema's event kind.
    pub kind: &'static str,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Plan and seats before (None: not subscribed).
    pub before: Option<(Tier, i32)>,
    /// Plan and seats after (None: not subscribed).
    pub after: Option<(Tier, i32)>,
}

/// A tenant and everything the other generators derive from.
#[derive(Debug, Clone)]
pub struct TenantModel {
    /// Position in generation order (0-based).
    pub index: usize,
    /// Tenant id.
    pub id: Uuid,
    /// Subscription id (one subscription per tenant; changes are its events).
    pub subscription_id: i64,
    /// Company name.
    pub name: String,
    /// Primary sending domain (unique).
    pub domain: String,
    /// Billing currency.
    pub currency: Currency,
    /// Billing interval.
    pub interval: Interval,
    /// Sign-up time (the subscription starts then).
    pub created: DateTime<Utc>,
    /// Usage trend.
    pub trend: Trend,
    /// Still in its 14-day trial.
    pub trial: bool,
    /// Its latest invoice failed and is being retried.
    pub past_due: bool,
    /// Will cancel at the end of the current period.
    pub cancel_scheduled: bool,
    /// Subscription changes, oldest first (the first is `created`).
    pub changes: Vec<Change>,
    /// The customer success manager who owns it.
    pub owner_csm: Option<Uuid>,
    /// Sending profile: mailboxes per seat, e-mails per mailbox per weekday, rates.
    pub mailboxes_per_seat: f64,
    /// E-mails per active mailbox on a weekday.
    pub emails_per_mailbox: f64,
    /// Share of e-mails bounced.
    pub bounce_rate: f64,
    /// Share of e-mails replied to.
    pub reply_rate: f64,
    /// Share of e-mails reported as spam.
    pub spam_rate: f64,
}

impl TenantModel {
    /// Plan and seats at `t` (None: not subscribed then).
    pub fn state_at(&self, t: DateTime<Utc>) -> Option<(Tier, i32)> {
        let mut s = None;
        for c in &self.changes {
            if c.at > t {
                break;
            }
            s = c.after;
        }
        s
    }

    /// The latest plan and seats the tenant had (also after a cancellation).
    pub fn last_plan(&self) -> (Tier, i32) {
        self.changes
            .iter()
            .rev()
            .find_map(|c| c.after.or(c.before))
            .unwrap_or((Tier::Starter, 1))
    }

    /// Whether the subscription is cancelled now.
    pub fn cancelled(&self) -> bool {
        self.changes.last().is_some_and(|c| c.after.is_none())
    }

    /// MRR of a state.
    pub fn mrr(&self, state: Option<(Tier, i32)>) -> i64 {
        match state {
            Some((tier, seats)) if !self.trial => {
                plans::mrr(tier, self.interval, self.currency, seats)
            }
            _ => 0,
        }
    }

    /// Start of billing period `k` (0 = sign-up).
    pub fn period_start(&self, k: u32) -> DateTime<Utc> {
        self.created
            .checked_add_months(Months::new(k * self.interval.months()))
            .unwrap_or(self.created)
    }

    /// The billing period containing `t`: (start, end).
    pub fn period_containing(&self, t: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        if self.trial {
            return (self.created, self.created + Duration::days(14));
        }
        let mut k = 0;
        while self.period_start(k + 1) <= t {
            k += 1;
        }
        (self.period_start(k), self.period_start(k + 1))
    }

    /// The plan code of a tier in this tenant's interval and currency.
    pub fn plan_code(&self, tier: Tier) -> String {
        plans::code(tier, self.interval, self.currency)
    }

    /// The schema's status of the tenant.
    pub fn status(&self) -> &'static str {
        if self.trial {
            "trial"
        } else if self.cancelled() {
            "cancelled"
        } else if self.past_due {
            "past_due"
        } else {
            "active"
        }
    }
}

fn pick_weighted<T: Copy>(rng: &mut impl RngExt, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut r = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if r < *w {
            return *item;
        }
        r -= w;
    }
    items[0].0
}

fn initial_seats(rng: &mut impl RngExt, tier: Tier) -> i32 {
    match tier {
        Tier::Starter => rng.random_range(1..=5),
        Tier::Growth => rng.random_range(3..=20),
        Tier::Scale => rng.random_range(10..=60),
        Tier::Enterprise => rng.random_range(50..=300),
    }
}

fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "tenant".into()
    } else {
        s
    }
}

/// Builds every tenant model, in order. Domains are unique (a clash gets a number).
pub fn build(ctx: &Ctx, csms: &[Uuid]) -> Vec<TenantModel> {
    let mut seen = std::collections::HashSet::new();
    (0..ctx.tenants)
        .map(|i| {
            let mut t = build_one(ctx, i, csms);
            let mut domain = t.domain.clone();
            let mut n = 2;
            while !seen.insert(domain.clone()) {
                let (head, tail) = t.domain.split_once('.').unwrap_or((&t.domain, "com"));
                domain = format!("{head}{n}.{tail}");
                n += 1;
            }
            t.domain = domain;
            t
        })
        .collect()
}

fn build_one(ctx: &Ctx, index: usize, csms: &[Uuid]) -> TenantModel {
    let mut rng = rng_for(ctx.seed, "tenant", index as u64);
    let id = uuid_from(&mut rng);
    let currency = pick_weighted(
        &mut rng,
        &[
            (Currency::Usd, 70),
            (Currency::Eur, 18),
            (Currency::Gbp, 12),
        ],
    );
    let name: String = match currency {
        Currency::Usd | Currency::Gbp => CompanyName(EN).fake_with_rng(&mut rng),
        Currency::Eur => {
            if rng.random_bool(0.5) {
                CompanyName(DE_DE).fake_with_rng(&mut rng)
            } else {
                CompanyName(FR_FR).fake_with_rng(&mut rng)
            }
        }
    };
    let suffix: String = match currency {
        Currency::Usd => DomainSuffix(EN).fake_with_rng(&mut rng),
        Currency::Eur => ["de", "fr", "eu", "io", "com"][rng.random_range(0..5)].to_string(),
        Currency::Gbp => ["co.uk", "uk", "com", "io"][rng.random_range(0..4)].to_string(),
    };
    let domain = format!("{}.{}", slug(&name), suffix);
    let trend = pick_weighted(
        &mut rng,
        &[
            (Trend::Growing, 40),
            (Trend::Flat, 35),
            (Trend::Declining, 25),
        ],
    );
    let interval = if rng.random_bool(0.3) {
        Interval::Year
    } else {
        Interval::Month
    };
    // Three in four signed up before the two-year window, the rest during it.
    let window_start = ctx.window_start_ts();
    let created = if rng.random_bool(0.75) {
        window_start - Duration::days(rng.random_range(1..1_100))
    } else {
        window_start + Duration::days(rng.random_range(0..ctx.days as i64))
    } + Duration::minutes(rng.random_range(8 * 60..18 * 60));
    // A few signed up in the last fortnight and are still on their trial.
    let created = if rng.random_bool(0.02) {
        ctx.now - Duration::hours(rng.random_range(2..13 * 24))
    } else {
        created.min(ctx.now - Duration::hours(1))
    };
    let trial = created > ctx.now - Duration::days(14);
    let tier = pick_weighted(
        &mut rng,
        &[
            (Tier::Starter, 45),
            (Tier::Growth, 35),
            (Tier::Scale, 15),
            (Tier::Enterprise, 5),
        ],
    );
    let seats = initial_seats(&mut rng, tier);
    let mut changes = vec![Change {
        kind: "created",
        at: created,
        before: None,
        after: Some((tier, seats)),
    }];
    if !trial {
        simulate(ctx, &mut rng, trend, created, &mut changes);
    }
    let cancelled = changes.last().is_some_and(|c| c.after.is_none());
    let past_due = !trial && !cancelled && interval == Interval::Month && rng.random_bool(0.04);
    let cancel_scheduled = !trial && !cancelled && !past_due && rng.random_bool(0.03);
    let owner_csm = if csms.is_empty() {
        None
    } else {
        Some(csms[rng.random_range(0..csms.len())])
    };
    TenantModel {
        index,
        id,
        subscription_id: index as i64 + 1,
        name,
        domain,
        currency,
        interval,
        created,
        trend,
        trial,
        past_due,
        cancel_scheduled,
        changes,
        owner_csm,
        // A seat is a connected sending mailbox: most accounts use 45–100% of what they bought.
        mailboxes_per_seat: rng.random_range(0.45..1.0),
        emails_per_mailbox: rng.random_range(40.0..90.0),
        bounce_rate: if rng.random_bool(0.1) {
            rng.random_range(0.05..0.11)
        } else {
            rng.random_range(0.005..0.035)
        },
        reply_rate: rng.random_range(0.01..0.07),
        spam_rate: rng.random_range(0.0002..0.002),
    }
}

/// Month by month after sign-up: now and then a change, likelier in the trend's direction.
fn simulate(
    ctx: &Ctx,
    rng: &mut impl RngExt,
    trend: Trend,
    created: DateTime<Utc>,
    changes: &mut Vec<Change>,
) {
    let mut state = changes.last().and_then(|c| c.after);
    let mut last_active = state;
    let mut month = 1;
    loop {
        let at = created + Duration::days(30 * month) + Duration::hours(rng.random_range(0..240));
        month += 1;
        if at >= ctx.now - Duration::hours(2) {
            break;
        }
        let Some((tier, seats)) = state else {
            // Cancelled: some come back.
            if rng.random_bool(0.06) {
                let after = last_active;
                changes.push(Change {
                    kind: "reactivated",
                    at,
                    before: None,
                    after,
                });
                state = after;
            }
            continue;
        };
        if !rng.random_bool(0.07) {
            continue;
        }
        let weights: [(u8, u32); 5] = match trend {
            // upgrade, downgrade, seats up, seats down, cancel
            Trend::Growing => [(0, 35), (1, 4), (2, 55), (3, 3), (4, 3)],
            Trend::Flat => [(0, 15), (1, 15), (2, 25), (3, 25), (4, 20)],
            Trend::Declining => [(0, 3), (1, 30), (2, 5), (3, 32), (4, 30)],
        };
        let (kind, after) = match pick_weighted(rng, &weights) {
            0 => match tier.up() {
                Some(up) => ("upgraded", Some((up, seats))),
                None => (
                    "seats_changed",
                    Some((tier, seats + rng.random_range(5..40))),
                ),
            },
            1 => match tier.down() {
                Some(down) => ("downgraded", Some((down, seats))),
                None if seats > 1 => ("seats_changed", Some((tier, seats - 1))),
                None => continue,
            },
            2 => (
                "seats_changed",
                Some((tier, seats + rng.random_range(1..=(seats / 3).max(2)))),
            ),
            3 if seats > 1 => (
                "seats_changed",
                Some((
                    tier,
                    (seats - rng.random_range(1..=(seats / 3).max(1))).max(1),
                )),
            ),
            3 => continue,
            _ => ("cancelled", None),
        };
        changes.push(Change {
            kind,
            at,
            before: state,
            after,
        });
        if after.is_some() {
            last_active = after;
        }
        state = after;
    }
}

/// The tenants table.
pub fn tenants_table() -> Table {
    Table::new(
        "platform.tenants",
        "id, name, domain, plan_code, status, owner_csm, renewal_date, currency, created_at",
    )
}

/// The subscriptions table.
pub fn subscriptions_table() -> Table {
    Table::new(
        "platform.subscriptions",
        "id, tenant_id, plan_code, seats, unit_price_minor, currency, \"interval\", current_period_start, \
         current_period_end, status, cancel_at, cancelled_at, started_at",
    )
}

/// The subscription events table.
pub fn events_table() -> Table {
    Table::new(
        "platform.subscription_events",
        "id, subscription_id, tenant_id, kind, occurred_at, mrr_before_minor, mrr_after_minor, currency, \
         plan_before, plan_after, seats_before, seats_after",
    )
}

/// Writes a tenant's row, its subscription and its events.
pub fn write(
    ctx: &Ctx,
    t: &TenantModel,
    next_event_id: &mut i64,
    tenants: &mut Table,
    subs: &mut Table,
    events: &mut Table,
) {
    let (tier, seats) = t.last_plan();
    let cancelled_at = if t.cancelled() {
        t.changes.last().map(|c| c.at)
    } else {
        None
    };
    let (ps, pe) = t.period_containing(cancelled_at.unwrap_or(ctx.now));
    let renewal = if t.cancelled() {
        None
    } else {
        Some(pe.date_naive())
    };
    tenants
        .uuid(t.id)
        .text(&t.name)
        .text(&t.domain)
        .text(&t.plan_code(tier))
        .text(t.status())
        .opt_uuid(t.owner_csm)
        .opt_date(renewal)
        .text(t.currency.code())
        .ts(t.created)
        .end();
    let sub_status = match t.status() {
        "trial" => "trialing",
        "cancelled" => "cancelled",
        "past_due" => "past_due",
        _ => "active",
    };
    let cancel_at = if t.cancel_scheduled {
        Some(pe)
    } else {
        cancelled_at
    };
    subs.num(t.subscription_id)
        .uuid(t.id)
        .text(&t.plan_code(tier))
        .num(seats)
        .num(plans::price(tier, t.interval, t.currency))
        .text(t.currency.code())
        .text(t.interval.word())
        .ts(ps)
        .ts(pe)
        .text(sub_status)
        .opt_ts(cancel_at)
        .opt_ts(cancelled_at)
        .ts(t.created)
        .end();
    for c in &t.changes {
        *next_event_id += 1;
        events
            .num(*next_event_id)
            .num(t.subscription_id)
            .uuid(t.id)
            .text(c.kind)
            .ts(c.at)
            .num(t.mrr(c.before))
            .num(t.mrr(c.after))
            .text(t.currency.code())
            .opt_text(c.before.map(|(tier, _)| t.plan_code(tier)).as_deref())
            .opt_text(c.after.map(|(tier, _)| t.plan_code(tier)).as_deref())
            .opt_num(c.before.map(|(_, s)| s))
            .opt_num(c.after.map(|(_, s)| s))
            .end();
    }
}
