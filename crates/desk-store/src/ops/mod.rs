//! Operations on the laptop: the last health dashboard read from the platform (kept for
//! offline reading with its age), deployments with their rollbacks and rates, customer
//! escalations with their timelines and patterns, the knowledge base and its offline search,
//! and the alerts the cascade grouping looks at. Everything but the snapshot reads the synced
//! mirrors, so it works offline.

pub mod deployments;
pub mod escalations;
pub mod kb;
pub mod recent_alerts;
pub mod services;
pub mod snapshots;
pub mod tenants;
