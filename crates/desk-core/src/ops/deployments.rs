//! Deployments and rollbacks for ops: the board from the synced copy (offline too), and the
//! requests the platform's deployer picks up (a deployment, a rollback), which need the
//! platform; their progress arrives through sync. A finished rollback gets its impact
//! assessment and lessons learned.

use desk_platform::operations as platform;
use desk_store::ops::deployments::{self as store, DeploymentBoard, DeploymentQuery};
use serde::Deserialize;

use crate::{Desk, DeskError};

/// A deployment to request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentRequest {
    /// The service.
    pub service: String,
    /// The release, e.g. 2026.3.14.
    pub version: String,
    /// The automated test run it passed, e.g. "ci#48213: 1204 passed, 0 failed".
    pub test_result_ref: String,
    /// Why.
    pub reason: String,
}

/// The problems of a request before it is sent, one `field: message` line each.
pub fn request_problems(r: &DeploymentRequest) -> Vec<String> {
    let mut p = Vec::new();
    if r.service.trim().is_empty() {
        p.push("service: choose a service".to_string());
    }
    let v = r.version.trim();
    let version_ok = v.len() <= 40
        && v.starts_with(|c: char| c.is_ascii_alphanumeric())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".+-".contains(c));
    if !version_ok {
        p.push("version: letters, digits, dots, plus and dashes, e.g. 2026.3.14".to_string());
    }
    if r.test_result_ref.trim().is_empty() {
        p.push("tests: give the automated test run this release passed".to_string());
    }
    if r.reason.trim().is_empty() {
        p.push("reason: say why it is being deployed".to_string());
    }
    p
}

impl Desk {
    /// The deployments board (works offline).
    pub async fn ops_deployments(&self, q: &DeploymentQuery) -> Result<DeploymentBoard, DeskError> {
        self.signed_in_login("to see deployments").await?;
        Ok(store::board(self.store()?.pool(), q).await?)
    }

    /// Asks the deployer for a deployment; returns its id. Needs the platform.
    pub async fn ops_request_deployment(&self, r: &DeploymentRequest) -> Result<i64, DeskError> {
        let problems = request_problems(r);
        if !problems.is_empty() {
            return Err(DeskError::refused("The deployment request", &problems));
        }
        let pool = self
            .online_platform(
                "Requesting a deployment",
                "the board shows the last synced deployments",
            )
            .await?;
        let id = platform::request_deployment(
            &pool,
            r.service.trim(),
            r.version.trim(),
            r.test_result_ref.trim(),
            r.reason.trim(),
        )
        .await?;
        self.wake_sync();
        Ok(id)
    }

    /// Asks the deployer to roll `deployment` back to its previous stable version; returns
    /// the request's id. Needs the platform.
    pub async fn ops_request_rollback(
        &self,
        deployment: i64,
        reason: &str,
    ) -> Result<String, DeskError> {
        if reason.trim().is_empty() {
            return Err(DeskError::refused(
                "The rollback",
                &["reason: say why it is being rolled back".into()],
            ));
        }
        let pool = self
            .online_platform(
                "Requesting a rollback",
                "the board shows the last synced deployments",
            )
            .await?;
        let id = platform::request_rollback(&pool, deployment, reason.trim()).await?;
        self.wake_sync();
        Ok(id)
    }

    /// Records a finished rollback's impact assessment and lessons learned. Needs the platform.
    pub async fn ops_review_rollback(
        &self,
        rollback: &str,
        impact: &str,
        lessons: &str,
    ) -> Result<(), DeskError> {
        let mut problems = Vec::new();
        if impact.trim().is_empty() {
            problems.push("impact: say who and what was affected".to_string());
        }
        if lessons.trim().is_empty() {
            problems.push("lessons: say what we learned".to_string());
        }
        if !problems.is_empty() {
            return Err(DeskError::refused("The review", &problems));
        }
        let pool = self
            .online_platform(
                "Reviewing a rollback",
                "the board shows the last synced review",
            )
            .await?;
        platform::review_rollback(&pool, rollback, impact.trim(), lessons.trim()).await?;
        self.wake_sync();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_names_each_missing_or_malformed_field() {
        let r = DeploymentRequest {
            service: String::new(),
            version: "v 1".into(),
            test_result_ref: " ".into(),
            reason: String::new(),
        };
        let p = request_problems(&r);
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p[1].starts_with("version:"));
        let ok = DeploymentRequest {
            service: "smtp-relay".into(),
            version: "2026.3.14".into(),
            test_result_ref: "ci#1: 10 passed".into(),
            reason: "bounce parsing".into(),
        };
        assert!(request_problems(&ok).is_empty());
    }
}
