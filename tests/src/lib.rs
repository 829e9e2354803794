//! The shared harness of the integration tests: the machine's PostgreSQL (127.0.0.1:5432,
//! trust, database `test`) for role and sign-in tests, throwaway clusters with password
//! authentication for the tests that need a password checked, and desks on temporary folders.
#![warn(missing_docs)]
// A test harness: a setup step that fails must stop the test with its message, so `expect`
// is the right tool here, as it is inside the tests themselves.
#![allow(clippy::expect_used)]

pub mod cluster;
pub mod desks;
pub mod items;
pub mod notifications;
pub mod platform;
pub mod tls;
