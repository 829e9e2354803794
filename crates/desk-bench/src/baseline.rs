//! The physical-limit baseline: the same rows the engine copied, read with PostgreSQL
//! `COPY (SELECT …) TO STDOUT` (text format), parsed, and inserted into the same encrypted
//! schema by one prepared statement per table in one transaction, through the raw SQLite API
//! (rusqlite on a blocking thread), with the same key and page-cache setting as the store.

use std::path::Path;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use futures_util::StreamExt;
use rusqlite::types::Value;
use sqlx::postgres::PgPoolCopyExt;
use sqlx::PgPool;

/// What the baseline did.
pub struct Baseline {
    /// Rows inserted.
    pub rows: u64,
    /// Wall time, seconds.
    pub secs: f64,
}

fn open(path: &Path, key: &str) -> Result<rusqlite::Connection, String> {
    let c = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
    c.execute_batch(&format!(
        "PRAGMA key = \"x'{key}'\"; PRAGMA journal_mode = WAL; PRAGMA cache_size = {};",
        desk_store::local::CACHE_SIZE_PRAGMA
    ))
    .map_err(|e| e.to_string())?;
    Ok(c)
}

fn unescape(field: &[u8]) -> String {
    if !field.contains(&b'\\') {
        return String::from_utf8_lossy(field).into_owned();
    }
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        if field[i] == b'\\' && i + 1 < field.len() {
            i += 1;
            out.push(match field[i] {
                b't' => b'\t',
                b'n' => b'\n',
                b'r' => b'\r',
                b'b' => 8,
                b'f' => 12,
                b'v' => 11,
                other => other,
            });
        } else {
            out.push(field[i]);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn value(field: &[u8], sqlite_type: &str) -> Value {
    if field == b"\\N" {
        return Value::Null;
    }
    match sqlite_type {
        "INTEGER" => match field {
            b"t" => Value::Integer(1),
            b"f" => Value::Integer(0),
            _ => std::str::from_utf8(field)
                .ok()
                .and_then(|s| s.parse().ok())
                .map_or_else(|| Value::Text(unescape(field)), Value::Integer),
        },
        "REAL" => std::str::from_utf8(field)
            .ok()
            .and_then(|s| s.parse().ok())
            .map_or_else(|| Value::Text(unescape(field)), Value::Real),
        _ => Value::Text(unescape(field)),
    }
}

/// Copies every collection the login may read into `out`, created with the mirror schema of
/// the store at `synced`.
pub async fn run(pg: &PgPool, synced: &Path, out: &Path, key: &str) -> Result<Baseline, String> {
    let ddl: Vec<(String, String)> = {
        let src = open(synced, key)?;
        let mut st = src
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'mirror\\_%' ESCAPE '\\'")
            .map_err(|e| e.to_string())?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| e.to_string())?;
        rows.collect::<Result<_, _>>().map_err(|e| e.to_string())?
    };
    let collections = desk_sync::discover(pg).await.map_err(|e| e.to_string())?;
    let mut conn = Some(open(out, key)?);
    for (_, sql) in &ddl {
        conn.as_ref()
            .ok_or("connection")?
            .execute_batch(sql)
            .map_err(|e| e.to_string())?;
    }
    let start = Instant::now();
    let mut total = 0u64;
    for c in collections {
        let table = desk_sync::mirror::table(&c);
        if !ddl.iter().any(|(n, _)| n == &table) {
            continue;
        }
        let types: Vec<&'static str> = c.columns.iter().map(|col| col.sqlite_type()).collect();
        let cols: Vec<String> = c
            .columns
            .iter()
            .map(|col| format!("\"{}\"", col.name))
            .collect();
        let insert = format!(
            "INSERT INTO \"{table}\" VALUES ({})",
            vec!["?"; cols.len()].join(", ")
        );
        let (tx, rx) = sync_channel::<Vec<u8>>(64);
        let mut db = conn.take().ok_or("connection")?;
        let worker =
            tokio::task::spawn_blocking(move || -> Result<(rusqlite::Connection, u64), String> {
                let mut n = 0u64;
                {
                    let t = db.transaction().map_err(|e| e.to_string())?;
                    {
                        let mut st = t.prepare(&insert).map_err(|e| e.to_string())?;
                        let mut carry: Vec<u8> = Vec::new();
                        let mut row: Vec<Value> = Vec::with_capacity(types.len());
                        while let Ok(chunk) = rx.recv() {
                            carry.extend_from_slice(&chunk);
                            let mut start = 0;
                            while let Some(pos) = carry[start..].iter().position(|b| *b == b'\n') {
                                let line = &carry[start..start + pos];
                                row.clear();
                                for (field, ty) in line.split(|b| *b == b'\t').zip(&types) {
                                    row.push(value(field, ty));
                                }
                                st.execute(rusqlite::params_from_iter(row.iter()))
                                    .map_err(|e| e.to_string())?;
                                n += 1;
                                start += pos + 1;
                            }
                            carry.drain(..start);
                        }
                    }
                    t.commit().map_err(|e| e.to_string())?;
                }
                Ok((db, n))
            });
        let sql = format!(
            "COPY (SELECT {} FROM {}) TO STDOUT",
            cols.join(", "),
            c.table
        );
        let mut stream = pg.copy_out_raw(&sql).await.map_err(|e| e.to_string())?;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| e.to_string())?;
            if tx.send(chunk.to_vec()).is_err() {
                break;
            }
        }
        drop(tx);
        let (db, n) = worker.await.map_err(|e| e.to_string())??;
        conn = Some(db);
        total += n;
    }
    Ok(Baseline {
        rows: total,
        secs: start.elapsed().as_secs_f64(),
    })
}
