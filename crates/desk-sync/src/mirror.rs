//! The local mirror of a collection: a table `mirror_<collection>` in the encrypted store with
//! the platform table's readable columns and its key, written from the JSON rows the platform
//! sends. Multi-row statements keep bulk copies fast (one sqlx round trip per batch).

use serde_json::Value;
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

use crate::collections::{Collection, Column};
use crate::text_rows::Cell;
use crate::SyncError;

/// Prefix of every mirror table.
pub const PREFIX: &str = "mirror_";

/// The mirror table of a collection.
pub fn table(c: &Collection) -> String {
    format!("{PREFIX}{}", c.name)
}

fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

/// Creates the mirror table if missing; if its columns differ from the collection's (the
/// platform schema or the member's column grants changed), drops it so it is re-copied.
/// Returns whether the table is new (and so needs a full copy).
pub async fn ensure(local: &SqlitePool, c: &Collection) -> Result<bool, SyncError> {
    let t = table(c);
    let existing: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
        .bind(&t)
        .fetch_all(local)
        .await
        .map_err(SyncError::local)?;
    let wanted: Vec<&str> = c.columns.iter().map(|c| c.name.as_str()).collect();
    if !existing.is_empty()
        && existing
            .iter()
            .map(String::as_str)
            .eq(wanted.iter().copied())
    {
        // A store from before the mirror had its indexes gets them now (no-op otherwise).
        index(local, c).await?;
        return Ok(false);
    }
    let mut tx = local.begin().await.map_err(SyncError::local)?;
    if !existing.is_empty() {
        tracing::info!(collection = %c.name, "columns changed; re-copying");
        sqlx::query(&format!("DROP TABLE {}", quoted(&t)))
            .execute(&mut *tx)
            .await
            .map_err(SyncError::local)?;
    }
    let cols: Vec<String> = c
        .columns
        .iter()
        .map(|col| format!("{} {}", quoted(&col.name), col.sqlite_type()))
        .collect();
    let keys: Vec<String> = c.key_columns.iter().map(|k| quoted(k)).collect();
    sqlx::query(&format!(
        "CREATE TABLE {} ({}, PRIMARY KEY ({})) WITHOUT ROWID",
        quoted(&t),
        cols.join(", "),
        keys.join(", ")
    ))
    .execute(&mut *tx)
    .await
    .map_err(SyncError::local)?;
    crate::cursor::forget(&mut tx, &c.name).await?;
    tx.commit().await.map_err(SyncError::local)?;
    Ok(true)
}

/// Creates the mirror's secondary indexes (the platform table's, see
/// [`Collection::indexes`]) if missing. Called after a full copy, so the copy itself does not
/// maintain them row by row.
pub async fn index(local: &SqlitePool, c: &Collection) -> Result<(), SyncError> {
    let t = table(c);
    for cols in &c.indexes {
        let name = format!("{t}__{}", cols.join("__"));
        let list: Vec<String> = cols.iter().map(|k| quoted(k)).collect();
        sqlx::query(&format!(
            "CREATE INDEX IF NOT EXISTS {} ON {} ({})",
            quoted(&name),
            quoted(&t),
            list.join(", ")
        ))
        .execute(local)
        .await
        .map_err(SyncError::local)?;
    }
    Ok(())
}

/// Drops the mirror of a collection the member can no longer read, with its cursor.
pub async fn drop_lost(local: &SqlitePool, keep: &[Collection]) -> Result<Vec<String>, SyncError> {
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'mirror\\_%' ESCAPE '\\'")
            .fetch_all(local)
            .await
            .map_err(SyncError::local)?;
    let mut dropped = Vec::new();
    for t in tables {
        let name = t.trim_start_matches(PREFIX).to_string();
        if keep.iter().any(|c| c.name == name) {
            continue;
        }
        let mut tx = local.begin().await.map_err(SyncError::local)?;
        sqlx::query(&format!("DROP TABLE {}", quoted(&t)))
            .execute(&mut *tx)
            .await
            .map_err(SyncError::local)?;
        crate::cursor::forget(&mut tx, &name).await?;
        tx.commit().await.map_err(SyncError::local)?;
        tracing::info!(collection = %name, "no longer readable; local copy removed");
        dropped.push(name);
    }
    Ok(dropped)
}

/// Empties the mirror (before a re-copy), inside the first page's transaction.
pub async fn clear(tx: &mut Transaction<'_, Sqlite>, c: &Collection) -> Result<(), SyncError> {
    sqlx::query(&format!("DELETE FROM {}", quoted(&table(c))))
        .execute(&mut **tx)
        .await
        .map_err(SyncError::local)?;
    Ok(())
}

fn bind_value<'q>(
    q: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    v: &Value,
    sqlite_type: &str,
) -> sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    match v {
        Value::Null => q.bind(Option::<String>::None),
        Value::Bool(b) => q.bind(i64::from(*b)),
        Value::Number(n) if sqlite_type == "TEXT" => q.bind(n.to_string()),
        Value::Number(n) => match n.as_i64() {
            Some(i) => q.bind(i),
            None => q.bind(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => q.bind(s.clone()),
        other => q.bind(other.to_string()),
    }
}

/// `"k1" = ? AND "k2" = ?` over the collection's key columns, for one key's values.
fn key_condition(c: &Collection) -> String {
    c.key_columns
        .iter()
        .map(|k| format!("{} = ?", quoted(k)))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Binds one key (a JSON array in key order) to the placeholders of [`key_condition`].
fn bind_key<'q>(
    mut q: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    c: &Collection,
    key: &Value,
) -> Result<sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>, SyncError> {
    let parts = key
        .as_array()
        .ok_or_else(|| SyncError::Shape(format!("key {key} is not an array")))?;
    for (v, col) in parts.iter().zip(c.key_types()) {
        q = bind_value(q, v, col.sqlite_type());
    }
    Ok(q)
}

/// Inserts or replaces `rows` (JSON objects keyed by column name).
pub async fn upsert(
    tx: &mut Transaction<'_, Sqlite>,
    c: &Collection,
    rows: &[serde_json::Map<String, Value>],
) -> Result<(), SyncError> {
    if rows.is_empty() {
        return Ok(());
    }
    let ncols = c.columns.len();
    let per_statement = (30_000 / ncols.max(1)).clamp(1, 500);
    let col_list: Vec<String> = c.columns.iter().map(|col| quoted(&col.name)).collect();
    let row_slots = format!("({})", vec!["?"; ncols].join(", "));
    for chunk in rows.chunks(per_statement) {
        let sql = format!(
            "INSERT OR REPLACE INTO {} ({}) VALUES {}",
            quoted(&table(c)),
            col_list.join(", "),
            vec![row_slots.as_str(); chunk.len()].join(", ")
        );
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for col in &c.columns {
                q = bind_value(
                    q,
                    row.get(&col.name).unwrap_or(&Value::Null),
                    col.sqlite_type(),
                );
            }
        }
        q.execute(&mut **tx).await.map_err(SyncError::local)?;
    }
    Ok(())
}

/// Inserts or replaces rows of cells (in the collection's column order): the bulk path of
/// copies and feed pages. Multi-row statements keep it to one round trip per batch.
pub async fn upsert_cells(
    tx: &mut Transaction<'_, Sqlite>,
    c: &Collection,
    rows: &[Vec<Cell>],
) -> Result<(), SyncError> {
    if rows.is_empty() {
        return Ok(());
    }
    let ncols = c.columns.len();
    let per_statement = (30_000 / ncols.max(1)).clamp(1, 500);
    let col_list: Vec<String> = c.columns.iter().map(|col| quoted(&col.name)).collect();
    let row_slots = format!("({})", vec!["?"; ncols].join(", "));
    let statement = |n: usize| {
        format!(
            "INSERT OR REPLACE INTO {} ({}) VALUES {}",
            quoted(&table(c)),
            col_list.join(", "),
            vec![row_slots.as_str(); n].join(", ")
        )
    };
    let full = statement(per_statement);
    for chunk in rows.chunks(per_statement) {
        let partial;
        let sql = if chunk.len() == per_statement {
            &full
        } else {
            partial = statement(chunk.len());
            &partial
        };
        let mut q = sqlx::query(sql);
        for row in chunk {
            if row.len() != ncols {
                return Err(SyncError::Shape(format!(
                    "a row of {} has {} values, not {ncols}",
                    c.name,
                    row.len()
                )));
            }
            for cell in row {
                q = match cell {
                    Cell::Null => q.bind(Option::<i64>::None),
                    Cell::Int(i) => q.bind(*i),
                    Cell::Real(f) => q.bind(*f),
                    Cell::Text(s) => q.bind(s.as_str()),
                };
            }
        }
        q.execute(&mut **tx).await.map_err(SyncError::local)?;
    }
    Ok(())
}

/// Deletes the rows with these keys (JSON arrays in key order).
pub async fn delete(
    tx: &mut Transaction<'_, Sqlite>,
    c: &Collection,
    keys: &[Value],
) -> Result<u64, SyncError> {
    let sql = format!(
        "DELETE FROM {} WHERE {}",
        quoted(&table(c)),
        key_condition(c)
    );
    let mut n = 0;
    for key in keys {
        n += bind_key(sqlx::query(&sql), c, key)?
            .execute(&mut **tx)
            .await
            .map_err(SyncError::local)?
            .rows_affected();
    }
    Ok(n)
}

/// The values of `column` (as text) of the local rows with these keys, read inside the page's
/// transaction before they are removed: what a removed row belonged to.
pub async fn column_values(
    tx: &mut Transaction<'_, Sqlite>,
    c: &Collection,
    column: &str,
    keys: &[Value],
) -> Result<Vec<String>, SyncError> {
    if keys.is_empty() || !c.columns.iter().any(|col| col.name == column) {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT CAST({} AS TEXT) FROM {} WHERE {}",
        quoted(column),
        quoted(&table(c)),
        key_condition(c)
    );
    let mut out = Vec::new();
    for key in keys {
        let found = bind_key(sqlx::query(&sql), c, key)?
            .fetch_optional(&mut **tx)
            .await
            .map_err(SyncError::local)?;
        if let Some(value) = found
            .map(|r| r.try_get::<Option<String>, _>(0))
            .transpose()
            .map_err(SyncError::local)?
            .flatten()
        {
            out.push(value);
        }
    }
    Ok(out)
}

/// The key (JSON array in key order) of a row sent by the platform.
pub fn key_of(c: &Collection, row: &serde_json::Map<String, Value>) -> Value {
    Value::Array(
        c.key_columns
            .iter()
            .map(|k| row.get(k).cloned().unwrap_or(Value::Null))
            .collect(),
    )
}

/// The collection as its local mirror knows it (columns and key from the mirror table's own
/// schema), or none if it was never synced: what an offline change needs to show at once.
pub async fn local_collection(
    local: &SqlitePool,
    name: &str,
) -> Result<Option<Collection>, SyncError> {
    let t = format!("{PREFIX}{name}");
    let cols: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid")
            .bind(&t)
            .fetch_all(local)
            .await
            .map_err(SyncError::local)?;
    if cols.is_empty() {
        return Ok(None);
    }
    let mut keys: Vec<(i64, String)> = cols
        .iter()
        .filter(|(_, _, pk)| *pk > 0)
        .map(|(n, _, pk)| (*pk, n.clone()))
        .collect();
    keys.sort();
    Ok(Some(Collection {
        indexes: Vec::new(), // not needed to write one record
        name: name.to_string(),
        table: String::new(), // not known offline; only the mirror is written
        key_columns: keys.into_iter().map(|(_, n)| n).collect(),
        columns: cols
            .into_iter()
            .map(|(n, ty, _)| Column {
                name: n,
                // The storage class round-trips through `Column::sqlite_type`.
                pg_type: match ty.as_str() {
                    "INTEGER" => "bigint",
                    "REAL" => "double precision",
                    _ => "text",
                }
                .to_string(),
            })
            .collect(),
    }))
}

/// The local row of `collection` with key `key` (JSON array in key order) as a JSON object
/// keyed by column, or none: the base of an optimistic change to an existing record.
pub async fn row(
    local: &SqlitePool,
    collection: &str,
    key: &Value,
) -> Result<Option<serde_json::Map<String, Value>>, SyncError> {
    let Some(c) = local_collection(local, collection).await? else {
        return Ok(None);
    };
    let object: Vec<String> = c
        .columns
        .iter()
        .map(|col| format!("'{}', {}", col.name, quoted(&col.name)))
        .collect();
    let sql = format!(
        "SELECT json_object({}) FROM {} WHERE {}",
        object.join(", "),
        quoted(&table(&c)),
        key_condition(&c)
    );
    let found = bind_key(sqlx::query(&sql), &c, key)?
        .fetch_optional(local)
        .await
        .map_err(SyncError::local)?;
    let Some(text) = found
        .map(|r| r.try_get::<String, _>(0))
        .transpose()
        .map_err(SyncError::local)?
    else {
        return Ok(None);
    };
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => Ok(Some(m)),
        Ok(other) => Err(SyncError::Shape(format!("row is not an object: {other}"))),
        Err(e) => Err(SyncError::Shape(e.to_string())),
    }
}

/// One collection of the local copy, as the Home screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MirrorSummary {
    /// The collection.
    pub collection: String,
    /// Rows held locally.
    pub rows: i64,
    /// When its last pull finished.
    pub synced_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The member's changes to it still waiting for the platform.
    pub pending: i64,
}

/// Every collection of the local copy with its row count, last sync and pending changes.
pub async fn summaries(local: &SqlitePool) -> Result<Vec<MirrorSummary>, SyncError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'mirror\\_%' ESCAPE '\\' ORDER BY name",
    )
    .fetch_all(local)
    .await
    .map_err(SyncError::local)?;
    let mut out = Vec::with_capacity(tables.len());
    for t in tables {
        let name = t.trim_start_matches(PREFIX).to_string();
        let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {}", quoted(&t)))
            .fetch_one(local)
            .await
            .map_err(SyncError::local)?;
        let synced_at =
            sqlx::query_scalar("SELECT synced_at FROM sync_cursors WHERE collection = ?")
                .bind(&name)
                .fetch_optional(local)
                .await
                .map_err(SyncError::local)?;
        let pending: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM outbox WHERE collection = ? AND state IN ('pending', 'sending')",
        )
        .bind(&name)
        .fetch_one(local)
        .await
        .map_err(SyncError::local)?;
        out.push(MirrorSummary {
            collection: name,
            rows,
            synced_at,
            pending,
        });
    }
    Ok(out)
}
