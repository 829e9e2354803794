//! Security policies for administrators: the list and each policy's history from the local
//! copy (offline too), the preview of a change (every compliance rule it breaks, named with its
//! field, and who and what it affects: sessions that will end, members holding a newly
//! forbidden pair), and the change itself, which needs the platform and is checked there again.

use desk_platform::policies as platform;
use desk_store::admin::policies::{PolicyDetail, PolicyView};
use serde::{Deserialize, Serialize};

use crate::{Desk, DeskError};

/// What the policies screen shows while offline.
const MEANWHILE: &str = "the policies show the last synced state.";

/// A change of a policy's rules.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PolicyChange {
    /// The policy.
    pub name: String,
    /// The new rules, as a JSON object's text.
    pub rules: String,
    /// Why (kept with the version and in the audit trail).
    pub rationale: String,
    /// The version the administrator saw (refused if it moved on).
    pub expected_version: Option<i32>,
}

/// One subject a change affects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PolicyImpact {
    /// Who or what.
    pub subject: String,
    /// What happens to it.
    pub effect: String,
    /// Whether applying ends one of its sessions.
    pub ends_session: bool,
}

/// What a change would do, before it is applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PolicyPreview {
    /// Every compliance rule it breaks, `field: rule name: message` (empty: compliant).
    pub violations: Vec<String>,
    /// Who and what it affects.
    pub impact: Vec<PolicyImpact>,
}

/// What a change did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PolicyOutcome {
    /// The new version.
    pub version: i32,
    /// Staff sessions it ended.
    pub sessions_ended: i32,
    /// What happened, in a sentence.
    pub message: String,
}

/// The rules as a JSON object, or the field-named problem.
pub fn parse_rules(text: &str) -> Result<serde_json::Value, DeskError> {
    match serde_json::from_str::<serde_json::Value>(text.trim()) {
        Ok(v @ serde_json::Value::Object(_)) => Ok(v),
        Ok(_) => Err(DeskError::InvalidInput(
            "rules: the policy's rules are an object of fields".into(),
        )),
        Err(e) => Err(DeskError::InvalidInput(format!(
            "rules: not valid JSON ({e})"
        ))),
    }
}

/// A policy field's JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Boolean,
    List,
}

/// Each policy's fields, their type, and whether they are required (the platform's schema;
/// the platform checks the compliance rules on top).
fn schema(name: &str) -> Option<&'static [(&'static str, Kind, bool)]> {
    use Kind::*;
    Some(match name {
        "password" => &[("min_length", Number, true), ("max_age_days", Number, true)],
        "session" => &[
            ("idle_timeout_minutes", Number, true),
            ("max_lifetime_hours", Number, true),
        ],
        "mfa" => &[
            ("required_for_staff", Boolean, true),
            ("required_for_admins", Boolean, true),
            ("methods", List, false),
        ],
        "data_retention" => &[
            ("audit_days", Number, true),
            ("staff_archive_days", Number, true),
            ("usage_days", Number, false),
        ],
        "ip_allowlist" => &[("enabled", Boolean, true), ("cidrs", List, true)],
        "segregation_of_duties" => &[("pairs", List, true)],
        _ => return None,
    })
}

/// The problems with the shape of `rules` for policy `name`, one `field: message` line each:
/// unknown fields, missing ones, wrong types. The compliance rules are the platform's.
pub fn shape_problems(name: &str, rules: &serde_json::Value) -> Vec<String> {
    let Some(fields) = schema(name) else {
        return vec![format!("name: there is no security policy {name:?}")];
    };
    let Some(object) = rules.as_object() else {
        return vec!["rules: the policy's rules are an object of fields".into()];
    };
    let mut p = Vec::new();
    for key in object.keys() {
        if !fields.iter().any(|(f, _, _)| f == key) {
            let known: Vec<&str> = fields.iter().map(|(f, _, _)| *f).collect();
            p.push(format!(
                "{key}: the {name} policy has no field {key} (it has {})",
                known.join(", ")
            ));
        }
    }
    for (field, kind, required) in fields {
        match (object.get(*field), kind) {
            (None, _) if *required => p.push(format!("{field}: required")),
            (None, _) => {}
            (Some(v), Kind::Number) if !(v.is_i64() || v.is_u64()) => {
                p.push(format!("{field}: a whole number is required"))
            }
            (Some(v), Kind::Boolean) if !v.is_boolean() => {
                p.push(format!("{field}: true or false is required"))
            }
            (Some(v), Kind::List) if !v.is_array() => {
                p.push(format!("{field}: a list is required"))
            }
            _ => {}
        }
    }
    p
}

fn check_shape(name: &str, rules: &serde_json::Value) -> Result<(), DeskError> {
    let problems = shape_problems(name, rules);
    if problems.is_empty() {
        return Ok(());
    }
    Err(DeskError::refused(
        &format!("the {name} policy change"),
        &problems,
    ))
}

impl Desk {
    /// Every policy with its live rules (offline: the last synced state).
    pub async fn admin_policies(&self) -> Result<Vec<PolicyView>, DeskError> {
        self.signed_in_login("to see the security policies").await?;
        Ok(desk_store::admin::policies::policies(self.store()?.pool()).await?)
    }

    /// One policy with every version.
    pub async fn admin_policy(&self, name: &str) -> Result<PolicyDetail, DeskError> {
        self.signed_in_login("to see the security policies").await?;
        desk_store::admin::policies::policy(self.store()?.pool(), name)
            .await?
            .ok_or_else(|| {
                DeskError::NotFound(format!("There is no policy {name} in the local copy."))
            })
    }

    /// The compliance rules a change breaks and who and what it affects.
    pub async fn admin_policy_preview(
        &self,
        name: &str,
        rules: &str,
    ) -> Result<PolicyPreview, DeskError> {
        let rules = parse_rules(rules)?;
        let pool = self
            .online_platform("Previewing a policy change", MEANWHILE)
            .await?;
        let shape = shape_problems(name, &rules);
        let violations = if shape.is_empty() {
            platform::violations(&pool, name, &rules).await?
        } else {
            shape
        };
        let impact = platform::impact(&pool, name, &rules)
            .await?
            .into_iter()
            .map(|i| PolicyImpact {
                subject: i.subject,
                effect: i.effect,
                ends_session: i.ends_session,
            })
            .collect();
        Ok(PolicyPreview { violations, impact })
    }

    /// Applies a change; refused listing every violated rule with its field.
    pub async fn admin_change_policy(&self, c: &PolicyChange) -> Result<PolicyOutcome, DeskError> {
        let rationale = c.rationale.trim();
        if rationale.is_empty() {
            return Err(DeskError::InvalidInput(
                "rationale: say why the policy changes (it is kept with the version and in the audit trail)"
                    .into(),
            ));
        }
        let rules = parse_rules(&c.rules)?;
        check_shape(&c.name, &rules)?;
        let pool = self
            .online_platform("Changing a security policy", MEANWHILE)
            .await?;
        let (version, sessions_ended) =
            platform::change(&pool, &c.name, &rules, rationale, c.expected_version).await?;
        self.wake_sync();
        tracing::info!(policy = %c.name, version, sessions_ended, "security policy changed");
        let message = match sessions_ended {
            0 => format!("Version {version} of the {} policy is live.", c.name),
            1 => format!(
                "Version {version} of the {} policy is live; 1 staff session ended.",
                c.name
            ),
            n => format!(
                "Version {version} of the {} policy is live; {n} staff sessions ended.",
                c.name
            ),
        };
        Ok(PolicyOutcome {
            version,
            sessions_ended,
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_is_checked_against_the_policy_schema() {
        let rules = serde_json::json!({"min_length": 14.5, "colour": "blue"});
        assert_eq!(
            shape_problems("password", &rules),
            [
                "colour: the password policy has no field colour (it has min_length, max_age_days)",
                "min_length: a whole number is required",
                "max_age_days: required",
            ]
        );
        let allow = serde_json::json!({"enabled": "yes", "cidrs": "10.0.0.0/8"});
        assert_eq!(
            shape_problems("ip_allowlist", &allow),
            [
                "enabled: true or false is required",
                "cidrs: a list is required"
            ]
        );
        let mfa = serde_json::json!({"required_for_staff": true, "required_for_admins": true});
        assert!(
            shape_problems("mfa", &mfa).is_empty(),
            "methods is optional"
        );
        assert_eq!(
            shape_problems("firewall", &mfa),
            ["name: there is no security policy \"firewall\""]
        );
    }

    #[test]
    fn rules_must_be_a_json_object() {
        assert!(parse_rules(r#"{"min_length": 14}"#).is_ok());
        for bad in ["[1]", "14", "{min_length: 14}"] {
            match parse_rules(bad) {
                Err(DeskError::InvalidInput(m)) => assert!(m.starts_with("rules: "), "{m}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
