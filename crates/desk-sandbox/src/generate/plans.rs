//! The price book: four tiers (Starter, Growth, Scale per seat; Enterprise flat), billed
//! monthly or annually (annual = ten months' price), in USD, EUR and GBP minor units, plus a
//! retired legacy plan. MRR is computed here and nowhere else, so subscription events, invoices
//! and the tests agree on it.

use chrono::{DateTime, Utc};

use crate::load::Table;

/// A plan tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Small teams, per seat.
    Starter,
    /// Per seat.
    Growth,
    /// Per seat.
    Scale,
    /// Flat yearly/monthly contract.
    Enterprise,
}

/// Every tier, cheapest first.
pub const TIERS: [Tier; 4] = [Tier::Starter, Tier::Growth, Tier::Scale, Tier::Enterprise];

impl Tier {
    /// Lower-case code part.
    pub fn code(self) -> &'static str {
        match self {
            Tier::Starter => "starter",
            Tier::Growth => "growth",
            Tier::Scale => "scale",
            Tier::Enterprise => "enterprise",
        }
    }
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Starter => "Starter",
            Tier::Growth => "Growth",
            Tier::Scale => "Scale",
            Tier::Enterprise => "Enterprise",
        }
    }
    /// The next tier up, if any.
    pub fn up(self) -> Option<Tier> {
        match self {
            Tier::Starter => Some(Tier::Growth),
            Tier::Growth => Some(Tier::Scale),
            Tier::Scale => Some(Tier::Enterprise),
            Tier::Enterprise => None,
        }
    }
    /// The next tier down, if any.
    pub fn down(self) -> Option<Tier> {
        match self {
            Tier::Starter => None,
            Tier::Growth => Some(Tier::Starter),
            Tier::Scale => Some(Tier::Growth),
            Tier::Enterprise => Some(Tier::Scale),
        }
    }
    /// Whether the price is per seat (else flat).
    pub fn per_seat(self) -> bool {
        self != Tier::Enterprise
    }
    /// E-mails per seat per month included before overage is billed (None: unlimited).
    pub fn included_emails_per_seat(self) -> Option<i64> {
        match self {
            Tier::Starter => Some(2_500),
            Tier::Growth => Some(8_000),
            Tier::Scale => Some(20_000),
            Tier::Enterprise => None,
        }
    }
}

/// A billing currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    /// US dollars.
    Usd,
    /// Euros.
    Eur,
    /// Pounds sterling.
    Gbp,
}

/// Every currency.
pub const CURRENCIES: [Currency; 3] = [Currency::Usd, Currency::Eur, Currency::Gbp];

impl Currency {
    /// ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
        }
    }
    /// VAT charged on invoices in this currency, in percent (UK VAT; EU B2B is reverse-charged,
    /// US B2B SaaS untaxed in the sandbox).
    pub fn tax_percent(self) -> i64 {
        match self {
            Currency::Gbp => 20,
            _ => 0,
        }
    }
    /// Overage price per 1,000 e-mails, in minor units.
    pub fn overage_per_thousand(self) -> i64 {
        match self {
            Currency::Usd => 150,
            Currency::Eur => 140,
            Currency::Gbp => 120,
        }
    }
}

/// A billing interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// Billed every month.
    Month,
    /// Billed every year.
    Year,
}

impl Interval {
    /// The schema's word.
    pub fn word(self) -> &'static str {
        match self {
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }
    /// Months per period.
    pub fn months(self) -> u32 {
        match self {
            Interval::Month => 1,
            Interval::Year => 12,
        }
    }
    fn code(self) -> &'static str {
        match self {
            Interval::Month => "monthly",
            Interval::Year => "annual",
        }
    }
}

/// The monthly list price (per seat, or flat for Enterprise), in minor units.
fn monthly_price(tier: Tier, currency: Currency) -> i64 {
    match (tier, currency) {
        (Tier::Starter, Currency::Usd) => 2_900,
        (Tier::Starter, Currency::Eur) => 2_700,
        (Tier::Starter, Currency::Gbp) => 2_400,
        (Tier::Growth, Currency::Usd) => 5_900,
        (Tier::Growth, Currency::Eur) => 5_500,
        (Tier::Growth, Currency::Gbp) => 4_900,
        (Tier::Scale, Currency::Usd) => 9_900,
        (Tier::Scale, Currency::Eur) => 9_200,
        (Tier::Scale, Currency::Gbp) => 7_900,
        (Tier::Enterprise, Currency::Usd) => 250_000,
        (Tier::Enterprise, Currency::Eur) => 230_000,
        (Tier::Enterprise, Currency::Gbp) => 200_000,
    }
}

/// The price of one period (per seat, or flat), in minor units.
pub fn price(tier: Tier, interval: Interval, currency: Currency) -> i64 {
    match interval {
        Interval::Month => monthly_price(tier, currency),
        Interval::Year => monthly_price(tier, currency) * 10,
    }
}

/// The plan code, e.g. `growth_annual_eur`.
pub fn code(tier: Tier, interval: Interval, currency: Currency) -> String {
    format!(
        "{}_{}_{}",
        tier.code(),
        interval.code(),
        currency.code().to_lowercase()
    )
}

/// What a subscription of `seats` costs per period.
pub fn period_amount(tier: Tier, interval: Interval, currency: Currency, seats: i32) -> i64 {
    let q = if tier.per_seat() { i64::from(seats) } else { 1 };
    price(tier, interval, currency) * q
}

/// Monthly recurring revenue of a subscription (annual: a twelfth, rounded down).
pub fn mrr(tier: Tier, interval: Interval, currency: Currency, seats: i32) -> i64 {
    period_amount(tier, interval, currency, seats) / i64::from(interval.months())
}

/// The plans table.
pub fn write(table: &mut Table, created: DateTime<Utc>) {
    for currency in CURRENCIES {
        for interval in [Interval::Month, Interval::Year] {
            for tier in TIERS {
                table
                    .text(&code(tier, interval, currency))
                    .text(&format!("{} ({})", tier.name(), interval.code()))
                    .text(if tier.per_seat() { "per_seat" } else { "flat" })
                    .num(price(tier, interval, currency))
                    .text(currency.code())
                    .text(interval.word())
                    .bool(true)
                    .ts(created)
                    .end();
            }
        }
    }
    // Retired in the sandbox's history: no tenant is on it, but it is listed.
    table
        .text("legacy_basic_monthly_usd")
        .text("Basic (legacy)")
        .text("per_seat")
        .num(1_900)
        .text("USD")
        .text("month")
        .bool(false)
        .ts(created)
        .end();
}

/// The plans table's buffer.
pub fn table() -> Table {
    Table::new(
        "platform.plans",
        "code, name, pricing, price_minor, currency, \"interval\", active, created_at",
    )
}
