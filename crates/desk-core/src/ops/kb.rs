//! The knowledge base for ops and CS: offline search and one article with its links to the
//! escalations it came from and those that point at it.

use desk_store::ops::kb::{self as store, Article, ArticleHit};

use crate::{Desk, DeskError};

impl Desk {
    /// Articles matching every word of `query` (works offline).
    pub async fn kb_search(&self, query: &str) -> Result<Vec<ArticleHit>, DeskError> {
        self.signed_in_login("to search the knowledge base").await?;
        Ok(store::search(self.store()?.pool(), query).await?)
    }

    /// One article by id or slug.
    pub async fn kb_article(&self, id_or_slug: &str) -> Result<Article, DeskError> {
        self.signed_in_login("to read the knowledge base").await?;
        store::article(self.store()?.pool(), id_or_slug)
            .await?
            .ok_or_else(|| {
                DeskError::NotFound(format!("No article {id_or_slug} in the local copy."))
            })
    }
}
