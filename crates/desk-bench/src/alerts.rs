//! Alert commit → notification handed to the OS: operations (`sandbox_ops`) signs in on a
//! fresh laptop with the app's sync loop running (LISTEN/NOTIFY); critical ops alerts are
//! inserted on the platform one by one, and for each the time from just before its INSERT was
//! sent (an upper bound of its commit) to the hand-off the core recorded, at the moment it
//! called the notifier, is measured. The notifier here accepts every notice without a
//! notification daemon: what is timed is the desk's part, up to the OS's door.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use desk_core::alerts::Notifier;
use desk_core::DeskPaths;
use desk_domain::alerts::Notice;
use desk_domain::Profile;
use desk_sandbox::state::State;
use desk_store::MemoryKeychain;

use crate::latency::{percentile, Latency};

/// Accepts every notice (the hand-off time is recorded by the core before this call).
struct Accepting;

impl Notifier for Accepting {
    fn notify(&self, _notice: &Notice) -> Result<(), String> {
        Ok(())
    }
}

async fn insert_alert(admin: &sqlx::PgPool, i: usize) -> Result<i64, String> {
    sqlx::query_scalar(
        "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title)
         VALUES ($1, 'bench', 'critical', 'ops', 'notification latency probe') RETURNING id",
    )
    .bind(format!("notify-bench-{i}-{}", std::process::id()))
    .fetch_one(admin)
    .await
    .map_err(|e| e.to_string())
}

/// Signs ops in on a fresh laptop and measures `alerts` notifications.
pub async fn run(
    paths: &DeskPaths,
    profile: &Profile,
    password: &str,
    state: &State,
    alerts: usize,
) -> Result<Latency, String> {
    let desk =
        crate::laptop::signed_in(paths, Arc::new(MemoryKeychain::new()), profile, password).await?;
    desk.set_notifier(Arc::new(Accepting));
    tokio::spawn(desk.clone().run_sync(|| {}));
    let admin = desk_sandbox::commands::superuser_pool(state, desk_sandbox::commands::DATABASE)
        .await
        .map_err(|e| e.to_string())?;
    let pool = desk.store().map_err(|e| e.to_string())?.pool().clone();
    let handed = |id: i64| {
        let pool = pool.clone();
        async move {
            desk_store::alerts::handed_at(&pool, id)
                .await
                .map_err(|e| e.to_string())
        }
    };

    // The alerts there at the first sync are the baseline (not news): wait for it, so the
    // warm-up alert is new.
    let deadline = Instant::now() + Duration::from_secs(600);
    while !desk_store::alerts::baseline_taken(&pool)
        .await
        .map_err(|e| e.to_string())?
    {
        if Instant::now() > deadline {
            return Err("the first sync never took the alerts baseline".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Warm-up: the loop listens once this one is notified.
    let warm = insert_alert(&admin, 0).await?;
    let deadline = Instant::now() + Duration::from_secs(600);
    while handed(warm).await?.is_none() {
        if Instant::now() > deadline {
            return Err("the warm-up alert was never notified".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let mut samples = Vec::with_capacity(alerts);
    for i in 1..=alerts {
        let sent = Utc::now();
        let id = insert_alert(&admin, i).await?;
        let t0 = Instant::now();
        loop {
            if let Some(at) = handed(id).await? {
                let ms = (at - sent).num_microseconds().unwrap_or(i64::MAX) as f64 / 1000.0;
                samples.push(ms);
                break;
            }
            if t0.elapsed() > Duration::from_secs(60) {
                return Err(format!("alert {i} was never notified"));
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    desk.sign_out().await.map_err(|e| e.to_string())?;
    samples.sort_by(f64::total_cmp);
    Ok(Latency {
        p50: percentile(&samples, 50.0),
        p95: percentile(&samples, 95.0),
        p99: percentile(&samples, 99.0),
        samples: samples.len(),
    })
}
