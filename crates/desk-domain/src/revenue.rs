//! Revenue reports finance reads every month: MRR and ARR movements (new, expansion,
//! contraction, churn, reactivation) from the subscriptions' history, and revenue recognised
//! ratably day by day over each invoice line's service period with the deferred revenue
//! waterfall. Every total is per currency; nothing is converted or mixed. Pure: no I/O and no
//! clock.

pub mod mrr;
pub mod recognition;

pub use mrr::{
    classify, mrr_as_of, mrr_at_end_of, mrr_movements, MrrMonth, MrrMovement, SubscriptionEvent,
};
pub use recognition::{
    daily_schedule, revenue_schedule, CreditNote, RecognisableLine, RecognitionError,
    RevenueBalance, RevenueLedger, RevenueMonth, ServicePeriod,
};
