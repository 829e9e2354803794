//! The KPI screen end to end against a real PostgreSQL platform: rows the test writes for March
//! 2025 (alerts, deployments, escalations, integration calls, subscriptions, invoices and
//! payments; security incidents and the audit trail's staff events) reach a member's laptop
//! through sync, and the figures computed there match them; the rows behind a figure and their
//! CSV export; each role sees only the figures its grants sync, the others "not available"
//! naming what is missing (never a zero); and a restarted desk reads them from the local copy.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use desk_core::export::{ExportFormat, ExportRequest};
use desk_core::Desk;
use desk_domain::kpi::{KpiFigure, KpiId, KpiPeriod, KpiValue};
use desk_domain::Money;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{create_login, PlatformDb};

fn march() -> KpiPeriod {
    KpiPeriod {
        from: "2025-03-01".into(),
        to: "2025-03-31".into(),
    }
}

fn figure(figures: &[KpiFigure], id: KpiId) -> KpiValue {
    figures
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.value.clone())
        .unwrap_or_else(|| panic!("{id:?} is on the board"))
}

fn rate(numerator: i64, denominator: i64) -> KpiValue {
    KpiValue::Rate {
        percent: 100.0 * numerator as f64 / denominator as f64,
        numerator,
        denominator,
    }
}

fn not_available(what: &str) -> KpiValue {
    KpiValue::NotAvailable {
        reason: format!("Your role does not sync {what}."),
    }
}

/// Operations and finance rows of March 2025, with a row just outside it for each.
const OPS_AND_FINANCE: &str = "
INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title, status,
                             acknowledged_at, resolved_at, created_at) VALUES
  ('k1', 'smtp-relay', 'high', 'ops', 'Bounces up', 'resolved',
   '2025-03-02 10:04:00+00', '2025-03-02 11:00:00+00', '2025-03-02 10:00:00+00'),
  ('k2', 'smtp-relay', 'high', 'ops', 'Queue slow', 'acknowledged',
   '2025-03-03 10:10:00+00', NULL, '2025-03-03 10:00:00+00'),
  ('k3', 'smtp-relay', 'low', 'ops', 'Still open', 'triggered', NULL, NULL, '2025-03-04 10:00:00+00'),
  ('k4', 'smtp-relay', 'low', 'ops', 'February', 'resolved',
   '2025-02-28 23:10:00+00', '2025-02-28 23:20:00+00', '2025-02-28 23:00:00+00');
INSERT INTO platform.services (name, team, health_url, sla_target)
  VALUES ('smtp-relay', 'deliverability', 'http://127.0.0.1:9/health', 99.9);
INSERT INTO platform.deployments (service, version, status, requested_by, requested_at) VALUES
  ('smtp-relay', '2025.3.1', 'succeeded', 'ci', '2025-03-05 09:00:00+00'),
  ('smtp-relay', '2025.3.2', 'succeeded', 'ci', '2025-03-06 09:00:00+00'),
  ('smtp-relay', '2025.3.3', 'failed', 'ci', '2025-03-07 09:00:00+00'),
  ('smtp-relay', '2025.3.4', 'rolled_back', 'ci', '2025-03-08 09:00:00+00'),
  ('smtp-relay', '2025.3.5', 'running', 'ci', '2025-03-31 23:00:00+00'),
  ('smtp-relay', '2025.4.1', 'failed', 'ci', '2025-04-01 00:00:00+00');
INSERT INTO platform.integrations (name, kind, api_version) VALUES ('stripe', 'payments', '2024-06-20');
INSERT INTO platform.integration_daily (integration, day, calls, errors) VALUES
  ('stripe', '2025-03-01', 1000, 10), ('stripe', '2025-03-02', 1000, 30), ('stripe', '2025-04-01', 50, 50);
INSERT INTO platform.plans (code, name, pricing, price_minor, currency, interval)
  VALUES ('growth', 'Growth', 'per_seat', 4900, 'USD', 'month');
INSERT INTO platform.tenants (id, name, domain, plan_code, status, currency) VALUES
  ('7e000000-0000-4000-8000-00000000000a', 'Alpha', 'alpha.test', 'growth', 'active', 'USD'),
  ('7e000000-0000-4000-8000-00000000000b', 'Bravo', 'bravo.test', 'growth', 'cancelled', 'USD'),
  ('7e000000-0000-4000-8000-00000000000c', 'Charlie', 'charlie.test', 'growth', 'active', 'USD');
INSERT INTO platform.subscriptions (id, tenant_id, plan_code, seats, unit_price_minor, currency, interval,
                                    current_period_start, current_period_end, status, started_at) VALUES
  (101, '7e000000-0000-4000-8000-00000000000a', 'growth', 2, 4900, 'USD', 'month', '2025-03-01', '2025-04-01', 'active', '2025-01-10'),
  (102, '7e000000-0000-4000-8000-00000000000b', 'growth', 1, 4900, 'USD', 'month', '2025-03-01', '2025-04-01', 'cancelled', '2025-01-10'),
  (103, '7e000000-0000-4000-8000-00000000000c', 'growth', 1, 4900, 'USD', 'month', '2025-03-01', '2025-04-01', 'active', '2025-01-10');
INSERT INTO platform.subscription_events (subscription_id, tenant_id, kind, occurred_at, mrr_before_minor,
                                          mrr_after_minor, currency) VALUES
  (101, '7e000000-0000-4000-8000-00000000000a', 'created', '2025-01-10 00:00:00+00', 0, 4900, 'USD'),
  (102, '7e000000-0000-4000-8000-00000000000b', 'created', '2025-01-10 00:00:00+00', 0, 4900, 'USD'),
  (103, '7e000000-0000-4000-8000-00000000000c', 'created', '2025-01-10 00:00:00+00', 0, 4900, 'USD'),
  (102, '7e000000-0000-4000-8000-00000000000b', 'cancelled', '2025-03-15 00:00:00+00', 4900, 0, 'USD'),
  (101, '7e000000-0000-4000-8000-00000000000a', 'seats_changed', '2025-03-20 00:00:00+00', 4900, 9800, 'USD');
INSERT INTO platform.invoices (id, number, tenant_id, subscription_id, status, period_start, period_end, currency,
                               subtotal_minor, total_minor, amount_due_minor, issued_at, due_at) VALUES
  (201, 'PM-2025-000201', '7e000000-0000-4000-8000-00000000000a', 101, 'open', '2025-03-01', '2025-04-01', 'USD',
   4900, 4900, 4900, '2025-03-01 06:00:00+00', '2025-03-15'),
  (202, 'PM-2025-000202', '7e000000-0000-4000-8000-00000000000c', 103, 'open', '2025-03-01', '2025-04-01', 'USD',
   9800, 9800, 9800, '2025-03-01 06:00:00+00', '2025-03-15'),
  (203, 'PM-2025-000203', '7e000000-0000-4000-8000-00000000000c', 103, 'open', '2025-02-01', '2025-03-01', 'USD',
   100, 100, 100, '2025-02-01 06:00:00+00', '2025-02-15');
INSERT INTO platform.invoice_lines (invoice_id, kind, description, quantity, unit_amount_minor, amount_minor) VALUES
  (201, 'subscription', '2 × Growth', 2, 2450, 4900),
  (202, 'subscription', '1 × Growth', 1, 4900, 4900),
  (202, 'usage', 'Overage', 1, 4800, 4800),
  (203, 'subscription', 'February', 1, 1, 1);
INSERT INTO platform.payments (invoice_id, tenant_id, amount_minor, currency, status, failure_reason, attempted_at) VALUES
  (201, '7e000000-0000-4000-8000-00000000000a', 4900, 'USD', 'succeeded', NULL, '2025-03-05 08:00:00+00'),
  (202, '7e000000-0000-4000-8000-00000000000c', 9800, 'USD', 'succeeded', NULL, '2025-03-06 08:00:00+00'),
  (202, '7e000000-0000-4000-8000-00000000000c', 9800, 'USD', 'succeeded', NULL, '2025-03-06 08:05:00+00'),
  (201, '7e000000-0000-4000-8000-00000000000a', 4900, 'USD', 'failed', 'card_declined', '2025-03-04 08:00:00+00');
INSERT INTO platform.escalations (tenant_id, title, severity, category, state, opened_at, resolved_at) VALUES
  ('7e000000-0000-4000-8000-00000000000a', 'Bounces at Gmail', 'high', 'deliverability', 'resolved',
   '2025-03-10 09:00:00+00', '2025-03-10 13:00:00+00'),
  ('7e000000-0000-4000-8000-00000000000c', 'Invoice question', 'low', 'billing', 'investigating',
   '2025-03-11 09:00:00+00', NULL);
";

/// Security rows of March 2025: an alert that raised an incident, an incident reported by a
/// person, a false positive, and a staff account created and set up.
const SECURITY: &str = "
INSERT INTO platform.alerts (id, dedup_key, source_service, severity, team, title, status,
                             acknowledged_at, created_at) VALUES
  (900, 's1', 'auth-service', 'critical', 'security', 'Impossible travel', 'acknowledged',
   '2025-03-12 08:02:00+00', '2025-03-12 08:00:00+00');
INSERT INTO platform.security_incidents (title, type, severity, status, alert_id, opened_at, contained_at, closed_at,
                                         lessons_learned) VALUES
  ('Stolen session', 'credential_compromise', 'SEV2', 'closed', 900,
   '2025-03-12 08:10:00+00', '2025-03-12 10:10:00+00', '2025-03-13 08:10:00+00', 'Shorter sessions'),
  ('Phishing mail reported', 'phishing', 'SEV3', 'contained', NULL,
   '2025-03-14 09:00:00+00', '2025-03-14 15:00:00+00', NULL, NULL),
  ('Not an attack', 'other', 'SEV4', 'false_positive', 900,
   '2025-03-15 09:00:00+00', NULL, '2025-03-15 10:00:00+00', NULL);
INSERT INTO desk.audit_trail (at, actor, action, target, before, after) VALUES
  ('2025-03-03 10:00:00+00', 'boss', 'staff.create', 'staff:newbie', NULL, '{\"roles\": [\"desk_cs\"]}'),
  ('2025-03-03 12:00:00+00', 'newbie', 'staff.setup_complete', 'staff:newbie', NULL, NULL);
";

/// A desk signed in as a fresh login holding `roles`, synced once.
async fn desk_of(db: &PlatformDb, laptop: &Laptop, roles: &[&str], team: &str) -> Desk {
    let login = create_login(&db.admin, "pw", roles, true).await;
    sqlx::query(
        "INSERT INTO desk.staff (login, full_name, email, team, roles)
         VALUES ($1, 'Test ' || $1, $1 || '@penguinmails.test', $2, $3)",
    )
    .bind(&login)
    .bind(team)
    .bind(roles.iter().map(|r| r.to_string()).collect::<Vec<_>>())
    .execute(&db.admin)
    .await
    .expect("staff row");
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    desk
}

#[tokio::test]
async fn march_figures_match_the_rows_written_and_each_role_sees_what_it_syncs() {
    let db = PlatformDb::create().await;
    sqlx::raw_sql(OPS_AND_FINANCE)
        .execute(&db.admin)
        .await
        .expect("seed ops and finance");
    sqlx::raw_sql(SECURITY)
        .execute(&db.admin)
        .await
        .expect("seed security");

    // Operations and finance together.
    let laptop = Laptop::new();
    let desk = desk_of(&db, &laptop, &["desk_ops", "desk_finance"], "ops").await;
    let board = desk.kpis(&march()).await.expect("kpis");
    assert_eq!(board.figures.len(), KpiId::ALL.len());
    let f = &board.figures;
    // Acknowledged after 4 and 10 minutes (the open one and February's are not counted).
    assert_eq!(
        figure(f, KpiId::AlertAcknowledge),
        KpiValue::Duration {
            median_secs: 240,
            p90_secs: 600,
            samples: 2
        }
    );
    assert_eq!(
        figure(f, KpiId::AlertResolve),
        KpiValue::Duration {
            median_secs: 3600,
            p90_secs: 3600,
            samples: 1
        }
    );
    // Four finished in March: two succeeded, one rolled back; April's is outside.
    assert_eq!(figure(f, KpiId::DeploymentSuccess), rate(2, 4));
    assert_eq!(figure(f, KpiId::DeploymentRollback), rate(1, 4));
    assert_eq!(figure(f, KpiId::EscalationResolutionRate), rate(1, 2));
    assert_eq!(
        figure(f, KpiId::EscalationResolutionTime),
        KpiValue::Duration {
            median_secs: 4 * 3600,
            p90_secs: 4 * 3600,
            samples: 1
        }
    );
    assert_eq!(figure(f, KpiId::IntegrationReliability), rate(1960, 2000));
    // Alpha, Bravo and Charlie paid on 1 March; Bravo left; Alpha added a seat.
    assert_eq!(figure(f, KpiId::CustomerRetention), rate(2, 3));
    assert_eq!(figure(f, KpiId::CustomerChurn), rate(1, 3));
    assert_eq!(
        figure(f, KpiId::ExpansionRevenue),
        KpiValue::Money {
            amounts: vec![Money::new(4900, "USD")],
            samples: 1
        }
    );
    // Invoice 202's lines add up to 97.00, its subtotal is 98.00; it was paid twice.
    assert_eq!(figure(f, KpiId::InvoiceAccuracy), rate(1, 2));
    assert_eq!(figure(f, KpiId::PaymentReconciliation), rate(1, 3));
    // The health reading was never taken on this laptop: no data, not a zero.
    assert!(matches!(
        figure(f, KpiId::Uptime),
        KpiValue::NoData { reason } if reason.contains("Service health")
    ));
    // What ops and finance do not sync.
    assert_eq!(
        figure(f, KpiId::StaffAccountSetup),
        not_available("the audit trail")
    );
    assert_eq!(
        figure(f, KpiId::PolicyCompliance),
        not_available("security policies")
    );
    assert_eq!(
        figure(f, KpiId::ConfigChangeSuccess),
        not_available("setting applications")
    );
    assert_eq!(
        figure(f, KpiId::ProactiveDetection),
        not_available("security incidents")
    );

    // The rows behind a figure, and their export.
    let table = desk
        .kpi_rows(KpiId::DeploymentSuccess, &march())
        .await
        .expect("rows");
    assert_eq!(table.total, 5, "the running one is listed, not counted");
    assert_eq!(table.columns[0], "Deployment");
    let versions: Vec<&str> = table.rows.iter().map(|r| r.cells[2].as_str()).collect();
    assert_eq!(
        versions,
        ["2025.3.1", "2025.3.2", "2025.3.3", "2025.3.4", "2025.3.5"]
    );
    assert!(!table.rows[4].counted);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = desk
        .finance_export(
            &ExportRequest::Kpi {
                kpi: KpiId::PaymentReconciliation,
                period: march(),
            },
            ExportFormat::Csv,
            dir.path(),
        )
        .await
        .expect("export");
    assert_eq!(file.rows, 3);
    assert!(
        file.path.contains("payment-reconciliation"),
        "{}",
        file.path
    );
    let text = std::fs::read_to_string(&file.path).expect("read");
    assert!(
        text.starts_with(
            "Payment,Invoice,Tenant,Status,Attempted,Currency,Amount,Reconciled,Why\n"
        ),
        "{text}"
    );
    assert!(text.contains("PM-2025-000201,Alpha,succeeded,2025-03-05T08:00:00Z,USD,49.00,yes,"));
    assert_eq!(
        text.matches("invoice collected 196.00 USD, 98.00 USD was due")
            .count(),
        2,
        "{text}"
    );

    // A bad period is refused, naming its field.
    let reversed = KpiPeriod {
        from: "2025-03-31".into(),
        to: "2025-03-01".into(),
    };
    assert!(matches!(
        desk.kpis(&reversed).await,
        Err(desk_core::DeskError::InvalidInput(m)) if m.starts_with("to: ")
    ));

    // The desk started again reads the same figures from its local copy.
    drop(desk);
    let desk = laptop.start().await;
    let again = desk.kpis(&march()).await.expect("kpis from the local copy");
    assert_eq!(again.figures, board.figures);
    drop(desk);

    // Security: incidents and the audit trail, not revenue.
    let laptop = Laptop::new();
    let desk = desk_of(&db, &laptop, &["desk_security"], "security").await;
    let f = desk.kpis(&march()).await.expect("kpis").figures;
    // Two real incidents, one opened from an alert; the false positive is left out.
    assert_eq!(figure(&f, KpiId::ProactiveDetection), rate(1, 2));
    assert_eq!(
        figure(&f, KpiId::IncidentContain),
        KpiValue::Duration {
            median_secs: 2 * 3600,
            p90_secs: 6 * 3600,
            samples: 2
        }
    );
    assert_eq!(
        figure(&f, KpiId::IncidentResolve),
        KpiValue::Duration {
            median_secs: 24 * 3600,
            p90_secs: 24 * 3600,
            samples: 1
        }
    );
    assert_eq!(
        figure(&f, KpiId::StaffAccountSetup),
        KpiValue::Duration {
            median_secs: 2 * 3600,
            p90_secs: 2 * 3600,
            samples: 1
        }
    );
    // Security alerts only: the ops alerts are not in this copy.
    assert_eq!(
        figure(&f, KpiId::AlertAcknowledge),
        KpiValue::Duration {
            median_secs: 120,
            p90_secs: 120,
            samples: 1
        }
    );
    for (id, what) in [
        (KpiId::CustomerRetention, "the subscriptions' history"),
        (KpiId::InvoiceAccuracy, "invoices"),
        (KpiId::PaymentReconciliation, "payments"),
        (KpiId::DeploymentSuccess, "deployments"),
        (KpiId::EscalationResolutionRate, "escalations"),
        (KpiId::PolicyCompliance, "security policies"),
    ] {
        assert_eq!(figure(&f, id), not_available(what), "{id:?}");
    }
    let rows = desk
        .kpi_rows(KpiId::ProactiveDetection, &march())
        .await
        .expect("rows");
    let outcomes: Vec<&str> = rows.rows.iter().map(|r| r.cells[7].as_str()).collect();
    assert_eq!(
        outcomes,
        [
            "yes: seen by an alert",
            "no: reported by a person",
            "no: false positive (left out)"
        ]
    );
    drop(desk);
    db.drop_db().await;
}
