//! What payments actually brought in, per currency, once refunds are taken off: the cash side
//! of reconciliation. Refunds live here and not in revenue recognition: a refund gives cash
//! back but does not by itself change what was earned; finance lowers revenue by issuing a
//! credit note (see [`crate::revenue::recognition`]).

use serde::{Deserialize, Serialize};

/// The state of a payment attempt (`platform.payments.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PaymentStatus {
    /// The money was collected.
    Succeeded,
    /// The attempt failed: nothing was collected.
    Failed,
    /// Collected, then refunded in full.
    Refunded,
}

impl PaymentStatus {
    /// The status for a platform value such as `"succeeded"`.
    pub fn from_db(status: &str) -> Option<PaymentStatus> {
        match status {
            "succeeded" => Some(PaymentStatus::Succeeded),
            "failed" => Some(PaymentStatus::Failed),
            "refunded" => Some(PaymentStatus::Refunded),
            _ => None,
        }
    }
}

/// A payment, as far as cash goes (a row of `platform.payments`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    /// The amount attempted, in minor units (positive).
    pub amount_minor: i64,
    /// Its currency.
    pub currency: String,
    /// Whether it was collected.
    pub status: PaymentStatus,
    /// How much of it was given back, in minor units (0 to the amount; a partial refund
    /// leaves the status `succeeded`).
    pub refunded_amount_minor: i64,
}

/// Cash of one currency: what was collected, what was refunded, and what stayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CashTotals {
    /// The currency.
    pub currency: String,
    /// Sum of the amounts of succeeded and refunded payments.
    pub collected: i64,
    /// Sum of what was refunded of them.
    pub refunded: i64,
    /// `collected − refunded`.
    pub net: i64,
}

/// Cash per currency, in currency-code order. Failed payments collected nothing and count for
/// nothing, whatever their refunded amount says.
pub fn net_collected(payments: &[PaymentRecord]) -> Vec<CashTotals> {
    let mut totals = std::collections::BTreeMap::<&str, (i64, i64)>::new();
    for payment in payments {
        if payment.status == PaymentStatus::Failed {
            continue;
        }
        let entry = totals.entry(payment.currency.as_str()).or_insert((0, 0));
        entry.0 += payment.amount_minor;
        entry.1 += payment.refunded_amount_minor;
    }
    totals
        .into_iter()
        .map(|(currency, (collected, refunded))| CashTotals {
            currency: currency.to_string(),
            collected,
            refunded,
            net: collected - refunded,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(amount: i64, currency: &str, status: &str, refunded: i64) -> PaymentRecord {
        PaymentRecord {
            amount_minor: amount,
            currency: currency.into(),
            status: PaymentStatus::from_db(status).unwrap(),
            refunded_amount_minor: refunded,
        }
    }

    #[test]
    fn refunds_reduce_cash_per_currency_and_failures_count_for_nothing() {
        let cash = net_collected(&[
            pay(10_000, "USD", "succeeded", 0),
            pay(5_000, "USD", "succeeded", 1_500),
            pay(2_000, "USD", "refunded", 2_000),
            pay(9_999, "USD", "failed", 0),
            pay(7_000, "EUR", "succeeded", 0),
        ]);
        assert_eq!(
            cash,
            [
                CashTotals {
                    currency: "EUR".into(),
                    collected: 7_000,
                    refunded: 0,
                    net: 7_000
                },
                CashTotals {
                    currency: "USD".into(),
                    collected: 17_000,
                    refunded: 3_500,
                    net: 13_500
                },
            ]
        );
        assert!(PaymentStatus::from_db("pending").is_none());
    }
}
