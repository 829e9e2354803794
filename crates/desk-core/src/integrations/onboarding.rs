//! Onboarding a new integration through requirements → design → staging test → security
//! review → production: the onboardings from the synced copy (offline too) with the staff who
//! can own a step, starting one, giving a step its owner and completing a step with its
//! evidence. Steps complete in order; security completes the security review, ops the rest;
//! completing production adds the integration. Checked here first with what the laptop knows,
//! then by the platform; every change needs the platform and arrives back through sync.

use desk_domain::integrations::{completion_problems, StepProgress, INTEGRATION_KINDS};
use desk_platform::integrations::{self as platform, NewOnboarding};
use desk_store::integrations::{self as store, IntegrationOnboarding, OnboardingPerson};
use serde::{Deserialize, Serialize};

use crate::{Desk, DeskError};

/// The onboardings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationOnboardingBoard {
    /// Every onboarding, unfinished first, newest first.
    pub onboardings: Vec<IntegrationOnboarding>,
    /// The staff who can own a step (the security review's owner must be from security).
    pub people: Vec<OnboardingPerson>,
}

/// A new integration to onboard.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewIntegrationOnboarding {
    /// The integration's name to be, e.g. postmark.
    pub name: String,
    /// email_provider, payments, crm, chat, identity, analytics or other.
    pub kind: String,
    /// The vendor.
    pub vendor: String,
    /// The API version we will call.
    pub api_version: String,
    /// The vendor's status endpoint (the desk probes it once it is in production).
    pub status_url: Option<String>,
    /// Why the platform needs it.
    pub purpose: String,
}

/// The problems of a new onboarding, one `field: message` line each.
pub fn onboarding_problems(o: &NewIntegrationOnboarding) -> Vec<String> {
    let mut p = Vec::new();
    let name = o.name.trim();
    let name_ok = (2..=40).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !name_ok {
        p.push("name: 2 to 40 lower-case letters, digits and dashes, e.g. sendgrid".into());
    }
    if !INTEGRATION_KINDS.contains(&o.kind.as_str()) {
        p.push(format!("kind: unknown kind {:?}", o.kind));
    }
    if o.vendor.trim().is_empty() {
        p.push("vendor: name the vendor".into());
    }
    if o.api_version.trim().is_empty() {
        p.push("API version: say which API version we will call".into());
    }
    if let Some(url) = o
        .status_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        let ok = (url.starts_with("https://") || url.starts_with("http://"))
            && !url.contains(char::is_whitespace)
            && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
        if !ok {
            p.push(
                "status URL: an http(s) address, e.g. https://status.vendor.com/api/v2/status.json"
                    .into(),
            );
        }
    }
    p
}

impl Desk {
    /// The onboardings and the staff who can own a step, from the synced copy.
    pub async fn ops_onboardings(&self) -> Result<IntegrationOnboardingBoard, DeskError> {
        self.signed_in_login("to see the onboardings").await?;
        let pool = self.store()?.pool();
        Ok(IntegrationOnboardingBoard {
            onboardings: store::onboardings(pool).await?,
            people: store::people(pool).await?,
        })
    }

    /// Starts onboarding a new integration; returns its id. Needs the platform.
    pub async fn ops_start_onboarding(
        &self,
        o: &NewIntegrationOnboarding,
    ) -> Result<String, DeskError> {
        let problems = onboarding_problems(o);
        if !problems.is_empty() {
            return Err(DeskError::refused("The onboarding", &problems));
        }
        let pool = self
            .online_platform(
                "Starting an onboarding",
                "the screen shows the last synced onboardings",
            )
            .await?;
        let id = uuid::Uuid::new_v4().to_string();
        let url = o
            .status_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        let id = platform::start_onboarding(
            &pool,
            &NewOnboarding {
                id: &id,
                name: o.name.trim(),
                kind: &o.kind,
                vendor: o.vendor.trim(),
                api_version: o.api_version.trim(),
                status_url: url,
                purpose: o.purpose.trim(),
            },
        )
        .await?;
        self.wake_sync();
        Ok(id)
    }

    /// Gives a step of an onboarding its owner (a staff login). Needs the platform.
    pub async fn ops_assign_onboarding_step(
        &self,
        onboarding: &str,
        step: &str,
        owner: &str,
        expected_version: Option<i32>,
    ) -> Result<(), DeskError> {
        if owner.trim().is_empty() {
            return Err(DeskError::refused(
                "The owner",
                &["owner: choose who owns the step".into()],
            ));
        }
        let pool = self
            .online_platform(
                "Assigning a step",
                "the screen shows the last synced owners",
            )
            .await?;
        platform::assign_onboarding_step(&pool, onboarding, step, owner.trim(), expected_version)
            .await?;
        self.wake_sync();
        Ok(())
    }

    /// Completes a step of an onboarding with its evidence: refused here when the laptop
    /// already knows an earlier step is open, the step has no owner, the evidence is missing or
    /// the member's role does not complete that step; then by the platform. Needs the platform.
    pub async fn ops_complete_onboarding_step(
        &self,
        onboarding: &str,
        step: &str,
        evidence: &str,
        expected_version: Option<i32>,
    ) -> Result<(), DeskError> {
        let roles = self.signed_in_roles("to complete a step").await?;
        let known = store::onboardings(self.store()?.pool())
            .await?
            .into_iter()
            .find(|o| o.id == onboarding);
        let steps: Vec<StepProgress> = match &known {
            Some(o) => o
                .steps
                .iter()
                .map(|s| StepProgress {
                    step: s.step.clone(),
                    owner: s.owner.clone(),
                    completed: s.completed_at.is_some(),
                })
                .collect(),
            // Not synced yet: the platform checks the order and the owner alone.
            None => desk_domain::integrations::ONBOARDING_STEPS
                .iter()
                .map(|s| StepProgress {
                    step: s.to_string(),
                    owner: Some(String::new()),
                    completed: false,
                })
                .collect(),
        };
        let problems: Vec<String> = completion_problems(&steps, step, evidence, &roles)
            .into_iter()
            .filter(|p| known.is_some() || !p.starts_with("step: complete "))
            .collect();
        if !problems.is_empty() {
            return Err(DeskError::refused("Completing the step", &problems));
        }
        let pool = self
            .online_platform(
                "Completing a step",
                "the screen shows the last synced steps",
            )
            .await?;
        platform::complete_onboarding_step(
            &pool,
            onboarding,
            step,
            evidence.trim(),
            expected_version,
        )
        .await?;
        self.wake_sync();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(name: &str, kind: &str, url: Option<&str>) -> NewIntegrationOnboarding {
        NewIntegrationOnboarding {
            name: name.into(),
            kind: kind.into(),
            vendor: "Postmark".into(),
            api_version: "v1".into(),
            status_url: url.map(str::to_string),
            purpose: "transactional fallback".into(),
        }
    }

    #[test]
    fn a_new_onboarding_names_each_bad_field() {
        assert!(onboarding_problems(&new("postmark", "email_provider", None)).is_empty());
        assert!(onboarding_problems(&new(
            "postmark",
            "chat",
            Some("https://status.postmarkapp.com/api/v2/status.json")
        ))
        .is_empty());
        let bad = NewIntegrationOnboarding {
            vendor: " ".into(),
            api_version: String::new(),
            ..new("Post Mark", "mail", Some("status page"))
        };
        let p = onboarding_problems(&bad);
        assert_eq!(p.len(), 5, "{p:?}");
        let fields: Vec<&str> = p.iter().filter_map(|l| l.split(':').next()).collect();
        assert_eq!(
            fields,
            ["name", "kind", "vendor", "API version", "status URL"]
        );
    }
}
