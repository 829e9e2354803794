//! The application service of Penguin Desk, with no Tauri dependency: it opens the
//! encrypted local store with the keychain key, keeps the profiles, signs the staff member in
//! to the platform database, remembers them for offline starts, and writes diagnostics.
//! The Tauri shell's commands are thin calls into [`Desk`].
#![warn(missing_docs)]

pub mod access;
pub mod admin;
pub mod alerts;
pub mod billing;
pub mod brief;
pub mod cs;
pub mod desk;
pub mod diagnostics;
pub mod error;
pub mod export;
pub mod first_sign_in;
pub mod flags;
pub mod incidents;
pub mod integrations;
pub mod kpi;
pub mod ops;
pub mod policies;
pub mod prefs;
pub mod profiles;
pub mod revenue;
pub mod session;
pub mod settings;
pub mod staff_accounts;
pub mod staff_leaving;
pub mod sync_loop;
pub mod updates;
pub mod views;

pub use desk::{Desk, DeskPaths};
pub use error::DeskError;
pub use views::{
    AppStatus, Connection, LocalCollection, ProfileInput, ProfileView, Session, SyncProgress,
};
