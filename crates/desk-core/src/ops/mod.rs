//! Operations for `desk_ops`: the service health dashboard (live from the platform's metrics,
//! the last known state offline) with the desk's own probes of each health endpoint, the
//! cascades among recent alerts and the optimisation candidates; deployments with rollback
//! and review; customer escalations worked offline through the outbox; the knowledge base.

pub mod deployments;
pub mod escalations;
pub mod health;
pub mod kb;
pub mod probes;
