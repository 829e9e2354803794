//! The knowledge base from the synced copy: offline search over titles, tags and the Markdown
//! text (every word must appear; title hits rank first), and one article with the escalation it
//! was written from and the escalations that link to it.

use serde::Serialize;
use sqlx::{Row, SqlitePool};

use crate::mirrors::has_mirror;
use crate::StoreError;

/// The most articles one search returns.
pub const SEARCH_LIMIT: usize = 200;

/// An article in a list of results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArticleHit {
    /// Id.
    pub id: String,
    /// Its slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Published to the team.
    pub published: bool,
    /// The text around the first hit (or the start), one line.
    pub snippet: String,
    /// Last edited.
    pub updated_at: String,
    /// The escalation it was written from.
    pub escalation_id: Option<String>,
}

/// One article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    /// The article as listed.
    pub hit: ArticleHit,
    /// Its Markdown.
    pub body_md: String,
    /// Who wrote it (login).
    pub author: String,
    /// Its version.
    pub version: i64,
    /// The escalation it was written from: (id, title).
    pub written_from: Option<(String, String)>,
    /// Escalations that link to it: (id, title, state).
    pub linked_from: Vec<(String, String, String)>,
}

fn snippet(body: &str, words: &[String]) -> String {
    let flat: String = body
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !"#*`>_".contains(*c))
        .collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = flat.to_ascii_lowercase();
    let at = words
        .iter()
        .filter_map(|w| lower.find(w.as_str()))
        .min()
        .unwrap_or(0);
    let start = flat[..at]
        .char_indices()
        .rev()
        .nth(40)
        .map_or(0, |(i, _)| i);
    let text: String = flat[start..].chars().take(160).collect();
    if start > 0 {
        format!("…{text}")
    } else {
        text
    }
}

fn hit(r: &sqlx::sqlite::SqliteRow, words: &[String]) -> Result<ArticleHit, StoreError> {
    let tags: Option<String> = r.try_get("tags")?;
    let body: String = r.try_get("body_md")?;
    Ok(ArticleHit {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        title: r.try_get("title")?,
        tags: tags
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default(),
        published: r.try_get::<Option<bool>, _>("published")?.unwrap_or(false),
        snippet: snippet(&body, words),
        updated_at: r.try_get("updated_at")?,
        escalation_id: r.try_get("escalation_id")?,
    })
}

/// Articles matching every word of `query` (all of them, newest first, when it is empty).
pub async fn search(pool: &SqlitePool, query: &str) -> Result<Vec<ArticleHit>, StoreError> {
    if !has_mirror(pool, "kb_articles").await? {
        return Ok(Vec::new());
    }
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let rows = sqlx::query(
        "SELECT id, slug, title, tags, published, body_md, updated_at, escalation_id
           FROM mirror_kb_articles ORDER BY updated_at DESC",
    )
    .fetch_all(pool)
    .await?;
    let mut scored = Vec::new();
    for r in &rows {
        let title: String = r.try_get::<String, _>("title")?.to_lowercase();
        let tags: String = r
            .try_get::<Option<String>, _>("tags")?
            .unwrap_or_default()
            .to_lowercase();
        let body: String = r.try_get::<String, _>("body_md")?.to_lowercase();
        let mut score = 0;
        let mut all = true;
        for w in &words {
            let s = 3 * i32::from(title.contains(w.as_str()))
                + 2 * i32::from(tags.contains(w.as_str()))
                + i32::from(body.contains(w.as_str()));
            if s == 0 {
                all = false;
                break;
            }
            score += s;
        }
        if all {
            scored.push((score, hit(r, &words)?));
        }
    }
    // Stable: equal scores keep newest first.
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    Ok(scored
        .into_iter()
        .map(|(_, h)| h)
        .take(SEARCH_LIMIT)
        .collect())
}

/// Whether the synced copy has an article with `slug`.
pub async fn slug_taken(pool: &SqlitePool, slug: &str) -> Result<bool, StoreError> {
    if !has_mirror(pool, "kb_articles").await? {
        return Ok(false);
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM mirror_kb_articles WHERE slug = ?")
        .bind(slug)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// The article `id_or_slug`, or none.
pub async fn article(pool: &SqlitePool, id_or_slug: &str) -> Result<Option<Article>, StoreError> {
    if !has_mirror(pool, "kb_articles").await? {
        return Ok(None);
    }
    let Some(r) = sqlx::query(
        "SELECT id, slug, title, tags, published, body_md, updated_at, escalation_id, author, version
           FROM mirror_kb_articles WHERE id = ?1 OR slug = ?1",
    )
    .bind(id_or_slug)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let hit = hit(&r, &[])?;
    let mut written_from = None;
    let mut linked_from = Vec::new();
    if has_mirror(pool, "escalations").await? {
        if let Some(e) = &hit.escalation_id {
            written_from = sqlx::query_as("SELECT id, title FROM mirror_escalations WHERE id = ?")
                .bind(e)
                .fetch_optional(pool)
                .await?;
        }
        linked_from = sqlx::query_as(
            "SELECT id, title, state FROM mirror_escalations WHERE kb_article_id = ? ORDER BY opened_at DESC",
        )
        .bind(&hit.id)
        .fetch_all(pool)
        .await?;
    }
    Ok(Some(Article {
        body_md: r.try_get("body_md")?,
        author: r.try_get("author")?,
        version: r.try_get("version")?,
        hit,
        written_from,
        linked_from,
    }))
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn a_snippet_shows_the_text_around_the_first_hit_without_markdown() {
        let body =
            "# Spam at Outlook\n\nThe new sending domain had no **DMARC** alignment, so Outlook \
                    filtered it. Publish a DMARC record and warm the domain.";
        let s = snippet(body, &["dmarc".to_string()]);
        assert!(s.contains("DMARC alignment"), "{s}");
        assert!(!s.contains('#') && !s.contains('*'), "{s}");
        assert!(snippet(body, &[]).starts_with("Spam at Outlook"));
    }
}
