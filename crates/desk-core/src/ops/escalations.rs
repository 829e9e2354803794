//! Customer escalations for ops (and CS, who open them and add updates): the list, one
//! escalation, the patterns report, and every change — opening, timeline entries, state
//! changes, resolving with its knowledge-base article, the customer's satisfaction — applied
//! to the local copy at once and queued through the outbox, so all of it works offline. Each
//! queued change bumps the local version by one, as the platform does, so changes made one
//! after another offline reach the platform without a false conflict.

use chrono::{DateTime, SecondsFormat, Utc};
use desk_domain::operations::{escalation_step_allowed, ESCALATION_STATES};
use desk_store::ops::escalations::{
    self as store, EscalationDetail, EscalationList, EscalationPatterns, EscalationQuery,
};
use desk_store::ops::tenants::TenantHit;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::alerts::NOTE_MAX;
use crate::{Desk, DeskError};

/// Severities of an escalation.
pub const SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];
/// Categories of an escalation.
pub const CATEGORIES: [&str; 7] = [
    "deliverability",
    "sending",
    "billing",
    "integration",
    "account",
    "performance",
    "other",
];
/// Kinds of timeline entry the member writes.
pub const ENTRY_KINDS: [&str; 5] = [
    "note",
    "finding",
    "root_cause",
    "vendor_contact",
    "customer_update",
];

/// A new escalation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewEscalation {
    /// The tenant.
    pub tenant_id: String,
    /// Title.
    pub title: String,
    /// critical, high, medium, low.
    pub severity: String,
    /// One of [`CATEGORIES`].
    pub category: String,
    /// What support knows: reporter, steps, affected campaigns.
    pub reporter_context: String,
}

/// A timeline entry, optionally moving the escalation on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationEntry {
    /// One of [`ENTRY_KINDS`].
    pub kind: String,
    /// The text.
    pub body: String,
    /// The state to move to, if any.
    pub new_state: Option<String>,
    /// For a customer update: when the next one is due (RFC 3339).
    pub next_update_due: Option<String>,
    /// For a vendor contact: the vendor.
    pub vendor: Option<String>,
}

/// The knowledge-base article written from a resolution.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArticleDraft {
    /// Its slug; empty: made from the title.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body_md: String,
    /// Tags.
    pub tags: Vec<String>,
}

fn text_problem(field: &str, text: &str, needed: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        Some(format!("{field}: {needed}"))
    } else if t.chars().count() > NOTE_MAX {
        Some(format!("{field}: at most {NOTE_MAX} characters"))
    } else {
        None
    }
}

/// A slug from a title: lower-case words joined by dashes.
pub fn slug_of(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The problems of a new escalation, one `field: message` line each.
pub fn new_problems(e: &NewEscalation) -> Vec<String> {
    let mut p = Vec::new();
    if uuid::Uuid::parse_str(e.tenant_id.trim()).is_err() {
        p.push("tenant: choose the customer".to_string());
    }
    p.extend(text_problem("title", &e.title, "say what is wrong"));
    if !SEVERITIES.contains(&e.severity.as_str()) {
        p.push("severity: critical, high, medium or low".to_string());
    }
    if !CATEGORIES.contains(&e.category.as_str()) {
        p.push(format!("category: one of {}", CATEGORIES.join(", ")));
    }
    p
}

/// The problems of an entry on an escalation now in `state`, at `now`.
pub fn entry_problems(state: &str, e: &EscalationEntry, now: DateTime<Utc>) -> Vec<String> {
    let mut p = Vec::new();
    if state == "closed" {
        p.push("state: the escalation is closed".to_string());
    }
    if !ENTRY_KINDS.contains(&e.kind.as_str()) {
        p.push(format!("kind: one of {}", ENTRY_KINDS.join(", ")));
    }
    p.extend(text_problem("text", &e.body, "write what happened"));
    if e.kind == "vendor_contact" && e.vendor.as_deref().is_none_or(|v| v.trim().is_empty()) {
        p.push("vendor: name the vendor contacted".to_string());
    }
    match (e.kind.as_str(), e.next_update_due.as_deref()) {
        ("customer_update", None) => {
            p.push("next update: say when the customer gets the next update".to_string())
        }
        (_, Some(due)) => match DateTime::parse_from_rfc3339(due) {
            Ok(d) if d.with_timezone(&Utc) > now => {}
            Ok(_) => p.push("next update: must be in the future".to_string()),
            Err(_) => p.push("next update: not a date and time".to_string()),
        },
        _ => {}
    }
    if let Some(to) = e.new_state.as_deref().filter(|to| *to != state) {
        if !ESCALATION_STATES.contains(&to) {
            p.push(format!("state: unknown state {to}"));
        } else if to == "resolved" {
            p.push("state: resolve it with its resolution (Resolve)".to_string());
        } else if !escalation_step_allowed(state, to) {
            p.push(format!(
                "state: an escalation that is {} cannot become {}",
                state.replace('_', " "),
                to.replace('_', " ")
            ));
        }
    }
    p
}

fn field<'a>(row: &'a Map<String, Value>, name: &str) -> &'a str {
    row.get(name).and_then(Value::as_str).unwrap_or("")
}

fn bump(row: &mut Map<String, Value>) -> Value {
    let version = row.get("version").and_then(Value::as_i64).unwrap_or(1);
    row.insert("version".into(), json!(version + 1));
    json!(version)
}

impl Desk {
    /// The escalations list (works offline).
    pub async fn ops_escalations(&self, q: &EscalationQuery) -> Result<EscalationList, DeskError> {
        self.signed_in_login("to see escalations").await?;
        Ok(store::list(self.store()?.pool(), q, Utc::now()).await?)
    }

    /// One escalation with its timeline.
    pub async fn ops_escalation(&self, id: &str) -> Result<EscalationDetail, DeskError> {
        self.signed_in_login("to see escalations").await?;
        store::detail(self.store()?.pool(), id, Utc::now())
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("No escalation {id} in the local copy.")))
    }

    /// Tenants to open an escalation for, by words in their name or domain (works offline).
    pub async fn ops_tenants(&self, query: &str) -> Result<Vec<TenantHit>, DeskError> {
        self.signed_in_login("to find customers").await?;
        Ok(desk_store::ops::tenants::search(self.store()?.pool(), query).await?)
    }

    /// The patterns report.
    pub async fn ops_escalation_patterns(&self) -> Result<EscalationPatterns, DeskError> {
        self.signed_in_login("to see escalations").await?;
        Ok(store::patterns(self.store()?.pool(), Utc::now()).await?)
    }

    async fn escalation_row(&self, id: &str) -> Result<Map<String, Value>, DeskError> {
        desk_sync::mirror::row(self.store()?.pool(), "escalations", &json!([id]))
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("No escalation {id} in the local copy.")))
    }

    /// Opens an escalation (queued; shown at once as pending); returns its id.
    pub async fn ops_open_escalation(&self, e: &NewEscalation) -> Result<String, DeskError> {
        let login = self.signed_in_login("to open escalations").await?;
        let problems = new_problems(e);
        if !problems.is_empty() {
            return Err(DeskError::refused("The escalation", &problems));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let now = Utc::now().to_rfc3339_opts(SecondsFormat::Micros, false);
        let mut row = Map::new();
        for (k, v) in [
            ("id", json!(id)),
            ("tenant_id", json!(e.tenant_id.trim())),
            ("title", json!(e.title.trim())),
            ("severity", json!(e.severity)),
            ("category", json!(e.category)),
            ("state", json!("new")),
            ("reporter_context", json!(e.reporter_context.trim())),
            ("reported_by", json!(login)),
            ("opened_at", json!(now)),
            ("version", json!(1)),
        ] {
            row.insert(k.into(), v);
        }
        self.queue_change(&desk_sync::Change {
            action: "open_escalation".into(),
            args: json!({
                "id": id, "tenant_id": e.tenant_id.trim(), "title": e.title.trim(),
                "severity": e.severity, "category": e.category,
                "reporter_context": e.reporter_context.trim(),
            }),
            target: Some(("escalations".into(), json!([id]))),
            optimistic: Some(row),
        })
        .await?;
        Ok(id)
    }

    /// Adds a timeline entry, optionally moving the escalation on (queued).
    pub async fn ops_escalation_entry(
        &self,
        id: &str,
        e: &EscalationEntry,
    ) -> Result<(), DeskError> {
        self.signed_in_login("to work escalations").await?;
        let mut row = self.escalation_row(id).await?;
        let state = field(&row, "state").to_string();
        let problems = entry_problems(&state, e, Utc::now());
        if !problems.is_empty() {
            return Err(DeskError::refused("The entry", &problems));
        }
        let body = e.body.trim();
        let new_state = e.new_state.clone().filter(|s| *s != state);
        if let Some(s) = &new_state {
            row.insert("state".into(), json!(s));
        }
        if let Some(due) = &e.next_update_due {
            row.insert("next_update_due".into(), json!(due));
        }
        match e.kind.as_str() {
            "root_cause" => {
                row.insert("root_cause".into(), json!(body));
            }
            "vendor_contact" => {
                row.insert("vendor".into(), json!(e.vendor.as_deref().map(str::trim)));
            }
            _ => {}
        }
        if new_state.as_deref() == Some("investigating") {
            row.insert("resolved_at".into(), Value::Null);
        }
        let version = bump(&mut row);
        self.queue_change(&desk_sync::Change {
            action: "update_escalation".into(),
            args: json!({
                "escalation_id": id, "entry_id": uuid::Uuid::new_v4().to_string(),
                "kind": e.kind, "body": body, "new_state": new_state,
                "next_update_due": e.next_update_due, "expected_version": version,
                "vendor": e.vendor.as_deref().map(str::trim),
            }),
            target: Some(("escalations".into(), json!([id]))),
            optimistic: Some(row),
        })
        .await?;
        Ok(())
    }

    /// Resolves an escalation with its resolution and, optionally, the knowledge-base article
    /// written from it in the same step (queued; the article is linked both ways).
    pub async fn ops_resolve_escalation(
        &self,
        id: &str,
        resolution: &str,
        article: Option<&ArticleDraft>,
    ) -> Result<(), DeskError> {
        self.signed_in_login("to resolve escalations").await?;
        let mut row = self.escalation_row(id).await?;
        let state = field(&row, "state").to_string();
        let mut problems = Vec::new();
        if !escalation_step_allowed(&state, "resolved") {
            problems.push(format!(
                "state: an escalation that is {} cannot be resolved",
                state.replace('_', " ")
            ));
        }
        problems.extend(text_problem(
            "resolution",
            resolution,
            "say how it was resolved",
        ));
        let article = article.map(|a| {
            let slug = if a.slug.trim().is_empty() {
                slug_of(&a.title)
            } else {
                a.slug.trim().to_string()
            };
            (slug, a)
        });
        if let Some((slug, a)) = &article {
            if slug.is_empty()
                || !slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                problems.push("slug: lower-case letters, digits and dashes".to_string());
            }
            if a.title.trim().is_empty() {
                problems.push("article title: an article needs a title".to_string());
            }
            if a.body_md.trim().is_empty() {
                problems.push("article: write the article".to_string());
            }
            let taken = desk_store::ops::kb::slug_taken(self.store()?.pool(), slug).await?;
            if taken {
                problems.push(format!("slug: an article {slug} already exists"));
            }
        }
        if !problems.is_empty() {
            return Err(DeskError::refused("The resolution", &problems));
        }
        let article_id = article.as_ref().map(|_| uuid::Uuid::new_v4().to_string());
        row.insert("state".into(), json!("resolved"));
        row.insert("resolution".into(), json!(resolution.trim()));
        row.insert(
            "resolved_at".into(),
            json!(Utc::now().to_rfc3339_opts(SecondsFormat::Micros, false)),
        );
        row.insert("next_update_due".into(), Value::Null);
        if let Some(a) = &article_id {
            row.insert("kb_article_id".into(), json!(a));
        }
        let version = bump(&mut row);
        let (slug, title, body_md, tags) = match &article {
            Some((slug, a)) => (
                json!(slug),
                json!(a.title.trim()),
                json!(a.body_md),
                json!(a
                    .tags
                    .iter()
                    .map(|t| t.trim())
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()),
            ),
            None => (Value::Null, Value::Null, Value::Null, json!([])),
        };
        self.queue_change(&desk_sync::Change {
            action: "resolve_escalation".into(),
            args: json!({
                "escalation_id": id, "entry_id": uuid::Uuid::new_v4().to_string(),
                "resolution": resolution.trim(), "article_id": article_id, "slug": slug,
                "title": title, "body_md": body_md, "tags": tags, "expected_version": version,
            }),
            target: Some(("escalations".into(), json!([id]))),
            optimistic: Some(row),
        })
        .await?;
        Ok(())
    }

    /// Records the customer's satisfaction (1–5) after resolution (queued).
    pub async fn ops_record_satisfaction(
        &self,
        id: &str,
        score: i32,
        note: &str,
    ) -> Result<(), DeskError> {
        self.signed_in_login("to record satisfaction").await?;
        let mut row = self.escalation_row(id).await?;
        let mut problems = Vec::new();
        if !(1..=5).contains(&score) {
            problems.push("satisfaction: a score from 1 to 5".to_string());
        }
        if !matches!(field(&row, "state"), "resolved" | "closed") {
            problems.push("satisfaction: record it once the escalation is resolved".to_string());
        }
        if !problems.is_empty() {
            return Err(DeskError::refused("The satisfaction", &problems));
        }
        row.insert("satisfaction".into(), json!(score));
        let note = note.trim();
        row.insert(
            "satisfaction_note".into(),
            if note.is_empty() {
                Value::Null
            } else {
                json!(note)
            },
        );
        bump(&mut row);
        self.queue_change(&desk_sync::Change {
            action: "record_satisfaction".into(),
            args: json!({
                "escalation_id": id, "entry_id": uuid::Uuid::new_v4().to_string(),
                "score": score, "note": note,
            }),
            target: Some(("escalations".into(), json!([id]))),
            optimistic: Some(row),
        })
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, new_state: Option<&str>, due: Option<&str>) -> EscalationEntry {
        EscalationEntry {
            kind: kind.into(),
            body: "Checked the DMARC record".into(),
            new_state: new_state.map(Into::into),
            next_update_due: due.map(Into::into),
            vendor: None,
        }
    }

    #[test]
    fn entries_are_checked_before_they_are_queued() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .expect("t")
            .with_timezone(&Utc);
        assert!(entry_problems("investigating", &entry("finding", None, None), now).is_empty());
        let p = entry_problems("investigating", &entry("customer_update", None, None), now);
        assert_eq!(
            p,
            vec!["next update: say when the customer gets the next update"]
        );
        let p = entry_problems("new", &entry("note", Some("closed"), None), now);
        assert_eq!(
            p,
            vec!["state: an escalation that is new cannot become closed"]
        );
        let p = entry_problems(
            "investigating",
            &entry("customer_update", None, Some("2026-12-01T09:00:00Z")),
            now,
        );
        assert_eq!(p, vec!["next update: must be in the future"]);
        let p = entry_problems("investigating", &entry("vendor_contact", None, None), now);
        assert_eq!(p, vec!["vendor: name the vendor contacted"]);
        assert_eq!(
            slug_of("Emails landing in spam at Outlook!"),
            "emails-landing-in-spam-at-outlook"
        );
    }
}
