//! Two years of daily usage per tenant: e-mails sent, bounces, replies, spam complaints,
//! active mailboxes and customer logins, following the tenant's seats and trend (growing,
//! flat, declining), with weekday seasonality (weekends are quiet) and day-to-day noise. A day
//! before sign-up or while cancelled is a row of zeros, so every tenant has one row per day.
//! Computed from the tenant's own random stream, so billing (overage lines) and the loader
//! see the same numbers.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::RngExt;

use super::tenants::{TenantModel, Trend};
use super::{rng_for, Ctx};
use crate::load::Table;

/// One tenant-day.
#[derive(Debug, Clone, Copy, Default)]
pub struct Day {
    /// The day (UTC).
    pub day: Option<NaiveDate>,
    /// E-mails sent.
    pub emails_sent: i64,
    /// Bounces.
    pub bounces: i64,
    /// Replies.
    pub replies: i64,
    /// Spam complaints.
    pub spam_complaints: i64,
    /// Mailboxes that sent that day.
    pub active_mailboxes: i64,
    /// Customer sign-ins.
    pub logins: i64,
}

fn weekday_factor(d: NaiveDate) -> f64 {
    match d.weekday() {
        Weekday::Mon => 1.1,
        Weekday::Tue | Weekday::Wed => 1.05,
        Weekday::Thu => 1.0,
        Weekday::Fri => 0.8,
        Weekday::Sat => 0.12,
        Weekday::Sun => 0.07,
    }
}

fn trend_factor(trend: Trend, progress: f64) -> f64 {
    match trend {
        Trend::Growing => 0.55 + 0.8 * progress,
        Trend::Flat => 1.0,
        Trend::Declining => 1.25 - 0.85 * progress,
    }
}

fn draw(rng: &mut impl RngExt, expected: f64) -> i64 {
    // Rounds randomly so small expectations still produce the right average.
    let floor = expected.floor();
    let extra = if rng.random::<f64>() < expected - floor {
        1.0
    } else {
        0.0
    };
    (floor + extra).max(0.0) as i64
}

/// The tenant's usage, one entry per day of the window, oldest first.
pub fn days(ctx: &Ctx, t: &TenantModel) -> Vec<Day> {
    let mut rng = rng_for(ctx.seed, "usage", t.index as u64);
    let start = ctx.window_start();
    let mut out = Vec::with_capacity(ctx.days);
    for i in 0..ctx.days {
        let day = start + Duration::days(i as i64);
        let noon = day
            .and_hms_opt(12, 0, 0)
            .map(|d| d.and_utc())
            .unwrap_or(ctx.now);
        let noise: f64 = rng.random_range(0.8..1.2);
        let mut d = Day {
            day: Some(day),
            ..Day::default()
        };
        if let Some((_, seats)) = t.state_at(noon) {
            let progress = i as f64 / ctx.days as f64;
            let wf = weekday_factor(day);
            let tf = trend_factor(t.trend, progress);
            let seats = f64::from(seats);
            let trial = if t.trial { 0.4 } else { 1.0 };
            // Never more mailboxes sending than seats bought.
            let mailboxes = (seats * t.mailboxes_per_seat * tf * trial * wf.min(1.0) * noise)
                .round()
                .min(seats)
                .max(if wf > 0.5 { 1.0 } else { 0.0 });
            let sent =
                mailboxes * t.emails_per_mailbox * wf.max(0.5) * rng.random_range(0.85..1.15);
            d.active_mailboxes = mailboxes as i64;
            d.emails_sent = draw(&mut rng, sent);
            let sent = d.emails_sent as f64;
            let jitter: f64 = rng.random_range(0.7..1.3);
            d.bounces = draw(&mut rng, sent * t.bounce_rate * jitter);
            let jitter: f64 = rng.random_range(0.7..1.3);
            d.replies = draw(&mut rng, sent * t.reply_rate * jitter);
            d.spam_complaints = draw(&mut rng, sent * t.spam_rate);
            d.logins = draw(&mut rng, seats * 0.7 * wf * noise * trial.max(0.8));
        }
        out.push(d);
    }
    out
}

/// The usage table.
pub fn table() -> Table {
    Table::new(
        "platform.usage_daily",
        "tenant_id, day, emails_sent, bounces, replies, spam_complaints, active_mailboxes, logins",
    )
}

/// Writes a tenant's usage rows.
pub fn write(ctx: &Ctx, t: &TenantModel, table: &mut Table) {
    for d in days(ctx, t) {
        table
            .uuid(t.id)
            .opt_date(d.day)
            .num(d.emails_sent)
            .num(d.bounces)
            .num(d.replies)
            .num(d.spam_complaints)
            .num(d.active_mailboxes)
            .num(d.logins)
            .end();
    }
}
