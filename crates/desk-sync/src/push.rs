//! Pushing the user's changes: each change is applied to the local copy at once and queued
//! in the outbox in the same local transaction, with an idempotency key; the pusher sends the
//! queue in order through the platform's `desk.apply_change`, which applies each exactly once
//! or refuses it with a typed reason. A change whose reply was lost is simply sent again with
//! the same key and gets the first outcome back. Nothing queued is lost across restarts: the
//! outbox lives in the encrypted store.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::{PgPool, Row, SqlitePool};

use crate::collections::Collection;
use crate::{mirror, SyncError};

/// A change the user made, as the platform command that carries it out.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The platform action, e.g. `add_touchpoint`, `ack_alert`.
    pub action: String,
    /// Its arguments.
    pub args: Value,
    /// The collection and key of the record it touches, if it is synced locally.
    pub target: Option<(String, Value)>,
    /// The record as it should look locally right away (applied optimistically).
    pub optimistic: Option<Map<String, Value>>,
}

/// Why the platform refused a change, as the UI shows it on the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Refusal {
    /// Someone changed the record since it was loaded.
    Conflict,
    /// The member may not make this change.
    Permission,
    /// The change is not valid.
    Validation,
    /// The record does not exist (or is not visible to the member).
    NotFound,
}

/// The platform's answer to one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Applied (now or, for a retry, the first time).
    Applied,
    /// Refused, with the reason and the platform's message.
    Refused(Refusal, String),
}

/// What one push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Changes the platform applied.
    pub applied: u32,
    /// Changes the platform refused.
    pub refused: u32,
    /// Changes still waiting (the platform stopped answering).
    pub waiting: u32,
}

impl Refusal {
    fn parse(reason: &str) -> Refusal {
        match reason {
            "conflict" => Refusal::Conflict,
            "permission" => Refusal::Permission,
            "notFound" => Refusal::NotFound,
            _ => Refusal::Validation,
        }
    }
}

/// Applies `change` to the local copy at once and queues it; returns its idempotency key.
/// Works offline: the record's table is known from its local mirror.
pub async fn enqueue(local: &SqlitePool, change: &Change) -> Result<String, SyncError> {
    let key = uuid::Uuid::new_v4().to_string();
    let now = chrono::Utc::now();
    let mut tx = local.begin().await.map_err(SyncError::local)?;
    let (collection, row_key) = match &change.target {
        Some((c, k)) => (Some(c.clone()), Some(k.to_string())),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO outbox (idempotency_key, action, args, state, collection, row_key, created_at, updated_at)
         VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)",
    )
    .bind(&key)
    .bind(&change.action)
    .bind(change.args.to_string())
    .bind(collection)
    .bind(row_key)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(SyncError::local)?;
    if let (Some((name, _)), Some(row)) = (&change.target, &change.optimistic) {
        if let Some(c) = mirror::local_collection(local, name).await? {
            mirror::upsert(&mut tx, &c, std::slice::from_ref(row)).await?;
        }
    }
    tx.commit().await.map_err(SyncError::local)?;
    Ok(key)
}

/// Sends queued changes to the platform, in the order they were made.
#[derive(Debug, Clone)]
pub struct Pusher {
    pg: PgPool,
    local: SqlitePool,
}

struct Queued {
    id: i64,
    key: String,
    action: String,
    args: Value,
    collection: Option<String>,
    row_key: Option<Value>,
}

impl Pusher {
    /// A pusher over the member's platform connection and the local store.
    pub fn new(pg: PgPool, local: SqlitePool) -> Pusher {
        Pusher { pg, local }
    }

    async fn queued(&self) -> Result<Vec<Queued>, SyncError> {
        let rows = sqlx::query(
            "SELECT id, idempotency_key, action, args, collection, row_key FROM outbox
              WHERE state IN ('pending', 'sending') ORDER BY id",
        )
        .fetch_all(&self.local)
        .await
        .map_err(SyncError::local)?;
        rows.into_iter()
            .map(|r| {
                let args: String = r.try_get("args").map_err(SyncError::local)?;
                let row_key: Option<String> = r.try_get("row_key").map_err(SyncError::local)?;
                Ok(Queued {
                    id: r.try_get("id").map_err(SyncError::local)?,
                    key: r.try_get("idempotency_key").map_err(SyncError::local)?,
                    action: r.try_get("action").map_err(SyncError::local)?,
                    args: serde_json::from_str(&args)
                        .map_err(|e| SyncError::Shape(format!("queued args: {e}")))?,
                    collection: r.try_get("collection").map_err(SyncError::local)?,
                    row_key: row_key
                        .map(|k| serde_json::from_str(&k))
                        .transpose()
                        .map_err(|e| SyncError::Shape(format!("queued key: {e}")))?,
                })
            })
            .collect()
    }

    /// Sends one change (again, if it was sent before) and returns the platform's answer.
    pub async fn send(&self, key: &str, action: &str, args: &Value) -> Result<Outcome, SyncError> {
        let uuid = uuid::Uuid::parse_str(key).map_err(|e| SyncError::Shape(format!("key: {e}")))?;
        let answer: Value = sqlx::query_scalar("SELECT desk.apply_change($1::uuid, $2, $3)")
            .bind(uuid.to_string())
            .bind(action)
            .bind(args)
            .fetch_one(&self.pg)
            .await
            .map_err(SyncError::pg)?;
        match answer.get("status").and_then(Value::as_str) {
            Some("applied") => Ok(Outcome::Applied),
            Some("refused") => Ok(Outcome::Refused(
                Refusal::parse(answer.get("reason").and_then(Value::as_str).unwrap_or("")),
                answer
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("refused")
                    .to_string(),
            )),
            _ => Err(SyncError::Shape(format!("apply_change answered {answer}"))),
        }
    }

    /// Sends every queued change in order. A connection loss stops the push with the rest
    /// still queued (they are sent again, with the same keys, next time). A refused change's
    /// record is put back as the platform has it.
    pub async fn push_all(&self, collections: &[Collection]) -> Result<PushReport, SyncError> {
        let mut report = PushReport::default();
        let queue = self.queued().await?;
        let total = queue.len() as u32;
        for q in queue {
            sqlx::query("UPDATE outbox SET state = 'sending', updated_at = ? WHERE id = ?")
                .bind(chrono::Utc::now())
                .bind(q.id)
                .execute(&self.local)
                .await
                .map_err(SyncError::local)?;
            let outcome = match self.send(&q.key, &q.action, &q.args).await {
                Ok(o) => o,
                Err(e) if e.is_connection_loss() => {
                    report.waiting = total - report.applied - report.refused;
                    return Ok(report);
                }
                Err(e) => return Err(e),
            };
            let (state, refusal) = match &outcome {
                Outcome::Applied => ("accepted", None),
                Outcome::Refused(reason, message) => (
                    "refused",
                    Some(serde_json::json!({ "reason": reason, "message": message }).to_string()),
                ),
            };
            if let (Outcome::Refused(..), Some(name), Some(key)) =
                (&outcome, &q.collection, &q.row_key)
            {
                if let Some(c) = collections.iter().find(|c| &c.name == name) {
                    self.restore(c, key).await?;
                }
            }
            sqlx::query("UPDATE outbox SET state = ?, refusal = ?, updated_at = ? WHERE id = ?")
                .bind(state)
                .bind(refusal)
                .bind(chrono::Utc::now())
                .bind(q.id)
                .execute(&self.local)
                .await
                .map_err(SyncError::local)?;
            match outcome {
                Outcome::Applied => report.applied += 1,
                Outcome::Refused(..) => report.refused += 1,
            }
        }
        Ok(report)
    }

    /// Puts one local record back as the platform has it (or removes it if the platform has
    /// none), after the platform refused the change made to it.
    async fn restore(&self, c: &Collection, key: &Value) -> Result<(), SyncError> {
        let rows = crate::pull::fetch_keys(&self.pg, c, std::slice::from_ref(key)).await?;
        let mut tx = self.local.begin().await.map_err(SyncError::local)?;
        if rows.is_empty() {
            mirror::delete(&mut tx, c, std::slice::from_ref(key)).await?;
        } else {
            mirror::upsert_cells(&mut tx, c, &rows).await?;
        }
        tx.commit().await.map_err(SyncError::local)
    }
}
