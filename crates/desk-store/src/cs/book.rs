//! The book of accounts as a CSM pages through it: filtered and sorted in SQL over the derived
//! `cs_accounts` rows (indexed for each sort), a page at a time, with the total for the
//! scroll bar; and the search of accounts by name or domain for the command palette.

use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use crate::StoreError;

/// Whose accounts the book shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum BookView {
    /// The accounts the signed-in member owns as CSM.
    Mine,
    /// Every account.
    All,
}

/// What the book is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum BookSort {
    /// Health score.
    Health,
    /// Annual recurring revenue.
    Arr,
    /// Next renewal date.
    Renewal,
    /// Account name.
    Name,
    /// Last touchpoint.
    LastTouchpoint,
    /// Open escalations.
    Escalations,
    /// Change of the health score over four weeks.
    Trend,
}

/// Accounts flagged by their signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RiskFilter {
    /// With at least one churn signal, or in the at-risk band.
    AtRisk,
    /// With at least one expansion signal.
    Expansion,
}

/// One request for a page of the book.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BookQuery {
    /// Mine or all.
    pub view: BookView,
    /// Health bands to keep (`healthy`, `watch`, `atRisk`); empty: all.
    pub bands: Vec<String>,
    /// Only accounts renewing within this many days from today.
    pub renewal_within_days: Option<u32>,
    /// Only this plan (code).
    pub plan: Option<String>,
    /// Only this owner (staff id).
    pub owner: Option<String>,
    /// Only accounts with these signals.
    pub risk: Option<RiskFilter>,
    /// Sort column.
    pub sort: BookSort,
    /// Sort direction.
    pub descending: bool,
    /// Rows to skip.
    pub offset: u32,
    /// Rows to return (at most 500).
    pub limit: u32,
}

/// An account as a row of the book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct BookRow {
    /// Tenant id.
    pub tenant_id: String,
    /// Name.
    pub name: String,
    /// Sending domain.
    pub domain: String,
    /// Plan code.
    pub plan_code: Option<String>,
    /// Plan name.
    pub plan_name: Option<String>,
    /// trial, active, past_due or cancelled.
    pub status: Option<String>,
    /// Owning CSM (staff id).
    pub owner_csm: Option<String>,
    /// Owning CSM's name.
    pub owner_name: Option<String>,
    /// Next renewal (YYYY-MM-DD).
    pub renewal_date: Option<String>,
    /// Billing currency.
    pub currency: Option<String>,
    /// Seats bought.
    pub seats: Option<i64>,
    /// Annual recurring revenue, minor units of `currency`.
    pub arr_minor: i64,
    /// Health score, 0–100.
    pub health_score: i64,
    /// healthy, watch or atRisk.
    pub health_band: String,
    /// Score now minus four weeks ago.
    pub health_delta: i64,
    /// Escalations not yet resolved.
    pub open_escalations: i64,
    /// Day of the last touchpoint.
    pub last_touchpoint_at: Option<String>,
    /// Churn signals firing.
    pub churn_signals: i64,
    /// Expansion signals firing.
    pub expansion_signals: i64,
    /// The signals with their reasons in words, churn first.
    #[sqlx(json)]
    pub signals: Vec<desk_domain::signals::Signal>,
    /// The member's changes to this account not yet accepted by the platform.
    pub pending_changes: i64,
}

/// A page of the book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BookPage {
    /// Accounts matching the filters, in all.
    pub total: i64,
    /// The rows of this page.
    pub rows: Vec<BookRow>,
    /// The day the scores describe; none before the first derivation.
    pub as_of: Option<String>,
    /// The plans present, for the filter menu: (code, name).
    pub plans: Vec<(String, String)>,
    /// The owning CSMs present, for the filter menu: (staff id, name).
    pub owners: Vec<(String, String)>,
}

/// The columns of a [`BookRow`], from `cs_accounts a`.
pub(crate) const ROW_COLUMNS: &str = "a.tenant_id, a.name, a.domain, a.plan_code, a.plan_name,
    a.status, a.owner_csm, a.owner_name, a.renewal_date, a.currency, a.seats, a.arr_minor,
    a.health_score, a.health_band, a.health_delta, a.open_escalations, a.last_touchpoint_at,
    a.churn_signals, a.expansion_signals, a.signals,
    (SELECT count(*) FROM outbox o WHERE o.state IN ('pending', 'sending')
        AND json_extract(o.args, '$.tenant_id') = a.tenant_id) AS pending_changes";

fn filters<'a>(qb: &mut QueryBuilder<'a, Sqlite>, q: &'a BookQuery, me: Option<&'a str>) {
    qb.push(" WHERE 1 = 1");
    if q.view == BookView::Mine {
        // Without a staff row for the member, "mine" is empty rather than everything.
        qb.push(" AND a.owner_csm = (SELECT s.id FROM mirror_staff s WHERE s.login = ")
            .push_bind(me.unwrap_or(""))
            .push(")");
    }
    if !q.bands.is_empty() {
        qb.push(" AND a.health_band IN (");
        let mut sep = qb.separated(", ");
        for b in &q.bands {
            sep.push_bind(b.as_str());
        }
        qb.push(")");
    }
    if let Some(days) = q.renewal_within_days {
        qb.push(" AND a.renewal_date >= date('now') AND a.renewal_date <= date('now', ")
            .push_bind(format!("+{days} days"))
            .push(")");
    }
    if let Some(plan) = &q.plan {
        qb.push(" AND a.plan_code = ").push_bind(plan.as_str());
    }
    if let Some(owner) = &q.owner {
        qb.push(" AND a.owner_csm = ").push_bind(owner.as_str());
    }
    match q.risk {
        Some(RiskFilter::AtRisk) => {
            qb.push(" AND (a.churn_signals > 0 OR a.health_band = 'atRisk')");
        }
        Some(RiskFilter::Expansion) => {
            qb.push(" AND a.expansion_signals > 0");
        }
        None => {}
    }
}

async fn has_staff_mirror(pool: &SqlitePool) -> Result<bool, StoreError> {
    crate::mirrors::has_mirror(pool, "staff").await
}

/// One page of the book for the member `me` (their login, for "mine").
pub async fn page(
    pool: &SqlitePool,
    q: &BookQuery,
    me: Option<&str>,
) -> Result<BookPage, StoreError> {
    let empty_mine = q.view == BookView::Mine && !has_staff_mirror(pool).await?;
    // Every row of a derivation has the same day: any one says it.
    let as_of: Option<String> = sqlx::query_scalar("SELECT as_of FROM cs_accounts LIMIT 1")
        .fetch_optional(pool)
        .await?;
    let plans: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT plan_code, coalesce(plan_name, plan_code) FROM cs_accounts
          WHERE plan_code IS NOT NULL ORDER BY 2",
    )
    .fetch_all(pool)
    .await?;
    let owners: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT owner_csm, coalesce(owner_name, owner_csm) FROM cs_accounts
          WHERE owner_csm IS NOT NULL ORDER BY 2",
    )
    .fetch_all(pool)
    .await?;
    if empty_mine {
        return Ok(BookPage {
            total: 0,
            rows: Vec::new(),
            as_of,
            plans,
            owners,
        });
    }
    let mut count = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM cs_accounts a");
    filters(&mut count, q, me);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;

    let mut rows = QueryBuilder::<Sqlite>::new(format!("SELECT {ROW_COLUMNS} FROM cs_accounts a"));
    filters(&mut rows, q, me);
    let column = match q.sort {
        BookSort::Health => "a.health_score",
        BookSort::Arr => "a.arr_minor",
        BookSort::Renewal => "a.renewal_date",
        BookSort::Name => "a.name",
        BookSort::LastTouchpoint => "a.last_touchpoint_at",
        BookSort::Escalations => "a.open_escalations",
        BookSort::Trend => "a.health_delta",
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    // Empty dates sort last either way; the name breaks ties so pages are stable.
    rows.push(format!(
        " ORDER BY {column} IS NULL, {column} {dir}, a.name, a.tenant_id LIMIT "
    ))
    .push_bind(i64::from(q.limit.min(500)))
    .push(" OFFSET ")
    .push_bind(i64::from(q.offset));
    let rows: Vec<BookRow> = rows.build_query_as().fetch_all(pool).await?;
    Ok(BookPage {
        total,
        rows,
        as_of,
        plans,
        owners,
    })
}

/// An account found by name or domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// Tenant id.
    pub tenant_id: String,
    /// Name.
    pub name: String,
    /// Sending domain.
    pub domain: String,
    /// healthy, watch or atRisk.
    pub health_band: String,
    /// Health score.
    pub health_score: i64,
}

/// Accounts whose name or domain contains `text` (any case), best first: names that start
/// with it, then the rest by name. At most `limit`.
pub async fn search(
    pool: &SqlitePool,
    text: &str,
    limit: u32,
) -> Result<Vec<SearchHit>, StoreError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let limit = i64::from(limit.clamp(1, 100));
    let prefix = format!("{}%", text.replace(['%', '_'], ""));
    if text.chars().count() >= 3 {
        // The trigram index answers substring queries; quoted, so the text is not a query.
        let phrase = format!("\"{}\"", text.replace('"', "\"\""));
        Ok(sqlx::query_as(
            "SELECT a.tenant_id, a.name, a.domain, a.health_band, a.health_score
               FROM cs_search s JOIN cs_accounts a ON a.tenant_id = s.tenant_id
              WHERE cs_search MATCH ?
              ORDER BY a.name LIKE ? DESC, a.name LIMIT ?",
        )
        .bind(phrase)
        .bind(&prefix)
        .bind(limit)
        .fetch_all(pool)
        .await?)
    } else {
        // Too short for trigrams: names and domains starting with it.
        Ok(sqlx::query_as(
            "SELECT a.tenant_id, a.name, a.domain, a.health_band, a.health_score
               FROM cs_accounts a WHERE a.name LIKE ? OR a.domain LIKE ?
              ORDER BY a.name LIMIT ?",
        )
        .bind(&prefix)
        .bind(&prefix)
        .bind(limit)
        .fetch_all(pool)
        .await?)
    }
}
