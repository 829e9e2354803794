//! Commit → local row: with the app's sync loop running (LISTEN/NOTIFY), insert alerts on
//! the platform one by one and time how long each takes to appear in the local store.

use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_core::{Desk, DeskPaths};
use desk_domain::Profile;
use desk_sandbox::state::State;
use desk_store::MemoryKeychain;

/// Percentiles in milliseconds.
pub struct Latency {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// How many changes were measured.
    pub samples: usize,
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

async fn arrived(desk: &Desk, id: i64) -> Result<bool, String> {
    let pool = desk.store().map_err(|e| e.to_string())?.pool().clone();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM mirror_alerts WHERE id = ?")
        .bind(id)
        .fetch_one(&pool)
        .await
        .map_err(|e| e.to_string())?;
    Ok(n > 0)
}

async fn insert_alert(admin: &sqlx::PgPool, i: usize) -> Result<i64, String> {
    sqlx::query_scalar(
        "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title)
         VALUES ($1, 'bench', 'low', 'ops', 'latency probe') RETURNING id",
    )
    .bind(format!("bench-{i}-{}", std::process::id()))
    .fetch_one(admin)
    .await
    .map_err(|e| e.to_string())
}

/// Signs a desk in on the already-synced store and measures `changes` single-row commits.
pub async fn run(
    paths: &DeskPaths,
    keychain: Arc<MemoryKeychain>,
    profile: &Profile,
    password: &str,
    state: &State,
    changes: usize,
) -> Result<Latency, String> {
    let desk = crate::laptop::signed_in(paths, keychain, profile, password).await?;
    tokio::spawn(desk.clone().run_sync(|| {}));
    let admin = desk_sandbox::commands::superuser_pool(state, desk_sandbox::commands::DATABASE)
        .await
        .map_err(|e| e.to_string())?;

    // Warm-up: the loop has caught up and is listening once this row arrives.
    let warm = insert_alert(&admin, 0).await?;
    let deadline = Instant::now() + Duration::from_secs(300);
    while !arrived(&desk, warm).await? {
        if Instant::now() > deadline {
            return Err("the warm-up change never arrived".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let mut samples = Vec::with_capacity(changes);
    for i in 1..=changes {
        let id = insert_alert(&admin, i).await?;
        let t0 = Instant::now();
        loop {
            if arrived(&desk, id).await? {
                samples.push(t0.elapsed().as_secs_f64() * 1000.0);
                break;
            }
            if t0.elapsed() > Duration::from_secs(60) {
                return Err(format!("change {i} never arrived"));
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    samples.sort_by(f64::total_cmp);
    Ok(Latency {
        p50: percentile(&samples, 50.0),
        p95: percentile(&samples, 95.0),
        p99: percentile(&samples, 99.0),
        samples: samples.len(),
    })
}
