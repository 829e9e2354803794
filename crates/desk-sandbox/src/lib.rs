//! The sandbox platform: a throwaway PostgreSQL cluster on loopback in a data folder, migrated,
//! with a staff login for every desk role, filled by a deterministic generator at a chosen
//! scale. Used by newcomers and demos (`desk-sandbox start`), by the tests (the generator on a
//! fresh database) and by the benchmarks (20,000 tenants).
#![warn(missing_docs)]

pub mod cluster;
pub mod commands;
pub mod error;
pub mod generate;
pub mod load;
pub mod profiles;
pub mod services;
pub mod staff;
pub mod state;

pub use error::SandboxError;
pub use generate::{generate, Config, Summary};
