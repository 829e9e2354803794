//! Finance offline queries at scale: a finance member's desk syncs the generated platform,
//! then times the invoice list's first page (open invoices by due date), receivables aging,
//! 24 months of MRR movements and 24 months of the revenue waterfall, through the same `Desk`
//! functions the commands call, reading only the local store.

use std::sync::Arc;
use std::time::Instant;

use desk_core::DeskPaths;
use desk_domain::Profile;
use desk_store::billing::{InvoiceQuery, InvoiceSort};
use desk_store::MemoryKeychain;

use crate::cs::{timing, Timing};
use crate::laptop::signed_in;

/// What the finance benchmark measured.
pub struct FinanceBench {
    /// Rows the first sync copied.
    pub rows: u64,
    /// Seconds of that sync.
    pub sync_secs: f64,
    /// Invoices in the list, in all.
    pub invoices: i64,
    /// The query timings.
    pub timings: Vec<Timing>,
}

/// Rows and an FNV-1a hash of their debug text: equal results give equal digests.
fn digest<T: std::fmt::Debug>(rows: &[T]) -> String {
    let text = format!("{rows:?}");
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{} rows {hash:016x}", rows.len())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Signs finance in on a fresh laptop, syncs, and times `runs` of each query (fewer of the
/// two reports, which read every line).
pub async fn run(
    paths: &DeskPaths,
    profile: &Profile,
    password: &str,
    runs: usize,
) -> Result<FinanceBench, String> {
    let desk = signed_in(paths, Arc::new(MemoryKeychain::new()), profile, password).await?;
    let t = Instant::now();
    let report = desk.sync_now().await.map_err(|e| e.to_string())?;
    let sync_secs = t.elapsed().as_secs_f64();

    let pages = [
        (vec!["open".to_string()], InvoiceSort::Due, false),
        (Vec::new(), InvoiceSort::Issued, true),
        (Vec::new(), InvoiceSort::Total, true),
        (vec!["paid".to_string()], InvoiceSort::Number, false),
    ];
    let mut list_ms = Vec::with_capacity(runs);
    let mut by_kind: Vec<Vec<f64>> = vec![Vec::new(); pages.len()];
    let mut invoices = 0;
    for i in 0..runs {
        let (statuses, sort, descending) = pages[i % pages.len()].clone();
        let q = InvoiceQuery {
            statuses,
            currency: None,
            tenant_id: None,
            overdue_only: false,
            issued_from: None,
            issued_to: None,
            number_prefix: None,
            sort,
            descending,
            offset: 0,
            limit: 100,
        };
        let t = Instant::now();
        let page = desk.billing_invoices(&q).await.map_err(|e| e.to_string())?;
        let ms_taken = ms(t);
        list_ms.push(ms_taken);
        by_kind[i % pages.len()].push(ms_taken);
        invoices = invoices.max(page.total);
    }
    for (k, (statuses, sort, descending)) in pages.iter().enumerate() {
        let mut v = by_kind[k].clone();
        v.sort_by(f64::total_cmp);
        eprintln!(
            "finance: invoice list {statuses:?} by {sort:?}{}: median {:.1} ms, worst {:.1} ms",
            if *descending { " descending" } else { "" },
            v.get(v.len() / 2).copied().unwrap_or(0.0),
            v.last().copied().unwrap_or(0.0)
        );
    }
    let mut aging_ms = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        desk.billing_aging().await.map_err(|e| e.to_string())?;
        aging_ms.push(ms(t));
    }
    let today = chrono::Utc::now().date_naive();
    let to = today.format("%Y-%m").to_string();
    let from = (today - chrono::Duration::days(700))
        .format("%Y-%m")
        .to_string();
    let reports = (runs / 10).max(5);
    let mut mrr_ms = Vec::with_capacity(reports);
    let mut waterfall_ms = Vec::with_capacity(reports);
    let mut digests = (String::new(), String::new());
    for _ in 0..reports {
        let t = Instant::now();
        let mrr = desk
            .revenue_mrr(&from, &to)
            .await
            .map_err(|e| e.to_string())?;
        mrr_ms.push(ms(t));
        let t = Instant::now();
        let waterfall = desk
            .revenue_waterfall(&from, &to)
            .await
            .map_err(|e| e.to_string())?;
        waterfall_ms.push(ms(t));
        digests = (digest(&mrr), digest(&waterfall));
    }
    // What the reports said, so runs before and after a change can be compared for equality.
    eprintln!(
        "finance: {from}..{to}: MRR digest {}, waterfall digest {}",
        digests.0, digests.1
    );
    desk.sign_out().await.map_err(|e| e.to_string())?;
    Ok(FinanceBench {
        rows: report.rows_copied,
        sync_secs,
        invoices,
        timings: vec![
            timing(
                "invoice list page (100 rows, sorted, filtered)",
                "",
                list_ms,
            ),
            timing("AR aging per currency", "", aging_ms),
            timing("MRR movements, 24 months", "< 200 ms", mrr_ms),
            timing("revenue waterfall, 24 months", "", waterfall_ms),
        ],
    })
}
