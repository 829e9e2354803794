//! Money as the platform stores it: an integer count of minor units (cents, pence, yen) with
//! an ISO 4217 currency code, never a float. This module holds the few rules every finance
//! view needs: which codes are valid, how many decimals a currency has, totals that never mix
//! currencies, exact rounding of a share of an amount, and the plain decimal text of exports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An amount in minor units of a currency, e.g. `{ minor: 1234, currency: "EUR" }` is €12.34.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Money {
    /// The amount in minor units; negative for credits and refunds.
    pub minor: i64,
    /// The ISO 4217 code, three upper-case letters.
    pub currency: String,
}

impl Money {
    /// An amount of `minor` units of `currency`.
    pub fn new(minor: i64, currency: impl Into<String>) -> Money {
        Money {
            minor,
            currency: currency.into(),
        }
    }

    /// The amount as export text, e.g. `12.34` (see [`format_minor`]).
    pub fn to_decimal_string(&self) -> String {
        format_minor(self.minor, &self.currency)
    }
}

/// Whether `code` has the shape of an ISO 4217 code: exactly three ASCII upper-case letters
/// (what the platform's `CHECK (currency ~ '^[A-Z]{3}$')` accepts).
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// How many decimals the currency's minor unit has (ISO 4217): 0 for currencies without a
/// minor unit (JPY, KRW, …), 3 for the dinars and rials that count in thousandths (BHD, KWD,
/// …), 4 for the two accounting units (CLF, UYW), and 2 for every other code.
pub fn minor_unit_exponent(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        "CLF" | "UYW" => 4,
        _ => 2,
    }
}

/// An amount of minor units as plain decimal text for CSV exports and accounting imports:
/// a dot, the currency's number of decimals, a leading `-` when negative, no grouping and no
/// symbol. `1234` EUR → `12.34`, `-5` USD → `-0.05`, `1234` JPY → `1234`, `1234` KWD → `1.234`.
pub fn format_minor(minor: i64, currency: &str) -> String {
    let exponent = minor_unit_exponent(currency);
    let sign = if minor < 0 { "-" } else { "" };
    let magnitude = minor.unsigned_abs();
    if exponent == 0 {
        return format!("{sign}{magnitude}");
    }
    let unit = 10u64.pow(exponent);
    let width = usize::try_from(exponent).unwrap_or(2);
    format!(
        "{sign}{}.{:0width$}",
        magnitude / unit,
        magnitude % unit,
        width = width
    )
}

/// Totals per currency, never across currencies: `[("EUR", 100), ("USD", 5), ("EUR", -30)]`
/// gives `{"EUR": 70, "USD": 5}`. Currencies appear in code order.
pub fn sum_by_currency<'a>(
    amounts: impl IntoIterator<Item = (&'a str, i64)>,
) -> BTreeMap<String, i64> {
    let mut totals = BTreeMap::new();
    for (currency, minor) in amounts {
        *totals.entry(currency.to_string()).or_insert(0) += minor;
    }
    totals
}

/// `amount × numerator ÷ denominator`, rounded to the nearest minor unit with halves rounded
/// away from zero (`2.5 → 3`, `−2.5 → −3`), computed exactly in 128-bit integers.
///
/// `None` when the denominator is zero or the result does not fit an `i64` (it always fits
/// when `|numerator| ≤ |denominator|`, i.e. when taking a share of the amount).
pub fn scale_rounded(amount: i64, numerator: i64, denominator: i64) -> Option<i64> {
    let n = i128::from(amount) * i128::from(numerator);
    i64::try_from(div_round_half_away(n, i128::from(denominator))?).ok()
}

/// `n ÷ d` rounded to the nearest integer, halves away from zero; `None` when `d` is zero or
/// the arithmetic overflows. The 128-bit core of [`scale_rounded`].
pub(crate) fn div_round_half_away(n: i128, d: i128) -> Option<i128> {
    if d == 0 {
        return None;
    }
    let (n, d) = if d < 0 {
        (n.checked_neg()?, d.checked_neg()?)
    } else {
        (n, d)
    };
    let quotient = n / d;
    let remainder = (n % d).checked_abs()?;
    if remainder.checked_mul(2)? >= d {
        quotient.checked_add(n.signum())
    } else {
        Some(quotient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_use_the_currency_decimals_and_no_grouping() {
        assert_eq!(format_minor(1234, "EUR"), "12.34");
        assert_eq!(format_minor(-5, "USD"), "-0.05");
        assert_eq!(format_minor(0, "USD"), "0.00");
        assert_eq!(format_minor(123_456_789, "GBP"), "1234567.89");
        assert_eq!(format_minor(1234, "JPY"), "1234");
        assert_eq!(format_minor(-1234, "JPY"), "-1234");
        assert_eq!(format_minor(1234, "KWD"), "1.234");
        assert_eq!(format_minor(5, "BHD"), "0.005");
        assert_eq!(format_minor(i64::MIN, "USD"), "-92233720368547758.08");
        assert_eq!(Money::new(990, "EUR").to_decimal_string(), "9.90");
    }

    #[test]
    fn exponents_follow_iso_4217() {
        assert_eq!(minor_unit_exponent("JPY"), 0);
        assert_eq!(minor_unit_exponent("KRW"), 0);
        assert_eq!(minor_unit_exponent("EUR"), 2);
        assert_eq!(minor_unit_exponent("USD"), 2);
        assert_eq!(minor_unit_exponent("BHD"), 3);
        assert_eq!(minor_unit_exponent("KWD"), 3);
    }

    #[test]
    fn currency_codes_are_three_upper_case_letters() {
        assert!(is_currency_code("EUR"));
        for bad in ["eur", "EURO", "EU", "E1R", "", "ÉUR"] {
            assert!(!is_currency_code(bad), "{bad}");
        }
    }

    #[test]
    fn totals_are_kept_per_currency() {
        let totals = sum_by_currency([("EUR", 100), ("USD", 5), ("EUR", -30)]);
        assert_eq!(totals.len(), 2);
        assert_eq!(totals["EUR"], 70);
        assert_eq!(totals["USD"], 5);
    }

    #[test]
    fn shares_round_half_away_from_zero_exactly() {
        assert_eq!(scale_rounded(5, 1, 2), Some(3));
        assert_eq!(scale_rounded(-5, 1, 2), Some(-3));
        assert_eq!(scale_rounded(1000, 1, 3), Some(333));
        assert_eq!(scale_rounded(1000, 2, 3), Some(667));
        assert_eq!(scale_rounded(-1000, 2, 3), Some(-667));
        assert_eq!(scale_rounded(1000, -2, -3), Some(667));
        assert_eq!(scale_rounded(999, 10, 31), Some(322));
        assert_eq!(scale_rounded(i64::MAX, 1, 1), Some(i64::MAX));
        assert_eq!(scale_rounded(i64::MAX, 3, 2), None);
        assert_eq!(scale_rounded(7, 1, 0), None);
    }
}
