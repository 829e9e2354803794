//! Penguin Desk's sync engine: it keeps the laptop's encrypted copy of every collection the
//! signed-in member may read in step with the platform database.
//!
//! Pull reads the platform's change feed by snapshot, not by sequence number: a cursor holds
//! the PostgreSQL snapshot (`pg_current_snapshot()`) of the last pull, and the next pull takes
//! every feed row whose transaction is visible now but was not visible then. A long
//! transaction that took a low sequence number and committed late is therefore never
//! skipped, and it holds nobody back while it runs. Each page is applied to the local store in
//! one local transaction together with the cursor, so a crash or kill resumes where the last
//! committed page ended, without loss or duplication.
#![warn(missing_docs)]

pub mod collections;
pub mod cursor;
pub mod error;
pub mod mirror;
pub mod pull;
pub mod push;
pub mod text_rows;

pub use collections::{discover, Collection};
pub use error::SyncError;
pub use pull::{Progress, ProgressFn, PullReport, Puller};
pub use push::{enqueue, Change, Outcome, PushReport, Pusher, Refusal};
