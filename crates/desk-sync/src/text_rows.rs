//! Rows as text. Every platform column is rendered to text by the same SQL expression whether
//! it travels in a bulk `COPY … TO STDOUT` (a full copy) or in an ordinary query (the rows a
//! feed page names), and that text becomes one typed local value by one rule. So a row looks
//! the same in the local store whichever way it arrived: timestamps in ISO 8601 with a `T`,
//! numerics exact, arrays and JSON as JSON text, booleans as 0/1.

use std::borrow::Cow;

use serde_json::Value;

use crate::collections::{Collection, Column};
use crate::SyncError;

/// One value of a row on its way into the local store.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// SQL NULL.
    Null,
    /// An INTEGER (integers and booleans).
    Int(i64),
    /// A REAL.
    Real(f64),
    /// TEXT (everything else).
    Text(String),
}

impl Cell {
    /// The value of `text` (none: NULL) for a column stored as `sqlite_type`. Text that does
    /// not parse as its storage class is kept as text rather than lost.
    pub fn from_text(text: Option<&str>, sqlite_type: &str) -> Cell {
        let Some(s) = text else {
            return Cell::Null;
        };
        match sqlite_type {
            "INTEGER" => s
                .parse()
                .map_or_else(|_| Cell::Text(s.to_string()), Cell::Int),
            "REAL" => s
                .parse()
                .map_or_else(|_| Cell::Text(s.to_string()), Cell::Real),
            _ => Cell::Text(s.to_string()),
        }
    }

    /// The value as JSON, as the platform's feed spells a key (`to_jsonb`).
    fn to_json(&self, col: &Column) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Int(i) if col.pg_type == "boolean" => Value::Bool(*i != 0),
            Cell::Int(i) => Value::from(*i),
            Cell::Real(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Cell::Text(s) if col.pg_type.starts_with("numeric") => s
                .parse::<serde_json::Number>()
                .map_or_else(|_| Value::String(s.clone()), Value::Number),
            Cell::Text(s) => Value::String(s.clone()),
        }
    }
}

/// The SQL expression rendering column `col` of the row aliased `t` as text.
pub fn text_expr(col: &Column) -> String {
    let c = format!("t.\"{}\"", col.name);
    let ty = col.pg_type.as_str();
    if ty.ends_with("[]") || ty == "json" || ty == "jsonb" {
        format!("to_jsonb({c})::text")
    } else if ty == "boolean" {
        format!("{c}::int::text")
    } else if ty.starts_with("timestamp") || ty.starts_with("time") || ty == "date" {
        // ISO 8601 with a `T`, as JavaScript's Date and chrono read it.
        format!("to_jsonb({c}) #>> '{{}}'")
    } else {
        format!("{c}::text")
    }
}

/// The select list rendering every column of `c` as text, in column order.
pub fn select_list(c: &Collection) -> String {
    c.columns
        .iter()
        .map(text_expr)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The key of a row (JSON array in key order), as the change feed spells keys.
pub fn key_of(c: &Collection, row: &[Cell]) -> Value {
    Value::Array(
        c.key_columns
            .iter()
            .map(|k| {
                c.columns
                    .iter()
                    .position(|col| &col.name == k)
                    .and_then(|i| row.get(i).map(|cell| cell.to_json(&c.columns[i])))
                    .unwrap_or(Value::Null)
            })
            .collect(),
    )
}

/// `text` as an SQL string literal, safe whatever `standard_conforming_strings` says (the
/// rule of PostgreSQL's own `quote_literal`). For statements that take no parameters (COPY).
pub fn quote_literal(text: &str) -> String {
    if text.contains('\\') {
        format!("E'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// Undoes COPY's text-format escaping of one field; none for `\N` (NULL).
fn unescape(field: &[u8]) -> Result<Option<Cow<'_, str>>, SyncError> {
    if field == b"\\N" {
        return Ok(None);
    }
    let utf8 = |b: Vec<u8>| {
        String::from_utf8(b).map_err(|e| SyncError::Shape(format!("COPY field is not UTF-8: {e}")))
    };
    if !field.contains(&b'\\') {
        return std::str::from_utf8(field)
            .map(|s| Some(Cow::Borrowed(s)))
            .map_err(|e| SyncError::Shape(format!("COPY field is not UTF-8: {e}")));
    }
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        let b = field[i];
        if b == b'\\' && i + 1 < field.len() {
            i += 1;
            let e = field[i];
            match e {
                b't' => out.push(b'\t'),
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b'b' => out.push(8),
                b'f' => out.push(12),
                b'v' => out.push(11),
                b'0'..=b'7' => {
                    // Up to three octal digits.
                    let mut v: u32 = 0;
                    let mut n = 0;
                    while n < 3 && i < field.len() && (b'0'..=b'7').contains(&field[i]) {
                        v = v * 8 + u32::from(field[i] - b'0');
                        i += 1;
                        n += 1;
                    }
                    out.push((v & 0xff) as u8);
                    continue;
                }
                b'x' => {
                    let mut v: u32 = 0;
                    let mut n = 0;
                    i += 1;
                    while n < 2 && i < field.len() && field[i].is_ascii_hexdigit() {
                        v = v * 16 + char::from(field[i]).to_digit(16).unwrap_or(0);
                        i += 1;
                        n += 1;
                    }
                    out.push((v & 0xff) as u8);
                    continue;
                }
                other => out.push(other),
            }
        } else {
            out.push(b);
        }
        i += 1;
    }
    utf8(out).map(|s| Some(Cow::Owned(s)))
}

/// Parses the byte stream of a text-format `COPY … TO STDOUT` into rows of cells, whatever
/// the chunk boundaries.
#[derive(Debug)]
pub struct CopyParser {
    types: Vec<&'static str>,
    carry: Vec<u8>,
}

impl CopyParser {
    /// A parser for rows with these columns.
    pub fn new(c: &Collection) -> CopyParser {
        CopyParser {
            types: c.columns.iter().map(Column::sqlite_type).collect(),
            carry: Vec::new(),
        }
    }

    fn line(&self, line: &[u8]) -> Result<Vec<Cell>, SyncError> {
        let mut row = Vec::with_capacity(self.types.len());
        let mut fields = line.split(|b| *b == b'\t');
        for ty in &self.types {
            let field = fields.next().ok_or_else(|| {
                SyncError::Shape(format!(
                    "COPY row has fewer than {} fields",
                    self.types.len()
                ))
            })?;
            row.push(Cell::from_text(unescape(field)?.as_deref(), ty));
        }
        if fields.next().is_some() {
            return Err(SyncError::Shape(format!(
                "COPY row has more than {} fields",
                self.types.len()
            )));
        }
        Ok(row)
    }

    /// Takes the next chunk of the stream; appends the rows it completes to `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<Vec<Cell>>) -> Result<(), SyncError> {
        let mut start = 0;
        let data: Cow<'_, [u8]> = if self.carry.is_empty() {
            Cow::Borrowed(chunk)
        } else {
            let mut joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(chunk);
            Cow::Owned(joined)
        };
        while let Some(pos) = data[start..].iter().position(|b| *b == b'\n') {
            out.push(self.line(&data[start..start + pos])?);
            start += pos + 1;
        }
        self.carry = data[start..].to_vec();
        Ok(())
    }

    /// Ends the stream: an unfinished last line is an error.
    pub fn finish(self) -> Result<(), SyncError> {
        if self.carry.is_empty() {
            Ok(())
        } else {
            Err(SyncError::Shape("COPY stream ended mid-row".into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection() -> Collection {
        let col = |n: &str, t: &str| Column {
            name: n.into(),
            pg_type: t.into(),
        };
        Collection {
            name: "things".into(),
            table: "platform.things".into(),
            key_columns: vec!["tenant_id".into(), "day".into()],
            columns: vec![
                col("tenant_id", "uuid"),
                col("day", "date"),
                col("sent", "bigint"),
                col("ok", "boolean"),
                col("rate", "double precision"),
                col("note", "text"),
            ],
            indexes: Vec::new(),
        }
    }

    #[test]
    fn rows_split_across_chunks_parse_with_escapes_and_nulls() {
        let c = collection();
        let mut p = CopyParser::new(&c);
        let mut out = Vec::new();
        let stream = b"a1\t2026-01-02\t42\t1\t0.5\tline\\none\\ttab \\\\ back\nb2\t2026-01-03\t\\N\t0\t\\N\t\\N\n";
        for chunk in stream.chunks(7) {
            p.feed(chunk, &mut out).expect("feed");
        }
        p.finish().expect("whole rows");
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0],
            vec![
                Cell::Text("a1".into()),
                Cell::Text("2026-01-02".into()),
                Cell::Int(42),
                Cell::Int(1),
                Cell::Real(0.5),
                Cell::Text("line\none\ttab \\ back".into()),
            ]
        );
        assert_eq!(out[1][2], Cell::Null);
        assert_eq!(out[1][5], Cell::Null);
        assert_eq!(key_of(&c, &out[0]), serde_json::json!(["a1", "2026-01-02"]));
    }

    #[test]
    fn a_truncated_stream_or_a_short_row_is_an_error() {
        let c = collection();
        let mut p = CopyParser::new(&c);
        let mut out = Vec::new();
        p.feed(b"a1\t2026-01-02", &mut out)
            .expect("partial line is kept");
        assert!(p.finish().is_err());
        let mut p = CopyParser::new(&c);
        assert!(p.feed(b"a1\t2026-01-02\n", &mut out).is_err());
    }

    #[test]
    fn octal_and_hex_escapes_decode() {
        assert_eq!(
            unescape(b"a\\101\\x42").expect("valid").as_deref(),
            Some("aAB")
        );
    }

    #[test]
    fn literals_survive_quotes_and_backslashes() {
        assert_eq!(quote_literal("it's"), "'it''s'");
        assert_eq!(quote_literal("a\\b'"), "E'a\\\\b'''");
    }

    #[test]
    fn values_that_do_not_fit_their_class_stay_text() {
        assert_eq!(Cell::from_text(Some("12"), "INTEGER"), Cell::Int(12));
        assert_eq!(
            Cell::from_text(Some("NaN?"), "REAL"),
            Cell::Text("NaN?".into())
        );
        assert_eq!(Cell::from_text(None, "TEXT"), Cell::Null);
    }
}
