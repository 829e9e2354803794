//! Staff logins of each desk role, and a small platform: one row in every synced table (a customer with its plan, subscription,
//! usage, invoices, payment, dispute, credit note, alert, escalation, incident, flag, CS notes),
//! inserted as the platform's own superuser, and the refusal assertion the tests share.

// Shared by several test binaries, each of which uses only part of it.
#![allow(dead_code)]

use desk_tests::platform::{create_login, PlatformDb};
use sqlx::PgPool;

pub const ROLES: [&str; 5] = [
    "desk_admin",
    "desk_finance",
    "desk_cs",
    "desk_ops",
    "desk_security",
];

/// A staff member signed in: their login (a PostgreSQL role), staff id and a pool.
pub struct Staff {
    /// The login name.
    pub login: String,
    /// The staff row's id, as text.
    pub id: String,
    /// A pool logged in as it.
    pub pool: PgPool,
}

/// Creates a login member of `role`, its staff row, and connects as it.
pub async fn staff(db: &PlatformDb, role: &str) -> Staff {
    let login = create_login(&db.admin, "pw", &[role], true).await;
    let team = role.trim_start_matches("desk_");
    let id: String = sqlx::query_scalar(
        "INSERT INTO desk.staff (login, full_name, email, team, roles)
         VALUES ($1, 'Test ' || $1, $1 || '@penguinmails.test', $2, ARRAY[$3])
         RETURNING id::text",
    )
    .bind(&login)
    .bind(team)
    .bind(role)
    .fetch_one(&db.admin)
    .await
    .expect("staff row");
    let pool = db.connect_as(&login, "pw").await.expect("staff connects");
    Staff { login, id, pool }
}

/// One staff member per desk role, in [`ROLES`] order.
pub async fn everyone(db: &PlatformDb) -> Vec<Staff> {
    let mut all = Vec::new();
    for role in ROLES {
        all.push(staff(db, role).await);
    }
    all
}

/// The single number a query returns.
pub async fn count(pool: &PgPool, sql: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sql).fetch_one(pool).await
}

/// The seeded tenant.
pub const TENANT: &str = "7e000000-0000-4000-8000-000000000001";

/// One insert per synced collection, in dependency order; each returns the row's key as the
/// change feed spells it (a JSON array of the key columns). Invoice 1 is open and unpaid,
/// invoice 2 paid by payment 1.
pub const SEED: &[(&str, &str)] = &[
    ("staff", "INSERT INTO desk.staff (login, full_name, email, team, roles)
        VALUES ('seed_csm', 'Casey Seed', 'casey@penguinmails.test', 'cs', '{desk_cs}')
        RETURNING jsonb_build_array(id)::text"),
    ("plans", "INSERT INTO platform.plans (code, name, pricing, price_minor, currency, interval)
        VALUES ('growth', 'Growth', 'per_seat', 4900, 'USD', 'month')
        RETURNING jsonb_build_array(code)::text"),
    ("tenants", "INSERT INTO platform.tenants (id, name, domain, plan_code, status, owner_csm, renewal_date, currency)
        VALUES ('7e000000-0000-4000-8000-000000000001', 'Acme Outreach', 'acme-outreach.test', 'growth', 'active',
                (SELECT id FROM desk.staff WHERE login = 'seed_csm'), '2027-03-01', 'USD')
        RETURNING jsonb_build_array(id)::text"),
    ("subscriptions", "INSERT INTO platform.subscriptions (tenant_id, plan_code, seats, unit_price_minor, currency,
            interval, current_period_start, current_period_end, status, started_at)
        VALUES ('7e000000-0000-4000-8000-000000000001', 'growth', 3, 4900, 'USD', 'month',
                '2026-11-01', '2026-12-01', 'active', '2026-03-01')
        RETURNING jsonb_build_array(id)::text"),
    ("subscription_events", "INSERT INTO platform.subscription_events (subscription_id, tenant_id, kind, occurred_at,
            mrr_before_minor, mrr_after_minor, currency, seats_before, seats_after)
        VALUES (1, '7e000000-0000-4000-8000-000000000001', 'seats_changed', '2026-09-14', 9800, 14700, 'USD', 2, 3)
        RETURNING jsonb_build_array(id)::text"),
    ("usage_daily", "INSERT INTO platform.usage_daily (tenant_id, day, emails_sent, bounces, replies,
            spam_complaints, active_mailboxes, logins)
        VALUES ('7e000000-0000-4000-8000-000000000001', '2026-11-24', 1840, 22, 97, 1, 6, 4)
        RETURNING jsonb_build_array(tenant_id, day)::text"),
    ("invoices", "INSERT INTO platform.invoices (number, tenant_id, subscription_id, status, period_start, period_end,
            currency, subtotal_minor, tax_minor, total_minor, amount_due_minor, issued_at, due_at)
        VALUES ('PM-2026-000001', '7e000000-0000-4000-8000-000000000001', 1, 'open', '2026-11-01', '2026-12-01',
                'USD', 14700, 0, 14700, 14700, '2026-11-01', '2026-11-15')
        RETURNING jsonb_build_array(id)::text"),
    ("invoice_lines", "INSERT INTO platform.invoice_lines (invoice_id, kind, description, quantity,
            unit_amount_minor, amount_minor, service_period_start, service_period_end)
        VALUES (1, 'subscription', 'Growth × 3 seats', 3, 4900, 14700, '2026-11-01', '2026-12-01')
        RETURNING jsonb_build_array(id)::text"),
    ("payments", "WITH paid AS (
            INSERT INTO platform.invoices (number, tenant_id, status, period_start, period_end, currency,
                subtotal_minor, tax_minor, total_minor, amount_due_minor, amount_paid_minor, issued_at, paid_at)
            VALUES ('PM-2026-000002', '7e000000-0000-4000-8000-000000000001', 'paid', '2026-10-01', '2026-11-01',
                    'USD', 14700, 0, 14700, 0, 14700, '2026-10-01', '2026-10-03')
            RETURNING id)
        INSERT INTO platform.payments (invoice_id, tenant_id, amount_minor, currency, status, attempted_at)
        SELECT id, '7e000000-0000-4000-8000-000000000001', 14700, 'USD', 'succeeded', '2026-10-03' FROM paid
        RETURNING jsonb_build_array(id)::text"),
    ("payment_retries", "INSERT INTO platform.payment_retries (payment_id, attempt, scheduled_at, attempted_at,
            outcome, failure_reason)
        VALUES (1, 1, '2026-10-02', '2026-10-02', 'failed', 'card_declined')
        RETURNING jsonb_build_array(id)::text"),
    ("disputes", "INSERT INTO platform.disputes (payment_id, amount_minor, currency, reason, status, evidence_due_at)
        VALUES (1, 14700, 'USD', 'duplicate', 'needs_response', '2026-12-10')
        RETURNING jsonb_build_array(id)::text"),
    ("dunning_notes", "INSERT INTO platform.dunning_notes (id, payment_id, body)
        VALUES (gen_random_uuid(), 1, 'Called the customer: new card on Friday')
        RETURNING jsonb_build_array(id)::text"),
    ("credit_notes", "INSERT INTO platform.credit_notes (number, invoice_id, tenant_id, amount_minor, currency, reason)
        VALUES ('PM-2026-000002-CN1', 2, '7e000000-0000-4000-8000-000000000001', 1000, 'USD', 'goodwill')
        RETURNING jsonb_build_array(id)::text"),
    ("alerts", "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title, details)
        VALUES ('smtp-relay:queue-depth', 'smtp-relay', 'high', 'ops', 'SMTP relay queue backing up', 'depth 12k')
        RETURNING jsonb_build_array(id)::text"),
    ("audit_trail", "INSERT INTO desk.audit_trail (action, target, before, after, reason)
        VALUES ('staff.roles', 'staff:t_seed', '{\"roles\": [\"desk_cs\"]}', '{\"roles\": [\"desk_cs\", \"desk_ops\"]}', 'seed')
        RETURNING jsonb_build_array(id)::text"),
    ("alert_notes", "INSERT INTO platform.alert_notes (id, alert_id, body)
        SELECT gen_random_uuid(), min(id), 'Relay pool 3 draining' FROM platform.alerts
        RETURNING jsonb_build_array(id)::text"),
    ("services", "INSERT INTO platform.services (name, team, health_url, sla_target)
        VALUES ('smtp-relay', 'delivery', 'https://smtp-relay.internal/health', 99.95)
        RETURNING jsonb_build_array(name)::text"),
    ("deployments", "INSERT INTO platform.deployments (service, version, previous_version, status, requested_by,
            started_at, finished_at)
        VALUES ('smtp-relay', '2026.11.3', '2026.11.2', 'succeeded', 'ci', now(), now())
        RETURNING jsonb_build_array(id)::text"),
    ("rollback_requests", "INSERT INTO platform.rollback_requests (deployment_id, requested_by, reason)
        VALUES (1, 'seed_ops', 'error rate doubled')
        RETURNING jsonb_build_array(id)::text"),
    ("escalations", "INSERT INTO platform.escalations (id, tenant_id, title, severity, category, reporter_context)
        VALUES ('e5000000-0000-4000-8000-000000000001', '7e000000-0000-4000-8000-000000000001',
                'Gmail bounces after DNS change', 'high', 'deliverability', 'Reported by the tenant admin')
        RETURNING jsonb_build_array(id)::text"),
    ("escalation_timeline", "INSERT INTO platform.escalation_timeline (escalation_id, kind, body)
        VALUES ('e5000000-0000-4000-8000-000000000001', 'note', 'SPF record missing include')
        RETURNING jsonb_build_array(id)::text"),
    ("kb_articles", "INSERT INTO platform.kb_articles (slug, title, body_md, published)
        VALUES ('spf-includes', 'Fixing SPF includes', '# SPF\n\nAdd the include.', true)
        RETURNING jsonb_build_array(id)::text"),
    ("integrations", "INSERT INTO platform.integrations (name, kind, status_url, api_version, deprecation_deadline)
        VALUES ('stripe', 'payments', 'https://status.stripe.com', '2024-06-20', '2027-06-30')
        RETURNING jsonb_build_array(name)::text"),
    ("integration_daily", "INSERT INTO platform.integration_daily (integration, day, calls, errors, p50_ms, p95_ms)
        VALUES ('stripe', '2026-11-24', 1200, 3, 180, 640)
        RETURNING jsonb_build_array(integration, day)::text"),
    ("integration_failures", "INSERT INTO platform.integration_failures (integration, started_at, ended_at, summary)
        VALUES ('stripe', '2026-11-20 10:00+00', '2026-11-20 10:40+00', 'Card charges timing out')
        RETURNING jsonb_build_array(id)::text"),
    ("integration_deprecations", "INSERT INTO platform.integration_deprecations (integration, api_version, notice,
            announced_on, deadline)
        VALUES ('stripe', '2024-06-20', 'API version 2024-06-20 retires', '2026-06-01', '2027-06-30')
        RETURNING jsonb_build_array(id)::text"),
    ("integration_rotations", "INSERT INTO platform.integration_rotations (integration, rotated_by, next_due, note)
        VALUES ('stripe', 'seed_ops', '2027-03-01', 'restricted key rolled')
        RETURNING jsonb_build_array(id)::text"),
    ("integration_onboardings", "INSERT INTO platform.integration_onboardings (id, name, kind, vendor, api_version, requested_by)
        VALUES ('0b000000-0000-4000-8000-000000000001', 'postmark', 'email_provider', 'Postmark', 'v1', 'seed_ops')
        RETURNING jsonb_build_array(id)::text"),
    ("integration_onboarding_steps", "INSERT INTO platform.integration_onboarding_steps (onboarding_id, step, position, owner)
        VALUES ('0b000000-0000-4000-8000-000000000001', 'requirements', 1, 'seed_ops')
        RETURNING jsonb_build_array(onboarding_id, step)::text"),
    ("security_incidents", "INSERT INTO platform.security_incidents (id, title, type, severity)
        VALUES ('5ec00000-0000-4000-8000-000000000001', 'Credential stuffing on login', 'credential_compromise', 'SEV2')
        RETURNING jsonb_build_array(id)::text"),
    ("incident_timeline", "INSERT INTO platform.incident_timeline (incident_id, kind, body)
        VALUES ('5ec00000-0000-4000-8000-000000000001', 'containment', 'rate limit raised on /login')
        RETURNING jsonb_build_array(id)::text"),
    ("incident_containment_steps", "INSERT INTO platform.incident_containment_steps (incident_id, position, step)
        VALUES ('5ec00000-0000-4000-8000-000000000001', 1, 'force password resets')
        RETURNING jsonb_build_array(id)::text"),
    ("incident_evidence", "INSERT INTO platform.incident_evidence (id, incident_id, file_name, size_bytes, sha256)
        VALUES ('5ec0e000-0000-4000-8000-000000000001', '5ec00000-0000-4000-8000-000000000001', 'login.log', 5,
                '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824')
        RETURNING jsonb_build_array(id)::text"),
    ("evidence_custody", "INSERT INTO platform.evidence_custody (evidence_id, action, sha256_seen, hash_matched)
        VALUES ('5ec0e000-0000-4000-8000-000000000001', 'collected',
                '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', true)
        RETURNING jsonb_build_array(id)::text"),
    ("incident_followups", "INSERT INTO platform.incident_followups (incident_id, action, owner)
        VALUES ('5ec00000-0000-4000-8000-000000000001', 'enable MFA for every admin', 'seed_security')
        RETURNING jsonb_build_array(id)::text"),
    ("platform_settings", "INSERT INTO platform.platform_settings (key, description, value_type, min_value, max_value, current_version, service)
        VALUES ('seed.limit', 'A seeded limit', 'number', 1, 100, 1, 'api-gateway')
        RETURNING jsonb_build_array(key)::text"),
    ("setting_versions", "INSERT INTO platform.platform_setting_versions (key, version, value, rationale)
        VALUES ('seed.limit', 1, '10', 'seed')
        RETURNING jsonb_build_array(key, version)::text"),
    ("setting_environments", "INSERT INTO platform.setting_environments (key, environment, version)
        VALUES ('seed.limit', 'staging', 1)
        RETURNING jsonb_build_array(key, environment)::text"),
    ("setting_applications", "INSERT INTO platform.setting_applications (key, environment, version, action, rationale)
        VALUES ('seed.limit', 'staging', 1, 'change', 'seed')
        RETURNING jsonb_build_array(id)::text"),
    ("setting_rules", "INSERT INTO platform.setting_rules (name, description, left_key, op, right_key)
        VALUES ('seed_rule', 'a seeded rule', 'seed.limit', '<=', 'seed.limit')
        RETURNING jsonb_build_array(name)::text"),
    ("security_policies", "INSERT INTO platform.security_policies (name, description, current_version)
        VALUES ('password', 'Staff password rules', 1)
        RETURNING jsonb_build_array(name)::text"),
    ("policy_versions", "INSERT INTO platform.security_policy_versions (name, version, rules, rationale)
        VALUES ('password', 1, '{\"min_length\": 12}', 'seed')
        RETURNING jsonb_build_array(name, version)::text"),
    ("feature_flags", "INSERT INTO platform.feature_flags (key, description, enabled, rollout_percent)
        VALUES ('inbox-rotation', 'Rotate sending mailboxes', true, 25)
        RETURNING jsonb_build_array(key)::text"),
    ("flag_environments", "INSERT INTO platform.flag_environments (key, environment, enabled, rollout_percent)
        VALUES ('inbox-rotation', 'production', true, 25)
        RETURNING jsonb_build_array(key, environment)::text"),
    ("flag_changes", "INSERT INTO platform.flag_changes (key, environment, version, action, state, reason)
        VALUES ('inbox-rotation', 'production', 1, 'create', '{\"enabled\": true}', 'seed')
        RETURNING jsonb_build_array(id)::text"),
    ("flag_evaluations", "INSERT INTO platform.flag_evaluations (key, environment, variant, hour, evaluations, errors)
        VALUES ('inbox-rotation', 'production', 'on', '2026-11-30 10:00+00', 120, 1)
        RETURNING jsonb_build_array(key, environment, variant, hour)::text"),
    ("cs_touchpoints", "INSERT INTO desk.cs_touchpoints (id, tenant_id, author, kind, outcome, happened_at)
        VALUES (gen_random_uuid(), '7e000000-0000-4000-8000-000000000001',
                (SELECT id FROM desk.staff WHERE login = 'seed_csm'), 'call', 'happy', now())
        RETURNING jsonb_build_array(id)::text"),
    ("onboarding_milestones", "INSERT INTO desk.onboarding_milestones (id, tenant_id, title, due_on)
        VALUES (gen_random_uuid(), '7e000000-0000-4000-8000-000000000001', 'Warm up sending domain', '2026-12-01')
        RETURNING jsonb_build_array(id)::text"),
    ("success_plans", "INSERT INTO desk.success_plans (id, tenant_id, title, owner)
        VALUES ('5a000000-0000-4000-8000-000000000001', '7e000000-0000-4000-8000-000000000001', 'Double replies',
                (SELECT id FROM desk.staff WHERE login = 'seed_csm'))
        RETURNING jsonb_build_array(id)::text"),
    ("success_plan_goals", "INSERT INTO desk.success_plan_goals (id, plan_id, description, metric, target_value)
        VALUES (gen_random_uuid(), '5a000000-0000-4000-8000-000000000001', 'Reply rate 8%', 'reply_rate', 0.08)
        RETURNING jsonb_build_array(id)::text"),
];

/// Inserts [`SEED`] as the superuser; returns (collection, key) per row.
pub async fn seed(admin: &PgPool) -> Vec<(&'static str, String)> {
    let mut keys = Vec::new();
    for (collection, sql) in SEED {
        let key: String = sqlx::query_scalar(sql)
            .fetch_one(admin)
            .await
            .unwrap_or_else(|e| panic!("seed {collection}: {e}"));
        keys.push((*collection, key));
    }
    keys
}

/// Asserts that `r` failed with SQLSTATE `code`; `what` says what was tried.
#[track_caller]
pub fn assert_refused<T: std::fmt::Debug>(r: Result<T, sqlx::Error>, code: &str, what: &str) {
    match r {
        Ok(v) => panic!("{what}: expected SQLSTATE {code}, but it succeeded: {v:?}"),
        Err(e) => {
            let got = e
                .as_database_error()
                .and_then(|d| d.code())
                .map(|c| c.into_owned());
            assert_eq!(got.as_deref(), Some(code), "{what}: {e}");
        }
    }
}
