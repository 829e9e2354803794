//! Which collections the signed-in member syncs, and their columns: asked of the database
//! (the registry `desk.collections` filtered by the member's own table and column
//! privileges), never hard-coded.

use sqlx::{PgPool, Row};

use crate::SyncError;

/// A column of a synced table, with how it is stored locally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its PostgreSQL type, as `format_type` spells it.
    pub pg_type: String,
}

impl Column {
    /// The SQLite storage class for this column's values.
    pub fn sqlite_type(&self) -> &'static str {
        let t = self.pg_type.as_str();
        if t.ends_with("[]") {
            return "TEXT"; // arrays travel as JSON
        }
        match t {
            "smallint" | "integer" | "bigint" | "boolean" => "INTEGER",
            "real" | "double precision" => "REAL",
            _ => "TEXT", // text, uuid, dates and times (ISO 8601), numeric (exact), json
        }
    }
}

/// A collection the member may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// Its name (also the local table's name after `sync_`).
    pub name: String,
    /// The platform table, schema-qualified.
    pub table: String,
    /// Its key columns, in order.
    pub key_columns: Vec<String>,
    /// The columns the member may read, in table order.
    pub columns: Vec<Column>,
    /// The platform table's plain secondary indexes whose columns the member may all read
    /// (each a column list): the local mirror gets the same ones, so the desk's per-tenant
    /// reads are index lookups there too.
    pub indexes: Vec<Vec<String>>,
}

impl Collection {
    /// The local mirror table's name.
    pub fn local_table(&self) -> String {
        format!("sync_{}", self.name)
    }

    /// The key columns with their types.
    pub fn key_types(&self) -> Vec<&Column> {
        self.key_columns
            .iter()
            .filter_map(|k| self.columns.iter().find(|c| &c.name == k))
            .collect()
    }
}

fn valid_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The collections the connected login may read, with the columns it may read.
pub async fn discover(pg: &PgPool) -> Result<Vec<Collection>, SyncError> {
    let rows = sqlx::query(
        "SELECT c.name, c.table_name::oid::bigint AS oid, c.table_name::text AS tbl, c.key_columns
           FROM desk.collections c
          WHERE has_any_column_privilege(c.table_name, 'SELECT')
          ORDER BY c.name",
    )
    .fetch_all(pg)
    .await
    .map_err(SyncError::pg)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let name: String = row.try_get("name").map_err(SyncError::pg)?;
        let oid: i64 = row.try_get("oid").map_err(SyncError::pg)?;
        let table: String = row.try_get("tbl").map_err(SyncError::pg)?;
        let key_columns: Vec<String> = row.try_get("key_columns").map_err(SyncError::pg)?;
        if !valid_identifier(&name) {
            return Err(SyncError::Shape(format!("collection name {name:?}")));
        }
        let cols = sqlx::query(
            "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS pg_type
               FROM pg_attribute a
              WHERE a.attrelid = $1::bigint::oid AND a.attnum > 0 AND NOT a.attisdropped
                AND has_column_privilege(a.attrelid, a.attnum, 'SELECT')
              ORDER BY a.attnum",
        )
        .bind(oid)
        .fetch_all(pg)
        .await
        .map_err(SyncError::pg)?;
        let mut columns = Vec::with_capacity(cols.len());
        for c in cols {
            let col = Column {
                name: c.try_get("name").map_err(SyncError::pg)?,
                pg_type: c.try_get("pg_type").map_err(SyncError::pg)?,
            };
            if !valid_identifier(&col.name) {
                return Err(SyncError::Shape(format!("column name {:?}", col.name)));
            }
            columns.push(col);
        }
        let readable_keys = key_columns
            .iter()
            .all(|k| columns.iter().any(|c| &c.name == k));
        if !readable_keys {
            // Without its key a collection cannot be mirrored; treat it as not readable.
            tracing::warn!(collection = %name, "key columns not readable; not synced");
            continue;
        }
        let indexes: Vec<Vec<String>> = sqlx::query_scalar(
            "SELECT array_agg(a.attname::text ORDER BY k.ord)
               FROM pg_index i
               CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE i.indrelid = $1::bigint::oid AND NOT i.indisprimary
                AND i.indpred IS NULL AND i.indexprs IS NULL
              GROUP BY i.indexrelid
              ORDER BY i.indexrelid",
        )
        .bind(oid)
        .fetch_all(pg)
        .await
        .map_err(SyncError::pg)?;
        let indexes = indexes
            .into_iter()
            .filter(|cols| {
                cols.iter()
                    .all(|c| valid_identifier(c) && columns.iter().any(|col| &col.name == c))
            })
            .collect();
        out.push(Collection {
            name,
            table,
            key_columns,
            columns,
            indexes,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_map_to_sqlite_storage_classes() {
        let c = |t: &str| Column {
            name: "x".into(),
            pg_type: t.into(),
        };
        assert_eq!(c("bigint").sqlite_type(), "INTEGER");
        assert_eq!(c("boolean").sqlite_type(), "INTEGER");
        assert_eq!(c("double precision").sqlite_type(), "REAL");
        assert_eq!(c("numeric(12,2)").sqlite_type(), "TEXT");
        assert_eq!(c("timestamp with time zone").sqlite_type(), "TEXT");
        assert_eq!(c("integer[]").sqlite_type(), "TEXT");
        assert_eq!(c("uuid").sqlite_type(), "TEXT");
    }

    #[test]
    fn identifiers_are_checked_before_they_reach_sql() {
        assert!(valid_identifier("usage_daily"));
        assert!(!valid_identifier("x; drop table"));
        assert!(!valid_identifier("Tenants"));
        assert!(!valid_identifier(""));
    }
}
