//! Customer success on a generated platform, as a CSM meets it: after a sync the book of
//! accounts is derived on the laptop and sorts, filters and searches in the local store; the
//! account 360 has the usage, invoices, health factors and trend; a touchpoint and a ticked
//! milestone show at once, marked pending, and reach the platform exactly once.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use desk_core::cs::TouchpointDraft;
use desk_core::Desk;
use desk_store::cs::{BookQuery, BookSort, BookView, RecordSync, RiskFilter};
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{create_login, PlatformDb};

const TENANTS: usize = 40;

fn query(view: BookView, sort: BookSort, descending: bool) -> BookQuery {
    BookQuery {
        view,
        bands: Vec::new(),
        renewal_within_days: None,
        plan: None,
        owner: None,
        risk: None,
        sort,
        descending,
        offset: 0,
        limit: 100,
    }
}

struct World {
    db: PlatformDb,
    desk: Desk,
    me: String,
    _laptop: Laptop,
}

/// A generated platform, a CSM (staff row and login) who owns five accounts, signed in on a
/// laptop that has synced and derived the book.
async fn world() -> World {
    let db = PlatformDb::create().await;
    desk_sandbox::generate(&db.admin, &desk_sandbox::Config::new(11, TENANTS))
        .await
        .expect("generate");
    let login = create_login(&db.admin, "pw", &["desk_cs"], true).await;
    let me: String = sqlx::query_scalar(
        "INSERT INTO desk.staff (login, full_name, email, team, roles)
         VALUES ($1, 'Robin Tester', $1 || '@penguinmails.test', 'cs', '{desk_cs}') RETURNING id::text",
    )
    .bind(&login)
    .fetch_one(&db.admin)
    .await
    .expect("staff row");
    sqlx::query(
        "UPDATE platform.tenants SET owner_csm = $1::uuid
          WHERE id IN (SELECT id FROM platform.tenants ORDER BY name LIMIT 5)",
    )
    .bind(&me)
    .execute(&db.admin)
    .await
    .expect("assign accounts");
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Sandbox", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    assert!(
        desk.cs_needs_refresh().await.expect("check"),
        "synced, not derived yet"
    );
    let report = desk.cs_refresh(None).await.expect("derive");
    assert_eq!(report.accounts, TENANTS);
    World {
        db,
        desk,
        me,
        _laptop: laptop,
    }
}

#[tokio::test]
async fn the_book_sorts_filters_and_searches_the_derived_accounts() {
    let w = world().await;
    let all = w
        .desk
        .cs_book(&query(BookView::All, BookSort::Health, false))
        .await
        .expect("book");
    assert_eq!(all.total, TENANTS as i64);
    assert!(all.as_of.is_some());
    let scores: Vec<i64> = all.rows.iter().map(|r| r.health_score).collect();
    assert!(
        scores.windows(2).all(|p| p[0] <= p[1]),
        "sorted by health: {scores:?}"
    );
    assert!(
        all.rows.iter().any(|r| r.arr_minor > 0),
        "recurring revenue is derived"
    );
    assert!(all
        .rows
        .iter()
        .all(|r| r.currency.is_some() && r.plan_name.is_some()));

    let mine = w
        .desk
        .cs_book(&query(BookView::Mine, BookSort::Arr, true))
        .await
        .expect("mine");
    assert_eq!(mine.total, 5);
    assert!(mine
        .rows
        .iter()
        .all(|r| r.owner_csm.as_deref() == Some(w.me.as_str())
            && r.owner_name.as_deref() == Some("Robin Tester")));
    let arr: Vec<i64> = mine.rows.iter().map(|r| r.arr_minor).collect();
    assert!(
        arr.windows(2).all(|p| p[0] >= p[1]),
        "sorted by ARR, descending"
    );

    // The owner filter, with the owners listed for its menu.
    assert!(all
        .owners
        .iter()
        .any(|(id, name)| id == &w.me && name == "Robin Tester"));
    let mut robin = query(BookView::All, BookSort::Name, false);
    robin.owner = Some(w.me.clone());
    assert_eq!(w.desk.cs_book(&robin).await.expect("owner").total, 5);

    let mut at_risk = query(BookView::All, BookSort::Name, false);
    at_risk.risk = Some(RiskFilter::AtRisk);
    let risky = w.desk.cs_book(&at_risk).await.expect("at risk");
    assert!(risky
        .rows
        .iter()
        .all(|r| r.churn_signals > 0 || r.health_band == "atRisk"));
    let mut healthy = query(BookView::All, BookSort::Name, false);
    healthy.bands = vec!["healthy".into()];
    let healthy = w.desk.cs_book(&healthy).await.expect("healthy");
    assert!(healthy.rows.iter().all(|r| r.health_band == "healthy"));
    assert_eq!(
        healthy.total
            + w.desk
                .cs_book(&{
                    let mut q = query(BookView::All, BookSort::Name, false);
                    q.bands = vec!["watch".into(), "atRisk".into()];
                    q
                })
                .await
                .expect("others")
                .total,
        TENANTS as i64,
        "the bands partition the book"
    );

    // Paging: two pages of 15 are the first 30 rows in order.
    let mut first = query(BookView::All, BookSort::Name, false);
    first.limit = 15;
    let mut second = first.clone();
    second.offset = 15;
    let mut paged: Vec<String> = Vec::new();
    for q in [first, second] {
        paged.extend(
            w.desk
                .cs_book(&q)
                .await
                .expect("page")
                .rows
                .into_iter()
                .map(|r| r.tenant_id),
        );
    }
    let by_name = w
        .desk
        .cs_book(&query(BookView::All, BookSort::Name, false))
        .await
        .expect("by name");
    let expected: Vec<String> = by_name
        .rows
        .iter()
        .take(30)
        .map(|r| r.tenant_id.clone())
        .collect();
    assert_eq!(paged, expected);

    // A colleague's touchpoint on the platform re-derives just that account after the pull.
    let touched = &all.rows[3];
    sqlx::query(
        "INSERT INTO desk.cs_touchpoints (id, tenant_id, author, kind, summary, happened_at)
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'meeting', 'QBR', now())",
    )
    .bind(&touched.tenant_id)
    .bind(&w.me)
    .execute(&w.db.admin)
    .await
    .expect("touchpoint on the platform");
    let report = w.desk.sync_now().await.expect("pull");
    let plan = desk_core::cs::refresh_plan(&report);
    assert_eq!(
        plan,
        desk_core::cs::RefreshPlan::Tenants(vec![touched.tenant_id.clone()])
    );
    w.desk
        .cs_refresh_scope(desk_store::cs::Scope::Tenants(std::slice::from_ref(
            &touched.tenant_id,
        )))
        .await
        .expect("re-derive one");
    let again = w.desk.cs_account(&touched.tenant_id).await.expect("360");
    assert_eq!(
        again.account.last_touchpoint_at.as_deref(),
        Some(chrono::Utc::now().format("%Y-%m-%d").to_string().as_str())
    );
    let book = w
        .desk
        .cs_book(&query(BookView::All, BookSort::Name, false))
        .await
        .expect("book");
    assert_eq!(book.total, TENANTS as i64, "the others are still there");

    // Search by a piece of the middle of a domain, any case, and by a short prefix of a name.
    let target = &all.rows[7];
    let piece: String = target.domain.chars().skip(2).take(5).collect();
    let hits = w
        .desk
        .cs_search(&piece.to_uppercase(), 20)
        .await
        .expect("search");
    assert!(
        hits.iter().any(|h| h.tenant_id == target.tenant_id),
        "{piece} finds {}",
        target.domain
    );
    let prefix: String = target.name.chars().take(2).collect();
    let hits = w.desk.cs_search(&prefix, 50).await.expect("short search");
    assert!(hits.iter().any(|h| h.tenant_id == target.tenant_id));
    w.db.drop_db().await;
}

#[tokio::test]
async fn the_account_360_has_what_a_call_needs_and_changes_show_pending_then_arrive_once() {
    let w = world().await;
    let book = w
        .desk
        .cs_book(&query(BookView::All, BookSort::Arr, true))
        .await
        .expect("book");
    let tenant = book.rows[0].tenant_id.clone();
    let milestone: String = sqlx::query_scalar(
        "INSERT INTO desk.onboarding_milestones (id, tenant_id, title, position, due_on)
         VALUES (gen_random_uuid(), $1::uuid, 'Warm up the sending domains', 0, current_date - 3)
         RETURNING id::text",
    )
    .bind(&tenant)
    .fetch_one(&w.db.admin)
    .await
    .expect("milestone");
    w.desk.sync_now().await.expect("sync the milestone");

    let a = w.desk.cs_account(&tenant).await.expect("account 360");
    assert_eq!(a.account.health_score, i64::from(a.health.score));
    assert_eq!(
        a.health.factors.len(),
        6,
        "every factor with its contribution"
    );
    assert_eq!(a.trend.len(), 13, "a point a week over 90 days");
    assert!(!a.usage_daily.is_empty() && a.usage_daily.len() <= 90);
    assert_eq!(a.usage_monthly.len(), 12, "twelve months of usage");
    assert!(!a.invoices.is_empty() && a.invoices.len() <= 12);
    assert!(a.subscription.is_some());
    let m = a
        .milestones
        .iter()
        .find(|m| m.id == milestone)
        .expect("the milestone");
    assert!(m.overdue && m.completed_at.is_none());
    assert_eq!(m.sync, RecordSync::Synced);

    // The brief, as Markdown and as a one-page PDF, from the same account 360.
    let out = tempfile::tempdir().expect("tempdir");
    let md = w
        .desk
        .cs_export_brief(&tenant, desk_core::brief::BriefFormat::Markdown, out.path())
        .await
        .expect("markdown brief");
    let text = std::fs::read_to_string(&md).expect("read brief");
    assert!(text.starts_with(&format!("# {}", a.account.name)), "{text}");
    assert!(text.contains(&format!("## Health {}/100", a.health.score)));
    assert!(
        text.contains("Warm up the sending domains — OVERDUE"),
        "{text}"
    );
    let pdf = w
        .desk
        .cs_export_brief(&tenant, desk_core::brief::BriefFormat::Pdf, out.path())
        .await
        .expect("pdf brief");
    if let Some(keep) = std::env::var_os("DESK_KEEP_BRIEFS") {
        // To look at them: DESK_KEEP_BRIEFS=/tmp/briefs cargo test -p desk-tests --test cs_book
        std::fs::create_dir_all(&keep).expect("keep folder");
        for f in [&md, &pdf] {
            let name = f.file_name().expect("file name");
            std::fs::copy(f, std::path::Path::new(&keep).join(name)).expect("keep brief");
        }
    }
    let bytes = std::fs::read(&pdf).expect("read pdf");
    assert!(bytes.starts_with(b"%PDF"), "a PDF file");
    assert!(pdf.extension().is_some_and(|e| e == "pdf"));

    // A touchpoint and a ticked milestone, before any push.
    let id = w
        .desk
        .cs_add_touchpoint(&TouchpointDraft {
            tenant_id: tenant.clone(),
            kind: "call".into(),
            summary: "Renewal prep: seats and deliverability".into(),
            outcome: "Wants 10 more seats in Q1".into(),
            next_step: Some("Send the seat quote".into()),
            happened_at: chrono::Utc::now().to_rfc3339(),
        })
        .await
        .expect("touchpoint");
    w.desk
        .cs_complete_milestone(&milestone, true)
        .await
        .expect("tick");
    let a = w.desk.cs_account(&tenant).await.expect("account 360");
    let tp = a
        .touchpoints
        .iter()
        .find(|t| t.id == id)
        .expect("shown at once");
    assert_eq!(tp.sync, RecordSync::Pending);
    assert_eq!(tp.author_name.as_deref(), Some("Robin Tester"));
    let m = a
        .milestones
        .iter()
        .find(|m| m.id == milestone)
        .expect("milestone");
    assert!(m.completed_at.is_some() && !m.overdue);
    assert_eq!(m.sync, RecordSync::Pending);
    assert_eq!(a.account.pending_changes, 2);
    assert_eq!(
        a.account.last_touchpoint_at.as_deref(),
        Some(chrono::Utc::now().format("%Y-%m-%d").to_string().as_str()),
        "the book's last touchpoint moves at once"
    );

    // Bad input is refused with the field named, and nothing is queued.
    let refused = w
        .desk
        .cs_add_touchpoint(&TouchpointDraft {
            tenant_id: tenant.clone(),
            kind: "call".into(),
            summary: " ".into(),
            outcome: String::new(),
            next_step: None,
            happened_at: chrono::Utc::now().to_rfc3339(),
        })
        .await;
    assert!(matches!(refused, Err(desk_core::DeskError::InvalidInput(m)) if m.contains("summary")));

    // The push: each arrives once, and the records are no longer pending.
    w.desk.sync_now().await.expect("push and pull");
    let on_platform: i64 =
        sqlx::query_scalar("SELECT count(*) FROM desk.cs_touchpoints WHERE id = $1::uuid")
            .bind(&id)
            .fetch_one(&w.db.admin)
            .await
            .expect("count");
    assert_eq!(on_platform, 1);
    let done: bool = sqlx::query_scalar(
        "SELECT completed_at IS NOT NULL AND completed_by = $2::uuid FROM desk.onboarding_milestones WHERE id = $1::uuid",
    )
    .bind(&milestone)
    .bind(&w.me)
    .fetch_one(&w.db.admin)
    .await
    .expect("milestone");
    assert!(done);
    let a = w.desk.cs_account(&tenant).await.expect("account 360");
    assert_eq!(
        a.touchpoints
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.sync.clone()),
        Some(RecordSync::Synced)
    );
    assert_eq!(a.account.pending_changes, 0);
    w.db.drop_db().await;
}
