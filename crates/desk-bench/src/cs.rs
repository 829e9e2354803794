//! Customer success offline queries at scale: a CSM's desk syncs the generated platform,
//! derives the book of accounts, then times the book's first page (sorted by health,
//! filtered), the account 360 and the search, through the same `Desk` functions the commands
//! call; they read only the encrypted local store, as they do offline.

use std::sync::Arc;
use std::time::Instant;

use desk_core::DeskPaths;
use desk_domain::Profile;
use desk_store::cs::{BookQuery, BookSort, BookView};
use desk_store::MemoryKeychain;

use crate::laptop::signed_in;
use crate::latency::percentile;

/// p50/p95 of one query, in milliseconds.
pub struct Timing {
    /// What was timed.
    pub what: &'static str,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// The target for p95.
    pub target: &'static str,
}

/// What the CS benchmark measured.
pub struct CsBench {
    /// Rows the CSM's first sync copied.
    pub rows: u64,
    /// Seconds of that sync.
    pub sync_secs: f64,
    /// Accounts derived.
    pub accounts: usize,
    /// Seconds of the derivation.
    pub derive_secs: f64,
    /// The query timings.
    pub timings: Vec<Timing>,
}

/// p50/p95 of `ms`.
pub fn timing(what: &'static str, target: &'static str, mut ms: Vec<f64>) -> Timing {
    ms.sort_by(f64::total_cmp);
    Timing {
        what,
        p50: percentile(&ms, 50.0),
        p95: percentile(&ms, 95.0),
        target,
    }
}

fn book(sort: BookSort, bands: &[&str], view: BookView) -> BookQuery {
    BookQuery {
        view,
        bands: bands.iter().map(|b| b.to_string()).collect(),
        renewal_within_days: None,
        plan: None,
        owner: None,
        risk: None,
        sort,
        descending: false,
        offset: 0,
        limit: 100,
    }
}

/// Signs a CSM in on a fresh laptop, syncs, derives the book, and times `runs` of each query.
pub async fn run(
    paths: &DeskPaths,
    profile: &Profile,
    password: &str,
    runs: usize,
) -> Result<CsBench, String> {
    let desk = signed_in(paths, Arc::new(MemoryKeychain::new()), profile, password).await?;
    let t = Instant::now();
    let report = desk.sync_now().await.map_err(|e| e.to_string())?;
    let sync_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let derived = desk.cs_refresh(None).await.map_err(|e| e.to_string())?;
    let derive_secs = t.elapsed().as_secs_f64();

    let queries = [
        book(BookSort::Health, &["watch", "atRisk"], BookView::All),
        book(BookSort::Health, &[], BookView::All),
        book(BookSort::Arr, &["healthy"], BookView::All),
        book(BookSort::Renewal, &[], BookView::Mine),
    ];
    let mut book_ms = Vec::with_capacity(runs);
    for i in 0..runs {
        let q = &queries[i % queries.len()];
        let t = Instant::now();
        desk.cs_book(q).await.map_err(|e| e.to_string())?;
        book_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    // Accounts spread over the book, by name.
    let mut by_name = book(BookSort::Name, &[], BookView::All);
    by_name.limit = 500;
    let all = desk.cs_book(&by_name).await.map_err(|e| e.to_string())?;
    let step = (all.total as usize / runs.max(1)).max(1);
    let mut tenants = Vec::with_capacity(runs);
    for i in 0..runs {
        let mut q = book(BookSort::Name, &[], BookView::All);
        q.offset = u32::try_from((i * step) % all.total.max(1) as usize).unwrap_or(0);
        q.limit = 1;
        if let Some(r) = desk
            .cs_book(&q)
            .await
            .map_err(|e| e.to_string())?
            .rows
            .pop()
        {
            tenants.push(r);
        }
    }
    let mut account_ms = Vec::with_capacity(tenants.len());
    for r in &tenants {
        let t = Instant::now();
        desk.cs_account(&r.tenant_id)
            .await
            .map_err(|e| e.to_string())?;
        account_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut search_ms = Vec::with_capacity(tenants.len());
    for (i, r) in tenants.iter().enumerate() {
        // Pieces of names and domains, short and long, as people type them.
        let source = if i % 2 == 0 { &r.name } else { &r.domain };
        let len = [2, 3, 5, 8][i % 4];
        let piece: String = source.chars().skip(i % 3).take(len).collect();
        let t = Instant::now();
        desk.cs_search(&piece, 20)
            .await
            .map_err(|e| e.to_string())?;
        search_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    desk.sign_out().await.map_err(|e| e.to_string())?;
    Ok(CsBench {
        rows: report.rows_copied,
        sync_secs,
        accounts: derived.accounts,
        derive_secs,
        timings: vec![
            timing("book page (100 rows, sorted, filtered)", "< 20 ms", book_ms),
            timing("account 360", "< 30 ms", account_ms),
            timing("search", "< 50 ms", search_ms),
        ],
    })
}
