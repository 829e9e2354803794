//! Small wording helpers for the sentences the health score and the signals show to staff:
//! counts with thousands separators, percentages, plurals.

/// A rate as a percentage with the few decimals small rates need: 0.0005 → "0.05%",
/// 0.042 → "4.2%", 0.5 → "50%".
pub(crate) fn percent(rate: f64) -> String {
    let p = rate * 100.0;
    let text = if p.abs() >= 10.0 {
        format!("{p:.0}")
    } else if p.abs() >= 1.0 {
        format!("{p:.1}")
    } else {
        format!("{p:.2}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{text}%")
}

/// An integer with thousands separators: 12000 → "12,000".
pub(crate) fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    // The first group takes the 1 to 3 digits left over; the rest go by three.
    let mut at = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        r => r,
    };
    out.push_str(&digits[..at]);
    while at < digits.len() {
        out.push(',');
        out.push_str(&digits[at..at + 3]);
        at += 3;
    }
    out
}

/// "1 open dispute", "2 open disputes".
pub(crate) fn counted(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_keep_the_decimals_small_rates_need() {
        assert_eq!(percent(0.0005), "0.05%");
        assert_eq!(percent(0.001), "0.1%");
        assert_eq!(percent(0.02), "2%");
        assert_eq!(percent(0.042), "4.2%");
        assert_eq!(percent(0.5), "50%");
        assert_eq!(percent(0.0), "0%");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(12_000), "12,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-4_500), "-4,500");
    }

    #[test]
    fn counts_take_the_plural_they_need() {
        assert_eq!(counted(1, "day", "days"), "1 day");
        assert_eq!(counted(0, "day", "days"), "0 days");
        assert_eq!(counted(3, "day", "days"), "3 days");
    }
}
