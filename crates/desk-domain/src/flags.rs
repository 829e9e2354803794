//! How a feature flag is evaluated for a tenant: prerequisites first, then the targeting
//! (excluded tenants, listed tenants, plans), then the percentage rollout with stable
//! bucketing. A tenant's bucket is the first four bytes of SHA-256(`flag:tenant`) modulo
//! 10,000, so it never changes while the flag exists, raising the percentage only adds
//! tenants, and two flags bucket independently. The platform's SQL computes the same bucket
//! (`sha256` over the same text), so the desk's preview and the platform agree.
//!
//! A tenant inside the rollout of a flag with variants gets one by weight, from a second
//! bucket (`flag.variant:tenant`), so widening the rollout never moves a tenant between
//! variants. The checks an administrator's edit must pass before it is sent, and which flags
//! are stale (fully on or off for 30 days, or not evaluated for 14), live here too.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Buckets per tenant range: a rollout is in hundredths of a percent.
pub const BUCKETS: u32 = 10_000;

/// The tenant's stable bucket for `flag`, in `0..BUCKETS`.
pub fn bucket(flag: &str, tenant: &str) -> u32 {
    let digest = Sha256::digest(format!("{flag}:{tenant}").as_bytes());
    let first = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    first % BUCKETS
}

/// Whether a tenant in `bucket` is inside a rollout of `percent` (0–100).
pub fn in_rollout(bucket: u32, percent: u8) -> bool {
    bucket < u32::from(percent.min(100)) * (BUCKETS / 100)
}

/// Who a flag targets besides the rollout (named as the platform's JSON names them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Targeting {
    /// Tenants that always get it (when the flag is on).
    #[serde(default)]
    pub tenants: Vec<String>,
    /// Plans whose tenants are in the rollout's reach (empty: every plan).
    #[serde(default)]
    pub plans: Vec<String>,
    /// Tenants that never get it.
    #[serde(default)]
    pub exclude_tenants: Vec<String>,
}

/// Why a tenant got the flag or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Reason {
    /// The flag is off.
    Off,
    /// A prerequisite flag is off for this tenant.
    Prerequisite,
    /// The tenant is excluded.
    Excluded,
    /// The tenant is listed.
    Listed,
    /// The tenant's plan is not targeted.
    PlanNotTargeted,
    /// Inside the rollout.
    InRollout,
    /// Outside the rollout.
    OutsideRollout,
}

impl Reason {
    /// Whether the tenant gets the flag.
    pub fn on(self) -> bool {
        matches!(self, Reason::Listed | Reason::InRollout)
    }
}

/// A flag as evaluated: on, the rollout percentage and the targeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag<'a> {
    /// Its key (part of the bucket).
    pub key: &'a str,
    /// Whether it is on at all.
    pub enabled: bool,
    /// 0–100.
    pub rollout_percent: u8,
    /// Who it targets.
    pub targeting: &'a Targeting,
}

/// Evaluates `flag` for a tenant on `plan`, given whether its prerequisites are all on for
/// that tenant.
pub fn evaluate(flag: &Flag<'_>, tenant: &str, plan: &str, prerequisites_on: bool) -> Reason {
    let t = flag.targeting;
    if !flag.enabled {
        Reason::Off
    } else if !prerequisites_on {
        Reason::Prerequisite
    } else if t.exclude_tenants.iter().any(|x| x == tenant) {
        Reason::Excluded
    } else if t.tenants.iter().any(|x| x == tenant) {
        Reason::Listed
    } else if !t.plans.is_empty() && !t.plans.iter().any(|p| p == plan) {
        Reason::PlanNotTargeted
    } else if in_rollout(bucket(flag.key, tenant), flag.rollout_percent) {
        Reason::InRollout
    } else {
        Reason::OutsideRollout
    }
}

/// One variant of a flag and its share of the tenants inside the rollout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Variant {
    /// Its name, e.g. `control`.
    pub name: String,
    /// Whole percent of the rollout; a flag's weights add up to 100.
    pub weight: u32,
}

/// The variant a tenant inside the rollout gets (`None` for a plain on/off flag).
pub fn variant_for<'a>(flag: &str, tenant: &str, variants: &'a [Variant]) -> Option<&'a str> {
    let b = bucket(&format!("{flag}.variant"), tenant);
    let mut upper = 0;
    for v in variants {
        upper += v.weight * (BUCKETS / 100);
        if b < upper {
            return Some(&v.name);
        }
    }
    variants.last().map(|v| v.name.as_str())
}

/// A flag's state in one environment, as the platform keeps each version of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagState {
    /// On at all.
    pub enabled: bool,
    /// Share of the targeted tenants, 0–100.
    pub rollout_percent: u32,
    /// Variants by weight (empty: plain on/off).
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// Targeting.
    #[serde(default)]
    pub rules: Targeting,
}

impl FlagState {
    /// What is wrong with this state, one `field: message` line each (the platform checks
    /// again, with the tenants, plans and prerequisites it knows).
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.rollout_percent > 100 {
            p.push("rolloutPercent: the rollout is a percentage between 0 and 100".to_string());
        }
        if self.variants.len() == 1 {
            p.push(
                "variants: a flag with variants needs at least two (a plain on/off flag has none)"
                    .into(),
            );
        }
        if !self.variants.is_empty() {
            let total: u32 = self.variants.iter().map(|v| v.weight).sum();
            if total != 100 {
                p.push(format!("variants: the weights add up to {total}, not 100"));
            }
            let valid = |n: &str| {
                n != "off"
                    && n.starts_with(|c: char| c.is_ascii_lowercase())
                    && n.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
                    })
            };
            if self.variants.iter().any(|v| !valid(&v.name)) {
                p.push("variants: a variant's name is lower-case letters, digits, dashes and underscores, and not \"off\"".into());
            }
            let mut names: Vec<&str> = self.variants.iter().map(|v| v.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            if names.len() != self.variants.len() {
                p.push("variants: two variants have the same name".into());
            }
        }
        let both: Vec<&str> = self
            .rules
            .tenants
            .iter()
            .filter(|t| self.rules.exclude_tenants.contains(t))
            .map(String::as_str)
            .collect();
        if !both.is_empty() {
            p.push(format!(
                "tenants: listed and excluded at once: {}",
                both.join(", ")
            ));
        }
        p
    }

    /// Fully on: enabled for every tenant (100 %, no plan or tenant restriction).
    pub fn fully_on(&self) -> bool {
        self.enabled
            && self.rollout_percent == 100
            && self.rules.plans.is_empty()
            && self.rules.exclude_tenants.is_empty()
    }
}

/// Why a flag is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Staleness {
    /// On for everyone, unchanged for [`SETTLED_DAYS`] days: the code path can become the
    /// only one.
    FullyOn,
    /// Off, unchanged for [`SETTLED_DAYS`] days: the code path is dead.
    FullyOff,
    /// Nothing evaluated it for [`UNUSED_DAYS`] days.
    NotEvaluated,
}

/// Days a fully-on or fully-off flag stays unchanged before it is stale.
pub const SETTLED_DAYS: i64 = 30;
/// Days without an evaluation before a flag is stale.
pub const UNUSED_DAYS: i64 = 14;

/// When a flag was made and last changed in production, and last evaluated there (`None`:
/// never, as far as the metrics go).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagTimes {
    /// When the flag was made (a younger flag cannot have gone unevaluated for long).
    pub created_at: DateTime<Utc>,
    /// When production's state last changed.
    pub changed_at: DateTime<Utc>,
    /// The last hour production evaluated it.
    pub last_evaluated: Option<DateTime<Utc>>,
}

/// Whether a flag is stale, from its production state and its times.
pub fn staleness(production: &FlagState, t: FlagTimes, now: DateTime<Utc>) -> Option<Staleness> {
    let settled = now - t.changed_at >= Duration::days(SETTLED_DAYS);
    let unused = Duration::days(UNUSED_DAYS);
    if settled && production.fully_on() {
        Some(Staleness::FullyOn)
    } else if settled && !production.enabled {
        Some(Staleness::FullyOff)
    } else if now - t.created_at >= unused && t.last_evaluated.is_none_or(|at| now - at >= unused) {
        Some(Staleness::NotEvaluated)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenants(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("7e000000-0000-4000-8000-{i:012}"))
            .collect()
    }

    #[test]
    fn a_bucket_is_fixed_for_a_flag_and_tenant() {
        let t = "7e000000-0000-4000-8000-000000000001";
        assert_eq!(bucket("new-editor", t), bucket("new-editor", t));
        assert!(bucket("new-editor", t) < BUCKETS);
        // Pinned: PostgreSQL computes the same with
        // sha256(convert_to('new-editor:' || tenant, 'UTF8')), its first four bytes as a
        // big-endian integer, modulo 10,000.
        assert_eq!(bucket("new-editor", t), 4522);
    }

    #[test]
    fn raising_the_rollout_only_adds_tenants_and_lands_near_the_share() {
        let all = tenants(4000);
        let inside = |p: u8| -> Vec<&String> {
            all.iter()
                .filter(|t| in_rollout(bucket("smart-send", t), p))
                .collect()
        };
        let ten = inside(10);
        let fifty = inside(50);
        assert!(ten.iter().all(|t| fifty.contains(t)), "10 % ⊂ 50 %");
        // 4,000 tenants: the share is within a few points of the percentage.
        assert!((300..=500).contains(&ten.len()), "{}", ten.len());
        assert!((1800..=2200).contains(&fifty.len()), "{}", fifty.len());
        assert_eq!(inside(0).len(), 0);
        assert_eq!(inside(100).len(), all.len());
    }

    #[test]
    fn two_flags_bucket_independently() {
        let all = tenants(2000);
        let both = all
            .iter()
            .filter(|t| in_rollout(bucket("a", t), 50) && in_rollout(bucket("b", t), 50))
            .count();
        // Independent halves overlap in about a quarter.
        assert!((400..=600).contains(&both), "{both}");
    }

    #[test]
    fn targeting_and_prerequisites_come_before_the_rollout() {
        let targeting = Targeting {
            tenants: vec!["listed".into()],
            plans: vec!["scale".into()],
            exclude_tenants: vec!["excluded".into()],
        };
        let flag = Flag {
            key: "f",
            enabled: true,
            rollout_percent: 100,
            targeting: &targeting,
        };
        assert_eq!(evaluate(&flag, "listed", "starter", true), Reason::Listed);
        assert_eq!(evaluate(&flag, "excluded", "scale", true), Reason::Excluded);
        assert_eq!(
            evaluate(&flag, "x", "starter", true),
            Reason::PlanNotTargeted
        );
        assert_eq!(evaluate(&flag, "x", "scale", true), Reason::InRollout);
        assert_eq!(evaluate(&flag, "x", "scale", false), Reason::Prerequisite);
        let off = Flag {
            enabled: false,
            ..flag.clone()
        };
        assert_eq!(evaluate(&off, "listed", "scale", true), Reason::Off);
        assert!(Reason::Listed.on() && Reason::InRollout.on() && !Reason::Excluded.on());
    }

    #[test]
    fn a_variant_is_kept_while_the_rollout_widens_and_follows_the_weights() {
        let variants = vec![
            Variant {
                name: "control".into(),
                weight: 50,
            },
            Variant {
                name: "compact".into(),
                weight: 25,
            },
            Variant {
                name: "bold".into(),
                weight: 25,
            },
        ];
        let all = tenants(4000);
        let mut control = 0;
        for t in &all {
            let v = variant_for("hero", t, &variants).expect("a variant");
            // the variant does not depend on the rollout percentage at all
            assert_eq!(Some(v), variant_for("hero", t, &variants));
            if v == "control" {
                control += 1;
            }
        }
        assert!((1800..=2200).contains(&control), "{control}");
        assert_eq!(variant_for("hero", &all[0], &[]), None);
    }

    fn state(enabled: bool, rollout: u32) -> FlagState {
        FlagState {
            enabled,
            rollout_percent: rollout,
            variants: Vec::new(),
            rules: Targeting::default(),
        }
    }

    #[test]
    fn an_edit_is_checked_before_it_is_sent() {
        assert!(state(true, 10).problems().is_empty());
        let mut s = state(true, 130);
        s.variants = vec![
            Variant {
                name: "a".into(),
                weight: 60,
            },
            Variant {
                name: "a".into(),
                weight: 30,
            },
        ];
        s.rules.tenants = vec!["t1".into()];
        s.rules.exclude_tenants = vec!["t1".into()];
        let p = s.problems();
        assert!(p.iter().any(|l| l.starts_with("rolloutPercent:")), "{p:?}");
        assert!(
            p.iter()
                .any(|l| l == "variants: the weights add up to 90, not 100"),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|l| l == "variants: two variants have the same name"),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|l| l == "tenants: listed and excluded at once: t1"),
            "{p:?}"
        );
        let mut one = state(true, 50);
        one.variants = vec![Variant {
            name: "off".into(),
            weight: 100,
        }];
        let p = one.problems();
        assert_eq!(p.len(), 2, "{p:?}");
    }

    #[test]
    fn stale_flags_are_settled_on_or_off_or_unused() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let days = |d: i64| now - Duration::days(d);
        let recent = Some(days(1));
        let at = |created: i64, changed: i64, evaluated: Option<DateTime<Utc>>| FlagTimes {
            created_at: days(created),
            changed_at: days(changed),
            last_evaluated: evaluated,
        };
        assert_eq!(
            staleness(&state(true, 100), at(90, 31, recent), now),
            Some(Staleness::FullyOn)
        );
        assert_eq!(staleness(&state(true, 100), at(90, 29, recent), now), None);
        assert_eq!(
            staleness(&state(false, 0), at(90, 45, recent), now),
            Some(Staleness::FullyOff)
        );
        // a rollout in progress is never settled
        assert_eq!(staleness(&state(true, 10), at(90, 90, recent), now), None);
        // 100 % for one plan only is not fully on
        let mut plan = state(true, 100);
        plan.rules.plans = vec!["scale".into()];
        assert_eq!(staleness(&plan, at(90, 90, recent), now), None);
        assert_eq!(
            staleness(&state(true, 10), at(90, 2, Some(days(14))), now),
            Some(Staleness::NotEvaluated)
        );
        assert_eq!(
            staleness(&state(true, 10), at(90, 2, None), now),
            Some(Staleness::NotEvaluated)
        );
        assert_eq!(
            staleness(&state(true, 10), at(90, 2, Some(days(13))), now),
            None
        );
        // a flag made last week has not had the time to go unused
        assert_eq!(staleness(&state(false, 0), at(7, 7, None), now), None);
    }
}
