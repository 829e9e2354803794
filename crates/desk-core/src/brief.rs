//! The call-prep brief as a file a CSM can read on a phone or attach to a calendar invite: one
//! page of what matters before a call (plan, health and why, signals, usage, billing,
//! escalations, onboarding, goals, last touchpoints), as Markdown or as a one-page PDF.
//! Written from the same account 360 the screen shows, so both always agree.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use desk_store::cs::account::RecordSync;
use desk_store::cs::Account360;
use serde::Deserialize;

use crate::{Desk, DeskError};

/// The file the brief is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum BriefFormat {
    /// Markdown text.
    Markdown,
    /// A one-page A4 PDF.
    Pdf,
}

/// One line of the brief.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Title(String),
    Heading(String),
    Text(String),
    Bullet(String),
}

/// An amount in minor units with its currency and thousands grouped, e.g. `USD 12,345.67`
/// (the decimals are the currency's: `desk_domain::money::format_minor`).
pub fn money(minor: i64, currency: Option<&str>) -> String {
    let code = currency.unwrap_or("");
    let plain = desk_domain::money::format_minor(minor, code);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (units, decimals) = match digits.split_once('.') {
        Some((u, d)) => (u, Some(d)),
        None => (digits, None),
    };
    let mut grouped = String::new();
    for (i, ch) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let amount = match decimals {
        Some(d) => format!("{sign}{grouped}.{d}"),
        None => format!("{sign}{grouped}"),
    };
    format!("{code} {amount}").trim().to_string()
}

fn day(text: &str) -> &str {
    text.get(..10).unwrap_or(text)
}

fn lines(a: &Account360, today: NaiveDate) -> Vec<Line> {
    let acc = &a.account;
    let mut out = vec![Line::Title(format!("{} — call-prep brief", acc.name))];
    let mut facts = vec![acc.domain.clone()];
    if let Some(p) = acc.plan_name.as_ref().or(acc.plan_code.as_ref()) {
        facts.push(format!("plan {p}"));
    }
    if let Some(s) = acc.seats {
        facts.push(format!("{s} seats"));
    }
    facts.push(format!(
        "ARR {}",
        money(acc.arr_minor, acc.currency.as_deref())
    ));
    if let Some(r) = &acc.renewal_date {
        facts.push(format!("renews {r}"));
    }
    if let Some(o) = &acc.owner_name {
        facts.push(format!("owner {o}"));
    }
    if let Some(s) = &acc.status {
        facts.push(s.replace('_', " "));
    }
    out.push(Line::Text(facts.join(" · ")));
    out.push(Line::Text(format!(
        "Prepared {today} from the local copy (data as of {}).",
        a.trend.last().map_or("—", |p| p.day.as_str())
    )));

    out.push(Line::Heading(format!(
        "Health {}/100 ({}), {:+} over four weeks",
        a.health.score,
        a.health.band.as_str(),
        acc.health_delta
    )));
    let mut factors = a.health.factors.clone();
    factors.sort_by(|x, y| y.lost.total_cmp(&x.lost));
    for f in &factors {
        out.push(Line::Bullet(format!(
            "{}: {:.0} of {} points. {}",
            f.factor.label(),
            f.contribution,
            f.weight,
            f.detail
        )));
    }
    if !a.signals.is_empty() {
        out.push(Line::Heading("Signals".into()));
        for s in &a.signals {
            let kind = match s.kind {
                desk_domain::signals::SignalKind::Churn => "Churn risk",
                desk_domain::signals::SignalKind::Expansion => "Expansion",
            };
            out.push(Line::Bullet(format!("{kind}: {}", s.reason)));
        }
    }
    if !a.usage_monthly.is_empty() {
        out.push(Line::Heading("Usage, last three months".into()));
        for m in a.usage_monthly.iter().rev().take(3) {
            let rate = |n: i64| {
                if m.emails_sent > 0 {
                    format!("{:.1}%", n as f64 * 100.0 / m.emails_sent as f64)
                } else {
                    "—".into()
                }
            };
            out.push(Line::Bullet(format!(
                "{}: {} e-mails sent, replies {}, bounces {}, up to {} mailboxes, {} logins",
                m.period,
                m.emails_sent,
                rate(m.replies),
                rate(m.bounces),
                m.active_mailboxes,
                m.logins
            )));
        }
    }
    out.push(Line::Heading("Billing".into()));
    let open: Vec<_> = a.invoices.iter().filter(|i| i.status == "open").collect();
    if open.is_empty() {
        out.push(Line::Bullet("No open invoices.".into()));
    }
    for i in open {
        out.push(Line::Bullet(format!(
            "{} {} due {}{}{}",
            i.number,
            money(i.amount_due_minor - i.amount_paid_minor, Some(&i.currency)),
            i.due_at.as_deref().map_or("—", day),
            if i.overdue { " — OVERDUE" } else { "" },
            i.failure_reason
                .as_deref()
                .map(|r| format!(" — last payment failed: {r}"))
                .unwrap_or_default()
        )));
    }
    out.push(Line::Heading("Open escalations".into()));
    if a.escalations.is_empty() {
        out.push(Line::Bullet("None.".into()));
    }
    for e in &a.escalations {
        out.push(Line::Bullet(format!(
            "[{}] {} — {} since {}",
            e.severity,
            e.title,
            e.state.replace('_', " "),
            day(&e.opened_at)
        )));
    }
    if !a.milestones.is_empty() {
        out.push(Line::Heading("Onboarding".into()));
        for m in &a.milestones {
            let state = match (&m.completed_at, m.overdue) {
                (Some(c), _) => format!("done {}", day(c)),
                (None, true) => format!("OVERDUE since {}", m.due_on.as_deref().unwrap_or("—")),
                (None, false) => format!("due {}", m.due_on.as_deref().unwrap_or("—")),
            };
            let pending = if m.sync == RecordSync::Pending {
                " (not yet synced)"
            } else {
                ""
            };
            out.push(Line::Bullet(format!("{} — {state}{pending}", m.title)));
        }
    }
    if !a.success_plans.is_empty() {
        out.push(Line::Heading("Success plan".into()));
        for p in &a.success_plans {
            out.push(Line::Bullet(format!(
                "{} ({}): {}",
                p.title, p.status, p.objective
            )));
            for g in &p.goals {
                out.push(Line::Bullet(format!(
                    "  Goal: {} — {}{}",
                    g.description,
                    g.status,
                    if g.overdue { ", overdue" } else { "" }
                )));
            }
        }
    }
    out.push(Line::Heading("Last touchpoints".into()));
    if a.touchpoints.is_empty() {
        out.push(Line::Bullet("No touchpoint recorded.".into()));
    }
    for t in a.touchpoints.iter().take(5) {
        let mut s = format!("{} {}: {}", day(&t.happened_at), t.kind, t.summary);
        if !t.outcome.is_empty() {
            let _ = write!(s, " — {}", t.outcome);
        }
        if let Some(n) = &t.next_step {
            let _ = write!(s, " — next: {n}");
        }
        out.push(Line::Bullet(s));
    }
    out
}

/// The brief as Markdown.
pub fn markdown(a: &Account360, today: NaiveDate) -> String {
    let mut s = String::new();
    for line in lines(a, today) {
        let _ = match line {
            Line::Title(t) => writeln!(s, "# {t}\n"),
            Line::Heading(t) => writeln!(s, "\n## {t}\n"),
            Line::Text(t) => writeln!(s, "{t}\n"),
            Line::Bullet(t) => writeln!(s, "- {t}"),
        };
    }
    s
}

/// Replaces what the PDF's built-in fonts cannot draw (they cover Latin-1).
fn latin1(text: &str) -> String {
    text.replace('→', "->")
        .chars()
        .map(|c| match c {
            '—' | '–' => '-',
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            c if (c as u32) < 256 => c,
            _ => '?',
        })
        .collect()
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// The brief as a one-page A4 PDF (what does not fit ends with a note to open the desk).
pub fn pdf(a: &Account360, today: NaiveDate) -> Result<Vec<u8>, DeskError> {
    use printpdf::{BuiltinFont, Mm, PdfDocument};
    let fail = |e: printpdf::Error| DeskError::Internal(format!("writing the PDF: {e}"));
    let (doc, page, layer) = PdfDocument::new(
        format!("{} — call-prep brief", a.account.name),
        Mm(210.0),
        Mm(297.0),
        "brief",
    );
    let regular = doc.add_builtin_font(BuiltinFont::Helvetica).map_err(fail)?;
    let bold = doc
        .add_builtin_font(BuiltinFont::HelveticaBold)
        .map_err(fail)?;
    let layer = doc.get_page(page).get_layer(layer);
    let mut y = 282.0_f32;
    let bottom = 14.0_f32;
    let mut cut = false;
    for line in lines(a, today) {
        let (font, size, indent, gap, text) = match line {
            Line::Title(t) => (&bold, 15.0, 0.0, 3.0, t),
            Line::Heading(t) => (&bold, 10.5, 0.0, 2.5, t),
            Line::Text(t) => (&regular, 9.0, 0.0, 0.5, t),
            Line::Bullet(t) => (&regular, 8.5, 3.0, 0.0, format!("-  {t}")),
        };
        let step = size * 0.42;
        let width = ((180.0 - indent) / (size * 0.19)) as usize;
        y -= gap;
        for part in wrap(&latin1(&text), width) {
            if y - step < bottom {
                cut = true;
                break;
            }
            y -= step;
            layer.use_text(part, size, Mm(15.0 + indent), Mm(y), font);
        }
        if cut {
            break;
        }
    }
    if cut {
        layer.use_text(
            "… more in Penguin Desk (Customers → this account).",
            8.0,
            Mm(15.0),
            Mm(8.0),
            &regular,
        );
    }
    doc.save_to_bytes().map_err(fail)
}

/// A file name for the brief of `name`: letters, digits and dashes.
fn file_name(name: &str, today: NaiveDate, format: BriefFormat) -> String {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let ext = match format {
        BriefFormat::Markdown => "md",
        BriefFormat::Pdf => "pdf",
    };
    format!("{slug}-brief-{today}.{ext}")
}

impl Desk {
    /// Writes the call-prep brief of one account into `dir`; returns the file written.
    pub async fn cs_export_brief(
        &self,
        tenant_id: &str,
        format: BriefFormat,
        dir: &Path,
    ) -> Result<PathBuf, DeskError> {
        let account = self.cs_account(tenant_id).await?;
        let today = chrono::Utc::now().date_naive();
        let bytes = match format {
            BriefFormat::Markdown => markdown(&account, today).into_bytes(),
            BriefFormat::Pdf => pdf(&account, today)?,
        };
        let path = dir.join(file_name(&account.account.name, today, format));
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| DeskError::Internal(format!("{}: {e}", dir.display())))?;
        tokio::fs::write(&path, bytes)
            .await
            .map_err(|e| DeskError::Internal(format!("{}: {e}", path.display())))?;
        tracing::info!(path = %path.display(), "brief exported");
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_keeps_minor_units() {
        assert_eq!(money(123_456_789, Some("USD")), "USD 1,234,567.89");
        assert_eq!(money(-505, Some("EUR")), "EUR -5.05");
        assert_eq!(money(1500, Some("JPY")), "JPY 1,500");
    }

    #[test]
    fn long_text_wraps_at_word_boundaries() {
        let w = wrap("one two three four five six", 9);
        assert_eq!(w, ["one two", "three", "four five", "six"]);
    }

    #[test]
    fn file_names_are_safe() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        assert_eq!(
            file_name("Acme & Sons / EU", d, BriefFormat::Pdf),
            "acme-sons-eu-brief-2026-11-25.pdf"
        );
    }
}
