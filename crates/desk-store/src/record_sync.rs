//! Whether each record the member changed on this laptop has reached the platform: every area
//! that shows a record the member can change (touchpoints, milestones, dunning notes,
//! disputes) reads the latest outbox entry for that record and shows it as synced, pending or
//! refused with the platform's reason, on the record itself.

use serde::Serialize;

/// Whether a record the member changed has reached the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum RecordSync {
    /// As the platform has it.
    Synced,
    /// Changed on this laptop, waiting for the platform.
    Pending,
    /// The platform refused the last change; the record shows the platform's version.
    Refused {
        /// conflict, permission, validation or notFound.
        reason: String,
        /// The platform's words.
        message: String,
    },
}

/// The sync state of each record of `collection` the member changed, as SQL: joined as `o`.
pub(crate) fn sync_join(collection: &str, key: &str) -> String {
    format!(
        "LEFT JOIN (SELECT row_key, state, refusal FROM outbox WHERE id IN (
                SELECT max(id) FROM outbox WHERE collection = '{collection}' GROUP BY row_key)) o
           ON o.row_key = json_array({key})"
    )
}

pub(crate) fn record_sync(state: Option<String>, refusal: Option<String>) -> RecordSync {
    match state.as_deref() {
        Some("pending" | "sending") => RecordSync::Pending,
        Some("refused") => {
            let v: serde_json::Value = refusal
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok())
                .unwrap_or_default();
            RecordSync::Refused {
                reason: v["reason"].as_str().unwrap_or("validation").to_string(),
                message: v["message"].as_str().unwrap_or("").to_string(),
            }
        }
        _ => RecordSync::Synced,
    }
}
