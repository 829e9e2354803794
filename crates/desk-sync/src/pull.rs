//! Pulling collections from the platform into their local mirrors, page by page, each page
//! applied with its cursor in one local transaction.

use std::sync::Arc;

use serde_json::{Map, Value};
use sqlx::{PgPool, Row, SqlitePool};

use crate::collections::{discover, Collection};
use crate::cursor::{self, Cursor};
use crate::{mirror, SyncError};

/// What one pull did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    /// Collections pulled.
    pub collections: usize,
    /// Rows written by full copies.
    pub rows_copied: u64,
    /// Rows written from the change feed.
    pub rows_changed: u64,
    /// Rows removed (deleted on the platform, or no longer visible to the member).
    pub rows_deleted: u64,
    /// Collections that were (re-)copied in full.
    pub copied: Vec<String>,
    /// Collections whose local copy was removed because the member lost access.
    pub dropped: Vec<String>,
    /// Whether the pull stopped early at the page limit (see [`Puller::max_pages`]).
    pub interrupted: bool,
}

/// Where a pull stands, for a progress display.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// The collection being pulled.
    pub collection: String,
    /// Its position among the collections of this pull (1-based).
    pub index: usize,
    /// How many collections this pull covers.
    pub total: usize,
    /// Rows written so far in this pull.
    pub rows: u64,
}

/// Called after each page with where the pull stands.
pub type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// Pulls the member's collections from the platform into the local store.
#[derive(Clone)]
pub struct Puller {
    pg: PgPool,
    local: SqlitePool,
    /// Rows per page (copy) and feed rows per page (changes).
    pub page_size: i64,
    /// Stop after this many pages in all (a test's stand-in for a crash); none: run to the end.
    pub max_pages: Option<usize>,
    /// Told after each page where the pull stands.
    pub progress: Option<ProgressFn>,
}

impl std::fmt::Debug for Puller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Puller")
            .field("page_size", &self.page_size)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

fn col_list(c: &Collection) -> String {
    c.columns
        .iter()
        .map(|col| format!("t.\"{}\"", col.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn key_list(c: &Collection, alias: &str) -> String {
    c.key_columns
        .iter()
        .map(|k| format!("{alias}.\"{k}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(($1->>0)::type0, ($1->>1)::type1, ...)`: a JSON key array cast back to the key's types.
fn typed_key(c: &Collection, json: &str) -> String {
    let parts: Vec<String> = c
        .key_types()
        .iter()
        .enumerate()
        .map(|(i, col)| format!("(({json})->>{i})::{}", col.pg_type))
        .collect();
    format!("({})", parts.join(", "))
}

fn as_objects(rows: Vec<sqlx::postgres::PgRow>) -> Result<Vec<Map<String, Value>>, SyncError> {
    rows.into_iter()
        .map(|r| {
            let v: Value = r.try_get(0).map_err(SyncError::pg)?;
            match v {
                Value::Object(m) => Ok(m),
                other => Err(SyncError::Shape(format!("row is not an object: {other}"))),
            }
        })
        .collect()
}

impl Puller {
    /// A puller from the member's platform connection into the local store.
    pub fn new(pg: PgPool, local: SqlitePool) -> Puller {
        Puller {
            pg,
            local,
            page_size: 1000,
            max_pages: None,
            progress: None,
        }
    }

    /// Pulls every collection the member may read until each is caught up with the snapshot
    /// taken when its pull began; removes the copies of collections no longer readable.
    pub async fn pull_all(&self) -> Result<PullReport, SyncError> {
        let collections = discover(&self.pg).await?;
        self.pull_discovered(&collections).await
    }

    /// Like [`pull_all`](Self::pull_all) with the collections already discovered: removes
    /// the copies of collections not among them, then pulls each.
    pub async fn pull_discovered(
        &self,
        collections: &[Collection],
    ) -> Result<PullReport, SyncError> {
        let dropped = mirror::drop_lost(&self.local, collections).await?;
        let mut report = self.pull_these(collections).await?;
        report.dropped = dropped;
        Ok(report)
    }

    /// Pulls just these collections (e.g. the ones a change notification named).
    pub async fn pull_these(&self, collections: &[Collection]) -> Result<PullReport, SyncError> {
        let mut report = PullReport::default();
        let mut pages = 0usize;
        let total = collections.len();
        for (i, c) in collections.iter().enumerate() {
            report.collections += 1;
            let at = (i + 1, total);
            if !self.pull(c, at, &mut report, &mut pages).await? {
                report.interrupted = true;
                break;
            }
        }
        Ok(report)
    }

    fn may_continue(&self, pages: &mut usize) -> bool {
        if let Some(max) = self.max_pages {
            if *pages >= max {
                return false;
            }
        }
        *pages += 1;
        true
    }

    /// Pulls one collection to the end of a window. Returns false if stopped at the page limit.
    async fn pull(
        &self,
        c: &Collection,
        (index, total): (usize, usize),
        report: &mut PullReport,
        pages: &mut usize,
    ) -> Result<bool, SyncError> {
        mirror::ensure(&self.local, c).await?;
        loop {
            if let Some(progress) = &self.progress {
                progress(&Progress {
                    collection: c.name.clone(),
                    index,
                    total,
                    rows: report.rows_copied + report.rows_changed,
                });
            }
            let state = cursor::load(&self.local, &c.name).await?;
            match state {
                None => {
                    let snapshot = self.current_snapshot().await?;
                    if !self.may_continue(pages) {
                        return Ok(false);
                    }
                    report.copied.push(c.name.clone());
                    self.copy_page(c, &snapshot, None, true, report).await?;
                }
                Some(Cursor::Copying {
                    snapshot,
                    after_key,
                }) => {
                    if !self.may_continue(pages) {
                        return Ok(false);
                    }
                    self.copy_page(c, &snapshot, after_key, false, report)
                        .await?;
                }
                Some(Cursor::Live { snapshot }) => {
                    if self.behind_retention(&snapshot).await? {
                        tracing::info!(collection = %c.name, "cursor older than the feed's retention; re-copying");
                        let mut tx = self.local.begin().await.map_err(SyncError::local)?;
                        cursor::forget(&mut tx, &c.name).await?;
                        tx.commit().await.map_err(SyncError::local)?;
                        continue;
                    }
                    let to = self.current_snapshot().await?;
                    if to == snapshot {
                        return Ok(true);
                    }
                    let done = self.window(c, &snapshot, &to, 0, report, pages).await?;
                    return Ok(done);
                }
                Some(Cursor::Window {
                    from,
                    to,
                    after_seq,
                }) => {
                    return self.window(c, &from, &to, after_seq, report, pages).await;
                }
            }
        }
    }

    async fn current_snapshot(&self) -> Result<String, SyncError> {
        sqlx::query_scalar("SELECT pg_current_snapshot()::text")
            .fetch_one(&self.pg)
            .await
            .map_err(SyncError::pg)
    }

    async fn behind_retention(&self, snapshot: &str) -> Result<bool, SyncError> {
        sqlx::query_scalar(
            "SELECT h.min_txid <> '0'::xid8 AND h.min_txid >= pg_snapshot_xmin($1::pg_snapshot)
               FROM desk.feed_horizon h",
        )
        .bind(snapshot)
        .fetch_optional(&self.pg)
        .await
        .map_err(SyncError::pg)
        .map(|v| v.unwrap_or(false))
    }

    /// Copies one page of a full copy and moves the cursor.
    async fn copy_page(
        &self,
        c: &Collection,
        snapshot: &str,
        after_key: Option<Value>,
        first: bool,
        report: &mut PullReport,
    ) -> Result<(), SyncError> {
        let filter = match after_key {
            Some(_) => format!(
                "WHERE ({}) > {}",
                key_list(c, "t"),
                typed_key(c, "$1::jsonb")
            ),
            None => "WHERE $1::jsonb IS NULL".to_string(),
        };
        let sql = format!(
            "SELECT to_jsonb(r) FROM (SELECT {} FROM {} t {filter} ORDER BY {} LIMIT $2) r",
            col_list(c),
            c.table,
            key_list(c, "t")
        );
        let rows = sqlx::query(&sql)
            .bind(after_key.clone())
            .bind(self.page_size)
            .fetch_all(&self.pg)
            .await
            .map_err(SyncError::pg)?;
        let rows = as_objects(rows)?;
        let full_page = rows.len() as i64 == self.page_size;
        let next = match (full_page, rows.last()) {
            (true, Some(last)) => Cursor::Copying {
                snapshot: snapshot.to_string(),
                after_key: Some(mirror::key_of(c, last)),
            },
            _ => Cursor::Live {
                snapshot: snapshot.to_string(),
            },
        };
        let mut tx = self.local.begin().await.map_err(SyncError::local)?;
        if first {
            mirror::clear(&mut tx, c).await?;
        }
        mirror::upsert(&mut tx, c, &rows).await?;
        cursor::save(&mut tx, &c.name, &next).await?;
        tx.commit().await.map_err(SyncError::local)?;
        report.rows_copied += rows.len() as u64;
        Ok(())
    }

    /// Applies the feed rows of transactions visible in `to` but not in `from`.
    async fn window(
        &self,
        c: &Collection,
        from: &str,
        to: &str,
        mut after_seq: i64,
        report: &mut PullReport,
        pages: &mut usize,
    ) -> Result<bool, SyncError> {
        loop {
            if !self.may_continue(pages) {
                return Ok(false);
            }
            let feed = sqlx::query(
                "SELECT f.seq, f.row_key FROM desk.change_feed f
                  WHERE f.collection = $1
                    AND f.txid >= pg_snapshot_xmin($2::pg_snapshot)
                    AND NOT pg_visible_in_snapshot(f.txid, $2::pg_snapshot)
                    AND pg_visible_in_snapshot(f.txid, $3::pg_snapshot)
                    AND f.seq > $4
                  ORDER BY f.seq
                  LIMIT $5",
            )
            .bind(&c.name)
            .bind(from)
            .bind(to)
            .bind(after_seq)
            .bind(self.page_size)
            .fetch_all(&self.pg)
            .await
            .map_err(SyncError::pg)?;
            let full_page = feed.len() as i64 == self.page_size;
            let mut keys: Vec<Value> = Vec::with_capacity(feed.len());
            for r in &feed {
                after_seq = r.try_get("seq").map_err(SyncError::pg)?;
                let k: Value = r.try_get("row_key").map_err(SyncError::pg)?;
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            let rows = fetch_keys(&self.pg, c, &keys).await?;
            let present: Vec<Value> = rows.iter().map(|r| mirror::key_of(c, r)).collect();
            let gone: Vec<Value> = keys.into_iter().filter(|k| !present.contains(k)).collect();
            let next = if full_page {
                Cursor::Window {
                    from: from.to_string(),
                    to: to.to_string(),
                    after_seq,
                }
            } else {
                Cursor::Live {
                    snapshot: to.to_string(),
                }
            };
            let mut tx = self.local.begin().await.map_err(SyncError::local)?;
            mirror::upsert(&mut tx, c, &rows).await?;
            report.rows_deleted += mirror::delete(&mut tx, c, &gone).await?;
            cursor::save(&mut tx, &c.name, &next).await?;
            tx.commit().await.map_err(SyncError::local)?;
            report.rows_changed += rows.len() as u64;
            if !full_page {
                return Ok(true);
            }
        }
    }
}

/// The current rows (as the member may see them) of `keys` in collection `c`.
pub(crate) async fn fetch_keys(
    pg: &PgPool,
    c: &Collection,
    keys: &[Value],
) -> Result<Vec<Map<String, Value>>, SyncError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT to_jsonb(r) FROM (SELECT {} FROM {} t
           JOIN jsonb_array_elements($1::jsonb) AS x(k) ON ({}) = {}) r",
        col_list(c),
        c.table,
        key_list(c, "t"),
        typed_key(c, "x.k")
    );
    as_objects(
        sqlx::query(&sql)
            .bind(Value::Array(keys.to_vec()))
            .fetch_all(pg)
            .await
            .map_err(SyncError::pg)?,
    )
}
