//! Pure rules of Penguin Desk, with no I/O: the staff roles and the sections of the window
//! they open, what a platform profile must hold to be valid, how diagnostics are kept free
//! of secrets, the customer-success health score and churn/expansion signals, and the finance
//! rules (money in minor units, proration previews, MRR movements, ratable revenue
//! recognition with the deferred revenue waterfall). Everything here is unit-tested without a
//! database or a window.
#![warn(missing_docs)]

pub mod alerts;
pub mod billing;
pub mod diagnostics;
pub mod flags;
pub mod health;
pub mod incidents;
pub mod integrations;
pub mod kpi;
pub mod money;
pub mod operations;
pub mod period;
pub mod profile;
pub mod revenue;
pub mod roles;
pub mod signals;
pub mod staff;
pub mod updates;
mod words;

pub use money::Money;
pub use period::{MonthRange, YearMonth};
pub use profile::{Profile, ProfileDraft, ProfileError, TlsMode};
pub use roles::{sections_for, DeskRole, Section};
