//! The customers an escalation can be opened for, from the synced tenants (every desk role
//! that escalates has them): found by words in the name or domain, with the CSM who owns each.

use serde::Serialize;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use crate::mirrors::{contains_pattern, has_mirror};
use crate::StoreError;

/// The most tenants one search returns.
pub const TENANTS_LIMIT: i64 = 20;

/// A tenant as the escalation form offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TenantHit {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its sending domain.
    pub domain: String,
    /// trial, active, past_due, cancelled.
    pub status: String,
    /// The CSM who owns it.
    pub csm: Option<String>,
}

/// Tenants whose name or domain holds every word of `query`, by name.
pub async fn search(pool: &SqlitePool, query: &str) -> Result<Vec<TenantHit>, StoreError> {
    if !has_mirror(pool, "tenants").await? {
        return Ok(Vec::new());
    }
    let csm = if has_mirror(pool, "staff").await? {
        "(SELECT s.full_name FROM mirror_staff s WHERE s.id = t.owner_csm)"
    } else {
        "NULL"
    };
    let mut qb = QueryBuilder::<Sqlite>::new(format!(
        "SELECT t.id, t.name, t.domain, t.status, {csm} AS csm FROM mirror_tenants t WHERE 1 = 1"
    ));
    for word in query.split_whitespace() {
        let like = contains_pattern(word);
        qb.push(" AND (t.name LIKE ")
            .push_bind(like.clone())
            .push(" ESCAPE '\\' OR t.domain LIKE ")
            .push_bind(like)
            .push(" ESCAPE '\\')");
    }
    qb.push(" ORDER BY t.name COLLATE NOCASE LIMIT ")
        .push_bind(TENANTS_LIMIT);
    Ok(qb.build_query_as::<TenantHit>().fetch_all(pool).await?)
}
