//! The encrypted local store: SQLite through sqlx, encrypted with SQLCipher.
//!
//! Its key is a random 256-bit secret created on first start and kept in the keychain. A
//! store file whose key is missing or wrong is never replaced by a fresh empty one: opening
//! fails with [`StoreError::KeyMissing`] or [`StoreError::KeyMismatch`] and the file stays.
//! SQLCipher only notices a wrong key at the first read, so [`LocalStore::open`] reads the
//! schema before anything else touches the file.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use desk_domain::DeskRole;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::Row;

use crate::keychain::SecretStore;
use crate::StoreError;

/// The page cache of each store connection (SQLite's `cache_size`: negative means KiB):
/// 64 MiB. With SQLite's default 2 MiB, a bulk copy spills pages that SQLCipher must
/// re-encrypt every time, and loads run an order of magnitude slower.
pub const CACHE_SIZE_PRAGMA: i64 = -65_536;

/// The keychain entry that holds the store's key (hex of 32 random bytes).
pub const STORE_KEY_NAME: &str = "local-store-key";

/// How many of the member's changes still wait for the platform (queued or being sent).
const QUEUED_COUNT: &str = "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')";

/// The staff member last signed in on this laptop, remembered for offline starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RememberedSession {
    /// The profile they signed in with.
    pub profile_id: String,
    /// That profile's name when they signed in.
    pub profile_name: String,
    /// Their PostgreSQL login.
    pub login: String,
    /// Their desk roles at the last successful sign-in.
    pub roles: Vec<DeskRole>,
    /// When they last signed in successfully.
    pub signed_in_at: DateTime<Utc>,
}

/// The open, key-verified, migrated local store.
#[derive(Debug, Clone)]
pub struct LocalStore {
    pool: SqlitePool,
    path: PathBuf,
}

fn new_key() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| StoreError::Keychain(format!("no randomness for a new key: {e}")))?;
    Ok(hex::encode(bytes))
}

fn is_not_a_database(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.code().as_deref() == Some("26") || db.message().contains("file is not a database")
        }
        _ => false,
    }
}

impl LocalStore {
    /// Opens the store at `path` with the key from `keychain`, creating both on first start.
    pub async fn open(path: &Path, keychain: &dyn SecretStore) -> Result<LocalStore, StoreError> {
        keychain.probe()?;
        let exists = path.exists();
        let key = match (exists, keychain.get(STORE_KEY_NAME)?) {
            (_, Some(key)) => key,
            (true, None) => return Err(StoreError::KeyMissing(path.to_path_buf())),
            (false, None) => {
                let key = new_key()?;
                keychain.set(STORE_KEY_NAME, &key)?;
                tracing::info!(path = %path.display(), "created a new local store key in the keychain");
                key
            }
        };
        if !exists {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
        }
        Self::open_with_key(path, &key, !exists).await
    }

    /// Opens the store with an explicit hex key (64 hex digits); used by [`open`](Self::open)
    /// and by tests that check a wrong key is refused.
    pub async fn open_with_key(
        path: &Path,
        hex_key: &str,
        create: bool,
    ) -> Result<LocalStore, StoreError> {
        if hex_key.len() != 64 || !hex_key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Corrupt(
                "the store key is not 64 hex digits".into(),
            ));
        }
        // SQLCipher encrypts with the OpenSSL linked into this binary. Initialise it ourselves
        // first, without its exit handler: otherwise OpenSSL frees its tables at process exit
        // while a connection's worker thread may still be closing, which aborted a test binary
        // with "double free or corruption" after every test had passed.
        openssl_sys::init();
        let opts = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(create)
            .pragma("key", format!("\"x'{hex_key}'\""))
            .pragma("cache_size", CACHE_SIZE_PRAGMA.to_string())
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await
            .map_err(|e| {
                if is_not_a_database(&e) {
                    StoreError::KeyMismatch(path.to_path_buf())
                } else {
                    StoreError::Database(e)
                }
            })?;
        sqlx::query("SELECT count(*) FROM sqlite_master")
            .execute(&pool)
            .await
            .map_err(|e| {
                if is_not_a_database(&e) {
                    StoreError::KeyMismatch(path.to_path_buf())
                } else {
                    StoreError::Database(e)
                }
            })?;
        sqlx::migrate!("../../migrations/local").run(&pool).await?;
        Ok(LocalStore {
            pool,
            path: path.to_path_buf(),
        })
    }

    /// Where the store file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection pool, for the layers that own their queries (sync, areas).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection (before the file is moved or deleted).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Remembers who signed in, replacing whoever was remembered before.
    pub async fn remember_session(&self, s: &RememberedSession) -> Result<(), StoreError> {
        let roles = serde_json::to_string(&s.roles)
            .map_err(|e| StoreError::Corrupt(format!("roles: {e}")))?;
        sqlx::query(
            "INSERT INTO session (id, profile_id, profile_name, login, roles, signed_in_at)
             VALUES (1, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET profile_id = excluded.profile_id,
               profile_name = excluded.profile_name, login = excluded.login,
               roles = excluded.roles, signed_in_at = excluded.signed_in_at",
        )
        .bind(&s.profile_id)
        .bind(&s.profile_name)
        .bind(&s.login)
        .bind(roles)
        .bind(s.signed_in_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The member remembered from the last sign-in, if any.
    pub async fn remembered_session(&self) -> Result<Option<RememberedSession>, StoreError> {
        let row = sqlx::query(
            "SELECT profile_id, profile_name, login, roles, signed_in_at FROM session WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let roles: String = row.try_get("roles")?;
        let roles: Vec<DeskRole> = serde_json::from_str(&roles)
            .map_err(|e| StoreError::Corrupt(format!("remembered roles: {e}")))?;
        Ok(Some(RememberedSession {
            profile_id: row.try_get("profile_id")?,
            profile_name: row.try_get("profile_name")?,
            login: row.try_get("login")?,
            roles,
            signed_in_at: row.try_get("signed_in_at")?,
        }))
    }

    /// Forgets the remembered member and the data synced for them; refuses while changes
    /// they made are still waiting to reach the platform, so nothing is lost.
    pub async fn sign_out_wipe(&self) -> Result<(), PendingChanges> {
        self.wipe(false).await
    }

    /// Forgets the member and everything synced for them, their unsent changes included: for
    /// a member whose access the platform revoked (they could never send them now).
    pub async fn wipe_revoked(&self) -> Result<(), StoreError> {
        self.wipe(true).await.map_err(|e| match e {
            PendingChanges::Store(e) => e,
            PendingChanges::Waiting(n) => StoreError::Corrupt(format!("{n} changes still queued")),
        })
    }

    async fn wipe(&self, force: bool) -> Result<(), PendingChanges> {
        let mut tx = self.pool.begin().await.map_err(PendingChanges::from_db)?;
        let pending: i64 = sqlx::query_scalar(QUEUED_COUNT)
            .fetch_one(&mut *tx)
            .await
            .map_err(PendingChanges::from_db)?;
        if pending > 0 && !force {
            return Err(PendingChanges::Waiting(pending));
        }
        for sql in [
            "DELETE FROM session",
            "DELETE FROM outbox",
            "DELETE FROM sync_cursors",
            "DELETE FROM cs_accounts",
            "DELETE FROM cs_account_health",
            "DELETE FROM cs_search",
            "DELETE FROM alert_notifications",
            "DELETE FROM alert_watch",
            "DELETE FROM notification_settings",
            "DELETE FROM ops_snapshots",
        ] {
            sqlx::query(sql)
                .execute(&mut *tx)
                .await
                .map_err(PendingChanges::from_db)?;
        }
        // The synced copies (the sync engine's `mirror_<collection>` tables) go too.
        let mirrors: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'mirror\\_%' ESCAPE '\\'",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(PendingChanges::from_db)?;
        for t in mirrors {
            sqlx::query(&format!("DROP TABLE \"{}\"", t.replace('"', "")))
                .execute(&mut *tx)
                .await
                .map_err(PendingChanges::from_db)?;
        }
        tx.commit().await.map_err(PendingChanges::from_db)?;
        Ok(())
    }

    /// How many of the user's changes wait for the platform.
    pub async fn queued_changes(&self) -> Result<u32, StoreError> {
        let n: i64 = sqlx::query_scalar(QUEUED_COUNT)
            .fetch_one(&self.pool)
            .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// How many of the user's changes the platform refused (shown until they are dealt with).
    pub async fn refused_changes(&self) -> Result<u32, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state = 'refused'")
            .fetch_one(&self.pool)
            .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// When any collection last finished syncing.
    pub async fn last_sync_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT max(synced_at) FROM sync_cursors")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

/// Why signing out was refused.
#[derive(Debug, thiserror::Error)]
pub enum PendingChanges {
    /// Changes still wait for the platform.
    #[error("{0} of your changes have not reached the platform yet; sign out once they are sent")]
    Waiting(i64),
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl PendingChanges {
    fn from_db(e: sqlx::Error) -> Self {
        PendingChanges::Store(StoreError::Database(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keychain::MemoryKeychain;

    fn session() -> RememberedSession {
        RememberedSession {
            profile_id: "p1".into(),
            profile_name: "Production".into(),
            login: "ana".into(),
            roles: vec![DeskRole::Cs, DeskRole::Finance],
            signed_in_at: Utc::now(),
        }
    }

    #[tokio::test]
    async fn first_start_creates_a_key_and_a_store_that_reopens() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("desk.db");
        let kc = MemoryKeychain::new();
        let store = LocalStore::open(&path, &kc).await.expect("open");
        let key = kc.get(STORE_KEY_NAME).expect("kc").expect("key created");
        assert_eq!(key.len(), 64);
        store.remember_session(&session()).await.expect("remember");
        store.close().await;

        let again = LocalStore::open(&path, &kc).await.expect("reopen");
        let s = again
            .remembered_session()
            .await
            .expect("read")
            .expect("some");
        assert_eq!(s.login, "ana");
        assert_eq!(s.roles, vec![DeskRole::Cs, DeskRole::Finance]);
    }

    #[tokio::test]
    async fn the_file_is_not_readable_without_the_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("desk.db");
        let kc = MemoryKeychain::new();
        let store = LocalStore::open(&path, &kc).await.expect("open");
        store.remember_session(&session()).await.expect("remember");
        store.close().await;

        let bytes = std::fs::read(&path).expect("read file");
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "plain SQLite header on disk"
        );
        assert!(
            !bytes
                .windows(b"Production".len())
                .any(|w| w == b"Production"),
            "plain text of a row found in the file"
        );

        // Opened as plain SQLite (no key), the file is refused.
        let plain = SqliteConnectOptions::new().filename(&path);
        let pool = SqlitePool::connect_with(plain).await;
        let res = match pool {
            Ok(p) => sqlx::query("SELECT count(*) FROM sqlite_master")
                .execute(&p)
                .await
                .map(|_| ()),
            Err(e) => Err(e),
        };
        assert!(res.is_err(), "a plain SQLite open read the store");
    }

    #[tokio::test]
    async fn a_wrong_key_is_refused_and_the_file_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("desk.db");
        let kc = MemoryKeychain::new();
        let store = LocalStore::open(&path, &kc).await.expect("open");
        store.remember_session(&session()).await.expect("remember");
        store.close().await;
        let right = kc.get(STORE_KEY_NAME).expect("kc").expect("key");

        kc.set(STORE_KEY_NAME, &"ab".repeat(32))
            .expect("replace key");
        let err = LocalStore::open(&path, &kc).await.expect_err("wrong key");
        assert!(matches!(err, StoreError::KeyMismatch(_)), "{err:?}");
        assert!(err.to_string().contains("does not open the local store"));

        // Nothing was lost: with the right key back, the old data is still there.
        kc.set(STORE_KEY_NAME, &right).expect("restore key");
        let again = LocalStore::open(&path, &kc).await.expect("reopen");
        let s = again
            .remembered_session()
            .await
            .expect("read")
            .expect("kept");
        assert_eq!(s.login, "ana");
    }

    #[tokio::test]
    async fn a_missing_key_is_refused_and_no_fresh_store_is_made() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("desk.db");
        let kc = MemoryKeychain::new();
        let store = LocalStore::open(&path, &kc).await.expect("open");
        store.remember_session(&session()).await.expect("remember");
        store.close().await;

        kc.delete(STORE_KEY_NAME).expect("delete key");
        let err = LocalStore::open(&path, &kc).await.expect_err("missing key");
        assert!(matches!(err, StoreError::KeyMissing(_)), "{err:?}");
        assert_eq!(
            kc.get(STORE_KEY_NAME).expect("kc"),
            None,
            "no new key was made"
        );
    }

    #[tokio::test]
    async fn no_keychain_means_no_store_at_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("desk.db");
        let err = LocalStore::open(&path, &MemoryKeychain::unavailable())
            .await
            .expect_err("no keychain");
        assert!(matches!(err, StoreError::KeychainUnavailable(_)));
        assert!(!path.exists(), "a store was written without encryption key");
    }

    #[tokio::test]
    async fn sign_out_is_refused_while_changes_wait() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = LocalStore::open(&dir.path().join("desk.db"), &MemoryKeychain::new())
            .await
            .expect("open");
        store.remember_session(&session()).await.expect("remember");
        sqlx::query(
            "INSERT INTO outbox (idempotency_key, action, args, created_at, updated_at)
             VALUES ('k1', 'add_touchpoint', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        )
        .execute(store.pool())
        .await
        .expect("queue");
        assert_eq!(store.queued_changes().await.expect("count"), 1);
        let err = store.sign_out_wipe().await.expect_err("refused");
        assert!(matches!(err, PendingChanges::Waiting(1)));
        assert!(store.remembered_session().await.expect("read").is_some());

        sqlx::query("UPDATE outbox SET state = 'accepted'")
            .execute(store.pool())
            .await
            .expect("accept");
        sqlx::query("CREATE TABLE mirror_tenants (id INTEGER PRIMARY KEY, name TEXT)")
            .execute(store.pool())
            .await
            .expect("a synced copy");
        store.sign_out_wipe().await.expect("signed out");
        assert!(store.remembered_session().await.expect("read").is_none());
        let mirrors: i64 =
            sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE 'mirror_%'")
                .fetch_one(store.pool())
                .await
                .expect("count");
        assert_eq!(mirrors, 0, "the synced copy survived sign-out");
        assert_eq!(store.queued_changes().await.expect("count"), 0);
    }
}
