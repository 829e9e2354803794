//! Third-party integrations for the integration team (`desk_ops`): every integration with its
//! recorded status, the desk's own probe of its status endpoint, the platform's recorded error
//! rate and latency, its deprecation notices (days left, an alert under 30 days) and credential
//! rotation; one integration in detail with its daily charts, failure timeline and the platform's
//! recent status checks; the changes (a deprecation's migration status, a rotation); and new
//! integrations onboarded step by step. Reads come from the synced copy, so they work offline;
//! changes go to the platform at once and arrive back through sync.

pub mod board;
pub mod changes;
pub mod onboarding;
