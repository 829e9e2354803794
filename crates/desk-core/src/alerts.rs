//! Alerts for the member: the inbox and one alert (offline too), acknowledge, resolve, false
//! positive and investigation notes through the outbox, the notification settings, and the
//! step after each sync that decides which new alerts become native notifications and hands
//! them to the OS through a [`Notifier`] the shell provides (tauri-plugin-notification in the
//! app, a D-Bus client in the tests: both end in `org.freedesktop.Notifications.Notify`).
//!
//! Exactly once: every alert the desk sees is recorded with its outcome in the local store
//! (`alert_notifications`) in one transaction before any notification is handed over, and only
//! alerts this very call recorded are notified. A restart or a re-copy finds them recorded. A
//! crash between the record and the hand-over loses that notification rather than repeating
//! it: the alert is still in the inbox and the tray count.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use desk_domain::alerts::{plan, Notice, NotificationSettings};
use desk_store::alerts::{self as store, AlertCounts, AlertDetail, AlertInbox, AlertQuery};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::{Desk, DeskError};

/// The longest investigation note or resolution note.
pub const NOTE_MAX: usize = 4_000;

/// Hands a notification to the OS.
pub trait Notifier: Send + Sync {
    /// Shows `notice`; an error says why the OS refused it.
    fn notify(&self, notice: &Notice) -> Result<(), String>;
}

/// What one pass of the notification step did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NotifyReport {
    /// Alerts taken as already known at the member's first sync.
    pub baseline: u32,
    /// New alerts decided about.
    pub decided: u32,
    /// Notifications handed to the OS.
    pub notifications: u32,
    /// Notifications the OS refused (logged).
    pub failed: u32,
}

/// Checks a note's text: trimmed, not empty, at most [`NOTE_MAX`] characters.
pub fn check_note(body: &str) -> Result<String, DeskError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(DeskError::InvalidInput("note: write what you found".into()));
    }
    if body.chars().count() > NOTE_MAX {
        return Err(DeskError::InvalidInput(format!(
            "note: at most {NOTE_MAX} characters"
        )));
    }
    Ok(body.to_string())
}

impl Desk {
    /// Sets the way notifications reach the OS (the shell calls it once at start).
    pub fn set_notifier(&self, notifier: Arc<dyn Notifier>) {
        if let Ok(mut n) = self.notifier.write() {
            *n = Some(notifier);
        }
    }

    fn notifier(&self) -> Option<Arc<dyn Notifier>> {
        self.notifier.read().ok().and_then(|n| n.clone())
    }

    /// The alert inbox (works offline).
    pub async fn alerts_inbox(&self, q: &AlertQuery) -> Result<AlertInbox, DeskError> {
        self.signed_in_login("to see alerts").await?;
        Ok(store::inbox(self.store()?.pool(), q, Utc::now()).await?)
    }

    /// One alert with its notes and history.
    pub async fn alert(&self, id: i64) -> Result<AlertDetail, DeskError> {
        self.signed_in_login("to see alerts").await?;
        store::alert(self.store()?.pool(), id, Utc::now())
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("No alert {id} in the local copy.")))
    }

    /// Open, overdue and critical alerts for the tray; zeros when signed out.
    pub async fn alert_counts(&self) -> AlertCounts {
        if self.state.read().await.session.is_none() {
            return AlertCounts::default();
        }
        match &self.store {
            Ok(s) => store::counts(s.pool(), Utc::now())
                .await
                .unwrap_or_default(),
            Err(_) => AlertCounts::default(),
        }
    }

    async fn alert_row(&self, id: i64) -> Result<Map<String, Value>, DeskError> {
        desk_sync::mirror::row(self.store()?.pool(), "alerts", &json!([id]))
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("No alert {id} in the local copy.")))
    }

    /// Acknowledges an alert: shown at once (pending), queued for the platform, which refuses
    /// it naming who if someone else got there first.
    pub async fn alert_ack(&self, id: i64) -> Result<(), DeskError> {
        let login = self.signed_in_login("to acknowledge alerts").await?;
        let mut row = self.alert_row(id).await?;
        let status = row.get("status").and_then(Value::as_str).unwrap_or("");
        if status != "triggered" {
            return Err(DeskError::InvalidInput(format!(
                "alert {id} is already {status}"
            )));
        }
        let version = row.get("version").cloned().unwrap_or(Value::Null);
        row.insert("status".into(), json!("acknowledged"));
        row.insert("acknowledged_by".into(), json!(login));
        row.insert("acknowledged_at".into(), json!(Utc::now().to_rfc3339()));
        self.queue_change(&desk_sync::Change {
            action: "ack_alert".into(),
            args: json!({ "alert_id": id, "expected_version": version }),
            target: Some(("alerts".into(), json!([id]))),
            optimistic: Some(row),
        })
        .await?;
        Ok(())
    }

    /// Resolves an alert (acknowledging it on the way), possibly as a false positive, with an
    /// optional note for the audit trail.
    pub async fn alert_resolve(
        &self,
        id: i64,
        false_positive: bool,
        note: Option<&str>,
    ) -> Result<(), DeskError> {
        let login = self.signed_in_login("to resolve alerts").await?;
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(check_note)
            .transpose()?;
        let mut row = self.alert_row(id).await?;
        if row.get("status").and_then(Value::as_str) == Some("resolved") {
            return Err(DeskError::InvalidInput(format!(
                "alert {id} is already resolved"
            )));
        }
        let version = row.get("version").cloned().unwrap_or(Value::Null);
        let now = json!(Utc::now().to_rfc3339());
        if row.get("acknowledged_at").is_none_or(Value::is_null) {
            row.insert("acknowledged_by".into(), json!(login));
            row.insert("acknowledged_at".into(), now.clone());
        }
        row.insert("status".into(), json!("resolved"));
        row.insert("false_positive".into(), json!(false_positive));
        row.insert("resolved_by".into(), json!(login));
        row.insert("resolved_at".into(), now);
        self.queue_change(&desk_sync::Change {
            action: "resolve_alert".into(),
            args: json!({
                "alert_id": id,
                "false_positive": false_positive,
                "note": note,
                "expected_version": version,
            }),
            target: Some(("alerts".into(), json!([id]))),
            optimistic: Some(row),
        })
        .await?;
        Ok(())
    }

    /// Adds an investigation note to an alert (offline too); returns its id.
    pub async fn alert_add_note(&self, id: i64, body: &str) -> Result<String, DeskError> {
        let login = self.signed_in_login("to add notes").await?;
        let body = check_note(body)?;
        self.alert_row(id).await?;
        let note_id = uuid::Uuid::new_v4().to_string();
        let args = json!({ "id": note_id, "alert_id": id, "body": body });
        let mut row: Map<String, Value> = args.as_object().cloned().unwrap_or_default();
        row.insert("author_login".into(), json!(login));
        row.insert("created_at".into(), json!(Utc::now().to_rfc3339()));
        self.queue_change(&desk_sync::Change {
            action: "add_alert_note".into(),
            args,
            target: Some(("alert_notes".into(), json!([note_id]))),
            optimistic: Some(row),
        })
        .await?;
        Ok(note_id)
    }

    /// The member's notification settings (their defaults until they save some).
    pub async fn notification_settings(&self) -> Result<NotificationSettings, DeskError> {
        let roles = self.signed_in_roles("to set notifications").await?;
        Ok(store::settings(self.store()?.pool())
            .await?
            .unwrap_or_else(|| NotificationSettings::defaults_for(&roles)))
    }

    /// Checks and saves the member's notification settings.
    pub async fn save_notification_settings(
        &self,
        settings: &NotificationSettings,
    ) -> Result<(), DeskError> {
        let roles = self.signed_in_roles("to set notifications").await?;
        settings
            .check(&roles)
            .map_err(|e| DeskError::InvalidInput(e.to_string()))?;
        store::save_settings(self.store()?.pool(), settings).await?;
        Ok(())
    }

    /// Decides about the alerts new since the last pass and hands their notifications to the
    /// OS: at the member's first sync, the alerts already there are taken as known. Called by
    /// the sync loop after each pull that brought alerts; `catching_up` after an offline period.
    pub async fn notify_new_alerts(&self, catching_up: bool) -> Result<NotifyReport, DeskError> {
        let settings = self.notification_settings().await?;
        let pool = self.store()?.pool();
        let now = Utc::now();
        let mut report = NotifyReport::default();
        if !store::baseline_taken(pool).await? {
            let n = store::take_baseline(pool, now).await?;
            report.baseline = u32::try_from(n).unwrap_or(u32::MAX);
            tracing::info!(alerts = n, "alerts baseline taken");
            return Ok(report);
        }
        let new = store::undecided(pool).await?;
        if new.is_empty() {
            return Ok(report);
        }
        let local = chrono::Local::now().time();
        let plan = plan(&new, &settings, now, local, catching_up)
            .map_err(|e| DeskError::InvalidInput(e.to_string()))?;
        let decided = store::decide(pool, &plan.outcomes, now).await?;
        report.decided = u32::try_from(decided.len()).unwrap_or(u32::MAX);
        let Some(notifier) = self.notifier() else {
            return Ok(report);
        };
        let summarised: Vec<i64> = plan
            .outcomes
            .iter()
            .filter(|(id, o)| {
                *o == desk_domain::alerts::Outcome::Summarised && decided.contains(id)
            })
            .map(|(id, _)| *id)
            .collect();
        for notice in &plan.notices {
            let ids: Vec<i64> = match notice.alert_id {
                Some(id) if decided.contains(&id) => vec![id],
                Some(_) => continue, // decided by an earlier pass: never twice
                None if summarised.is_empty() => continue,
                None => summarised.clone(),
            };
            let handed: DateTime<Utc> = Utc::now();
            match notifier.notify(notice) {
                Ok(()) => {
                    report.notifications += 1;
                    store::handed(pool, &ids, handed).await?;
                }
                Err(e) => {
                    report.failed += 1;
                    tracing::warn!(error = %e, title = %notice.title, "notification refused by the OS");
                }
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_needs_text_and_has_a_limit() {
        assert!(
            matches!(check_note("  "), Err(DeskError::InvalidInput(m)) if m.starts_with("note"))
        );
        assert_eq!(
            check_note(" relay drained ").ok().as_deref(),
            Some("relay drained")
        );
        assert!(check_note(&"x".repeat(NOTE_MAX + 1)).is_err());
    }
}
