//! Pulling collections from the platform into their local mirrors, page by page, each page
//! applied with its cursor in one local transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use futures_util::StreamExt;
use serde_json::Value;
use sqlx::postgres::PgPoolCopyExt;
use sqlx::{PgPool, Row, SqlitePool};

use crate::collections::{discover, Collection};
use crate::cursor::{self, Cursor};
use crate::text_rows::{self, Cell, CopyParser};
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
    /// Collections in which any row was written or removed.
    pub changed: Vec<String>,
    /// For each watched collection (see [`Puller::watch`]), the watched column's values of the
    /// rows the feed changed (written or removed); a full copy is in `copied` instead.
    pub watched: BTreeMap<String, BTreeSet<String>>,
    /// Watched collections whose changes were too many to list (more than [`WATCH_LIMIT`]).
    pub watch_overflow: Vec<String>,
    /// Collections whose local copy was removed because the member lost access.
    pub dropped: Vec<String>,
    /// Whether the pull stopped early at the page limit (see [`Puller::max_pages`]).
    pub interrupted: bool,
}

/// The most values a pull lists per watched collection before it reports an overflow.
pub const WATCH_LIMIT: usize = 5_000;

impl PullReport {
    fn note(&mut self, collection: &str, values: impl IntoIterator<Item = String>) {
        if self.watch_overflow.iter().any(|c| c == collection) {
            return;
        }
        let set = self.watched.entry(collection.to_string()).or_default();
        set.extend(values);
        if set.len() > WATCH_LIMIT {
            self.watched.remove(collection);
            self.watch_overflow.push(collection.to_string());
        }
    }

    fn touched(&mut self, collection: &str) {
        if !self.changed.iter().any(|c| c == collection) {
            self.changed.push(collection.to_string());
        }
    }
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
    /// Feed rows per page (changes).
    pub page_size: i64,
    /// Rows per page of a full copy: one `COPY` statement and one local transaction each.
    pub copy_page_size: i64,
    /// Stop after this many pages in all (a test's stand-in for a crash); none: run to the end.
    pub max_pages: Option<usize>,
    /// Told after each page where the pull stands.
    pub progress: Option<ProgressFn>,
    /// Collections whose changed rows the caller wants to know by one column's value
    /// (collection → column), e.g. which tenants a change touched; see [`PullReport::watched`].
    pub watch: HashMap<String, String>,
}

impl std::fmt::Debug for Puller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Puller")
            .field("page_size", &self.page_size)
            .field("copy_page_size", &self.copy_page_size)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
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

impl Puller {
    /// A puller from the member's platform connection into the local store.
    pub fn new(pg: PgPool, local: SqlitePool) -> Puller {
        Puller {
            pg,
            local,
            page_size: 1000,
            copy_page_size: 20_000,
            max_pages: None,
            progress: None,
            watch: HashMap::new(),
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
        at: (usize, usize),
        report: &mut PullReport,
        pages: &mut usize,
    ) -> Result<bool, SyncError> {
        mirror::ensure(&self.local, c).await?;
        loop {
            self.tell(c, at, report);
            let state = cursor::load(&self.local, &c.name).await?;
            match state {
                None => {
                    let snapshot = self.current_snapshot().await?;
                    report.copied.push(c.name.clone());
                    if !self.copy(c, &snapshot, None, at, report, pages).await? {
                        return Ok(false);
                    }
                }
                Some(Cursor::Copying {
                    snapshot,
                    after_key,
                }) => {
                    if !self
                        .copy(c, &snapshot, after_key, at, report, pages)
                        .await?
                    {
                        return Ok(false);
                    }
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

    fn tell(&self, c: &Collection, (index, total): (usize, usize), report: &PullReport) {
        if let Some(progress) = &self.progress {
            progress(&Progress {
                collection: c.name.clone(),
                index,
                total,
                rows: report.rows_copied + report.rows_changed,
            });
        }
    }

    /// Runs (or resumes after `after_key`) the full copy of `c` as of `snapshot`, page by page:
    /// each page is one streamed `COPY … TO STDOUT` in key order, written with the cursor in
    /// one local transaction while the next page streams in. Returns false if stopped at the
    /// page limit.
    async fn copy(
        &self,
        c: &Collection,
        snapshot: &str,
        after_key: Option<Value>,
        at: (usize, usize),
        report: &mut PullReport,
        pages: &mut usize,
    ) -> Result<bool, SyncError> {
        let mut first = after_key.is_none();
        if !self.may_continue(pages) {
            return Ok(false);
        }
        let mut page = self.copy_page(c, after_key.as_ref()).await?;
        loop {
            let full = page.len() as i64 >= self.copy_page_size;
            let next_key = match (full, page.last()) {
                (true, Some(last)) => Some(text_rows::key_of(c, last)),
                _ => None,
            };
            let cursor = match &next_key {
                Some(k) => Cursor::Copying {
                    snapshot: snapshot.to_string(),
                    after_key: Some(k.clone()),
                },
                None => Cursor::Live {
                    snapshot: snapshot.to_string(),
                },
            };
            let more = next_key.is_some() && self.may_continue(pages);
            let written = page.len() as u64;
            let next = if more {
                let (w, next) = tokio::join!(
                    self.write_page(c, &page, &cursor, first),
                    self.copy_page(c, next_key.as_ref())
                );
                w?;
                Some(next?)
            } else {
                self.write_page(c, &page, &cursor, first).await?;
                None
            };
            first = false;
            report.rows_copied += written;
            report.touched(&c.name);
            match next {
                Some(n) => {
                    self.tell(c, at, report);
                    page = n;
                }
                None if next_key.is_none() => {
                    // The copy is complete: index it as the platform indexes it.
                    mirror::index(&self.local, c).await?;
                    return Ok(true);
                }
                None => return Ok(false),
            }
        }
    }

    /// Streams one page of a full copy: the rows after `after_key` in key order.
    async fn copy_page(
        &self,
        c: &Collection,
        after_key: Option<&Value>,
    ) -> Result<Vec<Vec<Cell>>, SyncError> {
        let filter = match after_key {
            Some(k) => {
                let literal = format!("{}::jsonb", text_rows::quote_literal(&k.to_string()));
                format!("WHERE ({}) > {}", key_list(c, "t"), typed_key(c, &literal))
            }
            None => String::new(),
        };
        let sql = format!(
            "COPY (SELECT {} FROM {} t {filter} ORDER BY {} LIMIT {}) TO STDOUT",
            text_rows::select_list(c),
            c.table,
            key_list(c, "t"),
            self.copy_page_size.max(1)
        );
        let mut stream = self.pg.copy_out_raw(&sql).await.map_err(SyncError::pg)?;
        let mut parser = CopyParser::new(c);
        let mut rows = Vec::with_capacity(usize::try_from(self.copy_page_size).unwrap_or(0));
        while let Some(chunk) = stream.next().await {
            parser.feed(&chunk.map_err(SyncError::pg)?, &mut rows)?;
        }
        parser.finish()?;
        Ok(rows)
    }

    /// Writes one page of a full copy with its cursor in one local transaction; the first page
    /// of a fresh copy empties the mirror in the same transaction.
    async fn write_page(
        &self,
        c: &Collection,
        rows: &[Vec<Cell>],
        cursor: &Cursor,
        first: bool,
    ) -> Result<(), SyncError> {
        let mut tx = self.local.begin().await.map_err(SyncError::local)?;
        if first {
            mirror::clear(&mut tx, c).await?;
        }
        mirror::upsert_cells(&mut tx, c, rows).await?;
        cursor::save(&mut tx, &c.name, cursor).await?;
        tx.commit().await.map_err(SyncError::local)
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
            let present: Vec<Value> = rows.iter().map(|r| text_rows::key_of(c, r)).collect();
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
            if let Some(column) = self.watch.get(&c.name) {
                let mut values = mirror::column_values(&mut tx, c, column, &gone).await?;
                if let Some(i) = c.columns.iter().position(|col| &col.name == column) {
                    values.extend(rows.iter().filter_map(|r| match r.get(i) {
                        Some(Cell::Text(t)) => Some(t.clone()),
                        Some(Cell::Int(n)) => Some(n.to_string()),
                        _ => None,
                    }));
                }
                report.note(&c.name, values);
            }
            mirror::upsert_cells(&mut tx, c, &rows).await?;
            report.rows_deleted += mirror::delete(&mut tx, c, &gone).await?;
            cursor::save(&mut tx, &c.name, &next).await?;
            tx.commit().await.map_err(SyncError::local)?;
            report.rows_changed += rows.len() as u64;
            if !rows.is_empty() || !gone.is_empty() {
                report.touched(&c.name);
            }
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
) -> Result<Vec<Vec<Cell>>, SyncError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {} FROM {} t
           JOIN jsonb_array_elements($1::jsonb) AS x(k) ON ({}) = {}",
        text_rows::select_list(c),
        c.table,
        key_list(c, "t"),
        typed_key(c, "x.k")
    );
    let rows = sqlx::query(&sql)
        .bind(Value::Array(keys.to_vec()))
        .fetch_all(pg)
        .await
        .map_err(SyncError::pg)?;
    let types: Vec<&str> = c.columns.iter().map(|col| col.sqlite_type()).collect();
    rows.iter()
        .map(|r| {
            types
                .iter()
                .enumerate()
                .map(|(i, ty)| {
                    let text: Option<&str> = r.try_get(i).map_err(SyncError::pg)?;
                    Ok(Cell::from_text(text, ty))
                })
                .collect()
        })
        .collect()
}
