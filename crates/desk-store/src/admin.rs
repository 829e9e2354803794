//! Administration's reads of the local copy: the audit trail and the staff directory (both
//! synced to administrators and security engineers), searchable offline. The admin screens' writes need the platform and do
//! not pass through here.

pub mod audit;
pub mod flags;
pub mod policies;
pub mod settings;
pub mod staff;

pub use audit::{audit, for_each_audit_entry, AuditEntry, AuditPage, AuditQuery};
pub use staff::{staff, StaffQuery, StaffView};
