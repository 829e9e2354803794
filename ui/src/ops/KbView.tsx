// The knowledge base, Operations' fourth tab: search every article by words (the local copy, so
// it works offline; no words lists the latest), the results with their tags and the text around
// the first hit, and the chosen article beside them. Esc goes back to the results.
import { BookOpen, Search } from "lucide-react";
import { useEffect } from "react";
import { Spinner } from "../components/Spinner";
import { RefreshBar, ReportEmpty, ReportError, ReportLoading } from "../finance/parts";
import { formatCount, formatDay } from "../lib/format";
import { isTypingTarget, overlayOpen, useNav } from "../lib/nav";
import { useDebounced } from "../lib/useDebounced";
import { KbArticle } from "./KbArticle";
import { useOpsState } from "./opsState";
import { useKbSearch } from "./queries";

export function KbView() {
  const { kbQuery, setKbQuery } = useOpsState();
  const nav = useNav();
  const words = useDebounced(kbQuery, 150).trim();
  const hits = useKbSearch(words);
  const open = nav.article;

  useEffect(() => {
    if (open === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || overlayOpen() || isTypingTarget(e.target)) return;
      e.preventDefault();
      nav.openArticle(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, nav]);

  const data = hits.data;
  return (
    <div className="finance-list ops-kb" data-testid="ops-kb">
      <div className="finance-toolbar filter-bar">
        <div className="search-box kb-search-box">
          <Search size={13} aria-hidden />
          <input
            className="input input-small"
            type="search"
            aria-label="Search the knowledge base"
            placeholder="Search articles: words in the title, tags or text…"
            data-testid="kb-search"
            value={kbQuery}
            autoFocus={open === null}
            autoComplete="off"
            onChange={(e) => setKbQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && kbQuery !== "") {
                e.preventDefault();
                e.stopPropagation();
                setKbQuery("");
              }
            }}
          />
        </div>
        <div className="book-summary muted" data-testid="kb-summary">
          {hits.isFetching && data !== undefined ? <Spinner size={12} /> : null}
          {data === undefined ? null : (
            <span className="num">
              {formatCount(data.length)} {data.length === 1 ? "article" : "articles"}
              {words === "" ? "" : ` match “${words}”`}
            </span>
          )}
        </div>
      </div>
      <RefreshBar active={hits.isPlaceholderData} />
      {hits.isError ? <ReportError title="The knowledge base could not be searched." error={hits.error} onRetry={() => void hits.refetch()} testId="kb-error" /> : null}
      <div className={`audit-split ops-split kb-split${open === null ? "" : " has-pane"}`}>
        <div className="finance-report-body kb-results">
          {data === undefined ? (
            hits.isPending ? <ReportLoading label="Searching…" testId="kb-loading" /> : null
          ) : data.length === 0 ? (
            <ReportEmpty
              icon={<BookOpen size={20} aria-hidden />}
              title={words === "" ? "No articles yet" : "No article matches"}
              body={words === "" ? "Articles written from resolved escalations appear here." : "Try fewer or other words."}
              testId="kb-empty"
            />
          ) : (
            <ul className="kb-hits" aria-label="Articles">
              {data.map((h) => (
                <li key={h.id}>
                  <button
                    type="button"
                    className={`kb-hit${open === h.id || open === h.slug ? " is-active" : ""}`}
                    data-testid={`kb-hit-${h.slug}`}
                    aria-current={open === h.id || open === h.slug ? true : undefined}
                    onClick={() => nav.openArticle(h.id)}
                  >
                    <span className="kb-hit-head">
                      <span className="strong kb-hit-title">{h.title}</span>
                      {h.published ? null : <span className="badge badge-warn">Draft</span>}
                      <span className="faint small num">{formatDay(h.updatedAt)}</span>
                    </span>
                    {h.tags.length > 0 ? (
                      <span className="badges">
                        {h.tags.map((t) => (
                          <span key={t} className="badge">
                            {t}
                          </span>
                        ))}
                      </span>
                    ) : null}
                    <span className="muted small kb-snippet">{h.snippet}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        {open === null ? null : <KbArticle key={open} idOrSlug={open} onBack={() => nav.openArticle(null)} />}
      </div>
    </div>
  );
}
