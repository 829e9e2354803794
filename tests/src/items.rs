//! A small platform for the sync tests: a tracked table `platform.items` filtered by team with
//! row-level security, a member whose only readable collection is `items`, and an empty
//! laptop store.

use desk_store::{LocalStore, MemoryKeychain, SecretStore};
use sqlx::{PgPool, SqlitePool};

use crate::platform::{create_login, PlatformDb};

/// A row of `items` as both sides hold it: (id, name, team).
pub type Row = (i64, String, String);

/// The platform, the member and the laptop of one sync test.
pub struct World {
    /// The platform database.
    pub db: PlatformDb,
    /// The member's login name (its password is `pw`).
    pub login: String,
    /// A pool logged in as the member.
    pub member: PgPool,
    /// The laptop's encrypted store.
    pub local: LocalStore,
    /// The keychain holding the store's key.
    pub keychain: MemoryKeychain,
    /// The laptop's folder.
    pub dir: tempfile::TempDir,
}

impl World {
    /// The store file.
    pub fn store_file(&self) -> std::path::PathBuf {
        self.dir.path().join("desk.db")
    }

    /// The store's key (hex), for a second process opening the same store.
    pub fn store_key(&self) -> String {
        self.keychain
            .get(desk_store::local::STORE_KEY_NAME)
            .expect("keychain")
            .expect("the store has a key")
    }
}

/// A world whose platform holds `rows` items, all visible to the member.
pub async fn world(rows: i64) -> World {
    let db = PlatformDb::create().await;
    let reader = format!("items_reader_{}", &db.name[7..]);
    let setup = [
        "CREATE TABLE platform.items (id bigint PRIMARY KEY, name text NOT NULL, team text NOT NULL)".to_string(),
        "CREATE INDEX items_team_name ON platform.items (team, name)".to_string(),
        "CREATE INDEX items_lower_name ON platform.items (lower(name))".to_string(),
        "SELECT desk.track('items', 'platform.items', ARRAY['id'], 'test items')".to_string(),
        format!("CREATE ROLE {reader} NOLOGIN"),
        format!("GRANT USAGE ON SCHEMA platform, desk TO {reader}"),
        format!("GRANT SELECT ON desk.collections, desk.feed_horizon, desk.change_feed, platform.items TO {reader}"),
        "ALTER TABLE platform.items ENABLE ROW LEVEL SECURITY".to_string(),
        "CREATE POLICY items_ops ON platform.items FOR SELECT USING (team = 'ops')".to_string(),
    ];
    for sql in &setup {
        sqlx::query(sql).execute(&db.admin).await.expect(sql);
    }
    insert_range(&db.admin, 1, rows).await;
    let login = create_login(&db.admin, "pw", &[&reader], true).await;
    let member = db.connect_as(&login, "pw").await.expect("member connects");
    let dir = tempfile::tempdir().expect("tempdir");
    let keychain = MemoryKeychain::new();
    let local = LocalStore::open(&dir.path().join("desk.db"), &keychain)
        .await
        .expect("local store");
    World {
        db,
        login,
        member,
        local,
        keychain,
        dir,
    }
}

/// Inserts items `from..=to` for team ops.
pub async fn insert_range(pg: &PgPool, from: i64, to: i64) {
    sqlx::query(
        "INSERT INTO platform.items SELECT g, 'item ' || g, 'ops' FROM generate_series($1::bigint, $2::bigint) g",
    )
    .bind(from)
    .bind(to)
    .execute(pg)
    .await
    .expect("insert items");
}

/// The items the member may see, as the platform holds them.
pub async fn platform_rows(w: &World) -> Vec<Row> {
    sqlx::query_as("SELECT id, name, team FROM platform.items WHERE team = 'ops' ORDER BY id")
        .fetch_all(&w.db.admin)
        .await
        .expect("platform rows")
}

/// The items of the local copy.
pub async fn local_rows(local: &SqlitePool) -> Vec<Row> {
    sqlx::query_as("SELECT id, name, team FROM mirror_items ORDER BY id")
        .fetch_all(local)
        .await
        .expect("local rows")
}
