//! Feature flags from the local copy (synced to administrators): each flag with its state in
//! staging and production, the versions of those states, the flags that depend on it, the
//! platform's hourly evaluation and error counts per variant, and which flags are stale. Offline
//! it is the last known state; edits go to the platform directly.

use chrono::{DateTime, Duration, Utc};
use desk_domain::flags::{staleness, FlagState, FlagTimes, Staleness, Targeting, Variant};
use serde::Serialize;
use sqlx::{Row, SqlitePool};

use crate::mirrors::{has_mirror, instant};
use crate::StoreError;

/// One environment's state of a flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagEnvView {
    /// The state's version (an edit names it to refuse a stale one).
    pub version: i32,
    /// On, rollout, variants, targeting.
    pub state: FlagState,
    /// When it last changed.
    pub updated_at: String,
    /// Who changed it.
    pub updated_by: String,
}

/// A flag as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagView {
    /// Its key, e.g. `new-editor`.
    pub key: String,
    /// What it does.
    pub description: String,
    /// Who owns it.
    pub owner: String,
    /// Flags that must be on for this one to be.
    pub prerequisites: Vec<String>,
    /// When it was archived (no longer evaluated).
    pub archived_at: Option<String>,
    /// State in staging.
    pub staging: Option<FlagEnvView>,
    /// State in production.
    pub production: Option<FlagEnvView>,
    /// Production evaluations over the last 24 hours.
    pub evaluations_24h: i64,
    /// Of which ended in an error.
    pub errors_24h: i64,
    /// The last hour production evaluated it.
    pub last_evaluated: Option<String>,
    /// Why it is stale, if it is (archived flags are not).
    pub stale: Option<Staleness>,
}

/// One version of an environment's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagChange {
    /// staging or production.
    pub environment: String,
    /// Version number in that environment.
    pub version: i32,
    /// create, change, rollback or archive.
    pub action: String,
    /// The state after it.
    pub state: FlagState,
    /// Why.
    pub reason: String,
    /// When.
    pub changed_at: String,
    /// Who.
    pub changed_by: String,
}

/// One hour of evaluations of one variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationHour {
    /// The hour (UTC, RFC 3339).
    pub hour: String,
    /// How many evaluations answered this variant.
    pub evaluations: i64,
    /// How many of them ended in an error.
    pub errors: i64,
}

/// A variant's hourly evaluations (`off` for the tenants the flag answered off for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariantSeries {
    /// The variant (`on` for a plain flag, `off` for those without it).
    pub variant: String,
    /// Evaluations in the window.
    pub evaluations: i64,
    /// Errors in the window.
    pub errors: i64,
    /// Hour by hour, oldest first.
    pub hours: Vec<EvaluationHour>,
}

/// A flag with its history, dependants and metrics in one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagDetail {
    /// The flag.
    pub flag: FlagView,
    /// Every version in both environments, newest first.
    pub changes: Vec<FlagChange>,
    /// Flags (not archived) that list it as a prerequisite.
    pub dependants: Vec<String>,
    /// The environment the metrics are for.
    pub environment: String,
    /// Evaluations per variant over the last [`SERIES_HOURS`] hours.
    pub series: Vec<VariantSeries>,
}

/// How far back the detail's chart reaches.
pub const SERIES_HOURS: i64 = 7 * 24;

fn json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what} {text:?}: {e}")))
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Whether the flags are in the local copy (an administrator's, after a sync).
async fn held(pool: &SqlitePool) -> Result<bool, StoreError> {
    Ok(has_mirror(pool, "feature_flags").await? && has_mirror(pool, "flag_environments").await?)
}

async fn env_states(pool: &SqlitePool) -> Result<Vec<(String, String, FlagEnvView)>, StoreError> {
    sqlx::query(
        "SELECT key, environment, version, enabled, rollout_percent, CAST(variants AS TEXT),
                CAST(rules AS TEXT), updated_at, updated_by
           FROM mirror_flag_environments",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| {
        let variants: Vec<Variant> = json("variants", &r.try_get::<String, _>(5)?)?;
        let rules: Targeting = json("targeting", &r.try_get::<String, _>(6)?)?;
        let rollout: i64 = r.try_get(4)?;
        Ok((
            r.try_get(0)?,
            r.try_get(1)?,
            FlagEnvView {
                version: r.try_get(2)?,
                state: FlagState {
                    enabled: r.try_get(3)?,
                    rollout_percent: u32::try_from(rollout).unwrap_or(0),
                    variants,
                    rules,
                },
                updated_at: r.try_get(7)?,
                updated_by: r.try_get(8)?,
            },
        ))
    })
    .collect()
}

/// Every flag, by key (archived last), with both environments' states, production's last
/// 24 hours of evaluations, and whether it is stale as of `now`.
pub async fn flags(pool: &SqlitePool, now: DateTime<Utc>) -> Result<Vec<FlagView>, StoreError> {
    if !held(pool).await? {
        return Ok(Vec::new());
    }
    let mut states = env_states(pool).await?;
    let metrics: Vec<(String, i64, i64, Option<String>)> =
        if has_mirror(pool, "flag_evaluations").await? {
            sqlx::query(
                "SELECT key,
                        coalesce(sum(CASE WHEN hour >= ? THEN evaluations END), 0),
                        coalesce(sum(CASE WHEN hour >= ? THEN errors END), 0),
                        max(CASE WHEN evaluations > 0 THEN hour END)
                   FROM mirror_flag_evaluations WHERE environment = 'production' GROUP BY key",
            )
            .bind(stamp(now - Duration::hours(24)))
            .bind(stamp(now - Duration::hours(24)))
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
            .collect::<Result<_, StoreError>>()?
        } else {
            Vec::new()
        };
    let rows = sqlx::query(
        "SELECT key, description, owner, CAST(prerequisites AS TEXT), archived_at, created_at
           FROM mirror_feature_flags ORDER BY archived_at IS NOT NULL, key",
    )
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let key: String = r.try_get(0)?;
        let mut take = |env: &str| {
            states
                .iter()
                .position(|(k, e, _)| *k == key && e == env)
                .map(|i| states.swap_remove(i).2)
        };
        let staging = take("staging");
        let production = take("production");
        let (evaluations_24h, errors_24h, last_evaluated) = metrics
            .iter()
            .find(|m| m.0 == key)
            .map(|m| (m.1, m.2, m.3.clone()))
            .unwrap_or((0, 0, None));
        let archived_at: Option<String> = r.try_get(4)?;
        let created_at: String = r.try_get(5)?;
        let stale = match (&production, &archived_at) {
            (Some(p), None) => instant(&created_at).zip(instant(&p.updated_at)).and_then(
                |(created_at, changed_at)| {
                    let times = FlagTimes {
                        created_at,
                        changed_at,
                        last_evaluated: last_evaluated.as_deref().and_then(instant),
                    };
                    staleness(&p.state, times, now)
                },
            ),
            _ => None,
        };
        out.push(FlagView {
            description: r.try_get(1)?,
            owner: r.try_get(2)?,
            prerequisites: json("prerequisites", &r.try_get::<String, _>(3)?)?,
            archived_at,
            staging,
            production,
            evaluations_24h,
            errors_24h,
            last_evaluated,
            stale,
            key,
        });
    }
    Ok(out)
}

/// The stale flags (not archived), for the clean-up report.
pub async fn stale_flags(
    pool: &SqlitePool,
    now: DateTime<Utc>,
) -> Result<Vec<FlagView>, StoreError> {
    Ok(flags(pool, now)
        .await?
        .into_iter()
        .filter(|f| f.stale.is_some())
        .collect())
}

/// One flag with its versions, dependants and the last week's evaluations per variant in
/// `environment`.
pub async fn flag(
    pool: &SqlitePool,
    key: &str,
    environment: &str,
    now: DateTime<Utc>,
) -> Result<Option<FlagDetail>, StoreError> {
    let all = flags(pool, now).await?;
    let dependants = all
        .iter()
        .filter(|f| f.archived_at.is_none() && f.prerequisites.iter().any(|p| p == key))
        .map(|f| f.key.clone())
        .collect();
    let Some(flag) = all.into_iter().find(|f| f.key == key) else {
        return Ok(None);
    };
    let changes = if has_mirror(pool, "flag_changes").await? {
        sqlx::query(
            "SELECT environment, version, action, CAST(state AS TEXT), reason, changed_at, changed_by
               FROM mirror_flag_changes WHERE key = ? ORDER BY changed_at DESC, id DESC",
        )
        .bind(key)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok(FlagChange {
                environment: r.try_get(0)?,
                version: r.try_get(1)?,
                action: r.try_get(2)?,
                state: json("flag state", &r.try_get::<String, _>(3)?)?,
                reason: r.try_get(4)?,
                changed_at: r.try_get(5)?,
                changed_by: r.try_get(6)?,
            })
        })
        .collect::<Result<_, StoreError>>()?
    } else {
        Vec::new()
    };
    let mut series: Vec<VariantSeries> = Vec::new();
    if has_mirror(pool, "flag_evaluations").await? {
        let rows = sqlx::query(
            "SELECT variant, hour, evaluations, errors FROM mirror_flag_evaluations
              WHERE key = ? AND environment = ? AND hour >= ? ORDER BY variant, hour",
        )
        .bind(key)
        .bind(environment)
        .bind(stamp(now - Duration::hours(SERIES_HOURS)))
        .fetch_all(pool)
        .await?;
        for r in rows {
            let variant: String = r.try_get(0)?;
            let hour = EvaluationHour {
                hour: r.try_get(1)?,
                evaluations: r.try_get(2)?,
                errors: r.try_get(3)?,
            };
            match series.last_mut() {
                Some(s) if s.variant == variant => {
                    s.evaluations += hour.evaluations;
                    s.errors += hour.errors;
                    s.hours.push(hour);
                }
                _ => series.push(VariantSeries {
                    variant,
                    evaluations: hour.evaluations,
                    errors: hour.errors,
                    hours: vec![hour],
                }),
            }
        }
    }
    Ok(Some(FlagDetail {
        flag,
        changes,
        dependants,
        environment: environment.to_string(),
        series,
    }))
}
