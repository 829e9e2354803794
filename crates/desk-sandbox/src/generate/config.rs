//! Platform configuration: settings and security policies, each with a short version history
//! (the current version is the last), and feature flags with rollout percentages, per-tenant
//! and per-plan targeting, prerequisites (always enabled when their dependants are), stale
//! flags awaiting clean-up and archived ones.

use chrono::Duration;
use rand::RngExt;

use super::tenants::TenantModel;
use super::{rng_for, Ctx};
use crate::load::Table;

/// (key, description, type, min, max, values oldest first)
type Setting = (
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
    Option<i64>,
    &'static [&'static str],
);

/// The configuration tables.
pub struct Tables {
    /// platform.platform_settings
    pub settings: Table,
    /// platform.platform_setting_versions
    pub setting_versions: Table,
    /// platform.security_policies
    pub policies: Table,
    /// platform.security_policy_versions
    pub policy_versions: Table,
    /// platform.feature_flags
    pub flags: Table,
}

/// Writes the configuration tables.
pub fn write(ctx: &Ctx, tenants: &[TenantModel]) -> Tables {
    let mut rng = rng_for(ctx.seed, "config", 0);
    let mut t = Tables {
        settings: Table::new(
            "platform.platform_settings",
            "key, description, value_type, min_value, max_value, current_version",
        ),
        setting_versions: Table::new(
            "platform.platform_setting_versions",
            "key, version, value, rationale, changed_by, changed_at",
        ),
        policies: Table::new("platform.security_policies", "name, description, current_version"),
        policy_versions: Table::new(
            "platform.security_policy_versions",
            "name, version, rules, rationale, changed_by, changed_at",
        ),
        flags: Table::new(
            "platform.feature_flags",
            "key, description, enabled, rollout_percent, prerequisites, rules, owner, stale_after, archived_at, \
             created_at, updated_at",
        ),
    };
    // (key, description, type, min, max, values oldest first)
    let settings: [Setting; 6] = [
        (
            "sending.daily_limit_per_mailbox",
            "Most e-mails one mailbox may send per day",
            "number",
            Some(10),
            Some(2000),
            &["300", "400", "500"],
        ),
        (
            "sending.warmup_days",
            "Days a new mailbox warms up before full volume",
            "number",
            Some(7),
            Some(60),
            &["21", "14"],
        ),
        (
            "tracking.open_pixel_enabled",
            "Whether open tracking pixels are added",
            "boolean",
            None,
            None,
            &["true"],
        ),
        (
            "billing.dunning_retry_days",
            "Days between payment retries",
            "number",
            Some(1),
            Some(14),
            &["3", "2"],
        ),
        (
            "support.banner_message",
            "Banner shown in the customer app",
            "string",
            None,
            None,
            &["\"\"", "\"Scheduled maintenance Sunday 02:00 UTC\""],
        ),
        (
            "trial.length_days",
            "Length of a free trial",
            "number",
            Some(7),
            Some(30),
            &["14"],
        ),
    ];
    for (key, desc, ty, min, max, values) in settings {
        t.settings
            .text(key)
            .text(desc)
            .text(ty)
            .opt_num(min)
            .opt_num(max)
            .num(values.len())
            .end();
        for (v, value) in values.iter().enumerate() {
            t.setting_versions
                .text(key)
                .num(v + 1)
                .text(value)
                .text(if v == 0 {
                    "initial value"
                } else {
                    "tuned after reviewing last month's numbers"
                })
                .text("sandbox_admin")
                .ts(ctx.now - Duration::days(400 - 90 * v as i64))
                .end();
        }
    }
    let policies: [(&str, &str, &[&str]); 5] = [
        (
            "password",
            "Staff password rules",
            &[
                r#"{"min_length": 12, "max_age_days": 365}"#,
                r#"{"min_length": 14, "max_age_days": 180}"#,
            ],
        ),
        (
            "session",
            "Staff session lifetime",
            &[r#"{"idle_timeout_minutes": 30}"#],
        ),
        (
            "mfa",
            "Multi-factor authentication",
            &[r#"{"required_for_staff": true, "methods": ["totp", "webauthn"]}"#],
        ),
        (
            "data_retention",
            "How long data is kept",
            &[r#"{"audit_days": 730, "usage_days": 1095}"#],
        ),
        (
            "ip_allowlist",
            "Where staff may sign in from",
            &[r#"{"enabled": false, "cidrs": []}"#],
        ),
    ];
    for (name, desc, versions) in policies {
        t.policies.text(name).text(desc).num(versions.len()).end();
        for (v, rules) in versions.iter().enumerate() {
            t.policy_versions
                .text(name)
                .num(v + 1)
                .text(rules)
                .text(if v == 0 {
                    "SOC 2 baseline"
                } else {
                    "tightened after the annual audit"
                })
                .text("sandbox_admin")
                .ts(ctx.now - Duration::days(500 - 120 * v as i64))
                .end();
        }
    }
    // (key, description, prerequisites); enabled/rollout drawn, prerequisites kept consistent.
    let flags: [(&str, &str, &[&str]); 14] = [
        ("new-editor", "The rewritten campaign editor", &[]),
        (
            "new-editor.ai-assist",
            "AI writing suggestions in the new editor",
            &["new-editor"],
        ),
        (
            "new-editor.snippets",
            "Reusable snippets in the new editor",
            &["new-editor"],
        ),
        (
            "inbox-rotation",
            "Rotate sending across a tenant's mailboxes",
            &[],
        ),
        (
            "inbox-rotation.smart-throttle",
            "Throttle by mailbox reputation",
            &["inbox-rotation"],
        ),
        ("warmup-v2", "Second-generation warm-up network", &[]),
        (
            "analytics.reply-sentiment",
            "Classify replies by sentiment",
            &[],
        ),
        (
            "billing.usage-based-pricing",
            "Bill overage per 1,000 e-mails",
            &[],
        ),
        (
            "billing.annual-discount-banner",
            "Show the annual discount in checkout",
            &[],
        ),
        (
            "crm.salesforce-sync-v2",
            "Bidirectional Salesforce sync",
            &[],
        ),
        ("deliverability.bimi", "BIMI logo support", &[]),
        (
            "legacy-dashboard",
            "The old dashboard, kept for a few customers",
            &[],
        ),
        ("holiday-banner-2024", "Holiday promotion banner", &[]),
        ("onboarding-checklist", "Guided onboarding checklist", &[]),
    ];
    let mut enabled_keys: Vec<&str> = Vec::new();
    for (i, (key, desc, prereqs)) in flags.iter().enumerate() {
        let prereqs_on = prereqs.iter().all(|p| enabled_keys.contains(p));
        let archived = *key == "holiday-banner-2024";
        let enabled = !archived && prereqs_on && rng.random_bool(0.7);
        if enabled {
            enabled_keys.push(key);
        }
        let rollout = if !enabled {
            0
        } else {
            [5, 10, 25, 50, 100, 100][rng.random_range(0..6)]
        };
        let rules = match i % 4 {
            0 if !tenants.is_empty() => {
                let ids: Vec<String> = (0..3)
                    .map(|_| format!("\"{}\"", tenants[rng.random_range(0..tenants.len())].id))
                    .collect();
                format!("{{\"tenants\": [{}]}}", ids.join(", "))
            }
            1 => "{\"plans\": [\"scale_monthly_usd\", \"enterprise_annual_usd\", \"enterprise_monthly_eur\"]}".into(),
            2 if !tenants.is_empty() => format!("{{\"exclude_tenants\": [\"{}\"]}}", tenants[0].id),
            _ => "{}".into(),
        };
        let created = ctx.now - Duration::days(rng.random_range(30..600));
        let stale = match *key {
            "legacy-dashboard" | "holiday-banner-2024" => Some(ctx.as_of - Duration::days(30)),
            _ if rng.random_bool(0.3) => {
                Some(ctx.as_of + Duration::days(rng.random_range(-20..120)))
            }
            _ => None,
        };
        t.flags
            .text(key)
            .text(desc)
            .bool(enabled)
            .num(rollout)
            .array(&prereqs.iter().map(|p| p.to_string()).collect::<Vec<_>>())
            .text(&rules)
            .text(["sandbox_admin", "growth-team", "deliverability-team"][i % 3])
            .opt_date(stale)
            .opt_ts(archived.then(|| ctx.now - Duration::days(20)))
            .ts(created)
            .ts(created + Duration::days(rng.random_range(0..25)))
            .end();
    }
    t
}
