//! Customer success on the laptop: the book of accounts derived from the synced mirrors, its
//! pages and search, and the account 360, all read from the encrypted local store so they
//! work offline. The health rules themselves are in `desk_domain::health`.

pub mod account;
pub mod book;
pub mod derive;
pub mod facts;

pub use account::{account, Account360, RecordSync};
pub use book::{
    page, search, BookPage, BookQuery, BookRow, BookSort, BookView, RiskFilter, SearchHit,
};
pub use derive::{refresh, RefreshReport, Scope};
