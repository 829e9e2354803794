// One knowledge-base article: its Markdown rendered safely (react-markdown, raw HTML skipped,
// links shown as text with their address, images as their description — the window loads
// nothing from the network), who wrote it and when, the escalation it was written from and the
// escalations that link to it, each opening in Escalations.
import { ArrowLeft, LifeBuoy, Link2 } from "lucide-react";
import Markdown, { type Components } from "react-markdown";
import { Kbd } from "../components/Kbd";
import { ReportError, ReportLoading } from "../finance/parts";
import { deskErrorOf } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import { useNav } from "../lib/nav";
import { labelOf, STATE_LABELS } from "./opsFormat";
import { StateChip } from "./opsParts";
import { useKbArticle } from "./queries";

/** No navigation out of the window and nothing fetched: links read as text, images as their alt. */
const COMPONENTS: Components = {
  a: ({ children, href }) => (
    <span className="kb-link" title={href}>
      {children}
    </span>
  ),
  img: ({ alt }) => <span className="faint">[image{alt ? `: ${alt}` : ""}]</span>,
};

export function KbArticle({ idOrSlug, onBack }: { idOrSlug: string; onBack: () => void }) {
  const article = useKbArticle(idOrSlug);
  const nav = useNav();
  const back = (
    <button type="button" className="button button-ghost button-small" data-testid="kb-back" onClick={onBack} title="Back to the results (Esc)">
      <ArrowLeft size={12} aria-hidden /> Results <Kbd>Esc</Kbd>
    </button>
  );
  if (article.data === undefined) {
    return (
      <article className="finance-pane ops-pane kb-article-pane" data-testid="kb-article" data-id={idOrSlug}>
        {back}
        {article.isError ? (
          <ReportError
            title={deskErrorOf(article.error)?.code === "notFound" ? "This article is not in the local copy (yet)." : "The article could not be read."}
            error={article.error}
            onRetry={() => void article.refetch()}
            testId="kb-article-error"
          />
        ) : (
          <ReportLoading label="Reading the article…" testId="kb-article-loading" />
        )}
      </article>
    );
  }
  const a = article.data;
  return (
    <article className="finance-pane ops-pane kb-article-pane" data-testid="kb-article" data-id={a.hit.id} data-slug={a.hit.slug}>
      <header className="pane-head">
        <div className="audit-pane-title">
          {back}
          {a.hit.published ? null : <span className="badge badge-warn">Draft</span>}
        </div>
        <p className="muted small">
          {a.author} · version {a.version} · updated {formatDateTime(a.hit.updatedAt)}
        </p>
        {a.hit.tags.length > 0 ? (
          <span className="badges">
            {a.hit.tags.map((t) => (
              <span key={t} className="badge">
                {t}
              </span>
            ))}
          </span>
        ) : null}
      </header>
      {a.writtenFrom === null ? null : (
        <p className="kb-origin" data-testid="kb-written-from">
          <LifeBuoy size={12} aria-hidden /> Written from escalation:{" "}
          <button type="button" className="link-button" onClick={() => nav.openEscalation(a.writtenFrom?.[0] ?? null)}>
            {a.writtenFrom[1]}
          </button>
        </p>
      )}
      <div className="kb-body" data-testid="kb-article-body">
        <Markdown skipHtml components={COMPONENTS}>
          {a.bodyMd}
        </Markdown>
      </div>
      <section className="pane-section" aria-label="Linked from" data-testid="kb-linked-from">
        <h4 className="section-label">Linked from</h4>
        {a.linkedFrom.length === 0 ? (
          <p className="field-hint">No escalation links to it yet.</p>
        ) : (
          <ul className="rows">
            {a.linkedFrom.map(([id, title, state]) => (
              <li key={id} className="row-item kb-linked">
                <Link2 size={12} aria-hidden className="faint" />
                <button type="button" className="link-button" data-testid="kb-linked-escalation" data-id={id} title={labelOf(STATE_LABELS, state)} onClick={() => nav.openEscalation(id)}>
                  {title}
                </button>
                <StateChip state={state} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
