use chrono::{DateTime, Utc};
use desk_domain::kpi::{KpiId, KpiPeriod, KpiValue, Period};

use super::*;

fn november() -> Period {
    KpiPeriod {
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
    }
    .parse()
    .expect("period")
}

async fn store() -> (tempfile::TempDir, crate::LocalStore) {
    let dir = tempfile::tempdir().expect("dir");
    let kc = crate::MemoryKeychain::new();
    let store = crate::LocalStore::open(&dir.path().join("s.db"), &kc)
        .await
        .expect("open");
    (dir, store)
}

#[tokio::test]
async fn a_copy_without_the_mirrors_says_each_kpi_is_not_available_never_zero() {
    let (_dir, store) = store().await;
    let all = outcomes(store.pool(), &november()).await.expect("kpis");
    assert_eq!(all.len(), KpiId::ALL.len());
    for (o, id) in all.iter().zip(KpiId::ALL) {
        assert_eq!(o.figure.id, id, "screen order");
        match &o.figure.value {
            KpiValue::NotAvailable { reason } => {
                assert!(reason.starts_with("Your role does not sync "), "{reason}")
            }
            other => panic!("{id:?}: {other:?}"),
        }
    }
    let o = outcome(store.pool(), KpiId::EscalationResolutionTime, &november())
        .await
        .expect("kpi");
    assert_eq!(
        o.figure.value,
        KpiValue::NotAvailable {
            reason: "Your role does not sync escalations.".into()
        }
    );
    store.close().await;
}

#[tokio::test]
async fn alerts_and_the_kept_health_reading_give_their_figures() {
    let (_dir, store) = store().await;
    let pool = store.pool();
    sqlx::raw_sql(
        "CREATE TABLE mirror_alerts (id INTEGER PRIMARY KEY, title TEXT, severity TEXT, team TEXT,
             source_service TEXT, created_at TEXT, acknowledged_at TEXT, resolved_at TEXT,
             false_positive INTEGER);
         INSERT INTO mirror_alerts VALUES
           (1, 'a', 'high', 'ops', 'api', '2026-11-02T10:00:00+00:00', '2026-11-02T10:04:00+00:00', NULL, 0),
           (2, 'b', 'high', 'ops', 'api', '2026-11-03T10:00:00.5+00:00', '2026-11-03T10:10:00.5+00:00',
               '2026-11-03T11:00:00.5+00:00', 0),
           (3, 'c', 'low', 'ops', 'api', '2026-10-31T23:59:59+00:00', '2026-11-01T00:10:00+00:00', NULL, 0),
           (4, 'd', 'low', 'ops', 'api', '2026-12-01T00:00:00+00:00', '2026-12-01T00:10:00+00:00', NULL, 0);
         CREATE TABLE mirror_services (name TEXT PRIMARY KEY);",
    )
    .execute(pool)
    .await
    .expect("mirrors");
    let ack = outcome(pool, KpiId::AlertAcknowledge, &november())
        .await
        .expect("kpi");
    assert_eq!(
        ack.figure.value,
        KpiValue::Duration {
            median_secs: 240,
            p90_secs: 600,
            samples: 2
        }
    );
    assert_eq!(
        ack.row_ids(),
        ["1", "2"],
        "the day of margin is read, then cut"
    );

    // No reading kept yet: no data, with what to do.
    let up = outcome(pool, KpiId::Uptime, &november())
        .await
        .expect("kpi");
    assert!(
        matches!(&up.figure.value, KpiValue::NoData { reason } if reason.contains("Service health")),
        "{:?}",
        up.figure.value
    );
    let taken: DateTime<Utc> = "2026-11-20T12:00:00Z".parse().expect("time");
    let dashboard = serde_json::json!({
        "window": "month",
        "takenAt": "2026-11-20T12:00:00Z",
        "live": true,
        "services": [
            {"name": "api", "team": "core", "slaTarget": 99.9, "uptimePercent": 99.5},
            {"name": "smtp", "team": "core", "slaTarget": 99.0, "uptimePercent": 100.0}
        ]
    });
    crate::ops::snapshots::save(pool, "health:month", taken, &dashboard)
        .await
        .expect("save");
    let up = outcome(pool, KpiId::Uptime, &november())
        .await
        .expect("kpi");
    assert_eq!(
        up.figure.value,
        KpiValue::Percent {
            percent: 99.75,
            samples: 2
        }
    );
    assert!(up
        .figure
        .note
        .as_deref()
        .unwrap_or("")
        .starts_with("Last 30 days to 2026-11-20T12:00:00Z"));
    store.close().await;
}
