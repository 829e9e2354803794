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
    /// platform.flag_environments
    pub flag_environments: Table,
    /// platform.flag_changes
    pub flag_changes: Table,
    /// platform.flag_evaluations
    pub flag_evaluations: Table,
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
        flag_environments: Table::new(
            "platform.flag_environments",
            "key, environment, enabled, rollout_percent, variants, rules, version, updated_at, updated_by",
        ),
        flag_changes: Table::new(
            "platform.flag_changes",
            "key, environment, version, action, state, reason, changed_at, changed_by",
        ),
        flag_evaluations: Table::new(
            "platform.flag_evaluations",
            "key, environment, variant, hour, evaluations, errors",
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
            &[r#"{"idle_timeout_minutes": 30, "max_lifetime_hours": 12}"#],
        ),
        (
            "mfa",
            "Multi-factor authentication",
            &[
                r#"{"required_for_staff": true, "required_for_admins": true, "methods": ["totp", "webauthn"]}"#,
            ],
        ),
        (
            "data_retention",
            "How long data is kept",
            &[r#"{"audit_days": 730, "staff_archive_days": 2555, "usage_days": 1095}"#],
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
        let owner = ["sandbox_admin", "growth-team", "deliverability-team"][i % 3];
        let flag = FlagRun {
            key,
            enabled,
            // an archived flag was fully on before its clean-up
            rollout: if archived { 100 } else { rollout },
            rules: &rules,
            variants: variants_of(key),
            created,
            archived_at: archived.then(|| ctx.now - Duration::days(20)),
            owner,
        };
        flag_history(ctx, &mut rng, &flag, &mut t);
    }
    t
}

/// A flag's production state, as its history and metrics are written from it.
struct FlagRun<'a> {
    key: &'a str,
    enabled: bool,
    rollout: u32,
    rules: &'a str,
    variants: &'static [(&'static str, u32)],
    created: chrono::DateTime<chrono::Utc>,
    archived_at: Option<chrono::DateTime<chrono::Utc>>,
    owner: &'a str,
}

/// The flags that run variants (name, weight), the rest are plain on/off.
fn variants_of(key: &str) -> &'static [(&'static str, u32)] {
    match key {
        "warmup-v2" => &[("control", 50), ("aggressive", 25), ("gentle", 25)],
        "onboarding-checklist" => &[("control", 50), ("checklist", 50)],
        _ => &[],
    }
}

fn variants_json(variants: &[(&str, u32)]) -> String {
    let items: Vec<String> = variants
        .iter()
        .map(|(n, w)| format!("{{\"name\": \"{n}\", \"weight\": {w}}}"))
        .collect();
    format!("[{}]", items.join(", "))
}

fn state_json(enabled: bool, rollout: u32, variants: &str, rules: &str) -> String {
    format!(
        "{{\"enabled\": {enabled}, \"rolloutPercent\": {rollout}, \"variants\": {variants}, \"rules\": {rules}}}"
    )
}

/// Writes a flag's state in both environments, the versions that led there, and the
/// platform's hourly evaluation counts per variant (production: 14 days; staging: 3). A
/// rollout still in progress changed in the last days; fully-on flags settled long ago; the
/// legacy dashboard is no longer evaluated at all; the "aggressive" warm-up errs more.
fn flag_history(ctx: &Ctx, rng: &mut impl RngExt, f: &FlagRun<'_>, t: &mut Tables) {
    let variants = variants_json(f.variants);
    let off = state_json(false, 0, "[]", "{}");
    for env in ["production", "staging"] {
        // staging runs what production runs, fully rolled out
        let rollout = if env == "staging" && f.enabled {
            100
        } else {
            f.rollout
        };
        let mut versions: Vec<(chrono::DateTime<chrono::Utc>, &str, String, &str)> =
            vec![(f.created, "create", off.clone(), "new flag")];
        if f.enabled || f.archived_at.is_some() {
            if rollout < 100 {
                let first = ctx.now - Duration::days(rng.random_range(6..12));
                versions.push((
                    first,
                    "change",
                    state_json(true, 5.min(rollout), &variants, f.rules),
                    "first tenants",
                ));
                versions.push((
                    ctx.now - Duration::days(rng.random_range(1..5)),
                    "change",
                    state_json(true, rollout, &variants, f.rules),
                    "widening the rollout: error rates flat",
                ));
            } else {
                versions.push((
                    f.created + Duration::days(rng.random_range(1..20)),
                    "change",
                    state_json(true, 100, &variants, f.rules),
                    "launched",
                ));
            }
        }
        if let Some(at) = f.archived_at {
            versions.push((
                at,
                "archive",
                state_json(false, 100, &variants, f.rules),
                "promotion over",
            ));
        }
        let last_at = versions[versions.len() - 1].0;
        let enabled = f.enabled && f.archived_at.is_none();
        t.flag_environments
            .text(f.key)
            .text(env)
            .bool(enabled)
            .num(if versions.len() == 1 { 0 } else { rollout })
            .text(if versions.len() == 1 { "[]" } else { &variants })
            .text(if versions.len() == 1 { "{}" } else { f.rules })
            .num(versions.len())
            .ts(last_at)
            .text(f.owner)
            .end();
        for (v, (at, action, state, reason)) in versions.iter().enumerate() {
            t.flag_changes
                .text(f.key)
                .text(env)
                .num(v + 1)
                .text(action)
                .text(state)
                .text(reason)
                .ts(*at)
                .text(f.owner)
                .end();
        }
        if f.archived_at.is_some() || f.key == "legacy-dashboard" {
            continue;
        }
        let hours = if env == "production" { 14 * 24 } else { 3 * 24 };
        let base = if env == "production" {
            rng.random_range(200..2000)
        } else {
            rng.random_range(5..40)
        };
        let end = ctx.now - Duration::hours(1);
        let end = end
            - Duration::minutes(i64::from(chrono::Timelike::minute(&end)))
            - Duration::seconds(i64::from(chrono::Timelike::second(&end)));
        for h in 0..hours {
            let hour = end - Duration::hours(h as i64);
            let of_day = chrono::Timelike::hour(&hour) as f64;
            let cycle = 0.6 + 0.4 * ((of_day - 3.0) / 24.0 * std::f64::consts::TAU).sin().abs();
            let total = (f64::from(base) * cycle * rng.random_range(0.8..1.2)) as u64;
            let share_on = if enabled {
                f64::from(rollout) / 100.0
            } else {
                0.0
            };
            let mut parts: Vec<(&str, f64)> = vec![("off", 1.0 - share_on)];
            if f.variants.is_empty() {
                parts.push(("on", share_on));
            } else {
                for (name, w) in f.variants {
                    parts.push((name, share_on * f64::from(*w) / 100.0));
                }
            }
            for (variant, share) in parts {
                let n = (total as f64 * share).round() as u64;
                if n == 0 {
                    continue;
                }
                let error_rate = if variant == "aggressive" { 0.03 } else { 0.002 };
                let errors = ((n as f64) * error_rate * rng.random_range(0.5..1.5)).round() as u64;
                t.flag_evaluations
                    .text(f.key)
                    .text(env)
                    .text(variant)
                    .ts(hour)
                    .num(n)
                    .num(errors.min(n))
                    .end();
            }
        }
    }
}
