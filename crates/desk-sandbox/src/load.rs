//! Bulk loading: rows are written as CSV into a buffer per table and sent with PostgreSQL
//! `COPY ... FROM STDIN (FORMAT csv)` in 1 MiB chunks, which loads hundreds of thousands of
//! rows per second where row-by-row `INSERT`s would take minutes at 20,000 tenants.

use std::fmt::Write as _;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::SandboxError;

const CHUNK: usize = 1 << 20;

/// Rows of one table, as CSV (an unquoted empty field is NULL, `""` an empty string).
#[derive(Debug)]
pub struct Table {
    /// The qualified table name.
    pub name: &'static str,
    /// The column list, in field order.
    pub columns: &'static str,
    buf: String,
    first: bool,
    /// Rows written so far.
    pub rows: u64,
}

impl Table {
    /// An empty table buffer.
    pub fn new(name: &'static str, columns: &'static str) -> Table {
        Table {
            name,
            columns,
            buf: String::new(),
            first: true,
            rows: 0,
        }
    }

    fn sep(&mut self) {
        if !self.first {
            self.buf.push(',');
        }
        self.first = false;
    }

    /// A text field.
    pub fn text(&mut self, s: &str) -> &mut Self {
        self.sep();
        self.buf.push('"');
        for c in s.chars() {
            if c == '"' {
                self.buf.push('"');
            }
            self.buf.push(c);
        }
        self.buf.push('"');
        self
    }

    /// A text field or NULL.
    pub fn opt_text(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.text(s),
            None => self.null(),
        }
    }

    /// NULL.
    pub fn null(&mut self) -> &mut Self {
        self.sep();
        self
    }

    /// A number (or anything whose Display is a PostgreSQL literal without quotes).
    pub fn num(&mut self, v: impl std::fmt::Display) -> &mut Self {
        self.sep();
        let _ = write!(self.buf, "{v}");
        self
    }

    /// A number or NULL.
    pub fn opt_num(&mut self, v: Option<impl std::fmt::Display>) -> &mut Self {
        match v {
            Some(v) => self.num(v),
            None => self.null(),
        }
    }

    /// A boolean.
    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.num(if v { "t" } else { "f" })
    }

    /// A uuid.
    pub fn uuid(&mut self, v: Uuid) -> &mut Self {
        self.num(v.hyphenated())
    }

    /// A uuid or NULL.
    pub fn opt_uuid(&mut self, v: Option<Uuid>) -> &mut Self {
        self.opt_num(v.map(|u| u.hyphenated()))
    }

    /// A timestamp (UTC).
    pub fn ts(&mut self, v: DateTime<Utc>) -> &mut Self {
        self.num(v.format("%Y-%m-%d %H:%M:%S+00"))
    }

    /// A timestamp or NULL.
    pub fn opt_ts(&mut self, v: Option<DateTime<Utc>>) -> &mut Self {
        match v {
            Some(v) => self.ts(v),
            None => self.null(),
        }
    }

    /// A date.
    pub fn date(&mut self, v: NaiveDate) -> &mut Self {
        self.num(v)
    }

    /// A date or NULL.
    pub fn opt_date(&mut self, v: Option<NaiveDate>) -> &mut Self {
        self.opt_num(v)
    }

    /// A text[] of simple words (no quotes, commas or braces inside).
    pub fn array(&mut self, items: &[String]) -> &mut Self {
        let lit = format!("{{{}}}", items.join(","));
        self.text(&lit)
    }

    /// A json/jsonb field: the value's JSON text, quoted as CSV (COPY parses it as the
    /// column's type).
    pub fn json(&mut self, v: &serde_json::Value) -> &mut Self {
        self.text(&v.to_string())
    }

    /// Ends the row.
    pub fn end(&mut self) {
        self.buf.push('\n');
        self.first = true;
        self.rows += 1;
    }

    /// The CSV written so far.
    pub fn bytes(&self) -> &[u8] {
        self.buf.as_bytes()
    }

    /// Takes the CSV written so far, leaving the buffer empty (for streaming).
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.buf)
    }

    /// Bytes buffered.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing is buffered.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The COPY statement for this table.
    pub fn copy_statement(&self) -> String {
        format!(
            "COPY {} ({}) FROM STDIN (FORMAT csv)",
            self.name, self.columns
        )
    }
}

/// Prints one progress line.
pub fn progress(name: &str, rows: u64, started: Instant) {
    println!(
        "  {:<36} {:>12} rows  {:>7.2} s",
        name,
        group(rows),
        started.elapsed().as_secs_f64()
    );
}

/// 1234567 → "1,234,567".
pub fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Copies a whole table buffer into the database; prints a progress line.
pub async fn copy(conn: &mut PgConnection, table: &Table) -> Result<u64, SandboxError> {
    let started = Instant::now();
    if table.rows > 0 {
        let mut copy = conn.copy_in_raw(&table.copy_statement()).await?;
        for chunk in table.bytes().chunks(CHUNK) {
            copy.send(chunk).await?;
        }
        copy.finish().await?;
    }
    progress(table.name, table.rows, started);
    Ok(table.rows)
}
