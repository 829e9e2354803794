//! Pure rules of Penguin Desk, with no I/O: the staff roles and the sections of the window
//! they open, what a platform profile must hold to be valid, how diagnostics are kept free
//! of secrets, and the customer-success health score and churn/expansion signals. Everything
//! here is unit-tested without a database or a window.
#![warn(missing_docs)]

pub mod diagnostics;
pub mod health;
pub mod profile;
pub mod roles;
pub mod signals;
mod words;

pub use profile::{Profile, ProfileDraft, ProfileError, TlsMode};
pub use roles::{sections_for, DeskRole, Section};
