//! How a feature flag is evaluated for a tenant: prerequisites first, then the targeting
//! (excluded tenants, listed tenants, plans), then the percentage rollout with stable
//! bucketing. A tenant's bucket is the first four bytes of SHA-256(`flag:tenant`) modulo
//! 10,000, so it never changes while the flag exists, raising the percentage only adds
//! tenants, and two flags bucket independently. The platform's SQL computes the same bucket
//! (`sha256` over the same text), so the desk's preview and the platform agree.

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

/// Who a flag targets besides the rollout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
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
}
