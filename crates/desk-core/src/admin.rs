//! Administration for `desk_admin` (and the audit trail for `desk_security` too): this first
//! part is the audit viewer over the synced trail, which works offline. Staff accounts,
//! settings, security policies and feature flags change the platform at once and come next.

use desk_store::admin::{AuditPage, AuditQuery};

use crate::{Desk, DeskError};

/// Checks the viewer's dates: each `YYYY-MM-DD`, and `from` not after `to`.
pub fn check_audit_query(q: &AuditQuery) -> Result<(), DeskError> {
    let day = |field: &str, v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| {
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    DeskError::InvalidInput(format!("{field}: {d:?} is not a day (YYYY-MM-DD)"))
                })
            })
            .transpose()
    };
    if let (Some(from), Some(to)) = (day("from", &q.from)?, day("to", &q.to)?) {
        if from > to {
            return Err(DeskError::InvalidInput(format!(
                "from: {from} is after to ({to})"
            )));
        }
    }
    Ok(())
}

impl Desk {
    /// A page of the audit trail, newest first (works offline).
    pub async fn admin_audit(&self, q: &AuditQuery) -> Result<AuditPage, DeskError> {
        self.signed_in_login("to see the audit trail").await?;
        check_audit_query(q)?;
        Ok(desk_store::admin::audit(self.store()?.pool(), q).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(from: Option<&str>, to: Option<&str>) -> AuditQuery {
        AuditQuery {
            from: from.map(str::to_string),
            to: to.map(str::to_string),
            ..AuditQuery::default()
        }
    }

    #[test]
    fn dates_are_days_in_order() {
        assert!(check_audit_query(&q(Some("2026-12-01"), Some("2026-12-02"))).is_ok());
        assert!(
            check_audit_query(&q(Some(" "), None)).is_ok(),
            "blank is no filter"
        );
        assert!(
            matches!(check_audit_query(&q(Some("2026-13-01"), None)), Err(DeskError::InvalidInput(m)) if m.starts_with("from"))
        );
        assert!(
            matches!(check_audit_query(&q(Some("2026-12-03"), Some("2026-12-02"))), Err(DeskError::InvalidInput(m)) if m.contains("after"))
        );
    }
}
