//! Customer success for the signed-in CSM: the book of accounts, search, the account 360,
//! touchpoints and milestones. Reads come from the local store (offline too); each change is
//! applied to the local copy at once, queued for the platform through the sync engine's
//! outbox, and the account's derived row is re-derived so the book shows it immediately.

use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

use desk_store::cs::{self, Account360, BookPage, BookQuery, RefreshReport, Scope, SearchHit};
use desk_sync::PullReport;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::{Desk, DeskError};

/// The collections the book is derived from: a pull that changed any of them re-derives it.
pub const SOURCES: &[&str] = &[
    "tenants",
    "plans",
    "staff",
    "subscriptions",
    "subscription_events",
    "usage_daily",
    "invoices",
    "payments",
    "disputes",
    "escalations",
    "cs_touchpoints",
];

/// The book's sources whose changed rows name the tenant they belong to (collection →
/// column): a change there re-derives just those accounts. A change in another source (plans,
/// staff, disputes) re-derives every account.
pub const WATCH: &[(&str, &str)] = &[
    ("tenants", "id"),
    ("usage_daily", "tenant_id"),
    ("subscriptions", "tenant_id"),
    ("subscription_events", "tenant_id"),
    ("invoices", "tenant_id"),
    ("payments", "tenant_id"),
    ("escalations", "tenant_id"),
    ("cs_touchpoints", "tenant_id"),
];

/// More accounts than this changed: re-derive them all in one pass instead.
pub const MAX_TARGETED: usize = 2_000;

/// What a pull means for the book of accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshPlan {
    /// Nothing it depends on changed.
    Nothing,
    /// Re-derive every account.
    All,
    /// Re-derive these accounts.
    Tenants(Vec<String>),
}

/// Decides what to re-derive after a pull.
pub fn refresh_plan(report: &PullReport) -> RefreshPlan {
    let source = |c: &String| SOURCES.contains(&c.as_str());
    let watched = |c: &String| WATCH.iter().any(|(w, _)| *w == c.as_str());
    if report
        .copied
        .iter()
        .chain(&report.dropped)
        .chain(&report.watch_overflow)
        .any(source)
        || report.changed.iter().any(|c| source(c) && !watched(c))
    {
        return RefreshPlan::All;
    }
    let tenants: BTreeSet<&String> = report
        .watched
        .iter()
        .filter(|(c, _)| watched(c))
        .flat_map(|(_, ids)| ids)
        .collect();
    match tenants.len() {
        0 => RefreshPlan::Nothing,
        n if n > MAX_TARGETED => RefreshPlan::All,
        _ => RefreshPlan::Tenants(tenants.into_iter().cloned().collect()),
    }
}

/// The kinds of touchpoint.
pub const TOUCHPOINT_KINDS: &[&str] = &["call", "email", "meeting", "note"];

/// A touchpoint as the CSM types it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TouchpointDraft {
    /// The account.
    pub tenant_id: String,
    /// call, email, meeting or note.
    pub kind: String,
    /// What it was about (required).
    pub summary: String,
    /// What was agreed or learned.
    pub outcome: String,
    /// The follow-up, if any.
    pub next_step: Option<String>,
    /// When it happened (RFC 3339); not in the future.
    pub happened_at: String,
}

/// The longest summary, outcome or next step accepted.
pub const MAX_TEXT: usize = 4000;

impl TouchpointDraft {
    /// Checks the draft; the message names each field that is wrong.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, DeskError> {
        let mut problems = Vec::new();
        if !TOUCHPOINT_KINDS.contains(&self.kind.as_str()) {
            problems.push(format!(
                "kind: choose one of {}",
                TOUCHPOINT_KINDS.join(", ")
            ));
        }
        if self.summary.trim().is_empty() {
            problems.push("summary: say what the touchpoint was about".to_string());
        }
        for (field, text) in [
            ("summary", self.summary.as_str()),
            ("outcome", self.outcome.as_str()),
            ("next step", self.next_step.as_deref().unwrap_or("")),
        ] {
            if text.chars().count() > MAX_TEXT {
                problems.push(format!("{field}: at most {MAX_TEXT} characters"));
            }
        }
        let at = match DateTime::parse_from_rfc3339(&self.happened_at) {
            Ok(t) => {
                let t = t.with_timezone(&Utc);
                if t > now + chrono::Duration::minutes(5) {
                    problems.push("when: a touchpoint cannot be in the future".to_string());
                }
                Some(t)
            }
            Err(_) => {
                problems.push("when: not a date and time".to_string());
                None
            }
        };
        match (problems.is_empty(), at) {
            (true, Some(at)) => Ok(at),
            _ => Err(DeskError::InvalidInput(problems.join("; "))),
        }
    }
}

impl Desk {
    async fn login(&self) -> Result<String, DeskError> {
        self.signed_in_login("to see the book of accounts").await
    }

    /// The member's staff id, from the synced staff directory.
    async fn my_staff_id(&self, login: &str) -> Result<Option<String>, DeskError> {
        let store = self.store()?;
        if !desk_store::mirrors::has_mirror(store.pool(), "staff").await? {
            return Ok(None);
        }
        sqlx::query_scalar("SELECT id FROM mirror_staff WHERE login = ?")
            .bind(login)
            .fetch_optional(store.pool())
            .await
            .map_err(|e| DeskError::Store(e.to_string()))
    }

    /// A page of the book of accounts.
    pub async fn cs_book(&self, query: &BookQuery) -> Result<BookPage, DeskError> {
        let login = self.login().await?;
        Ok(cs::page(self.store()?.pool(), query, Some(&login)).await?)
    }

    /// Accounts whose name or domain contains `text`.
    pub async fn cs_search(&self, text: &str, limit: u32) -> Result<Vec<SearchHit>, DeskError> {
        self.login().await?;
        Ok(cs::search(self.store()?.pool(), text, limit).await?)
    }

    /// The account 360 of one tenant.
    pub async fn cs_account(&self, tenant_id: &str) -> Result<Account360, DeskError> {
        self.login().await?;
        cs::account(self.store()?.pool(), tenant_id)
            .await?
            .ok_or_else(|| {
                DeskError::NotFound(format!("No account {tenant_id} in the local copy."))
            })
    }

    /// Re-derives the book (all accounts, or one), one refresh at a time.
    pub async fn cs_refresh(&self, tenant: Option<&str>) -> Result<RefreshReport, DeskError> {
        match tenant {
            Some(t) => {
                self.cs_refresh_scope(Scope::Tenants(&[t.to_string()]))
                    .await
            }
            None => self.cs_refresh_scope(Scope::All).await,
        }
    }

    /// Re-derives the accounts in `scope`, one refresh at a time.
    pub async fn cs_refresh_scope(&self, scope: Scope<'_>) -> Result<RefreshReport, DeskError> {
        let store = self.store()?;
        let _one_at_a_time = self.cs_refresh.lock().await;
        let started = std::time::Instant::now();
        let report = cs::refresh(store.pool(), Utc::now().date_naive(), scope).await?;
        tracing::info!(accounts = report.accounts, as_of = ?report.as_of, took = ?started.elapsed(), "book of accounts derived");
        Ok(report)
    }

    /// Whether the book must be derived before it can be shown: tenants are synced but no
    /// account is derived yet (first sync, or a store from before the book existed).
    pub async fn cs_needs_refresh(&self) -> Result<bool, DeskError> {
        let pool = self.store()?.pool();
        if !desk_store::mirrors::has_mirror(pool, "tenants").await? {
            return Ok(false);
        }
        let derived: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cs_accounts)")
            .fetch_one(pool)
            .await
            .map_err(|e| DeskError::Store(e.to_string()))?;
        Ok(!derived)
    }

    /// Records a touchpoint: shown at once (pending), queued for the platform. Returns its id.
    pub async fn cs_add_touchpoint(&self, draft: &TouchpointDraft) -> Result<String, DeskError> {
        let login = self.login().await?;
        let now = Utc::now();
        let at = draft.validate(now)?;
        self.cs_account_exists(&draft.tenant_id).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let happened_at = at.to_rfc3339();
        let next_step = draft
            .next_step
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let args = json!({
            "id": id,
            "tenant_id": draft.tenant_id,
            "kind": draft.kind,
            "summary": draft.summary.trim(),
            "outcome": draft.outcome.trim(),
            "next_step": next_step,
            "happened_at": happened_at,
        });
        let mut row: Map<String, Value> = args.as_object().cloned().unwrap_or_default();
        row.insert("author".into(), json!(self.my_staff_id(&login).await?));
        row.insert("created_at".into(), json!(now.to_rfc3339()));
        row.insert("version".into(), json!(1));
        self.queue_change(&desk_sync::Change {
            action: "add_touchpoint".into(),
            args,
            target: Some(("cs_touchpoints".into(), json!([id]))),
            optimistic: Some(row),
        })
        .await?;
        self.cs_refresh(Some(&draft.tenant_id)).await?;
        Ok(id)
    }

    /// Ticks an onboarding milestone off (or back on): shown at once, queued for the platform.
    pub async fn cs_complete_milestone(
        &self,
        milestone_id: &str,
        done: bool,
    ) -> Result<(), DeskError> {
        let login = self.login().await?;
        let store = self.store()?;
        let key = json!([milestone_id]);
        let mut row = desk_sync::mirror::row(store.pool(), "onboarding_milestones", &key)
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("No milestone {milestone_id}.")))?;
        let tenant_id = row
            .get("tenant_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let version = row.get("version").cloned().unwrap_or(Value::Null);
        let now = Utc::now().to_rfc3339();
        let me = self.my_staff_id(&login).await?;
        row.insert(
            "completed_at".into(),
            if done { json!(now) } else { Value::Null },
        );
        row.insert(
            "completed_by".into(),
            if done { json!(me) } else { Value::Null },
        );
        self.queue_change(&desk_sync::Change {
            action: "complete_milestone".into(),
            args: json!({
                "id": milestone_id,
                "done": done,
                "expected_version": version,
                "tenant_id": tenant_id,
            }),
            target: Some(("onboarding_milestones".into(), key)),
            optimistic: Some(row),
        })
        .await?;
        self.cs_refresh(Some(&tenant_id)).await?;
        Ok(())
    }

    async fn cs_account_exists(&self, tenant_id: &str) -> Result<(), DeskError> {
        let pool = self.store()?.pool();
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM cs_accounts WHERE tenant_id = ?")
            .bind(tenant_id)
            .fetch_one(pool)
            .await
            .map_err(|e| DeskError::Store(e.to_string()))?;
        if n == 0 {
            return Err(DeskError::NotFound(format!(
                "No account {tenant_id} in the local copy."
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> TouchpointDraft {
        TouchpointDraft {
            tenant_id: "t".into(),
            kind: "call".into(),
            summary: "QBR prep".into(),
            outcome: String::new(),
            next_step: None,
            happened_at: "2026-11-20T10:00:00Z".into(),
        }
    }

    fn report() -> PullReport {
        PullReport::default()
    }

    #[test]
    fn a_pull_re_derives_only_the_accounts_it_touched() {
        assert_eq!(refresh_plan(&report()), RefreshPlan::Nothing);
        let mut r = report();
        r.changed = vec!["usage_daily".into(), "alerts".into()];
        r.watched
            .entry("usage_daily".into())
            .or_default()
            .extend(["t2".to_string(), "t1".to_string()]);
        r.watched
            .entry("invoices".into())
            .or_default()
            .insert("t1".into());
        assert_eq!(
            refresh_plan(&r),
            RefreshPlan::Tenants(vec!["t1".into(), "t2".into()])
        );
        // A plan's price or a colleague's name touches every account.
        r.changed.push("plans".into());
        assert_eq!(refresh_plan(&r), RefreshPlan::All);
        // So does a full copy, or more changes than a pull lists.
        let mut r = report();
        r.copied = vec!["tenants".into()];
        assert_eq!(refresh_plan(&r), RefreshPlan::All);
        let mut r = report();
        r.watch_overflow = vec!["usage_daily".into()];
        assert_eq!(refresh_plan(&r), RefreshPlan::All);
        // Collections the book does not read change nothing.
        let mut r = report();
        r.changed = vec!["alerts".into()];
        assert_eq!(refresh_plan(&r), RefreshPlan::Nothing);
    }

    #[test]
    fn a_touchpoint_needs_a_kind_a_summary_and_a_time_not_in_the_future() {
        let now = DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        assert!(draft().validate(now).is_ok());
        let mut bad = draft();
        bad.kind = "fax".into();
        bad.summary = "  ".into();
        bad.happened_at = "2026-12-01T00:00:00Z".into();
        let Err(DeskError::InvalidInput(m)) = bad.validate(now) else {
            panic!("refused");
        };
        assert!(
            m.contains("kind") && m.contains("summary") && m.contains("future"),
            "{m}"
        );
        bad.happened_at = "yesterday".into();
        assert!(bad.validate(now).is_err());
    }
}
