//! Billing for finance: the invoice list, one invoice in full, receivables aging,
//! reconciliation exceptions, failed payments (dunning) with follow-up notes, disputes, and
//! the proration preview of a plan or seat change — read from the local store (offline too);
//! notes and dispute changes are shown at once and queued for the platform.

use chrono::{DateTime, Utc};
use desk_domain::billing::proration::{
    preview_plan_change, BillingInterval, BillingPeriod, PlanSelection, PlanTerms, Pricing,
    ProrationPreview,
};
use desk_domain::money::Money;
use desk_store::billing::{
    self, AgingRow, CurrentSubscription, DisputeView, DunningCase, InvoiceDetail, InvoicePage,
    InvoiceQuery, PlanOption, ReconciliationReport, TenantOption,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::{Desk, DeskError};

/// The longest follow-up note, in characters (the platform allows the same).
pub const NOTE_MAX: usize = 4000;
/// The longest dispute evidence text, in characters.
pub const EVIDENCE_MAX: usize = 20_000;
const DISPUTE_STATUSES: [&str; 4] = ["needs_response", "under_review", "won", "lost"];

/// A change finance makes to a dispute: its status, and the evidence submitted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DisputeUpdate {
    /// The dispute.
    pub dispute_id: i64,
    /// needs_response, under_review, won or lost.
    pub status: String,
    /// The evidence text (replaces what was there); none keeps it.
    pub evidence: Option<String>,
    /// Why, for the audit trail.
    pub reason: Option<String>,
}

/// What a proration preview is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProrationRequest {
    /// The tenant.
    pub tenant_id: String,
    /// The plan to move to; none keeps the current one.
    pub plan_code: Option<String>,
    /// The seats after the change; none keeps the current count.
    pub seats: Option<u32>,
    /// When the change takes effect (RFC 3339); none means now.
    pub change_at: Option<String>,
}

/// A tenant's subscription, the plans it could move to, and the preview asked for.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProrationQuote {
    /// The subscription now.
    pub subscription: CurrentSubscription,
    /// Plans in its currency.
    pub plans: Vec<PlanOption>,
    /// The preview, when a new plan or seat count was given.
    pub preview: Option<ProrationPreview>,
}

/// The text of a follow-up note, trimmed, or why it is refused.
pub fn check_note(body: &str, follow_up_done: bool) -> Result<String, DeskError> {
    let body = body.trim();
    if body.is_empty() && !follow_up_done {
        return Err(DeskError::InvalidInput(
            "note: write what was done, or mark the follow-up done".into(),
        ));
    }
    if body.chars().count() > NOTE_MAX {
        return Err(DeskError::InvalidInput(format!(
            "note: at most {NOTE_MAX} characters"
        )));
    }
    Ok(body.to_string())
}

/// Checks a dispute change against the dispute as the local copy has it (`status`,
/// `evidence`): the new status must be known, a closed dispute cannot change, and something
/// must change. Returns the trimmed evidence to send (none: unchanged).
pub fn check_dispute_update(
    update: &DisputeUpdate,
    status: &str,
    evidence: Option<&str>,
) -> Result<Option<String>, DeskError> {
    if !DISPUTE_STATUSES.contains(&update.status.as_str()) {
        return Err(DeskError::InvalidInput(format!(
            "status: {:?} is not one of {}",
            update.status,
            DISPUTE_STATUSES.join(", ")
        )));
    }
    if matches!(status, "won" | "lost") {
        return Err(DeskError::InvalidInput(format!(
            "Dispute {} is closed ({status}); it can no longer change.",
            update.dispute_id
        )));
    }
    let new_evidence = update
        .evidence
        .as_deref()
        .map(str::trim)
        .filter(|e| Some(*e) != evidence.map(str::trim));
    if new_evidence.is_some_and(|e| e.chars().count() > EVIDENCE_MAX) {
        return Err(DeskError::InvalidInput(format!(
            "evidence: at most {EVIDENCE_MAX} characters"
        )));
    }
    if update.status == status && new_evidence.is_none() {
        return Err(DeskError::InvalidInput(
            "Nothing to change: pick another status or edit the evidence.".into(),
        ));
    }
    Ok(new_evidence.map(str::to_string))
}

fn instant(field: &str, text: &str) -> Result<DateTime<Utc>, DeskError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| DeskError::InvalidInput(format!("{field}: {text:?} is not a date and time")))
}

/// The preview of `request` for `sub`, the plans being those of `plans`.
pub fn quote(
    sub: &CurrentSubscription,
    plans: &[PlanOption],
    request: &ProrationRequest,
    now: DateTime<Utc>,
) -> Result<Option<ProrationPreview>, DeskError> {
    if request.plan_code.is_none() && request.seats.is_none() {
        return Ok(None);
    }
    let corrupt = |what: &str| DeskError::Store(format!("the subscription's {what} is unknown"));
    let terms = |name: &str, pricing: &str, minor: i64, interval: &str| {
        Ok::<_, DeskError>(PlanTerms {
            name: name.to_string(),
            pricing: Pricing::from_db(pricing).ok_or_else(|| corrupt("pricing"))?,
            unit_price: Money::new(minor, sub.currency.clone()),
            interval: BillingInterval::from_db(interval).ok_or_else(|| corrupt("interval"))?,
        })
    };
    let seats_now = u32::try_from(sub.seats).map_err(|_| corrupt("seat count"))?;
    let from = PlanSelection {
        plan: terms(
            &sub.plan_name,
            &sub.pricing,
            sub.unit_price_minor,
            &sub.interval,
        )?,
        seats: seats_now,
    };
    let to_plan = match request.plan_code.as_deref() {
        None => from.plan.clone(),
        Some(code) if code == sub.plan_code => from.plan.clone(),
        Some(code) => {
            let p = plans.iter().find(|p| p.code == code).ok_or_else(|| {
                DeskError::InvalidInput(format!(
                    "plan: {code:?} is not a plan in {} this tenant can move to",
                    sub.currency
                ))
            })?;
            terms(&p.name, &p.pricing, p.price_minor, &p.interval)?
        }
    };
    let seats = request.seats.unwrap_or(seats_now);
    if seats == 0 {
        return Err(DeskError::InvalidInput("seats: at least 1".into()));
    }
    let period = BillingPeriod {
        start: instant("period start", &sub.period_start)?,
        end: instant("period end", &sub.period_end)?,
    };
    let change_at = match request.change_at.as_deref() {
        Some(t) => instant("change at", t)?,
        None => now,
    };
    let to = PlanSelection {
        plan: to_plan,
        seats,
    };
    preview_plan_change(&period, change_at, &from, &to)
        .map(Some)
        .map_err(|e| DeskError::InvalidInput(e.to_string()))
}

impl Desk {
    async fn finance_login(&self) -> Result<String, DeskError> {
        self.signed_in_login("to see billing").await
    }

    /// A page of invoices.
    pub async fn billing_invoices(&self, query: &InvoiceQuery) -> Result<InvoicePage, DeskError> {
        self.finance_login().await?;
        Ok(billing::invoices(self.store()?.pool(), query).await?)
    }

    /// One invoice with its lines, payments and credit notes.
    pub async fn billing_invoice(&self, id: i64) -> Result<InvoiceDetail, DeskError> {
        self.finance_login().await?;
        billing::invoice(self.store()?.pool(), id)
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("No invoice {id} in the local copy.")))
    }

    /// Receivables by age, per currency.
    pub async fn billing_aging(&self) -> Result<Vec<AgingRow>, DeskError> {
        self.finance_login().await?;
        Ok(billing::ar_aging(self.store()?.pool()).await?)
    }

    /// Reconciliation exceptions.
    pub async fn billing_exceptions(&self) -> Result<ReconciliationReport, DeskError> {
        self.finance_login().await?;
        Ok(billing::exceptions(self.store()?.pool()).await?)
    }

    /// Failed payments with their retries and notes.
    pub async fn billing_dunning(&self, open_only: bool) -> Result<Vec<DunningCase>, DeskError> {
        self.finance_login().await?;
        Ok(billing::dunning(self.store()?.pool(), open_only).await?)
    }

    /// Disputes.
    pub async fn billing_disputes(&self, open_only: bool) -> Result<Vec<DisputeView>, DeskError> {
        self.finance_login().await?;
        Ok(billing::disputes(self.store()?.pool(), open_only).await?)
    }

    /// Tenants for a picker.
    pub async fn billing_tenants(&self, search: &str) -> Result<Vec<TenantOption>, DeskError> {
        self.finance_login().await?;
        Ok(billing::tenant_options(self.store()?.pool(), search, 50).await?)
    }

    /// A tenant's subscription and plans, and the preview of the change asked for.
    pub async fn billing_proration(
        &self,
        request: &ProrationRequest,
    ) -> Result<ProrationQuote, DeskError> {
        self.finance_login().await?;
        let (subscription, plans) =
            billing::plan_change_context(self.store()?.pool(), &request.tenant_id)
                .await?
                .ok_or_else(|| {
                    DeskError::NotFound(format!(
                        "No subscription of tenant {} in the local copy.",
                        request.tenant_id
                    ))
                })?;
        let preview = quote(&subscription, &plans, request, Utc::now())?;
        Ok(ProrationQuote {
            subscription,
            plans,
            preview,
        })
    }

    /// Adds a follow-up note to a failed payment: shown at once (pending), queued for the
    /// platform. Returns the note's id.
    pub async fn billing_add_dunning_note(
        &self,
        payment_id: i64,
        body: &str,
        follow_up_done: bool,
    ) -> Result<String, DeskError> {
        let login = self.signed_in_login("to follow up failed payments").await?;
        let body = check_note(body, follow_up_done)?;
        billing::dunning::failed_payment(self.store()?.pool(), payment_id)
            .await?
            .ok_or_else(|| {
                DeskError::NotFound(format!("No failed payment {payment_id} in the local copy."))
            })?;
        let id = uuid::Uuid::new_v4().to_string();
        let args = json!({
            "id": id,
            "payment_id": payment_id,
            "body": body,
            "follow_up_done": follow_up_done,
        });
        let mut row: Map<String, Value> = args.as_object().cloned().unwrap_or_default();
        row.insert("author_login".into(), json!(login));
        row.insert("created_at".into(), json!(Utc::now().to_rfc3339()));
        self.queue_change(&desk_sync::Change {
            action: "add_dunning_note".into(),
            args,
            target: Some(("dunning_notes".into(), json!([id]))),
            optimistic: Some(row),
        })
        .await?;
        Ok(id)
    }

    /// Changes a dispute's status or evidence: shown at once (pending), queued for the
    /// platform, which refuses it if someone changed the dispute meanwhile.
    pub async fn billing_update_dispute(&self, update: &DisputeUpdate) -> Result<(), DeskError> {
        self.signed_in_login("to work disputes").await?;
        let store = self.store()?;
        let key = json!([update.dispute_id]);
        let mut row = desk_sync::mirror::row(store.pool(), "disputes", &key)
            .await?
            .ok_or_else(|| {
                DeskError::NotFound(format!(
                    "No dispute {} in the local copy.",
                    update.dispute_id
                ))
            })?;
        let status = row
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let evidence = row
            .get("evidence")
            .and_then(Value::as_str)
            .map(str::to_string);
        let new_evidence = check_dispute_update(update, &status, evidence.as_deref())?;
        let version = row.get("version").cloned().unwrap_or(Value::Null);
        row.insert("status".into(), json!(update.status));
        if let Some(e) = &new_evidence {
            row.insert("evidence".into(), json!(e));
        }
        if matches!(update.status.as_str(), "won" | "lost") {
            row.insert("closed_at".into(), json!(Utc::now().to_rfc3339()));
        }
        let reason = update
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        self.queue_change(&desk_sync::Change {
            action: "update_dispute".into(),
            args: json!({
                "dispute_id": update.dispute_id,
                "status": update.status,
                "evidence": new_evidence,
                "reason": reason,
                "expected_version": version,
            }),
            target: Some(("disputes".into(), key)),
            optimistic: Some(row),
        })
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(status: &str, evidence: Option<&str>) -> DisputeUpdate {
        DisputeUpdate {
            dispute_id: 7,
            status: status.into(),
            evidence: evidence.map(str::to_string),
            reason: None,
        }
    }

    #[test]
    fn a_note_needs_text_unless_it_closes_the_follow_up() {
        assert!(
            matches!(check_note("  ", false), Err(DeskError::InvalidInput(m)) if m.starts_with("note"))
        );
        assert_eq!(check_note("  ", true).ok().as_deref(), Some(""));
        assert_eq!(
            check_note(" Called, card replaced ", false).ok().as_deref(),
            Some("Called, card replaced")
        );
        assert!(check_note(&"x".repeat(NOTE_MAX + 1), false).is_err());
    }

    #[test]
    fn a_dispute_change_must_change_something_on_an_open_dispute() {
        assert!(
            check_dispute_update(&update("won", None), "lost", None).is_err(),
            "closed"
        );
        assert!(
            check_dispute_update(&update("appealed", None), "needs_response", None).is_err(),
            "unknown status"
        );
        assert!(
            check_dispute_update(
                &update("needs_response", Some(" logs ")),
                "needs_response",
                Some("logs")
            )
            .is_err(),
            "same status and evidence"
        );
        assert_eq!(
            check_dispute_update(
                &update("under_review", Some(" logs ")),
                "needs_response",
                None
            )
            .ok(),
            Some(Some("logs".to_string()))
        );
        assert_eq!(
            check_dispute_update(&update("won", None), "under_review", Some("x")).ok(),
            Some(None),
            "a status change alone keeps the evidence"
        );
    }

    fn sub() -> CurrentSubscription {
        CurrentSubscription {
            id: 1,
            tenant_id: "t".into(),
            tenant_name: "Acme".into(),
            plan_code: "pro".into(),
            plan_name: "Pro".into(),
            pricing: "per_seat".into(),
            seats: 10,
            unit_price_minor: 3_000,
            currency: "EUR".into(),
            interval: "month".into(),
            period_start: "2026-04-01T00:00:00+00:00".into(),
            period_end: "2026-05-01T00:00:00+00:00".into(),
            status: "active".into(),
        }
    }

    fn request(plan: Option<&str>, seats: Option<u32>, at: &str) -> ProrationRequest {
        ProrationRequest {
            tenant_id: "t".into(),
            plan_code: plan.map(str::to_string),
            seats,
            change_at: Some(at.into()),
        }
    }

    #[test]
    fn adding_seats_half_way_credits_and_charges_half_the_month() {
        let now = Utc::now();
        let p = quote(
            &sub(),
            &[],
            &request(None, Some(20), "2026-04-16T00:00:00Z"),
            now,
        )
        .ok()
        .flatten();
        let p = p.as_ref();
        // 15 of 30 days unused: credit half of 10 × 30.00, charge half of 20 × 30.00.
        assert_eq!(
            p.map(|p| p.lines.iter().map(|l| l.amount_minor).collect::<Vec<_>>()),
            Some(vec![-15_000, 30_000])
        );
        assert_eq!(p.map(|p| p.net_minor), Some(15_000));
    }

    #[test]
    fn a_quote_without_a_change_has_no_preview_and_bad_input_is_named() {
        let now = Utc::now();
        assert_eq!(
            quote(&sub(), &[], &request(None, None, "x"), now).ok(),
            Some(None)
        );
        assert!(matches!(
            quote(&sub(), &[], &request(Some("enterprise"), None, "2026-04-16T00:00:00Z"), now),
            Err(DeskError::InvalidInput(m)) if m.starts_with("plan")
        ));
        assert!(matches!(
            quote(&sub(), &[], &request(None, Some(0), "2026-04-16T00:00:00Z"), now),
            Err(DeskError::InvalidInput(m)) if m.starts_with("seats")
        ));
        assert!(matches!(
            quote(&sub(), &[], &request(None, Some(5), "2026-06-01T00:00:00Z"), now),
            Err(DeskError::InvalidInput(m)) if m.contains("outside")
        ));
    }
}
