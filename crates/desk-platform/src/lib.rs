//! The PostgreSQL side of Penguin Desk: connecting to the platform database as the staff
//! member's own login, over TLS as the profile asks, and reading which desk roles that login
//! holds. Every permission is enforced by the database; this crate only asks.
#![warn(missing_docs)]

pub mod connect;
pub mod error;
pub mod flags;
pub mod incidents;
pub mod integrations;
pub mod migrate;
pub mod operations;
pub mod policies;
pub mod roles;
pub mod settings;
pub mod staff;

pub use connect::{connect, Credentials};
pub use error::PlatformError;
pub use roles::my_desk_roles;
