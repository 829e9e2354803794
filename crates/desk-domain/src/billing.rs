//! Billing rules finance works with before anything is invoiced or reconciled: the proration
//! preview of a mid-cycle plan or seat change (what the customer will be credited and charged,
//! line by line, as Stripe prorates), and what payments actually brought in once refunds are
//! taken off. Pure: no I/O and no clock; the caller passes every instant.

pub mod payments;
pub mod proration;

pub use payments::{net_collected, CashTotals, PaymentRecord, PaymentStatus};
pub use proration::{
    preview, preview_plan_change, preview_seat_change, BillingInterval, BillingPeriod, PeriodPrice,
    PlanSelection, PlanTerms, Pricing, ProrationError, ProrationLine, ProrationLineKind,
    ProrationPreview,
};
